"""A candidate: a model at a provider, asked in its own way (system prompt, few-shot
turns, parameters), so a base model can get a one-shot prompt while the tuned model
gets the short one it was trained with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..jobs import names
from .testset import Item


@dataclass(slots=True)
class Candidate:
    provider: str  # a provider id (e.g. "local", "openai")
    model: str
    system: str | None = None  # None: the test item's own system message, if it has one
    shots: list[tuple[str, str]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)  # sent as given (temperature, max_tokens, stop…)
    endpoint: str = "chat"  # or "completions", for prompt/completion models
    label: str = ""
    preset: str = ""  # the preset's name, when it came from one
    training_cost: float | None = None  # USD, for the break-even (a tuned model's job)

    @property
    def name(self) -> str:
        shown = self.label or names.label(self.model)
        return f"{shown} · {self.preset}" if self.preset and not self.label else shown

    def messages(self, item: Item) -> list[dict[str, Any]]:
        system = self.system if self.system is not None else item.system
        out: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
        for user, assistant in self.shots:
            out += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
        if item.prompt is not None:
            return out + [{"role": "user", "content": item.prompt}]
        return out + item.turns

    def prompt(self, item: Item) -> str:
        """The completions endpoint's prompt: few-shot pairs run together, then the item's."""
        text = "".join(f"{u}{a}" for u, a in self.shots)
        return text + (item.prompt if item.prompt is not None else item.input_text)

    def to_json(self) -> dict[str, Any]:
        return {"provider": self.provider, "model": self.model, "system": self.system,
                "shots": [list(s) for s in self.shots], "params": self.params, "endpoint": self.endpoint,
                "label": self.label, "preset": self.preset, "training_cost": self.training_cost}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Candidate:
        return cls(str(data["provider"]), str(data["model"]), data.get("system"),
                   [(str(u), str(a)) for u, a in data.get("shots") or []], dict(data.get("params") or {}),
                   str(data.get("endpoint") or "chat"), str(data.get("label") or ""), str(data.get("preset") or ""),
                   data.get("training_cost"))

    @classmethod
    def from_preset(cls, provider: str, model: str, preset: Any, **extra: Any) -> Candidate:
        """From a Chat preset (core.chat.request.Preset): its prompt, shots and the
        parameters switched on."""
        from ..chat.request import Params

        return cls(provider, model, preset.system if preset.system.strip() else None, list(preset.shots),
                   Params.from_json(preset.params).request(), preset=preset.name, **extra)
