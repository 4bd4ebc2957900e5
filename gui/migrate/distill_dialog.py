"""Keep Its Behaviour…: ask a tuned model (at the provider that still serves it) every
prompt — an imported job's training data, a file, or the open dataset (which Generate can
fill with variations) — and keep its answers as a new dataset. What it will cost is shown
before anything is asked; Stop keeps the answers, and running again asks for the rest.
The dataset then opens, to train a model of one's own on and compare in Evaluate."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import paths
from core.migrate import distill as D
from core.migrate.archive import safe_name

from .. import tasks
from ..i18n import describe, shown, shown_error, tr
from ..providers import Providers
from . import archive


class DistillDialog(QDialog):
    written = Signal(str)  # the dataset's path

    def __init__(self, providers: Providers, provider_id: str, model: str, training_path: Path | None,
                 open_rows: list[Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.training_path, self.open_rows = training_path, open_rows or []
        self.prompts: list[D.Prompt] = []
        self._counting = 0  # only the latest count's answer is shown
        self._cancel = threading.Event()
        self.setWindowTitle(tr("Keep a Model's Behaviour"))
        self.resize(700, 420)
        intro = QLabel(tr("Ask the tuned model every prompt and keep its answers as a new dataset. Train a model on "
                          "this computer with it, then compare the two in the Evaluate tab."))
        intro.setWordWrap(True)
        self.provider = QComboBox()
        self.provider.setAccessibleName(tr("Provider that serves the model"))
        for p in providers.items:
            self.provider.addItem(p.name, p.id)
        self.provider.setCurrentIndex(max(0, self.provider.findData(provider_id)))
        self.model = QLineEdit(model)
        self.model.setAccessibleName(tr("Model to ask"))
        self.from_job = QRadioButton(tr("The job's &training data"))
        self.from_job.setEnabled(training_path is not None)
        self.from_open = QRadioButton(tr("The &open dataset (%n example(s))", None, len(self.open_rows)))
        self.from_open.setEnabled(bool(self.open_rows))
        self.from_file = QRadioButton(tr("A &file:"))
        self.file = QLineEdit()
        self.file.setAccessibleName(tr("Prompts file"))
        self.file.setPlaceholderText(tr("a dataset, or a .txt file with one prompt a line"))
        browse = QPushButton(tr("&Browse…"))
        self.group = QButtonGroup(self)
        for b in (self.from_job, self.from_open, self.from_file):
            self.group.addButton(b)
        (self.from_job if training_path is not None else self.from_open if self.open_rows else self.from_file).setChecked(True)
        file_row = QHBoxLayout()
        file_row.addWidget(self.from_file)
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        sources = QVBoxLayout()
        sources.addWidget(self.from_job)
        sources.addWidget(self.from_open)
        sources.addLayout(file_row)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 32_000)
        self.max_tokens.setValue(512)
        self.max_tokens.setAccessibleName(tr("Max tokens"))
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0, 2)
        self.temperature.setSingleStep(0.1)
        self.temperature.setAccessibleName(tr("Temperature"))
        suffix = safe_name(model.split(":")[3] if model.startswith("ft:") and model.count(":") >= 4 else model)
        self.output = QLineEdit(str(paths.home() / "imports" / "kept" / f"{suffix}-answers.jsonl"))
        self.output.setAccessibleName(tr("Dataset to write"))
        form = QFormLayout()
        form.addRow(tr("&Provider:"), self.provider)
        form.addRow(tr("&Model:"), self.model)
        form.addRow(tr("Prompts:"), sources)
        form.addRow(tr("Max &tokens:"), self.max_tokens)
        form.addRow(tr("T&emperature:"), self.temperature)
        form.addRow(tr("&Save as:"), self.output)
        self.estimate = QLabel()
        self.estimate.setWordWrap(True)
        self.estimate.setAccessibleName(tr("What asking will cost"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Answers so far"))
        self.progress.hide()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(tr("Distillation state"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.start_button = QPushButton(tr("&Ask and Save"))
        self.start_button.setDefault(True)
        self.stop_button = QPushButton(tr("S&top"))
        self.stop_button.setEnabled(False)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.estimate)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        browse.clicked.connect(self._browse)
        self.group.buttonToggled.connect(lambda *_: self.count())
        self.file.editingFinished.connect(self.count)
        self.model.editingFinished.connect(self.count)
        self.max_tokens.valueChanged.connect(lambda _v: self.count())
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.buttons.rejected.connect(self.reject)
        self.count()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Prompts"), str(Path.home()),
                                              tr("Datasets and prompt lists (*.jsonl *.json *.csv *.tsv *.xlsx *.txt)"))
        if path:
            self.file.setText(path)
            self.from_file.setChecked(True)
            self.count()

    # -- prompts and what they cost --------------------------------------------------------
    def count(self) -> None:
        model, max_tokens = self.model.text().strip(), self.max_tokens.value()
        job, rows = self.training_path, list(self.open_rows)
        use_file = self.file.text().strip() if self.from_file.isChecked() else ""
        use_open = self.from_open.isChecked()
        self.start_button.setEnabled(False)
        if self.from_file.isChecked() and not use_file:
            self.estimate.setText(tr("Choose a file of prompts."))
            return
        self.estimate.setText(tr("Counting the prompts…"))
        self._counting += 1
        generation = self._counting

        def work() -> tuple[list[D.Prompt], int, Any]:
            if use_open:
                prompts, skipped = D.prompts_from_rows(rows)
            else:
                prompts, skipped = D.load_prompts(use_file or job)  # type: ignore[arg-type]
            return prompts, skipped, D.estimate(prompts, model, max_tokens) if prompts and model else None

        def done(result: tuple[list[D.Prompt], int, Any]) -> None:
            if generation != self._counting:
                return
            self.prompts, skipped, est = result
            if not self.prompts:
                self.estimate.setText(tr("No prompts there: each example needs a user message."))
                return
            text = shown(est.text(model)) if est else ""
            if skipped:
                text += " " + tr("Left out %n row(s) without a user message.", None, skipped)
            self.estimate.setText(text)
            self.start_button.setEnabled(bool(model))

        tasks.run(work, done, lambda exc: generation == self._counting and self.estimate.setText(shown_error(exc)))

    # -- asking ------------------------------------------------------------------------------
    def start(self) -> None:
        pid, model = self.provider.currentData(), self.model.text().strip()
        out = Path(self.output.text().strip()).expanduser()
        if not self.prompts or not model or not self.output.text().strip():
            return
        self._cancel = cancel = threading.Event()
        prompts = list(self.prompts)
        params = {"max_tokens": self.max_tokens.value(), "temperature": self.temperature.value()}
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.progress.show()
        self.progress.setRange(0, len(prompts))
        self.state.setText(tr("Asking {model}…").format(model=model))
        providers = self.providers

        def work(report: Any) -> Path | None:
            client = providers.client(pid, timeout=120, max_retries=0)
            return D.distill(client, model, prompts, out, params=params, cancel=cancel,
                             progress=lambda done, total: report(("progress", done)),
                             on_wait=lambda text: report(("wait", text)))

        def progressed(value: tuple[str, Any]) -> None:
            kind, data = value
            if kind == "progress":
                self.progress.setValue(data)
            else:
                self.state.setText(shown(data))

        def done(path: Path | None) -> None:
            self.stop_button.setEnabled(False)
            self.start_button.setEnabled(True)
            if path is None:
                self.state.setText(tr("Stopped: the answers so far are kept, and Ask and Save asks only for the rest."))
                return
            self.state.setText(tr("Saved %n example(s) to {path}.", None, len(prompts)).format(path=path))
            self.written.emit(str(path))
            self.accept()

        def failed(exc: BaseException) -> None:
            self.stop_button.setEnabled(False)
            self.start_button.setEnabled(True)
            self.state.setText(describe(exc, self.providers.get(pid)) + " " +
                               tr("The answers so far are kept; Ask and Save asks only for the rest."))

        tasks.run(work, done, failed, on_progress=progressed)

    def stop(self) -> None:
        self._cancel.set()
        self.stop_button.setEnabled(False)
        self.state.setText(tr("Stopping after the answers on their way…"))

    def reject(self) -> None:
        self._cancel.set()
        super().reject()


def training_path(source: str, job_id: str) -> Path | None:
    job = archive().job(source, job_id)
    stored = archive().file(source, job["training_file"]) if job else None
    return stored.path if stored is not None and stored.complete else None
