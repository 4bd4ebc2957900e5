"""The engine through the official SDK, with a tiny model made at test time."""

from __future__ import annotations

import csv
import io
import json
import time

import openai
import pytest

from .conftest import TOKEN, chat_rows, events, finished, raw, upload, wait_for


def test_files_upload_list_retrieve_content_delete(engine, tmp_path):
    c = engine.client
    f = upload(c, tmp_path, chat_rows(12))
    assert f.id.startswith("file-") and f.purpose == "fine-tune" and f.status == "processed"
    assert f.bytes == (tmp_path / "train.jsonl").stat().st_size
    assert c.files.retrieve(f.id).filename == "train.jsonl"
    assert c.files.content(f.id).content == (tmp_path / "train.jsonl").read_bytes()
    g = upload(c, tmp_path, chat_rows(11), "second.jsonl")
    assert [x.id for x in c.files.list()] == [g.id, f.id]  # newest first
    assert [x.id for x in c.files.list(limit=1, after=g.id)] == [f.id]
    deleted = c.files.delete(f.id)
    assert deleted.deleted and deleted.id == f.id
    with pytest.raises(openai.NotFoundError):
        c.files.retrieve(f.id)


def test_auth_missing_or_wrong_token_is_401_and_never_echoed(engine):
    status, body = raw("GET", f"{engine.url}/models")
    assert status == 401
    assert set(json.loads(body)["error"]) == {"message", "type", "param", "code"}
    bad = openai.OpenAI(base_url=engine.url, api_key="wrong-token-xyz", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as exc:
        bad.models.list()
    assert "wrong-token-xyz" not in str(exc.value) and TOKEN not in str(exc.value)


def test_unknown_ids_are_404_in_openai_envelope(engine):
    c = engine.client
    for call in (lambda: c.files.retrieve("file-nope"), lambda: c.fine_tuning.jobs.retrieve("ftjob-nope"),
                 lambda: c.fine_tuning.jobs.list_events("ftjob-nope"), lambda: c.models.retrieve("ft:nope"),
                 lambda: c.chat.completions.create(model="nope", messages=[{"role": "user", "content": "hi"}])):
        with pytest.raises(openai.NotFoundError) as exc:
            call()
        body = exc.value.body
        assert set(body) == {"message", "type", "param", "code"} and "nope" in body["message"]


def test_oversized_upload_and_wrong_purpose_are_400(start_engine, tmp_path):
    engine = start_engine("--max-upload-mb", "0.001")
    c = engine.client
    with pytest.raises(openai.BadRequestError) as exc:
        upload(c, tmp_path, chat_rows(50))
    assert "larger than this engine's limit of 1,048 bytes" in exc.value.message
    assert list(c.files.list()) == []
    (tmp_path / "t.jsonl").write_text(json.dumps(chat_rows(1)[0]) + "\n")
    with pytest.raises(openai.BadRequestError) as exc:
        c.files.create(file=open(tmp_path / "t.jsonl", "rb"), purpose="assistants")
    assert "Purpose 'assistants' is not supported" in exc.value.message and exc.value.body["param"] == "purpose"
    (tmp_path / "b.bin").write_bytes(b"\x00\x01" * 100)
    with pytest.raises(openai.BadRequestError) as exc:
        c.files.create(file=open(tmp_path / "b.bin", "rb"), purpose="fine-tune")
    assert "binary data" in exc.value.message


def test_job_lifecycle_events_checkpoints_results_and_tuned_chat(engine, tmp_path):
    c = engine.client
    train = upload(c, tmp_path, chat_rows(20))
    valid = upload(c, tmp_path, chat_rows(4), "valid.jsonl")
    job = c.fine_tuning.jobs.create(model="tiny", training_file=train.id, validation_file=valid.id, suffix="json",
                                    seed=7, metadata={"project": "demo"},
                                    hyperparameters={"n_epochs": 3, "learning_rate_multiplier": 20})
    assert job.id.startswith("ftjob-") and job.status == "validating_files" and job.metadata == {"project": "demo"}
    job = finished(c, job.id)
    assert job.status == "succeeded", job.error
    assert job.fine_tuned_model.startswith("ft:tiny:personal:json:") and len(job.fine_tuned_model.split(":")[-1]) == 8
    assert job.hyperparameters.n_epochs == 3 and job.hyperparameters.batch_size == 1
    assert job.trained_tokens > 0 and job.finished_at >= job.created_at

    evs = events(c, job.id)
    messages = [e.message for e in evs if e.type == "message"]
    assert messages[:4] == [f"Created fine-tuning job: {job.id}", f"Validating training file: {train.id}",
                            "Files validated, moving job to queued state", "Fine-tuning job started"]
    assert messages[-2:] == [f"New fine-tuned model created: {job.fine_tuned_model}", "The job has successfully completed"]
    # the job says which precision it trained in (issue [8]): bf16 where this CPU computes it natively
    from core.engine.cpu import training_precision

    [said] = [e for e in evs if isinstance(e.data, dict) and "precision" in e.data]
    assert (said.data["precision"], said.message) == training_precision()
    metrics = [e for e in evs if e.type == "metrics"]
    assert [m.data["step"] for m in metrics] == list(range(1, 61))
    assert all(m.data["total_steps"] == 60 for m in metrics)
    with_valid = [m for m in metrics if "valid_loss" in m.data]
    assert [m.data["step"] for m in with_valid] == [20, 40, 60]
    assert with_valid[-1].message.startswith("Step 60/60: training loss=") and ", validation loss=" in with_valid[-1].message
    assert 0 <= with_valid[-1].data["valid_mean_token_accuracy"] <= 1

    ckpts = list(c.fine_tuning.jobs.checkpoints.list(job.id))
    assert [k.step_number for k in ckpts] == [60, 40, 20]  # one per epoch, newest first
    assert all(k.id.startswith("ftckpt_") and k.fine_tuned_model_checkpoint == f"{job.fine_tuned_model}:ckpt-step-{k.step_number}"
               for k in ckpts)
    assert ckpts[-1].metrics.valid_loss is not None

    [result] = job.result_files
    rows = list(csv.DictReader(io.StringIO(c.files.content(result).text)))
    assert list(rows[0]) == ["step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy"]
    assert len(rows) == 60 and rows[19]["valid_loss"] != "" and rows[0]["valid_loss"] == ""

    ids = {m.id for m in c.models.list()}
    assert {"tiny", job.fine_tuned_model, *(k.fine_tuned_model_checkpoint for k in ckpts)} <= ids
    prompt = [{"role": "system", "content": "Reply in JSON."}, {"role": "user", "content": "question 99?"}]
    tuned = c.chat.completions.create(model=job.fine_tuned_model, messages=prompt, temperature=0, max_tokens=20)
    assert tuned.choices[0].message.content == '{"answer": 42}' and tuned.choices[0].finish_reason == "stop"
    base = c.chat.completions.create(model="tiny", messages=prompt, temperature=0, max_tokens=20)
    assert base.choices[0].message.content != '{"answer": 42}'
    first_ckpt = c.chat.completions.create(model=ckpts[-1].fine_tuned_model_checkpoint, messages=prompt,
                                           temperature=0, max_tokens=20)
    assert first_ckpt.object == "chat.completion"


def test_streaming_shape_usage_and_stop(engine, tmp_path):
    c = engine.client
    job = finished(c, c.fine_tuning.jobs.create(
        model="tiny", training_file=upload(c, tmp_path, chat_rows(12)).id, seed=1,
        hyperparameters={"n_epochs": 3, "learning_rate_multiplier": 20}).id)
    prompt = [{"role": "system", "content": "Reply in JSON."}, {"role": "user", "content": "question 3?"}]
    chunks = list(c.chat.completions.create(model=job.fine_tuned_model, messages=prompt, temperature=0, stream=True,
                                            stream_options={"include_usage": True}, max_tokens=20))
    assert chunks[0].choices[0].delta.role == "assistant" and chunks[0].choices[0].delta.content == ""
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
    assert text == '{"answer": 42}'
    assert chunks[-2].choices[0].finish_reason == "stop" and chunks[-2].choices[0].delta.content is None
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0
    cut = c.chat.completions.create(model=job.fine_tuned_model, messages=prompt, temperature=0, stop=[": 4"])
    assert cut.choices[0].message.content == '{"answer"' and cut.choices[0].finish_reason == "stop"
    short = c.chat.completions.create(model=job.fine_tuned_model, messages=prompt, temperature=0, max_tokens=2)
    assert short.choices[0].finish_reason == "length" and short.usage.completion_tokens == 2
    status, body = raw("POST", f"{engine.url}/chat/completions", {"Authorization": f"Bearer {TOKEN}"},
                       {"model": "tiny", "messages": prompt, "stream": True, "max_tokens": 3})
    assert status == 200 and body.endswith("data: [DONE]\n\n")


def test_sampling_is_repeatable_with_a_seed(engine):
    c = engine.client
    msgs = [{"role": "user", "content": "Hello! How are you today?"}]
    one = c.chat.completions.create(model="tiny", messages=msgs, temperature=1.0, seed=11, max_tokens=15)
    two = c.chat.completions.create(model="tiny", messages=msgs, temperature=1.0, seed=11, max_tokens=15)
    other = c.chat.completions.create(model="tiny", messages=msgs, temperature=1.0, seed=12, max_tokens=15)
    assert one.choices[0].message.content == two.choices[0].message.content
    assert other.choices[0].message.content != one.choices[0].message.content


def test_prompt_completion_job_and_completions_with_stop(engine, tmp_path):
    c = engine.client
    rows = [{"prompt": f"review {i} ->", "completion": " positive END\n"} for i in range(16)]
    job = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, rows).id, seed=2,
                                                hyperparameters={"n_epochs": 4, "learning_rate_multiplier": 20}).id)
    assert job.status == "succeeded", job.error
    out = c.completions.create(model=job.fine_tuned_model, prompt="review 77 ->", temperature=0, max_tokens=10,
                               stop=[" END"])
    assert out.object == "text_completion"
    assert out.choices[0].text == " positive" and out.choices[0].finish_reason == "stop"
    streamed = "".join(ch.choices[0].text for ch in c.completions.create(
        model=job.fine_tuned_model, prompt="review 78 ->", temperature=0, max_tokens=10, stop=[" END"], stream=True))
    assert streamed == " positive"


