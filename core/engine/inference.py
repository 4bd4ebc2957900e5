"""Serving: base models with their tuned adapters, loaded on first use, evicted least
recently used under a memory budget, generating token by token."""

from __future__ import annotations

import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, ModelUnavailable
from .cpu import cores
from .errors import APIError, not_found
from .store import Store

MAX_ADAPTERS_PER_BASE = 8


@dataclass
class Loaded:
    model: Any  # the base model, wrapped in a PeftModel once an adapter is loaded
    tokenizer: Any
    size: int  # bytes of weights
    adapters: OrderedDict[str, str] = field(default_factory=OrderedDict)  # adapter name -> path


@dataclass
class Target:
    model_id: str
    base: str
    adapter: str | None  # path to the LoRA adapter, None for a base model
    format: str  # chat | completion


@dataclass
class Generation:
    """Filled in while the text streams out."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str = "stop"
    first_token_at: float | None = None
    top_logprobs: int | None = None  # asked for: how many alternatives per token (0: only the chosen one)
    logprobs: list[tuple[str, float, list[tuple[str, float]]]] = field(default_factory=list)  # per token


def _adapter_name(model_id: str) -> str:
    import hashlib

    return "a" + hashlib.sha1(model_id.encode()).hexdigest()[:16]


class Inference:
    def __init__(self, catalog: Catalog, store: Store, memory_budget: int = 4 << 30,
                 serve: str | None = None) -> None:
        from .fast import LlamaRuntime, wanted

        self.catalog = catalog
        # llama.cpp serves every model it can (see fast.py); transformers the rest.
        self.serving = wanted(serve)
        self.runtime = LlamaRuntime(catalog) if self.serving == "llama.cpp" else None
        self._fast_bases: dict[str, bool] = {}
        self.store = store
        self.budget = memory_budget
        self.loaded: OrderedDict[str, Loaded] = OrderedDict()
        # Threads for a generation step; the engine gives one while a trainer runs beside
        # it, so a chat and a training job do not fight over the same cores.
        self.threads: Callable[[], int] = cores
        self._threads_now = 0
        self._incoming: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def target(self, model_id: str) -> Target:
        row = self.store.get_model(model_id)
        if row is not None:
            return Target(model_id, row["base"], row["adapter"], row["format"])
        if model_id in self.catalog.specs:
            return Target(model_id, model_id, None, "chat")
        raise not_found("model", model_id, "model")

    def _load_base(self, base: str) -> Loaded:
        if base in self.loaded:
            self.loaded.move_to_end(base)
            return self.loaded[base]
        try:
            model, tokenizer = self.catalog.load_model(base)
        except ModelUnavailable as exc:
            raise APIError(400, str(exc), param="model", code="model_not_available") from None
        model.eval()
        size = sum(p.numel() * p.element_size() for p in model.parameters())
        while self.loaded and sum(m.size for m in self.loaded.values()) + size > self.budget:
            self.loaded.popitem(last=False)  # least recently used
        entry = Loaded(model, tokenizer, size)
        self.loaded[base] = entry
        return entry

    def _ready(self, target: Target) -> tuple[Any, Any, bool]:
        """(model, tokenizer, adapter_active) with the target's adapter selected."""
        from .fast import IMPORT_LOCK

        # transformers and peft import lazily; a tuned model's GGUF may be being made on
        # another thread at the same moment, and two threads resolving the same lazy
        # import fail with an ImportError
        with IMPORT_LOCK:
            return self._ready_locked(target)

    def _ready_locked(self, target: Target) -> tuple[Any, Any, bool]:
        entry = self._load_base(target.base)
        if target.adapter is None:
            return entry.model, entry.tokenizer, False
        from peft import PeftModel

        name = _adapter_name(target.model_id)
        if name not in entry.adapters:
            if not isinstance(entry.model, PeftModel):
                entry.model = PeftModel.from_pretrained(entry.model, target.adapter, adapter_name=name)
            else:
                entry.model.load_adapter(target.adapter, adapter_name=name)
            entry.adapters[name] = target.adapter
            while len(entry.adapters) > MAX_ADAPTERS_PER_BASE:
                old, _ = entry.adapters.popitem(last=False)
                entry.model.delete_adapter(old)
            entry.model.eval()
        entry.adapters.move_to_end(name)
        entry.model.set_adapter(name)
        return entry.model, entry.tokenizer, True

    # -- the worker ------------------------------------------------------------------
    # One thread owns the models and runs every generation, a token of each in turn: a
    # request's text arrives through its own queue. Nothing is held across a yield in
    # the HTTP thread that reads it, so a stream closed early (Stop), abandoned, or
    # finished on another thread-pool thread can never leave a lock or inference mode
    # behind, and twenty streams all make progress at once.
    def _submit(self, request: _Request) -> None:
        with self._start_lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="inference", daemon=True)
                self._worker.start()
        self._incoming.put(request)

    def _run(self) -> None:
        active: list[_Request] = []
        while True:
            if not active:
                active.append(self._incoming.get())
            while True:
                try:
                    active.append(self._incoming.get_nowait())
                except queue.Empty:
                    break
            for req in list(active):
                done = req.stop.is_set()
                if not done:
                    try:
                        piece = next(req.steps)
                    except StopIteration:
                        done = True
                    except BaseException as exc:  # noqa: BLE001 - handed to the request's reader
                        req.out.put(("error", exc))
                        active.remove(req)
                        continue
                    else:
                        if piece:
                            req.out.put(("text", piece))
                if done:
                    req.steps.close()
                    req.out.put(("end", None))
                    active.remove(req)

    def generate(self, target: Target, prompt: list[int] | None, *, messages: list[dict] | None = None,
                 text: str | None = None, max_tokens: int | None, temperature: float, top_p: float,
                 stop: list[str], seed: int | None, info: Generation,
                 cancelled: threading.Event | None = None) -> Iterator[str]:
        """Yield text as it is generated. ``info`` carries usage and the finish reason.
        Closing the iterator (or setting ``cancelled``) stops the generation at once."""
        # llama.cpp samples inside its own sampler and keeps no logits: log-probabilities
        # come from the transformers path (a request for them is short: a label, a token)
        steps = self._fast_steps if self._fast(target) and info.top_logprobs is None else self._steps
        request = _Request(
            steps(target, messages=messages, text=text, max_tokens=max_tokens, temperature=temperature,
                        top_p=top_p, stop=stop, seed=seed, info=info),
            queue.SimpleQueue(), cancelled or threading.Event())
        self._submit(request)
        try:
            while True:
                kind, value = request.out.get()
                if kind == "text":
                    yield value
                elif kind == "error":
                    raise value
                else:
                    return
        finally:
            request.stop.set()

    def prepare(self, model_id: str) -> None:
        """Start making what ``model_id`` is served from (a tuned model's GGUF), so the
        first chat after training does not wait for it. Any thread."""
        try:
            target = self.target(model_id)
            if self._fast(target):
                self.runtime.source(target.base, target.adapter, target.model_id)
        except Exception as exc:  # noqa: BLE001 - the first request will say what is wrong
            import sys

            print(f"tunedesk engine: could not prepare {model_id}: {exc}", file=sys.stderr, flush=True)

    def _fast(self, target: Target) -> bool:
        if self.runtime is None:
            return False
        if target.base not in self._fast_bases:
            from .fast import servable

            try:
                self._fast_bases[target.base] = servable(self.catalog, target.base)
            except ModelUnavailable:
                self._fast_bases[target.base] = False
        return self._fast_bases[target.base]

    def _fast_steps(self, target: Target, *, messages: list[dict] | None, text: str | None,
                    max_tokens: int | None, temperature: float, top_p: float, stop: list[str], seed: int | None,
                    info: Generation) -> Iterator[str]:
        """As ``_steps``, through llama.cpp: the same tokenizer and chat template make the
        prompt, the same stop and hold-back rules cut the text."""
        import random

        runtime = self.runtime
        assert runtime is not None
        try:
            while (path := runtime.source(target.base, target.adapter, target.model_id)) is None:
                yield ""  # being made on its own thread; other requests go on
                time.sleep(0.005)
            tokenizer = runtime.tokenizer(target.base)
        except ModelUnavailable as exc:
            raise APIError(400, str(exc), param="model", code="model_not_available") from None
        ids = _prompt(tokenizer, messages, text, info)
        context = self._context_of(target)
        limit = _limit(ids, context, max_tokens)
        while (slot := runtime.acquire(path, len(ids) + limit, context, self.threads())) is None:
            yield ""  # every context of this model is busy
            time.sleep(0.005)
        steps = None
        try:
            llm = slot.llm
            out = _Text(tokenizer, stop, _eos_ids(None, tokenizer) | {int(llm.token_eos())}, info)
            llm.set_seed(seed if seed is not None else random.randrange(1, 2**31))
            steps = llm.generate(ids, temp=max(0.0, temperature), top_p=top_p, top_k=0, min_p=0.0,
                                 typical_p=1.0, repeat_penalty=1.0, reset=True)
            for _ in range(limit):
                threads = self.threads()
                if threads != slot.threads:
                    from .fast import _set_threads

                    _set_threads(slot, threads)
                piece = out.add(int(next(steps)))
                if piece is None:
                    break
                yield piece
            rest = out.rest()
            if rest:
                yield rest
        finally:
            if steps is not None:
                steps.close()
            runtime.release(slot)

    def _context_of(self, target: Target) -> int:
        spec = self.catalog.spec(target.base)
        if spec.context:
            return int(spec.context)
        import json
        from pathlib import Path

        try:
            config = json.loads((Path(self.catalog.folder(target.base)) / "config.json").read_text("utf-8"))
            return int(config.get("max_position_embeddings") or 2048)
        except (OSError, ValueError):
            return 2048

    def _steps(self, target: Target, *, messages: list[dict] | None, text: str | None, max_tokens: int | None,
               temperature: float, top_p: float, stop: list[str], seed: int | None,
               info: Generation) -> Iterator[str]:
        """Runs on the worker: one token per step, yielding the text that is safe to show
        ("" while a stop sequence or a split character might still be forming)."""
        import torch

        model, tokenizer, adapted = self._ready(target)
        ids = _prompt(tokenizer, messages, text, info)
        limit = _limit(ids, int(getattr(model.config, "max_position_embeddings", 2048) or 2048), max_tokens)
        out = _Text(tokenizer, stop, _eos_ids(model, tokenizer), info)
        gen = torch.Generator().manual_seed(seed) if seed is not None else None
        past = None
        step_input = torch.tensor([ids])
        for _ in range(limit):
            # Other generations run between two steps: select this one's adapter again.
            model, selected = self._selected(target, model, adapted)
            threads = self.threads()
            if threads != self._threads_now:
                torch.set_num_threads(threads)
                self._threads_now = threads
            with selected, torch.inference_mode():
                result = model(input_ids=step_input, past_key_values=past, use_cache=True)
                past = result.past_key_values
                token = _sample(result.logits[0, -1], temperature, top_p, gen)
                if info.top_logprobs is not None and token not in out.eos:
                    _record_logprobs(info, tokenizer, result.logits[0, -1], token)
            piece = out.add(token)
            if piece is None:
                break
            yield piece
            step_input = torch.tensor([[token]])
        rest = out.rest()
        if rest:
            yield rest

    def _selected(self, target: Target, model: Any, adapted: bool) -> tuple[Any, Any]:
        """The model to call for ``target`` now, and a context in which it computes as
        ``target``: its own adapter, or none. A base model another request has since
        wrapped with an adapter is the wrapped one, with the adapter switched off."""
        import contextlib

        entry = self.loaded.get(target.base)
        if entry is not None:
            model = entry.model
        if adapted:
            model.set_adapter(_adapter_name(target.model_id))
            return model, contextlib.nullcontext()
        if hasattr(model, "disable_adapter"):
            return model, model.disable_adapter()
        return model, contextlib.nullcontext()


