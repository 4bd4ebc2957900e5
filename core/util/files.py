"""Files written safely: to a temporary file beside the target, fsynced, renamed over it,
with the previous version kept as ``NAME.bak``. Used by datasets, settings, chats,
presets and exports alike."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path


def atomic_write(path: str | os.PathLike[str], chunks: Iterable[bytes], *, backup: bool = True) -> Path:
    """Write to a temporary file beside ``path``, fsync, then rename over it.

    The previous version, if any, is kept as ``path.bak``. A crash at any moment leaves
    either the old file or the new one, never half of either.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(path))
    _remove_orphans(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a save keeps the file's own permissions,
        # and a new file gets the usual ones (0666 less the umask).
        if os.name != "nt":
            os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        if backup and path.exists():
            # A hard link keeps the old version without a moment where `path` is missing.
            bak = path.with_name(path.name + ".bak")
            bak.unlink(missing_ok=True)
            try:
                os.link(path, bak)
            except OSError:
                shutil.copy2(path, bak)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dfd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    return path


def _umask() -> int:
    # Read, not set and reset: os.umask is process-wide, and another thread may be
    # creating files at this moment.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def _remove_orphans(path: Path) -> None:
    """Temporary files that saves of ``path`` killed half-way left behind (their writer's
    process id is in the name, and that process is gone)."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # no cheap check there; leaving a stray file is the safe side
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
