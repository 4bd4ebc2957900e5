"""Read the files people actually have into examples, a chunk at a time.

The format is worked out from the content (the extension only breaks ties), every
example remembers the line it came from, and a line that does not parse is kept
verbatim as a raw example rather than dropped.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import itertools
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..i18n import tr
from .encoding import SAMPLE_BYTES, Detected, UndetectableEncoding, detect
from .model import LONG_DIGITS, Diagnostic, Example, Kind, Severity, Source

CHUNK = 1000
# Limits that keep a small hostile file from taking all memory or time. A row past them
# is kept as it is and flagged, or the file is refused with a message that says which.
MAX_XLSX_CELLS = 5_000_000  # cells in the first sheet (rows x columns)
MAX_XLSX_BYTES = 64 * 1024 * 1024  # the unpacked sheet XML
MAX_CELL_CHARS = 1_000_000  # one cell of a table
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# Columns a table may use, by the field they feed. First match wins, any case.
COLUMN_GUESSES: dict[str, tuple[str, ...]] = {
    "system": ("system", "system_prompt", "system prompt", "instructions"),
    "user": ("user", "user_message", "human"),
    "assistant": ("assistant", "assistant_message", "bot", "gpt"),
    "prompt": ("prompt", "question", "input", "instruction", "query", "source", "问题", "提问", "问", "输入", "指令"),
    "completion": ("completion", "answer", "output", "response", "target", "reply", "response_txt", "response_text",
                   "回答", "答案", "答", "输出", "回复"),
}
FIELDS = tuple(COLUMN_GUESSES)
_KNOWN_COLUMNS = {name for names in COLUMN_GUESSES.values() for name in names}

_SHAREGPT_ROLES = {
    "system": "system",
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "chatgpt": "assistant",
    "bard": "assistant",
    "bing": "assistant",
    "model": "assistant",
    "tool": "tool",
    "observation": "tool",
}


def _has_surrogate(text: str) -> bool:
    """Undecodable bytes read with errors="surrogateescape" show up as lone surrogates."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _used_width(values: list[Any]) -> int:
    """The row's width up to its last non-empty cell."""
    for i in range(len(values), 0, -1):
        if values[i - 1] not in (None, ""):
            return i
    return 0


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


UNCLOSED_QUOTE = ("a quote (\") opened on this line is never closed, so the rest of the file would be one cell; "
                  "the line is kept as it is and the rows after it were read on their own. Close or remove the quote.")


def _records(lines: Iterator[tuple[int, str]], delimiter: str) -> Iterator[tuple[int, list[str] | None, str, str]]:
    """CSV records as (first line, cells, raw text, problem), read leniently as the csv
    module does. A record that cannot be read comes back with cells None, its first line
    as raw text and the problem in words; reading goes on from the line after it.

    One thing the lenient reader gets wrong is a quote that is never closed: the rest of
    the file becomes one cell. So a record that runs to the end of the file is read again
    strictly, and if its quote is indeed unclosed, it is handed back as a problem.
    """
    pending: list[tuple[int, str]] = []  # lines to read again, in reverse order
    taken: list[tuple[int, str]] = []  # the lines the current record has read
    ended = False

    def feed() -> Iterator[str]:
        nonlocal ended
        while True:
            if pending:
                item = pending.pop()
            else:
                item = next(lines, None)
                if item is None:
                    ended = True
                    return
            taken.append(item)
            yield item[1]

    def give_back(problem: str) -> tuple[int, None, str, str]:
        nonlocal ended
        first, *rest = list(taken)
        taken.clear()
        pending.extend(reversed(rest))
        ended = False
        return first[0], None, first[1].rstrip("\r\n"), problem

    while True:
        reader = csv.reader(feed(), delimiter=delimiter)
        try:
            for record in reader:
                if ended and len(taken) > 1 and not pending and _unclosed("".join(t for _, t in taken), delimiter):
                    yield give_back(UNCLOSED_QUOTE)
                    break
                line = taken[0][0] if taken else 0
                taken.clear()
                yield line, record, "", ""
            else:
                return
        except csv.Error as exc:  # e.g. a NUL byte: this record is kept as text, the rest read on
            if not taken:
                return
            yield give_back(f"the row cannot be read as CSV ({exc}); it is kept as it is. Fix the line.")


