"""Owns an open dataset: the core Document, its table model and its undo stack.

Widgets ask the controller for changes; the controller changes the document through
undoable commands and tells the model exactly which rows changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from core.datasets.document import Document, dataset_checks
from core.datasets.load import Chunk
from core.datasets.model import Example, Kind, Source

from .. import tasks
from ..i18n import tr
from .commands import InsertRows, RemoveRows, ReplaceAll, SetData
from .table_model import ExamplesModel

SYNC_RECHECK = 5000  # examples: up to here the dataset-wide checks run at once after an edit


class DatasetController(QObject):
    example_changed = Signal(int)  # row
    rows_changed = Signal()  # rows added, removed or replaced
    diagnostics_changed = Signal()

    def __init__(self, doc: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.model = ExamplesModel(doc, self)
        self.undo = QUndoStack(self)
        self.model.edit_requested.connect(lambda row, data: self.edit(row, data))
        self._generation = 0
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(300)
        self._recheck.timeout.connect(self._recheck_in_background)

    @classmethod
    def new(cls, kind: Kind = Kind.CHAT) -> DatasetController:
        return cls(Document(kind, Source(path=None)))

    @property
    def path(self) -> Path | None:
        return self.doc.source.path if self.doc.source.format == "jsonl" else None

    # -- requests (undoable) -----------------------------------------------------------
    def edit(self, row: int, data: Any, text: str = "") -> None:
        self.undo.push(SetData(self, row, data, text or tr("Edit example")))

    def add(self, row: int, examples: list[Example], text: str = "", checked: Any = None) -> None:
        self.undo.push(InsertRows(self, row, examples, text or tr("Add example"), checked))

    def delete(self, rows: list[int]) -> None:
        if rows:
            self.undo.push(RemoveRows(self, rows, tr("Delete %Ln example(s)", None, len(rows))))

    def bulk(self, examples: list[Example], text: str, kind: Kind | None = None) -> None:
        self.undo.push(ReplaceAll(self, examples, text, kind))

    # -- the changes themselves (called by the commands) --------------------------------
    def set_row(self, row: int, data: Any, raw: str | None = None) -> None:
        self.doc.set_data(row, data, raw)
        self._after_change()
        self.model.row_changed(row)
        self.example_changed.emit(row)

    def insert_rows(self, row: int, examples: list[Example], checked: Any = None) -> None:
        """``checked``: the examples' diagnostics and counts, made off the UI thread by
        ``Document.checked`` (else they are made here, in one batch)."""
        self.model.beginInsertRows(self.model.index(0, 0).parent(), row, row + len(examples) - 1)
        self.doc.insert_many(row, examples, checked)
        self.model.endInsertRows()
        self._after_change()
        self.rows_changed.emit()

    def remove_rows(self, rows: list[int]) -> None:
        # From the end, a run of neighbouring rows at a time (one removal per run).
        ordered = sorted(set(rows), reverse=True)
        i = 0
        while i < len(ordered):
            j = i + 1
            while j < len(ordered) and ordered[j] == ordered[j - 1] - 1:
                j += 1
            first, last = ordered[j - 1], ordered[i]
            self.model.beginRemoveRows(self.model.index(0, 0).parent(), first, last)
            for row in range(last, first - 1, -1):
                self.doc.remove(row)
            self.model.endRemoveRows()
            i = j
        self._after_change()
        self.rows_changed.emit()

    def replace_all(self, examples: list[Example], kind: Kind) -> None:
        self.model.beginResetModel()
        source = self.doc.source
        fresh = Document(kind, source, self.doc.model)
        fresh.read_diags = self.doc.read_diags
        fresh.extend(examples)
        self.doc = fresh
        self.model.doc = fresh
        from .table_model import COLUMNS

        self.model.columns = COLUMNS[kind]
        self.model.endResetModel()
        self._after_change()
        self.rows_changed.emit()

    def set_kind(self, kind: Kind, model: str) -> None:
        """While a file loads, before its first rows: what the examples are and the model
        that counts them."""
        from .table_model import COLUMNS

        self.model.beginResetModel()
        self.doc.kind = kind
        self.doc.model = model  # no rows yet: nothing to count again
        self.model.columns = COLUMNS[kind]
        self.model.endResetModel()

    def add_chunks(self, chunks: list[Chunk]) -> None:
        """Rows arriving while a file loads (not undoable: it is the file as read)."""
        n = sum(len(c.examples) for c in chunks)
        if not n:
            return
        start = len(self.doc)
        self.model.beginInsertRows(self.model.index(0, 0).parent(), start, start + n - 1)
        for chunk in chunks:
            self.doc.add_chunk(chunk)
        self.model.endInsertRows()

    def _after_change(self) -> None:
        """The changed example is re-validated already (Document does it); the checks
        across the whole dataset (duplicates, size, lengths) follow. On a small dataset
        they take a few milliseconds; on a large one (0.3 s at 100,000 examples) they run
        in the background a moment after the last edit."""
        if len(self.doc) <= SYNC_RECHECK:
            self.doc.refresh()
        else:
            self._recheck.start()
        self.diagnostics_changed.emit()

    def _recheck_in_background(self) -> None:
        doc = self.doc
        self._generation += 1
        generation = self._generation
        snapshot = (list(doc.examples), doc.kind, [list(d) for d in doc.example_diags],
                    [c[0] for c in doc.counts], doc.model)

        def done(diags: list) -> None:
            if generation == self._generation and self.doc is doc:
                doc.set_dataset_diagnostics(diags)
                self.diagnostics_changed.emit()

        tasks.run(lambda: dataset_checks(*snapshot), done)
