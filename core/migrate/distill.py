"""Keep a fine-tuned model's behaviour: ask it every prompt and keep its answers as a
dataset, to train a model of one's own on.

Prompts come from a dataset (each example without its last answer: a job's own training
file, the open dataset, Generate's output) or a text file with one prompt per line.
``estimate`` says what asking will cost before anything is asked. ``distill`` asks
(several at a time, waiting out 429s) and appends each answer to ``OUT.partial.jsonl`` as
it arrives, so a stopped run goes on with only what is missing; when every prompt has its
answer the dataset is written atomically, in the prompts' order.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..datasets.generate import Request, ask_all
from ..i18n import tr
from ..util.files import atomic_write

DEFAULT_PARAMS = {"temperature": 0, "max_tokens": 512}


class PromptError(ValueError):
    pass


@dataclass(frozen=True)
class Prompt:
    messages: list[dict[str, Any]]
    reference: str | None = None  # the answer the source data had, if any (for the estimate)

    @property
    def key(self) -> str:
        body = json.dumps(self.messages, sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]


def prompt_of(data: Any) -> Prompt | None:
    """An example's conversation up to (not including) its last answer; None when it has
    no user turn to answer."""
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        return None
    msgs = [m for m in data["messages"] if isinstance(m, dict)]
    reference = None
    if msgs and msgs[-1].get("role") == "assistant":
        content = msgs[-1].get("content")
        reference = content if isinstance(content, str) else None
        msgs = msgs[:-1]
    if not msgs or msgs[-1].get("role") != "user":
        return None
    keep = [{k: v for k, v in m.items() if k in ("role", "content", "name")} for m in msgs]
    return Prompt(keep, reference)


def prompts_from_rows(rows: Sequence[Any], system: str = "") -> tuple[list[Prompt], int]:
    """(prompts, rows skipped): duplicates are asked once."""
    out: list[Prompt] = []
    seen: set[str] = set()
    skipped = 0
    for data in rows:
        p = prompt_of(data)
        if p is None:
            skipped += 1
            continue
        if system and p.messages[0].get("role") != "system":
            p = Prompt([{"role": "system", "content": system}, *p.messages], p.reference)
        if p.key in seen:
            continue
        seen.add(p.key)
        out.append(p)
    return out, skipped


def load_prompts(path: str | os.PathLike[str], system: str = "") -> tuple[list[Prompt], int]:
    """A dataset (any format TuneDesk opens) or a .txt file with one prompt per line."""
    p = Path(path)
    if p.suffix.lower() == ".txt":
        try:
            lines = p.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise PromptError(tr("{path}: cannot read it ({error})", path=p, error=exc)) from None
        rows = [{"messages": [{"role": "user", "content": line.strip()}]} for line in lines if line.strip()]
        return prompts_from_rows(rows, system)
    from ..datasets import ReadError, load

    try:
        dataset = load(p)
    except (ReadError, OSError) as exc:
        raise PromptError(str(exc)) from None
    return prompts_from_rows([e.data for e in dataset.examples], system)


@dataclass
class Estimate:
    prompts: int
    tokens_in: int
    tokens_out: int  # expected: the source answers' length where known, else max_tokens
    cost: float | None  # USD; None when the model's price is not known (a local model: free)
    price_date: str = ""

    def text(self, model: str) -> str:
        base = tr("%Ln prompt(s), about {tokens_in:,} tokens in and {tokens_out:,} out", None, self.prompts,
                  tokens_in=self.tokens_in, tokens_out=self.tokens_out)
        if self.cost is None:
            return tr("{base}; TuneDesk does not know {model}'s price (a model on this computer costs nothing)",
                      base=base, model=model)
        return tr("{base}: about ${cost:,.2f} at {model}'s price ({date})", base=base, cost=self.cost, model=model,
                  date=self.price_date or "?")


def estimate(prompts: Sequence[Prompt], model: str, max_tokens: int) -> Estimate:
    from ..datasets.models import cost, inference_price, tokenizer_factory

    tokenizer = tokenizer_factory(model)()
    texts = [str(m.get("content") or "") for p in prompts for m in p.messages]
    tokens_in = sum(tokenizer.count_many(texts)) + 4 * sum(len(p.messages) for p in prompts) if texts else 0
    refs = [p.reference for p in prompts if p.reference]
    if refs:
        counted = tokenizer.count_many(refs)
        per = sum(counted) / len(counted)
        tokens_out = int(min(max_tokens, per) * len(prompts))
    else:
        tokens_out = max_tokens * len(prompts)
    price = inference_price(model)
    return Estimate(len(prompts), tokens_in, tokens_out, cost(model, tokens_in, tokens_out),
                    price[2] if price else "")


def partial_path(out: Path) -> Path:
    return out.with_name(out.name + ".partial.jsonl")


def _read_partial(path: Path) -> dict[str, dict[str, Any]]:
    done: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return done
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue  # a line cut short when the run was stopped: asked again
        p = prompt_of(row)
        if p is not None:
            done[p.key] = row
    return done


def distill(client: Any, model: str, prompts: Sequence[Prompt], out: str | os.PathLike[str], *,
            params: dict[str, Any] | None = None, concurrency: int = 4, cancel: threading.Event | None = None,
            progress: Callable[[int, int], None] | None = None,
            on_wait: Callable[[str], None] | None = None) -> Path | None:
    """Ask ``model`` every prompt; the dataset's path when all are answered, None when
    stopped (what arrived is kept for the next run)."""
    out = Path(out)
    partial = partial_path(out)
    partial.parent.mkdir(parents=True, exist_ok=True)
    done = _read_partial(partial)
    lock = threading.Lock()
    with open(partial, "a", encoding="utf-8") as sink:
        def keep(row: dict[str, Any]) -> None:
            clean = {"messages": row["messages"]}  # the training file holds the conversation only
            with lock:
                sink.write(json.dumps(clean, ensure_ascii=False) + "\n")
                sink.flush()
                done[row["metadata"]["key"]] = clean

        requests = [Request(p.key, p.messages, {}) for p in prompts]
        ask_all(client, model, {**DEFAULT_PARAMS, **(params or {})}, requests, set(done), keep,
                concurrency=concurrency, cancel=cancel, progress=progress, on_wait=on_wait)
    if cancel is not None and cancel.is_set() or any(p.key not in done for p in prompts):
        return None
    lines = [(json.dumps(done[p.key], ensure_ascii=False) + "\n").encode("utf-8") for p in prompts]
    atomic_write(out, lines)
    partial.unlink(missing_ok=True)
    return out
