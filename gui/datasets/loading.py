"""A file streaming into an open dataset: rows appear as soon as the first chunk is read
and the rest follows. Reading, validating and counting run in a child process (see
core.datasets.background); this thread only takes in the finished chunks, in batches
five times a second (each insertion re-lays out and repaints the table, so fewer,
larger ones keep the window responsive)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.datasets.background import Finished, load_in_child
from core.datasets.readers import ReadError, Sniffed

from .. import tasks
from ..i18n import tr
from . import gc_pause
from .controller import DatasetController


class FileLoad(QObject):
    kind_known = Signal()  # the columns are set: the target model may have changed
    first_rows = Signal()
    progress = Signal(int)  # percent of the file's bytes taken in, four times a second
    finished = Signal(object)  # core.datasets.background.Finished, the document told
    failed = Signal(object)  # the exception that stopped it; what was read is kept, as a new file

    def __init__(self, ctl: DatasetController, path: Path, mapping: dict[str, str] | None, chat_model: str | None,
                 sniffed: Sniffed | None, parent: QObject | None = None) -> None:
        """``sniffed``: what the window's reader found, so the reader process does not sniff again."""
        super().__init__(parent)
        self.ctl = ctl
        self.path = path
        self._size = max(1, path.stat().st_size)
        self._done_bytes = 0
        self._pending: list[tuple] = []
        self._cancelled = False
        self._gc_paused = False
        self._batch = QTimer(self)
        self._batch.setSingleShot(True)
        self._batch.setInterval(200)
        self._batch.timeout.connect(self._apply_pending)
        # QProgressBar.setValue repaints the window at once; a timer keeps that to 4 a second.
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(lambda: self.progress.emit(min(100, self._done_bytes * 100 // self._size)))
        self._messages = load_in_child(path, mapping, chat_model, sniffed)

    def start(self) -> None:
        self._ticker.start()
        self._pause_gc()
        tasks.run(self._work, self._finished, self._failed, self._arrived, parent=self)

    def cancel(self) -> None:
        """Another file was opened, or the dataset closed: stop reading (the child too)."""
        self._cancelled = True
        self._stop()
        self.release()

    def release(self) -> None:
        """Let go of the dataset (this small object stays with the tab until it goes)."""
        self.ctl = None  # type: ignore[assignment]
        self._pending = []

    def _stop(self) -> None:
        self._ticker.stop()
        self._batch.stop()
        self._resume_gc()

    def _work(self, report: Any) -> Finished | None:
        try:
            for message in self._messages:
                if self._cancelled:
                    return None
                if message[0] == "end":
                    return message[1]
                report(message)
        finally:
            self._messages.close()  # stops the child if we leave early
        raise ReadError(tr("{path}: reading ended without a result").format(path=self.path))

    def _arrived(self, message: tuple) -> None:
        if self._cancelled:
            return
        self._pending.append(message)
        if message[0] == "kind" or (message[0] == "rows" and message[1].start == 0):
            self._apply_pending()  # the first rows at once
        elif not self._batch.isActive():
            self._batch.start()

    def _apply_pending(self) -> None:
        pending, ctl = self._pending, self.ctl
        if self._cancelled or ctl is None or not pending:
            return
        kind = next((m for m in pending if m[0] == "kind"), None)
        if kind is not None and (kind[1] is not ctl.doc.kind or kind[2] != ctl.doc.model):
            ctl.set_kind(kind[1], kind[2])  # before any row: the columns depend on it
            self.kind_known.emit()
        rows = [m[1] for m in pending if m[0] == "rows"]
        if rows:
            ctl.add_chunks(rows)
            self._done_bytes += sum(len(e.blob or b"") + 1 for c in rows for e in c.examples)
        for message in pending:
            if message[0] == "counts":
                _, start, counts = message
                ctl.doc.set_counts(start, counts)
                ctl.model.column_changed("tokens", start, start + len(counts) - 1)
        first = rows and rows[0].start == 0
        pending.clear()
        if first:
            self.first_rows.emit()

    def _finished(self, result: Finished | None) -> None:
        if result is None or self._cancelled:
            return
        self._apply_pending()
        self._stop()
        doc = self.ctl.doc
        doc.read_diags = list(result.read_diagnostics)
        doc.source = result.source
        doc.set_dataset_diagnostics(result.dataset_diagnostics)
        self.ctl.model.all_changed()
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        if self._cancelled:
            return
        self._stop()
        # What was read stays on screen, but Save must not write it over the file it
        # is only part of: Save asks for a new name (a partly read file saved in place
        # lost its rows, and the next save its backup too).
        source = self.ctl.doc.source
        source.format = "partial"
        source.path = self.path.with_name(tr("{name} (partly read)").format(name=self.path.stem) + ".jsonl")
        self.failed.emit(exc)

    # Python's full garbage collections walk every object; with 100,000 examples arriving
    # they stall the window for 40-70 ms each, several times during a load. Loading makes
    # no reference cycles, so collection waits until it ends, and the loaded examples are
    # then frozen (gc.freeze) so later collections skip them; reference counting still
    # frees them when the dataset is closed.
    def _pause_gc(self) -> None:
        if not self._gc_paused:
            self._gc_paused = True
            gc_pause.pause()

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc_pause.resume()
