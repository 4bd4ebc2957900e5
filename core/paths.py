"""Every path TuneDesk writes to comes from here, so one variable can move them all.

``TUNEDESK_HOME`` relocates everything (tests, portable installs); otherwise the
platform's usual per-user data folder is used.
"""

from __future__ import annotations

import os
import sys
from importlib import resources as _resources
from pathlib import Path

APP_NAME = "TuneDesk"


def home() -> Path:
    env = os.environ.get("TUNEDESK_HOME")
    if env:
        root = Path(env).expanduser()
    elif sys.platform == "win32":
        root = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        root = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "tunedesk"
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
