"""Leaving a provider: Train ▸ Import from OpenAI…, Retrain Here…, Keep Its Behaviour…"""

from __future__ import annotations

from pathlib import Path

from core import paths
from core.migrate.archive import Archive

_open: dict[Path, Archive] = {}


def archive() -> Archive:
    """The data folder's import archive, opened once (its connection is shared by threads
    under a lock)."""
    root = paths.home() / "imports"
    if root not in _open:
        _open[root] = Archive(root)
    return _open[root]
