"""Issue [6] B 12-14 and C 19: hostile or careless requests get a 4xx that names the
field, nothing absurd is stored, the job list always answers, and the front door holds
before a body is read."""

from __future__ import annotations

import json
import socket
import time
from urllib.parse import urlparse

import openai
import pytest

from .conftest import TOKEN, chat_rows, finished, upload

AUTH = {"Authorization": f"Bearer {TOKEN}"}
DEEP = "[" * 100_000 + "]" * 100_000


def http(url: str, path: str, *, method: str = "POST", body: bytes | str = b"", headers: dict | None = None,
         send_body: bool = True, timeout: float = 30) -> tuple[int, dict, float]:
    """One raw HTTP/1.1 exchange; returns (status, JSON body, seconds until the answer)."""
    u = urlparse(url)
    data = body.encode() if isinstance(body, str) else body
    head = {"Host": f"{u.hostname}:{u.port}", "Content-Type": "application/json", "Content-Length": str(len(data)),
            "Connection": "close", **(headers or {})}
    request = f"{method} {u.path.removesuffix('/v1')}{path} HTTP/1.1\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n"
    started = time.monotonic()
    with socket.create_connection((u.hostname, u.port), timeout=timeout) as s:
        s.sendall(request.encode() + (data if send_body else b""))
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    elapsed = time.monotonic() - started
    status = int(reply.split(b" ", 2)[1])
    payload = reply.split(b"\r\n\r\n", 1)[1]
    return status, json.loads(payload) if payload.strip() else {}, elapsed


def test_typed_bodies_answer_400_naming_the_field_and_store_nothing(engine, tmp_path):
    c = engine.client
    fid = upload(c, tmp_path, chat_rows(12)).id
    job = {"model": "tiny", "training_file": fid}
    chat = {"model": "tiny", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 2}
    cases = [
        ("/v1/fine_tuning/jobs", {**job, "hyperparameters": "fast"}, "hyperparameters"),
        ("/v1/fine_tuning/jobs", {**job, "hyperparameters": {"n_epochs": "3"}}, "hyperparameters.n_epochs"),
        ("/v1/fine_tuning/jobs", {**job, "hyperparameters": {"n_epochs": 1e9}}, "hyperparameters.n_epochs"),
        ("/v1/fine_tuning/jobs", {**job, "hyperparameters": {"n_epochs": 1e30}}, "hyperparameters.n_epochs"),
        ("/v1/fine_tuning/jobs", {**job, "hyperparameters": {"n_epochs": 51}}, "hyperparameters.n_epochs"),
        ("/v1/fine_tuning/jobs", {**job, "hyperparameters": {"batch_size": 10**9}}, "hyperparameters.batch_size"),
        ("/v1/fine_tuning/jobs", {**job, "hyperparameters": {"learning_rate_multiplier": float("inf")}},
         "hyperparameters.learning_rate_multiplier"),
        ("/v1/fine_tuning/jobs", {**job, "method": "supervised"}, "method"),
        ("/v1/fine_tuning/jobs", {**job, "method": {"type": "supervised", "supervised": {"hyperparameters": {
            "n_epochs": -1}}}}, "method.supervised.hyperparameters.n_epochs"),
        ("/v1/fine_tuning/jobs", {**job, "seed": 2**63}, "seed"),
        ("/v1/fine_tuning/jobs", {**job, "seed": "7"}, "seed"),
        ("/v1/fine_tuning/jobs", {**job, "validation_file": 5}, "validation_file"),
        ("/v1/fine_tuning/jobs", {**job, "metadata": {"team": 5}}, "metadata.team"),
        ("/v1/fine_tuning/jobs", {**job, "metadata": ["a"]}, "metadata"),
        ("/v1/chat/completions", {**chat, "messages": [{"role": 5, "content": "hi"}]}, "messages.0.role"),
        ("/v1/chat/completions", {**chat, "stream_options": "yes"}, "stream_options"),
        ("/v1/chat/completions", {**chat, "temperature": float("inf")}, "temperature"),
        ("/v1/chat/completions", {**chat, "seed": 2**64}, "seed"),
        ("/v1/chat/completions", {**chat, "max_tokens": "many"}, "max_tokens"),
        ("/v1/completions", {"model": "tiny", "prompt": {"text": "x"}}, "prompt"),
    ]
    for path, body, param in cases:
        status, reply, _ = http(engine.url, path, body=json.dumps(body), headers=AUTH)
        assert status == 400, (path, body, reply)
        assert reply["error"]["param"] == param, (body, reply)
    for path in ("/v1/fine_tuning/jobs", "/v1/chat/completions", "/v1/completions"):
        status, reply, _ = http(engine.url, path, body=DEEP, headers=AUTH)
        assert status == 400 and "nested" in reply["error"]["message"], reply
    assert list(c.fine_tuning.jobs.list()) == []  # nothing absurd was stored


