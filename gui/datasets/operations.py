"""The Datasets tab's bulk edits as operations: each a function from the examples to an
Outcome (the new examples, what to call the undo step, a count), which the controller
runs off the UI thread on large datasets (see gui.datasets.controller)."""

from __future__ import annotations

from pathlib import Path

from core.datasets import transforms
from core.datasets.fixes import apply_fixes
from core.datasets.model import Example, Fix, Kind
from core.datasets.writers import write_jsonl

from ..i18n import shown, tr
from .controller import Operation, Outcome


def set_system(text: str) -> Operation:
    return lambda ex: Outcome(transforms.set_system(ex, text), tr("Set the system prompt"))


def fixes(chosen: list[tuple[str, Fix]]) -> Operation:
    what = shown(chosen[0][1].description) if len(chosen) == 1 else tr("%n suggested fix(es)", None, len(chosen))
    todo = [f for _, f in chosen]
    return lambda ex: Outcome(apply_fixes(ex, todo), tr("Apply {fix}").format(fix=what), count=len(todo))


def convert(kind: Kind) -> Operation:
    if kind is Kind.CHAT:
        return lambda ex: Outcome(transforms.to_chat(ex), tr("Convert to conversations"), kind)
    return lambda ex: Outcome(transforms.to_completion(ex), tr("Convert to prompt/completion"), kind)


def deduplicate(examples: list[Example]) -> Outcome:
    kept = transforms.deduplicate(examples)
    removed = len(examples) - len(kept)
    if not removed:
        return Outcome(None, tr("No duplicate examples"))
    return Outcome(kept, tr("Remove %Ln duplicate example(s)", None, removed), count=removed)


def shuffle(seed: int | None) -> Operation:
    return lambda ex: Outcome(transforms.shuffle(ex, seed), tr("Shuffle the examples"))


def split(fraction: float, path: str | Path, seed: int | None) -> Operation:
    """Move a held-out share to its own JSONL file; the rest stays."""
    def op(examples: list[Example]) -> Outcome:
        train, held = transforms.split(examples, fraction, seed)
        write_jsonl(path, held)
        return Outcome(train, tr("Split off %Ln validation example(s) to {file}", None, len(held)).format(
            file=Path(path).name), count=len(held))

    return op


def replace(find: str, replacement: str, match_case: bool) -> Operation:
    def op(examples: list[Example]) -> Outcome:
        changed, count = transforms.replace_text(examples, find, replacement, match_case=match_case)
        if not count:
            return Outcome(None, tr("“{text}” was not found").format(text=find))
        return Outcome(changed, tr("Replace {count:,} × “{text}”").format(count=count, text=find), count=count)

    return op
