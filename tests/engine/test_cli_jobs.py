"""The tutorials' terminal workflow on this computer: `tunedesk train` follows a job to
its tuned model, `tunedesk jobs cancel` stops another, `tunedesk models delete` removes a
tuned model and its files — each command starting the local engine as the app does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("tunedesk")
PAIRS = [("Hello! How are you today?", "The quick brown fox."), ("What is the capital of France?", "Paris."),
         ("Answer: yes or no?", "Answer: yes."), ("Step one?", "Step one, step two, step three.")]


def tunedesk(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout)


def test_train_follows_a_job_to_its_model_then_cancel_and_delete(tiny_model, tmp_path, tunedesk_home):
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps({"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]})
                            + "\n" for q, a in PAIRS * 3), encoding="utf-8")
    tiny = ["--add-model", f"tiny={tiny_model}"]

    done = tunedesk("train", str(data), "--model", "tiny", "--suffix", "cli", "--epochs", "1", "--seed", "3", *tiny)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "12 training examples" in out  # the preflight, before anything is sent
    job_id = next(w for w in out.split() if w.startswith("ftjob-"))
    assert "Training started" in out or "started" in out.lower()  # the job's own events, as they come
    tuned = out.split("Succeeded: ")[1].split()[0]
    assert tuned.startswith("ft:tiny:") and ":cli:" in tuned

    listed = tunedesk("jobs", "list", "--json", *tiny)
    assert listed.returncode == 0, listed.stderr
    assert {j["id"]: j["status"] for j in json.loads(listed.stdout)}[job_id] == "succeeded"
    results = tunedesk("jobs", "results", job_id, "-o", str(tmp_path / "steps.csv"), *tiny)
    assert results.returncode == 0 and (tmp_path / "steps.csv").read_text().startswith("step,")

    started = tunedesk("train", str(data), "--model", "tiny", "--epochs", "50", "--no-follow", "--json", *tiny)
    assert started.returncode == 0, started.stderr
    second = json.loads(started.stdout)["id"]
    cancelled = tunedesk("jobs", "cancel", second, *tiny)
    assert cancelled.returncode == 0 and f"{second} cancelled" in cancelled.stdout, cancelled.stderr

    adapter = tunedesk_home / "engine" / "jobs" / job_id / "model"
    assert adapter.is_dir()
    deleted = tunedesk("models", "delete", tuned, *tiny)
    assert deleted.returncode == 0 and f"Deleted {tuned}" in deleted.stdout, deleted.stderr
    assert not adapter.exists()  # its files went with it
    models = tunedesk("models", "list", "--json", *tiny)
    assert tuned not in [m["id"] for m in json.loads(models.stdout)]


def test_a_wrong_provider_or_model_is_said_in_words(tmp_path):
    data = tmp_path / "train.jsonl"
    data.write_text(json.dumps({"messages": [{"role": "user", "content": "hi"}]}) + "\n", encoding="utf-8")
    wrong = tunedesk("jobs", "list", "--provider", "nowhere")
    assert wrong.returncode == 2 and "no provider called 'nowhere'" in wrong.stderr and "local" in wrong.stderr
    bad = tunedesk("train", str(data), "--model", "gpt-4o-mini-2024-07-18", "--provider", "openai")
    assert bad.returncode == 1  # stopped by the preflight: nothing was uploaded, no key was needed
    assert "the example has no assistant message to learn from" in bad.stderr
