"""Evaluation runs against the engine, which also stands in for a cloud provider that
sometimes answers 429 (with Retry-After) or 500."""

from __future__ import annotations

import threading
import time

import pytest

from core.evals import Candidate, EvalStore, Item, Runner
from core.evals import report as R


def items(n: int) -> list[Item]:
    return [Item(i, i + 1, f"Answer {i}.", [{"role": "system", "content": "Be brief."},
                                            {"role": "user", "content": f"Question {i}?"}]) for i in range(n)]


def candidates() -> list[Candidate]:
    short = {"max_tokens": 6, "temperature": 0}
    return [Candidate("cloud", "tiny", "Answer in one line.", params=short, label="tiny, short prompt"),
            Candidate("cloud", "tiny", None, [("Question 99?", "Answer 99.")], params=short, label="tiny, one-shot"),
            Candidate("cloud", "tiny", endpoint="completions", params=short, label="tiny, completions")]


def test_a_run_survives_429_and_500_mid_run_and_counts_each_example_once(start_engine, tmp_path):
    engine = start_engine("--simulate-failures", "4:429:1,9:500,10:500")
    store = EvalStore(tmp_path / "evals.sqlite")
    run = store.create("retries", "held-out.jsonl", None, items(6), candidates(), ["cer", "exact"])
    waits = []
    runner = Runner(store, run, lambda provider: engine.client, concurrency=3, backoff=0.2,
                    on_wait=lambda provider, seconds, exc: waits.append((type(exc).__name__, seconds)))
    started = time.monotonic()
    assert runner.run_all() == 18
    results = store.results(run.id)
    assert sorted(results) == [(c, i) for c in range(3) for i in range(6)]  # every pair, once
    assert all(r.ok and r.total and r.total > 0 and r.tokens_out for r in results.values())
    assert runner.asked == 18 + 3  # three failures, each asked again once
    assert ("RateLimitError", 1.0) in waits and sum(1 for w in waits if w[0] == "InternalServerError") == 2
    assert time.monotonic() - started >= 1.0  # the Retry-After was honoured
    assert sum(r.attempts for r in results.values()) == 21
    # the completions endpoint got a prompt; chat candidates their own system prompts and shots
    assert all(results[(2, i)].ok for i in range(6))
    rows = R.summary(run, results)
    assert [r.answered for r in rows] == [6, 6, 6] and all(r.values["cer"] is not None for r in rows)
    assert not rows[0].local and rows[0].cost is None  # "cloud" is not this computer, and tiny has no price


def test_a_stopped_run_resumes_with_only_what_is_missing_and_reloads_after_a_restart(start_engine, tmp_path):
    engine = start_engine()
    path = tmp_path / "evals.sqlite"
    store = EvalStore(path)
    run = store.create("resume", "held-out.jsonl", None, items(8), candidates()[:2], ["cer", "wer", "chrf"])
    seen = []
    first: Runner

    def stop_after_five(result):
        seen.append(result)
        if len(seen) == 5:
            first.stop()

    first = Runner(store, run, lambda p: engine.client, concurrency=1, on_result=stop_after_five)
    first.run_all()
    kept = store.results(run.id)
    assert len(kept) == 5 and len(store.missing(run)) == 11
    store.close()

    store = EvalStore(path)  # as after a restart
    run = store.run(run.id)
    assert run.items == items(8) and [c.label for c in run.candidates] == ["tiny, short prompt", "tiny, one-shot"]
    again = store.results(run.id)
    assert {k: (r.output, r.scores, r.total) for k, r in again.items()} == \
        {k: (r.output, r.scores, r.total) for k, r in kept.items()}
    counted = threading.Event()
    second = Runner(store, run, lambda p: engine.client, concurrency=2, on_result=lambda r: counted.set())
    assert second.run_all() == 11 and second.asked == 11  # nothing asked twice
    final = store.results(run.id)
    assert len(final) == 16
    assert {k: final[k].output for k in kept} == {k: r.output for k, r in kept.items()}  # first answers untouched
    assert [r[3:] for r in store.runs()] == [(16, 16)]


