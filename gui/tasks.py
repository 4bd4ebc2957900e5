"""The one way to run work off the UI thread (Anki's QueryOp, Picard's run_task).

``run(fn, on_done, on_error)`` calls ``fn`` on a pool thread and delivers its result or
its exception on the main thread. Workers return data and never touch widgets; their
exceptions are always forwarded, never swallowed:

- every failure is written to the app's log with its traceback;
- ``on_error`` gets it when given; otherwise the default failure path says it in words
  (``set_failure_handler``: the main window's status bar, details on demand);
- ``run`` returns a ``Task``: ``cancel()`` sets ``task.cancelled`` (a ``threading.Event``
  the work may watch) and drops its callbacks; with ``parent``, the callbacks are dropped
  when that object is destroyed, so a closed dialog is never called back;
- ``write(fn, …)`` runs disk writes one at a time, in the order asked (Picard's save
  pool): two saves of the same file never interleave.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("tunedesk.tasks")


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)


class Task:
    """A running piece of work: ``cancel()`` asks it to stop and drops its callbacks."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.cancelled = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self.cancelled.set()


class _Runnable(QRunnable):
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
_writer: QThreadPool | None = None
_live: set[_Relay] = set()
_failure_handler: Callable[[str, BaseException], None] | None = None


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(8)  # streams wait on the network: a comparison holds three at once
    return _pool


def writer() -> QThreadPool:
    global _writer
    if _writer is None:
        _writer = QThreadPool()
        _writer.setMaxThreadCount(1)  # one write at a time, in order
    return _writer


def set_failure_handler(handler: Callable[[str, BaseException], None] | None) -> None:
    """Who tells the user about a failure nobody else handles: ``handler(what, exc)``
    (``what``: the words the caller gave ``run``, or "")."""
    global _failure_handler
    _failure_handler = handler


def report(what: str, exc: BaseException) -> None:
    """The default failure path, for an ``on_error`` that tidies up first and then wants
    it (the failure is already in the log)."""
    if _failure_handler is not None:
        _failure_handler(what, exc)
    else:
        raise exc


def details(exc: BaseException) -> str:
    """The worker's traceback, for "details on demand"."""
    return getattr(exc, "__traceback_text__", "") or "".join(traceback.format_exception(exc))


def _start(on: QThreadPool, fn: Callable[..., Any], on_done: Callable[[Any], None] | None,
           on_error: Callable[[BaseException], None] | None, on_progress: Callable[[Any], None] | None,
           parent: QObject | None, what: str, always: Callable[[], None] | None = None) -> Task:
    task = Task(what)
    name = what or getattr(fn, "__qualname__", "a background task")
    relay = _Relay()
    _live.add(relay)
    gone = threading.Event()
    if parent is not None:
        parent.destroyed.connect(gone.set)

    def finish(handler: Callable[[Any], None] | None, value: Any, failed: bool) -> None:
        _live.discard(relay)
        relay.deleteLater()
        task.finished.set()
        if failed:
            log.error("%s failed:\n%s", name, details(value).rstrip())
        try:
            if task.cancelled.is_set() or gone.is_set():
                return  # nobody is waiting for it any more (what failed is still in the log)
            if handler is not None:
                handler(value)
            elif failed:
                report(task.what, value)
        finally:
            if always is not None:
                always()  # even when the callbacks were dropped

    relay.done.connect(lambda v: finish(on_done, v, False))
    relay.failed.connect(lambda e: finish(on_error, e, True))
    if on_progress is not None:
        relay.progress.connect(lambda v: None if task.cancelled.is_set() or gone.is_set() else on_progress(v))
    on.start(_Runnable(fn, relay, on_progress is not None))
    return task


def run(fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None, *, parent: QObject | None = None, what: str = "",
        always: Callable[[], None] | None = None) -> Task:
    """Run ``fn`` off the UI thread. With ``on_progress``, ``fn`` receives a ``report``
    callable whose values arrive, in order, on the main thread. ``always`` runs on the
    main thread when it ends, whatever happened (even cancelled, or its parent gone)."""
    return _start(pool(), fn, on_done, on_error, on_progress, parent, what, always)


def write(fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
          on_error: Callable[[BaseException], None] | None = None, *, parent: QObject | None = None,
          what: str = "") -> Task:
    """A disk write, after the writes asked before it and before those asked after."""
    return _start(writer(), fn, on_done, on_error, None, parent, what)


def wait_idle(msecs: int = 30_000) -> bool:
    return pool().waitForDone(msecs) and writer().waitForDone(msecs)
