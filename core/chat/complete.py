"""Completion models, as the legacy tutorials use them: a raw prompt that ends with the
separator the model was trained with, a stop sequence, and for classifiers the
probability of each label read from the first token's log-probabilities.

No chat template is involved: the prompt goes to the completions endpoint as it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..datasets.model import Example
from ..datasets.validate import _common_suffix, _is_boundary, class_labels, common_ending, completion_pairs, infer_task

LEGACY_COMPLETION_MODELS = ("davinci-002", "babbage-002")
MAX_LABELS = 20
TOP_LOGPROBS = 5  # the most the completions endpoint gives


@dataclass
class Hints:
    """What the training data says about using the model."""

    separator: str = ""  # every prompt ends with it: end yours with it too
    stop: str = ""  # every completion ends with it: pass it as stop
    labels: list[str] = field(default_factory=list)  # a classifier's answers, as trained (leading space kept)


def is_completion_model(model: str, fmt: str | None = None) -> bool:
    """Whether ``model`` is used through the completions endpoint: the engine says so
    (``format``), or it is (a tuned) davinci-002 / babbage-002."""
    if fmt:
        return fmt == "completion"
    base = model.split(":")[1] if model.startswith("ft:") and ":" in model[3:] else model
    return base in LEGACY_COMPLETION_MODELS


def hints(examples: Sequence[Example]) -> Hints | None:
    """Separator, stop sequence and labels from prompt/completion training data (None
    when the examples are not prompt/completion pairs)."""
    pairs = completion_pairs(examples)
    if not pairs:
        return None
    prompts, completions = [p for p, _ in pairs], [c for _, c in pairs]
    out = Hints()
    suffix = _common_suffix(prompts)
    if suffix.strip() and _is_boundary(suffix):
        out.separator = suffix
    ending = common_ending(completions)
    out.stop = ending.rstrip("\n") or ending  # the new line after it is not what to pass as stop
    if infer_task(prompts, completions) == "classification":
        labels = class_labels(completions, ending)
        if len(labels) <= MAX_LABELS:
            out.labels = labels
    return out


def stream(client: Any, model: str, prompt: str, params: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    """The completion as it is written: (text, finish_reason when it ends)."""
    for chunk in client.completions.create(model=model, prompt=prompt, stream=True, **params):
        if chunk.choices:
            choice = chunk.choices[0]
            yield choice.text or "", choice.finish_reason


def label_probabilities(client: Any, model: str, prompt: str, labels: Sequence[str]) -> list[tuple[str, float]]:
    """Each label's probability of being the answer, from the first token's top
    log-probabilities (a label counts the tokens it starts with; the tutorials advise
    labels of one token, which the check flags otherwise). Most likely first."""
    out = client.completions.create(model=model, prompt=prompt, max_tokens=1, temperature=0, logprobs=TOP_LOGPROBS)
    logprobs = out.choices[0].logprobs
    top: dict[str, float] = dict(logprobs.top_logprobs[0]) if logprobs and logprobs.top_logprobs else {}
    scored = []
    for label in labels:
        p = sum(math.exp(lp) for token, lp in top.items() if token and token.strip() and label.startswith(token))
        scored.append((label, p))
    return sorted(scored, key=lambda item: -item[1])
