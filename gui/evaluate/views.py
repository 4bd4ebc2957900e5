"""The Evaluate tab's pieces that only show things: item models over a run's results,
a bar chart, and the character diff of an output against its reference."""

from __future__ import annotations

import difflib
import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.evals import metrics as M
from core.evals import report as R
from core.evals.store import Result, Run

from ..i18n import tr

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a number to sort by (metrics), or the text
_Index = QModelIndex | QPersistentModelIndex


def diff_html(output: str, reference: str) -> str:
    """The output with what CER counts marked: struck out in red what should not be
    there, in green what is missing (both the same characters the edit distance counts,
    give or take how equal-cost edits are lined up)."""
    matcher = difflib.SequenceMatcher(None, output, reference, autojunk=False)
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape(output[a1:a2]))
            continue
        if a2 > a1:
            out.append(f"<span style='background:#fbd5d5;color:#9b1c1c;text-decoration:line-through'>"
                       f"{html.escape(output[a1:a2])}</span>")
        if b2 > b1:
            out.append(f"<span style='background:#d5f5dd;color:#14532d;text-decoration:underline'>"
                       f"{html.escape(reference[b1:b2])}</span>")
    return "".join(out).replace("\n", "⏎<br>")


class SummaryModel(QAbstractTableModel):
    """One row per candidate: each metric, latency, tokens, cost, break-even."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.head: list[str] = []
        self.cells: list[list[str]] = []
        self.rows: list[R.Row] = []
        self.run: Run | None = None

    def set_summary(self, run: Run | None, rows: list[R.Row]) -> None:
        self.beginResetModel()
        self.run, self.rows = run, rows
        self.head = R.columns(run, rows) if run else []
        self.cells = R.table(run, rows) if run else []
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.head)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and section < len(self.head):
            return self.head[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self.cells[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        return None


class ExamplesModel(QAbstractTableModel):
    """One row per test example: its input and reference, then each candidate's score
    on ``metric`` (sortable, so the worst examples come first)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.run: Run | None = None
        self.results: dict[tuple[int, int], Result] = {}
        self.metric = "cer"

    def set_run(self, run: Run | None, results: dict[tuple[int, int], Result], metric: str) -> None:
        self.beginResetModel()
        self.run, self.results, self.metric = run, results, metric
        self.endResetModel()

    def set_metric(self, metric: str) -> None:
        self.metric = metric
        if self.run is not None and self.run.candidates:
            self.dataChanged.emit(self.index(0, 3), self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 3, self.columnCount() - 1)

    def item_changed(self, item: int) -> None:
        self.dataChanged.emit(self.index(item, 0), self.index(item, self.columnCount() - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.run is None else len(self.run.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.run is None else 3 + len(self.run.candidates)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal or self.run is None:
            return None
        if section < 3:
            return ("#", tr("Input"), tr("Reference"))[section]
        label = M.METRICS[self.metric].label if self.metric in M.METRICS else self.metric
        return f"{self.run.candidates[section - 3].name}: {tr(label)}"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.run is None:
            return None
        item = self.run.items[index.row()]
        col = index.column()
        if col == 0:
            return item.index + 1 if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE) else None
        if col in (1, 2):
            text = item.input_text if col == 1 else item.reference
            if role == Qt.ItemDataRole.DisplayRole:
                return " ".join(text.split())[:200]
            if role == Qt.ItemDataRole.ToolTipRole:
                return text[:2000]
            return text if role == SORT_ROLE else None
        r = self.results.get((col - 3, index.row()))
        value = None if r is None or not r.ok else (r.thumbs if self.metric == "thumbs" else
                                                    r.judge if self.metric == "judge" else r.scores.get(self.metric))
        if role == Qt.ItemDataRole.DisplayRole:
            if r is None:
                return "…"
            if not r.ok:
                return "failed"
            thumb = {1: " ✓", -1: " ✗"}.get(r.thumbs or 0, "")
            return R.fmt(self.metric, value) + thumb
        if role == SORT_ROLE:
            return float("nan") if value is None else float(value)
        if role == Qt.ItemDataRole.ToolTipRole and r is not None:
            return r.error or r.output[:2000]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BarChart(QWidget):
    """Horizontal bars, one per candidate (or checkpoint), for one metric."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, float | None, str]] = []  # label, value, shown text
        self.marked: int | None = None
        self.percent = False
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("Metric chart"))

    def sizeHint(self) -> QSize:
        return QSize(480, 60 + 28 * max(1, len(self.bars)))

    def set_bars(self, title: str, bars: list[tuple[str, float | None, str]], percent: bool,
                 marked: int | None = None) -> None:
        self.title, self.bars, self.percent, self.marked = title, bars, percent, marked
        self.setAccessibleDescription(f"{title}: " + ", ".join(f"{label} {shown}" for label, _, shown in bars))
        self.updateGeometry()
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(8, 4, self.width() - 16, fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        if not self.bars:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Results appear here as the run goes."))
            return
        known = [v for _, v, _ in self.bars if v is not None]
        top = max(known, default=0.0) or 1.0  # bars from zero, the largest value full width
        label_w = min(max(fm.horizontalAdvance(label) for label, _, _ in self.bars) + 16, self.width() // 3)
        text_w = max(fm.horizontalAdvance(shown) for _, _, shown in self.bars) + 12
        area = max(10, self.width() - label_w - text_w - 16)
        row_h = min(28, max(16, (self.height() - fm.height() - 16) // len(self.bars)))
        for i, (label, value, shown) in enumerate(self.bars):
            y = fm.height() + 12 + i * row_h
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(QRectF(8, y, label_w - 12, row_h - 4), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w - 12))
            w = 0 if value is None else area * value / top
            colour = QColor("#e07b00") if i == self.marked else QColor("#2f6fde")
            p.fillRect(QRectF(label_w, y + 3, w, row_h - 10), colour)
            p.drawText(QRectF(label_w + w + 6, y, text_w, row_h - 4),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
