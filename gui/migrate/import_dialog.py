"""Train ▸ Import from OpenAI…: list a provider's fine-tuning jobs (every page), choose
some, and bring them home — settings, events, loss curves, checkpoints, the fine-tuned
model's record, training/validation/result files. Stopping keeps what arrived; importing
again goes on from there and adds nothing twice."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.migrate.deadline import closing
from core.migrate.importer import Cancelled, import_jobs, remote_jobs
from core.providers import ProviderKind

from .. import tasks
from ..i18n import QT_TR_NOOP, describe, shown, tr
from ..providers import Providers
from ..train.jobs_model import STATUS_TEXT, suffix_of
from . import archive

COLUMNS = (QT_TR_NOOP("Job"), QT_TR_NOOP("Status"), QT_TR_NOOP("Base model"), QT_TR_NOOP("Suffix"),
           QT_TR_NOOP("Created"), QT_TR_NOOP("Files"), QT_TR_NOOP("Here"))


class ImportDialog(QDialog):
    imported = Signal(str, list)  # provider id, job ids

    def __init__(self, providers: Providers, provider_id: str = "openai", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.jobs: list[Any] = []
        self._cancel = threading.Event()
        self._busy = False
        self.setWindowTitle(tr("Import Fine-Tuning Jobs"))
        self.resize(820, 520)

        self.provider = QComboBox()
        self.provider.setAccessibleName(tr("Provider to import from"))
        for p in providers.items:
            if p.kind is not ProviderKind.LOCAL:
                self.provider.addItem(p.name, p.id)
        self.provider.setCurrentIndex(max(0, self.provider.findData(provider_id)))
        self.list_button = QPushButton(tr("&List Jobs"))
        self.list_button.setAccessibleName(tr("List the provider's fine-tuning jobs"))
        top = QHBoxLayout()
        label = QLabel(tr("&From:"))
        label.setBuddy(self.provider)
        top.addWidget(label)
        top.addWidget(self.provider, 1)
        top.addWidget(self.list_button)

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(tr("About this provider"))
        self.notice.setStyleSheet("QLabel { background: #fff4e5; color: #7a4100; border: 1px solid #f0c27b;"
                                  " border-radius: 4px; padding: 6px; }")

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("The provider's fine-tuning jobs"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.all_button = QPushButton(tr("Select &All"))
        self.none_button = QPushButton(tr("Select &None"))
        picks = QHBoxLayout()
        picks.addWidget(self.all_button)
        picks.addWidget(self.none_button)
        picks.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Import progress"))
        self.progress.hide()
        self.state = QLabel(tr("List the jobs, tick the ones to bring home, then Import."))
        self.state.setWordWrap(True)
        self.state.setAccessibleName(tr("Import state"))
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton(tr("&Import"))
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.stop_button = QPushButton(tr("&Stop"))
        self.stop_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addLayout(picks)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)

        self.provider.currentIndexChanged.connect(self._provider_chosen)
        self.list_button.clicked.connect(self.list_jobs)
        self.all_button.clicked.connect(lambda: self._tick_all(True))
        self.none_button.clicked.connect(lambda: self._tick_all(False))
        self.model.itemChanged.connect(lambda _item: self._update_buttons())
        self.import_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.buttons.rejected.connect(self.reject)
        self._provider_chosen()

    @property
    def provider_id(self) -> str:
        return self.provider.currentData() or ""

    def _provider_chosen(self) -> None:
        self.model.setRowCount(0)
        self.jobs = []
        p = self.providers.get(self.provider_id) if self.provider_id else None
        c = closing(p) if p is not None else None
        self.notice.setText(shown(c.notice()) if c else "")
        self.notice.setVisible(c is not None)
        self._update_buttons()

    # -- listing -----------------------------------------------------------------------
    def list_jobs(self) -> None:
        pid = self.provider_id
        if not pid:
            return
        self.list_button.setEnabled(False)
        self.state.setText(tr("Asking {provider} for its jobs…").format(provider=self.providers.get(pid).name))
        providers = self.providers

        def work() -> list[Any]:
            return remote_jobs(providers.client(pid, timeout=60))

        def done(jobs: list[Any]) -> None:
            self.list_button.setEnabled(True)
            if pid != self.provider_id:
                return
            self.show_jobs(jobs)

        def failed(exc: BaseException) -> None:
            self.list_button.setEnabled(True)
            self.state.setText(describe(exc, self.providers.get(pid)))

        tasks.run(work, done, failed)

    def show_jobs(self, jobs: list[Any]) -> None:
        self.jobs = jobs
        store = archive()
        self.model.setRowCount(0)
        for job in jobs:
            here = store.job(self.provider_id, job.id) is not None
            files = 1 + bool(job.validation_file) + len(job.result_files or [])
            first = QStandardItem(job.id)
            first.setCheckable(True)
            first.setCheckState(Qt.CheckState.Unchecked if here else Qt.CheckState.Checked)
            first.setData(job.id, Qt.ItemDataRole.UserRole)
            cells = [first, QStandardItem(tr(STATUS_TEXT.get(job.status, job.status))), QStandardItem(job.model),
                     QStandardItem(suffix_of(job) or "—"),
                     QStandardItem(time.strftime("%Y-%m-%d %H:%M", time.localtime(job.created_at))),
                     QStandardItem(str(files)), QStandardItem(tr("imported") if here else "")]
            self.model.appendRow(cells)
        self.table.resizeColumnsToContents()
        self.state.setText(tr("%n job(s) at {provider}.", None, len(jobs)).format(
            provider=self.providers.get(self.provider_id).name) if jobs else
            tr("{provider} has no fine-tuning jobs.").format(provider=self.providers.get(self.provider_id).name))
        self._update_buttons()

    def _tick_all(self, on: bool) -> None:
        for row in range(self.model.rowCount()):
            self.model.item(row, 0).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [self.model.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.model.rowCount())
                if self.model.item(r, 0).checkState() == Qt.CheckState.Checked]

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(bool(self.chosen()) and not self._busy)

    # -- importing ---------------------------------------------------------------------
    def start(self) -> None:
        ids = self.chosen()
        pid = self.provider_id
        if not ids or not pid:
            return
        self._busy = True
        self._cancel = cancel = threading.Event()
        provider = self.providers.get(pid)
        listed = [j for j in self.jobs if j.id in set(ids)]
        self.import_button.setEnabled(False)
        self.list_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.progress.show()
        self.progress.setRange(0, 0)
        providers, store = self.providers, archive()

        def work(report: Any) -> Any:
            client = providers.client(pid, timeout=600)
            return import_jobs(client, store, provider, ids, jobs=listed, cancel=cancel,
                               progress=lambda text, done, total: report((text, done, total)))

        def progressed(value: tuple[str, int, int]) -> None:
            text, done, total = value
            self.state.setText(shown(text))
            self.progress.setRange(0, total if total else 0)
            self.progress.setValue(min(done, total) if total else 0)

        def finish(text: str) -> None:
            self._busy = False
            self.stop_button.setEnabled(False)
            self.list_button.setEnabled(True)
            self.progress.hide()
            self.state.setText(text)
            self._update_buttons()

        def done(report: Any) -> None:
            self.show_jobs(self.jobs)
            finish(tr("Imported from {provider}: {summary}. They are in the Train tab under “Imported from "
                      "{provider}”.").format(provider=provider.name, summary=shown(report.summary())))
            self.imported.emit(pid, list(report.job_ids))

        def failed(exc: BaseException) -> None:
            self.show_jobs(self.jobs)
            if isinstance(exc, Cancelled):
                finish(tr("Stopped. What arrived is kept; Import goes on from there."))
            else:
                finish(describe(exc, provider) + " " + tr("What arrived is kept; Import goes on from there."))

        tasks.run(work, done, failed, on_progress=progressed)

    def stop(self) -> None:
        self._cancel.set()
        self.stop_button.setEnabled(False)
        self.state.setText(tr("Stopping…"))

    def reject(self) -> None:
        self._cancel.set()
        super().reject()
