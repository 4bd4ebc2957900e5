"""Typed settings over QSettings, stored under TUNEDESK_HOME. Secrets never go here."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from core import paths

MAX_RECENT = 10


class Settings:
    def __init__(self) -> None:
        self.q = QSettings(str(paths.settings_dir() / "tunedesk.ini"), QSettings.Format.IniFormat)

    # window
    def _bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.q.setValue("window/geometry", value)

    def _strings(self, key: str) -> list[str]:
        value = self.q.value(key, [])
        if isinstance(value, str):  # QSettings gives back a one-item list as a plain string
            value = [value]
        return [v for v in (value or []) if isinstance(v, str)]

    # recent files
    @property
    def recent_files(self) -> list[str]:
        return self._strings("files/recent")

    def add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        items = [p for p in self.recent_files if p != path]
        self.q.setValue("files/recent", [path, *items][:MAX_RECENT])

    # estimate
    @property
    def target_model(self) -> str:
        return str(self.q.value("datasets/target_model", "gpt-4o-mini"))

    @target_model.setter
    def target_model(self, value: str) -> None:
        self.q.setValue("datasets/target_model", value)

    @property
    def language(self) -> str:
        """The interface's language: '' (the system's), 'en' or 'zh_CN'."""
        return str(self.q.value("general/language", ""))

    @language.setter
    def language(self, value: str) -> None:
        self.q.setValue("general/language", value)

    # providers and training
    @property
    def engine_models(self) -> dict[str, str]:
        """Extra base models for the local engine: name -> folder or .gguf file."""
        value = self.q.value("engine/models", "")
        try:
            data = json.loads(value) if isinstance(value, str) and value else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    @engine_models.setter
    def engine_models(self, value: dict[str, str]) -> None:
        self.q.setValue("engine/models", json.dumps(value, ensure_ascii=False))

    @property
    def train_provider(self) -> str:
        return str(self.q.value("train/provider", "local"))

    @train_provider.setter
    def train_provider(self, value: str) -> None:
        self.q.setValue("train/provider", value)

    @property
    def active_jobs(self) -> list[str]:
        """'provider/job' of jobs that were still running when last seen: followed at start."""
        return self._strings("train/active_jobs")

    @active_jobs.setter
    def active_jobs(self, value: list[str]) -> None:
        self.q.setValue("train/active_jobs", list(value))

    def sync(self) -> None:
        self.q.sync()
