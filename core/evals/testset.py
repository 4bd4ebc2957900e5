"""A test set: held-out examples split into the input a model sees and the reference
answer it should give (the last assistant message, or the completion)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..datasets import load
from ..datasets.model import Example
from ..i18n import tr


@dataclass(slots=True)
class Item:
    index: int  # the example's index in the test set's file
    line: int | None
    reference: str
    messages: list[dict[str, Any]] = field(default_factory=list)  # chat: the turns before the answer
    prompt: str | None = None  # prompt/completion data

    @property
    def system(self) -> str | None:
        first = self.messages[0] if self.messages else None
        return first.get("content") if first and first.get("role") == "system" else None

    @property
    def turns(self) -> list[dict[str, Any]]:
        """The input without its system message (a candidate's preset may bring its own)."""
        return [m for m in self.messages if m.get("role") != "system"]

    @property
    def input_text(self) -> str:
        if self.prompt is not None:
            return self.prompt
        users = [m for m in self.turns if m.get("role") == "user"]
        return str(users[-1].get("content", "")) if users else ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        return cls(int(data["index"]), data.get("line"), str(data["reference"]), list(data.get("messages") or []),
                   data.get("prompt"))


@dataclass(slots=True)
class Skipped:
    index: int
    line: int | None
    reason: str


def _text(content: Any) -> str | None:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: the text ones
        parts = [p.get("text") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
        return "".join(parts) if parts else None
    return None


def item_of(example: Example, index: int) -> Item | str:
    """The example as a test item, or why it cannot be one."""
    data = example.data
    if not isinstance(data, dict):
        return tr("the line is not a readable example")
    if isinstance(data.get("messages"), list):
        msgs = [m for m in data["messages"] if isinstance(m, dict)]
        last = max((i for i, m in enumerate(msgs) if m.get("role") == "assistant"), default=None)
        if last is None:
            return tr("it has no assistant message to compare with")
        reference = _text(msgs[last].get("content"))
        if reference is None:
            return tr("its last assistant message has no text (a tool call)")
        before = [{"role": m["role"], "content": _text(m.get("content")) or ""} for m in msgs[:last]
                  if m.get("role") in ("system", "user", "assistant", "developer")]
        if not any(m["role"] == "user" for m in before):
            return tr("it has no user message before the answer")
        return Item(index, example.line, reference, before)
    if isinstance(data.get("prompt"), str) and isinstance(data.get("completion"), str):
        return Item(index, example.line, data["completion"], prompt=data["prompt"])
    return tr("it is neither a conversation nor a prompt/completion pair")


def items_from(examples: Sequence[Example]) -> tuple[list[Item], list[Skipped]]:
    items, skipped = [], []
    for i, example in enumerate(examples):
        got = item_of(example, i)
        if isinstance(got, Item):
            items.append(got)
        else:
            skipped.append(Skipped(i, example.line, got))
    return items, skipped


def load_items(path: str | os.PathLike[str]) -> tuple[list[Item], list[Skipped]]:
    return items_from(load(path).examples)
