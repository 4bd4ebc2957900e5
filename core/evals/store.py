"""Evaluation runs in SQLite under TUNEDESK_HOME: the test set and candidates as they
were when the run was made, and one row per (candidate, example) once it is answered.

A row is written only when its answer is complete, in one statement, keyed by
(run, candidate, example): a run stopped or killed half-way resumes by asking only for
what has no row, and nothing is ever counted twice.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..sqlite_files import healthy, salvage, set_aside, use_wal
from .candidates import Candidate
from .testset import Item

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created REAL NOT NULL,
    test_name TEXT NOT NULL,
    test_path TEXT,
    items TEXT NOT NULL,
    metrics TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS candidates (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    spec TEXT NOT NULL,
    PRIMARY KEY (run_id, idx)
);
CREATE TABLE IF NOT EXISTS results (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    cand INTEGER NOT NULL,
    item INTEGER NOT NULL,
    output TEXT NOT NULL,
    error TEXT,
    ttft REAL,
    total REAL,
    tokens_in INTEGER,
    tokens_out INTEGER,
    cost REAL,
    scores TEXT NOT NULL DEFAULT '{}',
    attempts INTEGER NOT NULL DEFAULT 1,
    created REAL NOT NULL,
    PRIMARY KEY (run_id, cand, item)
);
CREATE TABLE IF NOT EXISTS marks (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    cand INTEGER NOT NULL,
    item INTEGER NOT NULL,
    thumbs INTEGER,
    judge REAL,
    reason TEXT,
    PRIMARY KEY (run_id, cand, item)
);
"""


@dataclass(slots=True)
class Result:
    cand: int
    item: int  # position in the run's items
    output: str
    error: str | None = None
    ttft: float | None = None
    total: float | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost: float | None = None
    scores: dict[str, float | None] = field(default_factory=dict)
    attempts: int = 1
    thumbs: int | None = None  # +1 / -1, the user's
    judge: float | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class Run:
    id: int
    name: str
    created: float
    test_name: str
    test_path: str | None
    items: list[Item]
    metrics: list[str]
    candidates: list[Candidate]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.items) * len(self.candidates)


def default_path() -> Path:
    return paths.home() / "evals.sqlite"


