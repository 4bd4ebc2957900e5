"""Where a provider's fine-tuning is closing: what stops, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..i18n import tr
from ..providers.profiles import OPENAI_URL, OPENAI_WIND_DOWN, ProviderKind


@dataclass(frozen=True)
class Closing:
    provider: str  # its name
    last_day: dt.date  # no new jobs after this day

    def days_left(self, today: dt.date | None = None) -> int:
        return (self.last_day - (today or dt.date.today())).days

    def notice(self, today: dt.date | None = None) -> str:
        days = self.days_left(today)
        day = self.last_day.isoformat()  # the same in every language
        if days >= 0:
            when = tr("%Ln day(s) left", None, days) if days else tr("today is the last day")
            head = tr("{provider} stops taking new fine-tuning jobs after {day} ({when}); new organisations are "
                      "already refused.", provider=self.provider, day=day, when=when)
        else:
            head = tr("{provider} stopped taking new fine-tuning jobs after {day}.", provider=self.provider, day=day)
        return tr("{head} Models tuned there stop answering when their base model is retired. Import your jobs, "
                  "training files and loss curves, train them again on this computer, or keep a tuned model's "
                  "behaviour by training on its answers.", head=head)


def closing(provider: Any) -> Closing | None:
    """OpenAI's own API (not Azure, not another endpoint) is closing its fine-tuning."""
    kind = getattr(provider, "kind", None)
    url = (getattr(provider, "base_url", "") or OPENAI_URL).rstrip("/")
    if kind == ProviderKind.OPENAI and url == OPENAI_URL:
        return Closing(getattr(provider, "name", "OpenAI") or "OpenAI", dt.date.fromisoformat(OPENAI_WIND_DOWN))
    return None
