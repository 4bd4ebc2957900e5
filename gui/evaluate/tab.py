"""The Evaluate tab: the same held-out examples through several models, each asked its
own way; scores, time and cost side by side; the worst examples first with what went
wrong marked; and every checkpoint of a job scored to find the one to use.

Runs live in core.evals (SQLite, resumable). A run goes on a pool thread; its answers
arrive through a queue that a timer drains five times a second, so the window stays
responsive however fast they come.
"""

from __future__ import annotations

import html
import queue
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core import paths
from core.chat import request as chatreq
from core.datasets import ReadError
from core.datasets.model import Example
from core.datasets.models import model_info
from core.evals import Candidate, EvalStore, Runner, items_from, load_items
from core.evals import metrics as M
from core.evals import report as R
from core.evals.judge import DEFAULT_RUBRIC, agreement, judge_run
from core.evals.runner import rescore
from core.evals.store import Result, Run
from core.evals.testset import Item
from core.jobs import names as model_names
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import describe, preset_name, shown, shown_error, tr
from ..providers import Providers
from .views import SORT_ROLE, BarChart, ExamplesModel, SummaryModel, diff_html

CHOOSABLE = ["cer", "wer", "exact", "bleu", "chrf", "json_valid", "accuracy", "macro_f1"]
DRAIN_MS = 200
SUMMARY_EVERY_S = 1.0


