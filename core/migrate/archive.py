"""What was brought home from a provider: its jobs, their events, checkpoints and files.

One SQLite database (``DATA/imports/imports.sqlite3``) holds the provider's own objects
as JSON, keyed by (provider, id), so importing again adds nothing twice. Files live
beside it, ``DATA/imports/<provider>/files/<file id>/<name>``, with their size and
SHA-256; a download in progress is ``<name>.part`` and goes on from where it stopped.
No key or token is ever stored here: a provider is named by its profile id.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..sqlite_files import healthy, salvage, set_aside

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    provider TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    base_url TEXT NOT NULL,
    last_import REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    provider TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    imported_at REAL NOT NULL,
    PRIMARY KEY (provider, id)
);
CREATE TABLE IF NOT EXISTS events (
    provider TEXT NOT NULL,
    job_id TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (provider, job_id, id)
);
CREATE TABLE IF NOT EXISTS checkpoints (
    provider TEXT NOT NULL,
    job_id TEXT NOT NULL,
    id TEXT NOT NULL,
    step INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (provider, job_id, id)
);
CREATE TABLE IF NOT EXISTS files (
    provider TEXT NOT NULL,
    id TEXT NOT NULL,
    filename TEXT NOT NULL,
    purpose TEXT NOT NULL,
    bytes INTEGER,
    data TEXT NOT NULL,
    path TEXT,
    sha256 TEXT,
    state TEXT NOT NULL,          -- complete | missing (the provider no longer has it)
    PRIMARY KEY (provider, id)
);
CREATE TABLE IF NOT EXISTS models (
    provider TEXT NOT NULL,
    id TEXT NOT NULL,
    job_id TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (provider, id)
);
"""
TABLES = ("sources", "jobs", "events", "checkpoints", "files", "models")
PREFIX = "imported:"  # how the Train tab names an archive among its providers


def safe_name(text: str, fallback: str = "file") -> str:
    name = re.sub(r"[^\w.\-]+", "_", text).strip("._")[:120]
    return name or fallback


@dataclass(frozen=True)
class StoredFile:
    provider: str
    id: str
    filename: str
    purpose: str
    bytes: int | None
    path: Path | None
    sha256: str | None
    state: str

    @property
    def complete(self) -> bool:
        return self.state == "complete" and self.path is not None and self.path.is_file()


