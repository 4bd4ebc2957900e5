"""The Evaluate tab: the same held-out examples through several models, each asked its
own way; scores, time and cost side by side; the worst examples first with what went
wrong marked; and every checkpoint of a job scored to find the one to use.

Runs live in core.evals (SQLite, resumable). A run goes on a pool thread; its answers
arrive through a queue that a timer drains five times a second, so the window stays
responsive however fast they come. The tab wires the pages (``setup_page``,
``results_pages``, ``checkpoints_page``) to the run.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QSplitter, QTabWidget, QVBoxLayout, QWidget

from core import paths
from core.datasets import ReadError
from core.datasets.model import Example
from core.datasets.models import model_info
from core.evals import Candidate, EvalStore, Runner
from core.evals import metrics as M
from core.evals import report as R
from core.evals.judge import DEFAULT_RUBRIC
from core.evals.runner import rescore
from core.evals.store import Result, Run
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import describe, shown_error, tr
from ..providers import Providers
from .checkpoints_page import CheckpointsPage
from .dialogs import JudgeDialog
from .results_pages import ExamplesPage, SummaryPage
from .running import RunBar, RunList
from .setup_page import SetupPage


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
        self.run: Run | None = None
        self.results: dict[tuple[int, int], Result] = {}
        self._build()
        self.refresh_runs()

    def _build(self) -> None:
        self.runs = RunList()
        self.setup = SetupPage(self.providers)
        self.summary = SummaryPage()
        self.examples = ExamplesPage()
        self.checkpoints = CheckpointsPage(self.providers)
        self.pages = QTabWidget()
        self.pages.setAccessibleName(tr("Evaluation pages"))
        self.pages.addTab(self.setup, tr("Set&up"))
        self.pages.addTab(self.summary, tr("Su&mmary"))
        self.pages.addTab(self.examples, tr("E&xamples"))
        self.pages.addTab(self.checkpoints, tr("Chec&kpoints"))

        self.bar = RunBar()
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.pages, 1)
        rv.addWidget(self.bar)
        splitter = QSplitter()
        splitter.addWidget(self.runs)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.runs.new_button.clicked.connect(self.new_run)
        self.runs.delete_button.clicked.connect(self.delete_run)
        self.runs.chosen.connect(self._run_chosen)
        self.bar.answered.connect(self._answered)
        self.bar.ended.connect(self._finished)
        self.setup.candidates_changed.connect(self._show_buttons)
        self.setup.metrics_toggled.connect(self._metrics_toggled)
        self.summary.judge_requested.connect(self.judge_dialog)
        self.summary.said.connect(self.state.setText)
        self.summary.judged.connect(self._judged)
        self.summary.failed.connect(self.status)
        self.summary.source = lambda: (self.run, self.results, self.runner is not None)
        self.examples.current_changed.connect(self._show_example)
        self.examples.marked.connect(self.mark)
        self.examples.add_requested.connect(self.add_to_dataset)
        self.checkpoints.score_requested.connect(self.score_checkpoints)
        self.checkpoints.chat_requested.connect(self.chat_requested)
        self.bar.run_button.clicked.connect(self.start)
        self.bar.export_button.clicked.connect(lambda: self.export())
        self.setup.set_open_dataset(None)
        self._show_buttons()

    def set_open_dataset(self, dataset: tuple[str, list[Example]] | None) -> None:
        """The Datasets tab's open dataset (name, examples), to evaluate on."""
        self.setup.set_open_dataset(dataset)

    # -- runs --------------------------------------------------------------------------
    @property
    def runner(self) -> Runner | None:
        return self.bar.runner

    @property
    def state(self) -> QLabel:
        return self.bar.state

    def refresh_runs(self) -> None:
        self.runs.set_runs(self.store.runs(), self.run.id if self.run else None)

    def _run_chosen(self, run_id: int) -> None:
        if self.runner is None:
            self.show_run(run_id)

    def new_run(self) -> None:
        if self.runner is not None:
            return
        self.run, self.results = None, {}
        self.runs.clear_choice()
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
        self.setup.set_candidates(self.run.candidates)
        self.setup.set_metrics(self.run.metrics)
        self._show_results()
        self._show_buttons()
        if self.pages.currentIndex() == 0:
            self.pages.setCurrentIndex(1)

    def _show_buttons(self) -> None:
        running = self.runner is not None
        missing = self.run is not None and len(self.results) < self.run.size or \
            any(not r.ok for r in self.results.values())
        bar = self.bar
        bar.run_button.setText(tr("&Resume") if self.run is not None and missing else tr("&Run"))
        bar.run_button.setEnabled(not running and (self.run is None and bool(self.setup.candidates()) or
                                                    self.run is not None and missing))
        bar.stop_button.setEnabled(running)
        bar.export_button.setEnabled(self.run is not None and bool(self.results))
        for w in (self.runs.new_button, self.runs.delete_button, self.checkpoints.score_button):
            w.setEnabled(not running)
        self.setup.set_editable(not running and self.run is None)
        self.examples.set_markable(self.run is not None and self.examples.current_result(self.results) is not None)

    def _metrics_toggled(self) -> None:
        if self.run is None or self.runner is not None:
            return
        metrics = self.setup.chosen_metrics()
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

        tasks.run(work, done, lambda exc: self.status.emit(shown_error(exc)), parent=self)

    def start(self, *, concurrency: int = 2) -> None:
        """Run (or resume) the evaluation off the UI thread."""
        if self.runner is not None:
            return
        if self.run is None:
            cands = self.setup.candidates()
            if not cands:
                self.state.setText(tr("Add at least one model to compare."))
                return
            metrics = self.setup.chosen_metrics() or ["cer"]
            try:
                name, path, items, _skipped = self.setup.items()
            except (OSError, ValueError, ReadError) as exc:  # unreadable: said in words, nothing started
                self.state.setText(shown_error(exc))
                return
            if not items:
                self.state.setText(tr("The test set has no example with an answer to compare with."))
                return
            label = ", ".join(c.name for c in cands)
            self.run = self.store.create(f"{name}: {label}", name, path, items, cands, metrics)
            self.results = {}
            self.refresh_runs()
        self.bar.go(self.store, self.run, self.results, self.providers, concurrency)
        self._show_results()
        self.pages.setCurrentIndex(1)
        self._show_buttons()

    def stop(self) -> None:
        self.bar.stop()

    def _finished(self, runner: Runner, exc: BaseException | None) -> None:
        run = runner.run
        self.results = self.store.results(run.id)
        failed = sum(1 for r in self.results.values() if not r.ok)
        self.bar.say_ended(runner, exc, len(self.store.missing(run)), failed)
        self._show_results()
        self._show_buttons()
        self.refresh_runs()
        if self.checkpoints.run_id == run.id:
            self.checkpoints.draw(run, self.results)
            self.pages.setCurrentIndex(3)
        self.run_finished.emit(run.id)

    def _answered(self, items: set[int]) -> None:
        for item in items:
            self.examples.examples_model.item_changed(item)
        self.summary.refresh()

    def _show_results(self) -> None:
        run = self.run
        self.bar.show_run(run, self.results)
        judged = run is not None and any(r.judge is not None for r in self.results.values())
        metrics = [k for k in (run.metrics if run else []) if k in M.METRICS] + (["judge"] if judged else []) \
            + (["thumbs"] if run else [])
        self.examples.show_run(run, self.results, metrics)
        self.summary.show_run(run, self.results, metrics)
        self._show_example()
        self.results_shown.emit()

    # -- one example -------------------------------------------------------------------
    def _current_result(self) -> Result | None:
        return self.examples.current_result(self.results) if self.run is not None else None

    def _show_example(self) -> None:
        self.examples.show_detail(self.run, self.results)
        self._show_buttons()

    def mark(self, thumbs: int) -> None:
        r = self._current_result()
        if r is None or self.run is None:
            return
        r.thumbs = None if r.thumbs == thumbs else thumbs  # pressing it again takes it back
        self.store.mark(self.run.id, r.cand, r.item, thumbs=r.thumbs)
        self.examples.examples_model.item_changed(r.item)
        self.summary.refresh()
        self._show_example()
        self.summary.show_agreement(self.run, self.results)

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
        if self.run is not None and self.runner is None and model:
            self.summary.judge(self.providers, self.store, self.run, provider_id, model, rubric)

    def _judged(self, run_id: int) -> None:
        if self.run is not None and self.run.id == run_id:
            self.results = self.store.results(run_id)
            self._show_results()

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
        try:
            R.export(path, self.run, self.results)
        except OSError as exc:
            QMessageBox.warning(self, tr("Cannot export"), f"{path}: {exc.strerror or exc}")
            return
        self.status.emit(tr("Exported the run to {path}").format(path=path))

    # -- from the Train tab, and checkpoints -------------------------------------------
    def evaluate_job(self, provider_id: str, job: Any) -> None:
        """From the Train tab: the tuned model, on the job's validation file when it has one."""
        self.new_run()
        info = model_info(job.model)
        spent = (info.train_per_1m * job.trained_tokens / 1e6
                 if info.train_per_1m and getattr(job, "trained_tokens", None) else None)
        self.setup.set_candidates([Candidate(provider_id, job.fine_tuned_model, training_cost=spent)])
        if job.validation_file:
            def work() -> str:
                client = self.providers.client(provider_id, timeout=120)
                target = paths.cache_dir() / "evaluation" / f"{job.validation_file}.jsonl"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(client.files.content(job.validation_file).read())
                return str(target)

            tasks.run(work, self.setup.set_test_file, lambda exc: self.setup.test_note.setText(describe(exc)))
        self._show_buttons()

    def score_checkpoints(self, job_id: str | None = None, concurrency: int = 2) -> None:
        """Every checkpoint of a local job (and its final model) on the chosen test set."""
        job_id = job_id or self.checkpoints.job.currentData()
        if not job_id or self.runner is not None:
            return

        def then(_job: Any, ckpts: list[Any]) -> None:
            self.new_run()
            self.setup.set_candidates([Candidate(LOCAL_ID, c.fine_tuned_model_checkpoint,
                                                 label=tr("step {step}").format(step=c.step_number)) for c in ckpts])
            self.start(concurrency=concurrency)
            self.checkpoints.run_id = self.run.id if self.run is not None else None

        self.checkpoints.read(job_id, then)

    def shutdown(self) -> None:
        self.bar.shutdown()
        self.summary.stop_judging()  # quitting does not wait for a judge to score every answer
