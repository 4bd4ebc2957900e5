"""Whole-dataset transforms: convert, set the system prompt, dedupe, shuffle, split."""

from __future__ import annotations

import copy
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .model import Example
from .validate import example_digest, infer_task


def _msgs(data: dict[str, Any]) -> list[dict[str, Any]]:
    m = data.get("messages")
    return m if isinstance(m, list) else []


def to_chat(examples: Sequence[Example], system: str | None = None) -> list[Example]:
    out = []
    for e in examples:
        d = e.data
        if d is not None and "messages" not in d and ("prompt" in d or "completion" in d):
            messages = [{"role": "system", "content": system}] if system else []
            if str(d.get("prompt", "")).strip():
                messages.append({"role": "user", "content": d.get("prompt", "")})
            messages.append({"role": "assistant", "content": d.get("completion", "")})
            d = {"messages": messages}
        out.append(Example(d, e.line, e.raw))
    return out


def to_completion(examples: Sequence[Example]) -> list[Example]:
    """Chat -> prompt/completion: the last assistant reply is the completion, the rest the prompt."""
    out = []
    for e in examples:
        d = e.data
        msgs = _msgs(d) if d is not None else []
        last = max((i for i, m in enumerate(msgs) if isinstance(m, dict) and m.get("role") == "assistant"), default=None)
        if last is not None:
            before = [m for m in msgs[:last] if isinstance(m, dict)]
            if len(before) == 1 and before[0].get("role") == "user":
                prompt = str(before[0].get("content") or "")
            else:
                prompt = "\n\n".join(f"{m.get('role', '').capitalize()}: {m.get('content') or ''}" for m in before)
            d = {"prompt": prompt, "completion": str(msgs[last].get("content") or "")}
        out.append(Example(d, e.line, e.raw))
    return out


def set_system(examples: Sequence[Example], text: str, *, only_missing: bool = False) -> list[Example]:
    """Set the system message of every chat example (replace it, or add it where absent)."""
    out = []
    for e in examples:
        d = e.data
        if d is not None and isinstance(d.get("messages"), list):
            d = copy.copy(d)
            msgs = list(d["messages"])
            first = msgs[0] if msgs and isinstance(msgs[0], dict) else None
            if first is not None and first.get("role") == "system":
                if not only_missing:
                    msgs[0] = {**first, "content": text}
            elif text:
                msgs.insert(0, {"role": "system", "content": text})
            d["messages"] = msgs
        out.append(Example(d, e.line, e.raw))
    return out


def deduplicate(examples: Sequence[Example]) -> list[Example]:
    seen: set[bytes] = set()
    out = []
    for e in examples:
        key = example_digest(e)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        out.append(e)
    return out


def shuffle(examples: Sequence[Example], seed: int | None = None) -> list[Example]:
    out = list(examples)
    random.Random(seed).shuffle(out)
    return out


def _label(e: Example) -> str:
    d = e.data or {}
    if "completion" in d:
        return str(d.get("completion"))
    replies = [m.get("content") for m in _msgs(d) if isinstance(m, dict) and m.get("role") == "assistant"]
    return str(replies[-1] if replies else "")


def split(
    examples: Sequence[Example], fraction: float, seed: int | None = None, *, stratify: bool | None = None
) -> tuple[list[Example], list[Example]]:
    """Seeded train/validation split; stratified by answer when the task is classification."""
    if not 0 < fraction < 1:
        raise ValueError("the validation fraction must be between 0 and 1, like 0.2")
    rng = random.Random(seed)
    if stratify is None:
        labels = [_label(e) for e in examples]
        stratify = infer_task(["x"] * len(labels), labels) == "classification"
    groups: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        groups[_label(e) if stratify else ""].append(i)
    valid: set[int] = set()
    for key in sorted(groups):
        idx = groups[key]
        rng.shuffle(idx)
        take = round(len(idx) * fraction)
        if stratify and take == 0 and len(idx) > 1:
            take = 1
        valid.update(idx[:take])
    train = [e for i, e in enumerate(examples) if i not in valid]
    held = [e for i, e in enumerate(examples) if i in valid]
    return train, held


_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")


def replace_text(examples: Sequence[Example], find: str, replacement: str, *,
                 match_case: bool = False) -> tuple[list[Example], int]:
    """Replace ``find`` in every message's text and in prompts and completions; returns
    the new examples and how many replacements were made. Unparsed rows are kept."""
    if not find:
        return list(examples), 0
    pattern = re.compile(re.escape(find), 0 if match_case else re.IGNORECASE)
    total = 0

    def sub(text: str) -> str:
        nonlocal total
        new, n = pattern.subn(lambda _m: replacement, text)
        total += n
        return new

    out = []
    for e in examples:
        d = e.data
        before = total
        if isinstance(d, dict):
            d = copy.copy(d)
            for key in ("prompt", "completion"):
                if isinstance(d.get(key), str):
                    d[key] = sub(d[key])
            if isinstance(d.get("messages"), list):
                d["messages"] = [{**m, "content": sub(m["content"])} if isinstance(m, dict) and isinstance(m.get("content"), str)
                                 else m for m in d["messages"]]
        out.append(Example(d, e.line, e.raw) if total != before else e)
    return out, total
