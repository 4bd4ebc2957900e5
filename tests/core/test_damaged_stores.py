"""Issue [6] B16 and C20: a damaged database is kept aside and what can be read is
carried over; two processes creating the chat store at once both succeed; search takes
any text a user can type or paste, and stays fast."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from core.chat.store import Store as ChatStore
from core.engine.store import Store as EngineStore

ROOT = Path(__file__).resolve().parents[2]


def filled_chat_store(path: Path, n: int = 200) -> None:
    s = ChatStore(path)
    for i in range(n):
        c = s.create(f"Chat {i}")
        u = s.add_message(c, None, "user", f"question number {i} " + "padding " * 40)
        s.add_message(c, u, "assistant", f"answer number {i}")
    s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()


def test_truncated_chat_store_is_kept_aside_and_what_is_left_carried_over(tmp_path):
    path = tmp_path / "chats.sqlite"
    filled_chat_store(path)
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.truncate(size * 2 // 3)
    s = ChatStore(path)  # used to raise "database disk image is malformed"
    assert s.damaged is not None and s.damaged.exists() and s.damaged.name.startswith("chats.damaged-")
    assert 0 < s.salvaged["messages"] < 400
    assert s.conversations("question")  # what was kept is searchable
    c = s.create("after")
    s.add_message(c, None, "user", "still works")


def test_garbage_chat_store_starts_empty_and_keeps_the_file(tmp_path):
    path = tmp_path / "chats.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    s = ChatStore(path)
    assert s.damaged is not None and s.damaged.read_bytes().startswith(b"this is not")
    assert s.conversations() == []


def test_two_processes_create_the_chat_store_at_once(tmp_path):
    path = tmp_path / "chats.sqlite"
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from core.chat.store import Store\n"
            f"s = Store({str(path)!r}); s.create('x')\n")
    for _ in range(10):
        path.unlink(missing_ok=True)
        procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(2)]
        results = [(p.wait(60), p.stderr.read().decode()) for p in procs]
        assert [r[0] for r in results] == [0, 0], results
        assert len(ChatStore(path).conversations()) == 2


def test_search_takes_anything_and_stays_fast(tmp_path):
    s = ChatStore(tmp_path / "chats.sqlite")
    c = s.create("Quotes")
    s.add_message(c, None, "user", 'She said "hello" to 100% of the_people')
    for query in ['"', '""', "\x00", "x" * 100_000, "\ud800", "100%", "the_", "a\x00b", "NEAR(", "*", "-", "AND OR"]:
        s.conversations(query)  # used to raise on several of these
    assert [x.title for x in s.conversations('said "hello')] == ["Quotes"]
    words = " ".join(f"word{i}" for i in range(2000))
    started = time.monotonic()
    s.conversations(words)
    assert time.monotonic() - started < 0.5


def test_damaged_engine_database_is_kept_aside_and_jobs_carried_over(tmp_path):
    store = EngineStore(tmp_path)
    for i in range(50):
        store.add_job({"id": f"ftjob-{i}", "created_at": 1, "model": "tiny", "training_file": "file-1",
                       "validation_file": None, "status": "succeeded", "hyperparameters": {}, "seed": 1,
                       "suffix": None, "metadata": None, "method": {"type": "supervised"}, "model_name": f"m{i}"})
        store.add_event(f"ftjob-{i}", "x" * 500)
    store._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / "engine.sqlite3"
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size * 9 // 10)
    again = EngineStore(tmp_path)  # used to raise
    assert again.warnings and "was damaged" in again.warnings[0]
    assert 0 < len(again.list_jobs()) <= 50
    assert list(tmp_path.glob("engine.damaged-*.sqlite3"))


def test_an_empty_engine_database_beside_job_folders_is_reported(tmp_path):
    store = EngineStore(tmp_path)
    store.job_dir("ftjob-1")
    (tmp_path / "engine.sqlite3").write_bytes(b"")
    for side in ("-wal", "-shm"):
        (tmp_path / f"engine.sqlite3{side}").unlink(missing_ok=True)
    again = EngineStore(tmp_path)
    assert again.warnings and "empty" in again.warnings[0]