class Archive:
    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else paths.home() / "imports"
        self.root.mkdir(parents=True, exist_ok=True)
        self.path = self.root / "imports.sqlite3"
        self._lock = threading.RLock()
        self.damaged: Path | None = None
        if healthy(self.path) is not None:
            self.damaged = set_aside(self.path)
        self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=15)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        if self.damaged is not None:
            self.db.execute("BEGIN")
            salvage(self.damaged, self.db, TABLES)
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def _write(self, sql: str, args: tuple) -> int:
        with self._lock:
            return self.db.execute(sql, args).rowcount

    # -- where files go ------------------------------------------------------------------
    def file_dir(self, provider: str, file_id: str) -> Path:
        return self.root / safe_name(provider, "provider") / "files" / safe_name(file_id)

    # -- writing -------------------------------------------------------------------------
    def add_source(self, provider: str, name: str, kind: str, base_url: str) -> None:
        self._write("INSERT INTO sources VALUES (?, ?, ?, ?, ?) ON CONFLICT(provider) DO UPDATE SET "
                    "name=excluded.name, kind=excluded.kind, base_url=excluded.base_url, "
                    "last_import=excluded.last_import", (provider, name, kind, base_url, time.time()))

    def put_job(self, provider: str, job: dict[str, Any]) -> bool:
        """Store or update a job; True when it is new."""
        new = self.job(provider, job["id"]) is None
        self._write("INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(provider, id) DO UPDATE SET "
                    "status=excluded.status, data=excluded.data",
                    (provider, job["id"], int(job.get("created_at") or 0), str(job.get("status") or ""),
                     json.dumps(job, ensure_ascii=False), time.time()))
        return new

    def add_events(self, provider: str, job_id: str, events_oldest_first: list[dict[str, Any]]) -> int:
        with self._lock:
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM events WHERE provider=? AND job_id=?",
                                  (provider, job_id)).fetchone()[0]
            added = 0
            self.db.execute("BEGIN")
            for e in events_oldest_first:
                seq += 1
                added += self.db.execute("INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?)",
                                         (provider, job_id, e["id"], int(e.get("created_at") or 0), seq,
                                          json.dumps(e, ensure_ascii=False))).rowcount
            self.db.execute("COMMIT")
            return added

    def add_checkpoints(self, provider: str, job_id: str, checkpoints: list[dict[str, Any]]) -> int:
        with self._lock:
            added = 0
            self.db.execute("BEGIN")
            for c in checkpoints:
                added += self.db.execute("INSERT OR IGNORE INTO checkpoints VALUES (?, ?, ?, ?, ?)",
                                         (provider, job_id, c["id"], int(c.get("step_number") or 0),
                                          json.dumps(c, ensure_ascii=False))).rowcount
            self.db.execute("COMMIT")
            return added

    def put_file(self, provider: str, meta: dict[str, Any], path: Path | None, sha256: str | None,
                 state: str) -> None:
        self._write("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(provider, id) DO UPDATE SET "
                    "filename=excluded.filename, purpose=excluded.purpose, bytes=excluded.bytes, "
                    "data=excluded.data, path=excluded.path, sha256=excluded.sha256, state=excluded.state",
                    (provider, meta["id"], str(meta.get("filename") or meta["id"]), str(meta.get("purpose") or ""),
                     meta.get("bytes"), json.dumps(meta, ensure_ascii=False), str(path) if path else None, sha256,
                     state))

    def put_model(self, provider: str, model: dict[str, Any], job_id: str | None) -> bool:
        return self._write("INSERT OR IGNORE INTO models VALUES (?, ?, ?, ?)",
                           (provider, model["id"], job_id, json.dumps(model, ensure_ascii=False))) > 0

    # -- reading -------------------------------------------------------------------------
    def sources(self) -> list[sqlite3.Row]:
        with self._lock:
            return self.db.execute("SELECT * FROM sources ORDER BY name").fetchall()

    def source(self, provider: str) -> sqlite3.Row | None:
        with self._lock:
            return self.db.execute("SELECT * FROM sources WHERE provider=?", (provider,)).fetchone()

    def jobs(self, provider: str) -> list[dict[str, Any]]:
        """Newest first, as a provider lists them."""
        with self._lock:
            rows = self.db.execute("SELECT data FROM jobs WHERE provider=? ORDER BY created_at DESC, id DESC",
                                   (provider,)).fetchall()
        return [json.loads(r["data"]) for r in rows]

    def job(self, provider: str, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self.db.execute("SELECT data FROM jobs WHERE provider=? AND id=?", (provider, job_id)).fetchone()
        return json.loads(row["data"]) if row else None

    def events(self, provider: str, job_id: str) -> list[dict[str, Any]]:
        """Oldest first."""
        with self._lock:
            rows = self.db.execute("SELECT data FROM events WHERE provider=? AND job_id=? ORDER BY created_at, seq",
                                   (provider, job_id)).fetchall()
        return [json.loads(r["data"]) for r in rows]

    def event_ids(self, provider: str, job_id: str) -> set[str]:
        with self._lock:
            return {r[0] for r in self.db.execute("SELECT id FROM events WHERE provider=? AND job_id=?",
                                                  (provider, job_id))}

    def checkpoints(self, provider: str, job_id: str) -> list[dict[str, Any]]:
        """By step."""
        with self._lock:
            rows = self.db.execute("SELECT data FROM checkpoints WHERE provider=? AND job_id=? ORDER BY step",
                                   (provider, job_id)).fetchall()
        return [json.loads(r["data"]) for r in rows]

    def file(self, provider: str, file_id: str) -> StoredFile | None:
        with self._lock:
            r = self.db.execute("SELECT * FROM files WHERE provider=? AND id=?", (provider, file_id)).fetchone()
        if r is None:
            return None
        return StoredFile(provider, r["id"], r["filename"], r["purpose"], r["bytes"],
                          Path(r["path"]) if r["path"] else None, r["sha256"], r["state"])

    def models(self, provider: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self.db.execute("SELECT data FROM models WHERE provider=? ORDER BY id", (provider,)).fetchall()
        return [json.loads(r["data"]) for r in rows]

    def counts(self, provider: str) -> dict[str, int]:
        with self._lock:
            return {t: self.db.execute(f"SELECT COUNT(*) FROM {t} WHERE provider=?", (provider,)).fetchone()[0]
                    for t in ("jobs", "events", "checkpoints", "files", "models")}