@dataclass
class _Request:
    steps: Iterator[str]
    out: queue.SimpleQueue[tuple[str, Any]]
    stop: threading.Event


class _Text:
    """Tokens in, text out: what is safe to show after each token ("" while a stop
    sequence or a split character might still be forming), where a stop sequence cut
    it, and the rest at the end. Shared by both generation paths."""

    def __init__(self, tokenizer: Any, stop: list[str], eos: set[int], info: Generation) -> None:
        self.tokenizer, self.stop, self.eos, self.info = tokenizer, stop, eos, info
        self.produced: list[int] = []
        self.text = ""
        self.emitted = 0
        info.finish_reason = "length"

    def add(self, token: int) -> str | None:
        """The piece to show now, or None when generation ends here."""
        info = self.info
        if info.first_token_at is None:
            info.first_token_at = time.monotonic()
        if token in self.eos:
            info.finish_reason = "stop"
            return None
        self.produced.append(token)
        info.completion_tokens = len(self.produced)
        self.text = self.tokenizer.decode(self.produced, skip_special_tokens=True)
        hit = _first_stop(self.text, self.stop)
        if hit is not None:
            self.text = self.text[:hit]
            info.finish_reason = "stop"
            return None
        safe = len(self.text) - _holdback(self.text, self.stop)
        if self.text.endswith("\ufffd"):  # half of a multi-byte character
            safe = min(safe, len(self.text) - 1)
        if safe <= self.emitted:
            return ""
        piece, self.emitted = self.text[self.emitted:safe], safe
        return piece

    def rest(self) -> str:
        if self.info.finish_reason == "length":
            self.text = self.text.rstrip("\ufffd")  # a character cut in half by max_tokens
        return self.text[self.emitted:]


