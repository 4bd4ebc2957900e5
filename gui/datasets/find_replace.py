"""Find and replace across every message, prompt and completion (one undoable step)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ..i18n import tr


class FindReplaceDialog(QDialog):
    def __init__(self, tab, parent=None) -> None:
        super().__init__(parent)
        self.tab = tab
        self.setWindowTitle(tr("Find and Replace"))
        self.setMinimumWidth(420)
        self.find = QLineEdit(tab.filter_edit.text())
        self.find.setAccessibleName(tr("Find"))
        self.replace = QLineEdit()
        self.replace.setAccessibleName(tr("Replace with"))
        self.match_case = QCheckBox(tr("&Match case"))
        self.match_case.setAccessibleName(tr("Match case"))
        self.result = QLabel()
        self.result.setAccessibleName(tr("Result"))
        form = QFormLayout()
        form.addRow(tr("&Find:"), self.find)
        form.addRow(tr("Replace &with:"), self.replace)
        form.addRow("", self.match_case)
        self.show_button = QPushButton(tr("&Show Matches"))
        self.replace_button = QPushButton(tr("Replace &All"))
        self.replace_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.show_button.clicked.connect(lambda: tab.filter_edit.setText(self.find.text()))
        self.replace_button.clicked.connect(self.replace_all)
        self.find.textChanged.connect(lambda t: self.replace_button.setEnabled(bool(t)))
        self.replace_button.setEnabled(bool(self.find.text()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(buttons)

    def replace_all(self) -> int | None:
        """How many times (None: a large dataset, still working; the result follows)."""
        text = self.find.text()

        def said(count: int) -> None:
            self.result.setText(tr("Replaced %Ln time(s) (Undo takes it back).", None, count)
                                if count else tr("“{text}” was not found.").format(text=text))

        count = self.tab.replace_all(text, self.replace.text(), self.match_case.isChecked(), on_result=said)
        if count is None:
            self.result.setText(tr("Replacing…"))
        return count
