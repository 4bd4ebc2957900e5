"""Everything between "train on this" and the upload, in one place for every front end
(the New Job dialog, Retrain Here…, `tunedesk train`): write the open dataset out as a
snapshot, split off validation data if asked, then check both with the base model's own
tokenizer (the preflight), naming the user's own rows in every problem."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..datasets import load, write_jsonl
from ..datasets.model import Example
from ..datasets.transforms import split
from ..i18n import tr
from .preflight import Origin, Preflight, run_preflight

VALIDATION_FRACTION = 0.1


@dataclass
class Prepared:
    train: Path  # what is uploaded
    valid: Path | None
    preflight: Preflight


def snapshot_path(name: str, what: str) -> Path:
    """Where an upload's file is written: the upload cache, named after the user's data."""
    folder = paths.cache_dir() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", Path(name).stem) or "dataset"
    return folder / f"{stem}-{what}-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"


def prepare_job(model: str, *, examples: list[Example] | None = None, name: str = "",
                train_file: Path | None = None, validation: str = "none", valid_file: Path | None = None,
                n_epochs: int | None = None, fraction: float = VALIDATION_FRACTION, seed: int = 0) -> Prepared:
    """``examples`` (the open dataset, called ``name``) or ``train_file``; ``validation`` is
    "none", "file" (``valid_file``) or "split" (``fraction`` of the training data, seeded).
    ``model`` is the name to count tokens with."""
    if examples is None and train_file is None:
        raise ValueError("prepare_job needs examples or a training file")
    train, valid = train_file, valid_file if validation == "file" else None
    origins: dict[str, Origin | None] = {"train": None, "valid": None}
    base: list[Example] = []
    if examples is not None:
        base = list(examples)
        train = write_jsonl(snapshot_path(name, "train"), base, backup=False)
        origins["train"] = Origin(name, [(i, e.line) for i, e in enumerate(base)])
    else:
        name = train_file.name  # type: ignore[union-attr]
    if validation == "split":
        if examples is None:
            base = load(train).examples  # type: ignore[arg-type]
        where = {id(e): i for i, e in enumerate(base)}
        kept, held = split(base, fraction, seed=seed)
        train = write_jsonl(snapshot_path(name, "train"), kept, backup=False)
        valid = write_jsonl(snapshot_path(name, "valid"), held, backup=False)
        origins = {part: Origin(label, [(where[id(e)], e.line) for e in part_examples])
                   for part, label, part_examples in (("train", tr("{name} (training part)", name=name), kept),
                                                      ("valid", tr("{name} (validation part)", name=name), held))}
    pre = run_preflight(train, model, valid, n_epochs=n_epochs,  # type: ignore[arg-type]
                        train_origin=origins["train"], valid_origin=origins["valid"])
    return Prepared(train, valid, pre)  # type: ignore[arg-type]
