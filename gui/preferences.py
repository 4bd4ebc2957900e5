"""Preferences: a page per subject. Secrets never go through here into settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QTabWidget, QVBoxLayout, QWidget,
)

from core.datasets.models import price_table

from .settings import Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent=None, providers=None, page: str = "general") -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(520)
        self.pages = QTabWidget()
        self.pages.setAccessibleName("Preference pages")

        general = QWidget()
        form = QFormLayout(general)
        self.chat_model = QComboBox()
        self.chat_model.setAccessibleName("Target model for new chat datasets")
        for name, entry in price_table()["models"].items():
            if name not in ("davinci-002", "babbage-002"):
                where = "this computer" if entry.get("provider") == "local" else "OpenAI"
                self.chat_model.addItem(f"{name} ({where})", name)
        self.chat_model.setCurrentIndex(max(0, self.chat_model.findData(settings.target_model)))
        form.addRow("Estimate chat datasets &for:", self.chat_model)
        note = QLabel("Token counts, length limits and the cost or time estimate use this model until you "
                      "pick another in the Datasets tab.")
        note.setWordWrap(True)
        form.addRow(note)
        self.pages.addTab(general, "&General")
        self.providers_page = None
        if providers is not None:
            from .providers_page import ProvidersPage

            self.providers_page = ProvidersPage(providers)
            self.pages.addTab(self.providers_page, "P&roviders")
            if page == "providers":
                self.pages.setCurrentWidget(self.providers_page)
            self.setMinimumSize(760, 560)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.settings.target_model = self.chat_model.currentData()
        if self.providers_page is not None:
            self.providers_page.apply()
        self.settings.sync()
        super().accept()
