"""Find and replace across every message, prompt and completion (one undoable step)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
)


class FindReplaceDialog(QDialog):
    def __init__(self, tab, parent=None) -> None:
        super().__init__(parent)
        self.tab = tab
        self.setWindowTitle("Find and Replace")
        self.setMinimumWidth(420)
        self.find = QLineEdit(tab.filter_edit.text())
        self.find.setAccessibleName("Find")
        self.replace = QLineEdit()
        self.replace.setAccessibleName("Replace with")
        self.match_case = QCheckBox("&Match case")
        self.match_case.setAccessibleName("Match case")
        self.result = QLabel()
        self.result.setAccessibleName("Result")
        form = QFormLayout()
        form.addRow("&Find:", self.find)
        form.addRow("Replace &with:", self.replace)
        form.addRow("", self.match_case)
        self.show_button = QPushButton("&Show Matches")
        self.replace_button = QPushButton("Replace &All")
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

    def replace_all(self) -> int:
        count = self.tab.replace_all(self.find.text(), self.replace.text(), self.match_case.isChecked())
        self.result.setText(f"Replaced {count:,} time{'s' if count != 1 else ''} (Undo takes it back)."
                            if count else f"“{self.find.text()}” was not found.")
        return count
