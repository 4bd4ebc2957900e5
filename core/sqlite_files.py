"""Opening a SQLite file that may be damaged: keep the damaged file aside, start a new
one, and carry over every row that can still be read.

A truncated or overwritten database used to stop the engine or the whole app at
start-up with a traceback. Now the file is renamed ``NAME.damaged-<time>.EXT`` (with its
WAL), the caller builds a fresh database, and ``salvage`` copies what is left into it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path


def healthy(path: Path) -> str | None:
    """None when ``path`` (if it exists) opens as a SQLite database and passes a quick
    check; otherwise what is wrong with it, in words."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(str(path), timeout=15)
        try:
            row = db.execute("PRAGMA quick_check").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        # Only damage counts: a file another process is creating or writing right now
        # ("locked", "busy") must never be moved aside from under it.
        text = str(exc)
        return text if any(w in text for w in ("malformed", "not a database", "corrupt")) else None
    if row is None or row[0] != "ok":
        return str(row[0]) if row else "the integrity check returned nothing"
    return None


def set_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL and shared-memory files) out of the way."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    os.replace(path, aside)
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + extra))
    return aside


def salvage(damaged: Path, into: sqlite3.Connection, tables: Iterable[str]) -> dict[str, int]:
    """Copy every row that can still be read from ``damaged``'s tables into the same
    tables of ``into`` (columns by name); returns rows copied per table."""
    copied: dict[str, int] = {}
    readable = _readable_copy(damaged)
    try:
        old = sqlite3.connect(f"file:{readable}?mode=ro", uri=True)
    except sqlite3.DatabaseError:
        readable.unlink(missing_ok=True)
        return copied
    try:
        for table in tables:
            copied[table] = _copy_table(old, into, table)
    finally:
        old.close()
        readable.unlink(missing_ok=True)
    return copied


MAX_MISSES = 4_000  # seeks that may fail per table before the rest is given up


def _copy_table(old: sqlite3.Connection, into: sqlite3.Connection, table: str) -> int:
    """Walk the table by rowid, one seek per row: a seek touches only the pages on the
    way to its row, so rows on both sides of a lost page are still found."""
    try:
        have = {r[1] for r in into.execute(f"PRAGMA table_info({table})")}
        names = [d[0] for d in old.execute(f"SELECT * FROM {table} LIMIT 0").description]
    except sqlite3.DatabaseError:
        return 0
    cols = [c for c in names if c in have]
    if not cols:
        return 0
    insert = f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    select = f"SELECT rowid, {', '.join(cols)} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT 1"
    after, copied, misses, step = 0, 0, 0, 1  # these tables' rowids start at 1
    while misses < MAX_MISSES and after < 2**62:
        try:
            row = old.execute(select, (after,)).fetchone()
            if row is not None and row[0] <= after:  # a damaged page answers out of order
                raise sqlite3.DatabaseError("rowid out of order")
        except sqlite3.DatabaseError:
            misses += 1
            after += step
            step = min(step * 2, 2**32) if misses % 16 == 0 else step  # a long run of lost pages: stride on
            continue
        if row is None:
            break
        after, step = row[0], 1
        try:
            into.execute(insert, row[1:])
            copied += 1
        except sqlite3.DatabaseError:
            pass
    return copied


def _readable_copy(damaged: Path) -> Path:
    """A copy SQLite will read past the damage. A WAL-mode file cut short refuses even
    its schema; and a schema that names pages past the end is "malformed" as a whole. So
    the copy says "rollback journal" and is padded with empty pages to the size its
    header gives: then only the tables whose pages were lost fail, and only there."""
    data = bytearray(damaged.read_bytes())
    copy = damaged.with_name(damaged.name + ".salvage")
    length = len(data)
    if len(data) >= 100 and data.startswith(b"SQLite format 3\x00"):
        size = int.from_bytes(data[16:18], "big")
        size = 65536 if size == 1 else size
        if size in (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536):
            data[18] = data[19] = 1
            pages = max(int.from_bytes(data[28:32], "big"), -(-len(data) // size))
            if pages * size <= 4 << 30:  # a header this damaged is not worth trusting further
                data[28:32] = pages.to_bytes(4, "big")
                length = pages * size
    copy.write_bytes(data)
    os.truncate(copy, length)  # the padding as a sparse tail: no memory, no real disk
    return copy


def use_wal(db: sqlite3.Connection, patience: float = 15.0) -> None:
    """Switch to WAL. The switch needs the file to itself and SQLite does not wait for
    that (no busy handler), so a second process opening the store at the same moment
    retries for a while instead of failing."""
    deadline = time.monotonic() + patience
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