class EvalStore:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.damaged: Path | None = None
        if healthy(self.path) is not None:
            self.damaged = set_aside(self.path)
        self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=15)
        self.db.row_factory = sqlite3.Row
        use_wal(self.db)  # the Evaluate tab and `tunedesk eval` may open it at the same moment
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)
        if self.damaged is not None:
            salvage(self.damaged, self.db, ["runs", "candidates", "results", "marks"])

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- runs --------------------------------------------------------------------------
    def create(self, name: str, test_name: str, test_path: str | None, items: list[Item],
               candidates: list[Candidate], metrics: list[str], settings: dict[str, Any] | None = None) -> Run:
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                cur = self.db.execute(
                    "INSERT INTO runs (name, created, test_name, test_path, items, metrics, settings) VALUES (?,?,?,?,?,?,?)",
                    (name, time.time(), test_name, test_path, json.dumps([i.to_json() for i in items], ensure_ascii=False),
                     json.dumps(metrics), json.dumps(settings or {})))
                run_id = int(cur.lastrowid)
                self.db.executemany("INSERT INTO candidates (run_id, idx, spec) VALUES (?,?,?)",
                                    [(run_id, i, json.dumps(c.to_json(), ensure_ascii=False))
                                     for i, c in enumerate(candidates)])
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return self.run(run_id)

    def run(self, run_id: int) -> Run:
        with self._lock:
            row = self.db.execute("SELECT * FROM runs WHERE id=?", (run_id,)).fetchone()
            if row is None:
                raise KeyError(f"no evaluation run {run_id}")
            cands = self.db.execute("SELECT spec FROM candidates WHERE run_id=? ORDER BY idx", (run_id,)).fetchall()
        return Run(row["id"], row["name"], row["created"], row["test_name"], row["test_path"],
                   [Item.from_json(i) for i in json.loads(row["items"])], json.loads(row["metrics"]),
                   [Candidate.from_json(json.loads(c["spec"])) for c in cands], json.loads(row["settings"] or "{}"))

    def runs(self) -> list[tuple[int, str, float, int, int]]:
        """(id, name, created, answered, total) for every run, newest first."""
        with self._lock:
            rows = self.db.execute(
                "SELECT r.id, r.name, r.created, json_array_length(r.items) AS n, "
                "(SELECT COUNT(*) FROM candidates c WHERE c.run_id=r.id) AS k, "
                "(SELECT COUNT(*) FROM results x WHERE x.run_id=r.id AND x.error IS NULL) AS done "
                "FROM runs r ORDER BY r.created DESC, r.id DESC").fetchall()
        return [(r["id"], r["name"], r["created"], r["done"], r["n"] * r["k"]) for r in rows]

    def set_metrics(self, run_id: int, metrics: list[str]) -> None:
        with self._lock:
            self.db.execute("UPDATE runs SET metrics=? WHERE id=?", (json.dumps(metrics), run_id))

    def set_settings(self, run_id: int, settings: dict[str, Any]) -> None:
        with self._lock:
            self.db.execute("UPDATE runs SET settings=? WHERE id=?", (json.dumps(settings), run_id))

    def rename(self, run_id: int, name: str) -> None:
        with self._lock:
            self.db.execute("UPDATE runs SET name=? WHERE id=?", (name, run_id))

    def delete(self, run_id: int) -> None:
        with self._lock:
            self.db.execute("DELETE FROM runs WHERE id=?", (run_id,))

    # -- results -----------------------------------------------------------------------
    def save(self, run_id: int, r: Result) -> None:
        """One answer, complete, in one statement (replacing an earlier failed attempt)."""
        with self._lock:
            self.db.execute(
                "INSERT OR REPLACE INTO results (run_id, cand, item, output, error, ttft, total, tokens_in, tokens_out, "
                "cost, scores, attempts, created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (run_id, r.cand, r.item, r.output, r.error, r.ttft, r.total, r.tokens_in, r.tokens_out, r.cost,
                 json.dumps(r.scores), r.attempts, time.time()))

    def set_scores(self, run_id: int, scores: dict[tuple[int, int], dict[str, float | None]]) -> None:
        with self._lock:
            self.db.execute("BEGIN")
            self.db.executemany("UPDATE results SET scores=? WHERE run_id=? AND cand=? AND item=?",
                                [(json.dumps(s), run_id, c, i) for (c, i), s in scores.items()])
            self.db.execute("COMMIT")

    def mark(self, run_id: int, cand: int, item: int, *, thumbs: int | None | bool = False,
             judge: float | None | bool = False, reason: str | None = None) -> None:
        """The user's thumbs (+1, -1, or None to clear) and/or the judge's score and reason."""
        with self._lock:
            self.db.execute("INSERT OR IGNORE INTO marks (run_id, cand, item) VALUES (?,?,?)", (run_id, cand, item))
            if thumbs is not False:
                self.db.execute("UPDATE marks SET thumbs=? WHERE run_id=? AND cand=? AND item=?",
                                (thumbs, run_id, cand, item))
            if judge is not False:
                self.db.execute("UPDATE marks SET judge=?, reason=? WHERE run_id=? AND cand=? AND item=?",
                                (judge, reason, run_id, cand, item))

    def results(self, run_id: int) -> dict[tuple[int, int], Result]:
        with self._lock:
            rows = self.db.execute(
                "SELECT x.*, m.thumbs, m.judge, m.reason FROM results x LEFT JOIN marks m "
                "ON m.run_id=x.run_id AND m.cand=x.cand AND m.item=x.item WHERE x.run_id=?", (run_id,)).fetchall()
        return {(r["cand"], r["item"]): Result(r["cand"], r["item"], r["output"], r["error"], r["ttft"], r["total"],
                                               r["tokens_in"], r["tokens_out"], r["cost"], json.loads(r["scores"]),
                                               r["attempts"], r["thumbs"], r["judge"], r["reason"])
                for r in rows}

    def missing(self, run: Run) -> list[tuple[int, int]]:
        """(candidate, item) pairs with no answer yet (or only a failed one)."""
        with self._lock:
            done = {(r[0], r[1]) for r in self.db.execute(
                "SELECT cand, item FROM results WHERE run_id=? AND error IS NULL", (run.id,))}
        return [(c, i) for i in range(len(run.items)) for c in range(len(run.candidates)) if (c, i) not in done]