def test_invalid_training_file_fails_job_with_code_and_line(engine, tmp_path):
    c = engine.client
    rows = chat_rows(12)
    rows[6]["messages"][1] = {"role": "user"}
    job = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, rows).id).id)
    assert job.status == "failed"
    assert job.error.code == "invalid_training_file" and job.error.param == "training_file"
    assert "line 7" in job.error.message and "messages[1].content" in job.error.message
    assert events(c, job.id)[-1].level == "error"


def test_create_job_rejects_bad_requests(engine, tmp_path):
    c = engine.client
    fid = upload(c, tmp_path, chat_rows(12)).id
    cases = [
        (dict(model="gpt-4o-mini", training_file=fid), "model"),
        (dict(model="tiny", training_file="file-missing"), "training_file"),
        (dict(model="tiny", training_file=fid, suffix="x" * 65), "suffix"),
        (dict(model="tiny", training_file=fid, hyperparameters={"n_epochs": 0}), "hyperparameters.n_epochs"),
        (dict(model="tiny", training_file=fid, method={"type": "dpo"}), "method.type"),
    ]
    for kwargs, param in cases:
        with pytest.raises(openai.BadRequestError) as exc:
            c.fine_tuning.jobs.create(**kwargs)
        assert exc.value.body["param"] == param, kwargs
    assert list(c.fine_tuning.jobs.list()) == []


