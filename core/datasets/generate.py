"""Synthetic examples, as the superhero tutorial makes them: a prompt template filled with
every combination of some variables (or a seeded sample of them), each sent to a model
K times, the answers kept with their variables, finish reason and token counts.

A spec is plain JSON (`tunedesk generate SPEC.json -o OUT.jsonl`, or Dataset ▸ Generate
Examples…)::

    {"variables": {"age": ["young", "old"], "power": ["flight", "strength"]},
     "template": "Describe a {age} superhero whose power is {power}.",
     "system": "You write short character sketches.",
     "answers": 1, "sample": null, "seed": 0,
     "model": "smollm2-135m-instruct", "provider": "local",
     "params": {"temperature": 1.0, "max_tokens": 200}, "concurrency": 4}

``variables`` may also come from a table: ``"variables_from": {"file": "heroes.csv",
"columns": ["age", "power"]}`` uses each row's values as one combination.

Requests run concurrently; a 429 or a server error waits (the provider's Retry-After, or
1, 2, 4… s) and asks again. Every finished answer is handed over at once, so a run that
is cancelled or interrupted keeps what it got, and running again asks only for the rest.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import random
import string
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import tr
from .model import Example

MAX_COMBINATIONS = 100_000
RETRIES = 6


class SpecError(ValueError):
    pass


@dataclass
class Spec:
    template: str
    variables: dict[str, list[str]] = field(default_factory=dict)
    rows: list[dict[str, str]] | None = None  # from a table: each row one combination
    system: str = ""
    preset: str = ""  # a Chat tab preset's name: its system prompt and example turns come first
    answers: int = 1
    sample: int | None = None
    seed: int = 0
    model: str = ""
    provider: str = "local"
    params: dict[str, Any] = field(default_factory=dict)
    concurrency: int = 4

    @classmethod
    def from_json(cls, data: dict[str, Any], base: Path | None = None) -> Spec:
        if not isinstance(data, dict) or not isinstance(data.get("template"), str) or not data["template"].strip():
            raise SpecError(tr("the spec needs a \"template\" with {placeholders}"))
        variables = data.get("variables") or {}
        if not isinstance(variables, dict) or not all(isinstance(v, list) and v for v in variables.values()):
            raise SpecError(tr("\"variables\" maps each name to a list of values"))
        rows = None
        if data.get("variables_from"):
            rows = table_rows(data["variables_from"], base)
        spec = cls(template=data["template"], variables={k: [str(x) for x in v] for k, v in variables.items()},
                   rows=rows, system=str(data.get("system") or ""), preset=str(data.get("preset") or ""),
                   answers=int(data.get("answers") or 1),
                   sample=data.get("sample"), seed=int(data.get("seed") or 0), model=str(data.get("model") or ""),
                   provider=str(data.get("provider") or "local"), params=dict(data.get("params") or {}),
                   concurrency=max(1, min(16, int(data.get("concurrency") or 4))))
        spec.check()
        return spec

    def names(self) -> list[str]:
        return list(self.rows[0]) if self.rows else list(self.variables)

    def check(self) -> None:
        used = {name for _, name, _, _ in string.Formatter().parse(self.template + self.system) if name}
        missing = used - set(self.names())
        if missing:
            raise SpecError(tr("the template uses {names}, which no variable gives",
                               names=", ".join(sorted(missing))))
        if self.answers < 1:
            raise SpecError(tr("\"answers\" must be 1 or more"))
        if self.preset and find_preset(self.preset) is None:
            raise SpecError(tr("no preset called {name}", name=self.preset))
        if not self.rows:
            total = 1
            for values in self.variables.values():
                total *= len(values)
            if total > MAX_COMBINATIONS and not self.sample:
                raise SpecError(tr("{count:,} combinations: give \"sample\" to draw some of them", count=total))


def table_rows(source: dict[str, Any], base: Path | None) -> list[dict[str, str]]:
    """Combinations from a table's columns."""
    path = Path(source.get("file", ""))
    if base is not None and not path.is_absolute():
        path = base / path
    columns = source.get("columns")
    if path.suffix.lower() not in (".csv", ".tsv", ".xlsx") or not path.is_file():
        raise SpecError(tr("{path}: not a table (CSV, TSV or XLSX)", path=path))
    import pandas as pd

    frame = pd.read_excel(path, dtype=str) if path.suffix.lower() == ".xlsx" else \
        pd.read_csv(path, dtype=str, sep="\t" if path.suffix.lower() == ".tsv" else ",", keep_default_na=False)
    columns = columns or list(frame.columns)
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise SpecError(tr("{path} has no column {column}", path=path, column=absent[0]))
    return [{c: str(row[c]) for c in columns} for _, row in frame.iterrows()]


def combinations(spec: Spec) -> list[dict[str, str]]:
    if spec.rows is not None:
        combos = list(spec.rows)
    else:
        names = list(spec.variables)
        combos = [dict(zip(names, values)) for values in itertools.product(*(spec.variables[n] for n in names))]
    if spec.sample and spec.sample < len(combos):
        combos = random.Random(spec.seed).sample(combos, spec.sample)
    return combos


@dataclass(frozen=True)
class Task:
    variables: dict[str, str]
    answer: int  # 1..K

    @property
    def key(self) -> str:
        body = json.dumps([self.variables, self.answer], sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]


def tasks(spec: Spec) -> list[Task]:
    return [Task(v, k) for v in combinations(spec) for k in range(1, spec.answers + 1)]


def find_preset(name: str) -> Any:
    from ..chat.request import builtin_presets, user_presets

    return next((p for p in [*user_presets(), *builtin_presets()] if p.name == name), None)


