"""What is sent: the preset's system prompt and few-shot turns, then the conversation,
and only the parameters the user switched on."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..util.files import atomic_write

PARAMS = ("temperature", "top_p", "max_tokens", "stop", "seed")


@dataclass
class Params:
    """Each value is sent only when its switch is on: the provider's defaults otherwise."""

    values: dict[str, Any] = field(default_factory=lambda: {"temperature": 0.7, "top_p": 1.0, "max_tokens": 512,
                                                             "stop": [], "seed": 0})
    enabled: dict[str, bool] = field(default_factory=dict)

    def request(self) -> dict[str, Any]:
        out = {k: self.values[k] for k in PARAMS if self.enabled.get(k) and k in self.values}
        if "stop" in out:
            out["stop"] = [s for s in out["stop"] if s][:4] or None
            if out["stop"] is None:
                del out["stop"]
        return out

    def to_json(self) -> dict[str, Any]:
        return {"values": self.values, "enabled": self.enabled}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Params:
        p = cls()
        if isinstance(data, dict):
            p.values.update({k: v for k, v in (data.get("values") or {}).items() if k in PARAMS})
            p.enabled.update({k: bool(v) for k, v in (data.get("enabled") or {}).items() if k in PARAMS})
        return p


@dataclass
class Preset:
    name: str
    system: str = ""
    shots: list[tuple[str, str]] = field(default_factory=list)  # (user, assistant) turns
    params: dict[str, Any] = field(default_factory=dict)  # Params.to_json()
    builtin: bool = False

    def messages(self) -> list[dict[str, str]]:
        out = [{"role": "system", "content": self.system}] if self.system.strip() else []
        for user, assistant in self.shots:
            out += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
        return out

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("builtin")
        data["shots"] = [{"user": u, "assistant": a} for u, a in self.shots]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], builtin: bool = False) -> Preset:
        if not isinstance(data, dict) or not str(data.get("name", "")).strip():
            raise ValueError("a preset needs a name")
        shots = []
        for i, shot in enumerate(data.get("shots") or []):
            if not isinstance(shot, dict) or not isinstance(shot.get("user"), str) \
                    or not isinstance(shot.get("assistant"), str):
                raise ValueError(f"shots[{i}] needs 'user' and 'assistant' text")
            shots.append((shot["user"], shot["assistant"]))
        return cls(str(data["name"]).strip(), str(data.get("system") or ""), shots, dict(data.get("params") or {}),
                   builtin)


def builtin_presets() -> list[Preset]:
    raw = json.loads(paths.resource("presets.json").read_text(encoding="utf-8"))
    return [Preset.from_json(p, builtin=True) for p in raw["presets"]]


def _user_file() -> Path:
    return paths.settings_dir() / "presets.json"


def user_presets() -> list[Preset]:
    try:
        raw = json.loads(_user_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for p in raw.get("presets", []):
        try:
            out.append(Preset.from_json(p))
        except ValueError:
            continue
    return out


def save_user_presets(presets: Sequence[Preset]) -> None:
    body = json.dumps({"version": 1, "presets": [p.to_json() for p in presets if not p.builtin]},
                      ensure_ascii=False, indent=2)
    atomic_write(_user_file(), [body.encode("utf-8")])


def import_presets(path: str | Path) -> list[Preset]:
    """Presets from a JSON file: one preset object, a list, or {"presets": [...]}."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path.name}, line {getattr(exc, 'lineno', '?')}: not valid JSON ({exc})") from None
    items = raw.get("presets", [raw]) if isinstance(raw, dict) else raw
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        try:
            out.append(Preset.from_json(item))
        except ValueError as exc:
            raise ValueError(f"{path.name}: preset {i + 1}: {exc}") from None
    if not out:
        raise ValueError(f"{path.name}: no presets found")
    return out


def export_presets(path: str | Path, presets: Sequence[Preset]) -> None:
    body = json.dumps({"presets": [p.to_json() for p in presets]}, ensure_ascii=False, indent=2)
    atomic_write(path, [body.encode("utf-8")], backup=False)


def build_messages(preset: Preset | None, thread: Sequence[Any]) -> list[dict[str, str]]:
    out = preset.messages() if preset else []
    return out + [{"role": m.role, "content": m.content} for m in thread if m.role in ("system", "user", "assistant")]


@dataclass
class Reply:
    text: str = ""
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    first_token_s: float | None = None
    total_s: float = 0.0
    stopped: bool = False
    cost_usd: float | None = None  # at the model's per-token price, when TuneDesk knows it

    def stats(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "text"}


def stream_reply(client: Any, model: str, messages: list[dict[str, str]], params: dict[str, Any],
                 on_delta: Callable[[str], None], should_stop: Callable[[], bool] = lambda: False) -> Reply:
    """Stream a chat completion; ``on_delta`` gets each piece of text as it arrives.
    ``should_stop`` is checked between pieces; stopping closes the connection, which
    stops the generation on the server too."""
    reply = Reply()
    pieces = 0
    start = time.perf_counter()
    stream = client.chat.completions.create(model=model, messages=messages, stream=True,
                                            stream_options={"include_usage": True}, **params)
    try:
        for chunk in stream:
            if should_stop():
                reply.stopped = True
                reply.finish_reason = "stopped"
                break
            if chunk.usage is not None:
                reply.prompt_tokens = chunk.usage.prompt_tokens
                reply.completion_tokens = chunk.usage.completion_tokens
            for choice in chunk.choices:
                piece = choice.delta.content if choice.delta else None
                if piece:
                    pieces += 1
                    if reply.first_token_s is None:
                        reply.first_token_s = time.perf_counter() - start
                    reply.text += piece
                    on_delta(piece)
                if choice.finish_reason:
                    reply.finish_reason = choice.finish_reason
    finally:
        stream.close()
        reply.total_s = time.perf_counter() - start
        if reply.completion_tokens is None and pieces:  # stopped before the usage chunk: one piece ≈ one token
            reply.completion_tokens = pieces
        from ..datasets.models import cost

        reply.cost_usd = cost(model, reply.prompt_tokens, reply.completion_tokens)
    return reply
