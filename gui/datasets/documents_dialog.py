"""File ▸ Import Documents…: a folder of .txt/.md documents (or input/output pairs) cut
into examples, with a preview of every part and its tokens before anything is added."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.datasets.documents import Part, find_sources, split_documents, to_examples
from core.datasets.model import Example

from .. import tasks
from ..i18n import QT_TR_NOOP, shown_error, tr

COLUMNS = (QT_TR_NOOP("File"), QT_TR_NOOP("Part"), QT_TR_NOOP("Tokens"), QT_TR_NOOP("Input begins"),
           QT_TR_NOOP("Output begins"))
_Index = QModelIndex | QPersistentModelIndex


def _start(text: str | None, n: int = 60) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


class PartsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: list[Part] = []
        self.budget: int | None = None

    def set_parts(self, parts: list[Part], budget: int | None) -> None:
        self.beginResetModel()
        self.parts, self.budget = parts, budget
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.parts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p, col = self.parts[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (p.source, tr("{part} of {parts}").format(part=p.part, parts=p.parts), f"{p.tokens:,}",
                    _start(p.input), _start(p.output) if p.output is not None else "—")[col]
        if role == Qt.ItemDataRole.ToolTipRole and col in (3, 4):
            return (p.input if col == 3 else p.output or "")[:2000]
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and self.budget and p.tokens > self.budget:
            return Qt.GlobalColor.red  # one paragraph is longer than the budget: it cannot be cut finer here
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DocumentsDialog(QDialog):
    def __init__(self, folder: str, model: str, tokenizer: Any, parent: QWidget | None = None) -> None:
        """``tokenizer``: makes the target model's tokenizer (it may load files: called off
        the UI thread, once)."""
        super().__init__(parent)
        self.model_name = model
        self._tokenizer: dict[str, Any] = {"make": tokenizer}  # made once, by the first worker that needs it
        self.setWindowTitle(tr("Import Documents"))
        self.resize(900, 600)
        self.folder = QLineEdit(folder)
        self.folder.setAccessibleName(tr("Folder of documents"))
        self.outputs = QLineEdit()
        self.outputs.setAccessibleName(tr("Folder of outputs"))
        self.outputs.setPlaceholderText(tr("optional: the file of the same name there is each document's output"))
        form = QFormLayout()
        for edit, label, title in ((self.folder, tr("&Documents:"), tr("Choose the folder of documents")),
                                   (self.outputs, tr("&Outputs:"), tr("Choose the folder of outputs"))):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            browse = QPushButton(tr("Browse…"))
            browse.clicked.connect(lambda _=False, e=edit, t=title: self._browse(e, t))
            row.addWidget(browse)
            caption = QLabel(label)
            caption.setBuddy(edit)
            form.addRow(caption, row)
        note = QLabel(tr("A .txt and a .md with the same name are a pair: the text is the input and the Markdown the "
                         "output, cut at matching places. A document without a partner becomes “part k of n” "
                         "examples."))
        note.setWordWrap(True)
        form.addRow(note)
        self.by_parts = QRadioButton(tr("Cut each into &parts:"))
        self.by_tokens = QRadioButton(tr("Or into as few parts as keep each under &tokens:"))
        group = QButtonGroup(self)
        group.addButton(self.by_parts)
        group.addButton(self.by_tokens)
        self.by_parts.setChecked(True)
        self.parts = QSpinBox()
        self.parts.setRange(1, 1000)
        self.parts.setValue(4)
        self.parts.setAccessibleName(tr("Number of parts"))
        self.tokens = QSpinBox()
        self.tokens.setRange(64, 1_000_000)
        self.tokens.setSingleStep(256)
        self.tokens.setValue(2048)
        self.tokens.setAccessibleName(tr("Token budget"))
        self.tokens.setSuffix(" " + tr("tokens ({model})").format(model=model))
        form.addRow(self.by_parts, self.parts)
        form.addRow(self.by_tokens, self.tokens)
        self.system = QLineEdit()
        self.system.setAccessibleName(tr("System prompt"))
        self.system.setPlaceholderText(tr("optional, e.g. Convert the plain text into Markdown."))
        form.addRow(tr("&System prompt:"), self.system)
        self.preview = PartsModel(self)
        self.table = QTableView()
        self.table.setModel(self.preview)
        self.table.setAccessibleName(tr("Preview of the parts"))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line a part: the tooltip has the whole text
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.state = QLabel()
        self.state.setAccessibleName(tr("Preview state"))
        self.state.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Reading the documents"))
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)
        self._generation = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.refresh)
        for signal in (self.folder.textChanged, self.outputs.textChanged, self.parts.valueChanged,
                       self.tokens.valueChanged, self.by_parts.toggled):
            signal.connect(self.timer.start)
        self._set_ok(0)
        self.refresh()

    def _browse(self, edit: QLineEdit, title: str) -> None:
        folder = QFileDialog.getExistingDirectory(self, title, edit.text() or str(Path.home()))
        if folder:
            edit.setText(folder)

    def _set_ok(self, n: int) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("&Add %n Example(s)", None, n))
        ok.setEnabled(n > 0)

    def refresh(self) -> None:
        """Cut the documents again, off the UI thread; the newest request wins."""
        self._generation += 1
        generation = self._generation
        folder, outputs = self.folder.text().strip(), self.outputs.text().strip() or None
        parts = self.parts.value() if self.by_parts.isChecked() else None
        budget = None if parts else self.tokens.value()
        self.state.setText(tr("Reading the documents…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self._set_ok(0)
        box = self._tokenizer  # the worker touches no widget, not even this dialog

        def work(report: Any) -> list[Part]:
            if "made" not in box:
                box["made"] = box["make"]()
            sources = find_sources(folder, outputs)
            return split_documents(sources, parts=parts, max_tokens=budget, count=box["made"].count,
                                   progress=lambda done, total: report((done, total)))

        def progressed(value: tuple[int, int]) -> None:
            if generation == self._generation:
                self.progress.setRange(0, value[1])
                self.progress.setValue(value[0])

        def done(result: list[Part]) -> None:
            if generation != self._generation:
                return
            self.progress.hide()
            self.preview.set_parts(result, budget)
            self.table.resizeColumnsToContents()
            documents = len({p.source for p in result})
            largest = max((p.tokens for p in result), default=0)
            over = sum(1 for p in result if budget and p.tokens > budget)
            text = tr("%n document(s) → {examples:,} examples; the largest part is {tokens:,} tokens", None,
                      documents).format(examples=len(result), tokens=largest)
            if over:
                text += " " + tr("(%n part(s) over the budget: a single paragraph is longer than it)", None, over)
            self.state.setText(text)
            self._set_ok(len(result))

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.progress.hide()
                self.preview.set_parts([], None)
                self.state.setText(shown_error(exc))
                self._set_ok(0)

        tasks.run(work, done, failed, on_progress=progressed)

    def examples(self) -> list[Example]:
        return to_examples(self.preview.parts, self.system.text().strip() or None)
