"""Autosave of unsaved changes, and what is left of it after a crash.

One open dataset has one recovery file under ``paths.recovery_dir()``: the examples as
JSONL plus a small JSON note saying where they came from. The app writes it a few
seconds after each change, removes it when the dataset is saved or its changes are
discarded, and on the next start offers whatever a crash left behind.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import paths
from ..util.files import atomic_write
from .model import Example, Kind
from .writers import write_jsonl


@dataclass(slots=True)
class Recovered:
    examples_path: Path
    source: str | None  # the file the changes belong to, or None for a new dataset
    kind: str
    saved_at: float
    count: int

    @property
    def name(self) -> str:
        return Path(self.source).name if self.source else "an untitled dataset"


def _files(slot: str = "current") -> tuple[Path, Path]:
    folder = paths.recovery_dir()
    return folder / f"{slot}.jsonl", folder / f"{slot}.json"


def autosave(examples: Sequence[Example], kind: Kind, source: str | os.PathLike[str] | None,
             slot: str = "current") -> Path:
    data, note = _files(slot)
    write_jsonl(data, examples, backup=False)
    info = Recovered(data, os.fspath(source) if source else None, str(kind), time.time(), len(examples))
    record = {**asdict(info), "examples_path": str(data)}
    atomic_write(note, [json.dumps(record, ensure_ascii=False).encode("utf-8")], backup=False)
    return data


def pending(slot: str = "current") -> Recovered | None:
    data, note = _files(slot)
    if not (data.exists() and note.exists()):
        return None
    try:
        record = json.loads(note.read_text(encoding="utf-8"))
        return Recovered(Path(record["examples_path"]), record.get("source"), record.get("kind", "chat"),
                         float(record.get("saved_at", 0)), int(record.get("count", 0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clear(slot: str = "current") -> None:
    for f in _files(slot):
        f.unlink(missing_ok=True)
