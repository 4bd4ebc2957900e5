"""The Evaluate tab's dialogs: a model to compare (with its preset), and the judge."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from core.chat import request as chatreq
from core.evals import Candidate

from .. import tasks
from ..i18n import describe, preset_name, tr
from ..providers import Providers


class ModelDialog(QDialog):
    """A provider and one of its models (listed off the UI thread, or typed)."""

    def __init__(self, providers: Providers, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.providers = providers
        self.provider = QComboBox()
        self.provider.setAccessibleName(tr("Provider of the {what}").format(what=what.lower()))
        for p in providers.items:
            self.provider.addItem(p.name, p.id)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setAccessibleName(what)
        self.model.setMinimumContentsLength(30)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.form.addRow(tr("&Provider:"), self.provider)
        self.form.addRow(tr("&Model:"), self.model)
        self.form.addRow("", self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.provider.currentIndexChanged.connect(self._list_models)
        self._list_models()

    def _list_models(self) -> None:
        pid = self.provider.currentData()
        self.note.setText(tr("Asking the provider for its models…"))

        def work() -> list[str]:
            return sorted(m.id for m in self.providers.client(pid, timeout=20, max_retries=0).models.list())

        def done(found: list[str]) -> None:
            if pid == self.provider.currentData():
                self.model.clear()
                self.model.addItems(found)
                self.note.setText("")

        tasks.run(work, done, lambda exc: self.note.setText(describe(exc, self.providers.get(pid))))


class CandidateDialog(ModelDialog):
    """A model to compare, with its preset (system prompt, few-shot turns and parameters)."""

    def __init__(self, providers: Providers, presets: list[chatreq.Preset], parent: QWidget | None = None) -> None:
        super().__init__(providers, tr("Add a Model to Compare"), tr("Model"), parent)
        self.presets = presets
        self.preset = QComboBox()
        self.preset.setAccessibleName(tr("Preset"))
        self.preset.addItem(tr("None: the test set's own system prompt"), None)
        for p in presets:
            self.preset.addItem(preset_name(p), p.name)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(0, 128_000)
        self.max_tokens.setSpecialValueText(tr("the preset's or provider's"))
        self.max_tokens.setAccessibleName(tr("Max tokens"))
        self.form.addRow(tr("Pre&set:"), self.preset)
        self.form.addRow(tr("Max t&okens:"), self.max_tokens)

    def candidate(self) -> Candidate | None:
        model = self.model.currentText().strip()
        if not model:
            return None
        name = self.preset.currentData()
        preset = next((p for p in self.presets if p.name == name), None)
        cand = (Candidate.from_preset(self.provider.currentData(), model, preset) if preset
                else Candidate(self.provider.currentData(), model))
        if self.max_tokens.value():
            cand.params["max_tokens"] = self.max_tokens.value()
        return cand


class JudgeDialog(ModelDialog):
    """Which model judges, and by what rubric."""

    def __init__(self, providers: Providers, rubric: str, parent: QWidget | None = None) -> None:
        super().__init__(providers, tr("Have a Model Judge the Answers"), tr("Judge model"), parent)
        self.rubric = QPlainTextEdit(rubric)
        self.rubric.setAccessibleName(tr("Rubric"))
        self.form.addRow(tr("&Rubric:"), self.rubric)
        hint = QLabel(tr("A strong model judges best; how far it agrees with your good/bad marks is shown."))
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Judge"))
        self.resize(620, 420)
