"""The import dialog for tables (CSV, TSV, XLSX): the first rows, and which column feeds
which field. TuneDesk's guesses are preselected; the user confirms or changes them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from core.datasets.readers import DatasetReader

NONE = "(none)"
FIELDS = {
    "chat": [("system", "System prompt"), ("user", "User message"), ("assistant", "Assistant reply")],
    "completion": [("prompt", "Prompt"), ("completion", "Completion")],
}
REQUIRED = {"chat": ("user", "assistant"), "completion": ("completion",)}


class ImportDialog(QDialog):
    def __init__(self, reader: DatasetReader, parent=None) -> None:
        super().__init__(parent)
        self.reader = reader
        path = Path(reader.path)
        self.setWindowTitle(f"Import {path.name}")
        self.setMinimumSize(760, 520)
        columns = list(reader.source.columns)
        guessed = dict(reader.source.mapping)
        rows = reader.preview(20)

        intro = QLabel(f"<b>{path.name}</b> is a table ({reader.source.format.upper()}, {reader.source.encoding}) "
                       f"with {len(columns)} columns. Choose which column feeds each field of a training "
                       "example; the preview shows the first rows.")
        intro.setWordWrap(True)

        self.preview_table = QTableWidget(len(rows), len(columns))
        self.preview_table.setAccessibleName("Preview of the first rows")
        self.preview_table.setHorizontalHeaderLabels(columns)
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table.setWordWrap(False)
        for r, row in enumerate(rows):
            for c, col in enumerate(columns):
                text = str(row.get(col, ""))
                item = QTableWidgetItem(" ".join(text.split())[:200])
                item.setToolTip(text[:1000])
                self.preview_table.setItem(r, c, item)
        header = self.preview_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(160)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)

        kind_box = QGroupBox("Examples are")
        self.chat_radio = QRadioButton("&Conversations (system / user / assistant)")
        self.completion_radio = QRadioButton("&Prompt and completion pairs (legacy models)")
        self.chat_radio.setAccessibleName("Conversations")
        self.completion_radio.setAccessibleName("Prompt and completion pairs")
        group = QButtonGroup(self)
        group.addButton(self.chat_radio)
        group.addButton(self.completion_radio)
        kl = QHBoxLayout(kind_box)
        kl.addWidget(self.chat_radio)
        kl.addWidget(self.completion_radio)
        kl.addStretch(1)

        self.combos: dict[str, QComboBox] = {}
        self.forms: dict[str, QGroupBox] = {}
        maps = QHBoxLayout()
        for kind, fields in FIELDS.items():
            box = QGroupBox("Columns")
            form = QFormLayout(box)
            for field, label in fields:
                combo = QComboBox()
                combo.addItems([NONE, *columns])
                combo.setAccessibleName(f"Column for {label.lower()}")
                if field in guessed:
                    combo.setCurrentText(guessed[field])
                combo.currentIndexChanged.connect(self._update)
                self.combos[field] = combo
                required = field in REQUIRED[kind]
                form.addRow(f"{label}{' *' if required else ''}:", combo)
            self.forms[kind] = box
            maps.addWidget(box)

        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.preview_table, 1)
        layout.addWidget(kind_box)
        layout.addLayout(maps)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        # Conversations unless the columns say prompt/completion: new models train on chat.
        chat = str(reader.kind) == "chat" or not guessed
        (self.chat_radio if chat else self.completion_radio).setChecked(True)
        self.chat_radio.toggled.connect(self._update)
        self._update()

    @property
    def kind(self) -> str:
        return "chat" if self.chat_radio.isChecked() else "completion"

    def mapping(self) -> dict[str, str]:
        """Field -> column for the chosen kind (the reader's ``mapping`` argument)."""
        out = {}
        for field, _label in FIELDS[self.kind]:
            col = self.combos[field].currentText()
            out[field] = "" if col == NONE else col  # "": no column, and no guessing
        return out

    def _update(self) -> None:
        for kind, box in self.forms.items():
            box.setVisible(kind == self.kind)
        mapping = {f: c for f, c in self.mapping().items() if c}
        missing = [label for field, label in FIELDS[self.kind] if field in REQUIRED[self.kind] and field not in mapping]
        used = list(mapping.values())
        twice = sorted({c for c in used if used.count(c) > 1})
        if missing:
            self.problem.setText(f"Choose a column for: {', '.join(missing)}.")
        elif twice:
            self.problem.setText(f"The column {twice[0]} is chosen for two fields.")
        else:
            self.problem.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing and not twice)
        # highlight the mapped columns in the preview
        for c in range(self.preview_table.columnCount()):
            name = self.preview_table.horizontalHeaderItem(c).text()
            fields = [f for f, col in mapping.items() if col == name]
            item = self.preview_table.horizontalHeaderItem(c)
            item.setToolTip(f"→ {', '.join(fields)}" if fields else "not imported")
            font = item.font()
            font.setBold(bool(fields))
            item.setFont(font)
