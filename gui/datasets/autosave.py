"""Unsaved changes written to the recovery file three seconds after the last one, off
the UI thread, so a crash loses at most those seconds (core.datasets.recovery)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.datasets import recovery
from core.datasets.document import Document

from .. import tasks
from ..i18n import shown_error, tr

AUTOSAVE_MS = 3000  # after the last change


class Autosave(QObject):
    saved = Signal(str)  # the recovery file
    failed = Signal(str)  # why it could not be written, in words

    def __init__(self, document: Callable[[], Document | None], busy: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        """``document()``: the document with changes to keep (None: none, undone back to
        the saved state); while ``busy()`` (a file loading), nothing is written or cleared."""
        super().__init__(parent)
        self._document = document
        self._busy = busy
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.now)

    def schedule(self, *_args: Any) -> None:
        self._timer.start()

    def now(self) -> None:
        if self._busy():
            return
        doc = self._document()
        if doc is None:  # undone back to the saved state
            recovery.clear()
            return
        snapshot, kind, source = list(doc.examples), doc.kind, doc.source.path

        def done(path: Path) -> None:
            self.saved.emit(str(path))

        def failed(exc: BaseException) -> None:
            self.failed.emit(tr("Could not autosave: {error}").format(error=shown_error(exc)))

        tasks.write(lambda: recovery.autosave(snapshot, kind, source), done, failed, parent=self)  # in order

    def forget(self) -> None:
        """The user saved or discarded the changes: nothing is left to recover."""
        self._timer.stop()
        recovery.clear()
