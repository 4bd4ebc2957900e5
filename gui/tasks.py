"""The one way to run work off the UI thread (Anki's QueryOp, Picard's run_task).

``run(fn, on_done, on_error)`` calls ``fn`` on a pool thread and delivers its result or
its exception on the main thread. Workers return data and never touch widgets; their
exceptions are always forwarded, never swallowed.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], relay: _Relay, with_progress: bool) -> None:
        super().__init__()
        self.fn, self.relay, self.with_progress = fn, relay, with_progress
        self.setAutoDelete(True)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.relay.progress.emit) if self.with_progress else self.fn()
        except BaseException as exc:  # noqa: BLE001 - forwarded to the caller
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_pool: QThreadPool | None = None
_live: set[_Relay] = set()


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(8)  # streams wait on the network: a comparison holds three at once
    return _pool


def run(fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None) -> None:
    """Run ``fn`` off the UI thread. With ``on_progress``, ``fn`` receives a ``report``
    callable whose values arrive, in order, on the main thread."""
    relay = _Relay()
    _live.add(relay)

    def finish(handler: Callable[[Any], None] | None, value: Any) -> None:
        _live.discard(relay)
        relay.deleteLater()
        if handler is not None:
            handler(value)
        elif isinstance(value, BaseException):
            raise value

    relay.done.connect(lambda v: finish(on_done, v))
    relay.failed.connect(lambda e: finish(on_error, e))
    if on_progress is not None:
        relay.progress.connect(on_progress)
    pool().start(_Task(fn, relay, on_progress is not None))


def wait_idle(msecs: int = 30_000) -> bool:
    return pool().waitForDone(msecs)