def _prompt(tokenizer: Any, messages: list[dict] | None, text: str | None, info: Generation) -> list[int]:
    from .data import prompt_ids

    if messages is not None:
        ids = prompt_ids(tokenizer, messages)
    else:
        ids = tokenizer(text or "", add_special_tokens=True)["input_ids"]
        if not ids and tokenizer.bos_token_id is not None:
            ids = [tokenizer.bos_token_id]
    info.prompt_tokens = len(ids)
    return ids


def _limit(ids: list[int], context: int, max_tokens: int | None) -> int:
    """How many tokens may be generated after ``ids``; a prompt that fills the context is a 400."""
    room = max(0, context - len(ids))
    if room == 0:
        raise APIError(400, f"The prompt is {len(ids):,} tokens; this model's context is {context:,}.",
                       param="messages", code="context_length_exceeded")
    return min(room, max_tokens) if max_tokens else min(room, 2048)


def _eos_ids(model: Any, tokenizer: Any) -> set[int]:
    """End-of-text ids: the model's generation config (when there is a model) and the
    tokenizer's, and the usual end-of-turn tokens."""
    out: set[int] = set()
    value = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    if isinstance(value, int):
        out.add(value)
    elif isinstance(value, (list, tuple)):
        out.update(int(v) for v in value)
    return out | _tokenizer_eos_ids(tokenizer)


