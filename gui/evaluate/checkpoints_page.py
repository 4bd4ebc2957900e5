"""The Evaluate tab's Checkpoints page: a finished local job's checkpoints scored on the
test set, beside their validation loss, to find the one to chat with."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.evals import metrics as M
from core.evals import report as R
from core.evals.store import Result, Run
from core.jobs import names as model_names
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import describe, tr
from ..providers import Providers
from .views import BarChart


class CheckpointsPage(QWidget):
    score_requested = Signal(str)  # job id
    chat_requested = Signal(str, str)  # provider id, model

    def __init__(self, providers: Providers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.checkpoint_job: tuple[Any, list[Any]] | None = None  # (job, its checkpoints by step)
        self.run_id: int | None = None  # the run scoring them
        self.best_checkpoint: str | None = None
        kv = QVBoxLayout(self)
        krow = QHBoxLayout()
        self.job = QComboBox()
        self.job.setAccessibleName(tr("Job whose checkpoints to score"))
        self.job.setMinimumContentsLength(24)
        self.refresh = QPushButton(tr("Re&fresh"))
        self.refresh.setAccessibleName(tr("List the jobs again"))
        self.score_button = QPushButton(tr("&Score Every Checkpoint"))
        job_label = QLabel(tr("&Job:"))
        job_label.setBuddy(self.job)
        krow.addWidget(job_label)
        krow.addWidget(self.job, 1)
        krow.addWidget(self.refresh)
        krow.addWidget(self.score_button)
        kv.addLayout(krow)
        self.note = QLabel(tr("Scores each checkpoint of a finished job on the test set, beside its validation loss."))
        self.note.setWordWrap(True)
        kv.addWidget(self.note)
        self.chart = BarChart()
        self.chart.setAccessibleName(tr("Checkpoint scores"))
        kv.addWidget(self.chart, 1)
        self.best_button = QPushButton(tr("&Chat with the Best Checkpoint"))
        self.best_button.setEnabled(False)
        brow = QHBoxLayout()
        brow.addStretch(1)
        brow.addWidget(self.best_button)
        kv.addLayout(brow)
        self.refresh.clicked.connect(self.list_jobs)
        self.score_button.clicked.connect(lambda: self.job.currentData() and self.score_requested.emit(self.job.currentData()))
        self.best_button.clicked.connect(self._chat_best)

    def list_jobs(self) -> None:
        self.note.setText(tr("Listing the jobs on this computer…"))

        def work() -> list[Any]:
            client = self.providers.client(LOCAL_ID, timeout=30, max_retries=0)
            return [j for j in client.fine_tuning.jobs.list(limit=100) if j.status == "succeeded"]

        def done(jobs: list[Any]) -> None:
            keep = self.job.currentData()
            self.job.clear()
            for j in jobs:
                self.job.addItem(model_names.label(j.fine_tuned_model or j.id), j.id)
            self.job.setCurrentIndex(max(0, self.job.findData(keep)))
            self.note.setText("" if jobs else tr("No finished job on this computer yet."))

        tasks.run(work, done, lambda exc: self.note.setText(describe(exc)), parent=self)

    def read(self, job_id: str, then: Any) -> None:
        """The job and its checkpoints (off the UI thread), then ``then(job, checkpoints)``."""
        self.note.setText(tr("Reading the job's checkpoints…"))

        def work() -> tuple[Any, list[Any]]:
            client = self.providers.client(LOCAL_ID, timeout=30, max_retries=0)
            job = client.fine_tuning.jobs.retrieve(job_id)
            ckpts = sorted(client.fine_tuning.jobs.checkpoints.list(job_id, limit=100), key=lambda c: c.step_number)
            return job, ckpts

        def done(found: tuple[Any, list[Any]]) -> None:
            job, ckpts = found
            self.checkpoint_job = (job, ckpts)
            self.note.setText(tr("Scoring %Ln checkpoint(s) of {model}…", None, len(ckpts))
                              .format(model=model_names.label(job.fine_tuned_model)))
            then(job, ckpts)

        tasks.run(work, done, lambda exc: self.note.setText(describe(exc)), parent=self)

    def draw(self, run: Run, results: dict[tuple[int, int], Result]) -> int | None:
        """The chosen score per checkpoint beside its validation loss; the best marked.
        Returns the best checkpoint's position."""
        if self.checkpoint_job is None:
            return None
        _job, ckpts = self.checkpoint_job
        key = next((k for k in run.metrics if k in M.METRICS), "cer")
        metric = M.METRICS[key]
        rows = R.summary(run, results)
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
        self.chart.set_bars(title.format(metric=tr(metric.label)), bars, metric.percent, best)
        self.best_button.setEnabled(best is not None)
        self.best_checkpoint = ckpts[best].fine_tuned_model_checkpoint if best is not None else None
        if best is not None:
            self.note.setText(tr("Best: step {step} ({value}).").format(step=ckpts[best].step_number, value=R.fmt(key, bars[best][1])))
        return best

    def _chat_best(self) -> None:
        if self.best_checkpoint:
            self.chat_requested.emit(LOCAL_ID, self.best_checkpoint)
