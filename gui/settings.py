"""Typed settings over QSettings, stored under TUNEDESK_HOME. Secrets never go here."""

from __future__ import annotations

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

    # recent files
    @property
    def recent_files(self) -> list[str]:
        value = self.q.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if isinstance(v, str)]

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

    def sync(self) -> None:
        self.q.sync()
