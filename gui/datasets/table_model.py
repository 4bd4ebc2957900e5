"""The examples table: a QAbstractTableModel over a core Document, one row per example.

Cells are computed on demand from the example (nothing is copied into Qt), so a
100,000-row dataset costs no more than its rows on screen.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRegularExpression, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from core.datasets.document import Document
from core.datasets.model import Kind, Severity, content_text

from ..i18n import QT_TR_NOOP, shown, tr

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1
FIELD_ROLE = int(Qt.ItemDataRole.UserRole.value) + 2
# What the filter matches: "E", "W" or "-" (the row's worst problem), a separator, then
# the example's JSON. The proxy matches it in C++, so an empty filter costs no Python.
FILTER_ROLE = int(Qt.ItemDataRole.UserRole.value) + 3
FILTER_SEP = "\x1f"

COLUMNS: dict[Kind, list[tuple[str, str]]] = {
    # (header, field)
    Kind.CHAT: [("", "status"), (QT_TR_NOOP("System"), "system"), (QT_TR_NOOP("User"), "user"),
                (QT_TR_NOOP("Assistant"), "assistant"), (QT_TR_NOOP("Turns"), "turns"), (QT_TR_NOOP("Tokens"), "tokens")],
    Kind.COMPLETION: [("", "status"), (QT_TR_NOOP("Prompt"), "prompt"), (QT_TR_NOOP("Completion"), "completion"),
                      (QT_TR_NOOP("Tokens"), "tokens")],
    Kind.PREFERENCE: [("", "status"), (QT_TR_NOOP("Input"), "input"), (QT_TR_NOOP("Preferred"), "preferred"),
                      (QT_TR_NOOP("Non-preferred"), "non_preferred"), (QT_TR_NOOP("Tokens"), "tokens")],
}
EDITABLE = {"system", "user", "assistant", "prompt", "completion"}
PREVIEW = 160  # characters shown in a cell; the editor shows everything
TEXT_FIELDS = EDITABLE | {"input", "preferred", "non_preferred"}

DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
EDIT = int(Qt.ItemDataRole.EditRole.value)
DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
RAW_COLOR = QColor("#b3261e")
ROLES = frozenset({DISPLAY, EDIT, DECORATION, TOOLTIP, ACCESSIBLE, ALIGNMENT, FOREGROUND,
                   SORT_ROLE, FIELD_ROLE, FILTER_ROLE})


def _content(m: Any) -> str:
    if not isinstance(m, dict):
        return ""
    if m.get("content") is None and isinstance(m.get("tool_calls"), list):
        return "🛠 " + ", ".join(str(t.get("function", {}).get("name", "?")) for t in m["tool_calls"] if isinstance(t, dict))
    return content_text(m.get("content"))


def messages_of(data: Any) -> list[dict]:
    m = data.get("messages") if isinstance(data, dict) else None
    return m if isinstance(m, list) else []


def field_text(data: Any, field: str) -> str:
    if not isinstance(data, dict):
        return ""
    if field in ("prompt", "completion"):
        value = data.get(field, "")
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if field in ("system", "user"):
        return next((_content(m) for m in messages_of(data) if isinstance(m, dict) and m.get("role") == field), "")
    if field == "assistant":
        return next((_content(m) for m in reversed(messages_of(data)) if isinstance(m, dict) and m.get("role") == "assistant"), "")
    if field == "input":
        inp = data.get("input")
        msgs = inp.get("messages") if isinstance(inp, dict) else None
        return next((_content(m) for m in reversed(msgs or []) if isinstance(m, dict) and m.get("role") == "user"), "")
    if field in ("preferred", "non_preferred"):
        out = data.get(f"{field}_output")
        return _content(out[0]) if isinstance(out, list) and out else ""
    return ""


def with_field(data: dict | None, kind: Kind, field: str, text: str) -> dict:
    """A copy of ``data`` with ``field`` set to ``text`` (adding the message if absent)."""
    data = json.loads(json.dumps(data)) if isinstance(data, dict) else {}
    if field in ("prompt", "completion"):
        data.setdefault("prompt", "")
        data.setdefault("completion", "")
        data[field] = text
        return data
    msgs = data.setdefault("messages", [])
    targets = [i for i, m in enumerate(msgs) if isinstance(m, dict) and m.get("role") == field]
    if field == "assistant" and targets:
        i = targets[-1]
    elif targets:
        i = targets[0]
    else:
        if field == "system" and not text:
            return data
        msg = {"role": field, "content": text}
        if field == "system":
            msgs.insert(0, msg)
        elif field == "user":
            first_assistant = next((i for i, m in enumerate(msgs) if isinstance(m, dict) and m.get("role") == "assistant"), len(msgs))
            msgs.insert(first_assistant, msg)
        else:
            msgs.append(msg)
        return data
    if field == "system" and not text:
        msgs.pop(i)
    else:
        msgs[i] = {**msgs[i], "content": text}
    return data


class ExamplesModel(QAbstractTableModel):
    edit_requested = Signal(int, object)  # row, new data: the tab turns it into an undoable command

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.columns = COLUMNS[document.kind]
        self._cache: dict[int, dict[str, str]] = {}
        for signal in (self.rowsInserted, self.rowsRemoved, self.modelReset, self.rowsMoved):
            signal.connect(self._cache.clear)
        style = QApplication.style()
        self._icons = {
            Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }

    # -- shape -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.doc)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr(self.columns[section][0]) if 0 <= section < len(self.columns) and self.columns[section][0] else None
        return str(section + 1)

    def field(self, column: int) -> str:
        return self.columns[column][1]

    def column_of(self, field: str) -> int:
        return next((i for i, (_, f) in enumerate(self.columns) if f == field), -1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.field(index.column()) in EDITABLE:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    # -- cells -------------------------------------------------------------------------
    # Qt asks for about ten roles per visible cell on every repaint. Roles are compared as
    # plain ints (PySide's enum comparisons cost more than the rest of the call), and each
    # row's texts are worked out once and kept until the row changes.
    def _texts(self, row: int) -> dict[str, str]:
        texts = self._cache.get(row)
        if texts is None:
            if len(self._cache) > 4000:
                self._cache.clear()
            data = self.doc.examples[row].data
            texts = {f: field_text(data, f) for _, f in self.columns if f in TEXT_FIELDS}
            texts["turns"] = str(sum(1 for m in messages_of(data) if isinstance(m, dict) and m.get("role") == "assistant"))
            self._cache[row] = texts
        return texts

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self.doc):
            return None
        field = self.columns[index.column()][1]
        if role == FIELD_ROLE:
            return field
        if role == FILTER_ROLE:
            ex = self.doc.examples[row]
            sev = {Severity.ERROR: "E", Severity.WARNING: "W"}.get(self.doc.severity(row), "-")
            text = ex.raw if ex.is_raw else (ex.blob or b"").decode("utf-8", "replace")
            return f"{sev}{FILTER_SEP}{text or ''}"
        if field == "status":
            if role not in (DECORATION, TOOLTIP, ACCESSIBLE, SORT_ROLE):
                return None
            sev = self.doc.severity(row)
            if role == DECORATION:
                return self._icons.get(sev) if sev else None
            if role == TOOLTIP:
                diags = self.doc.diagnostics_for(row)
                return "\n".join(f"{tr(str(d.severity))}: {d.field + ': ' if d.field else ''}{shown(d.message)}"
                                 for d in diags) or tr("No problems")
            if role == ACCESSIBLE:
                return {Severity.ERROR: tr("error"), Severity.WARNING: tr("warning")}.get(sev, tr("ok"))
            return {Severity.ERROR: 0, Severity.WARNING: 1}.get(sev, 2)
        if field == "tokens":
            if role in (DISPLAY, SORT_ROLE):
                n = self.doc.counts[row][0]
                return f"{n:,}" if role == DISPLAY else n
            if role == ALIGNMENT:
                return RIGHT
            return None
        ex = self.doc.examples[row]
        if ex.is_raw:
            first_text = next(f for _, f in self.columns if f not in ("status",))
            if field != first_text:
                return None
            if role in (DISPLAY, EDIT, SORT_ROLE):
                return (ex.raw or "")[:PREVIEW] if role == DISPLAY else ex.raw or ""
            if role == FOREGROUND:
                return RAW_COLOR
            return None
        if role not in (DISPLAY, EDIT, SORT_ROLE, TOOLTIP, FOREGROUND):
            return None
        texts = self._texts(row)
        if field == "turns":
            n = int(texts["turns"])
            if role in (DISPLAY, SORT_ROLE):
                return (tr("%n turn(s)", None, n) if n > 1 else "") if role == DISPLAY else n
            if role == TOOLTIP and n > 1:
                return tr("A multi-turn conversation: open it in the editor to see every message")
            return None
        text = texts.get(field, "")
        if role == DISPLAY:
            flat = " ".join(text[: PREVIEW * 2].split())
            return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"
        if role in (EDIT, SORT_ROLE):
            return text
        if role == TOOLTIP and len(text) > 80:
            return text[:2000]
        if role == FOREGROUND and not text:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = self.field(index.column())
        if field not in EDITABLE:
            return False
        row = index.row()
        ex = self.doc.examples[row]
        if ex.is_raw:
            return False  # raw rows are fixed in the editor panel
        text = str(value)
        if text == field_text(ex.data, field):
            return False
        self.edit_requested.emit(row, with_field(ex.data, self.doc.kind, field, text))
        return True

    # -- updates from the tab ----------------------------------------------------------
    def row_changed(self, row: int) -> None:
        self._cache.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def column_changed(self, field: str, first: int, last: int) -> None:
        col = self.column_of(field)
        if col >= 0 and last >= first:
            self.dataChanged.emit(self.index(first, col), self.index(last, col))

    def all_changed(self) -> None:
        self._cache.clear()
        if len(self.doc):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.doc) - 1, self.columnCount() - 1))


class ExamplesFilter(QSortFilterProxyModel):
    """Filter by text and by problem. It never calls Python per row: the regular
    expression runs in C++ over FILTER_ROLE, and with no filter set Qt skips it, so rows
    streaming in while a file loads cost nothing here."""

    ALL, ERRORS, WARNINGS = range(3)

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(0)
        self.setDynamicSortFilter(False)  # re-sorting 100,000 rows after every edit is not worth it

    def set_filter(self, text: str, mode: int) -> None:
        if not text and mode == self.ALL:
            pattern = ""
        else:
            head = {self.ALL: ".", self.ERRORS: "E", self.WARNINGS: "W"}[mode]
            pattern = f"^{head}{FILTER_SEP}.*{QRegularExpression.escape(text)}"
        regex = QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption
                                   | QRegularExpression.PatternOption.DotMatchesEverythingOption)
        self.setFilterRegularExpression(regex)