def test_same_seed_same_data_same_losses(engine, tmp_path):
    c = engine.client
    fid = upload(c, tmp_path, chat_rows(10) + chat_rows(6, '{"answer": 7}')).id
    hp = {"n_epochs": 2, "batch_size": 4, "learning_rate_multiplier": 10}
    losses = []
    for _ in range(2):
        job = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=fid, seed=123, hyperparameters=hp).id)
        losses.append([e.data["train_loss"] for e in events(c, job.id) if e.type == "metrics"])
    assert losses[0] == losses[1] and len(losses[0]) == 8


def _long_job(c, tmp_path, epochs: int = 50):
    # 80 examples x 50 epochs (OpenAI's most) x batch 1: 4,000 steps, long enough to cancel.
    return c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, chat_rows(80)).id, seed=5,
                                     hyperparameters={"n_epochs": epochs, "batch_size": 1})


def _metrics_seen(c, job_id: str, at_least: int = 1):
    return lambda: sum(e.type == "metrics" for e in c.fine_tuning.jobs.list_events(job_id, limit=50)) >= at_least


def test_cancel_mid_run_within_5_seconds_and_queue_one_at_a_time(engine, tmp_path):
    c = engine.client
    first = _long_job(c, tmp_path)
    second = _long_job(c, tmp_path)
    wait_for(_metrics_seen(c, first.id), 120, what="training to start")
    assert c.fine_tuning.jobs.retrieve(second.id).status == "queued"  # one job trains at a time
    assert c.fine_tuning.jobs.retrieve(first.id).estimated_finish is not None
    started = time.monotonic()
    cancelled = c.fine_tuning.jobs.cancel(first.id)
    assert cancelled.status == "cancelled"
    wait_for(lambda: c.fine_tuning.jobs.retrieve(second.id).status == "running", 30, what="the next job to start")
    assert time.monotonic() - started < 5
    steps = lambda: [e.data["step"] for e in events(c, first.id) if e.type == "metrics"]  # noqa: E731
    before = steps()
    wait_for(_metrics_seen(c, second.id), 60, what="the second job to train")
    assert steps() == before  # the cancelled job's process is gone
    c.fine_tuning.jobs.cancel(second.id)
    with pytest.raises(openai.BadRequestError):
        c.fine_tuning.jobs.cancel(second.id)


