"""What TuneDesk knows about target models: tokenizer, per-example limit, price or speed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from .. import paths
from .tokens import TiktokenTokenizer, Tokenizer

DEFAULT_CHAT_MODEL = "gpt-4o-mini"
DEFAULT_COMPLETION_MODEL = "davinci-002"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str  # as the user gave it
    base: str  # the table entry it matched
    provider: str  # "openai" | "local" | "unknown"
    encoding: str
    limit: int
    train_per_1m: float | None = None
    tokens_per_second: float | None = None

    @property
    def local(self) -> bool:
        return self.provider == "local"


@lru_cache(maxsize=1)
def price_table() -> dict[str, Any]:
    with open(paths.resource("models.json"), encoding="utf-8") as f:
        return json.load(f)


def base_name(model: str) -> str:
    """`ft:gpt-4o-mini-2024-07-18:org:suffix:id` -> `gpt-4o-mini-2024-07-18`."""
    if model.startswith("ft:"):
        parts = model.split(":")
        return parts[1] if len(parts) > 1 else model
    return model


# Hooks for tokenizers that are not tiktoken's (the local engine registers its models).
_extra_tokenizers: dict[str, Callable[[], Tokenizer]] = {}


def register_tokenizer(model: str, factory: Callable[[], Tokenizer]) -> None:
    _extra_tokenizers[model] = factory


def model_info(model: str) -> ModelInfo:
    table = price_table()["models"]
    base = base_name(model)
    key = None
    lowered = base.lower()
    for name in sorted(table, key=len, reverse=True):  # longest prefix: gpt-4o-mini before gpt-4o
        if lowered == name or lowered.startswith(name + "-") or lowered.startswith(name + ":"):
            key = name
            break
    if key is None:
        return ModelInfo(model, base, "unknown", "o200k_base", 65536)
    entry = table[key]
    return ModelInfo(
        model,
        key,
        entry.get("provider", "openai"),
        entry.get("encoding", "o200k_base"),
        int(entry.get("limit", 65536)),
        entry.get("train_per_1m"),
        entry.get("tokens_per_second"),
    )


def tokenizer_factory(model: str) -> Callable[[], Tokenizer]:
    info = model_info(model)
    for key in (model, info.base):
        if key in _extra_tokenizers:
            return _extra_tokenizers[key]
    encoding = info.encoding
    return lambda: TiktokenTokenizer(encoding)
