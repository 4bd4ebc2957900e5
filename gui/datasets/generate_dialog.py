"""Dataset ▸ Generate Examples…: a prompt template filled with every combination of some
variables, each sent to a model; the answers land in the open dataset with their
variables, finish reason and token counts. Cancel keeps what arrived; generating again
asks only for what the dataset does not hold yet."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.datasets import generate as gen
from core.util.files import atomic_write

from .. import tasks
from ..i18n import describe, shown_error, tr
from ..providers import Providers

EXAMPLE_VARIABLES = "age: young, middle-aged, old\ngender: man, woman\npower: flight, invisibility, strength"
EXAMPLE_TEMPLATE = "Create a {age} {gender} superhero whose power is {power}. Describe them in three sentences."


def parse_variables(text: str) -> dict[str, list[str]]:
    """Lines of ``name: value, value, …``."""
    out: dict[str, list[str]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, sep, values = line.partition(":")
        items = [v.strip() for v in values.split(",") if v.strip()]
        if not sep or not name.strip() or not items:
            raise gen.SpecError(tr("line {line}: write it as name: value, value, …").format(line=n))
        out[name.strip()] = items
    return out


class GenerateDialog(QDialog):
    rows_arrived = Signal(list)  # example data, when a run ends or is cancelled

    def __init__(self, providers: Providers, done_keys: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers, self.done_keys = providers, set(done_keys)
        self.rows: list[dict[str, Any]] = []
        self._cancel = threading.Event()
        self.setWindowTitle(tr("Generate Examples"))
        self.resize(760, 620)
        self.variables = QPlainTextEdit(EXAMPLE_VARIABLES)
        self.variables.setAccessibleName(tr("Variables"))
        self.variables.setToolTip(tr("One variable a line: name: value, value, …"))
        self.variables.setMaximumHeight(110)
        self.template = QPlainTextEdit(EXAMPLE_TEMPLATE)
        self.template.setAccessibleName(tr("Prompt template"))
        self.template.setMaximumHeight(70)
        self.system = QLineEdit()
        self.system.setAccessibleName(tr("System message"))
        self.system.setPlaceholderText(tr("optional; may use the {variables} too"))
        self.preset = QComboBox()
        self.preset.setAccessibleName(tr("Preset"))
        self.preset.addItem(tr("None"), "")
        from core.chat.request import builtin_presets, user_presets

        from ..i18n import preset_name

        for p in [*builtin_presets(), *user_presets()]:
            self.preset.addItem(preset_name(p), p.name)
        self.answers = QSpinBox()
        self.answers.setRange(1, 100)
        self.answers.setAccessibleName(tr("Answers per combination"))
        self.sample = QSpinBox()
        self.sample.setRange(0, 1_000_000)
        self.sample.setSpecialValueText(tr("every combination"))
        self.sample.setAccessibleName(tr("Sample of combinations"))
        self.provider = QComboBox()
        self.provider.setAccessibleName(tr("Provider"))
        for p in providers.items:
            self.provider.addItem(p.name, p.id)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setAccessibleName(tr("Model"))
        self.model.setMinimumContentsLength(24)
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0, 2)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(1.0)
        self.temperature.setAccessibleName(tr("Temperature"))
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 128_000)
        self.max_tokens.setValue(300)
        self.max_tokens.setAccessibleName(tr("Max tokens"))
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 16)
        self.concurrency.setValue(4)
        self.concurrency.setAccessibleName(tr("Requests at once"))
        form = QFormLayout()
        form.addRow(tr("&Variables:"), self.variables)
        form.addRow(tr("&Template:"), self.template)
        form.addRow(tr("S&ystem:"), self.system)
        form.addRow(tr("&Preset:"), self.preset)
        row = QHBoxLayout()
        row.addWidget(self.answers)
        caption = QLabel(tr("&Sample:"))
        caption.setBuddy(self.sample)
        row.addWidget(caption)
        row.addWidget(self.sample)
        row.addStretch(1)
        answers_label = QLabel(tr("&Answers each:"))
        answers_label.setBuddy(self.answers)  # a row holding a layout gets no buddy of its own
        form.addRow(answers_label, row)
        where = QHBoxLayout()
        where.addWidget(self.provider)
        where.addWidget(self.model, 1)
        model_label = QLabel(tr("&Model:"))
        model_label.setBuddy(self.provider)
        form.addRow(model_label, where)
        knobs = QHBoxLayout()
        for label, widget in ((tr("Temperature"), self.temperature), (tr("Max tokens"), self.max_tokens),
                              (tr("At once"), self.concurrency)):
            knobs.addWidget(QLabel(label))
            knobs.addWidget(widget)
        knobs.addStretch(1)
        form.addRow(tr("Parameters:"), knobs)
        self.count = QLabel()
        self.count.setAccessibleName(tr("How many requests"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Generation progress"))
        self.progress.setFormat(tr("%v of %m answers"))
        self.progress.hide()
        self.state = QLabel()
        self.state.setAccessibleName(tr("Generation state"))
        self.state.setWordWrap(True)
        self.generate_button = QPushButton(tr("&Generate"))
        self.generate_button.setDefault(True)
        self.cancel_button = QPushButton(tr("&Cancel"))
        self.cancel_button.setEnabled(False)
        self.csv_button = QPushButton(tr("Export &CSV…"))
        self.csv_button.setAccessibleName(tr("Export the answers as CSV, one row per answer"))
        self.csv_button.setEnabled(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.generate_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.csv_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addWidget(self.progress)
        layout.addWidget(self.state, 1)
        layout.addWidget(buttons)
        self.generate_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.csv_button.clicked.connect(self.export_csv)
        for signal in (self.variables.textChanged, self.template.textChanged, self.system.textChanged,
                       self.answers.valueChanged, self.sample.valueChanged):
            signal.connect(self._count)
        self.provider.currentIndexChanged.connect(self._list_models)
        self._count()
        self._list_models()

    # -- the spec ----------------------------------------------------------------------
    def spec(self) -> gen.Spec:
        return gen.Spec.from_json({
            "variables": parse_variables(self.variables.toPlainText()), "template": self.template.toPlainText(),
            "system": self.system.text(), "preset": self.preset.currentData(), "answers": self.answers.value(),
            "sample": self.sample.value() or None,
            "model": self.model.currentText().strip(), "provider": self.provider.currentData(),
            "params": {"temperature": self.temperature.value(), "max_tokens": self.max_tokens.value()},
            "concurrency": self.concurrency.value()})

    def _count(self) -> None:
        try:
            spec = self.spec()
        except gen.SpecError as exc:
            self.count.setText(shown_error(exc))
            self.generate_button.setEnabled(False)
            return
        todo = gen.tasks(spec)
        have = sum(1 for t in todo if t.key in self.done_keys)
        text = tr("%n request(s)", None, len(todo))
        if have:
            text += " · " + tr("%n already in the dataset (not asked again)", None, have)
        self.count.setText(text)
        self.generate_button.setEnabled(len(todo) > have and not self.cancel_button.isEnabled())

    def _list_models(self) -> None:
        pid = self.provider.currentData()

        def work() -> list[str]:
            return sorted(m.id for m in self.providers.client(pid, timeout=20, max_retries=0).models.list())

        def done(names: list[str]) -> None:
            if pid != self.provider.currentData():
                return
            keep = self.model.currentText()
            self.model.clear()
            self.model.addItems(names)
            self.model.setCurrentText(keep if keep in names else (names[0] if names else keep))

        tasks.run(work, done, lambda exc: self.state.setText(describe(exc, self.providers.get(pid))))

    # -- running -----------------------------------------------------------------------
    def start(self) -> None:
        try:
            spec = self.spec()
        except gen.SpecError as exc:
            self.state.setText(shown_error(exc))
            return
        if not spec.model:
            self.state.setText(tr("Choose the model that writes the answers."))
            return
        self._cancel = cancel = threading.Event()
        done_keys = set(self.done_keys)
        pid = spec.provider
        arrived: list[dict[str, Any]] = []
        self.generate_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.show()
        self.state.setText(tr("Asking {model}…").format(model=spec.model))
        providers = self.providers

        def work(report: Any) -> list[dict[str, Any]]:
            client = providers.client(pid, timeout=120, max_retries=0)
            gen.run(client, spec, done_keys, lambda row: (arrived.append(row), report(("row", None))), cancel,
                    lambda finished, total: report(("progress", (finished, total))),
                    on_wait=lambda text: report(("wait", text)))
            return arrived

        def progressed(value: tuple[str, Any]) -> None:
            kind, data = value
            if kind == "progress":
                self.progress.setRange(0, data[1])
                self.progress.setValue(data[0])
            elif kind == "wait":
                from ..i18n import shown

                self.state.setText(shown(data))

        def finish(rows: list[dict[str, Any]], problem: str | None = None) -> None:
            self.cancel_button.setEnabled(False)
            self.done_keys |= {k for k in (gen.row_key(r) for r in rows) if k}
            self.rows += rows
            self.csv_button.setEnabled(bool(self.rows))
            truncated = sum(1 for r in rows if r["metadata"].get("finish_reason") == "length")
            text = problem or (tr("Stopped: %n answer(s) kept; Generate asks for the rest.", None, len(rows))
                               if cancel.is_set() else tr("Done: %n answer(s) added.", None, len(rows)))
            if truncated:
                text += " " + tr("%n stopped at max tokens; the Problems list flags them.", None, truncated)
            self.state.setText(text)
            if rows:
                self.rows_arrived.emit(rows)
            self._count()

        def failed(exc: BaseException) -> None:  # an error that outlived its retries: keep what came
            finish(list(arrived), describe(exc, self.providers.get(pid)) + " " +
                   tr("%n answer(s) kept; Generate asks for the rest.", None, len(arrived)))

        tasks.run(work, finish, failed, on_progress=progressed)

    def cancel(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.state.setText(tr("Stopping after the answers on their way…"))

    def reject(self) -> None:
        self._cancel.set()
        super().reject()

    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the answers"), str(Path.home() / "generated.csv"),
                                              tr("CSV (*.csv)"))
        if not path:
            return
        try:
            atomic_write(Path(path), [gen.csv_text(self.rows, self.spec()).encode("utf-8")], backup=False)
        except (OSError, gen.SpecError) as exc:
            QMessageBox.warning(self, tr("Cannot export"), shown_error(exc))
            return
        self.state.setText(tr("Exported the answers to {path}").format(path=path))
