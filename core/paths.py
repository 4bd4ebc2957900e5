"""Every path TuneDesk writes to comes from here, so one variable can move them all.

``TUNEDESK_HOME`` relocates everything (tests, portable installs); otherwise the
platform's per-user data folder from QStandardPaths is used (``TuneDesk`` under the
generic data location: ``~/.local/share``, ``~/Library/Application Support``,
``%LOCALAPPDATA%``).
"""

from __future__ import annotations

import os
import sys
from importlib import resources as _resources
from pathlib import Path

APP_NAME = "TuneDesk"


def default_home() -> Path:
    """The per-user data folder when ``TUNEDESK_HOME`` is not set. The app asks Qt's
    QStandardPaths (``gui.launch`` puts its answer in ``TUNEDESK_HOME`` for itself and
    every process it starts); this is the same rule for code that runs without Qt."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def legacy_home() -> Path | None:
    """Where versions before 0.2 kept their data, if that folder exists: it stays in use so
    nobody's datasets, jobs and chats disappear after an update."""
    if sys.platform == "win32":
        old = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    elif sys.platform == "darwin":
        return None  # the same folder as today
    else:
        old = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "tunedesk"
    return old if old.is_dir() and (old / "settings").is_dir() else None


def home() -> Path:
    env = os.environ.get("TUNEDESK_HOME")
    root = Path(env).expanduser() if env else (legacy_home() or default_home())
    root.mkdir(parents=True, exist_ok=True)
    return root


def _sub(name: str) -> Path:
    path = home() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    return _sub("cache")


def engine_dir() -> Path:
    return _sub("engine")


def settings_dir() -> Path:
    return _sub("settings")


def recovery_dir() -> Path:
    return _sub("recovery")


def chats_db() -> Path:
    return home() / "chats.sqlite"


def logs_dir() -> Path:
    return _sub("logs")


def resource(name: str) -> Path:
    """A file shipped in ``resources/`` (works from a checkout, a wheel or a frozen app)."""
    return Path(str(_resources.files("resources").joinpath(name)))
