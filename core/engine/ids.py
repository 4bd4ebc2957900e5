"""Ids in OpenAI's patterns: file-…, ftjob-…, ftevent-…, ftckpt_…, and model names."""

from __future__ import annotations

import re
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def _rand(n: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(n))


def file_id() -> str:
    return f"file-{_rand(22)}"


def job_id() -> str:
    return f"ftjob-{_rand(24)}"


def event_id() -> str:
    return f"ftevent-{_rand(24)}"


def checkpoint_id() -> str:
    return f"ftckpt_{_rand(24)}"


OWNER = "personal"


def fine_tuned_name(base: str, suffix: str | None) -> str:
    """`ft:{base}:{owner}:{suffix}:{8 chars}`; an empty suffix is allowed."""
    return f"ft:{base}:{OWNER}:{suffix or ''}:{_rand(8)}"


def checkpoint_name(model: str, step: int) -> str:
    return f"{model}:ckpt-step-{step}"


SUFFIX_OK = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
