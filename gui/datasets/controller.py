"""Owns an open dataset: the core Document, its table model and its undo stack.

Widgets ask the controller for changes; the controller changes the document through
undoable commands and tells the model exactly which rows changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.datasets.change import State, compute, dataset_checks, recount
from core.datasets.document import Document
from core.datasets.load import Chunk
from core.datasets.model import Example, Kind, Source
from core.datasets.models import tokenizer_factory

from .. import tasks
from ..i18n import tr
from . import gc_pause
from .commands import ApplyState, InsertRows, RemoveRows, SetData
from .table_model import COLUMNS, ExamplesModel
from .trash import Trash

SYNC_RECHECK = 5000  # examples: up to here the dataset-wide checks run at once after an edit
SYNC_OPS = 5000  # examples: up to here an operation runs at once; above, off the UI thread


@dataclass
class Outcome:
    """What an operation made: the examples after it (None: nothing to change), the kind
    they are (None: the same), the undo step's name or what to say, and a count."""

    examples: list[Example] | None
    text: str
    kind: Kind | None = None
    count: int = 0


Operation = Callable[[list[Example]], Outcome]


class DatasetController(QObject):
    example_changed = Signal(int)  # row
    rows_changed = Signal()  # rows added, removed or replaced
    diagnostics_changed = Signal()
    operation_done = Signal(object)  # Outcome, when an operation has been applied (or had nothing to do)
    busy_changed = Signal(bool)  # an operation is running off the UI thread

    def __init__(self, doc: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.model = ExamplesModel(doc, self)
        self.undo = QUndoStack(self)
        self.trash = Trash(self)
        self.model.edit_requested.connect(lambda row, data: self.edit(row, data))
        self._generation = 0
        self.version = 0  # goes up with every change: an operation computed on an older version is redone
        self.running = 0
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
    def _push(self, command: QUndoCommand) -> None:
        """Push ``command``; the undone ones above it, which the push deletes, leave their
        states to the trash (freed a slice at a time, not all at once here)."""
        for i in range(self.undo.index(), self.undo.count()):
            self.trash.add_command(self.undo.command(i))
        self.undo.push(command)

    def edit(self, row: int, data: Any, text: str = "") -> None:
        self._push(SetData(self, row, data, text or tr("Edit example")))

    def add(self, row: int, examples: list[Example], text: str = "", checked: Any = None) -> None:
        self._push(InsertRows(self, row, examples, text or tr("Add example"), checked))

    def delete(self, rows: list[int]) -> None:
        if rows:
            self._push(RemoveRows(self, rows, tr("Delete %Ln example(s)", None, len(rows))))

    def operate(self, op: Operation, on_result: Callable[[Outcome], None] | None = None) -> Outcome | None:
        """Run ``op`` on the examples and push the result as one undoable step. Up to
        ``SYNC_OPS`` examples it runs now and its Outcome is returned; above, the
        operation, the checks and the counting run off the UI thread and the Outcome
        arrives through ``operation_done`` (and ``on_result``); None is returned."""
        doc, version = self.doc, self.version
        before = doc.state()
        model = doc.model

        def work() -> tuple[Outcome, State | None]:
            out = op(before.examples)
            if out.examples is None:
                return out, None
            tokenizer = before.tokenizer or tokenizer_factory(model)()
            return out, compute(out.examples, out.kind or before.kind, model, tokenizer, before)

        def done(result: tuple[Outcome, State | None]) -> None:
            out, after = result
            if self.doc is not doc:
                return  # another dataset is open now
            if self.version != version:
                self.operate(op, on_result)  # edited meanwhile: do it again on what is there now
                return
            if after is not None:
                self._push(ApplyState(self, before, after, out.text))
            self.operation_done.emit(out)
            if on_result is not None:
                on_result(out)

        if len(doc) <= SYNC_OPS:
            result = work()
            done(result)
            return result[0]
        self._busy(+1)
        gc_pause.pause()  # a new state is being built: no full collection meanwhile

        def finished(result: tuple[Outcome, State | None]) -> None:
            self._busy(-1)
            done(result)

        what = tr("Changing the examples")

        def failed(exc: BaseException) -> None:
            self._busy(-1)
            tasks.report(what, exc)  # the default failure path: said in the status bar (and logged)

        tasks.run(work, finished, failed, parent=self, what=what, always=gc_pause.resume)
        return None

    def _busy(self, step: int) -> None:
        self.running += step
        self.busy_changed.emit(self.running > 0)

    def retarget(self, model: str, on_done: Callable[[], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        """Count and check again for another target model, off the UI thread."""
        doc, version = self.doc, self.version
        before = doc.state()

        def work() -> State:
            return recount(before, model, tokenizer_factory(model)())

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            else:
                tasks.report("", exc)

        def done(after: State) -> None:
            if self.doc is not doc:
                return
            if self.version != version:
                self.retarget(model, on_done, on_error)  # examples changed meanwhile: count again
                return
            doc.apply(after)
            self.model.column_changed("tokens", 0, max(0, len(doc) - 1))
            self.diagnostics_changed.emit()
            if on_done is not None:
                on_done()

        gc_pause.pause()
        tasks.run(work, done, failed, parent=self, what=tr("Counting tokens for {model}").format(model=model),
                  always=gc_pause.resume)

    # -- the changes themselves (called by the commands) --------------------------------
    def set_row(self, row: int, data: Any, raw: str | None = None) -> None:
        self.version += 1
        self.doc.set_data(row, data, raw)
        self._after_change()
        self.model.row_changed(row)
        self.example_changed.emit(row)

    def insert_rows(self, row: int, examples: list[Example], checked: Any = None) -> None:
        """``checked``: the examples' diagnostics and counts, made off the UI thread by
        ``Document.checked`` (else they are made here, in one batch)."""
        self.version += 1
        self.model.beginInsertRows(self.model.index(0, 0).parent(), row, row + len(examples) - 1)
        self.doc.insert_many(row, examples, checked)
        self.model.endInsertRows()
        self._after_change()
        self.rows_changed.emit()

    def remove_rows(self, rows: list[int]) -> None:
        # From the end, a run of neighbouring rows at a time (one removal per run).
        self.version += 1
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

    def apply_state(self, state: State, recheck: bool = False) -> None:
        """Swap a whole state in (an operation's result, or the one before it for undo):
        assignments and one reset of the table. ``recheck``: the state's dataset-wide
        checks are out of date (rows were taken out) and run again."""
        self.version += 1
        self.model.beginResetModel()
        self.doc.apply(state)
        self.model.doc = self.doc
        self.model.columns = COLUMNS[state.kind]
        self.model.endResetModel()
        if recheck:
            self._after_change()
        else:
            self.diagnostics_changed.emit()
        self.rows_changed.emit()

    def set_kind(self, kind: Kind, model: str) -> None:
        """While a file loads, before its first rows: what the examples are and the model
        that counts them."""
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