def messages(spec: Spec, task: Task, preset: Any = None) -> list[dict[str, str]]:
    """The preset's turns (its system prompt replaced by the spec's own when it has one),
    then the filled template."""
    out: list[dict[str, str]] = []
    if preset is None and spec.preset:
        preset = find_preset(spec.preset)
    if preset is not None:
        out = [m for m in preset.messages() if not (spec.system and m["role"] == "system")]
    if spec.system:
        out.insert(0, {"role": "system", "content": spec.system.format(**task.variables)})
    return out + [{"role": "user", "content": spec.template.format(**task.variables)}]


def row_key(data: Any) -> str | None:
    meta = data.get("metadata") if isinstance(data, dict) else None
    return meta.get("key") if isinstance(meta, dict) and isinstance(meta.get("key"), str) else None


@dataclass(frozen=True)
class Request:
    """One answer to ask for: the messages, and what the row keeps beside the answer."""

    key: str
    messages: list[dict[str, Any]]
    meta: dict[str, Any]


def _ask(client: Any, model: str, params: dict[str, Any], req: Request, cancel: threading.Event,
         on_wait: Callable[[str], None]) -> dict[str, Any] | None:
    """One answer as an example's data, asking again after a 429 or a server error."""
    import openai

    from ..providers.client import retry_after

    for attempt in range(RETRIES):
        if cancel.is_set():
            return None
        try:
            reply = client.chat.completions.create(model=model, messages=req.messages, **params)
        except (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError,
                openai.APITimeoutError) as exc:
            if attempt == RETRIES - 1:
                raise
            wait_s = retry_after(exc) or min(30.0, 2.0 ** attempt)
            status = getattr(exc, "status_code", None)
            on_wait(tr("{status} from the provider: asking again in {seconds:.0f} s", status=status or type(exc).__name__,
                       seconds=wait_s))
            if cancel.wait(wait_s):
                return None
            continue
        choice = reply.choices[0]
        usage = reply.usage
        meta = {**req.meta, "finish_reason": choice.finish_reason,
                "prompt_tokens": usage.prompt_tokens if usage else None,
                "completion_tokens": usage.completion_tokens if usage else None, "key": req.key}
        return {"messages": [*req.messages, {"role": "assistant", "content": choice.message.content or ""}],
                "metadata": meta}
    return None


def ask_all(client: Any, model: str, params: dict[str, Any], requests: Sequence[Request], done_keys: Iterable[str],
            on_row: Callable[[dict[str, Any]], None], *, concurrency: int = 4,
            cancel: threading.Event | None = None, progress: Callable[[int, int], None] | None = None,
            on_wait: Callable[[str], None] | None = None) -> int:
    """Ask for every answer not in ``done_keys``, ``concurrency`` at a time; each one goes
    to ``on_row`` as soon as it arrives (on this thread). Returns how many arrived."""
    cancel = cancel or threading.Event()
    seen = set(done_keys)
    todo = [r for r in requests if r.key not in seen]
    total, finished = len(requests), len(requests) - len(todo)
    if progress is not None:
        progress(finished, total)
    got = 0
    notes = on_wait or (lambda text: None)
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="generate") as pool:
        pending = set()
        queue = iter(todo)
        while True:
            while len(pending) < concurrency and not cancel.is_set():
                req = next(queue, None)
                if req is None:
                    break
                pending.add(pool.submit(_ask, client, model, params, req, cancel, notes))
            if not pending:
                break
            ready, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in ready:
                try:
                    row = future.result()
                except BaseException:  # an error that outlived its retries ends the run: the rest stop asking
                    cancel.set()
                    raise
                if row is None:
                    continue
                on_row(row)
                got += 1
                finished += 1
                if progress is not None:
                    progress(finished, total)
    return got


def run(client: Any, spec: Spec, done_keys: Iterable[str], on_row: Callable[[dict[str, Any]], None],
        cancel: threading.Event | None = None, progress: Callable[[int, int], None] | None = None,
        on_wait: Callable[[str], None] | None = None) -> int:
    """Every answer the spec asks for that is not in ``done_keys`` (see ``ask_all``)."""
    preset = find_preset(spec.preset) if spec.preset else None  # read once, not once per answer
    requests = [Request(t.key, messages(spec, t, preset), {**t.variables, "answer": t.answer}) for t in tasks(spec)]
    return ask_all(client, spec.model, spec.params, requests, done_keys, on_row, concurrency=spec.concurrency,
                   cancel=cancel, progress=progress, on_wait=on_wait)


def to_examples(rows: Sequence[dict[str, Any]]) -> list[Example]:
    return [Example(r, 0) for r in rows]


def csv_text(rows: Sequence[dict[str, Any]], spec: Spec) -> str:
    """The tutorial's CSV: the variables, the prompt, the answer, finish reason and tokens."""
    out = io.StringIO()
    names = spec.names()
    writer = csv.writer(out)
    writer.writerow([*names, "answer", "prompt", "response", "finish_reason", "prompt_tokens", "completion_tokens"])
    for r in rows:
        meta = r.get("metadata", {})
        user = next((m["content"] for m in r["messages"] if m["role"] == "user"), "")
        reply = r["messages"][-1]["content"] if r["messages"] and r["messages"][-1]["role"] == "assistant" else ""
        writer.writerow([*(meta.get(n, "") for n in names), meta.get("answer", ""), user, reply,
                         meta.get("finish_reason", ""), meta.get("prompt_tokens", ""), meta.get("completion_tokens", "")])
    return out.getvalue()


def load_spec(path: str | Path) -> Spec:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpecError(tr("{path}: cannot read the spec ({error})", path=p, error=exc)) from None
    try:
        return Spec.from_json(data, p.parent)
    except SpecError as exc:
        raise SpecError(tr("{path}: {problem}", path=p, problem=exc.args[0])) from None

