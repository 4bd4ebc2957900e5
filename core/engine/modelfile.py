"""An Ollama ``Modelfile`` for an exported GGUF: the chat format the model was trained on
as a Go template, its stop tokens, and the system prompt of its training data (or, for
a template that adds a default system message when there is none, that message).

The template is worked out by rendering the model's own chat template (the one the
trainer used) with marker texts, so the Modelfile and the training data agree."""

from __future__ import annotations

from typing import Any

from .gguf_file import stop_tokens

_MARK = {"system": "\x01SYSTEM\x01", "user": "\x01USER\x01", "assistant": "\x01ASSISTANT\x01"}


def role_blocks(tokenizer: Any) -> dict[str, tuple[str, str]] | None:
    """(text before, text after) each role's content, and the generation prompt under
    ``"generation"`` as (prompt, ""); None when the template is not one block per
    message (then Ollama's own reading of the GGUF's template is used)."""
    try:
        full = tokenizer.apply_chat_template(
            [{"role": r, "content": _MARK[r]} for r in ("system", "user", "assistant")], tokenize=False)
        gen = tokenizer.apply_chat_template(
            [{"role": "system", "content": _MARK["system"]}, {"role": "user", "content": _MARK["user"]}],
            tokenize=False, add_generation_prompt=True)
        plain = tokenizer.apply_chat_template(
            [{"role": "system", "content": _MARK["system"]}, {"role": "user", "content": _MARK["user"]}],
            tokenize=False)
    except Exception:  # noqa: BLE001 - any template error: leave the template to Ollama
        return None
    if not gen.startswith(plain):
        return None
    # Blocks of the form PREFIX(role) + content + SUFFIX, where the suffix is the same for
    # every role (e.g. ChatML: "<|im_start|>user\n" … "<|im_end|>\n").
    before_sys, rest = full.split(_MARK["system"], 1)
    between_su, rest = rest.split(_MARK["user"], 1)
    between_ua, after_a = rest.split(_MARK["assistant"], 1)
    suffix = after_a
    if not suffix or not between_su.startswith(suffix) or not between_ua.startswith(suffix):
        return None
    blocks = {"system": (before_sys, suffix), "user": (between_su[len(suffix):], suffix),
              "assistant": (between_ua[len(suffix):], suffix), "generation": (gen[len(plain):], "")}
    return blocks


def default_system(tokenizer: Any, blocks: dict[str, tuple[str, str]]) -> str | None:
    """The system message the template adds when a conversation has none."""
    try:
        text = tokenizer.apply_chat_template([{"role": "user", "content": _MARK["user"]}], tokenize=False)
    except Exception:  # noqa: BLE001
        return None
    pre, suf = blocks["system"]
    if not text.startswith(pre):
        return None
    end = text.find(suf, len(pre))
    return text[len(pre):end] if end > 0 else None


def _go_string(text: str) -> str:
    return text.replace("{{", "{{ \"{{\" }}")


def go_template(blocks: dict[str, tuple[str, str]]) -> str:
    parts = ["{{- range .Messages }}"]
    for i, role in enumerate(("system", "user", "assistant")):
        pre, suf = blocks[role]
        parts.append(("{{ if" if i == 0 else "{{ else if") + f' eq .Role "{role}" }}}}'
                     + _go_string(pre) + "{{ .Content }}" + _go_string(suf))
    parts.append("{{ end }}{{ end }}" + _go_string(blocks["generation"][0]))
    return "".join(parts)


def _quoted(text: str) -> str:
    if '"""' in text:
        text = text.replace('"""', '" " "')
    return f'"""{text}"""'


def modelfile(gguf_name: str, tokenizer: Any, system: str | None) -> str:
    lines = ["# Made by TuneDesk. Add it to Ollama with:  ollama create NAME -f Modelfile",
             f"FROM ./{gguf_name}"]
    blocks = role_blocks(tokenizer)
    if blocks is not None:
        lines.append(f"TEMPLATE {_quoted(go_template(blocks))}")
        system = system if system is not None else default_system(tokenizer, blocks)
    else:
        lines.append("# TEMPLATE: Ollama reads the chat template stored in the GGUF file")
    if system:
        lines.append(f"SYSTEM {_quoted(system)}")
    for stop in stop_tokens(tokenizer):
        lines.append(f'PARAMETER stop "{stop}"')
    return "\n".join(lines) + "\n"
