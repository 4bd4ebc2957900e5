"""Whole-dataset transforms: convert, set the system prompt, dedupe, shuffle, split."""

from __future__ import annotations

import copy
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .model import Example, Kind
from .tokens import Tokenizer
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


def split_text(text: str, budget: int, tokenizer: Tokenizer) -> list[str]:
    """Cut text into parts of at most ``budget`` tokens, at paragraph, then sentence,
    then word boundaries (a single over-long word is cut by characters)."""
    if tokenizer.count(text) <= budget:
        return [text]
    for pieces, joiner in ((text.split("\n\n"), "\n\n"), (_SENTENCE.split(text), " "), (text.split(" "), " ")):
        if len(pieces) > 1:
            break
    else:
        half = len(text) // 2
        return split_text(text[:half], budget, tokenizer) + split_text(text[half:], budget, tokenizer)
    parts: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if tokenizer.count(candidate) <= budget:
            current = candidate
            continue
        if current:
            parts.append(current)
        if tokenizer.count(piece) > budget:
            parts.extend(split_text(piece, budget, tokenizer))
            current = ""
        else:
            current = piece
    if current:
        parts.append(current)
    return parts


def split_long(examples: Sequence[Example], kind: Kind, budget: int, tokenizer: Tokenizer) -> list[Example]:
    """Examples longer than ``budget`` tokens become several, each with a part of the
    longest text (the document) and everything else copied."""
    from .tokens import count_example

    out: list[Example] = []
    for e in examples:
        d = e.data
        if d is None or count_example(d, kind, tokenizer)[0] <= budget:
            out.append(e)
            continue
        slots: list[tuple[int, Any, Any]] = []  # (length, container, key)
        if "messages" in d:
            d = copy.deepcopy(d)
            for m in _msgs(d):
                if isinstance(m, dict) and isinstance(m.get("content"), str):
                    slots.append((len(m["content"]), m, "content"))
        else:
            d = dict(d)
            for key in ("prompt", "completion"):
                if isinstance(d.get(key), str):
                    slots.append((len(d[key]), d, key))
        if not slots:
            out.append(e)
            continue
        _, box, key = max(slots, key=lambda s: s[0])
        text = box[key]
        box[key] = ""
        room = max(1, budget - count_example(d, kind, tokenizer)[0])
        for part in split_text(text, room, tokenizer):
            box[key] = part
            out.append(Example(copy.deepcopy(d), e.line))
    return out


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
