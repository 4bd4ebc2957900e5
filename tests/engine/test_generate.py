"""Synthetic examples (the superhero tutorial) against the local engine: every
combination asked once, cancelled half-way and resumed without asking twice, a cloud-shaped
run that survives a 429 and a 500, and the tutorial's CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
from pathlib import Path

from core.datasets import generate as gen
from core.datasets.model import Kind
from core.datasets.validate import check_example

SPEC = {
    "variables": {"age": ["young", "middle-aged", "old"], "gender": ["man", "woman"],
                  "power": ["flight", "invisibility", "strength"]},
    "template": "Create a {age} {gender} superhero whose power is {power}.",
    "system": "You write short character sketches.",
    "answers": 1, "model": "tiny", "concurrency": 3,
    # seeded: a random tiny model at temperature 1 sometimes ends an answer at its first token
    "params": {"max_tokens": 8, "temperature": 1.0, "seed": 11},
}


def test_every_combination_once_cancel_then_resume(engine):
    spec = gen.Spec.from_json(SPEC)
    client = engine.client.with_options(max_retries=0)
    rows: list[dict] = []
    cancel = threading.Event()

    def keep(row: dict) -> None:
        rows.append(row)
        if len(rows) == 9:
            cancel.set()  # the user presses Cancel half-way

    gen.run(client, spec, [], keep, cancel)
    assert 9 <= len(rows) < 18  # what was on its way when Cancel came is kept, nothing more asked
    first_part = len(rows)
    asked_again = gen.run(client, spec, [gen.row_key(r) for r in rows], rows.append)
    assert asked_again == 18 - first_part and len(rows) == 18
    combos = {(r["metadata"]["age"], r["metadata"]["gender"], r["metadata"]["power"]) for r in rows}
    assert len(combos) == 18  # each combination exactly once
    for r in rows:
        meta = r["metadata"]
        user = r["messages"][1]["content"]
        assert user == f"Create a {meta['age']} {meta['gender']} superhero whose power is {meta['power']}."
        assert r["messages"][0]["content"] == "You write short character sketches."
        assert meta["finish_reason"] in ("stop", "length") and meta["completion_tokens"] >= 1
    truncated = [r for r in rows if r["metadata"]["finish_reason"] == "length"]
    assert truncated  # 8 tokens: some answers were cut off, and the check says so
    assert any(d.code == "truncated_answer" for d in check_example(truncated[0], Kind.CHAT, 0, 1))
    table = list(csv.reader(io.StringIO(gen.csv_text(rows, spec))))
    assert table[0] == ["age", "gender", "power", "answer", "prompt", "response", "finish_reason", "prompt_tokens",
                        "completion_tokens"]
    assert len(table) == 19


def test_a_cloud_shaped_run_waits_out_a_429_and_a_500(start_engine):
    engine = start_engine("--simulate-failures", "3:429:1,6:500")
    spec = gen.Spec.from_json({**SPEC, "variables": {"age": ["young", "old"], "gender": ["man", "woman"],
                                                     "power": ["flight", "strength"]}, "concurrency": 2})
    rows, waits = [], []
    gen.run(engine.client.with_options(max_retries=0), spec, [], rows.append, on_wait=waits.append)
    assert len(rows) == 8
    assert any(w.startswith("429") and "1 s" in w for w in waits) and any(w.startswith("500") for w in waits), waits


def test_a_preset_steers_every_request():
    spec = gen.Spec.from_json({**SPEC, "system": "", "preset": "JSON answers"})
    asked = gen.messages(spec, gen.tasks(spec)[0])
    assert asked[0]["role"] == "system" and "JSON" in asked[0]["content"]  # the preset's own system prompt
    assert asked[-1] == {"role": "user", "content": "Create a young man superhero whose power is flight."}


def test_a_bad_spec_is_said_in_words():
    import pytest

    with pytest.raises(gen.SpecError, match="uses hero, which no variable gives"):
        gen.Spec.from_json({"template": "A {hero}", "variables": {"age": ["x"]}})
    with pytest.raises(gen.SpecError, match="no preset called Nope"):
        gen.Spec.from_json({**SPEC, "preset": "Nope"})
    with pytest.raises(gen.SpecError, match="give \"sample\""):
        gen.Spec.from_json({"template": "{a}{b}{c}", "variables": {k: [str(i) for i in range(50)] for k in "abc"}})
    spec = gen.Spec.from_json({"template": "{a}{b}{c}", "variables": {k: [str(i) for i in range(50)] for k in "abc"},
                               "sample": 10, "seed": 1})
    assert len(gen.combinations(spec)) == 10 and gen.combinations(spec) == gen.combinations(spec)


def test_tunedesk_generate_writes_resumes_and_exports_csv(tiny_model, tmp_path):
    spec = tmp_path / "heroes.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    out, table = tmp_path / "heroes.jsonl", tmp_path / "heroes.csv"
    script = Path(sys.executable).with_name("tunedesk")
    cmd = [str(script), "generate", str(spec), "-o", str(out), "--csv", str(table), "--add-model", f"tiny={tiny_model}"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert len(out.read_text().splitlines()) == 18 and "Wrote" in first.stdout
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "18 of 18 answers already there" in again.stdout
    assert len(out.read_text().splitlines()) == 18  # nothing asked twice
    header = table.read_text().splitlines()[0]
    assert header == "age,gender,power,answer,prompt,response,finish_reason,prompt_tokens,completion_tokens"
