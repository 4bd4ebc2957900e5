"""Evaluation runs against the engine, which also stands in for a cloud provider that
sometimes answers 429 (with Retry-After) or 500."""

from __future__ import annotations

import threading
import time

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
