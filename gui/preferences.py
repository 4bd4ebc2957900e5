"""Preferences: a page per subject. Secrets never go through here into settings."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from core.datasets.models import price_table

from .i18n import LANGUAGES, tr
from .settings import Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent=None, providers=None, page: str = "general") -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(tr("Preferences"))
        self.setMinimumWidth(520)
        self.pages = QTabWidget()
        self.pages.setAccessibleName(tr("Preference pages"))

        general = QWidget()
        form = QFormLayout(general)
        self.chat_model = QComboBox()
        self.chat_model.setAccessibleName(tr("Target model for new chat datasets"))
        for name, entry in price_table()["models"].items():
            if name not in ("davinci-002", "babbage-002"):
                where = tr("this computer") if entry.get("provider") == "local" else "OpenAI"
                self.chat_model.addItem(tr('{name} ({where})').format(name=name, where=where), name)
        self.chat_model.setCurrentIndex(max(0, self.chat_model.findData(settings.target_model)))
        form.addRow(tr("Estimate chat datasets &for:"), self.chat_model)
        note = QLabel(tr("Token counts, length limits and the cost or time estimate use this model until you "
                      "pick another in the Datasets tab."))
        note.setWordWrap(True)
        form.addRow(note)
        self.language = QComboBox()
        self.language.setAccessibleName(tr("Language of the interface"))
        for code, name in LANGUAGES.items():
            self.language.addItem(tr(name) if not code else name, code)  # each language by its own name
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        form.addRow(tr("&Language:"), self.language)
        self.language_note = QLabel(tr("TuneDesk uses the new language the next time it starts."))
        self.language_note.setWordWrap(True)
        self.language_note.setVisible(False)
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_note.setVisible(self.language.currentData() != settings.language))
        form.addRow(self.language_note)
        self.pages.addTab(general, tr("&General"))
        self.providers_page = None
        if providers is not None:
            from .providers_page import ProvidersPage

            self.providers_page = ProvidersPage(providers)
            self.pages.addTab(self.providers_page, tr("P&roviders"))
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
        self.settings.language = self.language.currentData()
        if self.providers_page is not None:
            self.providers_page.apply()
        self.settings.sync()
        super().accept()
