"""The Chat tab's right side: the model (and whether it completes a raw prompt), the
preset (system prompt, few-shot turns and parameters) and the parameters sent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.chat import request as chatreq
from core.chat.complete import is_completion_model
from core.chat.request import Params, Preset
from core.jobs import names as model_names
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import describe, preset_name, shown_error, tr
from ..providers import Providers


def split_stops(text: str) -> list[str]:
    """Stop sequences as typed, separated with "|": the one space either side of a "|" is
    the separator's, every other space is the sequence's (" END" stops before " END")."""
    items = text.split("|")
    out = []
    for i, item in enumerate(items):
        if i > 0 and item.startswith(" "):
            item = item[1:]
        if i < len(items) - 1 and item.endswith(" "):
            item = item[:-1]
        if item.strip():
            out.append(item)
    return out


def model_key(provider_id: str, model: str) -> str:
    """A model in a combo box: plain text, not a Python object inside a Qt item."""
    return f"{provider_id}\t{model}"


def split_key(key: str | None) -> tuple[str, str] | None:
    if not key or "\t" not in key:
        return None
    pid, model = key.split("\t", 1)
    return pid, model


def fill_models(combo: QComboBox, found: list[tuple[str, str]], providers: Providers) -> None:
    """(provider id, model) pairs as "label  (provider)", keeping the chosen one."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for pid, model in found:
        combo.addItem(f"{model_names.label(model)}  ({providers.get(pid).name})", model_key(pid, model))
        combo.setItemData(combo.count() - 1, model, Qt.ItemDataRole.ToolTipRole)
    if keep:
        combo.setCurrentIndex(max(0, combo.findData(keep)))
    combo.blockSignals(False)


