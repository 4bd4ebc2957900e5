"""The plain data every other part of the dataset core passes around."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson


class Kind(StrEnum):
    CHAT = "chat"
    COMPLETION = "completion"
    PREFERENCE = "preference"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def content_text(content: Any) -> str:
    """A message's content as text: content parts joined, null as empty."""
    if content is None:
        return ""
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def _std_dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON (non-ASCII as is).

    orjson refuses integers over 64 bits and writes NaN and infinities as null; the
    standard library keeps both as they were read, so it takes over for those.
    """
    try:
        out = orjson.dumps(data)
    except TypeError:
        return _std_dumps(data)
    if b"null" in out:  # maybe a NaN or an infinity that orjson turned into null
        std = _std_dumps(data)
        if std != out:
            return std
    return out


# orjson reads integers of 20 digits or more as floats (rounding them) and refuses
# NaN, Infinity and numbers beyond a double; Python's reader keeps all of them exactly.
LONG_DIGITS = re.compile(rb"\d{19}")
LONG_DIGITS_STR = re.compile(r"\d{19}")


class TooDeep(ValueError):
    """JSON nested deeper than can be read safely."""


def std_loads(text: bytes | str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeep("the JSON is nested too deeply (over 1,000 levels)") from None


def loads(blob: bytes | str) -> Any:
    """Parse JSON without changing a number: orjson where it is exact, else the standard library."""
    if (LONG_DIGITS if isinstance(blob, bytes) else LONG_DIGITS_STR).search(blob):
        return std_loads(blob)
    try:
        return orjson.loads(blob)
    except orjson.JSONDecodeError:
        return std_loads(blob)


class Example:
    """One training example.

    ``data`` is the example as it will be written (OpenAI's JSONL shape). Treat it as
    immutable: to change an example, assign a new dict. Examples read from a file are
    kept as their compact JSON bytes and parsed on access, which keeps a 100,000-example
    dataset near the size of its file and lets a save write unchanged lines back byte
    for byte.

    When the source text did not parse, ``data`` is None and ``raw`` keeps that text
    verbatim (undecodable bytes as surrogate escapes) so a save writes it back unchanged
    until the user fixes or deletes it.
    """

    __slots__ = ("_data", "_blob", "line", "raw", "note")

    def __init__(self, data: dict[str, Any] | None, line: int = 0, raw: str | None = None,
                 note: tuple[str, str] | None = None) -> None:
        self._data = data
        self._blob: bytes | None = None
        self.line = line
        self.raw = raw
        # (code, message) from the reader about how this row was read, e.g. a CSV quote
        # that was never closed; validation reports it with the example's other problems.
        self.note = note

    @classmethod
    def from_json(cls, blob: bytes, line: int = 0) -> Example:
        ex = cls(None, line)
        ex._blob = blob
        return ex

    @property
    def data(self) -> dict[str, Any] | None:
        if self._data is not None:
            return self._data
        if self._blob is not None:
            return loads(self._blob)
        return None

    @data.setter
    def data(self, value: dict[str, Any] | None) -> None:
        self._data, self._blob = value, None
        if value is not None:
            self.raw = None
            self.note = None

    def canonical(self) -> bytes | None:
        """The example as compact JSON whatever its spacing as read (a row from a file keeps
        its own bytes in ``blob``): two examples are the same when these are. None for a
        raw row."""
        if self._data is None and self._blob is not None:
            try:
                return orjson.dumps(orjson.loads(self._blob))
            except (orjson.JSONDecodeError, TypeError):  # numbers orjson will not take: the careful way
                return dumps(loads(self._blob))
        return None if self._data is None else dumps(self._data)

    @property
    def blob(self) -> bytes | None:
        """The example as compact JSON (None for a raw row)."""
        if self._blob is not None:
            return self._blob
        if self._data is not None:
            return dumps(self._data)
        return None

    @classmethod
    def parsed(cls, data: Any, blob: bytes | None, line: int) -> Example:
        """A freshly read example: the dict for validation now, the source bytes for later."""
        ex = cls(data, line)
        ex._blob = blob
        return ex

    def compact(self) -> None:
        """Drop the parsed dict, keeping only JSON bytes."""
        if self._data is not None:
            if self._blob is None:
                self._blob = dumps(self._data)
            self._data = None

    @property
    def is_raw(self) -> bool:
        return self._data is None and self._blob is None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Example):
            return NotImplemented
        return self.data == other.data and self.raw == other.raw

    def __repr__(self) -> str:
        return f"Example(line={self.line}, data={self.data!r}, raw={self.raw!r})"


@dataclass(frozen=True, slots=True)
class Fix:
    """An automatic fix, as data: ``core.datasets.fixes`` knows how to apply each action."""

    action: str
    description: str
    args: tuple[tuple[str, Any], ...] = ()

    def arg(self, name: str, default: Any = None) -> Any:
        return dict(self.args).get(name, default)


@dataclass(slots=True)
class Diagnostic:
    index: int | None  # example index; None for the file or the whole dataset
    line: int | None  # 1-based line (or spreadsheet row) in the source
    field: str | None  # path inside the example, e.g. "messages[2].content"
    code: str
    severity: Severity
    message: str
    fix: Fix | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index,
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }
        if self.fix is not None:
            out["fix"] = self.fix.description
        return out


@dataclass(slots=True)
class Source:
    """Where a dataset came from and how it was read."""

    path: Path | None = None
    format: str = "jsonl"  # jsonl | json | csv | tsv | xlsx | txt
    schema: str = "chat"  # chat | completion | preference | alpaca | sharegpt | table
    encoding: str = "utf-8"
    columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # field -> column, for tables


@dataclass(slots=True)
class Dataset:
    examples: list[Example]
    kind: Kind = Kind.CHAT
    source: Source = field(default_factory=Source)
    # Problems with the file as a whole found while reading (extra sheets, missing column).
    read_diagnostics: list[Diagnostic] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.examples)

