"""Serving: base models with their tuned adapters, loaded on first use, evicted least
recently used under a memory budget, generating token by token."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, ModelUnavailable
from .errors import APIError, not_found
from .store import Store

MAX_ADAPTERS_PER_BASE = 8


@dataclass
class Loaded:
    model: Any  # the base model, wrapped in a PeftModel once an adapter is loaded
    tokenizer: Any
    size: int  # bytes of weights
    adapters: "OrderedDict[str, str]" = field(default_factory=OrderedDict)  # adapter name -> path


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


def _adapter_name(model_id: str) -> str:
    import hashlib

    return "a" + hashlib.sha1(model_id.encode()).hexdigest()[:16]


class Inference:
    def __init__(self, catalog: Catalog, store: Store, memory_budget: int = 4 << 30) -> None:
        self.catalog = catalog
        self.store = store
        self.budget = memory_budget
        self.loaded: OrderedDict[str, Loaded] = OrderedDict()
        self.lock = threading.RLock()  # 2 cores: one generation at a time is the fast way

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

    def generate(self, target: Target, prompt: list[int] | None, *, messages: list[dict] | None = None,
                 text: str | None = None, max_tokens: int | None, temperature: float, top_p: float,
                 stop: list[str], seed: int | None, info: Generation,
                 cancelled: threading.Event | None = None) -> Iterator[str]:
        """Yield text as it is generated. ``info`` carries usage and the finish reason."""
        import contextlib

        import torch

        from .data import prompt_ids

        with self.lock:
            model, tokenizer, adapted = self._ready(target)
            if messages is not None:
                ids = prompt_ids(tokenizer, messages)
            else:
                ids = tokenizer(text or "", add_special_tokens=True)["input_ids"]
                if not ids and tokenizer.bos_token_id is not None:
                    ids = [tokenizer.bos_token_id]
            info.prompt_tokens = len(ids)
            context = int(getattr(model.config, "max_position_embeddings", 2048) or 2048)
            room = max(0, context - len(ids))
            if room == 0:
                raise APIError(400, f"The prompt is {len(ids):,} tokens; this model's context is {context:,}.",
                               param="messages", code="context_length_exceeded")
            limit = min(room, max_tokens) if max_tokens else min(room, 2048)
            eos = _eos_ids(model, tokenizer)
            gen = torch.Generator().manual_seed(seed) if seed is not None else None
            base_only = model.disable_adapter() if (not adapted and hasattr(model, "disable_adapter")) \
                else contextlib.nullcontext()
            produced: list[int] = []
            emitted = 0
            text_out = ""
            info.finish_reason = "length"
            # Inference mode is entered per step, never held across a yield: grad mode is
            # per thread, and a stream closed by a disconnecting client is finished on
            # another thread, which left inference mode switched on (or off) in the wrong
            # one and broke the next request ("Inference tensors cannot be saved for backward").
            with base_only:
                past = None
                step_input = torch.tensor([ids])
                for _ in range(limit):
                    if cancelled is not None and cancelled.is_set():
                        info.finish_reason = "stop"
                        return
                    with torch.inference_mode():
                        out = model(input_ids=step_input, past_key_values=past, use_cache=True)
                        past = out.past_key_values
                        token = _sample(out.logits[0, -1], temperature, top_p, gen)
                    if info.first_token_at is None:
                        info.first_token_at = time.monotonic()
                    if token in eos:
                        info.finish_reason = "stop"
                        break
                    produced.append(token)
                    info.completion_tokens = len(produced)
                    text_out = tokenizer.decode(produced, skip_special_tokens=True)
                    hit = _first_stop(text_out, stop)
                    if hit is not None:
                        text_out = text_out[:hit]
                        info.finish_reason = "stop"
                        break
                    safe = len(text_out) - _holdback(text_out, stop)
                    if text_out.endswith("\ufffd"):  # half of a multi-byte character
                        safe = min(safe, len(text_out) - 1)
                    if safe > emitted:
                        yield text_out[emitted:safe]
                        emitted = safe
                    step_input = torch.tensor([[token]])
            if len(text_out) > emitted:
                yield text_out[emitted:]


def _eos_ids(model: Any, tokenizer: Any) -> set[int]:
    out: set[int] = set()
    for source in (getattr(model, "generation_config", None), tokenizer):
        value = getattr(source, "eos_token_id", None)
        if isinstance(value, int):
            out.add(value)
        elif isinstance(value, (list, tuple)):
            out.update(int(v) for v in value)
    for tok in ("<|im_end|>", "<|endoftext|>", "<|eot_id|>"):
        tid = tokenizer.convert_tokens_to_ids(tok) if tok in tokenizer.get_vocab() else None
        if isinstance(tid, int):
            out.add(tid)
    return out


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
