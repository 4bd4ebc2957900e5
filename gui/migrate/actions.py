"""The window's side of leaving a provider: opens the import, retrain and distill dialogs
and routes what they produce (imported jobs to the Train tab, a new job to be followed,
a kept dataset to the Datasets tab)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from ..i18n import tr


class Leaving(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: Any = None
        train = window.train
        train.import_requested.connect(self.import_jobs)
        train.retrain_requested.connect(self.retrain)
        train.keep_requested.connect(self.keep)
        train.open_data_requested.connect(window.open_path)
        window.providers.import_requested.connect(self.import_jobs)

    def _parent(self) -> Any:
        # Preferences may be open (its Providers page links here): stack on top of it
        return QApplication.activeModalWidget() or self.window

    def import_jobs(self, provider_id: str = "openai") -> None:
        from .import_dialog import ImportDialog

        self.dialog = ImportDialog(self.window.providers, provider_id or "openai", self._parent())
        self.dialog.imported.connect(self._imported)
        self.dialog.open()

    def _imported(self, provider_id: str, job_ids: list) -> None:
        self.window.train.show_imported(provider_id, job_ids[0] if job_ids else None)
        if self.window.tabs.currentWidget() is not self.window.train:
            self.window.tabs.setCurrentWidget(self.window.train)

    def retrain(self, provider_id: str, job_id: str) -> None:
        from .retrain_dialog import RetrainDialog

        self.dialog = RetrainDialog(self.window.providers, provider_id, job_id, self.window)
        self.dialog.launched.connect(self.window._launched)
        self.dialog.open()

    def keep(self, provider_id: str, job: Any) -> None:
        from .distill_dialog import DistillDialog, training_path

        rows = [e.data for e in self.window.datasets.ctl.doc.examples if e.data is not None]
        self.dialog = DistillDialog(self.window.providers, provider_id, job.fine_tuned_model or "",
                                    training_path(provider_id, job.id), rows, self.window)
        self.dialog.written.connect(self._kept)
        self.dialog.open()

    def _kept(self, path: str) -> None:
        if self.window.open_path(path):
            self.window.statusBar().showMessage(
                tr("Opened the kept answers. Train a model on them with New Job…, then compare the two in "
                   "Evaluate."), 20_000)
