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
