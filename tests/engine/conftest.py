"""Engines started as a user would (`tunedesk engine`), driven with the official SDK."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import openai
import pytest

from core.engine.tiny import make_tiny_model

SCRIPT = Path(sys.executable).with_name("tunedesk")
TOKEN = "test-engine-token-0123456789"


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory):
    """Converted base models, shared by every engine in the session (the bundled one takes ~25 s once)."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    return make_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny")


def wait_for(condition, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll until ``condition()`` is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


class EngineProcess:
    def __init__(self, data_dir: Path, model_cache: Path, extra: dict[str, Path], args: list[str]) -> None:
        self.data_dir, self.model_cache, self.extra, self.args = data_dir, model_cache, extra, args
        self.proc: subprocess.Popen | None = None
        self.output: list[str] = []

    def start(self, timeout: float = 120) -> EngineProcess:
        cmd = [str(SCRIPT), "engine", "--data-dir", str(self.data_dir), "--model-cache", str(self.model_cache),
               "--token", TOKEN, *self.args]
        for name, path in self.extra.items():
            cmd += ["--add-model", f"{name}={path}"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            for line in self.proc.stdout:
                self.output.append(line)
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line is None:
                raise AssertionError("the engine exited:\n" + "".join(self.output))
            match = re.match(r"TuneDesk engine listening on (http://\S+/v1)", line)
            if match:
                self.url = match.group(1)
                break
        self.client = openai.OpenAI(base_url=self.url, api_key=TOKEN, max_retries=0, timeout=120)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


@pytest.fixture
def start_engine(tmp_path, model_cache, tiny_model):
    started: list[EngineProcess] = []

    def start(*args: str, data_dir: Path | None = None, models: dict[str, Path] | None = None) -> EngineProcess:
        extra = {"tiny": tiny_model} if models is None else models
        engine = EngineProcess(data_dir or tmp_path / "engine", model_cache, extra, list(args)).start()
        started.append(engine)
        return engine

    yield start
    for engine in started:
        engine.stop()


@pytest.fixture
def engine(start_engine):
    return start_engine()


def chat_rows(n: int, answer: str = '{"answer": 42}') -> list[dict]:
    return [{"messages": [{"role": "system", "content": "Reply in JSON."},
                          {"role": "user", "content": f"question {i}?"},
                          {"role": "assistant", "content": answer}]} for i in range(n)]


def upload(client, tmp_path: Path, rows: list, name: str = "train.jsonl"):
    import json

    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with open(path, "rb") as f:
        return client.files.create(file=f, purpose="fine-tune")


def finished(client, job_id: str, timeout: float = 300):
    def done():
        job = client.fine_tuning.jobs.retrieve(job_id)
        return job if job.status in ("succeeded", "failed", "cancelled") else None

    return wait_for(done, timeout, 0.2, f"job {job_id} to finish")


def events(client, job_id: str) -> list:
    return list(reversed(list(client.fine_tuning.jobs.list_events(job_id, limit=1000))))


def raw(method: str, url: str, headers: dict | None = None, body: dict | None = None) -> tuple[int, str]:
    """A plain HTTP request, for what the SDK would hide (status, exact bytes)."""
    import json
    import urllib.error
    import urllib.request

    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={**(headers or {}), **({"Content-Type": "application/json"} if data else {})})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
