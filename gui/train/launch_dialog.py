"""New fine-tuning job: choose provider, base model, data and hyperparameters; a
preflight checks everything before a byte is sent; then upload and create the job."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.datasets.model import Example
from core.jobs.launch import JobRequest, launch
from core.jobs.preflight import Preflight
from core.jobs.preflight import describe as describe_problem
from core.jobs.prepare import VALIDATION_FRACTION, prepare_job
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import QT_TR_NOOP, describe, shown, tr
from ..providers import Providers
from .hyperparameters import HyperparametersBox

OPEN_FILTER = QT_TR_NOOP("Datasets (*.jsonl *.json *.csv *.tsv *.xlsx *.txt);;All files (*)")


@dataclass
class OpenDataset:
    """What the Datasets tab has open, as a snapshot the dialog can write out."""

    name: str
    examples: list[Example]


class LaunchDialog(QDialog):
    launched = Signal(str, object)  # provider id, job

    def __init__(self, providers: Providers, open_dataset: OpenDataset | None, provider_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.open_dataset = open_dataset
        self.preflight: Preflight | None = None
        self.setWindowTitle(tr("New Fine-Tuning Job"))
        self.setMinimumWidth(640)
        self._busy = False

        form = QFormLayout()
        self.provider = QComboBox()
        self.provider.setAccessibleName(tr("Provider"))
        for p in providers.items:
            self.provider.addItem(p.name, p.id)
        self.provider.setCurrentIndex(max(0, self.provider.findData(provider_id)))
        form.addRow(tr("&Provider:"), self.provider)
        self.base_model = QComboBox()
        self.base_model.setEditable(True)
        self.base_model.setAccessibleName(tr("Base model"))
        self.base_model.setMinimumContentsLength(28)
        self.models_note = QLabel()
        self.models_note.setWordWrap(True)
        form.addRow(tr("&Base model:"), self.base_model)
        form.addRow("", self.models_note)
        self.models_note.hide()

        # training data
        data_box = QWidget()
        dv = QVBoxLayout(data_box)
        dv.setContentsMargins(0, 0, 0, 0)
        self.use_open = QRadioButton()
        self.use_open.setAccessibleName(tr("Train on the open dataset"))
        self.use_file = QRadioButton(tr("A &file:"))
        self.use_file.setAccessibleName(tr("Train on a file"))
        group = QButtonGroup(self)
        group.addButton(self.use_open)
        group.addButton(self.use_file)
        frow = QHBoxLayout()
        self.train_path = QLineEdit()
        self.train_path.setAccessibleName(tr("Training file"))
        self.train_browse = QPushButton(tr("Br&owse…"))
        self.train_browse.setAccessibleName(tr("Choose the training file"))
        frow.addWidget(self.use_file)
        frow.addWidget(self.train_path, 1)
        frow.addWidget(self.train_browse)
        dv.addWidget(self.use_open)
        dv.addLayout(frow)
        if open_dataset is not None and open_dataset.examples:
            self.use_open.setText(tr("The open &dataset: {name} (%Ln example(s))", None, len(open_dataset.examples))
                                  .format(name=open_dataset.name))
            self.use_open.setChecked(True)
        else:
            self.use_open.setText(tr("The open &dataset (it is empty)"))
            self.use_open.setEnabled(False)
            self.use_file.setChecked(True)
        form.addRow(tr("Training data:"), data_box)

        vrow = QHBoxLayout()
        self.validation = QComboBox()
        self.validation.setAccessibleName(tr("Validation data"))
        self.validation.addItem(tr("None"), "none")
        self.validation.addItem(tr("Split off {share:.0%} of the training data").format(share=VALIDATION_FRACTION), "split")
        self.validation.addItem(tr("A file"), "file")
        self.valid_path = QLineEdit()
        self.valid_path.setAccessibleName(tr("Validation file"))
        self.valid_browse = QPushButton(tr("Bro&wse…"))
        self.valid_browse.setAccessibleName(tr("Choose the validation file"))
        vrow.addWidget(self.validation)
        vrow.addWidget(self.valid_path, 1)
        vrow.addWidget(self.valid_browse)
        vlabel = QLabel(tr("&Validation data:"))
        vlabel.setBuddy(self.validation)
        form.addRow(vlabel, vrow)

        self.method = QComboBox()
        self.method.setAccessibleName(tr("Training method"))
        self.method.addItem(tr("Supervised"), "supervised")
        self.method.addItem(tr("Direct preference optimisation (DPO)"), "dpo")
        item = self.method.model().item(1)
        item.setEnabled(False)
        item.setToolTip(tr("No provider here accepts DPO jobs yet"))
        form.addRow(tr("&Method:"), self.method)

        self.suffix = QLineEdit()
        self.suffix.setAccessibleName(tr("Model name suffix"))
        self.suffix.setMaxLength(64)
        self.suffix.setPlaceholderText(tr("e.g. support-bot (letters, digits, - and _)"))
        self.suffix.setValidator(QRegularExpressionValidator(r"[A-Za-z0-9_-]{0,64}", self))
        form.addRow(tr("&Suffix:"), self.suffix)

        hp = self.hyperparameters = HyperparametersBox()
        self.epochs, self.batch, self.lr, self.seed = hp.epochs, hp.batch, hp.lr, hp.seed

        self.summary = QLabel(tr("Start checks the data with the base model's tokenizer before anything is sent."))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(tr("Preflight result"))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Upload progress"))
        self.progress.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton(tr("&Start Training"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setAccessibleName(tr("Check the data and start training"))
        self.start_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        # The check's result can run to many lines: it scrolls in its own area, so the form
        # above keeps its size and nothing is squashed.
        self.summary_area = QScrollArea()
        self.summary_area.setWidgetResizable(True)
        self.summary_area.setFrameShape(QFrame.Shape.NoFrame)
        self.summary_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_area.setWidget(self.summary)
        self.summary_area.setMinimumHeight(7 * self.fontMetrics().lineSpacing())

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hp)
        layout.addWidget(self.summary_area, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

        self.provider.currentIndexChanged.connect(self._provider_chosen)
        self.train_browse.clicked.connect(lambda: self._browse(self.train_path, self.use_file))
        self.valid_browse.clicked.connect(lambda: self._browse(self.valid_path, None))
        self.validation.currentIndexChanged.connect(self._validation_chosen)
        self.train_path.textEdited.connect(lambda _t: self.use_file.setChecked(True))
        self._validation_chosen()
        self._provider_chosen()

    # -- inputs ------------------------------------------------------------------------
    @property
    def provider_id(self) -> str:
        return self.provider.currentData()

    def _browse(self, edit: QLineEdit, radio: QRadioButton | None) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose a dataset"), edit.text() or str(Path.home()), tr(OPEN_FILTER))
        if path:
            edit.setText(path)
            if radio is not None:
                radio.setChecked(True)

    def _validation_chosen(self) -> None:
        is_file = self.validation.currentData() == "file"
        self.valid_path.setVisible(is_file)
        self.valid_browse.setVisible(is_file)

    def _note(self, text: str) -> None:
        self.models_note.setText(text)
        self.models_note.setVisible(bool(text))

    def _provider_chosen(self) -> None:
        pid = self.provider_id
        self.base_model.clear()
        self._note(tr("Asking the provider for its models…"))
        local = pid == LOCAL_ID

        def work() -> list[str]:
            client = self.providers.client(pid)
            models = list(client.models.list())
            if local:  # base models are the engine's own; fine-tuned ones cannot be tuned again here
                return [m.id for m in models if m.owned_by == "tunedesk"]
            return sorted(m.id for m in models)

        def done(names: list[str]) -> None:
            if pid != self.provider_id:
                return
            self.base_model.clear()
            self.base_model.addItems(names)
            preferred = [n for n in names if n in self.providers.base_model_paths()]
            if preferred:
                self.base_model.setCurrentText(preferred[0])
            self._note("" if names else tr("The provider listed no models; type the base model's name."))

        def failed(exc: BaseException) -> None:
            if pid == self.provider_id:
                self._note(describe(exc, self.providers.get(pid)) + " " + tr("You can type the model's name."))

        tasks.run(work, done, failed)

    def request(self, train: Path, valid: Path | None) -> JobRequest:
        return JobRequest(
            model=self.base_model.currentText().strip(),
            training_path=train,
            validation_path=valid,
            suffix=self.suffix.text().strip(),
            method=self.method.currentData(),
            **self.hyperparameters.values(),
        )

    # -- start: prepare files, preflight, confirm, upload, create ----------------------
    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.start_button.setEnabled(not busy)
        for w in (self.provider, self.base_model, self.use_file, self.train_path, self.validation,
                  self.valid_path, self.suffix, *self.hyperparameters.inputs()):
            w.setEnabled(not busy)
        has_open = self.open_dataset is not None and bool(self.open_dataset.examples)
        self.use_open.setEnabled(not busy and has_open)

    def start(self) -> None:
        if self._busy:
            return
        model = self.base_model.currentText().strip()
        if not model:
            self.summary.setText(tr("Choose or type a base model."))
            self.base_model.setFocus()
            return
        if self.use_file.isChecked() and not Path(self.train_path.text()).is_file():
            self.summary.setText(tr("There is no file at {path}.").format(path=self.train_path.text() or tr("(empty)")))
            self.train_path.setFocus()
            return
        mode = self.validation.currentData()
        if mode == "file" and not Path(self.valid_path.text()).is_file():
            self.summary.setText(tr("There is no validation file at {path}.").format(path=self.valid_path.text() or tr("(empty)")))
            self.valid_path.setFocus()
            return
        use_open = self.use_open.isChecked()
        snapshot = self.open_dataset
        train_file = Path(self.train_path.text())
        valid_file = Path(self.valid_path.text()) if mode == "file" else None
        counted_as = self.providers.preflight_model(self.provider_id, model)
        epochs = self.epochs.value() or None
        self._set_busy(True)
        self.summary.setText(tr("Checking the data with the base model's tokenizer…"))

        def work() -> tuple[Path, Path | None, Preflight]:
            # Files written here live in the upload cache; problems name the user's data instead.
            opened = use_open and snapshot is not None
            ready = prepare_job(counted_as, examples=list(snapshot.examples) if opened else None,  # type: ignore[union-attr]
                                name=snapshot.name if opened else "", train_file=None if opened else train_file,  # type: ignore[union-attr]
                                validation=mode, valid_file=valid_file, n_epochs=epochs)
            return ready.train, ready.valid, ready.preflight

        tasks.run(work, self._checked, self._failed)

    def _checked(self, result: tuple[Path, Path | None, Preflight]) -> None:
        train, valid, pre = result
        self.preflight = pre
        lines = [shown(pre.summary())]
        if pre.errors:
            lines.append("\n" + tr("%Ln error(s) must be fixed first:", None, len(pre.errors)))
            lines += [f"• {shown(describe_problem(f, d))}" for f, d in pre.errors[:8]]
            if len(pre.errors) > 8:
                lines.append(tr("… and %Ln more (the Datasets tab lists them all)", None, len(pre.errors) - 8))
            self.summary.setText("\n".join(lines))
            self._set_busy(False)
            return
        if pre.warnings:
            lines.append("\n" + tr("%Ln warning(s):", None, len(pre.warnings)))
            lines += [f"• {shown(describe_problem(f, d))}" for f, d in pre.warnings[:5]]
        self.summary.setText("\n".join(lines))
        if pre.warnings:
            answer = QMessageBox.question(
                self, tr("Start with warnings?"),
                tr("The data has %Ln warning(s) (listed in the dialog). Start training anyway?", None, len(pre.warnings)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                self._set_busy(False)
                return
        self._upload(self.request(train, valid))

    def _upload(self, request: JobRequest) -> None:
        pid = self.provider_id
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat(tr("Uploading the training data… %p%"))
        self.progress.show()

        def work(report) -> Any:
            client = self.providers.client(pid, timeout=600)
            return launch(client, request, lambda stage, done, total: report((stage, done, total)))

        def progress(value: tuple[str, int, int]) -> None:
            stage, done, total = value
            if stage == "creating":
                self.progress.setRange(0, 0)
                self.progress.setFormat(tr("Creating the job…"))
                return
            self.progress.setFormat(tr("Uploading the validation data… %p%") if stage == "validation"
                                    else tr("Uploading the training data… %p%"))
            self.progress.setValue(int(1000 * done / max(1, total)))

        def done(job: Any) -> None:
            self.progress.hide()
            self._set_busy(False)
            self.launched.emit(pid, job)
            self.accept()

        tasks.run(work, done, self._failed, on_progress=progress)

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self._set_busy(False)
        self.summary.setText(describe(exc, self.providers.get(self.provider_id)))

    def reject(self) -> None:
        if not self._busy:
            super().reject()