def test_kill_9_mid_training_then_restart_resumes_and_succeeds(start_engine, tmp_path):
    engine = start_engine()
    c = engine.client
    job = c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, chat_rows(10)).id, seed=9,
                                    hyperparameters={"n_epochs": 30, "batch_size": 1})
    wait_for(lambda: len(list(c.fine_tuning.jobs.checkpoints.list(job.id))) >= 2, 120, what="two checkpoints")
    resume_step = max(k.step_number for k in c.fine_tuning.jobs.checkpoints.list(job.id))
    trainer_pid = json_pid(engine.data_dir, job.id)
    engine.kill9()
    wait_for(lambda: not _alive(trainer_pid), 10, what="the orphaned trainer to exit")

    again = start_engine(data_dir=engine.data_dir)
    c2 = again.client
    done = finished(c2, job.id)
    assert done.status == "succeeded", done.error
    msgs = [e.message for e in events(c2, job.id)]
    assert any("restarted while this job was training" in m for m in msgs)
    assert any(m.startswith("Resuming from step") for m in msgs)
    steps = [e.data["step"] for e in events(c2, job.id) if e.type == "metrics"]
    assert steps[-1] == 300 and resume_step in steps
    assert [k.step_number for k in c2.fine_tuning.jobs.checkpoints.list(job.id, limit=100)][0] == 300


def json_pid(data_dir, job_id) -> int:
    import sqlite3

    db = sqlite3.connect(data_dir / "engine.sqlite3")
    try:
        return db.execute("SELECT pid FROM jobs WHERE id = ?", (job_id,)).fetchone()[0]
    finally:
        db.close()


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not running
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_models_list_retrieve_and_delete(engine, tmp_path):
    c = engine.client
    job = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, chat_rows(10)).id,
                                                hyperparameters={"n_epochs": 1}).id)
    m = c.models.retrieve(job.fine_tuned_model)
    assert m.object == "model" and m.owned_by == "personal"
    with pytest.raises(openai.PermissionDeniedError):
        c.models.delete("tiny")
    assert c.models.delete(job.fine_tuned_model).deleted
    ids = {x.id for x in c.models.list()}
    assert job.fine_tuned_model not in ids and not any(i.startswith(job.fine_tuned_model) for i in ids)


def test_state_survives_a_restart(start_engine, tmp_path):
    engine = start_engine()
    c = engine.client
    f = upload(c, tmp_path, chat_rows(10))
    job = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=f.id, hyperparameters={"n_epochs": 1}).id)
    engine.stop()
    again = start_engine(data_dir=engine.data_dir).client
    assert again.files.retrieve(f.id).bytes == f.bytes
    assert again.fine_tuning.jobs.retrieve(job.id).fine_tuned_model == job.fine_tuned_model
    assert again.chat.completions.create(model=job.fine_tuned_model, messages=[{"role": "user", "content": "hi"}],
                                         max_tokens=3).choices


def test_jobs_list_pages_with_after_and_limit(engine, tmp_path):
    c = engine.client
    fid = upload(c, tmp_path, chat_rows(10)).id
    made = [c.fine_tuning.jobs.create(model="tiny", training_file=fid, hyperparameters={"n_epochs": 1}).id
            for _ in range(3)]
    page = c.fine_tuning.jobs.list(limit=2)
    assert [j.id for j in page.data] == made[::-1][:2] and page.has_more
    assert [j.id for j in c.fine_tuning.jobs.list(limit=2, after=made[1]).data] == [made[0]]
    assert [j.id for j in c.fine_tuning.jobs.list()] == made[::-1]  # the SDK follows the pages
    for jid in made:
        finished(c, jid)


def test_refuses_non_loopback_host_without_token(tmp_path, model_cache):
    import subprocess

    from .conftest import SCRIPT

    out = subprocess.run([str(SCRIPT), "engine", "--host", "0.0.0.0", "--data-dir", str(tmp_path / "d"),
                          "--model-cache", str(model_cache)], capture_output=True, text=True, timeout=60,
                         env={k: v for k, v in __import__("os").environ.items() if k != "TUNEDESK_ENGINE_TOKEN"})
    assert out.returncode == 2 and "refusing to listen on 0.0.0.0" in out.stderr


