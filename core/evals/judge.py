"""An LLM judge: any provider's model reads the rubric, the input, the reference and one
output, and gives a score from 1 to 5 with its reason. Its agreement with the user's own
good/bad marks is Kendall's tau, so you can see whether to trust it."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import metrics as M
from .store import EvalStore, Result, Run

DEFAULT_RUBRIC = """Score the ANSWER against the REFERENCE answer for the same INPUT:
5 = as good as the reference: the same content and form;
4 = right, with small differences of wording or form;
3 = partly right, or right content in the wrong form;
2 = mostly wrong, with something right;
1 = wrong, empty or unrelated."""

_INSTRUCTIONS = ("You are a strict, fair grader. Reply with one JSON object and nothing else: "
                 '{"score": <an integer from 1 to 5>, "reason": "<one short sentence>"}')


def judge_messages(rubric: str, input_text: str, reference: str, output: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": f"{_INSTRUCTIONS}\n\n{rubric.strip()}"},
            {"role": "user", "content": f"INPUT:\n{input_text}\n\nREFERENCE:\n{reference}\n\nANSWER:\n{output}"}]


def parse_verdict(text: str) -> tuple[float, str] | None:
    """The score (1-5) and reason from the judge's reply: a JSON object, or failing that a
    line like "Score: 4" ; None when there is no score in range."""
    match = re.search(r"\{.*\}", text, re.DOTALL)
    if match:
        try:
            data = json.loads(match.group(0))
        except ValueError:
            data = None
        if isinstance(data, dict):
            score = data.get("score")
            if isinstance(score, (int, float)) and not isinstance(score, bool) and 1 <= score <= 5:
                return float(score), str(data.get("reason") or "").strip()
    match = re.search(r"score\D{0,5}([1-5](?:\.\d+)?)", text, re.IGNORECASE)
    if match:
        return float(match.group(1)), text.strip()[:300]
    return None


def agreement(results: dict[tuple[int, int], Result]) -> tuple[float | None, int]:
    """Kendall's tau between the judge's scores and the user's marks, over the outputs
    that have both, and how many that is."""
    pairs = [(r.judge, r.thumbs) for r in results.values() if r.judge is not None and r.thumbs]
    if len(pairs) < 2:
        return None, len(pairs)
    return M.kendall_tau([p[0] for p in pairs], [p[1] for p in pairs]), len(pairs)


def judge_run(store: EvalStore, run: Run, client: Any, model: str, rubric: str = DEFAULT_RUBRIC, *,
              concurrency: int = 2, stop: threading.Event | None = None,
              on_verdict: Callable[[Result], None] | None = None, again: bool = False) -> int:
    """Score every answered output not yet judged (all of them with ``again``); returns
    how many got a score. A reply without a score is kept as the reason, score empty."""
    stop = stop or threading.Event()
    results = store.results(run.id)
    todo = [r for r in results.values() if r.ok and (again or (r.judge is None and not r.reason))]
    scored = [0]
    lock = threading.Lock()

    def one(r: Result) -> None:
        if stop.is_set():
            return
        item = run.items[r.item]
        reply = client.chat.completions.create(model=model, temperature=0, max_tokens=200,
                                               messages=judge_messages(rubric, item.input_text, item.reference,
                                                                       r.output))
        text = reply.choices[0].message.content or ""
        verdict = parse_verdict(text)
        if verdict is None:
            r.judge, r.reason = None, f"the judge gave no score: {text.strip()[:200] or '(nothing)'}"
        else:
            r.judge, r.reason = verdict
            with lock:
                scored[0] += 1
        store.mark(run.id, r.cand, r.item, judge=r.judge, reason=r.reason)
        if on_verdict is not None:
            on_verdict(r)

    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="judge") as pool:
        for future in [pool.submit(one, r) for r in todo]:
            future.result()
    settings = dict(run.settings)
    settings["judge"] = {"model": model, "rubric": rubric}
    store.set_settings(run.id, settings)
    run.settings = settings
    return scored[0]
