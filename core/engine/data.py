"""Turn training examples into token ids and a mask of the tokens the loss is taken on.

Chat: the model's chat template renders the conversation; only the assistant's turns
(those without ``weight: 0``) are trained. Prompt/completion: only the completion (and
the end-of-text token after it) is trained.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..datasets.model import content_text
from .catalog import CHATML


@dataclass(slots=True)
class Encoded:
    ids: list[int]
    mask: list[bool]  # True where the token is trained (predicted and scored)
    cut: int = 0  # tokens past the limit, not trained on

    @property
    def trained(self) -> int:
        return sum(self.mask)


def template_messages(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Plain role/content messages any chat template can render; tool calls become JSON
    text in the assistant's turn so they are learned too."""
    out = []
    for m in messages:
        content = content_text(m.get("content"))
        calls = m.get("tool_calls") or ([{"type": "function", "function": m["function_call"]}] if m.get("function_call") else None)
        if calls:
            payload = json.dumps([c.get("function", c) for c in calls], ensure_ascii=False)
            content = f"{content}\n{payload}" if content else payload
        role = m.get("role", "user")
        if role == "developer":
            role = "system"
        out.append({"role": role, "content": content})
    return out


def render(tokenizer: Any, messages: list[dict[str, str]], generation_prompt: bool) -> str:
    try:
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=generation_prompt)
    except Exception:  # templates that refuse a role (e.g. tool): fall back to ChatML
        from jinja2 import Template

        return Template(CHATML).render(messages=messages, add_generation_prompt=generation_prompt)


def encode_chat(tokenizer: Any, messages: list[dict[str, Any]], max_tokens: int) -> Encoded:
    msgs = template_messages(messages)
    pieces: list[tuple[str, bool]] = []
    done = ""
    for i, m in enumerate(msgs):
        if m["role"] != "assistant":
            continue
        prefix = render(tokenizer, msgs[:i], True)
        full = render(tokenizer, msgs[: i + 1], False)
        if not prefix.startswith(done) or not full.startswith(prefix):
            # A template that is not prefix-stable: train on this turn's whole rendering.
            prefix, done = done, done
        pieces.append((prefix[len(done):], False))
        trained = messages[i].get("weight", 1) != 0
        pieces.append((full[len(prefix):], trained))
        done = full
    ids: list[int] = []
    mask: list[bool] = []
    for text, trained in pieces:
        if not text:
            continue
        toks = tokenizer(text, add_special_tokens=False)["input_ids"]
        ids.extend(toks)
        mask.extend([trained] * len(toks))
    return Encoded(ids[:max_tokens], mask[:max_tokens], max(0, len(ids) - max_tokens))


def encode_completion(tokenizer: Any, prompt: str, completion: str, max_tokens: int) -> Encoded:
    p = tokenizer(prompt, add_special_tokens=True)["input_ids"] if prompt else []
    if not p and tokenizer.bos_token_id is not None:
        p = [tokenizer.bos_token_id]
    c = tokenizer(completion, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    ids = (p + c)[:max_tokens]
    mask = ([False] * len(p) + [True] * len(c))[:max_tokens]
    return Encoded(ids, mask, max(0, len(p) + len(c) - max_tokens))


def encode_example(tokenizer: Any, data: dict[str, Any], max_tokens: int) -> Encoded:
    if "messages" in data:
        return encode_chat(tokenizer, data["messages"], max_tokens)
    return encode_completion(tokenizer, str(data.get("prompt", "")), str(data.get("completion", "")), max_tokens)


def prompt_ids(tokenizer: Any, messages: list[dict[str, Any]]) -> list[int]:
    """The tokens a chat request starts generation from."""
    text = render(tokenizer, template_messages(messages), True)
    return tokenizer(text, add_special_tokens=False)["input_ids"]