def test_a_training_file_that_breaks_the_check_fails_its_job_and_the_queue_moves_on(engine, tmp_path):
    c = engine.client
    path = tmp_path / "deep.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in chat_rows(11)) + DEEP + "\n")
    with open(path, "rb") as f:
        bad_file = c.files.create(file=f, purpose="fine-tune")
    bad = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=bad_file.id).id, timeout=60)
    assert bad.status == "failed" and "line 12" in bad.error.message and "nested" in bad.error.message
    good = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, chat_rows(12)).id,
                                                 hyperparameters={"n_epochs": 1}).id)
    assert good.status == "succeeded"


def test_a_job_list_with_an_old_malformed_job_still_answers(start_engine, tmp_path):
    engine = start_engine()
    c = engine.client
    fid = upload(c, tmp_path, chat_rows(12)).id
    made = c.fine_tuning.jobs.create(model="tiny", training_file=fid, metadata={"team": "a"},
                                     hyperparameters={"n_epochs": 1})
    finished(c, made.id)
    engine.stop()
    import sqlite3

    db = sqlite3.connect(tmp_path / "engine" / "engine.sqlite3")
    db.execute("UPDATE jobs SET metadata = ? WHERE id = ?", (json.dumps({"team": 5}), made.id))
    db.commit()
    db.close()
    engine = start_engine(data_dir=tmp_path / "engine")
    [job] = list(engine.client.fine_tuning.jobs.list())
    assert job.id == made.id and job.status == "succeeded" and job.metadata is None


def test_the_gate_refuses_before_reading_a_body(start_engine):
    engine = start_engine("--max-upload-mb", "1", "--body-timeout", "1")
    big = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(500 * 2**20)}
    status, reply, took = http(engine.url, "/v1/files", headers=big, send_body=False)
    assert status == 401 and took < 2, (reply, took)  # no token: refused without waiting for 500 MB
    status, reply, took = http(engine.url, "/v1/files", headers={**big, **AUTH}, send_body=False)
    assert status == 413 and took < 2, (reply, took)  # over the limit: refused from the header alone
    status, reply, took = http(engine.url, "/v1/chat/completions", body=b'{"model": "ti',
                               headers={**AUTH, "Content-Length": "5000"})
    assert status == 408 and took < 10, (reply, took)  # a body that stops arriving is given up
    status, reply, _ = http(engine.url, "/health", method="GET", headers={"Host": "rebound.example:80"})
    assert status == 403 and reply["error"]["code"] == "host_not_allowed"
    assert http(engine.url, "/health", method="GET")[0] == 200
    assert not list((engine.data_dir / "files").glob("*")) if (engine.data_dir / "files").exists() else True


@pytest.mark.parametrize("name,data", [
    ("book.xlsx", None),
    ("deep.jsonl", DEEP.encode()),
    ("nan.jsonl", b'{"prompt": "a", "completion": NaN}\n'),
])
def test_odd_uploads_are_taken_or_refused_in_words(engine, tmp_path, name, data):
    path = tmp_path / name
    if data is None:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["prompt", "completion"])
        wb.active.append(["a ->", " b"])
        wb.save(path)
    else:
        path.write_bytes(data)
    try:
        with open(path, "rb") as f:
            engine.client.files.create(file=f, purpose="fine-tune")
    except openai.BadRequestError as exc:
        assert exc.body["message"]
    assert list(engine.client.fine_tuning.jobs.list()) == []
