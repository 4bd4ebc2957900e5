"""Conversations in SQLite: every message kept, edits and regenerations as branches.

Messages form a tree: a message's parent is the one it answers or follows. Editing a
user message or regenerating a reply adds a sibling, so earlier versions stay
reachable; a conversation's ``head`` is the last message of the branch on screen.
Full-text search is an FTS5 index kept in step by triggers. The schema is versioned
(``PRAGMA user_version``); before any migration the file is copied aside. WAL and a
commit per write mean a crash loses at most the reply being streamed at that moment,
and that is saved every second as it streams.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..sqlite_files import healthy, salvage, set_aside, use_wal

SCHEMA_VERSION = 1

_SCHEMA_1 = """
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    pinned INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    head INTEGER,
    settings TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    model TEXT,
    provider TEXT,
    created REAL NOT NULL,
    stats TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX messages_by_parent ON messages(conversation_id, parent_id);
CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id');
CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
"""

MIGRATIONS = {1: _SCHEMA_1}  # version -> the SQL that brings the previous version to it


SEARCH_WORDS = 12  # more words narrow nothing further, and each one costs FTS a scan
SEARCH_WORD_CHARS = 64


def search_words(query: str) -> list[str]:
    """The words of a search, made safe for FTS5: no quotes, NUL bytes or half characters,
    at most a dozen words of at most 64 characters (a pasted page searches for its start)."""
    text = query[: SEARCH_WORDS * (SEARCH_WORD_CHARS + 1) * 4]
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\ufffd", " ")
    text = text.replace('"', " ").replace("\x00", " ")
    return [w[:SEARCH_WORD_CHARS] for w in text.split()[:SEARCH_WORDS]]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class Conversation:
    id: int
    title: str
    pinned: bool
    created: float
    updated: float
    head: int | None
    settings: dict[str, Any] = field(default_factory=dict)
    snippet: str = ""  # for search results


@dataclass
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str
    model: str | None
    provider: str | None
    created: float
    stats: dict[str, Any] = field(default_factory=dict)


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        # A damaged file is kept aside and what can be read of it is carried over; the
        # app says so (``damaged``, ``salvaged``) instead of failing to start.
        self.damaged: Path | None = None
        self.salvaged: dict[str, int] = {}
        if healthy(self.path) is not None:
            self.damaged = set_aside(self.path)
        existed = self.path.exists() and self.path.stat().st_size > 0
        # A busy timeout: two windows (or processes) opening the store at once take turns.
        self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=15)
        self.db.row_factory = sqlite3.Row
        use_wal(self.db)
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate(existed)
        if self.damaged is not None:
            self._salvage(self.damaged)

    # -- schema ------------------------------------------------------------------------
    def _migrate(self, existed: bool) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer TuneDesk (schema {version}); "
                               f"this one reads up to {SCHEMA_VERSION}")
        if version == SCHEMA_VERSION:
            return
        if existed:
            self.backup(f"before-v{SCHEMA_VERSION}")
        with self._lock:
            for target in range(version + 1, SCHEMA_VERSION + 1):
                self.db.execute("BEGIN IMMEDIATE")
                if self.db.execute("PRAGMA user_version").fetchone()[0] >= target:
                    self.db.execute("COMMIT")  # another process migrated it while this one waited
                    continue
                try:
                    for statement in _statements(MIGRATIONS[target]):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version={target}")
                    self.db.execute("COMMIT")
                except BaseException:
                    self.db.execute("ROLLBACK")
                    raise

    def _salvage(self, damaged: Path) -> None:
        """Carry over what can be read; messages whose chat was lost get a chat again."""
        with self._lock:
            self.db.execute("PRAGMA foreign_keys=OFF")
            self.db.execute("BEGIN IMMEDIATE")
            self.salvaged = salvage(damaged, self.db, ("conversations", "messages"))
            now = time.time()
            self.db.execute(
                "INSERT INTO conversations (id, title, created, updated) SELECT DISTINCT conversation_id, "
                "'Recovered chat', ?, ? FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations)",
                (now, now))
            self.db.execute("UPDATE messages SET parent_id = NULL WHERE parent_id NOT IN (SELECT id FROM messages)")
            self.db.execute(
                "UPDATE conversations SET head = (SELECT MAX(id) FROM messages m WHERE m.conversation_id = "
                "conversations.id) WHERE head IS NULL OR head NOT IN (SELECT id FROM messages)")
            self.db.execute("COMMIT")
            self.db.execute("PRAGMA foreign_keys=ON")

    def backup(self, tag: str) -> Path:
        """A consistent copy beside the database (SQLite's online backup)."""
        target = self.path.with_name(f"{self.path.stem}.{tag}.{time.strftime('%Y%m%d-%H%M%S')}{self.path.suffix}")
        with self._lock:
            dest = sqlite3.connect(str(target))
            try:
                self.db.backup(dest)
            finally:
                dest.close()
        return target

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- conversations -----------------------------------------------------------------
    def create(self, title: str = "New chat", settings: dict[str, Any] | None = None) -> int:
        now = time.time()
        with self._lock:
            cur = self.db.execute("INSERT INTO conversations (title, created, updated, settings) VALUES (?,?,?,?)",
                                  (title, now, now, json.dumps(settings or {})))
            return int(cur.lastrowid)

    def get(self, conversation_id: int) -> Conversation | None:
        with self._lock:
            row = self.db.execute("SELECT * FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        return _conversation(row) if row else None

    def rename(self, conversation_id: int, title: str) -> None:
        with self._lock:
            self.db.execute("UPDATE conversations SET title=? WHERE id=?", (title.strip() or "Untitled", conversation_id))

    def pin(self, conversation_id: int, pinned: bool = True) -> None:
        with self._lock:
            self.db.execute("UPDATE conversations SET pinned=? WHERE id=?", (int(pinned), conversation_id))

    def set_settings(self, conversation_id: int, settings: dict[str, Any]) -> None:
        with self._lock:
            self.db.execute("UPDATE conversations SET settings=? WHERE id=?", (json.dumps(settings), conversation_id))

    def delete(self, conversation_id: int) -> None:
        with self._lock:
            self.db.execute("DELETE FROM conversations WHERE id=?", (conversation_id,))

    def conversations(self, query: str = "") -> list[Conversation]:
        """Pinned first, then the most recently used; with a query, those whose messages
        or title match it (full-text, every word as a prefix)."""
        words = search_words(query)
        with self._lock:
            if not words:
                rows = self.db.execute("SELECT * FROM conversations ORDER BY pinned DESC, updated DESC").fetchall()
                return [_conversation(r) for r in rows]
            match = " ".join(f'"{w}"*' for w in words)
            rows = self.db.execute(
                "SELECT c.*, snippet(messages_fts, 0, '[', ']', '…', 8) AS snip FROM messages_fts "
                "JOIN messages m ON m.id = messages_fts.rowid JOIN conversations c ON c.id = m.conversation_id "
                "WHERE messages_fts MATCH ? ORDER BY c.pinned DESC, c.updated DESC LIMIT 500", (match,)).fetchall()
            titled = self.db.execute("SELECT * FROM conversations WHERE title LIKE ? ESCAPE '\\' ORDER BY updated DESC",
                                     ("%" + _like(" ".join(words)) + "%",)).fetchall()
        out: dict[int, Conversation] = {}
        for r in titled:
            out.setdefault(r["id"], _conversation(r))
        for r in rows:
            if r["id"] not in out:
                c = _conversation(r)
                c.snippet = r["snip"]
                out[c.id] = c
        return sorted(out.values(), key=lambda c: (not c.pinned, -c.updated))

    # -- messages ----------------------------------------------------------------------
    def add_message(self, conversation_id: int, parent_id: int | None, role: str, content: str, *,
                    model: str | None = None, provider: str | None = None,
                    stats: dict[str, Any] | None = None) -> int:
        now = time.time()
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                cur = self.db.execute(
                    "INSERT INTO messages (conversation_id, parent_id, role, content, model, provider, created, stats) "
                    "VALUES (?,?,?,?,?,?,?,?)",
                    (conversation_id, parent_id, role, content, model, provider, now, json.dumps(stats or {})))
                mid = int(cur.lastrowid)
                self.db.execute("UPDATE conversations SET head=?, updated=? WHERE id=?", (mid, now, conversation_id))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return mid

    def update_message(self, message_id: int, content: str, stats: dict[str, Any] | None = None) -> None:
        with self._lock:
            if stats is None:
                self.db.execute("UPDATE messages SET content=? WHERE id=?", (content, message_id))
            else:
                self.db.execute("UPDATE messages SET content=?, stats=? WHERE id=?",
                                (content, json.dumps(stats), message_id))

    def delete_message(self, message_id: int) -> None:
        """Remove a message and its replies; the branch on screen moves back to its parent."""
        with self._lock:
            row = self.db.execute("SELECT conversation_id, parent_id FROM messages WHERE id=?", (message_id,)).fetchone()
            if row is None:
                return
            self.db.execute("DELETE FROM messages WHERE id=?", (message_id,))
            self.db.execute("UPDATE conversations SET head=? WHERE id=? AND (head IS NULL OR head NOT IN "
                            "(SELECT id FROM messages))", (row["parent_id"], row["conversation_id"]))

    def message(self, message_id: int) -> Message | None:
        with self._lock:
            row = self.db.execute("SELECT * FROM messages WHERE id=?", (message_id,)).fetchone()
        return _message(row) if row else None

    def thread(self, conversation_id: int, head: int | None = None) -> list[Message]:
        """The messages on screen: from the first to ``head`` (the conversation's, by default)."""
        with self._lock:
            if head is None:
                row = self.db.execute("SELECT head FROM conversations WHERE id=?", (conversation_id,)).fetchone()
                head = row["head"] if row else None
            if head is None:
                return []
            rows = self.db.execute(
                "WITH RECURSIVE up(id, parent_id, depth) AS ("
                " SELECT id, parent_id, 0 FROM messages WHERE id=?"
                " UNION ALL SELECT m.id, m.parent_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.parent_id)"
                " SELECT messages.* FROM up JOIN messages ON messages.id = up.id ORDER BY up.depth DESC",
                (head,)).fetchall()
        return [_message(r) for r in rows]

    def versions(self, message_id: int) -> list[int]:
        """The ids of this message and its siblings of the same role (its versions), oldest first."""
        with self._lock:
            row = self.db.execute("SELECT conversation_id, parent_id, role FROM messages WHERE id=?",
                                  (message_id,)).fetchone()
            if row is None:
                return []
            rows = self.db.execute(
                "SELECT id FROM messages WHERE conversation_id=? AND parent_id IS ? AND role=? ORDER BY id",
                (row["conversation_id"], row["parent_id"], row["role"])).fetchall()
        return [r["id"] for r in rows]

    def show_version(self, message_id: int) -> int:
        """Make the branch through this message the one on screen (following its newest
        replies to the end); returns the new head."""
        with self._lock:
            head = message_id
            while True:
                row = self.db.execute("SELECT id FROM messages WHERE parent_id=? ORDER BY id DESC LIMIT 1",
                                      (head,)).fetchone()
                if row is None:
                    break
                head = row["id"]
            self.db.execute("UPDATE conversations SET head=? WHERE id=(SELECT conversation_id FROM messages WHERE id=?)",
                            (head, message_id))
        return head

    def count_messages(self, conversation_id: int) -> int:
        with self._lock:
            return self.db.execute("SELECT COUNT(*) FROM messages WHERE conversation_id=?",
                                   (conversation_id,)).fetchone()[0]


def _statements(sql: str) -> list[str]:
    """Split a script into statements (sqlite3's executescript would commit on its own)."""
    out, buf = [], []
    for line in sql.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf)
        if sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    return out


def _conversation(row: sqlite3.Row) -> Conversation:
    return Conversation(row["id"], row["title"], bool(row["pinned"]), row["created"], row["updated"], row["head"],
                        json.loads(row["settings"] or "{}"))


def _message(row: sqlite3.Row) -> Message:
    return Message(row["id"], row["conversation_id"], row["parent_id"], row["role"], row["content"], row["model"],
                   row["provider"], row["created"], json.loads(row["stats"] or "{}"))
