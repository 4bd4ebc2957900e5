"""The conversations store: branches, search, schema versions, and what survives a crash."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from core.chat.request import Params, Preset, build_messages, export_presets, import_presets
from core.chat.store import SCHEMA_VERSION, Store


def test_branches_search_rename_pin_delete(tmp_path):
    s = Store(tmp_path / "chats.sqlite")
    a = s.create("Capitals")
    u = s.add_message(a, None, "user", "What is the capital of France?")
    r1 = s.add_message(a, u, "assistant", "Paris.")
    r2 = s.add_message(a, u, "assistant", "It is Paris, on the Seine.")  # regenerated
    assert [m.content for m in s.thread(a)] == ["What is the capital of France?", "It is Paris, on the Seine."]
    assert s.versions(r2) == [r1, r2]
    s.show_version(r1)
    assert s.thread(a)[-1].id == r1
    b = s.create("Animals")
    s.add_message(b, None, "user", "Tell me about zebras")
    assert [c.title for c in s.conversations()] == ["Animals", "Capitals"]  # most recent first
    s.pin(a)
    assert [c.title for c in s.conversations()] == ["Capitals", "Animals"]  # pinned first
    assert [c.title for c in s.conversations("seine")] == ["Capitals"]
    assert s.conversations("seine")[0].snippet.count("[") == 1  # the match is marked
    s.rename(b, "Zebras")
    assert [c.title for c in s.conversations("zebr")] == ["Zebras"]
    s.delete_message(r1)
    assert s.thread(a)[-1].id == u  # the branch on screen falls back to the question
    s.delete(b)
    assert [c.title for c in s.conversations()] == ["Capitals"]
    assert s.conversations("zebras") == []  # deleted messages leave the index too


def test_an_older_schema_is_backed_up_before_migrating_and_a_newer_one_refused(tmp_path):
    path = tmp_path / "chats.sqlite"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE notes (text TEXT)")
    old.execute("INSERT INTO notes VALUES ('from before')")
    old.commit()
    old.close()
    Store(path).close()
    backups = list(tmp_path.glob("chats.before-v*.sqlite"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("SELECT text FROM notes").fetchall() == [("from before",)]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION

    newer = tmp_path / "newer.sqlite"
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(RuntimeError, match="newer TuneDesk"):
        Store(newer)


def test_a_reply_being_streamed_survives_a_crash(tmp_path):
    path = tmp_path / "chats.sqlite"
    code = textwrap.dedent(f"""
        import os
        from core.chat.store import Store
        s = Store({str(path)!r})
        c = s.create("Crash")
        u = s.add_message(c, None, "user", "Write a long story")
        r = s.add_message(c, u, "assistant", "", stats={{"streaming": True}})
        s.update_message(r, "Once upon a time")  # the save made each second while streaming
        os._exit(1)  # killed: no close, no checkpoint
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    s = Store(path)
    (conv,) = s.conversations()
    assert [m.content for m in s.thread(conv.id)] == ["Write a long story", "Once upon a time"]


def test_presets_build_requests_and_round_trip_as_json(tmp_path):
    p = Preset("JSON", "Reply in JSON.", [("2+2?", '{"answer": 4}')],
               Params({"temperature": 0.0, "top_p": 1.0, "max_tokens": 50, "stop": ["\n\n", ""], "seed": 7},
                      {"temperature": True, "stop": True}).to_json())
    params = Params.from_json(p.params).request()
    assert params == {"temperature": 0.0, "stop": ["\n\n"]}  # only what is switched on
    assert [m["role"] for m in build_messages(p, [])] == ["system", "user", "assistant"]
    export_presets(tmp_path / "presets.json", [p])
    (back,) = import_presets(tmp_path / "presets.json")
    assert (back.name, back.system, back.shots, back.params) == (p.name, p.system, p.shots, p.params)
    (tmp_path / "bad.json").write_text('{"presets": [{"name": "x", "shots": [{"user": 1}]}]}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.json: preset 1: shots\[0\] needs 'user' and 'assistant' text"):
        import_presets(tmp_path / "bad.json")