class ListModel(QAbstractListModel):
    """A list of plain values shown one per row (``show`` says how)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        return self.show(self.items[index.row()], role) if index.isValid() else None

    def show(self, item: Any, role: int) -> Any:
        return str(item) if role == Qt.ItemDataRole.DisplayRole else None


class RunsModel(ListModel):
    """(id, name, created, answered, total) per stored run."""

    def show(self, item: Any, role: int) -> Any:
        run_id, name, created, done, total = item
        if role == Qt.ItemDataRole.DisplayRole:
            when = time.strftime("%b %d %H:%M", time.localtime(created))
            state = "" if done >= total else f" · {done}/{total}"
            return f"{name}\n{when}{state}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return name
        if role == Qt.ItemDataRole.UserRole:
            return run_id
        return None

    def row_of(self, run_id: int | None) -> int:
        return next((i for i, r in enumerate(self.items) if r[0] == run_id), -1)


class CandidatesModel(ListModel):
    def show(self, c: Candidate, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            how = c.preset or (tr("the test set's own system prompt") if c.system is None else tr("its own system prompt"))
            return f"{c.name}  —  {how}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.model
        return None


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


class EvaluateTab(QWidget):
    status = Signal(str)
    add_to_dataset_requested = Signal(list)
    chat_requested = Signal(str, str)
    run_finished = Signal(int)  # run id
    results_shown = Signal()

    def __init__(self, providers: Providers, store: EvalStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.store = store or EvalStore()
        self.open_dataset: tuple[str, list[Example]] | None = None  # (name, examples), set by the window
        self.run: Run | None = None
        self.results: dict[tuple[int, int], Result] = {}
        self.runner: Runner | None = None
        self._incoming: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._started = 0.0
        self._todo = 0
        self._answered = 0
        self._summary_due = False
        self._summary_busy = False
        self._summary_gen = 0  # bumped when the summary is drawn from all results: older ones are stale
        self._last_summary = 0.0
        self.checkpoint_job: Any = None
        self._prepared: tuple[tuple, tuple] | None = None  # (test set key, what was read)
        self._checkpoint_run: int | None = None
        self.best_checkpoint: str | None = None
        self._build()
        self.refresh_runs()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.runs_model = RunsModel(self)
        self.runs_view = QListView()
        self.runs_view.setModel(self.runs_model)
        self.runs_view.setAccessibleName(tr("Evaluation runs"))
        self.runs_view.setWordWrap(True)
        self.new_button = QPushButton(tr("&New Run"))
        self.delete_button = QPushButton(tr("De&lete Run"))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(tr("Runs")))
        lv.addWidget(self.runs_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        lv.addLayout(row)

        # setup
        setup = QWidget()
        sv = QVBoxLayout(setup)
        test_box = QGroupBox(tr("Test set: held-out examples the models did not train on"))
        tg = QGridLayout(test_box)
        self.use_open = QRadioButton(tr("The open dataset"))
        self.use_open.setAccessibleName(tr("Use the open dataset"))
        self.use_file = QRadioButton(tr("A &file:"))
        self.use_file.setAccessibleName(tr("Use a file"))
        group = QButtonGroup(self)
        group.addButton(self.use_open)
        group.addButton(self.use_file)
        self.test_path = QLineEdit()
        self.test_path.setAccessibleName(tr("Test set file"))
        self.test_path.setPlaceholderText(tr("a JSONL, CSV, XLSX… of held-out examples"))
        self.browse = QPushButton(tr("Bro&wse…"))
        self.browse.setAccessibleName(tr("Choose the test set file"))
        tg.addWidget(self.use_open, 0, 0, 1, 3)
        tg.addWidget(self.use_file, 1, 0)
        tg.addWidget(self.test_path, 1, 1)
        tg.addWidget(self.browse, 1, 2)
        self.test_note = QLabel()
        self.test_note.setWordWrap(True)
        tg.addWidget(self.test_note, 2, 0, 1, 3)
        sv.addWidget(test_box)

        models_box = QGroupBox(tr("Models, each asked its own way"))
        mv = QVBoxLayout(models_box)
        self.cands = CandidatesModel(self)
        self.cands_view = QListView()
        self.cands_view.setModel(self.cands)
        self.cands_view.setAccessibleName(tr("Models to compare"))
        self.cands_view.setMinimumHeight(60)
        self.add_model_button = QPushButton(tr("&Add Model…"))
        self.remove_model_button = QPushButton(tr("&Remove"))
        self.remove_model_button.setAccessibleName(tr("Remove the model"))
        mrow = QHBoxLayout()
        mrow.addWidget(self.add_model_button)
        mrow.addWidget(self.remove_model_button)
        mrow.addStretch(1)
        self.cands_hint = QLabel(tr("Add each model to compare, asked its own way: for example the base model with a "
                                 "one-shot preset, and your tuned model with the short prompt it was trained with."))
        self.cands_hint.setWordWrap(True)
        mv.addWidget(self.cands_hint)
        mv.addWidget(self.cands_view, 1)
        mv.addLayout(mrow)
        sv.addWidget(models_box, 1)

        metrics_box = QGroupBox(tr("Scores (chosen from the references; switch any on or off)"))
        mg = QGridLayout(metrics_box)
        self.metric_checks: dict[str, QCheckBox] = {}
        for i, key in enumerate(CHOOSABLE):
            check = QCheckBox(tr(M.METRICS[key].label))
            check.setAccessibleName(tr("Score with {label}").format(label=tr(M.METRICS[key].label)))
            self.metric_checks[key] = check
            mg.addWidget(check, i // 4, i % 4)
        sv.addWidget(metrics_box)

        # results
        self.summary_model = SummaryModel(self)
        self.summary_view = QTableView()
        self.summary_view.setModel(self.summary_model)
        self.summary_view.setAccessibleName(tr("Summary"))
        self.summary_view.verticalHeader().hide()
        self.summary_view.setWordWrap(False)
        self.summary_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart_metric = QComboBox()
        self.chart_metric.setAccessibleName(tr("Chart this score"))
        self.chart = BarChart()
        summary = QWidget()
        smv = QVBoxLayout(summary)
        smv.addWidget(self.summary_view)
        crow = QHBoxLayout()
        chart_label = QLabel(tr("C&hart:"))
        chart_label.setBuddy(self.chart_metric)
        crow.addWidget(chart_label)
        crow.addWidget(self.chart_metric)
        crow.addStretch(1)
        self.agreement = QLabel()
        self.agreement.setAccessibleName(tr("The judge's agreement with your marks"))
        crow.addWidget(self.agreement)
        self.judge_button = QPushButton(tr("&Judge…"))
        self.judge_button.setAccessibleName(tr("Have a model score every answer from 1 to 5"))
        crow.addWidget(self.judge_button)
        smv.addLayout(crow)
        smv.addWidget(self.chart, 1)
        self.confusion = QTextBrowser()
        self.confusion.setAccessibleName(tr("Confusion matrices"))
        self.confusion.setMaximumHeight(160)
        self.confusion.hide()
        smv.addWidget(self.confusion)

        self.examples_model = ExamplesModel(self)
        self.examples_proxy = QSortFilterProxyModel(self)
        self.examples_proxy.setSourceModel(self.examples_model)
        self.examples_proxy.setSortRole(SORT_ROLE)
        self.examples_view = QTableView()
        self.examples_view.setModel(self.examples_proxy)
        self.examples_view.setAccessibleName(tr("Examples"))
        self.examples_view.setSortingEnabled(True)
        self.examples_view.verticalHeader().hide()
        self.examples_view.setWordWrap(False)
        self.examples_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.examples_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.examples_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.examples_view.horizontalHeader().setStretchLastSection(False)
        self.examples_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.sort_metric = QComboBox()
        self.sort_metric.setAccessibleName(tr("Score shown per example"))
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(tr("The example, the reference and each output"))
        self.detail_cand = QComboBox()
        self.detail_cand.setAccessibleName(tr("Output to mark"))
        self.up_button = QPushButton(tr("✓ &Good"))
        self.up_button.setAccessibleName(tr("Mark the output good"))
        self.down_button = QPushButton(tr("✗ &Bad"))
        self.down_button.setAccessibleName(tr("Mark the output bad"))
        self.add_button = QPushButton(tr("Add to &Dataset…"))
        self.add_button.setAccessibleName(tr("Add this example, with the output edited, to a dataset"))
        examples = QWidget()
        ev = QVBoxLayout(examples)
        erow = QHBoxLayout()
        score_label = QLabel(tr("Sc&ore:"))
        score_label.setBuddy(self.sort_metric)
        erow.addWidget(score_label)
        erow.addWidget(self.sort_metric)
        erow.addWidget(QLabel(tr("Click a column to sort; the worst come first.")), 1)
        ev.addLayout(erow)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.examples_view)
        below = QWidget()
        bv = QVBoxLayout(below)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(self.detail, 1)
        brow = QHBoxLayout()
        brow.addWidget(self.detail_cand, 1)
        brow.addWidget(self.up_button)
        brow.addWidget(self.down_button)
        brow.addWidget(self.add_button)
        bv.addLayout(brow)
        split.addWidget(below)
        split.setSizes([200, 260])
        ev.addWidget(split, 1)

        # checkpoints
        ckpt = QWidget()
        kv = QVBoxLayout(ckpt)
        krow = QHBoxLayout()
        self.ckpt_job = QComboBox()
        self.ckpt_job.setAccessibleName(tr("Job whose checkpoints to score"))
        self.ckpt_job.setMinimumContentsLength(24)
        self.ckpt_refresh = QPushButton(tr("Re&fresh"))
        self.ckpt_refresh.setAccessibleName(tr("List the jobs again"))
        self.ckpt_button = QPushButton(tr("&Score Every Checkpoint"))
        job_label = QLabel(tr("&Job:"))
        job_label.setBuddy(self.ckpt_job)
        krow.addWidget(job_label)
        krow.addWidget(self.ckpt_job, 1)
        krow.addWidget(self.ckpt_refresh)
        krow.addWidget(self.ckpt_button)
        kv.addLayout(krow)
        self.ckpt_note = QLabel(tr("Scores each checkpoint of a finished job on the test set, beside its validation loss."))
        self.ckpt_note.setWordWrap(True)
        kv.addWidget(self.ckpt_note)
        self.ckpt_chart = BarChart()
        self.ckpt_chart.setAccessibleName(tr("Checkpoint scores"))
        kv.addWidget(self.ckpt_chart, 1)
        self.best_button = QPushButton(tr("&Chat with the Best Checkpoint"))
        self.best_button.setEnabled(False)
        brow2 = QHBoxLayout()
        brow2.addStretch(1)
        brow2.addWidget(self.best_button)
        kv.addLayout(brow2)

        self.pages = QTabWidget()
        self.pages.setAccessibleName(tr("Evaluation pages"))
        self.pages.addTab(setup, tr("Set&up"))
        self.pages.addTab(summary, tr("Su&mmary"))
        self.pages.addTab(examples, tr("E&xamples"))
        self.pages.addTab(ckpt, tr("Chec&kpoints"))

        self.run_button = QPushButton(tr("&Run"))
        self.run_button.setAccessibleName(tr("Run the evaluation"))
        self.stop_button = QPushButton(tr("S&top"))
        self.stop_button.setAccessibleName(tr("Stop the evaluation"))
        self.stop_button.setEnabled(False)
        self.export_button = QPushButton(tr("Ex&port…"))
        self.export_button.setAccessibleName(tr("Export the run as CSV, HTML or Markdown"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Evaluation progress"))
        self.progress.setFormat(tr("%v of %m answers"))
        self.progress.setTextVisible(False)  # until there is a run to count
        self.state = QLabel()
        self.state.setAccessibleName(tr("Evaluation state"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.run_button)
        bottom.addWidget(self.stop_button)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.export_button)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.pages, 1)
        rv.addLayout(bottom)
        rv.addWidget(self.state)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._drain = QTimer(self)
        self._drain.setInterval(DRAIN_MS)
        self._drain.timeout.connect(self._take_results)

        self.new_button.clicked.connect(self.new_run)
        self.delete_button.clicked.connect(self.delete_run)
        self.runs_view.selectionModel().currentChanged.connect(self._run_chosen)
        self.browse.clicked.connect(self._browse)
        self.test_path.editingFinished.connect(self._test_changed)
        self.use_open.toggled.connect(lambda _on: self._test_changed())
        self.add_model_button.clicked.connect(self.add_candidate_dialog)
        self.remove_model_button.clicked.connect(self.remove_candidate)
        for check in self.metric_checks.values():
            check.toggled.connect(self._metrics_toggled)
        self.chart_metric.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.sort_metric.currentIndexChanged.connect(self._sort_metric_chosen)
        self.examples_view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_example())
        self.detail_cand.currentIndexChanged.connect(lambda _i: self._show_example())
        self.up_button.clicked.connect(lambda: self.mark(1))
        self.down_button.clicked.connect(lambda: self.mark(-1))
        self.add_button.clicked.connect(self.add_to_dataset)
        self.run_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.export_button.clicked.connect(lambda: self.export())
        self.ckpt_refresh.clicked.connect(self.list_jobs)
        self.judge_button.clicked.connect(self.judge_dialog)
        self.ckpt_button.clicked.connect(lambda: self.score_checkpoints())
        self.best_button.clicked.connect(self._chat_best)
        self.set_open_dataset(None)
        self._show_buttons()

    # -- the test set and candidates -------------------------------------------------------
    def set_open_dataset(self, dataset: tuple[str, list[Example]] | None) -> None:
        self.open_dataset = dataset
        if dataset and dataset[1]:
            self.use_open.setText(tr("The open dataset: {name} (%Ln example(s))", None, len(dataset[1])).format(name=dataset[0]))
            self.use_open.setEnabled(self.runner is None and self.run is None)
            if not self.test_path.text().strip() and self.run is None:
                self.use_open.setChecked(True)
        else:
            self.use_open.setText(tr("The open dataset (none is open)"))
            self.use_open.setEnabled(False)
            self.use_file.setChecked(True)
        if self.use_open.isChecked():
            self._test_changed()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose the held-out examples"), self.test_path.text(),
                                              tr("Datasets (*.jsonl *.json *.csv *.tsv *.xlsx *.txt);;All files (*)"))
        if path:
            self.set_test_file(path)

    def set_test_file(self, path: str) -> None:
        self.test_path.setText(path)
        self.use_file.setChecked(True)
        self._test_changed()

    def _test_items(self) -> tuple[str, str | None, list[Item], list[Any]]:
        """(name, path, items, skipped) for the chosen test set; raises ReadError/OSError."""
        if self.use_open.isChecked() and self.open_dataset:
            name, examples = self.open_dataset
            items, skipped = items_from(examples)
            return name, None, items, skipped
        path = self.test_path.text().strip()
        if not path:
            raise OSError(tr("choose a test set file, or open a dataset in the Datasets tab"))
        items, skipped = load_items(path)
        return Path(path).name, str(Path(path).resolve()), items, skipped

    def _test_key(self) -> tuple:
        """What the chosen test set is, to know whether the one read already is still it."""
        if self.use_open.isChecked() and self.open_dataset:
            return ("open", id(self.open_dataset[1]), len(self.open_dataset[1]))
        path = Path(self.test_path.text().strip())
        try:
            stat = path.stat()
        except OSError:
            return ("file", str(path))
        return ("file", str(path.resolve()), stat.st_mtime_ns, stat.st_size)

    def _test_changed(self) -> None:
        if self.use_file.isChecked() and not self.test_path.text().strip():
            self.test_note.setText("")
            return
        key = self._test_key()

        def done(found: tuple) -> None:
            self._prepared = (key, found)  # read off the UI thread: Run uses it as it is
            name, _path, items, skipped = found
            note = tr("%Ln example(s) to compare against their reference answers", None, len(items))
            if skipped:
                first = skipped[0]
                note += tr("; ") + tr("%Ln skipped (e.g. line {line}: {reason})", None, len(skipped)).format(
                    line=first.line, reason=shown(first.reason))
            self.test_note.setText(note)
            chosen = M.choose([i.reference for i in items]) if items else ["cer"]
            for metric, check in self.metric_checks.items():
                check.blockSignals(True)
                check.setChecked(metric in chosen)
                check.blockSignals(False)

        tasks.run(self._test_items, done, lambda exc: self.test_note.setText(shown_error(exc)))

    def add_candidate_dialog(self) -> None:
        dialog = CandidateDialog(self.providers, chatreq.builtin_presets() + chatreq.user_presets(), self)
        self.candidate_dialog = dialog
        dialog.accepted.connect(lambda: self.add_candidate(dialog.candidate()))
        dialog.open()

    def add_candidate(self, cand: Candidate | None) -> None:
        if cand is not None:
            self.cands.set_items(self.cands.items + [cand])
            self.cands_hint.hide()
            self._show_buttons()

    def remove_candidate(self) -> None:
        row = self.cands_view.currentIndex().row()
        if 0 <= row < len(self.cands.items):
            self.cands.set_items(self.cands.items[:row] + self.cands.items[row + 1:])
            self._show_buttons()

    def chosen_metrics(self) -> list[str]:
        return [k for k, c in self.metric_checks.items() if c.isChecked()]

    # -- runs --------------------------------------------------------------------------
    def refresh_runs(self) -> None:
        self.runs_model.set_items(self.store.runs())
        row = self.runs_model.row_of(self.run.id if self.run else None)
        if row >= 0:
            self.runs_view.selectionModel().blockSignals(True)
            self.runs_view.setCurrentIndex(self.runs_model.index(row))
            self.runs_view.selectionModel().blockSignals(False)

    def _run_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.runner is None:
            self.show_run(current.data(Qt.ItemDataRole.UserRole))

    def new_run(self) -> None:
        if self.runner is not None:
            return
        self.run, self.results = None, {}
        self.runs_view.clearSelection()
        self._show_results()
        self.pages.setCurrentIndex(0)
        self._show_buttons()

    def delete_run(self) -> None:
        if self.run is None or self.runner is not None:
            return
        answer = QMessageBox.question(self, tr("Delete the run?"), tr('Delete “{name}” and its answers?').format(name=self.run.name),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.store.delete(self.run.id)
            self.new_run()
            self.refresh_runs()

    def show_run(self, run_id: int) -> None:
        self.run = self.store.run(run_id)
        self.results = self.store.results(run_id)
        self.cands.set_items(self.run.candidates)
        for key, check in self.metric_checks.items():
            check.blockSignals(True)
            check.setChecked(key in self.run.metrics)
            check.blockSignals(False)
        self._show_results()
        self._show_buttons()
        if self.pages.currentIndex() == 0:
            self.pages.setCurrentIndex(1)

    def _show_buttons(self) -> None:
        running = self.runner is not None
        missing = self.run is not None and len(self.results) < self.run.size or \
            any(not r.ok for r in self.results.values())
        self.run_button.setText(tr("&Resume") if self.run is not None and missing else tr("&Run"))
        self.run_button.setEnabled(not running and (self.run is None and bool(self.cands.items) or
                                                    self.run is not None and missing))
        self.stop_button.setEnabled(running)
        self.export_button.setEnabled(self.run is not None and bool(self.results))
        for w in (self.new_button, self.delete_button, self.add_model_button, self.remove_model_button,
                  self.use_open, self.use_file, self.test_path, self.browse, self.ckpt_button):
            w.setEnabled(not running and (self.run is None or w in (self.new_button, self.delete_button,
                                                                     self.ckpt_button)))
        if self.run is None and not running and self.open_dataset is None:
            self.use_open.setEnabled(False)
        thumbs_ok = self.run is not None and self._current_result() is not None
        for b in (self.up_button, self.down_button, self.add_button):
            b.setEnabled(thumbs_ok)

    def _metrics_toggled(self) -> None:
        if self.run is None or self.runner is not None:
            return
        metrics = self.chosen_metrics()
        run = self.run
        self.store.set_metrics(run.id, metrics)
        run.metrics = metrics

        def work() -> dict:
            rescore(self.store, run)
            return self.store.results(run.id)

        def done(results: dict) -> None:
            if self.run is run:
                self.results = results
                self._show_results()

        tasks.run(work, done, lambda exc: self.status.emit(shown_error(exc)))

    def start(self, *, concurrency: int = 2) -> None:
        """Run (or resume) the evaluation off the UI thread."""
        if self.runner is not None:
            return
        if self.run is None:
            if not self.cands.items:
                self.state.setText(tr("Add at least one model to compare."))
                return
            metrics = self.chosen_metrics() or ["cer"]
            try:
                prepared = self._prepared
                found = prepared[1] if prepared is not None and prepared[0] == self._test_key() else self._test_items()
                name, path, items, _skipped = found
            except (OSError, ValueError, ReadError) as exc:  # unreadable: said in words, nothing started
                self.state.setText(shown_error(exc))
                return
            if not items:
                self.state.setText(tr("The test set has no example with an answer to compare with."))
                return
            label = ", ".join(c.name for c in self.cands.items)
            self.run = self.store.create(f"{name}: {label}", name, path, items, list(self.cands.items), metrics)
            self.results = {}
            self.refresh_runs()
        run = self.run
        providers = self.providers
        self.runner = Runner(self.store, run, lambda pid: providers.client(pid, timeout=300, max_retries=0),
                             concurrency=concurrency, on_result=self._incoming.put,
                             on_wait=lambda pid, s, exc: self._incoming.put(("wait", pid, s, exc)))
        self._todo = len(self.store.missing(run))
        self._answered = 0
        self._started = time.monotonic()
        self.progress.setRange(0, run.size)
        self.progress.setValue(sum(1 for r in self.results.values() if r.ok))
        self.progress.setTextVisible(True)
        self.state.setText(tr("Asking %Ln question(s)…", None, self._todo))
        self._show_results()
        self.pages.setCurrentIndex(1)
        self._drain.start()
        self._show_buttons()
        runner = self.runner
        tasks.run(runner.run_all, lambda _n: self._finished(runner, None), lambda exc: self._finished(runner, exc))

    def stop(self) -> None:
        if self.runner is not None:
            self.runner.stop()
            self.state.setText(tr("Stopping after the answers on their way…"))

    def _finished(self, runner: Runner, exc: BaseException | None) -> None:
        self._take_results()
        self._drain.stop()
        self.runner = None
        run = runner.run
        self.results = self.store.results(run.id)
        failed = sum(1 for r in self.results.values() if not r.ok)
        missing = len(self.store.missing(run))
        if exc is not None:
            self.state.setText(describe(exc))
        elif runner.stop_event.is_set():
            self.state.setText(tr("Stopped with %Ln answer(s) to go; Resume asks only for those.", None, missing))
        else:
            self.state.setText(tr("Done in {seconds:.0f} s").format(seconds=time.monotonic() - self._started)
                               + ("; " + tr("%Ln failed (Resume asks them again)", None, failed) if failed else ""))
        self._show_results()
        self._show_buttons()
        self.refresh_runs()
        if self._checkpoint_run == run.id:
            self.draw_checkpoints()
            self.pages.setCurrentIndex(3)
        self.run_finished.emit(run.id)

    def _take_results(self) -> None:
        """Drain what the workers delivered: a few row updates, never a full reset."""
        changed: set[int] = set()
        for _ in range(10_000):
            try:
                got = self._incoming.get_nowait()
            except queue.Empty:
                break
            if isinstance(got, tuple):
                _, pid, seconds, exc = got
                self.state.setText(describe(exc, self.providers.get(pid)) + " " + tr("Waiting {seconds:.0f} s.").format(seconds=seconds))
                continue
            if self.runner is None or self.run is None:
                continue
            self.results[(got.cand, got.item)] = got
            changed.add(got.item)
            self._answered += 1
        if not changed:
            return
        for item in changed:
            self.examples_model.item_changed(item)
        done = sum(1 for r in self.results.values() if r.ok)
        self.progress.setValue(done)
        elapsed = time.monotonic() - self._started
        left = (self._todo - self._answered) * elapsed / max(1, self._answered)
        self.state.setText(tr('{answered:,} of {todo:,} answered · about {left:.0f} s left')
                           .format(answered=self._answered, todo=self._todo, left=left))
        self._summary_due = True
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        """The summary is computed off the UI thread (corpus BLEU over many examples takes
        a moment), at most once a second while a run goes."""
        if not self._summary_due or self._summary_busy or self.run is None:
            return
        if time.monotonic() - self._last_summary < SUMMARY_EVERY_S and self.runner is not None:
            QTimer.singleShot(int(SUMMARY_EVERY_S * 1000), self._refresh_summary)
            return
        run, snapshot, gen = self.run, dict(self.results), self._summary_gen
        self._summary_due, self._summary_busy = False, True

        def done(rows: list[R.Row]) -> None:
            self._summary_busy = False
            self._last_summary = time.monotonic()
            if self.run is run and gen == self._summary_gen:  # not older than the one on screen
                self.summary_model.set_summary(run, rows)
                self._fit_summary()
                self._draw_chart()
            if self._summary_due:
                self._refresh_summary()

        def failed(exc: BaseException) -> None:
            self._summary_busy = False
            self.status.emit(tr("Cannot summarise the run: {error}").format(error=shown_error(exc)))

        tasks.run(lambda: R.summary(run, snapshot), done, failed)

    def _show_results(self) -> None:
        run = self.run
        if run is not None:
            self.progress.setRange(0, run.size)
            self.progress.setValue(sum(1 for r in self.results.values() if r.ok))
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        self.progress.setTextVisible(run is not None)
        self.cands_hint.setVisible(not self.cands.items)
        judged = run is not None and any(r.judge is not None for r in self.results.values())
        metrics = [k for k in (run.metrics if run else []) if k in M.METRICS] + (["judge"] if judged else []) \
            + (["thumbs"] if run else [])
        for combo in (self.chart_metric, self.sort_metric):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for key in metrics:
                combo.addItem(tr(M.METRICS[key].label), key)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        self.examples_model.set_run(run, self.results, self.sort_metric.currentData() or "cer")
        self.detail_cand.blockSignals(True)
        self.detail_cand.clear()
        for c in run.candidates if run else []:
            self.detail_cand.addItem(c.name)
        self.detail_cand.blockSignals(False)
        if run is None:
            self.summary_model.set_summary(None, [])
            self.chart.set_bars("", [], False)
            self.detail.clear()
        else:
            self.summary_model.set_summary(run, R.summary(run, self.results))
            self._summary_gen += 1
            self._fit_summary()
            self._draw_chart()
            self.examples_view.resizeColumnToContents(0)
            for col in (1, 2):
                self.examples_view.setColumnWidth(col, 220)
            for col in range(3, self.examples_model.columnCount()):
                self.examples_view.resizeColumnToContents(col)
        matrix = R.confusion_html(run, self.results) if run is not None else ""
        self.confusion.setHtml(matrix)
        self.confusion.setVisible(bool(matrix))
        self._show_example()
        self._show_agreement()
        self.results_shown.emit()

    def _fit_summary(self) -> None:
        """As tall as its rows (the chart gets the rest), scrolling past a dozen."""
        view = self.summary_view
        rows = min(12, max(1, self.summary_model.rowCount()))
        height = view.horizontalHeader().height() + rows * view.verticalHeader().defaultSectionSize()
        view.setMaximumHeight(height + 2 * view.frameWidth() + view.horizontalScrollBar().sizeHint().height() + 2)

    def _draw_chart(self) -> None:
        key = self.chart_metric.currentData()
        rows = self.summary_model.rows
        if not key or not rows:
            self.chart.set_bars("", [], False)
            return
        metric = M.METRICS[key]
        values = [r.values.get(key) for r in rows]
        known = [(v, i) for i, v in enumerate(values) if v is not None]
        best = (min(known) if metric.lower_is_better else max(known))[1] if len({v for v, _ in known}) > 1 else None
        better = tr("{metric} (lower is better)") if metric.lower_is_better else tr("{metric} (higher is better)")
        self.chart.set_bars(better.format(metric=tr(metric.label)),
                            [(r.name, v, R.fmt(key, v) + ("  ★ " + tr("best") if i == best else ""))
                             for i, (r, v) in enumerate(zip(rows, values))], metric.percent, best)

    def _sort_metric_chosen(self) -> None:
        key = self.sort_metric.currentData()
        if key:
            self.examples_model.set_metric(key)

    # -- one example -------------------------------------------------------------------
    def _current_item(self) -> int | None:
        index = self.examples_view.currentIndex()
        if not index.isValid() or self.run is None:
            return None
        return self.examples_proxy.mapToSource(index).row()

    def _current_result(self) -> Result | None:
        item = self._current_item()
        cand = self.detail_cand.currentIndex()
        if item is None or cand < 0:
            return None
        return self.results.get((cand, item))

    def show_example(self, item: int) -> None:
        """Select the example at ``item`` (its position in the run)."""
        self.examples_view.setCurrentIndex(self.examples_proxy.mapFromSource(self.examples_model.index(item, 0)))

    def _show_example(self) -> None:
        item_i = self._current_item()
        if item_i is None or self.run is None:
            self.detail.setHtml("<p style='color:gray'>" + tr("Choose an example to see each output beside the "
                                                              "reference.") + "</p>" if self.run else "")
            self._show_buttons()
            return
        item = self.run.items[item_i]
        title = (tr("Example {number} (line {line})") if item.line else tr("Example {number}")).format(
            number=item.index + 1, line=item.line)
        parts = [f"<h3>{html.escape(title)}</h3>",
                 f"<p><b>{tr('Input')}</b></p><pre style='white-space:pre-wrap'>{html.escape(item.input_text)}</pre>",
                 f"<p><b>{tr('Reference')}</b></p><pre style='white-space:pre-wrap'>{html.escape(item.reference)}</pre>",
                 "<p style='color:gray'>" + tr("In each output: {extra}not in the reference{end}, {missing}missing{end}.").format(
                     extra="<span style='background:#fbd5d5;text-decoration:line-through'>",
                     missing="<span style='background:#d5f5dd;text-decoration:underline'>", end="</span>") + "</p>"]
        for ci, cand in enumerate(self.run.candidates):
            r = self.results.get((ci, item_i))
            if r is None:
                parts.append(f"<p><b>{html.escape(cand.name)}</b>: {tr('not asked yet')}</p>")
                continue
            if not r.ok:
                parts.append(f"<p><b>{html.escape(cand.name)}</b>: {tr('failed')} — {html.escape(r.error or '')}</p>")
                continue
            scores = " · ".join(f"{tr(M.METRICS[k].label)} {R.fmt(k, v)}" for k, v in r.scores.items() if k in M.METRICS)
            timing = f"{r.total:.2f} s" if r.total is not None else ""
            thumb = {1: " ✓ " + tr("good"), -1: " ✗ " + tr("bad")}.get(r.thumbs or 0, "")
            if r.judge is not None or r.reason:
                judged = tr("judge {score:g}/5").format(score=r.judge) if r.judge is not None else tr("judge")
                scores += f" · {judged}: {html.escape(r.reason or '')}"
            parts.append(f"<p><b>{html.escape(cand.name)}</b>{thumb} <span style='color:gray'>{scores} · {timing}"
                         f"</span></p><div style='font-family:monospace'>{diff_html(r.output, item.reference)}</div>")
        self.detail.setHtml("".join(parts))
        self._show_buttons()

    def mark(self, thumbs: int) -> None:
        r = self._current_result()
        if r is None or self.run is None:
            return
        r.thumbs = None if r.thumbs == thumbs else thumbs  # pressing it again takes it back
        self.store.mark(self.run.id, r.cand, r.item, thumbs=r.thumbs)
        self.examples_model.item_changed(r.item)
        self._summary_due = True
        self._refresh_summary()
        self._show_example()
        self._show_agreement()

    def add_to_dataset(self) -> None:
        """The example with this output as its answer, to be edited into the right one."""
        r = self._current_result()
        if r is None or self.run is None:
            return
        item = self.run.items[r.item]
        messages = (list(item.messages) if item.prompt is None else [{"role": "user", "content": item.prompt}])
        self.add_to_dataset_requested.emit(messages + [{"role": "assistant", "content": r.output}])

    # -- the judge ---------------------------------------------------------------------
    def judge_dialog(self) -> None:
        if self.run is None:
            return
        rubric = (self.run.settings.get("judge") or {}).get("rubric") or DEFAULT_RUBRIC
        dialog = JudgeDialog(self.providers, rubric, self)
        self.judge_dialog_shown = dialog
        dialog.accepted.connect(lambda: self.judge(dialog.provider.currentData(), dialog.model.currentText().strip(),
                                                   dialog.rubric.toPlainText()))
        dialog.open()

    def judge(self, provider_id: str, model: str, rubric: str) -> None:
        """Score every answer with ``model`` (off the UI thread), then show the scores."""
        if self.run is None or self.runner is not None or not model:
            return
        run = self.run
        again = (run.settings.get("judge") or {}) != {"model": model, "rubric": rubric}
        self.judge_button.setEnabled(False)
        self.state.setText(tr('{model} is judging the answers…').format(model=model))
        self.judging = threading.Event()
        stop = self.judging

        def work() -> int:
            client = self.providers.client(provider_id, timeout=300)
            return judge_run(self.store, run, client, model, rubric, stop=stop, again=again)

        def done(scored: int) -> None:
            self.judge_button.setEnabled(True)
            self.state.setText(tr("{model} scored %Ln answer(s).", None, scored).format(model=model))
            if self.run is run:
                self.results = self.store.results(run.id)
                self._show_results()

        def failed(exc: BaseException) -> None:
            self.judge_button.setEnabled(True)
            self.state.setText(describe(exc, self.providers.get(provider_id)))

        tasks.run(work, done, failed)

    def _show_agreement(self) -> None:
        if self.run is None or not any(r.judge is not None for r in self.results.values()):
            self.agreement.setText("")
            return
        tau, n = agreement(self.results)
        if tau is None:
            self.agreement.setText(tr("Mark outputs good or bad to see if the judge agrees with you."))
        else:
            self.agreement.setText(tr("The judge agrees with your marks: Kendall's τ = {tau:.2f} over {n} outputs").format(tau=tau, n=n))

    # -- export ------------------------------------------------------------------------
    def export(self, path: str | None = None) -> None:
        if self.run is None:
            return
        if not path:
            stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in self.run.test_name.rsplit(".", 1)[0])
            path, _ = QFileDialog.getSaveFileName(self, tr("Export the run"), f"{stem}-evaluation.html",
                                                  tr("HTML report (*.html);;Markdown (*.md);;CSV, one row per answer (*.csv)"))
        if not path:
            return
        suffix = Path(path).suffix.lower()
        text = (R.to_html(self.run, self.results) if suffix in (".html", ".htm") else
                R.to_markdown(self.run, self.results) if suffix in (".md", ".markdown") else
                R.to_csv(self.run, self.results))
        from core.util.files import atomic_write

        try:
            atomic_write(path, [text.encode("utf-8")], backup=False)
        except OSError as exc:
            QMessageBox.warning(self, tr("Cannot export"), f"{path}: {exc.strerror or exc}")
            return
        self.status.emit(tr("Exported the run to {path}").format(path=path))

    # -- checkpoints -------------------------------------------------------------------
    def list_jobs(self) -> None:
        self.ckpt_note.setText(tr("Listing the jobs on this computer…"))

        def work() -> list[Any]:
            client = self.providers.client(LOCAL_ID, timeout=30, max_retries=0)
            return [j for j in client.fine_tuning.jobs.list(limit=100) if j.status == "succeeded"]

        def done(jobs: list[Any]) -> None:
            keep = self.ckpt_job.currentData()
            self.ckpt_job.clear()
            for j in jobs:
                self.ckpt_job.addItem(model_names.label(j.fine_tuned_model or j.id), j.id)
            self.ckpt_job.setCurrentIndex(max(0, self.ckpt_job.findData(keep)))
            self.ckpt_note.setText("" if jobs else tr("No finished job on this computer yet."))

        tasks.run(work, done, lambda exc: self.ckpt_note.setText(describe(exc)))

    def evaluate_job(self, provider_id: str, job: Any) -> None:
        """From the Train tab: the tuned model, on the job's validation file when it has one."""
        self.new_run()
        info = model_info(job.model)
        spent = (info.train_per_1m * job.trained_tokens / 1e6
                 if info.train_per_1m and getattr(job, "trained_tokens", None) else None)
        self.cands.set_items([Candidate(provider_id, job.fine_tuned_model, training_cost=spent)])
        if job.validation_file:
            def work() -> str:
                client = self.providers.client(provider_id, timeout=120)
                target = paths.cache_dir() / "evaluation" / f"{job.validation_file}.jsonl"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(client.files.content(job.validation_file).read())
                return str(target)

            tasks.run(work, self.set_test_file, lambda exc: self.test_note.setText(describe(exc)))
        self._show_buttons()

    def score_checkpoints(self, job_id: str | None = None, concurrency: int = 2) -> None:
        """Every checkpoint of a local job (and its final model) on the chosen test set."""
        job_id = job_id or self.ckpt_job.currentData()
        if not job_id or self.runner is not None:
            return
        self.ckpt_note.setText(tr("Reading the job's checkpoints…"))

        def work() -> tuple[Any, list[Any]]:
            client = self.providers.client(LOCAL_ID, timeout=30, max_retries=0)
            job = client.fine_tuning.jobs.retrieve(job_id)
            ckpts = sorted(client.fine_tuning.jobs.checkpoints.list(job_id, limit=100), key=lambda c: c.step_number)
            return job, ckpts

        def done(found: tuple[Any, list[Any]]) -> None:
            job, ckpts = found
            self.checkpoint_job = (job, ckpts)
            self.new_run()
            self.cands.set_items([Candidate(LOCAL_ID, c.fine_tuned_model_checkpoint, label=tr("step {step}").format(step=c.step_number))
                                  for c in ckpts])
            self.ckpt_note.setText(tr("Scoring %Ln checkpoint(s) of {model}…", None, len(ckpts))
                                   .format(model=model_names.label(job.fine_tuned_model)))
            self.start(concurrency=concurrency)
            self._checkpoint_run = self.run.id if self.run is not None else None

        tasks.run(work, done, lambda exc: self.ckpt_note.setText(describe(exc)))

    def draw_checkpoints(self) -> int | None:
        """The chosen score per checkpoint beside its validation loss; the best marked.
        Returns the best checkpoint's position."""
        if self.checkpoint_job is None or self.run is None:
            return None
        job, ckpts = self.checkpoint_job
        key = next((k for k in self.run.metrics if k in M.METRICS), "cer")
        metric = M.METRICS[key]
        rows = R.summary(self.run, self.results)
        bars = []
        for row, ck in zip(rows, ckpts):
            loss = getattr(ck.metrics, "valid_loss", None) if ck.metrics else None
            shown = R.fmt(key, row.values.get(key)) + (" · " + tr("validation loss {loss:.3f}").format(loss=loss)
                                                       if loss is not None else "")
            bars.append((tr("step {step}").format(step=ck.step_number), row.values.get(key), shown))
        known = [(v, i) for i, (_, v, _) in enumerate(bars) if v is not None]
        best = (min(known) if metric.lower_is_better else max(known))[1] if known else None
        title = tr("{metric} by checkpoint (lower is better); the best in orange") if metric.lower_is_better else \
            tr("{metric} by checkpoint (higher is better); the best in orange")
        self.ckpt_chart.set_bars(title.format(metric=tr(metric.label)), bars, metric.percent, best)
        self.best_button.setEnabled(best is not None)
        self.best_checkpoint = ckpts[best].fine_tuned_model_checkpoint if best is not None else None
        if best is not None:
            self.ckpt_note.setText(tr("Best: step {step} ({value}).").format(step=ckpts[best].step_number, value=R.fmt(key, bars[best][1])))
        return best

    def _chat_best(self) -> None:
        if self.best_checkpoint:
            self.chat_requested.emit(LOCAL_ID, self.best_checkpoint)

    def shutdown(self) -> None:
        if self.runner is not None:
            self.runner.stop()
        self._drain.stop()