def _tokenizer_eos_ids(tokenizer: Any) -> set[int]:
    """Worked out once per tokenizer: ``get_vocab()`` builds a dict of the whole
    vocabulary (about 25 ms for 49,152 tokens), which was paid three times a request."""
    cached = getattr(tokenizer, "_tunedesk_eos_ids", None)
    if cached is not None:
        return cached
    out: set[int] = set()
    value = getattr(tokenizer, "eos_token_id", None)
    if isinstance(value, int):
        out.add(value)
    elif isinstance(value, (list, tuple)):
        out.update(int(v) for v in value)
    vocab = tokenizer.get_vocab()
    for tok in ("<|im_end|>", "<|endoftext|>", "<|eot_id|>"):
        if tok in vocab:
            out.add(int(vocab[tok]))
    frozen = frozenset(out)
    try:
        tokenizer._tunedesk_eos_ids = frozen
    except AttributeError:
        pass
    return frozen


def _record_logprobs(info: Generation, tokenizer: Any, logits: Any, token: int) -> None:
    """The chosen token's log-probability under the model (before temperature and top_p,
    as OpenAI reports it) and the ``info.top_logprobs`` most likely tokens."""
    import torch

    logp = torch.log_softmax(logits.float(), dim=-1)
    top: list[tuple[str, float]] = []
    if info.top_logprobs:
        values, indices = torch.topk(logp, min(info.top_logprobs, logp.shape[-1]))
        top = [(tokenizer.decode([int(i)]), float(v)) for v, i in zip(values, indices)]
    info.logprobs.append((tokenizer.decode([token]), float(logp[token]), top))


def _sample(logits: Any, temperature: float, top_p: float, gen: Any) -> int:
    import torch

    if temperature <= 0:
        return int(torch.argmax(logits))
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    if top_p < 1.0:
        sorted_probs, order = torch.sort(probs, descending=True)
        keep = torch.cumsum(sorted_probs, dim=-1) - sorted_probs < top_p
        sorted_probs = sorted_probs * keep
        choice = torch.multinomial(sorted_probs / sorted_probs.sum(), 1, generator=gen)
        return int(order[choice])
    return int(torch.multinomial(probs, 1, generator=gen))


def _first_stop(text: str, stops: list[str]) -> int | None:
    hits = [i for i in (text.find(s) for s in stops if s) if i >= 0]
    return min(hits) if hits else None


def _holdback(text: str, stops: list[str]) -> int:
    """How many trailing characters might be the start of a stop sequence."""
    best = 0
    for s in stops:
        for n in range(min(len(s) - 1, len(text)), 0, -1):
            if text.endswith(s[:n]):
                best = max(best, n)
                break
    return best
