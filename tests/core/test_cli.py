"""The `tunedesk` command as a user runs it: messages, JSON and exit statuses."""

import csv
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

# The installed console script next to this interpreter: what a user's shell runs.
_SCRIPT = Path(sys.executable).with_name("tunedesk")
TUNEDESK = str(_SCRIPT) if _SCRIPT.exists() else (shutil.which("tunedesk") or "")


def run(*args, cwd=None):
    cmd = [TUNEDESK, *args] if TUNEDESK else [sys.executable, "-m", "core.cli", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=os.environ.copy(), timeout=120)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


@pytest.fixture
def superheroes(tmp_path):
    """Shaped like the cookbook's generated superhero descriptions."""
    rng = random.Random(7)
    path = tmp_path / "data.csv"
    powers = ["invisibility", "flight", "super strength", "telepathy", "healing", "teleportation"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["age", "gender", "power", "prompt", "sub_prompt", "response_txt", "finish_reason"])
        for _ in range(40):
            age, gender, power = rng.randint(18, 70), rng.choice(["male", "female"]), rng.choice(powers)
            w.writerow([age, gender, power,
                        f"Write a short description of a superhero, {age}, {gender}, who has {power}.",
                        f"{age}, {gender}, {power}",
                        f"A {age}-year-old {gender} hero, {rng.choice(['quiet', 'bold', 'kind'])} and "
                        f"{rng.choice(['fast', 'wise', 'funny'])}, uses {power} to help. "
                        + rng.choice(["They never give up.", "Nobody knows their name!", "The city sleeps safely."]),
                        "stop"])
    return path


MAP = ["--map", "prompt=sub_prompt", "--map", "completion=response_txt"]


def test_check_reports_missing_separator_and_stop_then_prepare_fixes_them(superheroes, tmp_path):
    proc = run("check", str(superheroes), *MAP)
    assert proc.returncode == 0, proc.stdout
    assert "no_prompt_separator" in proc.stdout and "no_completion_stop" in proc.stdout
    assert "prompt <- sub_prompt, completion <- response_txt" in proc.stdout

    out = tmp_path / "prepared.jsonl"
    proc = run("prepare", str(superheroes), *MAP, "-o", str(out), "--yes")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'end every prompt with " ->"' in proc.stdout and 'stop=["\\n"]' in proc.stdout
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["prompt"].endswith(" ->") and first["completion"].startswith(" ") and first["completion"].endswith("\n")

    report = json.loads(run("check", str(out), "--json").stdout)
    assert report["errors"] == 0
    codes = {d["code"] for d in report["diagnostics"]}
    assert not codes & {"no_prompt_separator", "no_completion_stop", "completion_no_leading_space"}


def test_check_json_shape_and_exit_statuses(tmp_path):
    good = tmp_path / "good.jsonl"
    rows = [{"messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": f"q{i}"},
                          {"role": "assistant", "content": f"a{i}"}]} for i in range(12)]
    good.write_text("".join(json.dumps(r) + "\n" for r in rows))
    proc = run("check", str(good), "--json", "--model", "gpt-4o-mini")
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    for key in ("format", "encoding", "examples", "diagnostics", "tokens", "estimate"):
        assert key in report
    assert (report["format"], report["examples"]) == ("jsonl", 12)
    assert report["tokens"]["tokenizer"] == "o200k_base" and report["tokens"]["total"] > 0
    assert report["estimate"]["epochs"] == 8  # 100 // 12
    assert report["estimate"]["cost_usd"] is not None

    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"messages": [{"role": "user"}]}\n')
    proc = run("check", str(bad), "--json")
    assert proc.returncode == 1
    [d] = [d for d in json.loads(proc.stdout)["diagnostics"] if d["code"] == "message_missing_key"]
    assert set(d) >= {"index", "line", "field", "code", "severity", "message"}
    assert (d["index"], d["line"], d["field"], d["severity"]) == (12, 13, "messages[0].content", "error")

    assert run("check", str(tmp_path / "nope.jsonl")).returncode == 2


def _binary(p):
    p.write_bytes(bytes(range(256)) * 40)


def _truncated(p):
    rows = [json.dumps({"prompt": f"p{i} ->", "completion": f" c{i}\n"}) for i in range(12)]
    p.write_text("\n".join(rows) + "\n" + rows[0][:-9])


def _huge_line(p):
    p.write_text(json.dumps({"prompt": "x ->", "completion": " " + "word " * 2_000_000 + "\n"}) + "\n")


def _quoted_csv(p):
    with open(p, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["prompt", "completion"])
        for i in range(12):
            w.writerow([f"line one, with comma\nline two {i} ->", f' "quoted", answer {i}\n'])


def _xlsx(p):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Question", "Answer"])
    for i in range(12):
        ws.append([f"{i} + {i} =", i + i])
    ws.merge_cells("B2:B3")
    wb.create_sheet("Second")
    wb.save(p)


