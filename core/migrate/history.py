"""An imported job read back as the Train tab reads a live one: a ``JobTracker`` with the
job, its events, metrics (the original loss curve) and checkpoints, from the archive."""

from __future__ import annotations

import csv
import io
from typing import Any

from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai.types.fine_tuning.jobs import FineTuningJobCheckpoint

from ..jobs.monitor import JobTracker, decode_result
from .archive import Archive


def job_object(data: dict[str, Any]) -> FineTuningJob:
    return FineTuningJob.model_validate(data)


def jobs(archive: Archive, provider: str) -> list[FineTuningJob]:
    return [job_object(j) for j in archive.jobs(provider)]


def tracker(archive: Archive, provider: str, job_id: str) -> JobTracker | None:
    data = archive.job(provider, job_id)
    if data is None:
        return None
    t = JobTracker(job_id, job=job_object(data))
    events = [FineTuningJobEvent.model_validate(e) for e in archive.events(provider, job_id)]
    t.add_events(list(reversed(events)))
    t.checkpoints = [FineTuningJobCheckpoint.model_validate(c) for c in archive.checkpoints(provider, job_id)]
    if not t.metrics:
        # Events age out at some providers; the result file keeps the steps.
        t.metrics = result_metrics(archive, provider, data)
    return t


def result_bytes(archive: Archive, provider: str, job: dict[str, Any]) -> bytes | None:
    for file_id in job.get("result_files") or []:
        stored = archive.file(provider, file_id)
        if stored is not None and stored.complete:
            return decode_result(stored.path.read_bytes())  # type: ignore[union-attr]
    return None


def result_metrics(archive: Archive, provider: str, job: dict[str, Any]) -> list[dict[str, Any]]:
    data = result_bytes(archive, provider, job)
    if not data:
        return []
    names = {"train_accuracy": "train_mean_token_accuracy"}
    out = []
    for row in csv.DictReader(io.StringIO(data.decode("utf-8", "replace"))):
        m: dict[str, Any] = {}
        for key, value in row.items():
            if key is None or value in (None, ""):
                continue
            try:
                m[names.get(key, key)] = int(value) if key == "step" else float(value)
            except ValueError:
                continue
        if "step" in m:
            out.append(m)
    return out
