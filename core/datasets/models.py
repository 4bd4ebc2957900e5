"""What TuneDesk knows about target models: tokenizer, per-example limit, price or speed."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from .. import paths
from .model import Kind
from .tokens import HFTokenizer, TiktokenTokenizer, Tokenizer

LOCAL_TRAIN_LIMIT = 2048  # tokens per example the local engine trains on; the rest of a longer one is cut
DEFAULT_CHAT_MODEL = "gpt-4o-mini"
DEFAULT_COMPLETION_MODEL = "davinci-002"


# Which tokenizer counts what: the two rules, each written once.
def dataset_model(kind: Kind, chat_target: str | None = None) -> str:
    """The model whose tokenizer and limits a dataset is counted and checked with while it
    is edited: the chosen target for conversations (Preferences, or the Datasets tab's
    Target), the legacy default for prompt/completion."""
    if kind is Kind.COMPLETION:
        return DEFAULT_COMPLETION_MODEL
    return chat_target or DEFAULT_CHAT_MODEL


def counted_with(model: str, local_models: dict[str, str] | None = None) -> str:
    """The name a job's data is counted with before it is uploaded (the preflight): a
    local extra model is known by its folder (its own tokenizer), any other by name."""
    return (local_models or {}).get(model, model)


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


def _local_folder(model: str) -> Path | None:
    path = Path(model).expanduser()
    return path if (path / "config.json").exists() else None


def model_info(model: str) -> ModelInfo:
    folder = _local_folder(model)
    if folder is not None:  # a Hugging Face model folder, trained by the local engine
        limit = 8192
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            limit = int(config.get("max_position_embeddings") or limit)
        except (OSError, ValueError):
            pass
        return ModelInfo(model, folder.name, "local", "", min(limit, LOCAL_TRAIN_LIMIT), None, 200.0)
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
    if info.local:
        return lambda: _local_tokenizer(model, info)
    encoding = info.encoding
    return lambda: TiktokenTokenizer(encoding)


class LocalTokenizers(Protocol):
    """How a model on this computer's own tokenizer is loaded. The local engine provides it
    (``core.engine.tokenizers.register()``, called by the programs that have the engine);
    this layer never imports the engine."""

    def load(self, source: str, folder: Path | None) -> Any: ...  # a transformers tokenizer

    def needs_preparing(self, base: str) -> bool: ...  # converted once before first use


_local_tokenizers: LocalTokenizers | None = None


def register_local_tokenizers(provider: LocalTokenizers | None) -> None:
    global _local_tokenizers
    _local_tokenizers = provider
    _hf_tokenizer_cached.cache_clear()


_hf_lock = threading.Lock()


@lru_cache(maxsize=8)
def _hf_tokenizer_cached(source: str) -> Any:
    if _local_tokenizers is None:
        raise ImportError(f"counting {source}'s tokens needs the local engine, which this TuneDesk does not have")
    folder = _local_folder(source)
    return _local_tokenizers.load(source, folder)


def _hf_tokenizer(source: str) -> Any:
    with _hf_lock:  # counting threads ask at once; convert and import only once
        return _hf_tokenizer_cached(source)


def first_use_note(model: str) -> str | None:
    """What counting with ``model``'s tokenizer must do first when that takes a while (the
    bundled model is converted once for this computer), for the front end to say so."""
    info = model_info(model)
    if not info.local or _local_folder(model) is not None or _local_tokenizers is None:
        return None
    try:
        if not _local_tokenizers.needs_preparing(info.base):
            return None
    except ImportError:  # the engine's packages are not installed: counting says so itself
        return None
    return (f"Preparing {info.base} for this computer before counting its tokens: once, about half a "
            "minute to a minute; training and chat then start without it")


def _local_tokenizer(model: str, info: ModelInfo) -> Tokenizer:
    """The model's own tokenizer (needs the engine's packages; the bundled model is
    converted once, which takes a little while the first time)."""
    source = model if _local_folder(model) else info.base
    return HFTokenizer(_hf_tokenizer(source), f"{info.base} tokenizer")


def inference_price(model: str) -> tuple[float, float, str] | None:
    """USD per 1M input and output tokens, and the date they were taken, for models whose
    price TuneDesk knows (OpenAI's, their fine-tuned variants included); None otherwise
    (local models cost nothing but time)."""
    info = model_info(model)
    if info.provider != "openai":
        return None
    entry = price_table()["models"].get(info.base, {})
    tuned = model.startswith("ft:")
    price_in = entry.get("ft_in_per_1m" if tuned else "in_per_1m")
    price_out = entry.get("ft_out_per_1m" if tuned else "out_per_1m")
    if price_in is None or price_out is None:
        return None
    return float(price_in), float(price_out), str(price_table().get("prices_taken", ""))


def cost(model: str, tokens_in: int | None, tokens_out: int | None) -> float | None:
    """What asking ``model`` cost in USD (None when its price is not known)."""
    price = inference_price(model)
    if price is None or tokens_in is None or tokens_out is None:
        return None
    return (tokens_in * price[0] + tokens_out * price[1]) / 1e6