def _one_object(p):
    p.write_text(json.dumps({"model": "gpt-4o-mini", "notes": "not examples"}, indent=2))


CASES = [
    ("empty.jsonl", lambda p: p.write_text(""), 2, "the file is empty"),
    ("blob.bin", _binary, 2, "binary data"),
    ("truncated.jsonl", _truncated, 1, "line 13: not valid JSON"),
    ("huge.jsonl", _huge_line, 1, "2,000,003 tokens; davinci-002 trains on at most 16,384"),
    ("quoted.csv", _quoted_csv, 0, "12 examples"),
    ("book.xlsx", _xlsx, 0, "extra_sheets"),
    ("object.json", _one_object, 2, "holds one JSON object (keys: model, notes)"),
    ("old.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600), 2, "old Excel .xls"),
]


@pytest.mark.parametrize("name,make,status,message", CASES, ids=[c[0] for c in CASES])
def test_bad_inputs_get_a_clear_message_and_status(tmp_path, name, make, status, message):
    path = tmp_path / name
    make(path)
    proc = run("check", str(path))
    assert proc.returncode == status, proc.stdout + proc.stderr
    assert message in proc.stdout + proc.stderr
    if status == 2:
        assert str(path) in proc.stderr  # the message names the file


def test_wrong_map_column_names_the_columns(superheroes):
    proc = run("check", str(superheroes), "--map", "prompt=subprompt")
    assert proc.returncode == 2
    assert "--map prompt=subprompt: no such column" in proc.stderr
    assert "sub_prompt" in proc.stderr and "response_txt" in proc.stderr


def test_table_without_a_usable_column_reports_missing_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("title,body\nA,B\n")
    proc = run("check", str(path), "--json")
    assert proc.returncode == 1
    [d] = [d for d in json.loads(proc.stdout)["diagnostics"] if d["code"] == "missing_column"]
    assert "--map completion=COLUMN" in d["message"] and "title, body" in d["message"]


def test_prepare_convert_split_and_system(tmp_path):
    src = tmp_path / "labels.jsonl"
    rows = [{"prompt": f"review {i} ->", "completion": f" {'good' if i % 3 else 'bad'}\n"} for i in range(30)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "chat.jsonl"
    proc = run("prepare", str(src), "-o", str(out), "--to", "chat", "--system", "Label the review.",
               "--split", "0.2", "--seed", "1", "--yes")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    train = [json.loads(x) for x in out.read_text().splitlines()]
    valid = [json.loads(x) for x in (tmp_path / "chat_valid.jsonl").read_text().splitlines()]
    assert len(train) + len(valid) == 30 and len(valid) == 6
    assert train[0]["messages"][0] == {"role": "system", "content": "Label the review."}
    # stratified: both labels are held out
    assert {v["messages"][-1]["content"] for v in valid} == {" good\n", " bad\n"}


def test_help_lists_the_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for word in ("check", "prepare", "gui"):
        assert word in proc.stdout


def test_no_command_opens_the_app_and_a_file_opens_in_it(tmp_path):
    from core.cli import main

    opened = []
    assert main([], open_app=lambda files: opened.append(files) or 0) == 0
    data = tmp_path / "check.jsonl"  # a file named like a command is still a file
    data.write_text("{}\n")
    assert main([str(data)], open_app=lambda files: opened.append(files) or 0) == 0  # "Open with TuneDesk"
    assert main(["gui", str(data)], open_app=lambda files: opened.append(files) or 0) == 0
    assert opened == [[], [str(data)], [str(data)]]


def test_one_executable_starts_the_trainer_in_the_packaged_app(tmp_path, monkeypatch):
    """Issue [9]: the packaged app has no Python to run `-m core.engine.train`; the engine
    starts `TuneDesk engine-trainer …`, which the executable's own CLI dispatches."""
    from core import commands

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert commands.trainer_command() == [sys.executable, "engine-trainer"]
    assert commands.tunedesk_command("engine") == [sys.executable, "engine"]
    monkeypatch.delattr(sys, "frozen")
    assert commands.trainer_command()[1:] == ["-m", "core.engine.train"]

    script = Path(sys.executable).with_name("tunedesk")
    # stdin stays open, as the engine keeps it: a trainer whose stdin closes stops at once
    proc = subprocess.Popen([str(script), "engine-trainer", str(tmp_path / "engine"), "ftjob-none", str(tmp_path)],
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.wait(120) == 2  # the trainer ran and found no such job
        assert "invalid choice" not in proc.stderr.read()
    finally:
        proc.stdin.close()
        proc.stderr.close()


def test_the_cloud_only_download_says_plainly_that_it_has_no_local_engine(monkeypatch, capsys):
    import importlib.util

    from core.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    assert main(["engine"]) == 2
    assert "not installed (torch is missing)" in capsys.readouterr().err  # from a checkout: how to install it
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert main(["engine"]) == 2
    assert "the cloud-only one: it has no local engine" in capsys.readouterr().err  # the packaged app: what to get
