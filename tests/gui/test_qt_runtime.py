"""The Qt binding itself: signals that carry Python values between threads must keep
those values' reference counts. PySide6 6.12.0 does not (None, True and False lose a
reference per cross-thread emission; on Python 3.11 the app aborts with
'none_dealloc' after a few thousand), which is why pyproject.toml excludes it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QThread, Signal


class _Relay(QObject):
    carried = Signal(object)


class _Emitter(QThread):
    def __init__(self, relay: _Relay, value: object, times: int) -> None:
        super().__init__()
        self.relay, self.value, self.times = relay, value, times

    def run(self) -> None:
        for _ in range(self.times):
            self.relay.carried.emit(self.value)


def test_values_crossing_threads_keep_their_references(qtbot):
    relay = _Relay()
    received: list[object] = []
    relay.carried.connect(received.append)
    sentinel = object()
    for value in (sentinel, None, True):
        received.clear()
        before = sys.getrefcount(value)
        emitter = _Emitter(relay, value, 200)
        emitter.start()
        assert emitter.wait(10_000)
        qtbot.waitUntil(lambda: len(received) == 200)
        received.clear()
        del emitter
        # Other code may take a few references to None or True meanwhile; the bug loses one per emission.
        assert sys.getrefcount(value) >= before - 20, f"{value!r} lost references crossing threads"
