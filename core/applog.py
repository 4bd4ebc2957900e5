"""The app's log file: `DATA/logs/tunedesk.log`, rotated at 1 MB (three kept), with
anything that looks like an API key or a bearer token replaced before it is written.

`setup()` is called once when the app starts; uncaught exceptions, on any thread, are
written here with their traceback (the app also shows them; see gui/crash.py).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from pathlib import Path

from . import paths

LOG_NAME = "tunedesk.log"
_SECRET = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}"                       # OpenAI-style keys (sk-…, sk-proj-…)
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/=\-]{8,}"       # Authorization: Bearer …
    r"|(?i:api[-_]?key)[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9._\-]{8,})"  # api_key=…, "api-key": "…"
)


def redact(text: str) -> str:
    return _SECRET.sub("[redacted]", text)


class _Redacting(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_path() -> Path:
    return paths.logs_dir() / LOG_NAME


def setup(level: int = logging.INFO) -> Path:
    """Log to the file (idempotent); returns its path."""
    path = log_path()
    root = logging.getLogger()
    if not any(getattr(h, "_tunedesk", False) for h in root.handlers):
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
        handler.setFormatter(_Redacting("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
        handler._tunedesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(min(root.level or level, level))
    return path


def log_uncaught(exc_type, exc, tb, *, where: str = "") -> None:
    logging.getLogger("tunedesk").error("Uncaught exception%s", f" in {where}" if where else "",
                                        exc_info=(exc_type, exc, tb))


def install_hooks(on_error=None) -> None:
    """Write uncaught exceptions (main thread and others) to the log, then tell
    ``on_error(summary)`` if given."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log_uncaught(exc_type, exc, tb)
        if on_error is not None:
            on_error(redact(f"{exc_type.__name__}: {exc}"))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        log_uncaught(args.exc_type, args.exc_value, args.exc_traceback,
                     where=f"thread {args.thread.name if args.thread else '?'}")
        if on_error is not None:
            on_error(redact(f"{args.exc_type.__name__}: {args.exc_value}"))

    sys.excepthook = hook
    threading.excepthook = thread_hook
