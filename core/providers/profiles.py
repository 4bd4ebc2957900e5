"""Provider profiles: what is needed to reach a provider, never its key.

Stored as JSON under the settings folder, written atomically. "This computer" and
OpenAI always exist; Azure and custom endpoints are added by the user.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from .. import paths
from ..util.files import atomic_write

LOCAL_ID = "local"
OPENAI_ID = "openai"
OPENAI_URL = "https://api.openai.com/v1"
AZURE_API_VERSION = "2025-04-01-preview"
# OpenAI's announcement: self-serve fine-tuning ends; no new jobs after this day.
OPENAI_WIND_DOWN = "2027-01-06"


class ProviderKind(StrEnum):
    LOCAL = "local"
    OPENAI = "openai"
    AZURE = "azure"
    CUSTOM = "custom"


@dataclass
class Provider:
    id: str
    kind: ProviderKind
    name: str
    base_url: str = ""  # custom endpoints; Azure's endpoint
    api_version: str = ""  # Azure only
    organization: str = ""
    project: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def needs_key(self) -> bool:
        return self.kind is not ProviderKind.LOCAL

    def to_json(self) -> dict:
        data = asdict(self)
        data["kind"] = str(self.kind)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Provider:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["kind"] = ProviderKind(known.get("kind", "custom"))
        return cls(**known)


def builtin() -> list[Provider]:
    return [Provider(LOCAL_ID, ProviderKind.LOCAL, "This computer"),
            Provider(OPENAI_ID, ProviderKind.OPENAI, "OpenAI", base_url=OPENAI_URL)]


def _file() -> Path:
    return paths.settings_dir() / "providers.json"


def load_providers() -> list[Provider]:
    """The built-in providers first (with any saved changes), then the user's."""
    saved: list[Provider] = []
    try:
        raw = json.loads(_file().read_text(encoding="utf-8"))
        saved = [Provider.from_json(p) for p in raw.get("providers", []) if isinstance(p, dict)]
    except (OSError, ValueError, TypeError, KeyError):
        saved = []
    by_id = {p.id: p for p in saved}
    out = [by_id.pop(b.id, b) for b in builtin()]
    return out + list(by_id.values())


def save_providers(providers: list[Provider]) -> None:
    body = json.dumps({"version": 1, "providers": [p.to_json() for p in providers]}, ensure_ascii=False, indent=2)
    atomic_write(_file(), [body.encode("utf-8")], backup=False)


def new_id(name: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "endpoint"
    candidate, n = slug, 2
    while candidate in taken or candidate in (LOCAL_ID, OPENAI_ID):
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
