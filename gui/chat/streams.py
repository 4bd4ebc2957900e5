"""Replies being written: text arrives on worker threads and is drawn by one timer at
most every 100 ms, re-rendering only the replies being written; the chat's reply is
saved every second while it streams, so a crash loses at most the last second."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

from core.chat.store import Store

THROTTLE_MS = 100


class StreamColumn:
    """One reply being written into a QTextBrowser: text arrives on a worker thread and
    is drawn by the throttle timer, re-rendering only this reply."""

    def __init__(self, view: QTextBrowser) -> None:
        self.view = view
        self.text = ""
        self.drawn = -1
        self.anchor = 0
        self.lock = threading.Lock()

    def begin(self) -> None:
        self.text, self.drawn = "", -1
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock()  # the reply starts on its own line, below its heading
        self.anchor = cursor.position()

    def add(self, piece: str) -> None:  # worker thread
        with self.lock:
            self.text += piece

    def draw(self, final: bool = False) -> None:
        with self.lock:
            text = self.text
        if len(text) == self.drawn and not final:
            return
        self.drawn = len(text)
        bar = self.view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.anchor)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.insertMarkdown(text if final else text + " ▍")  # the bar says it is still writing
        if at_end:
            bar.setValue(bar.maximum())


class Streams(QObject):
    running = Signal(bool)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.columns: list[StreamColumn] = []
        self.streaming = False
        self.stop_event = threading.Event()
        self._saving: tuple[int, StreamColumn] | None = None
        self._saved_at = 0.0
        self._throttle = QTimer(self)
        self._throttle.setInterval(THROTTLE_MS)
        self._throttle.timeout.connect(self._draw)

    def start(self, columns: list[StreamColumn], saving: tuple[int, StreamColumn] | None = None) -> None:
        """Draw ``columns`` as they grow; ``saving`` = (message id, column) is saved every second."""
        self.columns = columns
        self.streaming = True
        self._saving = saving
        self.stop_event.clear()
        self._throttle.start()
        self.running.emit(True)

    def end(self) -> None:
        self._throttle.stop()
        self._saving = None
        for column in self.columns:
            column.draw(final=True)
        self.streaming = False
        self.running.emit(False)

    def _draw(self) -> None:
        for column in self.columns:
            column.draw()
        if self._saving is not None and time.monotonic() - self._saved_at >= 1.0:
            mid, column = self._saving
            with column.lock:
                text = column.text
            self.store.update_message(mid, text)
            self._saved_at = time.monotonic()

    def stop(self) -> None:
        self.stop_event.set()

    def shutdown(self) -> None:
        self.stop_event.set()
        self._throttle.stop()
