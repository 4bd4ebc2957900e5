"""The import dialog for tables (CSV, TSV, XLSX): the first rows, and which column feeds
which field. TuneDesk's guesses are preselected; the user confirms or changes them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from core.datasets.readers import DatasetReader

from ..i18n import QT_TR_NOOP, tr

NONE = QT_TR_NOOP("(none)")  # the first choice of every column combo
FIELDS = {
    "chat": [("system", QT_TR_NOOP("System prompt")), ("user", QT_TR_NOOP("User message")),
             ("assistant", QT_TR_NOOP("Assistant reply"))],
    "completion": [("prompt", QT_TR_NOOP("Prompt")), ("completion", QT_TR_NOOP("Completion"))],
}
REQUIRED = {"chat": ("user", "assistant"), "completion": ("completion",)}


class ImportDialog(QDialog):
    def __init__(self, reader: DatasetReader, parent=None) -> None:
        super().__init__(parent)
        self.reader = reader
        path = Path(reader.path)
        self.setWindowTitle(tr('Import {name}').format(name=path.name))
        self.setMinimumSize(760, 520)
        columns = list(reader.source.columns)
        guessed = dict(reader.source.mapping)
        rows = reader.preview(20)

        intro = QLabel(tr("<b>{name}</b> is a table ({format}, {encoding}) with %n column(s). Choose which column feeds "
                          "each field of a training example; the preview shows the first rows.", None, len(columns))
                       .format(name=path.name, format=reader.source.format.upper(), encoding=reader.source.encoding))
        intro.setWordWrap(True)

        self.preview_table = QTableWidget(len(rows), len(columns))
        self.preview_table.setAccessibleName(tr("Preview of the first rows"))
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

        kind_box = QGroupBox(tr("Examples are"))
        self.chat_radio = QRadioButton(tr("&Conversations (system / user / assistant)"))
        self.completion_radio = QRadioButton(tr("&Prompt and completion pairs (legacy models)"))
        self.chat_radio.setAccessibleName(tr("Conversations"))
        self.completion_radio.setAccessibleName(tr("Prompt and completion pairs"))
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
            box = QGroupBox(tr("Columns"))
            form = QFormLayout(box)
            for field, label in fields:
                combo = QComboBox()
                combo.addItems([tr(NONE), *columns])
                combo.setAccessibleName(tr("Column for {field}").format(field=tr(label).lower()))
                if field in guessed:
                    combo.setCurrentText(guessed[field])
                combo.currentIndexChanged.connect(self._update)
                self.combos[field] = combo
                required = field in REQUIRED[kind]
                form.addRow(tr("{field}:").format(field=tr(label) + (" *" if required else "")), combo)
            self.forms[kind] = box
            maps.addWidget(box)

        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Import"))
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
            combo = self.combos[field]
            out[field] = "" if combo.currentIndex() <= 0 else combo.currentText()  # "": no column, and no guessing
        return out

    def _update(self) -> None:
        for kind, box in self.forms.items():
            box.setVisible(kind == self.kind)
        mapping = {f: c for f, c in self.mapping().items() if c}
        missing = [tr(label) for field, label in FIELDS[self.kind] if field in REQUIRED[self.kind] and field not in mapping]
        used = list(mapping.values())
        twice = sorted({c for c in used if used.count(c) > 1})
        if missing:
            self.problem.setText(tr("Choose a column for: {fields}.").format(fields=", ".join(missing)))
        elif twice:
            self.problem.setText(tr("The column {column} is chosen for two fields.").format(column=twice[0]))
        else:
            self.problem.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing and not twice)
        # highlight the mapped columns in the preview
        for c in range(self.preview_table.columnCount()):
            name = self.preview_table.horizontalHeaderItem(c).text()
            fields = [f for f, col in mapping.items() if col == name]
            item = self.preview_table.horizontalHeaderItem(c)
            item.setToolTip(f"→ {', '.join(fields)}" if fields else tr("not imported"))
            font = item.font()
            font.setBold(bool(fields))
            item.setFont(font)
