"""Bring a provider's fine-tuning work home, through the official ``openai`` SDK.

``remote_jobs(client)`` lists every job (all pages). ``import_jobs(...)`` stores the chosen
ones in the ``Archive``: the job objects, every event (all pages), the checkpoints, the
fine-tuned model's record, and the training, validation and result files. Downloads go
to a ``.part`` file first and continue with an HTTP Range request after an interruption;
a file is kept only when its size is the one the provider states, and a file already
complete is never fetched again. Works with any OpenAI-compatible provider.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai

from ..i18n import join, tr
from ..jobs.monitor import new_events
from .archive import Archive, StoredFile, safe_name

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # what is happening, done, total (0: unknown)
CHUNK = 1 << 20


class Cancelled(Exception):
    """The user stopped the import; what arrived is kept and the next import goes on."""


class DownloadError(Exception):
    pass


@dataclass
class ImportReport:
    jobs_new: int = 0
    jobs_updated: int = 0
    events: int = 0
    checkpoints: int = 0
    models: int = 0
    files_downloaded: int = 0
    files_already_here: int = 0
    files_missing: list[str] = field(default_factory=list)
    bytes_downloaded: int = 0
    resumed: dict[str, int] = field(default_factory=dict)  # file id: the byte it went on from
    job_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [tr("%Ln job(s) new", None, self.jobs_new)]
        if self.jobs_updated:
            parts.append(tr("%Ln updated", None, self.jobs_updated))
        parts.append(tr("%Ln event(s)", None, self.events))
        parts.append(tr("%Ln checkpoint(s)", None, self.checkpoints))
        parts.append(tr("%Ln file(s) downloaded ({size})", None, self.files_downloaded,
                        size=human_bytes(self.bytes_downloaded)))
        if self.files_already_here:
            parts.append(tr("%Ln already here", None, self.files_already_here))
        if self.resumed:
            parts.append(tr("%Ln download(s) resumed", None, len(self.resumed)))
        if self.files_missing:
            parts.append(tr("%Ln file(s) the provider no longer has", None, len(self.files_missing)))
        return join(", ", parts)


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1000
    return f"{n} bytes"


def _dump(obj: Any) -> dict[str, Any]:
    return obj.model_dump(mode="json") if hasattr(obj, "model_dump") else dict(obj)


def remote_jobs(client: openai.OpenAI, page_size: int = 100) -> list[Any]:
    """Every fine-tuning job of the account, newest first (the SDK follows the pages)."""
    return list(client.fine_tuning.jobs.list(limit=page_size))


def _events(client: openai.OpenAI, job_id: str, known: set[str], page_size: int) -> list[dict[str, Any]]:
    """The events not stored yet, oldest first."""
    return [_dump(e) for e in reversed(new_events(client, job_id, known, page_size))]


def _checkpoints(client: openai.OpenAI, job_id: str, page_size: int) -> list[dict[str, Any]]:
    try:
        return [_dump(c) for c in client.fine_tuning.jobs.checkpoints.list(job_id, limit=page_size)]
    except openai.NotFoundError:
        return []  # providers (and older jobs) without checkpoints


def job_files(job: dict[str, Any]) -> list[tuple[str, str]]:
    """(file id, role) for the files a job names: training, validation, results."""
    out = [(job["training_file"], "training")] if job.get("training_file") else []
    if job.get("validation_file"):
        out.append((job["validation_file"], "validation"))
    out += [(f, "results") for f in job.get("result_files") or []]
    return out


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def download(client: openai.OpenAI, archive: Archive, provider: str, meta: dict[str, Any], report: ImportReport,
             *, chunk: int = CHUNK, cancel: threading.Event | None = None,
             progress: Progress | None = None) -> StoredFile:
    """One file into the archive, going on from a ``.part`` left by an interrupted run."""
    cancel = cancel or threading.Event()
    stored = archive.file(provider, meta["id"])
    expected = meta.get("bytes")
    if stored is not None and stored.complete and (expected is None or stored.bytes == expected):
        report.files_already_here += 1
        return stored
    folder = archive.file_dir(provider, meta["id"])
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_name(str(meta.get("filename") or meta["id"]))
    final, part = folder / name, folder / (name + ".part")
    have = part.stat().st_size if part.exists() else 0
    if expected is not None and have > expected:
        part.unlink()  # more than the whole file: not a piece of this one
        have = 0
    label = str(meta.get("filename") or meta["id"])
    if expected is None or have < expected:
        headers = {"Range": f"bytes={have}-"} if have else {}
        with client.files.with_streaming_response.content(meta["id"], extra_headers=headers) as resp:
            if have and resp.status_code == 206:
                report.resumed[meta["id"]] = have
                mode = "ab"
            else:
                have, mode = 0, "wb"  # the provider sent the whole file
            with open(part, mode) as out:
                for data in resp.iter_bytes(chunk):
                    out.write(data)
                    have += len(data)
                    report.bytes_downloaded += len(data)
                    if progress is not None:
                        progress(tr("Downloading {name}", name=label), have, expected or 0)
                    if cancel.is_set():
                        out.flush()
                        raise Cancelled()
                out.flush()
                os.fsync(out.fileno())
    if expected is not None and have != expected:
        raise DownloadError(tr("{name}: received {got:,} bytes, the provider says {expected:,}; importing again "
                               "goes on from here", name=label, got=have, expected=expected))
    digest = sha256_of(part)
    os.replace(part, final)
    archive.put_file(provider, meta, final, digest, "complete")
    report.files_downloaded += 1
    return archive.file(provider, meta["id"])  # type: ignore[return-value]


def import_jobs(client: openai.OpenAI, archive: Archive, provider: Any, job_ids: Iterable[str] | None = None, *,
                page_size: int = 100, chunk: int = CHUNK, cancel: threading.Event | None = None,
                progress: Progress | None = None, jobs: list[Any] | None = None) -> ImportReport:
    """Import the jobs named (all of them when ``job_ids`` is None) from ``provider``
    (a profile: its ``id``, ``name``, ``kind`` and ``base_url`` are recorded, never a key)."""
    cancel = cancel or threading.Event()
    say = progress or (lambda text, done, total: None)
    report = ImportReport()
    archive.add_source(provider.id, provider.name, str(provider.kind), provider.base_url or "")
    listed = jobs if jobs is not None else remote_jobs(client, page_size)
    wanted = set(job_ids) if job_ids is not None else None
    chosen = [j for j in listed if wanted is None or j.id in wanted]
    if wanted is not None:
        for missing in wanted - {j.id for j in chosen}:
            chosen.append(client.fine_tuning.jobs.retrieve(missing))
    for n, job in enumerate(chosen, 1):
        if cancel.is_set():
            raise Cancelled()
        say(tr("Job {number} of {total}: {job}", number=n, total=len(chosen), job=job.id), n - 1, len(chosen))
        data = _dump(job)
        if archive.put_job(provider.id, data):
            report.jobs_new += 1
        else:
            report.jobs_updated += 1
        report.job_ids.append(job.id)
        report.events += archive.add_events(provider.id, job.id,
                                            _events(client, job.id, archive.event_ids(provider.id, job.id), page_size))
        report.checkpoints += archive.add_checkpoints(provider.id, job.id, _checkpoints(client, job.id, page_size))
        if data.get("fine_tuned_model"):
            report.models += _import_model(client, archive, provider.id, data["fine_tuned_model"], job.id)
        for file_id, role in job_files(data):
            if cancel.is_set():
                raise Cancelled()
            stored = archive.file(provider.id, file_id)
            if stored is not None and stored.complete:
                report.files_already_here += 1
                continue
            try:
                meta = _dump(client.files.retrieve(file_id))
            except openai.NotFoundError:
                archive.put_file(provider.id, {"id": file_id, "filename": f"{role}-{file_id}", "purpose": role},
                                 None, None, "missing")
                report.files_missing.append(file_id)
                continue
            download(client, archive, provider.id, meta, report, chunk=chunk, cancel=cancel, progress=progress)
    say(tr("Imported"), len(chosen), len(chosen))
    log.info("imported from %s (%s): %s", provider.id, provider.base_url or "-", report.summary())
    return report


def _import_model(client: openai.OpenAI, archive: Archive, provider: str, model: str, job_id: str) -> int:
    try:
        data = _dump(client.models.retrieve(model)) | {"available": True}
    except openai.NotFoundError:
        data = {"id": model, "object": "model", "available": False}  # retired, or deleted
    return int(archive.put_model(provider, data, job_id))
