"""What the Train tab's buttons do to the selected job: cancel it, export its model or a
checkpoint, save its step metrics as CSV, open an imported job's training data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.jobs.monitor import metrics_csv, result_csv
from core.util.files import atomic_write

from .. import tasks
from ..i18n import describe, tr
from ..migrate.imported import provider_of
from .jobs_model import STATUS_TEXT


class JobActions(QObject):
    def __init__(self, tab: Any) -> None:  # the TrainTab (which imports this module)
        super().__init__(tab)
        self.tab = tab

    def cancel(self) -> None:
        tab = self.tab
        t = tab.tracker
        if t is None or t.finished:
            return
        pid, job_id = tab.provider_id, t.job_id
        step, total = t.progress
        done = " " + tr("It is at step {step:,} of {total:,}; that work is lost.").format(step=step, total=total) if step else ""
        answer = QMessageBox.question(
            tab, tr("Cancel this job?"),
            tr('Cancel {job_id}?{done} A cancelled job cannot be started again.').format(job_id=job_id, done=done),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        tab.job.cancel_button.setEnabled(False)
        tab.status.emit(tr("Cancelling {job}…").format(job=job_id))
        tasks.run(lambda: tab.providers.client(pid).fine_tuning.jobs.cancel(job_id),
                  lambda job: (tab.status.emit(tr("{job}: {status}").format(
                      job=job_id, status=tr(STATUS_TEXT.get(job.status, job.status)))),
                               tab.follower.poll_now()),
                  lambda exc: (tab.show_problem(describe(exc, tab.providers.get(pid))),
                               tab.job.cancel_button.setEnabled(True)))

    def export(self) -> None:
        """The job's model or one of its checkpoints, written where other tools load it."""
        from .export_dialog import ExportDialog

        t = self.tab
        job = t.tracker.job if t.tracker else None
        if job is None or not job.fine_tuned_model:
            return

        choices = [job.fine_tuned_model] + [c.fine_tuned_model_checkpoint for c in t.tracker.checkpoints]
        self.export_window = ExportDialog(job.fine_tuned_model, choices, t.providers.base_model_paths(), t)
        self.export_window.exported.connect(lambda folder: t.status.emit(tr("Exported to {folder}").format(folder=folder)))
        self.export_window.open()

    def download_csv(self, path: str | None = None) -> None:
        tab = self.tab
        t = tab.tracker
        if t is None or t.job is None or not (t.job.result_files or t.metrics):
            return
        if path is None:
            start = str(Path.home() / f"{t.job_id}-metrics.csv")
            path, _ = QFileDialog.getSaveFileName(tab, tr("Save the step metrics"), start, tr("CSV (*.csv)"))
            if not path:
                return
        pid, job = tab.provider_id, t.job
        target = Path(path)
        followed = list(t.metrics)

        imported = tab.imported

        def work() -> Path:
            # A job that ended without a result file (cancelled part-way) still has the
            # steps this window followed; an imported one has the copy brought home.
            if imported:
                from core.migrate.history import result_bytes

                from ..migrate import archive

                data = result_bytes(archive(), provider_of(pid), job.model_dump(mode="json")) or metrics_csv(followed)
            else:
                data = result_csv(tab.providers.client(pid), job) if job.result_files else metrics_csv(followed)
            return atomic_write(target, [data or b""])

        tasks.run(work, lambda p: tab.status.emit(tr("Saved the step metrics to {path}").format(path=p)),
                  lambda exc: tab.show_problem(describe(exc, tab.providers.get(pid))))

    def open_imported_data(self) -> None:
        from core.migrate.importer import job_files

        from ..migrate import archive

        t = self.tab
        job = t.tracker.job if t.tracker else None
        if job is None or not t.imported:
            return
        file_id = next(f for f, role in job_files(job.model_dump(mode="json")) if role == "training")
        stored = archive().file(t.serving_id, file_id)
        if stored is not None and stored.complete:
            t.open_data_requested.emit(str(stored.path))
