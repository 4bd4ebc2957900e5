"""Upload training data and create a fine-tuning job, through the ``openai`` SDK."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai

Progress = Callable[[int, int], None]  # bytes sent, bytes in all


class _Counting(io.RawIOBase):
    """A file the HTTP client reads in chunks; every chunk read is reported."""

    def __init__(self, path: Path, report: Progress) -> None:
        self.f = open(path, "rb")
        self.total = path.stat().st_size
        self.sent = 0
        self.report = report
        self.name = path.name

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.f.read(size)
        if data:
            self.sent += len(data)
            self.report(self.sent, self.total)
        return data

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        pos = self.f.seek(offset, whence)
        self.sent = pos
        return pos

    def tell(self) -> int:
        return self.f.tell()

    def close(self) -> None:
        self.f.close()
        super().close()


def upload(client: openai.OpenAI, path: str | os.PathLike[str], report: Progress | None = None) -> Any:
    path = Path(path)
    stream = _Counting(path, report or (lambda sent, total: None))
    try:
        return client.files.create(file=(path.name, stream, "application/jsonl"), purpose="fine-tune")
    finally:
        stream.close()


@dataclass
class JobRequest:
    model: str
    training_path: Path
    validation_path: Path | None = None
    suffix: str = ""
    method: str = "supervised"
    n_epochs: int | None = None  # None: auto
    batch_size: int | None = None
    learning_rate_multiplier: float | None = None
    seed: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def hyperparameters(self) -> dict[str, Any]:
        return {"n_epochs": self.n_epochs or "auto", "batch_size": self.batch_size or "auto",
                "learning_rate_multiplier": self.learning_rate_multiplier or "auto"}


def create_job(client: openai.OpenAI, request: JobRequest, training_file: str, validation_file: str | None) -> Any:
    kwargs: dict[str, Any] = {
        "model": request.model,
        "training_file": training_file,
        "method": {"type": request.method, request.method: {"hyperparameters": request.hyperparameters()}},
    }
    if validation_file:
        kwargs["validation_file"] = validation_file
    if request.suffix:
        kwargs["suffix"] = request.suffix
    if request.seed is not None:
        kwargs["seed"] = request.seed
    if request.metadata:
        kwargs["metadata"] = request.metadata
    return client.fine_tuning.jobs.create(**kwargs)


def launch(client: openai.OpenAI, request: JobRequest,
           on_stage: Callable[[str, int, int], None] | None = None) -> Any:
    """Upload the file(s) and create the job. ``on_stage(stage, done, total)`` reports
    'training' and 'validation' upload bytes, then 'creating'."""
    stage = on_stage or (lambda s, d, t: None)
    train = upload(client, request.training_path, lambda d, t: stage("training", d, t))
    valid = None
    if request.validation_path is not None:
        valid = upload(client, request.validation_path, lambda d, t: stage("validation", d, t))
    stage("creating", 0, 0)
    return create_job(client, request, train.id, valid.id if valid else None)
