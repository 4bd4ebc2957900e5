"""Token statistics and what a training run would cost (cloud) or take (this computer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .models import ModelInfo, price_table

MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25
DEFAULT_EPOCHS = 3


def default_epochs(n_examples: int) -> int:
    """OpenAI's rule for n_epochs="auto"."""
    n = max(1, n_examples)
    if n * DEFAULT_EPOCHS < MIN_TARGET_EXAMPLES:
        return min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n)
    if n * DEFAULT_EPOCHS > MAX_TARGET_EXAMPLES:
        return max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n)
    return DEFAULT_EPOCHS


@dataclass(slots=True)
class Distribution:
    min: int
    max: int
    mean: float
    median: float
    p10: float
    p90: float

    @classmethod
    def of(cls, values: Sequence[int]) -> Distribution:
        if len(values) == 0:
            return cls(0, 0, 0.0, 0.0, 0.0, 0.0)
        a = np.asarray(values, dtype=np.int64)
        p10, med, p90 = np.percentile(a, [10, 50, 90])
        return cls(int(a.min()), int(a.max()), round(float(a.mean()), 1), float(med), float(p10), float(p90))


@dataclass(slots=True)
class TokenStats:
    examples: int
    total: int
    trained: int
    per_example: Distribution
    trained_per_example: Distribution
    over_limit: int
    limit: int
    tokenizer: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def token_stats(totals: Sequence[int], trained: Sequence[int], limit: int, tokenizer: str) -> TokenStats:
    return TokenStats(
        examples=len(totals),
        total=int(sum(totals)),
        trained=int(sum(trained)),
        per_example=Distribution.of(totals),
        trained_per_example=Distribution.of(trained),
        over_limit=sum(1 for t in totals if t > limit),
        limit=limit,
        tokenizer=tokenizer,
    )


@dataclass(slots=True)
class Estimate:
    model: str
    epochs: int
    billed_tokens: int
    cost_usd: float | None
    price_per_1m: float | None
    prices_taken: str | None
    seconds: float | None  # local engine: training time at tokens_per_second
    tokens_per_second: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def estimate(
    totals: Sequence[int],
    info: ModelInfo,
    *,
    n_epochs: int | None = None,
    tokens_per_second: float | None = None,
) -> Estimate:
    epochs = n_epochs or default_epochs(len(totals))
    billed = epochs * sum(min(info.limit, t) for t in totals)
    cost = seconds = None
    tps = tokens_per_second or info.tokens_per_second
    if info.train_per_1m is not None:
        cost = round(billed / 1_000_000 * info.train_per_1m, 2)
    if info.local and tps:
        seconds = round(billed / tps, 1)
    return Estimate(
        model=info.name,
        epochs=epochs,
        billed_tokens=billed,
        cost_usd=cost,
        price_per_1m=info.train_per_1m,
        prices_taken=price_table().get("prices_taken") if info.train_per_1m is not None else None,
        seconds=seconds,
        tokens_per_second=tps if info.local else None,
    )


