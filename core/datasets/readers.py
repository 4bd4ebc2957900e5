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
from pathlib import Path
from typing import Any

import orjson

from .encoding import SAMPLE_BYTES, Detected, UndetectableEncoding, detect
from .model import Diagnostic, Example, Kind, Severity, Source

CHUNK = 1000

# Columns a table may use, by the field they feed. First match wins, any case.
COLUMN_GUESSES: dict[str, tuple[str, ...]] = {
    "system": ("system", "system_prompt", "system prompt", "instructions"),
    "user": ("user", "user_message", "human"),
    "assistant": ("assistant", "assistant_message", "bot", "gpt"),
    "prompt": ("prompt", "question", "input", "instruction", "query", "source"),
    "completion": ("completion", "answer", "output", "response", "target", "reply"),
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
    return {"messages": messages}


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
        messages.append({"role": role, "content": turn.get("value", turn.get("content"))})
    out: dict[str, Any] = {"messages": messages}
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
    ) -> None:
        self.path = Path(path)
        self.explicit_mapping = dict(mapping or {})
        self.chunk_size = chunk_size
        self.source = Source(path=self.path)
        self.kind: Kind = Kind.CHAT
        self.read_diagnostics: list[Diagnostic] = []
        self._detected: Detected | None = None
        self._document: list[Any] | None = None  # a JSON file that was one object
        self._rows: Iterator[tuple[int, dict[str, str]]] = iter(())  # a table's rows, header read
        self._sniff()

    # -- detection -------------------------------------------------------------------
    def _fail(self, why: str) -> ReadError:
        return ReadError(f"{self.path}: {why}")

    def _sniff(self) -> None:
        try:
            size = self.path.stat().st_size
            with open(self.path, "rb") as f:
                sample = f.read(SAMPLE_BYTES)
        except IsADirectoryError:
            raise self._fail("is a folder, not a file") from None
        except FileNotFoundError:
            raise self._fail("no such file") from None
        except OSError as exc:
            raise self._fail(f"cannot be read ({exc.strerror or exc})") from None
        if size == 0:
            raise EmptyFileError(f"{self.path}: the file is empty; there are no examples in it")
        if sample.startswith(b"PK\x03\x04"):
            self.source.format = "xlsx"
            self.source.encoding = "binary (XLSX)"
            self._prime_table()
            return
        if sample.startswith(b"\xd0\xcf\x11\xe0"):
            raise self._fail("is an old Excel .xls workbook; save it as .xlsx or CSV and open that")
        wide_bom = sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
        if not wide_bom and b"\x00" in sample[:8192]:
            raise self._fail("contains binary data; it is not a text dataset (JSONL, JSON, CSV, TSV, TXT or XLSX)")
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

    def _prime_table(self) -> None:
        """Read the header now: the columns decide the kind, and a wrong --map fails at once."""
        rows = self._csv_rows() if self.source.format in ("csv", "tsv") else self._xlsx_rows()
        first = next(rows, None)  # reading the first row reads the header
        self._rows = itertools.chain([first], rows) if first is not None else iter(())
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
        return [row for _line, row in head]

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
            raise self._fail(
                f"holds one JSON object (keys: {keys}), not a list of examples. TuneDesk reads "
                "JSON Lines (one example per line) or a JSON array of examples."
            )

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
        if not isinstance(obj, dict):
            return Example(obj, line)  # type: ignore[arg-type]  # flagged by validation
        return Example.parsed(obj, blob, line)

    def _jsonl(self) -> Iterator[Example]:
        det = self._detected
        assert det is not None
        loads = orjson.loads
        if det.ascii_compatible:
            with open(self.path, "rb") as f:
                if det.bom:
                    f.read(det.bom)
                utf8 = det.codec == "utf-8"
                for lineno, line in enumerate(f, 1):
                    body = line.rstrip(b"\r\n")
                    if not body.strip():
                        continue
                    try:
                        obj = loads(body if utf8 else body.decode(det.codec))
                    except (orjson.JSONDecodeError, UnicodeDecodeError):
                        yield self._bad_line(body, lineno, det.codec)
                        continue
                    yield self._parsed(obj, lineno, body.strip() if utf8 else None)
        else:
            with open(self.path, encoding=det.codec, newline="", errors="surrogateescape") as f:
                if det.bom:
                    f.read(1)  # the BOM decodes to a single U+FEFF
                for lineno, line in enumerate(f, 1):
                    body = line.rstrip("\r\n")
                    if not body.strip():
                        continue
                    try:
                        obj = loads(body)
                    except orjson.JSONDecodeError:
                        yield Example(None, lineno, body)
                        continue
                    yield self._parsed(obj, lineno)

    @staticmethod
    def _bad_line(body: bytes, lineno: int, codec: str) -> Example:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:  # kept byte for byte; validation flags invalid_encoding
            return Example(None, lineno, body.decode(codec, errors="surrogateescape"))
        try:
            # Rare: values orjson refuses but the standard library accepts (huge integers).
            return Example(json.loads(text), lineno)
        except ValueError:
            return Example(None, lineno, text)

    def _read_text(self) -> str:
        det = self._detected
        assert det is not None
        with open(self.path, "rb") as f:
            data = f.read()
        return data[det.bom :].decode(det.codec, errors="surrogateescape")

    def _json_array(self) -> Iterator[Example]:
        if self._document is not None:
            for obj in self._document:
                yield self._parsed(obj, 1)
            return
        text = self._read_text()
        decoder = json.JSONDecoder()
        pos = text.index("[") + 1
        line = 1 + text.count("\n", 0, pos)
        ws = " \t\r\n"
        n = len(text)
        while True:
            while pos < n and text[pos] in ws:
                if text[pos] == "\n":
                    line += 1
                pos += 1
            if pos >= n:
                yield Example(None, line, "")  # unterminated array: nothing more to keep
                return
            if text[pos] == "]":
                return
            try:
                obj, end = decoder.raw_decode(text, pos)
            except ValueError:
                # The rest cannot be split reliably: keep it whole, flagged, so nothing is lost.
                yield Example(None, line, text[pos:].rstrip().removesuffix("]").rstrip())
                return
            yield self._parsed(obj, line)
            line += text.count("\n", pos, end)
            pos = end
            while pos < n and text[pos] in ws:
                if text[pos] == "\n":
                    line += 1
                pos += 1
            if pos < n and text[pos] == ",":
                pos += 1

    def _table(self) -> Iterator[Example]:
        mapping, kind, columns = self.source.mapping, self.kind, self.source.columns
        needed = ("user", "assistant") if kind is Kind.CHAT else ("completion",)
        absent = [f for f in needed if f not in mapping]
        if absent:
            self.read_diagnostics.append(
                Diagnostic(
                    None, 1, absent[0], "missing_column", Severity.ERROR,
                    f"no column for '{absent[0]}' among: {', '.join(columns)}. "
                    f"Choose one with --map {absent[0]}=COLUMN (or in the import dialog).",
                )
            )
            return
        for line, row in self._rows:
            yield Example(row_to_example(row, mapping, kind), line)

    def _csv_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        det = self._detected
        assert det is not None
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with open(self.path, encoding=det.codec, newline="", errors="replace") as f:

            def rewind() -> None:
                f.seek(0)
                if det.bom:
                    f.read(1)  # the byte-order mark decodes to one U+FEFF

            rewind()
            delimiter = "\t" if self.source.format == "tsv" else ","
            if self.source.format == "csv":
                try:
                    delimiter = csv.Sniffer().sniff(f.read(65536), delimiters=",;|\t").delimiter
                except csv.Error:
                    pass
                rewind()
            reader = csv.reader(f, delimiter=delimiter)
            try:
                header = next(reader)
            except StopIteration:
                header = []
            self.source.columns = [h.strip() for h in header]
            start = reader.line_num + 1
            width = len(header)
            try:
                for record in reader:
                    if not any(cell.strip() for cell in record):
                        start = reader.line_num + 1
                        continue
                    if len(record) != width and width:
                        self.read_diagnostics.append(
                            Diagnostic(
                                None, start, None, "ragged_row", Severity.WARNING,
                                f"row has {len(record)} fields, the header has {width}",
                            )
                        )
                    yield start, dict(zip(self.source.columns, record))
                    start = reader.line_num + 1
            except csv.Error as exc:
                raise self._fail(f"line {reader.line_num}: {exc}") from None

    def _xlsx_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        import zipfile

        import openpyxl

        try:
            wb = openpyxl.load_workbook(self.path, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise self._fail(f"is not a readable XLSX workbook ({exc})") from None
        ws = wb.worksheets[0]
        if len(wb.worksheets) > 1:
            others = ", ".join(f"'{s.title}'" for s in wb.worksheets[1:])
            self.read_diagnostics.append(
                Diagnostic(
                    None, None, None, "extra_sheets", Severity.WARNING,
                    f"the workbook has {len(wb.worksheets)} sheets; read the first, '{ws.title}', "
                    f"and left out {others}",
                )
            )
        # A merged range shows its value in every cell it covers, as the user sees it.
        for rng in list(ws.merged_cells.ranges):
            value = ws.cell(rng.min_row, rng.min_col).value
            ws.unmerge_cells(str(rng))
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    ws.cell(r, c).value = value
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        self.source.columns = [_cell(h).strip() for h in header]
        for rowno, values in enumerate(rows, 2):
            cells = [_cell(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            yield rowno, dict(zip(self.source.columns, cells))

    def _txt(self) -> Iterator[Example]:
        text = self._read_text()
        for lineno, line in enumerate(io.StringIO(text, newline=None), 1):
            body = line.rstrip("\r\n")
            if body.strip():
                yield Example({"prompt": "", "completion": body}, lineno)
