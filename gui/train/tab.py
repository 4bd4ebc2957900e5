"""The Train tab: the selected provider's jobs, and everything about the selected one —
progress, a live loss/accuracy chart, the event log, checkpoints, hyperparameters, the
error — with Cancel, "Chat with this model" and the result CSV."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from core.jobs.monitor import JobTracker, is_terminal
from core.providers import LOCAL_ID

from ..i18n import tr
from ..migrate.imported import DeadlineBanner, is_imported, provider_of, sources
from ..providers import Providers
from .follow import JobsFollower
from .job_actions import JobActions
from .job_panel import JobPanel
from .jobs_view import JobsTable


class TrainTab(QWidget):
    chat_requested = Signal(str, str)  # provider id, model
    evaluate_requested = Signal(str, object)  # provider id, job
    new_job_requested = Signal()
    job_ended = Signal(str, object)  # provider id, JobTracker
    status = Signal(str)
    import_requested = Signal(str)  # provider id
    retrain_requested = Signal(str, str)  # provider id, imported job id
    open_data_requested = Signal(str)  # an imported training file
    keep_requested = Signal(str, object)  # provider id, imported job

    def __init__(self, providers: Providers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.follower = JobsFollower(providers, self)
        self.actions = JobActions(self)
        self._build()
        self.active = False  # nothing is asked of any provider until the tab is first needed
        self._connect()
        self.fill_providers()
        self._tick = QTimer(self)  # elapsed/ETA texts move on between polls
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._refresh_times)
        self._tick.start()

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.provider_label = QLabel(tr("&Provider:"))
        self.provider = QComboBox()
        self.provider.setAccessibleName(tr("Provider"))
        self.provider_label.setBuddy(self.provider)
        self.provider.setMinimumContentsLength(16)
        self.engine_label = QLabel()
        self.engine_label.setAccessibleName(tr("Local engine state"))
        self.engine_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton(tr("&New Job…"))
        self.new_button.setAccessibleName(tr("New fine-tuning job"))
        self.new_button.setDefault(True)
        self.refresh_button = QPushButton(tr("Re&fresh"))
        self.refresh_button.setAccessibleName(tr("Refresh the jobs"))
        top.addWidget(self.provider_label)
        top.addWidget(self.provider)
        top.addWidget(self.engine_label)
        top.addStretch(1)  # the buttons keep their size when the engine's state is hidden
        top.addWidget(self.refresh_button)
        top.addWidget(self.new_button)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(tr("Connection problem"))
        self.problem.setStyleSheet("QLabel { background: #fff4e5; color: #7a4100; border: 1px solid #f0c27b;"
                                   " border-radius: 4px; padding: 6px; }")
        self.problem.hide()
        self.banner = DeadlineBanner(self)
        self.banner.import_requested.connect(self.import_requested)

        self.table = JobsTable()
        self.model = self.table.jobs
        self.empty = QLabel(tr("No jobs yet. Open a dataset in the Datasets tab and choose New Job… to train a model "
                            "on this computer."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table)
        lv.addWidget(self.empty)

        self.job = JobPanel()
        self.detail_panel = self.job

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.job)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([460, 700])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self._show_tracker(None)
        self._update_empty()
        self.setTabOrder(self.provider, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.new_button)
        self.setTabOrder(self.new_button, self.table)
        job = self.job
        self.setTabOrder(self.table, job.details)
        self.setTabOrder(job.details, job.cancel_button)
        self.setTabOrder(job.cancel_button, job.csv_button)
        self.setTabOrder(job.csv_button, job.export_button)
        self.setTabOrder(job.export_button, job.evaluate_button)
        self.setTabOrder(job.evaluate_button, job.chat_button)

    def _connect(self) -> None:
        self.provider.currentIndexChanged.connect(self._provider_chosen)
        self.new_button.clicked.connect(self.new_job_requested)
        self.refresh_button.clicked.connect(self.follower.poll_now)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.follower.jobs_listed.connect(self._jobs_listed)
        self.follower.tracker_updated.connect(self._tracker_updated)
        self.follower.problem_changed.connect(self.show_problem)
        self.follower.job_ended.connect(self.job_ended)
        job = self.job
        job.cancel_button.clicked.connect(self.cancel_selected)
        job.chat_button.clicked.connect(self._chat_with_result)
        job.export_button.clicked.connect(self.export_dialog)
        job.checkpoint_chosen.connect(lambda name: self.chat_requested.emit(self.serving_id, name))
        job.evaluate_button.clicked.connect(
            lambda: self.tracker and self.tracker.job and self.tracker.job.fine_tuned_model
            and self.evaluate_requested.emit(self.serving_id, self.tracker.job))
        job.imported_actions.retrain.connect(
            lambda: self.tracker and self.retrain_requested.emit(self.serving_id, self.tracker.job_id))
        job.imported_actions.open_data.connect(self.actions.open_imported_data)
        job.imported_actions.keep.connect(
            lambda: self.tracker and self.tracker.job and self.keep_requested.emit(self.serving_id, self.tracker.job))
        job.csv_button.clicked.connect(self.download_csv)
        self.providers.engine_state_changed.connect(self._engine_state)
        self.providers.providers_changed.connect(self.fill_providers)

    # -- providers ---------------------------------------------------------------------
    def fill_providers(self) -> None:
        current = self.provider_id or self.providers.settings.train_provider
        self.provider.blockSignals(True)
        self.provider.clear()
        for p in self.providers.items:
            self.provider.addItem(p.name, p.id)
        imported = sources()
        if imported:
            self.provider.insertSeparator(self.provider.count())
        for text, source_id in imported:
            self.provider.addItem(text, source_id)
        self.provider.setCurrentIndex(max(0, self.provider.findData(current)))
        self.provider.blockSignals(False)
        if self.provider.currentData() != self.follower.provider_id:
            self._provider_chosen()

    @property
    def provider_id(self) -> str:
        """The provider whose jobs are listed, or an import archive (``imported:openai``)."""
        return self.provider.currentData() or ""

    @property
    def serving_id(self) -> str:
        """The provider that serves the listed jobs' models (an imported job's: its origin)."""
        return provider_of(self.provider_id)

    @property
    def imported(self) -> bool:
        return is_imported(self.provider_id)

    def select_provider(self, provider_id: str) -> None:
        index = self.provider.findData(provider_id)
        if index >= 0 and index != self.provider.currentIndex():
            self.provider.setCurrentIndex(index)

    def _provider_chosen(self) -> None:
        pid = self.provider_id
        if not pid:
            return
        if not is_imported(pid):
            self.providers.settings.train_provider = pid
        self.banner.show_for(None if is_imported(pid) else self.providers.get(pid))
        self.model.set_jobs([])
        self._show_tracker(None)
        self.show_problem("")
        self._engine_state(self.providers.engine_state)
        if self.active:
            self.follower.set_provider(pid)

    def activate(self) -> None:
        """Start following jobs: when the tab is first shown, a job is launched, or jobs
        were still running when TuneDesk last closed."""
        if not self.active:
            self.active = True
            self.follower.set_provider(self.provider_id)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activate()

    def _engine_state(self, _state: str) -> None:
        local = self.provider_id == LOCAL_ID
        self.engine_label.setVisible(local)
        if local:
            self.engine_label.setText(tr("Engine: {state}").format(state=self.providers.engine_description()))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        if text:
            self.status.emit(text)

    # -- jobs list ---------------------------------------------------------------------
    def _jobs_listed(self, provider_id: str, jobs: list) -> None:
        if provider_id != self.provider_id:
            return
        settings = self.providers.settings
        others = [a for a in settings.active_jobs if not a.startswith(f"{provider_id}/")]
        active = others + [f"{provider_id}/{j.id}" for j in jobs if not is_terminal(j.status)]
        if active != settings.active_jobs:  # every poll lists the jobs; the settings file changes rarely
            settings.active_jobs = active
        selected = self.follower.selected
        self.model.set_jobs(jobs)
        for job in jobs:
            tracker = self.follower.trackers.get(job.id)
            self.model.etas[job.id] = tracker.eta if tracker else None
        if selected is None and jobs:
            selected = jobs[0].id
        self._select_row(selected)
        self._update_empty()

    def _select_row(self, job_id: str | None) -> None:
        self.table.select_job(job_id)

    def _row_chosen(self, current, _previous) -> None:
        job_id = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        if job_id == self.follower.selected and self.tracker is not None and self.tracker.job_id == job_id:
            return
        self.follower.select(job_id)
        tracker = self.follower.trackers.get(job_id or "")
        self._show_tracker(tracker)

    def _update_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)

    def job_launched(self, provider_id: str, job) -> None:
        self.select_provider(provider_id)
        self.activate()
        self.model.update_job(job, None)
        self._update_empty()
        self.follower.add_job(job)
        self._select_row(job.id)
        self._show_tracker(self.follower.trackers.get(job.id))

    # -- the selected job --------------------------------------------------------------
    def _tracker_updated(self, tracker: JobTracker) -> None:
        if tracker.job is not None:
            self.model.update_job(tracker.job, tracker.eta)
            self._update_empty()
        if tracker.job_id == self.follower.selected:
            self._show_tracker(tracker)

    @property
    def tracker(self) -> JobTracker | None:
        return self.job.tracker

    def _show_tracker(self, tracker: JobTracker | None) -> None:
        self.job.show_tracker(tracker, self.provider_id)

    def _refresh_times(self) -> None:
        if self.isVisible():
            self.job.refresh_eta()
            self.table.tick()

    # -- actions (gui/train/job_actions.py) ------------------------------------------
    def cancel_selected(self) -> None:
        self.actions.cancel()

    def export_dialog(self) -> None:
        self.actions.export()

    def download_csv(self, path: str | None = None) -> None:
        self.actions.download_csv(path)

    def _chat_with_result(self) -> None:
        if self.tracker and self.tracker.job and self.tracker.job.fine_tuned_model:
            self.chat_requested.emit(self.serving_id, self.tracker.job.fine_tuned_model)

    def show_imported(self, provider_id: str, job_id: str | None = None) -> None:
        """After an import: list what arrived, with the job chosen selected."""
        self.fill_providers()
        index = self.provider.findData(f"imported:{provider_id}")
        if index >= 0:
            self.provider.setCurrentIndex(index)
        self.activate()
        if job_id:
            self.follower.selected = job_id
        self.follower.poll_now()

    def shutdown(self) -> None:
        self.follower.stop()
        self._tick.stop()
