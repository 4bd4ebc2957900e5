"""Running an evaluation: every (candidate, example) pair without an answer is asked,
a few at a time per provider, with the provider's 429 Retry-After honoured by all of
that provider's workers and 5xx/connection errors retried with backoff. Each answer is
scored and stored the moment it is complete; stop at any time and run again to go on.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai

from ..datasets.models import cost
from ..providers.client import error_message, retry_after
from . import metrics as M
from .candidates import Candidate
from .store import EvalStore, Result, Run
from .testset import Item

RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError, openai.APITimeoutError)
MAX_ATTEMPTS = 6


@dataclass(slots=True)
class Answer:
    text: str
    ttft: float | None
    total: float
    tokens_in: int | None
    tokens_out: int | None


def ask(client: Any, cand: Candidate, item: Item, should_stop: Callable[[], bool] = lambda: False) -> Answer:
    """One streamed request; the time to the first piece of text and to the end."""
    start = time.perf_counter()
    ttft = None
    text: list[str] = []
    tokens_in = tokens_out = None
    if cand.endpoint == "completions":
        stream = client.completions.create(model=cand.model, prompt=cand.prompt(item), stream=True,
                                           stream_options={"include_usage": True}, **cand.params)
    else:
        stream = client.chat.completions.create(model=cand.model, messages=cand.messages(item), stream=True,
                                                stream_options={"include_usage": True}, **cand.params)
    try:
        for chunk in stream:
            if chunk.usage is not None:
                tokens_in, tokens_out = chunk.usage.prompt_tokens, chunk.usage.completion_tokens
            for choice in chunk.choices:
                piece = choice.text if cand.endpoint == "completions" else (choice.delta.content if choice.delta else None)
                if piece:
                    if ttft is None:
                        ttft = time.perf_counter() - start
                    text.append(piece)
            if should_stop():
                raise Stopped
    finally:
        stream.close()
    return Answer("".join(text), ttft, time.perf_counter() - start, tokens_in, tokens_out)


class Stopped(Exception):
    """The run was stopped while this answer streamed: it is not stored."""


def score_one(metrics: list[str], output: str, reference: str, pattern: str | None) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key in metrics:
        value = M.score(key, output, reference, pattern)
        if value is not None:
            out[key] = value
    return out


class Runner:
    """``clients(provider_id)`` gives an openai.OpenAI for that provider (made with
    max_retries=0: retrying is done here, where every worker of the provider can wait)."""

    def __init__(self, store: EvalStore, run: Run, clients: Callable[[str], Any], *,
                 concurrency: int | dict[str, int] = 2,
                 on_result: Callable[[Result], None] | None = None,
                 on_wait: Callable[[str, float, BaseException], None] | None = None,
                 backoff: float = 0.5) -> None:
        self.store, self.run, self.clients = store, run, clients
        self.concurrency = concurrency
        self.on_result = on_result or (lambda r: None)
        self.on_wait = on_wait or (lambda provider, seconds, exc: None)
        self.backoff = backoff
        self.stop_event = threading.Event()
        self._pause: dict[str, float] = {}  # provider -> monotonic time before which nobody asks it
        self._lock = threading.Lock()
        self.overhead_s = 0.0  # time spent scoring and storing (the evaluation's own cost)
        self.asked = 0  # requests sent, retries included
        self.done = 0

    def stop(self) -> None:
        self.stop_event.set()

    def _workers(self, provider: str) -> int:
        if isinstance(self.concurrency, dict):
            return max(1, int(self.concurrency.get(provider, 2)))
        return max(1, int(self.concurrency))

    def run_all(self) -> int:
        """Ask for everything missing; returns how many answers were stored."""
        todo = self.store.missing(self.run)
        queues: dict[str, queue.SimpleQueue[tuple[int, int]]] = {}
        for cand, item in todo:
            queues.setdefault(self.run.candidates[cand].provider, queue.SimpleQueue()).put((cand, item))
        threads = []
        for provider, q in queues.items():
            client = self.clients(provider)
            for _ in range(min(self._workers(provider), q.qsize())):
                t = threading.Thread(target=self._work, args=(provider, client, q), daemon=True,
                                     name=f"eval-{provider}")
                t.start()
                threads.append(t)
        for t in threads:
            t.join()
        return self.done

    def _wait_for_provider(self, provider: str) -> bool:
        while True:
            with self._lock:
                left = self._pause.get(provider, 0) - time.monotonic()
            if left <= 0:
                return True
            if self.stop_event.wait(left):
                return False

    def _work(self, provider: str, client: Any, q: queue.SimpleQueue[tuple[int, int]]) -> None:
        while not self.stop_event.is_set():
            try:
                cand_i, item_i = q.get_nowait()
            except queue.Empty:
                return
            result = self._answer(provider, client, cand_i, item_i)
            if result is None:
                return  # stopped
            started = time.perf_counter()
            self.store.save(self.run.id, result)
            with self._lock:
                self.done += result.ok
                self.overhead_s += time.perf_counter() - started
            self.on_result(result)

    def _answer(self, provider: str, client: Any, cand_i: int, item_i: int) -> Result | None:
        cand, item = self.run.candidates[cand_i], self.run.items[item_i]
        last: BaseException | None = None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if not self._wait_for_provider(provider):
                return None
            with self._lock:
                self.asked += 1
            try:
                answer = ask(client, cand, item, self.stop_event.is_set)
            except Stopped:
                return None
            except RETRYABLE as exc:
                last = exc
                wait = retry_after(exc)
                wait = wait if wait is not None else self.backoff * 2 ** (attempt - 1)
                if isinstance(exc, openai.RateLimitError):  # the provider said: everybody waits
                    with self._lock:
                        self._pause[provider] = max(self._pause.get(provider, 0), time.monotonic() + wait)
                self.on_wait(provider, wait, exc)
                if self.stop_event.wait(wait):
                    return None
                continue
            except openai.APIStatusError as exc:  # 400, 404…: asking again gives the same answer
                return Result(cand_i, item_i, "", error=f"{exc.status_code}: {error_message(exc)}", attempts=attempt)
            except openai.APIError as exc:  # an error event inside the stream (e.g. the prompt is too long)
                return Result(cand_i, item_i, "", error=str(exc.message or exc), attempts=attempt)
            except Exception as exc:  # noqa: BLE001 - one example failing never stops the others
                return Result(cand_i, item_i, "", error=f"{type(exc).__name__}: {exc}", attempts=attempt)
            started = time.perf_counter()
            scores = score_one(self.run.metrics, answer.text, item.reference, self.run.settings.get("pattern"))
            result = Result(cand_i, item_i, answer.text, None, answer.ttft, answer.total, answer.tokens_in,
                            answer.tokens_out, cost(cand.model, answer.tokens_in, answer.tokens_out), scores,
                            attempts=attempt)
            with self._lock:
                self.overhead_s += time.perf_counter() - started
            return result
        return Result(cand_i, item_i, "", error=f"gave up after {MAX_ATTEMPTS} tries: {last}", attempts=MAX_ATTEMPTS)


def rescore(store: EvalStore, run: Run) -> None:
    """Score every stored answer again with the run's metrics (after the user switched one on)."""
    results = store.results(run.id)
    pattern = run.settings.get("pattern")
    store.set_scores(run.id, {key: score_one(run.metrics, r.output, run.items[r.item].reference, pattern)
                              for key, r in results.items() if r.ok})
