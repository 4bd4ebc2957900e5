"""`tunedesk check --model <local model>` counts with that model's own tokenizer."""

import json
import subprocess
import sys
from pathlib import Path

from transformers import AutoTokenizer

from .conftest import chat_rows


def test_check_counts_with_the_local_models_tokenizer(tmp_path, tiny_model):
    data = tmp_path / "train.jsonl"
    rows = chat_rows(12)
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    script = Path(sys.executable).with_name("tunedesk")
    out = subprocess.run([str(script), "check", str(data), "--model", str(tiny_model), "--json"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["tokens"]["tokenizer"] == "tiny tokenizer"
    tok = AutoTokenizer.from_pretrained(tiny_model)
    count = lambda t: len(tok(t, add_special_tokens=False)["input_ids"])  # noqa: E731
    expected = sum(sum(3 + count(m["role"]) + count(m["content"]) for m in r["messages"]) + 3 for r in rows)
    assert report["tokens"]["total"] == expected
    assert report["estimate"]["seconds"] is not None and report["estimate"]["cost_usd"] is None


def test_a_long_example_is_reported_before_launch_and_its_cut_said_in_the_jobs_events(tmp_path, tiny_model,
                                                                                      start_engine):
    """Issue [8]: nothing is cut without a message. The tiny model reads 512 tokens."""
    from .conftest import finished, upload

    rows = chat_rows(12)
    rows[5]["messages"][-1]["content"] = "A long answer that goes on. " * 80
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    script = Path(sys.executable).with_name("tunedesk")
    out = subprocess.run([str(script), "check", str(data), "--model", str(tiny_model), "--json"],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(out.stdout)
    [long] = [d for d in report["diagnostics"] if d["code"] == "too_long"]
    assert long["line"] == 6 and "trains on at most 512 per example and cuts the rest" in long["message"]

    engine = start_engine()
    c = engine.client
    job = c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, rows).id,
                                    hyperparameters={"n_epochs": 1})
    assert finished(c, job.id).status == "succeeded"
    said = [e for e in c.fine_tuning.jobs.list_events(job.id, limit=100) if "longer than" in e.message]
    assert len(said) == 1 and said[0].level == "warn"
    assert said[0].message.startswith("1 example(s) of train.jsonl are longer than 512 tokens: their last ")
    assert "tokens in all are not trained on" in said[0].message
