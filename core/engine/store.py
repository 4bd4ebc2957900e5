"""The engine's metadata in SQLite (WAL); files, adapters and checkpoints live beside it.

The server and the trainer processes share the database: SQLite serialises their
writes, and WAL lets readers go on while one writes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..sqlite_files import healthy, salvage, set_aside
from . import ids

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    bytes INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    filename TEXT NOT NULL,
    purpose TEXT NOT NULL,
    status TEXT NOT NULL,
    path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    created_at INTEGER NOT NULL,
    model TEXT NOT NULL,
    training_file TEXT NOT NULL,
    validation_file TEXT,
    status TEXT NOT NULL,
    fine_tuned_model TEXT,
    finished_at INTEGER,
    trained_tokens INTEGER,
    result_files TEXT NOT NULL DEFAULT '[]',
    hyperparameters TEXT NOT NULL,
    seed INTEGER NOT NULL,
    error TEXT,
    estimated_finish INTEGER,
    suffix TEXT,
    metadata TEXT,
    method TEXT NOT NULL,
    pid INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    model_name TEXT NOT NULL,     -- the fine-tuned model's name once it succeeds
    format TEXT NOT NULL DEFAULT 'chat'
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    job_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT
);
CREATE INDEX IF NOT EXISTS events_job ON events (job_id, seq);
CREATE TABLE IF NOT EXISTS checkpoints (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    job_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    model TEXT NOT NULL,
    step INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS models (
    id TEXT PRIMARY KEY,
    created INTEGER NOT NULL,
    base TEXT NOT NULL,
    job_id TEXT NOT NULL,
    adapter TEXT NOT NULL,
    kind TEXT NOT NULL,           -- fine-tuned | checkpoint
    format TEXT NOT NULL          -- chat | completion
);
"""

TERMINAL = ("succeeded", "failed", "cancelled")


def now() -> int:
    return int(time.time())


