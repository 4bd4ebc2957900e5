"""Add to dataset: the exchange, with the reply editable into the ideal answer, appended
as a training example to the open dataset or to a JSONL file."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.util.files import atomic_write

from ..i18n import tr


def append_jsonl(path: str | Path, example: dict) -> Path:
    """Append one example, atomically, keeping the previous file as .bak."""
    path = Path(path)
    old = path.read_bytes() if path.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    line = json.dumps(example, ensure_ascii=False).encode("utf-8") + b"\n"
    return atomic_write(path, [old, line])


class AddToDatasetDialog(QDialog):
    def __init__(self, messages: list[dict[str, str]], open_name: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add to Dataset"))
        self.setMinimumWidth(560)
        self.messages = messages
        context = "\n\n".join(f"{m['role']}: {m['content']}" for m in messages[:-1])
        shown = QLabel(tr("The conversation so far:"))
        self.context = QPlainTextEdit(context)
        self.context.setReadOnly(True)
        self.context.setAccessibleName(tr("The conversation so far"))
        self.context.setMaximumHeight(140)
        self.reply = QPlainTextEdit(messages[-1]["content"])
        self.reply.setAccessibleName(tr("The ideal reply"))
        self.open_radio = QRadioButton(tr("The open dataset ({name})").format(name=open_name) if open_name
                                       else tr("The open dataset"))
        self.open_radio.setAccessibleName(tr("Append to the open dataset"))
        self.file_radio = QRadioButton(tr("A JSONL &file:"))
        self.file_radio.setAccessibleName(tr("Append to a JSONL file"))
        group = QButtonGroup(self)
        group.addButton(self.open_radio)
        group.addButton(self.file_radio)
        self.path = QLineEdit()
        self.path.setAccessibleName(tr("JSONL file"))
        browse = QPushButton(tr("Br&owse…"))
        browse.setAccessibleName(tr("Choose the JSONL file"))
        browse.clicked.connect(self._browse)
        if open_name is not None:
            self.open_radio.setChecked(True)
        else:
            self.open_radio.setEnabled(False)
            self.file_radio.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.file_radio)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(tr("&Add Example"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(shown)
        layout.addWidget(self.context)
        reply_label = QLabel(tr("The &reply to train on (edit it into the ideal answer):"))
        reply_label.setBuddy(self.reply)
        layout.addWidget(reply_label)
        layout.addWidget(self.reply, 1)
        layout.addWidget(self.open_radio)
        layout.addLayout(row)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Append to which JSONL file?"), self.path.text() or "examples.jsonl",
                                              tr("JSON Lines (*.jsonl)"), options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.path.setText(path)
            self.file_radio.setChecked(True)

    def example(self) -> dict:
        return {"messages": [*self.messages[:-1], {"role": "assistant", "content": self.reply.toPlainText().strip()}]}

    def accept(self) -> None:
        if self.file_radio.isChecked() and not self.path.text().strip():
            self.path.setFocus()
            return
        super().accept()