class SettingsPanel(QWidget):
    status = Signal(str)
    models_listed = Signal(list)  # (provider id, model) pairs
    preset_changed = Signal()  # the context shown above the chat changed

    def __init__(self, providers: Providers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.presets: list[Preset] = chatreq.builtin_presets() + chatreq.user_presets()
        self.model_formats: dict[str, str | None] = {}  # model key -> "chat" | "completion" | None (unknown)
        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName(tr("Model"))
        self.model_combo.setMinimumContentsLength(20)
        self.complete_check = QCheckBox(tr("Completion mo&de"))
        self.complete_check.setAccessibleName(tr("Complete a raw prompt (for completion models)"))
        self.complete_check.setToolTip(tr("Prompt/completion models take a raw prompt, without a chat template; "
                                          "on when such a model is chosen"))
        self.model_note = QLabel()
        self.model_note.setWordWrap(True)
        self.preset_combo = QComboBox()
        self.preset_combo.setAccessibleName(tr("Preset"))
        self.hide_context = QCheckBox(tr("&Hide the preset's context"))
        self.hide_context.setAccessibleName(tr("Hide the preset's system prompt and examples"))
        self.save_preset_button = QPushButton(tr("Sa&ve…"))  # in the Preset box: saves the preset
        self.save_preset_button.setAccessibleName(tr("Save as a preset"))
        self.import_button = QPushButton(tr("&Import…"))
        self.import_button.setAccessibleName(tr("Import presets"))
        self.export_button = QPushButton(tr("E&xport…"))
        self.export_button.setAccessibleName(tr("Export presets"))
        self.system_edit = QPlainTextEdit()
        self.system_edit.setAccessibleName(tr("System prompt"))
        self.system_edit.setPlaceholderText(tr("System prompt (from the preset; edit freely)"))
        self.system_edit.setMaximumHeight(90)
        model_box = QGroupBox(tr("Model"))
        mf = QVBoxLayout(model_box)
        mf.addWidget(self.model_combo)
        mf.addWidget(self.complete_check)  # how the model is asked: a chat, or a raw prompt to complete
        mf.addWidget(self.model_note)
        preset_box = QGroupBox(tr("Preset"))
        pf = QVBoxLayout(preset_box)
        pf.addWidget(self.preset_combo)
        pf.addWidget(self.system_edit)
        pf.addWidget(self.hide_context)
        prow = QHBoxLayout()
        prow.addWidget(self.save_preset_button)
        prow.addWidget(self.import_button)
        prow.addWidget(self.export_button)
        pf.addLayout(prow)
        params_box = QGroupBox(tr("Parameters (sent only when ticked)"))
        form = QFormLayout(params_box)
        self.param_checks: dict[str, QCheckBox] = {}
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0, 2)
        self.temperature.setSingleStep(0.1)
        self.top_p = QDoubleSpinBox()
        self.top_p.setRange(0, 1)
        self.top_p.setSingleStep(0.05)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 128_000)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_147_483_647)
        self.stop_edit = QLineEdit()
        self.stop_edit.setPlaceholderText(tr(r"e.g. \n\n | END"))
        self.stop_edit.setToolTip(tr("Up to four sequences that end the reply, separated with |; \\n is a new line"))
        for key, label, widget in (("temperature", tr("&Temperature"), self.temperature),
                                   ("top_p", tr("Top &p"), self.top_p), ("max_tokens", tr("Max to&kens"), self.max_tokens),
                                   ("stop", tr("Stop se&quences"), self.stop_edit), ("seed", tr("S&eed"), self.seed)):
            check = QCheckBox(label)
            check.setAccessibleName(tr("Send {parameter}").format(parameter=label.replace("&", "").lower()))
            widget.setAccessibleName(label.replace("&", ""))
            self.param_checks[key] = check
            form.addRow(check, widget)
        rv = QVBoxLayout(self)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(model_box)
        rv.addWidget(preset_box)
        rv.addWidget(params_box)
        rv.addStretch(1)
        self._fill_presets()
        self._apply_params(Params())
        self.model_combo.currentIndexChanged.connect(self._model_chosen)
        self.preset_combo.currentIndexChanged.connect(self._preset_chosen)
        self.hide_context.toggled.connect(lambda _on: self.preset_changed.emit())
        self.save_preset_button.clicked.connect(self.save_preset)
        self.import_button.clicked.connect(self.import_presets)
        self.export_button.clicked.connect(self.export_presets)

    # -- models ------------------------------------------------------------------------
    def load_models(self, select: tuple[str, str] | None = None) -> None:
        """Every usable provider's models (off the UI thread); one failing does not hide the others."""
        self.model_note.setText(tr("Listing models…"))
        usable = [p for p in self.providers.items if p.id == LOCAL_ID or self.providers.keys.get(p)]
        formats: dict[str, str | None] = {}

        def work() -> tuple[list[tuple[str, str]], list[str]]:
            found, problems = [], []
            for p in usable:
                try:
                    client = self.providers.client(p.id, timeout=20, max_retries=0)
                    for m in client.models.list():
                        found.append((p.id, m.id))
                        formats[model_key(p.id, m.id)] = getattr(m, "format", None)  # the local engine says
                except Exception as exc:  # noqa: BLE001 - one provider failing does not hide the others
                    problems.append(describe(exc, p))
            return found, problems

        def done(result: tuple[list[tuple[str, str]], list[str]]) -> None:
            found, problems = result
            current = select or self.current_model()
            self.model_formats.update(formats)
            fill_models(self.model_combo, found, self.providers)
            self.models_listed.emit(found)
            if current:
                self.select_model(*current)
            self.model_note.setText(" ".join(problems))

        tasks.run(work, done, lambda exc: self.model_note.setText(describe(exc)), parent=self)

    def current_model(self) -> tuple[str, str] | None:
        return split_key(self.model_combo.currentData())

    def select_model(self, provider_id: str, model: str) -> None:
        index = self.model_combo.findData(model_key(provider_id, model))
        if index < 0:
            self.model_combo.addItem(f"{model_names.label(model)}  ({self.providers.get(provider_id).name})",
                                     model_key(provider_id, model))
            self.model_combo.setItemData(self.model_combo.count() - 1, model, Qt.ItemDataRole.ToolTipRole)
            index = self.model_combo.count() - 1
        self.model_combo.setCurrentIndex(index)

    # -- presets and parameters ----------------------------------------------------------
    def _fill_presets(self) -> None:
        self.preset_combo.blockSignals(True)
        self.preset_combo.clear()
        for p in self.presets:
            self.preset_combo.addItem(preset_name(p))
        self.preset_combo.blockSignals(False)
        self._preset_chosen()

    def current_preset(self) -> Preset:
        base = self.presets[max(0, self.preset_combo.currentIndex())]
        return Preset(base.name, self.system_edit.toPlainText(), list(base.shots), self.params().to_json())

    def _preset_chosen(self) -> None:
        p = self.presets[max(0, self.preset_combo.currentIndex())]
        self.system_edit.setPlainText(p.system)
        if p.params:
            self._apply_params(Params.from_json(p.params))
        self.preset_changed.emit()

    def _apply_params(self, params: Params) -> None:
        v = params.values
        self.temperature.setValue(float(v.get("temperature", 0.7)))
        self.top_p.setValue(float(v.get("top_p", 1.0)))
        self.max_tokens.setValue(int(v.get("max_tokens", 512)))
        self.seed.setValue(int(v.get("seed", 0)))
        self.stop_edit.setText(" | ".join(s.encode("unicode_escape").decode() for s in v.get("stop", [])))
        for key, check in self.param_checks.items():
            check.setChecked(bool(params.enabled.get(key)))

    def params(self) -> Params:
        stops = [s.encode().decode("unicode_escape") for s in split_stops(self.stop_edit.text())]
        return Params({"temperature": self.temperature.value(), "top_p": self.top_p.value(),
                       "max_tokens": self.max_tokens.value(), "stop": stops, "seed": self.seed.value()},
                      {k: c.isChecked() for k, c in self.param_checks.items()})

    def save_preset(self) -> None:
        name, ok = QInputDialog.getText(self, tr("Save as preset"), tr("Name:"),
                                        text=tr("{name} (mine)").format(name=self.current_preset().name))
        if not ok or not name.strip():
            return
        preset = self.current_preset()
        preset.name = name.strip()
        self.presets = [p for p in self.presets if p.builtin or p.name != preset.name] + [preset]
        chatreq.save_user_presets(self.presets)
        self._fill_presets()
        self.preset_combo.setCurrentIndex(len(self.presets) - 1)

    def import_presets(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import presets"), "", tr("JSON (*.json)"))
        if not path:
            return
        try:
            found = chatreq.import_presets(path)
        except (OSError, ValueError) as exc:
            self.status.emit(shown_error(exc))
            return
        names = {p.name for p in found}
        self.presets = [p for p in self.presets if p.builtin or p.name not in names] + found
        chatreq.save_user_presets(self.presets)
        self._fill_presets()
        self.status.emit(tr("Imported %n preset(s)", None, len(found)))

    def export_presets(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Export presets"), "presets.json", tr("JSON (*.json)"))
        if path:
            chatreq.export_presets(path, [p for p in self.presets if not p.builtin] or [self.current_preset()])
            self.status.emit(tr("Exported presets to {path}").format(path=path))

    def settings(self, model: tuple[str, str]) -> dict[str, Any]:
        """What a chat keeps with it: the model, the preset and its system prompt as sent,
        and the parameters (a stop sequence or a token limit is part of how it answers)."""
        return {"model": list(model), "preset": self.presets[max(0, self.preset_combo.currentIndex())].name,
                "system": self.system_edit.toPlainText(), "params": self.params().to_json()}

    def restore(self, settings: dict[str, Any]) -> None:
        model = settings.get("model")
        if isinstance(model, list) and len(model) == 2 and all(isinstance(m, str) for m in model):
            self.select_model(*model)
        names = [p.name for p in self.presets]
        if settings.get("preset") in names:
            self.preset_combo.blockSignals(True)  # the preset's own parameters are not the chat's
            self.preset_combo.setCurrentIndex(names.index(settings["preset"]))
            self.preset_combo.blockSignals(False)
        if isinstance(settings.get("system"), str):
            self.system_edit.setPlainText(settings["system"])
        if isinstance(settings.get("params"), dict):
            self._apply_params(Params.from_json(settings["params"]))

    def _model_chosen(self, _index: int = 0) -> None:
        """A completion model switches to Completion mode, a chat model back (the user can
        still switch either way)."""
        current = self.current_model()
        if current is None:
            return
        fmt = self.model_formats.get(self.model_combo.currentData())
        self.complete_check.setChecked(is_completion_model(current[1], fmt))
