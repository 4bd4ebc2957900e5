"""Fine-tuned model names, read: `ft:{base}:{owner}:{suffix}:{id}` and its checkpoints
`…:ckpt-step-{N}` (OpenAI's pattern, which the local engine follows).

A name is long (a Hugging Face base alone is 30 characters) and the part that tells two
apart is at its end: cut at the right, a checkpoint looks like the final model. Front
ends show ``label()`` and keep the whole name in a tooltip and in the data they send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CKPT = re.compile(r":ckpt-step-(\d+)$")


@dataclass(frozen=True, slots=True)
class TunedName:
    base: str
    owner: str
    suffix: str
    id: str
    step: int | None  # a checkpoint's step; None for the final model


def parse(name: str) -> TunedName | None:
    """The parts of a fine-tuned model's name, or None when it is not one."""
    if not name.startswith("ft:"):
        return None
    step = None
    match = _CKPT.search(name)
    if match:
        step, name = int(match.group(1)), name[: match.start()]
    parts = name[3:].split(":")
    if len(parts) < 4:
        return None
    # the base may hold colons of its own (ft:ft:… or a "model:tag" name): the last three are fixed
    *base, owner, suffix, ident = parts
    return TunedName(":".join(base), owner, suffix, ident, step)


def label(name: str) -> str:
    """A name short enough to show whole: the base without its organisation, the suffix and
    id, and for a checkpoint the words "checkpoint, step N" — never cut off."""
    parts = parse(name)
    if parts is None:
        return name
    base = parts.base.rsplit("/", 1)[-1]
    shown = ":".join(p for p in (f"ft:{base}", parts.suffix, parts.id) if p)
    return shown if parts.step is None else f"{shown} · checkpoint, step {parts.step:,}"
