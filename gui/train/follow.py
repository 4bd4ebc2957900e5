"""Following a provider's jobs off the UI thread, with backoff, and telling the tab.

One poll runs at a time. Each poll lists the provider's jobs, then asks the active
jobs (and the one the user is looking at, the first time) for new events and
checkpoints. Trackers are copied before a worker touches them, so the UI only ever
reads trackers no thread is changing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from core.jobs.monitor import Backoff, JobTracker, is_terminal, list_jobs
from core.providers.client import is_retryable, retry_after

from .. import tasks
from ..i18n import describe, tr
from ..migrate.imported import is_imported, load
from ..providers import Providers


def _clone(t: JobTracker) -> JobTracker:
    c = copy.copy(t)
    c.events, c.checkpoints, c.metrics, c._seen = list(t.events), list(t.checkpoints), list(t.metrics), set(t._seen)
    return c


@dataclass
class PollResult:
    provider_id: str
    jobs: list
    trackers: dict[str, JobTracker] = field(default_factory=dict)
    changed: bool = False


class JobsFollower(QObject):
    jobs_listed = Signal(str, list)  # provider id, jobs (newest first)
    tracker_updated = Signal(object)  # JobTracker
    job_ended = Signal(str, object)  # provider id, JobTracker that reached a terminal state while followed
    problem_changed = Signal(str)  # "" when things work again

    def __init__(self, providers: Providers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.provider_id = ""
        self.trackers: dict[str, JobTracker] = {}
        self.selected: str | None = None
        self.backoff = Backoff(fastest=1.0, slowest=15.0)
        self._busy = False
        self._again = False  # a poll was asked for while one ran: run another when it ends
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll_now)
        self.stopped = False

    def set_provider(self, provider_id: str) -> None:
        self.provider_id = provider_id
        self.trackers.clear()
        self.selected = None
        self._generation += 1
        self.backoff = Backoff(fastest=1.0, slowest=15.0)
        self.poll_now()

    def select(self, job_id: str | None) -> None:
        self.selected = job_id
        tracker = self.trackers.get(job_id or "")
        if tracker is not None and tracker.events:
            self.tracker_updated.emit(tracker)
        if tracker is not None and (not tracker.events or not tracker.finished):
            self.poll_now()

    def add_job(self, job) -> None:
        self.trackers[job.id] = JobTracker(job.id, job=job)
        self.selected = job.id
        self.backoff.delay = self.backoff.fastest
        self.poll_now()

    def poll_now(self) -> None:
        if self.stopped or not self.provider_id:
            return
        if self._busy:
            self._again = True
            return
        self._busy, self._again = True, False
        self._timer.stop()
        provider_id, generation = self.provider_id, self._generation
        wanted = [_clone(t) for t in self.trackers.values()
                  if not t.finished or (t.job_id == self.selected and not t.events)]
        # A tracker for the selected job may not exist yet (first listing).
        selected, known = self.selected, set(self.trackers)

        def work() -> PollResult:
            if is_imported(provider_id):  # jobs brought home: read from the archive, nothing asked
                jobs, trackers = load(provider_id)
                return PollResult(provider_id, jobs, trackers)
            client = self.providers.client(provider_id)
            jobs = list_jobs(client)
            by_id = {t.job_id: t for t in wanted}
            for job in jobs:
                if job.id not in known and (not is_terminal(job.status) or job.id == selected):
                    by_id.setdefault(job.id, JobTracker(job.id, job=job))
            result = PollResult(provider_id, jobs)
            for tracker in by_id.values():
                result.changed |= tracker.poll(client)
                result.trackers[tracker.job_id] = tracker
            return result

        def done(result: PollResult) -> None:
            self._busy = False
            if generation != self._generation or self.stopped:
                self._reschedule(0.05)
                return
            self.problem_changed.emit("")
            before = {jid: t.status for jid, t in self.trackers.items()}
            for job in result.jobs:
                if job.id not in self.trackers:
                    self.trackers[job.id] = JobTracker(job.id, job=job)
                elif job.id not in result.trackers:
                    self.trackers[job.id].job = job
            for jid, tracker in result.trackers.items():
                self.trackers[jid] = tracker
                if before.get(jid) and not is_terminal(before[jid]) and tracker.finished:
                    self.job_ended.emit(provider_id, tracker)
            self.jobs_listed.emit(provider_id, result.jobs)
            for tracker in result.trackers.values():
                self.tracker_updated.emit(tracker)
            delay = self.backoff.after_success(result.changed)
            active = any(not t.finished for t in self.trackers.values())
            if is_imported(provider_id) and not self._again:
                return  # the archive changes only when something is imported, which asks again itself
            self._reschedule(delay if active else 30.0)

        def failed(exc: BaseException) -> None:
            self._busy = False
            if generation != self._generation or self.stopped:
                self._reschedule(0.05)
                return
            provider = self.providers.get(provider_id)
            wait = self.backoff.after_failure(retry_after(exc))
            text = describe(exc, provider, retry_in=wait)
            if not is_retryable(exc) and "retrying" not in text:
                text += " " + tr("Trying again in {seconds:.0f} s.").format(seconds=wait)
            self.problem_changed.emit(text)
            self._reschedule(wait)

        tasks.run(work, done, failed)

    def _reschedule(self, seconds: float) -> None:
        if self.stopped:
            return
        if self._again:
            self._again = False
            seconds = 0.05
        self._timer.start(int(seconds * 1000))

    def stop(self) -> None:
        self.stopped = True
        self._timer.stop()
