"""The packaged Linux app puts itself in the applications menu and in "Open with" for
datasets (.jsonl, .csv, .tsv, .xlsx, .json) the first time it runs, and again when it has
been moved: the tarball can be unpacked anywhere, and a .desktop entry needs the
executable's absolute path. macOS (Info.plist) and Windows installers do this their own way.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from core import paths

log = logging.getLogger("tunedesk.desktop")


def entry_text(exe: str | Path, icon: str | Path) -> str:
    return paths.resource("tunedesk.desktop").read_text(encoding="utf-8").format(exe=exe, icon=icon)


def _render_icon(target: Path) -> bool:
    from PySide6.QtGui import QIcon

    pixmap = QIcon(str(paths.resource("icons/tunedesk.svg"))).pixmap(256, 256)
    return not pixmap.isNull() and pixmap.save(str(target), "PNG")


def register(data_home: Path | None = None) -> Path | None:
    """Write (or refresh) the menu entry, icon and JSON Lines file type for this
    executable; the entry's path, or None when there is nothing to do here."""
    if not (getattr(sys, "frozen", False) and sys.platform.startswith("linux")):
        return None
    share = data_home or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    icon = share / "icons" / "hicolor" / "256x256" / "apps" / "tunedesk.png"
    entry = share / "applications" / "tunedesk.desktop"
    mime = share / "mime" / "packages" / "tunedesk.xml"
    text = entry_text(sys.executable, icon)
    if entry.exists() and entry.read_text(encoding="utf-8", errors="replace") == text and icon.exists():
        return entry
    try:
        for folder in (icon.parent, entry.parent, mime.parent):
            folder.mkdir(parents=True, exist_ok=True)
        if not _render_icon(icon):
            return None
        shutil.copyfile(paths.resource("tunedesk-mime.xml"), mime)
        tmp = entry.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, entry)
    except OSError as exc:
        log.warning("could not add TuneDesk to the applications menu: %s", exc)
        return None
    for tool, arg in (("update-mime-database", share / "mime"), ("update-desktop-database", entry.parent)):
        if shutil.which(tool):
            subprocess.run([tool, str(arg)], capture_output=True, timeout=60, check=False)
    log.info("added TuneDesk to the applications menu: %s", entry)
    return entry
