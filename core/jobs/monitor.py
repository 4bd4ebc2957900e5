"""Following a job: its events become a log, progress, metrics series and an ETA.

``JobTracker`` is plain data plus ``poll(client)``: it asks for the job, only the events
it has not seen yet (newest first, stopping at the first known one) and the
checkpoints. ``Backoff`` decides when to ask again.
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass, field
from typing import Any

TERMINAL = ("succeeded", "failed", "cancelled")
METRIC_KEYS = ("train_loss", "valid_loss", "full_valid_loss", "train_mean_token_accuracy",
               "valid_mean_token_accuracy", "full_valid_mean_token_accuracy")


def is_terminal(status: str | None) -> bool:
    return status in TERMINAL


@dataclass
class JobTracker:
    job_id: str
    job: Any = None
    events: list[Any] = field(default_factory=list)  # oldest first
    checkpoints: list[Any] = field(default_factory=list)  # by step
    metrics: list[dict[str, Any]] = field(default_factory=list)  # one per metrics event, by step
    _seen: set[str] = field(default_factory=set)

    # -- derived -----------------------------------------------------------------------
    @property
    def status(self) -> str:
        return getattr(self.job, "status", "") or ""

    @property
    def finished(self) -> bool:
        return is_terminal(self.status)

    @property
    def progress(self) -> tuple[int, int]:
        """(step, total steps); (0, 0) before the first metrics event."""
        if not self.metrics:
            return (0, 0)
        last = self.metrics[-1]
        return int(last.get("step") or 0), int(last.get("total_steps") or 0)

    @property
    def eta(self) -> int | None:
        """Unix time the job should finish, from the provider or from the pace so far."""
        given = getattr(self.job, "estimated_finish", None)
        if given:
            return int(given)
        step, total = self.progress
        started = self._started_at()
        if not step or not total or started is None or self.finished:
            return None
        elapsed = max(1.0, time.time() - started)
        return int(time.time() + elapsed / step * (total - step))

    def _started_at(self) -> float | None:
        for e in self.events:
            if "started" in (e.message or "").lower():
                return float(e.created_at)
        return None

    @property
    def error(self) -> str | None:
        err = getattr(self.job, "error", None)
        message = getattr(err, "message", None) if err is not None else None
        if not message:
            return None
        param = getattr(err, "param", None)
        return f"{message} ({param})" if param else message

    def series(self, key: str) -> list[tuple[int, float]]:
        return [(int(m["step"]), float(m[key])) for m in self.metrics if m.get(key) is not None and "step" in m]

    # -- updates -----------------------------------------------------------------------
    def add_events(self, newest_first: list[Any]) -> int:
        fresh = [e for e in newest_first if e.id not in self._seen]
        for e in reversed(fresh):
            self._seen.add(e.id)
            self.events.append(e)
            data = getattr(e, "data", None)
            if not isinstance(data, dict):
                continue
            if getattr(e, "type", None) == "metrics":
                self.metrics.append(dict(data))
            elif isinstance(data.get("resumed_at_step"), int):
                # The job went on from an earlier step after a restart: the steps after it
                # were lost and are trained again, so progress and the chart go back too.
                self.metrics = [m for m in self.metrics if (m.get("step") or 0) <= data["resumed_at_step"]]
        if fresh:
            self.events.sort(key=lambda e: e.created_at)  # stable: same-second events keep their order
            self.metrics.sort(key=lambda m: m.get("step") or 0)
        return len(fresh)

    def poll(self, client: Any) -> bool:
        """Ask the provider for what changed; True when anything did."""
        before = (self.status, len(self.events), len(self.checkpoints), getattr(self.job, "fine_tuned_model", None))
        self.job = client.fine_tuning.jobs.retrieve(self.job_id)
        fresh = new_events(client, self.job_id, self._seen)
        self.add_events(fresh)
        if fresh or self.finished or not self.checkpoints:
            try:
                ckpts = list(client.fine_tuning.jobs.checkpoints.list(self.job_id, limit=100))
            except Exception as exc:
                if getattr(exc, "status_code", None) != 404:
                    raise
                ckpts = []
            self.checkpoints = sorted(ckpts, key=lambda c: c.step_number)
        after = (self.status, len(self.events), len(self.checkpoints), getattr(self.job, "fine_tuned_model", None))
        return before != after


def new_events(client: Any, job_id: str, known: set[str] | frozenset[str], page_size: int = 100) -> list[Any]:
    """The job's events not in ``known``, newest first: the provider lists them newest
    first, page after page, so asking stops at the first one already known."""
    fresh: list[Any] = []
    for event in client.fine_tuning.jobs.list_events(job_id, limit=page_size):
        if event.id in known:
            break
        fresh.append(event)
    return fresh


@dataclass
class Backoff:
    """Poll quickly while things change, slower when they do not, much slower on errors."""

    fastest: float = 1.0
    slowest: float = 30.0
    delay: float = 1.0
    failures: int = 0

    def after_success(self, changed: bool) -> float:
        self.failures = 0
        self.delay = self.fastest if changed else min(self.slowest, self.delay * 1.5)
        return self.delay

    def after_failure(self, retry_after: float | None = None) -> float:
        self.failures += 1
        self.delay = retry_after if retry_after else min(60.0, self.fastest * 2 ** self.failures)
        return self.delay


def metrics_csv(metrics: list[dict[str, Any]]) -> bytes:
    """The step metrics a tracker followed, in the result file's columns: for a job that
    ended without a result file (cancelled or failed part-way)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy"])
    for m in metrics:
        w.writerow([m.get("step", ""), m.get("train_loss", ""), m.get("train_mean_token_accuracy", ""),
                    m.get("valid_loss", ""), m.get("valid_mean_token_accuracy", "")])
    return buf.getvalue().encode()


def result_csv(client: Any, job: Any) -> bytes | None:
    """The job's step metrics CSV (decoded when a provider sends it base64-encoded)."""
    files = getattr(job, "result_files", None) or []
    if not files:
        return None
    return decode_result(client.files.content(files[0]).content)


def decode_result(data: bytes) -> bytes:
    """A result file's CSV, decoded when the provider sent it base64-encoded (OpenAI does)."""
    head = data[:64].lstrip()
    if head and not head.startswith(b"step"):
        try:
            decoded = base64.b64decode(data, validate=True)
            if decoded.lstrip().startswith(b"step"):
                return decoded
        except (binascii.Error, ValueError):
            pass
    return data


def list_jobs(client: Any, limit: int = 50) -> list[Any]:
    jobs = []
    for job in client.fine_tuning.jobs.list(limit=min(limit, 100)):
        jobs.append(job)
        if len(jobs) >= limit:
            break
    return jobs
