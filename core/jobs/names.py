"""Fine-tuned model names, read: `ft:{base}:{owner}:{suffix}:{id}` and its checkpoints
`…:ckpt-step-{N}` (OpenAI's pattern, which the local engine follows).

A name is long (a Hugging Face base alone is 30 characters) and the part that tells two
apart is at its end: cut at the right, a checkpoint looks like the final model. Front
ends show ``label()`` and keep the whole name in a tooltip and in the data they send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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


def lmstudio_folder(model: str) -> Path:
    """Where LM Studio finds a model by itself: MODELS/publisher/model/ (its models folder
    is ~/.lmstudio/models, or ~/.cache/lm-studio/models in versions before 0.3)."""
    roots = [Path.home() / ".lmstudio" / "models", Path.home() / ".cache" / "lm-studio" / "models"]
    root = next((r for r in roots if r.is_dir()), roots[0])
    return root / "TuneDesk" / export_name(model)


def export_name(model: str) -> str:
    """A file and folder name for an exported model (and its name in Ollama):
    ``ft:smollm2-135m-instruct:personal:pirate:AbC12345`` -> ``pirate-abc12345``."""
    parsed = parse(model)
    if parsed:
        base = f"{parsed.suffix or parsed.base.split('/')[-1]}-{parsed.id}"
        if parsed.step is not None:
            base += f"-step{parsed.step}"
    else:
        base = model
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in base.lower()).strip("-") or "tunedesk-model"
