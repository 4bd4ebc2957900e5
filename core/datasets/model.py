"""The plain data every other part of the dataset core passes around."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Kind(StrEnum):
    CHAT = "chat"
    COMPLETION = "completion"
    PREFERENCE = "preference"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(slots=True)
class Example:
    """One training example.

    ``data`` is the example as it will be written (OpenAI's JSONL shape). When the
    source text did not parse, ``data`` is None and ``raw`` keeps that text verbatim
    (undecodable bytes as surrogate escapes) so a save writes it back unchanged until
    the user fixes or deletes it.
    """

    data: dict[str, Any] | None
    line: int = 0
    raw: str | None = None

    @property
    def is_raw(self) -> bool:
        return self.data is None


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

    @property
    def parsed(self) -> list[dict[str, Any]]:
        return [e.data for e in self.examples if e.data is not None]