def test_tunedesk_eval_compares_models_and_writes_a_report(start_engine, tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from .conftest import TOKEN

    engine = start_engine()
    test = tmp_path / "held-out.jsonl"
    rows = [{"messages": [{"role": "user", "content": f"Say {w}"}, {"role": "assistant", "content": w}]}
            for w in ("yes", "no", "yes", "no", "yes", "no")]
    test.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n", encoding="utf-8")
    script = Path(sys.executable).with_name("tunedesk")
    env = dict(os.environ, OPENAI_API_KEY=TOKEN)
    cmd = [str(script), "eval", str(test), "--base-url", engine.url, "--model", "tiny", "--model", "tiny@JSON answers",
           "--max-tokens", "4", "--training-cost", "1=0", "--json", "-o", str(tmp_path / "report.html")]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr
    assert "held-out.jsonl, line 7: skipped: the line is not a readable example" in out.stderr
    summary = json.loads(out.stdout)
    assert summary["metrics"] == ["accuracy", "macro_f1", "cer"]  # yes/no: a classification
    assert [m["name"] for m in summary["models"]] == ["tiny", "tiny · JSON answers"]
    assert all(m["answered"] == 6 and m["accuracy"] is not None for m in summary["models"])
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Worst examples by Accuracy" in page and "tiny · JSON answers" in page
    assert "Confusion matrices" in page and "<th>yes</th>" in page  # a classification: who said what
    assert TOKEN not in page and TOKEN not in out.stdout + out.stderr
    # resumed: nothing left to ask, the same figures
    again = subprocess.run([str(script), "eval", "--resume", str(summary["run"]), "--json", "--base-url", engine.url],
                           capture_output=True, text=True, timeout=300, env=env)
    assert again.returncode == 0 and "0 to ask" in again.stderr
    assert json.loads(again.stdout)["models"] == summary["models"]
    bad = subprocess.run([str(script), "eval", str(test), "--model", "nowhere:tiny@No such preset"],
                         capture_output=True, text=True, timeout=60, env=env)
    assert bad.returncode == 2 and "no preset named 'No such preset'" in bad.stderr



def test_cost_per_answer_and_the_break_even_of_a_tuned_cloud_shaped_model(start_engine, tiny_model, tmp_path):
    """The engine serves the tiny model under an OpenAI model's name, so the price table
    applies as it would in the cloud: base prices for gpt-4o-mini, fine-tuned prices for
    the ft: model tuned from it; the Chat tab's replies get the same per-reply cost."""
    import math

    from core.chat.request import stream_reply
    from core.evals import cost, inference_price
    from core.util.text import format_usd
    from gui.chat.render import reply_stats

    from .conftest import chat_rows, finished, upload

    engine = start_engine(models={"gpt-4o-mini": tiny_model})
    c = engine.client
    job = c.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(c, tmp_path, chat_rows(10)).id,
                                    hyperparameters={"n_epochs": 1})
    tuned = finished(c, job.id, timeout=300).fine_tuned_model
    assert tuned.startswith("ft:gpt-4o-mini:")
    assert inference_price(tuned)[:2] == (0.30, 1.20) and inference_price("gpt-4o-mini")[:2] == (0.15, 0.60)

    long_prompt = "You turn questions into answers. " * 15  # the one-shot prompt the tuned model no longer needs
    store = EvalStore(tmp_path / "evals.sqlite")
    run = store.create("cost", "held-out", None, items(4),
                       [Candidate("cloud", "gpt-4o-mini", long_prompt, params={"max_tokens": 6}, label="base"),
                        Candidate("cloud", tuned, "", params={"max_tokens": 6}, label="tuned", training_cost=0.01)],
                       ["cer"])
    Runner(store, run, lambda p: c).run_all()
    results = store.results(run.id)
    for (ci, _), r in results.items():
        assert r.cost == pytest.approx(cost(run.candidates[ci].model, r.tokens_in, r.tokens_out)) and r.cost > 0
    base, mine = R.summary(run, results)
    assert base.cost_per_run == pytest.approx(sum(results[(0, i)].cost for i in range(4)))
    saving = base.cost_per_run - mine.cost_per_run
    assert saving > 0  # the long prompt costs more than the dearer fine-tuned tokens
    assert mine.break_even == {0: math.ceil(0.01 / saving)}
    assert R.break_even_text(mine, [base, mine]) == f"cheaper than base after {math.ceil(0.01 / saving):,} runs"

    # the Chat tab: a reply from a priced model shows its cost
    reply = stream_reply(c, "gpt-4o-mini", [{"role": "user", "content": "hi"}], {"max_tokens": 5}, lambda _p: None)
    assert reply.cost_usd == pytest.approx(cost("gpt-4o-mini", reply.prompt_tokens, reply.completion_tokens))
    assert format_usd(reply.cost_usd) in reply_stats(reply.stats(), local=False) and reply.cost_usd < 0.01
    assert format_usd(0.0000452) == "$0.000045" and format_usd(0.0123) == "$0.0123" and format_usd(12.3) == "$12.30"


def test_a_judge_marks_every_answer_once(start_engine, tmp_path):
    from core.evals.judge import DEFAULT_RUBRIC, judge_run

    engine = start_engine()
    store = EvalStore(tmp_path / "evals.sqlite")
    run = store.create("judged", "held-out", None, items(3), candidates()[:2], ["cer"])
    Runner(store, run, lambda p: engine.client).run_all()
    asked = []
    judge_run(store, run, engine.client, "tiny", DEFAULT_RUBRIC, on_verdict=asked.append)
    assert len(asked) == 6
    results = store.results(run.id)
    # the random tiny model gives no score: each answer keeps what it said instead
    assert all(r.judge is not None or r.reason.startswith("the judge gave no score") for r in results.values())
    assert run.settings["judge"]["model"] == "tiny" and store.run(run.id).settings["judge"]["rubric"] == DEFAULT_RUBRIC
    again = []
    judge_run(store, run, engine.client, "tiny", DEFAULT_RUBRIC, on_verdict=again.append)
    assert again == []  # already judged: nothing asked twice


def test_an_error_inside_a_stream_is_that_examples_error_and_the_run_goes_on(start_engine, tmp_path):
    engine = start_engine()
    store = EvalStore(tmp_path / "evals.sqlite")
    too_long = Candidate("cloud", "tiny", "Far too long. " * 400, params={"max_tokens": 4}, label="too long")
    run = store.create("errors", "held-out", None, items(3), [too_long, candidates()[0]], ["cer"])
    runner = Runner(store, run, lambda p: engine.client, concurrency=1)
    assert runner.run_all() == 3
    results = store.results(run.id)
    assert len(results) == 6 and runner.asked == 6  # an error of the request itself is not asked again
    assert all("context is" in results[(0, i)].error for i in range(3)) and all(results[(1, i)].ok for i in range(3))
    rows = R.summary(run, results)
    assert (rows[0].answered, rows[0].failed) == (0, 3) and len(store.missing(run)) == 3  # Resume tries them again
