"""prepare_job: the one way every front end gets from "train on this" to files ready to
upload — the open dataset written out, validation split off (seeded), and the preflight
naming the user's own data and rows, never the upload cache's files."""

from __future__ import annotations

import json

from core.datasets.model import Example
from core.jobs.preflight import describe
from core.jobs.prepare import prepare_job


def rows(n: int) -> list[dict]:
    return [{"messages": [{"role": "user", "content": f"question {i}?"},
                          {"role": "assistant", "content": f"answer {i}."}]} for i in range(n)]


def test_the_open_dataset_split_and_checked_names_the_users_rows(tunedesk_home):
    data = rows(40)
    data[7] = {"messages": [{"role": "user", "content": "no answer here"}]}  # the user's row 8
    examples = [Example(d, i + 1) for i, d in enumerate(data)]
    ready = prepare_job("gpt-4o-mini", examples=examples, name="support.jsonl", validation="split")
    assert ready.train.parent == tunedesk_home / "cache" / "uploads" and ready.valid is not None
    train = ready.train.read_text(encoding="utf-8").splitlines()
    valid = ready.valid.read_text(encoding="utf-8").splitlines()
    assert len(train) + len(valid) == 40 and len(valid) == 4
    questions = sorted(json.loads(x)["messages"][0]["content"] for x in train + valid)
    assert questions == sorted(d["messages"][0]["content"] for d in data)  # every example, once
    said = [describe(f, d) for f, d in ready.preflight.problems]
    on_row_8 = [s for s in said if "line 8" in s]
    assert on_row_8 and all(s.startswith(("support.jsonl (training part)", "support.jsonl (validation part)"))
                            for s in on_row_8), said
    assert not any("uploads" in s for s in said)  # never the cache's file names
    again = prepare_job("gpt-4o-mini", examples=examples, name="support.jsonl", validation="split")
    assert again.valid.read_bytes() == ready.valid.read_bytes()  # seeded: the same split each time


def test_a_file_with_a_validation_file_is_checked_as_it_is(tmp_path):
    train, valid = tmp_path / "train.jsonl", tmp_path / "valid.jsonl"
    train.write_text("".join(json.dumps(r) + "\n" for r in rows(12)), encoding="utf-8")
    valid.write_text("".join(json.dumps(r) + "\n" for r in rows(3)), encoding="utf-8")
    ready = prepare_job("gpt-4o-mini", train_file=train, validation="file", valid_file=valid, n_epochs=2)
    assert (ready.train, ready.valid) == (train, valid)  # nothing copied
    assert ready.preflight.errors == [] and "12 training examples" in ready.preflight.summary()
    assert "3 validation" in ready.preflight.summary()
    none = prepare_job("gpt-4o-mini", train_file=train, validation="none", valid_file=valid)
    assert none.valid is None