def _unclosed(text: str, delimiter: str) -> bool:
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


class ReadError(Exception):
    """The file cannot be read as a dataset at all. The message names the file."""


class EmptyFileError(ReadError):
    pass


def kind_of(obj: Any) -> Kind | None:
    if not isinstance(obj, dict):
        return None
    if "messages" in obj:
        return Kind.CHAT
    if "input" in obj and ("preferred_output" in obj or "non_preferred_output" in obj):
        return Kind.PREFERENCE
    if "prompt" in obj or "completion" in obj:
        return Kind.COMPLETION
    return None


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


_ALPACA_KEYS = frozenset({"instruction", "input", "output", "system", "history"})
_SHAREGPT_KEYS = frozenset({"conversations", "system", "tools"})


def _extras(obj: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The record's other fields, kept beside the messages so a conversion loses nothing."""
    return {k: v for k, v in obj.items() if k not in known and k != "messages"}


def from_alpaca(obj: dict[str, Any]) -> dict[str, Any]:
    messages: list[dict[str, Any]] = []
    if obj.get("system"):
        messages.append({"role": "system", "content": _text(obj["system"])})
    for turn in obj.get("history") or []:
        if isinstance(turn, (list, tuple)) and len(turn) == 2:
            messages.append({"role": "user", "content": _text(turn[0])})
            messages.append({"role": "assistant", "content": _text(turn[1])})
    user = _text(obj.get("instruction"))
    if obj.get("input"):
        user = f"{user}\n\n{_text(obj['input'])}" if user else _text(obj["input"])
    messages.append({"role": "user", "content": user})
    messages.append({"role": "assistant", "content": _text(obj.get("output"))})
    return {"messages": messages, **_extras(obj, _ALPACA_KEYS)}


def from_sharegpt(obj: dict[str, Any]) -> dict[str, Any]:
    messages: list[dict[str, Any]] = []
    if obj.get("system"):
        messages.append({"role": "system", "content": _text(obj["system"])})
    for turn in obj.get("conversations") or []:
        if not isinstance(turn, dict):
            messages.append(turn)  # left for validation to flag
            continue
        speaker = _text(turn.get("from", turn.get("role", "")))
        role = _SHAREGPT_ROLES.get(speaker.lower(), speaker)
        extra = {k: v for k, v in turn.items() if k not in ("from", "value", "role", "content")}
        messages.append({"role": role, "content": turn.get("value", turn.get("content")), **extra})
    out: dict[str, Any] = {"messages": messages, **_extras(obj, _SHAREGPT_KEYS)}
    if obj.get("tools"):
        tools = obj["tools"]
        if isinstance(tools, str):
            try:
                tools = json.loads(tools)
            except ValueError:
                pass
        out["tools"] = tools
    return out


def normalise(obj: Any) -> tuple[Any, str | None]:
    """Bring Alpaca and ShareGPT records to OpenAI's chat shape; say which it was."""
    if isinstance(obj, dict) and "messages" not in obj:
        if isinstance(obj.get("conversations"), list):
            return from_sharegpt(obj), "sharegpt"
        if "instruction" in obj and "output" in obj:
            return from_alpaca(obj), "alpaca"
    return obj, None


def _cell(value: Any) -> str:
    """Spreadsheet cell to text: whole numbers without '.0', dates as ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def guess_mapping(columns: list[str], explicit: dict[str, str] | None = None) -> dict[str, str]:
    """Map fields to columns: explicit choices first, then the guesses, any case."""
    explicit = dict(explicit or {})
    by_lower = {c.strip().lower(): c for c in columns}
    mapping: dict[str, str] = {}
    used = set(explicit.values())
    # Fields of the other kind are not guessed once the caller chose one kind's columns;
    # an empty column name means "no column" (the import dialog's "(none)").
    chosen_chat = any(f in explicit for f in ("user", "assistant"))
    chosen_completion = any(f in explicit for f in ("prompt", "completion"))
    for fld in FIELDS:
        if fld in explicit:
            if explicit[fld]:
                mapping[fld] = explicit[fld]
            continue
        if (chosen_completion and fld in ("system", "user", "assistant")) or (chosen_chat and fld in ("prompt", "completion")):
            continue
        for name in COLUMN_GUESSES[fld]:
            col = by_lower.get(name)
            if col is not None and col not in used:
                mapping[fld] = col
                used.add(col)
                break
    # A chat table (user/assistant) wins over loose prompt/completion guesses.
    if "user" in mapping or "assistant" in mapping:
        for fld in ("prompt", "completion"):
            if fld not in explicit:
                mapping.pop(fld, None)
    return mapping


def table_kind(mapping: dict[str, str]) -> Kind:
    return Kind.CHAT if ("user" in mapping or "assistant" in mapping) else Kind.COMPLETION


def row_to_example(row: dict[str, str], mapping: dict[str, str], kind: Kind) -> dict[str, Any]:
    if kind is Kind.CHAT:
        messages = []
        system = row.get(mapping.get("system", ""), "") if "system" in mapping else ""
        if system:
            messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": row.get(mapping.get("user", ""), "")})
        messages.append({"role": "assistant", "content": row.get(mapping.get("assistant", ""), "")})
        return {"messages": messages}
    return {
        "prompt": row.get(mapping.get("prompt", ""), ""),
        "completion": row.get(mapping.get("completion", ""), ""),
    }


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What sniffing a file found: enough to read it again without sniffing (a reader
    process is handed this; it pickles)."""

    size: int
    mtime_ns: int
    format: str
    encoding: str
    detected: Detected | None
    one_document: bool  # one JSON object holding the list: parsed while sniffing
    delimiter: str | None  # a CSV's


class DatasetReader:
    """Iterate a file as chunks of examples.

    After the first chunk, ``source``, ``kind`` and ``read_diagnostics`` describe the
    file. Raises ReadError (with the file's name in the message) when the file cannot
    be read as a dataset at all.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        mapping: dict[str, str] | None = None,
        chunk_size: int = CHUNK,
        sniffed: Sniffed | None = None,
    ) -> None:
        """``sniffed``: what an earlier reader of the same file found (``reader.sniffed``),
        so this one reads without sniffing again (in another process, or with the mapping
        the user chose): used while the file's size and time are the same."""
        self.path = Path(path)
        self.explicit_mapping = dict(mapping or {})
        self.chunk_size = chunk_size
        self.source = Source(path=self.path)
        self.kind: Kind = Kind.CHAT
        self.read_diagnostics: list[Diagnostic] = []
        self._detected: Detected | None = None
        self._document: list[Any] | None = None  # a JSON file that was one object
        # A table's rows after the header: (line, cells by column or the raw text, note).
        self._rows: Iterator[tuple[int, dict[str, str] | str, tuple[str, str] | None]] = iter(())
        self.sniffed: Sniffed | None = None
        self._delimiter: str | None = None  # a CSV's, once found
        if sniffed is None or not self._known(sniffed):
            self._sniff()

    # -- detection -------------------------------------------------------------------
    def _fail(self, why: str) -> ReadError:
        return ReadError(tr("{path}: {why}", path=self.path, why=why))

    def _sniff(self) -> None:
        stat = self._detect()
        self.sniffed = Sniffed(stat.st_size, stat.st_mtime_ns, self.source.format, self.source.encoding, self._detected,
                               self._document is not None, self._delimiter)

    def _known(self, sniffed: Sniffed) -> bool:
        """Take what ``sniffed`` says instead of sniffing; False when it is out of date."""
        try:
            stat = self.path.stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (sniffed.size, sniffed.mtime_ns) or sniffed.one_document:
            return False  # changed since, or one JSON document holding the list: sniff (and parse) again
        self.source.format, self.source.encoding, self._detected = sniffed.format, sniffed.encoding, sniffed.detected
        self._delimiter = sniffed.delimiter
        if sniffed.format == "txt":
            self.kind = Kind.COMPLETION
            self.source.schema = "completion"
        elif sniffed.format in ("csv", "tsv", "xlsx"):
            self._prime_table()
        self.sniffed = sniffed
        return True

    def _detect(self) -> os.stat_result:
        """The format, encoding and kind; returns the file's stat, taken before the sample."""
        try:
            stat = self.path.stat()
            size = stat.st_size
            with open(self.path, "rb") as f:
                sample = f.read(SAMPLE_BYTES)
        except IsADirectoryError:
            raise self._fail(tr("is a folder, not a file")) from None
        except FileNotFoundError:
            raise self._fail(tr("no such file")) from None
        except OSError as exc:
            raise self._fail(tr("cannot be read ({error})", error=exc.strerror or exc)) from None
        if size == 0:
            raise EmptyFileError(f"{self.path}: the file is empty; there are no examples in it")
        if sample.startswith(b"PK\x03\x04"):
            self.source.format = "xlsx"
            self.source.encoding = "binary (XLSX)"
            self._prime_table()
            return stat
        if sample.startswith(b"\xd0\xcf\x11\xe0"):
            raise self._fail(tr("is an old Excel .xls workbook; save it as .xlsx or CSV and open that"))
        wide_bom = sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
        if not wide_bom and b"\x00" in sample[:8192]:
            raise self._fail(tr("contains binary data; it is not a text dataset (JSONL, JSON, CSV, TSV, TXT or XLSX)"))
        try:
            det = detect(sample, whole_file=size <= len(sample))
        except UndetectableEncoding as exc:
            raise self._fail(str(exc)) from None
        self._detected = det
        self.source.encoding = det.label
        text = sample[det.bom :].decode(det.codec, errors="ignore")
        stripped = text.lstrip()
        if not stripped:
            raise EmptyFileError(f"{self.path}: the file holds only blank space; there are no examples in it")
        first = stripped[0]
        if first == "[":
            self.source.format = "json"
        elif first == "{":
            self.source.format = "jsonl"
            first_line = stripped.split("\n", 1)[0].strip()
            try:
                orjson.loads(first_line)
            except orjson.JSONDecodeError:
                self._sniff_object(size)
        else:
            self.source.format = self._sniff_table(text)
        if self.source.format == "txt":
            self.kind = Kind.COMPLETION
            self.source.schema = "completion"
        elif self.source.format in ("csv", "tsv"):
            self._prime_table()
        return stat

    def _prime_table(self) -> None:
        """Read the header now: the columns decide the kind, and a wrong --map fails at once."""
        rows = self._csv_rows() if self.source.format in ("csv", "tsv") else self._xlsx_rows()
        first = next(rows, None)  # reading the first row reads the header
        self._rows = itertools.chain([first], rows) if first is not None else iter(())
        self._apply_mapping()

    def remap(self, mapping: dict[str, str] | None) -> None:
        """A table's columns mapped as the user chose (the header is read already)."""
        self.explicit_mapping = dict(mapping or {})
        self._apply_mapping()

    def _apply_mapping(self) -> None:
        columns = self.source.columns
        missing = [f"{fld}={col}" for fld, col in self.explicit_mapping.items() if col and col not in columns]
        if missing:
            raise self._fail(
                f"--map {', '.join(missing)}: no such column. The columns are: {', '.join(columns) or '(none)'}"
            )
        unknown = [fld for fld in self.explicit_mapping if fld not in FIELDS]
        if unknown:
            raise self._fail(f"--map {unknown[0]}=…: unknown field; fields are {', '.join(FIELDS)}")
        self.source.mapping = guess_mapping(columns, self.explicit_mapping)
        self.kind = table_kind(self.source.mapping)
        self.source.schema = str(self.kind)

    @property
    def is_table(self) -> bool:
        return self.source.format in ("csv", "tsv", "xlsx")

    def preview(self, n: int = 20) -> list[dict[str, str]]:
        """A table's first ``n`` rows (column -> text), without consuming them."""
        head = list(itertools.islice(self._rows, n))
        self._rows = itertools.chain(head, self._rows)
        return [row for _line, row, _note in head if isinstance(row, dict)]

    def _sniff_object(self, size: int) -> None:
        """The first line is not a whole JSON object: maybe the file is one JSON document."""
        if size > 512 * 1024 * 1024:
            return
        try:
            obj = orjson.loads(self._read_text())
        except orjson.JSONDecodeError:
            return  # JSON Lines with a bad first line: read line by line, flag what fails
        if not isinstance(obj, dict):
            return
        lists = [k for k, v in obj.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if kind_of(obj) is not None or normalise(obj)[1] is not None:
            self.source.format = "json"
            self._document = [obj]
        elif len(lists) == 1:
            self.source.format = "json"
            self._document = obj[lists[0]]
        else:
            keys = ", ".join(list(obj)[:8]) or "none"
            raise self._fail(tr("holds one JSON object (keys: {keys}), not a list of examples. TuneDesk reads JSON "
                                "Lines (one example per line) or a JSON array of examples.", keys=keys))

    def _sniff_table(self, text: str) -> str:
        ext = self.path.suffix.lower()
        lines = text.splitlines()[:20]
        head = "\n".join(lines)
        if ext in (".tsv", ".tab"):
            return "tsv"
        try:
            dialect = csv.Sniffer().sniff(head, delimiters=",\t;|")
            delim = dialect.delimiter
        except csv.Error:
            delim = "\t" if lines and "\t" in lines[0] else ","
        if ext == ".csv":
            return "tsv" if delim == "\t" else "csv"
        header = next(csv.reader([lines[0]], delimiter=delim)) if lines else []
        if ext != ".txt" and len(header) >= 2 and any(h.strip().lower() in _KNOWN_COLUMNS for h in header):
            return "tsv" if delim == "\t" else "csv"
        return "txt"

    # -- iteration -------------------------------------------------------------------
    def __iter__(self) -> Iterator[list[Example]]:
        fmt = self.source.format
        if fmt == "jsonl":
            items = self._jsonl()
        elif fmt == "json":
            items = self._json_array()
        elif fmt in ("csv", "tsv", "xlsx"):
            items = self._table()
        else:
            items = self._txt()
        chunk: list[Example] = []
        first = True
        for example in items:
            chunk.append(example)
            if len(chunk) >= self.chunk_size:
                if first:
                    self._settle_kind(chunk)
                    first = False
                yield chunk
                chunk = []
        if chunk or first:
            if first:
                self._settle_kind(chunk)
            yield chunk

    def _settle_kind(self, chunk: list[Example]) -> None:
        if self.source.format in ("csv", "tsv", "xlsx", "txt"):
            return  # decided from the columns
        counts: dict[Kind, int] = {}
        for ex in chunk:
            k = kind_of(ex.data)
            if k is not None:
                counts[k] = counts.get(k, 0) + 1
        if counts:
            self.kind = max(counts, key=counts.__getitem__)
        if self.source.schema not in ("alpaca", "sharegpt"):
            self.source.schema = str(self.kind)

    def _parsed(self, obj: Any, line: int, blob: bytes | None = None) -> Example:
        """``blob``: the source bytes of ``obj`` when a save may write them back as they are."""
        obj, schema = normalise(obj)
        if schema:
            if self.source.schema != schema:
                self.source.schema = schema
            blob = None
        return Example.parsed(obj, blob, line)  # not an object: flagged by validation, written back as read

    def _jsonl(self) -> Iterator[Example]:
        det = self._detected
        assert det is not None
        fast = orjson.loads
        if det.ascii_compatible:
            with open(self.path, "rb") as f:
                if det.bom:
                    f.read(det.bom)
                utf8 = det.codec == "utf-8"
                for lineno, line in enumerate(f, 1):
                    body = line.rstrip(b"\r\n")
                    if not body.strip():
                        continue
                    if not LONG_DIGITS.search(body):  # orjson would round a long integer
                        try:
                            obj = fast(body if utf8 else body.decode(det.codec))
                        except (orjson.JSONDecodeError, UnicodeDecodeError):
                            pass
                        else:
                            yield self._parsed(obj, lineno, body.strip() if utf8 else None)
                            continue
                    yield self._slow_line(body, lineno, det.codec)
        else:
            with open(self.path, encoding=det.codec, newline="", errors="surrogateescape") as f:
                if det.bom:
                    f.read(1)  # the BOM decodes to a single U+FEFF
                for lineno, line in enumerate(f, 1):
                    body = line.rstrip("\r\n")
                    if not body.strip():
                        continue
                    yield self._slow_line(body.encode("utf-8", "surrogateescape"), lineno, "utf-8")

    def _slow_line(self, body: bytes, lineno: int, codec: str) -> Example:
        """A line orjson did not take: undecodable, not JSON, or JSON that only the
        standard library reads exactly (NaN, Infinity, integers over 64 bits, deep nesting)."""
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:  # kept byte for byte; validation flags invalid_encoding
            return Example(None, lineno, body.decode(codec, errors="surrogateescape"))
        odd: list[str] = []

        def constant(name: str) -> float:
            odd.append(name)
            return float(name)

        def number(token: str) -> float:
            value = float(token)
            if value in (float("inf"), float("-inf")):
                odd.append(token)
            return value

        try:
            obj = json.loads(text, parse_constant=constant, parse_float=number)
        except RecursionError:
            return Example(None, lineno, text, note=(
                "too_deep", "the JSON is nested more than 1,000 levels deep; no example is shaped like that"))
        except ValueError:
            return Example(None, lineno, text)
        ex = self._parsed(obj, lineno, text.strip().encode("utf-8"))
        if odd:
            ex.note = ("invalid_number", f"{odd[0]} is not a JSON number; OpenAI and most JSON readers refuse "
                       "the line. Write it as a number or as text (\"NaN\")")
        return ex

    def _read_text(self) -> str:
        det = self._detected
        assert det is not None
        with open(self.path, "rb") as f:
            data = f.read()
        return data[det.bom :].decode(det.codec, errors="surrogateescape")

    def _json_array(self) -> Iterator[Example]:
        """A JSON array of examples, or several one after another (`[..][..]`, or one
        array per line); an object or text between or after them is read too, so
        nothing after the first closing bracket is lost."""
        if self._document is not None:
            for obj in self._document:
                yield self._parsed(obj, 1)
            return
        text = self._read_text()
        decoder = json.JSONDecoder()
        n = len(text)
        pos, line = 0, 1
        in_array = False
        while True:
            while pos < n and text[pos] in " \t\r\n":
                if text[pos] == "\n":
                    line += 1
                pos += 1
            if pos >= n:
                if in_array:
                    self.read_diagnostics.append(Diagnostic(
                        None, line, None, "unterminated_array", Severity.WARNING,
                        tr("the JSON array is never closed (no ']' at the end); every example in it was read")))
                return
            ch = text[pos]
            if ch == "[" and not in_array:
                in_array, pos = True, pos + 1
                continue
            if in_array and ch == "]":
                in_array, pos = False, pos + 1
                continue
            if in_array and ch == ",":
                pos += 1
                continue
            try:
                obj, end = decoder.raw_decode(text, pos)
            except (ValueError, RecursionError):
                # The rest cannot be split reliably: keep it whole, flagged, so nothing is lost.
                rest = text[pos:].rstrip()
                if in_array:
                    rest = rest.removesuffix("]").rstrip()
                yield Example(None, line, rest)
                return
            yield self._parsed(obj, line)
            line += text.count("\n", pos, end)
            pos = end

    def _table(self) -> Iterator[Example]:
        mapping, kind, columns = self.source.mapping, self.kind, self.source.columns
        needed = ("user", "assistant") if kind is Kind.CHAT else ("completion",)
        absent = [f for f in needed if f not in mapping]
        if absent:
            self.read_diagnostics.append(
                Diagnostic(
                    None, 1, absent[0], "missing_column", Severity.ERROR,
                    tr("no column for '{field}' among: {columns}. Choose one with --map {field}=COLUMN (or in the import "
                       "dialog).", field=absent[0], columns=", ".join(columns)),
                )
            )
            return
        for line, row, note in self._rows:
            if isinstance(row, str):  # a row that could not be split into cells, kept as its text
                yield Example(None, line, row, note=note)
            else:
                yield Example(row_to_example(row, mapping, kind), line, note=note)

    def _header(self, names: list[str]) -> list[str]:
        """Column names as shown: a blank one becomes "column N" and a repeated one gets
        " (2)", so no column's cells are hidden behind another's."""
        out: list[str] = []
        seen: set[str] = set()
        for i, name in enumerate(names, 1):
            name = name.strip() or f"column {i}"
            base, n = name, 1
            while name.lower() in seen:
                n += 1
                name = f"{base} ({n})"
            seen.add(name.lower())
            out.append(name)
        return out

    def _row(self, cells: list[str], line: int, width: int) -> tuple[int, dict[str, str], tuple[str, str] | None]:
        """One table row, with a note when a cell had to be changed or a row is ragged."""
        note = None
        for i, cell in enumerate(cells):
            col = self.source.columns[i] if i < len(self.source.columns) else f"column {i + 1}"
            if len(cell) > MAX_CELL_CHARS:
                cells[i] = cell[:MAX_CELL_CHARS]
                note = note or ("cell_too_large", f"column '{col}' holds {len(cell):,} characters; only the first "
                                f"{MAX_CELL_CHARS:,} were kept. Split it into several examples.")
            if _has_surrogate(cell):
                cells[i] = cell.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                note = note or ("invalid_encoding", f"column '{col}' has bytes that are not valid "
                                f"{self.source.encoding} text; they were replaced by \ufffd. Check the text.")
        if width and len(cells) > width:
            extra = [c for c in cells[width:] if c.strip()]
            if extra:
                note = note or ("ragged_row", f"the row has {len(cells)} cells but the header names {width}; "
                                f"the extra cells ({_short(' | '.join(extra))}) have no column. Fix the row.")
        return line, dict(zip(self.source.columns, cells)), note

    def _csv_rows(self) -> Iterator[tuple[int, dict[str, str] | str, tuple[str, str] | None]]:
        det = self._detected
        assert det is not None
        with open(self.path, encoding=det.codec, newline="", errors="surrogateescape") as f:
            if det.bom:
                f.read(1)  # the byte-order mark decodes to one U+FEFF
            delimiter = self._delimiter or ("\t" if self.source.format == "tsv" else ",")
            if self.source.format == "csv" and self._delimiter is None:
                pos = f.tell()
                try:
                    delimiter = csv.Sniffer().sniff(f.read(65536), delimiters=",;|\t").delimiter
                except csv.Error:
                    pass
                f.seek(pos)
            self._delimiter = delimiter
            records = _records(enumerate(f, 1), delimiter)
            header: list[str] = []
            for _line, record, _raw, _problem in records:
                if isinstance(record, list):
                    header = record
                break
            self.source.columns = self._header(header)
            width = len(header)
            for line, record, raw, problem in records:
                if record is None:
                    code = "unclosed_quote" if problem is UNCLOSED_QUOTE else "invalid_row"
                    yield line, raw, (code, problem)
                    continue
                if not any(cell.strip() for cell in record):
                    continue
                yield self._row(record, line, width)

    def _xlsx_rows(self) -> Iterator[tuple[int, dict[str, str] | str, tuple[str, str] | None]]:
        from .xlsx import XlsxError, read_first_sheet

        try:  # also around the rows: a sheet can turn out damaged half-way
            sheet = read_first_sheet(self.path, max_cells=MAX_XLSX_CELLS, max_bytes=MAX_XLSX_BYTES)
            yield from self._sheet_rows(sheet)
        except XlsxError as exc:
            raise self._fail(str(exc)) from None

    def _sheet_rows(self, sheet: Any) -> Iterator[tuple[int, dict[str, str] | str, tuple[str, str] | None]]:
        if sheet.others:
            others = ", ".join(f"'{name}'" for name in sheet.others)
            self.read_diagnostics.append(
                Diagnostic(
                    None, None, None, "extra_sheets", Severity.WARNING,
                    tr("the workbook has %n sheet(s); read the first, '{title}', and left out {others}", None,
                       len(sheet.others) + 1, title=sheet.title, others=others),
                )
            )
        rows = iter(sheet.rows)
        header = next(rows, None)
        names = [_cell(h) for h in header[1]] if header else []
        # A sheet stores no empty cells, so a column whose heading is blank shows only in
        # the rows below: the first rows decide how many columns there are.
        head = list(itertools.islice(rows, 50))
        width = max([len(names)] + [_used_width(v) for _, v in head])
        names += [""] * (width - len(names))
        self.source.columns = self._header(names)
        for rowno, values in itertools.chain(head, rows):
            cells = [_cell(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            yield self._row(cells, rowno, len(names))

    def _txt(self) -> Iterator[Example]:
        det = self._detected
        assert det is not None
        with open(self.path, encoding=det.codec, newline=None, errors="surrogateescape") as f:
            if det.bom:
                f.read(1)
            for lineno, line in enumerate(f, 1):
                body = line.rstrip("\r\n")
                if not body.strip():
                    continue
                if _has_surrogate(body):  # undecodable bytes: kept as they are, flagged
                    yield Example(None, lineno, body)
                else:
                    yield Example({"prompt": "", "completion": body}, lineno)
