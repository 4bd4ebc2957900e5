"""Read a workbook's first sheet row by row, within limits a hostile file cannot blow up.

openpyxl's ordinary mode builds every cell in memory and creates one object per cell a
merged range covers: a 5 KB workbook with one range over the whole sheet took 22 GB.
Here the sheet is streamed (read-only mode), its size is checked before anything is
unpacked, and merged ranges are read from the sheet's XML and filled in only for the
rows and columns that exist.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MERGE_FILL_COLUMNS = 256  # a merged range fills at most this many columns of a row


class XlsxError(Exception):
    """The workbook cannot be read; the message says why (without the file's name)."""


@dataclass
class Sheet:
    title: str
    others: list[str]  # the titles of the sheets not read
    rows: Iterator[tuple[int, list[Any]]] = field(default_factory=lambda: iter(()))


_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def _cell_ref(ref: str) -> tuple[int, int]:
    m = _REF.fullmatch(ref.strip().upper())
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _merges(archive: zipfile.ZipFile, member: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range, sorted by first row."""
    from xml.etree.ElementTree import iterparse  # noqa: S405 - a local file, entities are not expanded

    out = []
    with archive.open(member) as src:
        for _event, el in iterparse(src):
            if el.tag.endswith("}mergeCell"):
                ref = el.get("ref", "")
                a, _, b = ref.partition(":")
                try:
                    (r1, c1), (r2, c2) = _cell_ref(a), _cell_ref(b or a)
                except ValueError:
                    continue
                out.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
            el.clear()
    out.sort()
    return out


def read_first_sheet(path: str | Path, *, max_cells: int, max_bytes: int) -> Sheet:
    import openpyxl

    try:
        fileobj = open(path, "rb")  # a file object: openpyxl then does not insist on the name ending .xlsx
    except OSError as exc:
        raise XlsxError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        try:
            archive = zipfile.ZipFile(fileobj)
            # Sizes first, from the archive's directory: nothing is unpacked before they pass.
            for info in archive.infolist():
                name = info.filename
                if (name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml") and info.file_size > max_bytes:
                    raise XlsxError(
                        f"has a sheet of {info.file_size / 2**20:,.0f} MB when unpacked; TuneDesk reads sheets up "
                        f"to {max_bytes / 2**20:,.0f} MB. Save the rows you need as CSV, or split the workbook."
                    )
            wb = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
        except XlsxError:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise XlsxError(f"is not a readable XLSX workbook ({type(exc).__name__}: {str(exc)[:200]})") from None
        if not wb.worksheets:
            raise XlsxError("is a workbook without any sheet")
        ws = wb.worksheets[0]
        member = getattr(ws, "_worksheet_path", "")
        merges = _merges(archive, member) if member else []
    except BaseException:
        fileobj.close()
        raise
    return Sheet(ws.title, [s.title for s in wb.worksheets[1:]], _rows(ws, merges, max_cells, fileobj))


def _rows(ws: Any, merges: list[tuple[int, int, int, int]], max_cells: int, fileobj: Any) -> Iterator[tuple[int, list[Any]]]:
    """The sheet's rows as (row number, values), merged ranges filled with their value."""
    ws.reset_dimensions()  # the declared size can lie; read only what the rows hold
    cells = 0
    pending = 0  # index of the next merged range not yet started
    active: list[tuple[int, int, int, int, Any]] = []
    width = MERGE_FILL_COLUMNS  # a merged range fills no further than the header row reaches
    rowno = 0
    try:
        for rowno, row in enumerate(ws.iter_rows(values_only=True), 1):
            values = list(row)
            if rowno == 1:
                width = min(MERGE_FILL_COLUMNS, max(1, len(values)))
            cells += len(values)
            if cells > max_cells:
                raise XlsxError(
                    f"has more than {max_cells:,} cells in its first sheet; save the rows you need as CSV "
                    "or split the sheet"
                )
            while pending < len(merges) and merges[pending][0] <= rowno:
                r1, c1, r2, c2 = merges[pending]
                value = values[c1 - 1] if r1 == rowno and c1 <= len(values) else None
                active.append((r1, c1, r2, c2, value))
                pending += 1
            active = [m for m in active if m[2] >= rowno]
            for _r1, c1, _r2, c2, value in active:
                if value is None:
                    continue
                last = min(c2, max(width, c1))
                if len(values) < last:
                    values.extend([None] * (last - len(values)))
                for c in range(c1, last + 1):
                    values[c - 1] = value
            yield rowno, values
    except XlsxError:
        raise
    except Exception as exc:  # a sheet damaged past its first rows
        raise XlsxError(f"is a damaged workbook: its first sheet cannot be read past row {rowno} "
                        f"({type(exc).__name__})") from None
    finally:
        fileobj.close()