def test_a_crash_within_an_epoch_loses_minutes_not_the_epoch_and_the_chart_goes_back(start_engine, tmp_path,
                                                                                      monkeypatch):
    from core.jobs.monitor import JobTracker

    monkeypatch.setenv("TUNEDESK_RESUME_EVERY", "0.5")  # seconds, instead of minutes
    engine = start_engine()
    c = engine.client
    job = c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, chat_rows(400)).id, seed=4,
                                    hyperparameters={"n_epochs": 1, "batch_size": 1})
    saved = engine.data_dir / "jobs" / job.id / "resume" / "trainer_state.pt"
    wait_for(lambda: saved.exists() and _metrics_seen(c, job.id, 40)(), 120, what="a state saved within the epoch")
    engine.kill9()
    again = start_engine(data_dir=engine.data_dir)
    c2 = again.client
    assert finished(c2, job.id).status == "succeeded"
    all_events = events(c2, job.id)
    [resumed] = [e for e in all_events if e.message.startswith("Resuming from step")]
    assert 0 < resumed.data["resumed_at_step"] < 400  # one epoch only: no checkpoint existed, yet work was kept
    tracker = JobTracker(job.id)
    tracker.add_events(list(reversed(all_events)))
    steps = [s for s, _ in tracker.series("train_loss")]
    assert steps == sorted(set(steps)) and steps[-1] == 400  # no step twice: the discarded ones are gone
    assert tracker.progress == (400, 400)


def test_answers_on_a_kept_alive_connection_do_not_wait_for_a_delayed_ack(engine):
    """Every answer after a connection's first used to take ~40 ms more: the engine's
    socket did not say it was TCP, so asyncio left Nagle's algorithm on and the body
    waited for the client's delayed ACK. A chat's first token and every chunk paid it."""
    import http.client
    import statistics
    from urllib.parse import urlparse

    url = urlparse(engine.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    took = []
    for _ in range(7):
        start = time.perf_counter()
        conn.request("GET", "/v1/models", headers={"Authorization": f"Bearer {TOKEN}"})
        response = conn.getresponse()
        response.read()
        took.append(time.perf_counter() - start)
        assert response.status == 200
    conn.close()
    assert statistics.median(took[1:]) < 0.02, took  # ~1 ms now; 40+ ms with the delayed ACK



def test_logprobs_on_both_endpoints_base_and_tuned(engine, tmp_path):
    """Log-probabilities as the SDK types them: the chosen token's and the most likely
    alternatives, for a tuned prompt/completion model and for chat; only when asked.
    (That the labels of a trained classifier take the probability: tests/e2e.)"""
    import math

    c = engine.client
    rows = [{"prompt": f"review {i} {'good' if i % 2 else 'bad'} ->",
             "completion": f" {'positive' if i % 2 else 'negative'} END\n"} for i in range(20)]
    job = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, rows).id, seed=2,
                                                hyperparameters={"n_epochs": 4, "learning_rate_multiplier": 20}).id)
    assert job.status == "succeeded", job.error
    plain = c.completions.create(model=job.fine_tuned_model, prompt="review 41 good ->", max_tokens=3, temperature=0)
    out = c.completions.create(model=job.fine_tuned_model, prompt="review 41 good ->", max_tokens=3, temperature=0,
                               logprobs=2)
    assert out.choices[0].text == plain.choices[0].text  # the same model answers, through either path
    lp = out.choices[0].logprobs
    assert "".join(lp.tokens) == out.choices[0].text and len(lp.token_logprobs) == 3
    assert lp.text_offset == [0, len(lp.tokens[0]), len(lp.tokens[0]) + len(lp.tokens[1])]
    for chosen, top in zip(lp.token_logprobs, lp.top_logprobs):
        assert len(top) == 2 and chosen == max(top.values())  # greedy: the most likely token was chosen
        assert sum(math.exp(v) for v in top.values()) <= 1.0 + 1e-6

    chat = c.chat.completions.create(model="tiny", messages=[{"role": "user", "content": "Hello!"}], max_tokens=3,
                                     temperature=0, logprobs=True, top_logprobs=3)
    content = chat.choices[0].logprobs.content
    assert 1 <= len(content) <= 3 and all(len(t.top_logprobs) == 3 for t in content)
    assert "".join(t.token for t in content) == chat.choices[0].message.content
    assert all(t.logprob <= 0 and t.top_logprobs[0].logprob == t.logprob for t in content)
    assert c.chat.completions.create(model="tiny", messages=[{"role": "user", "content": "Hi"}],
                                     max_tokens=2).choices[0].logprobs is None  # only when asked
    with pytest.raises(openai.BadRequestError, match="without streaming"):
        c.completions.create(model="tiny", prompt="x", logprobs=1, stream=True)