class Store:
    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        for sub in ("files", "jobs"):
            (self.dir / sub).mkdir(exist_ok=True)
        self.path = self.dir / "engine.sqlite3"
        self._local = threading.local()
        self.warnings: list[str] = []  # what start-up found wrong, for the engine's log
        problem = healthy(self.path)
        damaged = None
        if problem is not None:
            damaged = set_aside(self.path)
        elif self.path.exists() and self.path.stat().st_size == 0 and any((self.dir / "jobs").iterdir()):
            damaged = set_aside(self.path)
            problem = "the file was empty although jobs' folders exist"
        db = self._db()
        db.executescript(SCHEMA)  # commits on its own; every statement is IF NOT EXISTS
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        if damaged is not None:
            with self.tx() as tx:
                kept = salvage(damaged, tx, ("files", "jobs", "events", "checkpoints", "models"))
            self.warnings.append(
                f"The engine's database {self.path.name} was damaged ({problem}). It was kept as {damaged.name}; "
                f"a new one was started with what could be read: {kept.get('jobs', 0)} job(s), "
                f"{kept.get('files', 0)} file(s), {kept.get('models', 0)} model(s). Training files, adapters and "
                f"checkpoints are in {self.dir}.")

    # -- connections -----------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        return self._db().execute(sql, args).fetchall()

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # -- files -----------------------------------------------------------------------
    def file_path(self, file_id: str) -> Path:
        return self.dir / "files" / file_id

    def add_file(self, file_id: str, filename: str, purpose: str, size: int, status: str = "processed") -> dict:
        row = {"id": file_id, "bytes": size, "created_at": now(), "filename": filename, "purpose": purpose,
               "status": status, "path": str(self.file_path(file_id))}
        with self.tx() as db:
            db.execute("INSERT INTO files (id, bytes, created_at, filename, purpose, status, path) "
                       "VALUES (:id, :bytes, :created_at, :filename, :purpose, :status, :path)", row)
        return row

    def get_file(self, file_id: str) -> sqlite3.Row | None:
        rows = self.query("SELECT * FROM files WHERE id = ?", (file_id,))
        return rows[0] if rows else None

    def list_files(self, purpose: str | None = None) -> list[sqlite3.Row]:
        if purpose:
            return self.query("SELECT * FROM files WHERE purpose = ? ORDER BY seq DESC", (purpose,))
        return self.query("SELECT * FROM files ORDER BY seq DESC")

    def delete_file(self, file_id: str) -> bool:
        with self.tx() as db:
            n = db.execute("DELETE FROM files WHERE id = ?", (file_id,)).rowcount
        self.file_path(file_id).unlink(missing_ok=True)
        return n > 0

    # -- jobs ------------------------------------------------------------------------
    def job_dir(self, job_id: str) -> Path:
        path = self.dir / "jobs" / job_id
        path.mkdir(parents=True, exist_ok=True)
        return path

    def add_job(self, job: dict[str, Any]) -> None:
        row = dict(job)
        for key in ("hyperparameters", "metadata", "method", "result_files", "error"):
            row[key] = json.dumps(row.get(key)) if row.get(key) is not None else None
        row["result_files"] = row["result_files"] or "[]"
        cols = ", ".join(row)
        with self.tx() as db:
            db.execute(f"INSERT INTO jobs ({cols}) VALUES ({', '.join(':' + c for c in row)})", row)

    def get_job(self, job_id: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _job(rows[0]) if rows else None

    def list_jobs(self) -> list[dict[str, Any]]:
        return [_job(r) for r in self.query("SELECT * FROM jobs ORDER BY seq DESC")]

    def jobs_with_status(self, *statuses: str) -> list[dict[str, Any]]:
        marks = ", ".join("?" * len(statuses))
        return [_job(r) for r in self.query(f"SELECT * FROM jobs WHERE status IN ({marks}) ORDER BY seq", statuses)]

    def update_job(self, job_id: str, *, only_if_status: tuple[str, ...] | None = None, **fields: Any) -> bool:
        """Set fields; with ``only_if_status``, only while the job is in one of those states
        (so a late write from a trainer cannot undo a cancel)."""
        for key in ("hyperparameters", "metadata", "method", "result_files", "error"):
            if key in fields and fields[key] is not None:
                fields[key] = json.dumps(fields[key])
        sets = ", ".join(f"{k} = :{k}" for k in fields)
        sql = f"UPDATE jobs SET {sets} WHERE id = :_id"
        args = {**fields, "_id": job_id}
        if only_if_status:
            sql += f" AND status IN ({', '.join(repr(s) for s in only_if_status)})"
        with self.tx() as db:
            return db.execute(sql, args).rowcount > 0

    # -- events ----------------------------------------------------------------------
    def add_event(self, job_id: str, message: str, *, level: str = "info", type: str = "message",
                  data: dict | None = None) -> None:
        with self.tx() as db:
            db.execute("INSERT INTO events (id, job_id, created_at, level, message, type, data) VALUES (?,?,?,?,?,?,?)",
                       (ids.event_id(), job_id, now(), level, message, type, json.dumps(data) if data else None))

    def list_events(self, job_id: str) -> list[sqlite3.Row]:
        return self.query("SELECT * FROM events WHERE job_id = ? ORDER BY seq DESC", (job_id,))

    # -- checkpoints and models ------------------------------------------------------
    def add_checkpoint(self, job_id: str, model: str, step: int, epoch: int, metrics: dict, path: str) -> str:
        cid = ids.checkpoint_id()
        with self.tx() as db:
            db.execute("INSERT INTO checkpoints (id, job_id, created_at, model, step, epoch, metrics, path) "
                       "VALUES (?,?,?,?,?,?,?,?)", (cid, job_id, now(), model, step, epoch, json.dumps(metrics), path))
        return cid

    def list_checkpoints(self, job_id: str) -> list[sqlite3.Row]:
        return self.query("SELECT * FROM checkpoints WHERE job_id = ? ORDER BY seq DESC", (job_id,))

    def add_model(self, model_id: str, base: str, job_id: str, adapter: str, kind: str, fmt: str) -> None:
        with self.tx() as db:
            db.execute("INSERT OR REPLACE INTO models VALUES (?,?,?,?,?,?,?)",
                       (model_id, now(), base, job_id, adapter, kind, fmt))

    def get_model(self, model_id: str) -> sqlite3.Row | None:
        rows = self.query("SELECT * FROM models WHERE id = ?", (model_id,))
        return rows[0] if rows else None

    def list_models(self) -> list[sqlite3.Row]:
        return self.query("SELECT * FROM models ORDER BY created, id")

    def delete_model(self, model_id: str) -> bool:
        with self.tx() as db:
            n = db.execute("DELETE FROM models WHERE id = ? OR id LIKE ?", (model_id, model_id + ":ckpt-step-%")).rowcount
        return n > 0


def _job(row: sqlite3.Row) -> dict[str, Any]:
    job = dict(row)
    for key in ("hyperparameters", "metadata", "method", "result_files", "error"):
        if job.get(key) is not None:
            try:
                job[key] = json.loads(job[key])
            except (TypeError, ValueError):  # a row carried over from a damaged database
                job[key] = None
    return job
