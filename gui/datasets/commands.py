"""Undoable edits of an open dataset. Every change to the examples goes through one of
these, so Undo and Redo cover everything."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from core.datasets.change import State
from core.datasets.document import Document
from core.datasets.model import Example


class DatasetController(Protocol):
    """What a command changes: the open document, through the controller's four edits
    (gui/datasets/controller.py provides them; this module does not import it)."""

    doc: Document

    def set_row(self, row: int, data: Any, raw: str | None = None) -> None: ...

    def insert_rows(self, row: int, examples: list[Example], checked: Any = None) -> None: ...

    def remove_rows(self, rows: list[int]) -> None: ...

    def apply_state(self, state: State, recheck: bool = False) -> None: ...


class SetData(QUndoCommand):
    def __init__(self, ctl: DatasetController, row: int, new: Any, text: str = "") -> None:
        super().__init__(text)
        self.ctl, self.row, self.new = ctl, row, new
        ex = ctl.doc.examples[row]
        self.old, self.old_raw = ex.data, ex.raw

    def redo(self) -> None:
        self.ctl.set_row(self.row, self.new)

    def undo(self) -> None:
        self.ctl.set_row(self.row, self.old, raw=self.old_raw)


class InsertRows(QUndoCommand):
    def __init__(self, ctl: DatasetController, row: int, examples: list[Example], text: str,
                 checked: Any = None) -> None:
        super().__init__(text)
        self.ctl, self.row, self.examples, self.checked = ctl, row, examples, checked

    def redo(self) -> None:
        # checks made off the UI thread serve the first time; a redo after an undo checks again
        checked, self.checked = self.checked, None
        self.ctl.insert_rows(self.row, self.examples, checked)

    def undo(self) -> None:
        self.ctl.remove_rows(list(range(self.row, self.row + len(self.examples))))


class RemoveRows(QUndoCommand):
    """A few rows go (and come back) in runs of neighbours, keeping the view where it is;
    many rows (over ``MANY_ROWS``) go as one state swap, and undo swaps the state from
    before back in: no row is inserted or checked again."""

    MANY_ROWS = 1000

    def __init__(self, ctl: DatasetController, rows: list[int], text: str = "") -> None:
        super().__init__(text)
        self.ctl, self.rows = ctl, sorted(set(rows))
        self.before: State | None = None
        self.after: State | None = None
        if len(self.rows) > self.MANY_ROWS:
            from core.datasets.change import without

            self.before = ctl.doc.state()
            self.after = without(self.before, self.rows)
            self.removed: list[Example] = []
        else:
            self.removed = [ctl.doc.examples[r] for r in self.rows]

    def redo(self) -> None:
        if self.after is not None:
            self.ctl.apply_state(self.after, recheck=True)  # the checks across the dataset follow
        else:
            self.ctl.remove_rows(self.rows)

    def undo(self) -> None:
        if self.before is not None:
            self.ctl.apply_state(self.before)
            return
        # Back in runs of neighbouring rows: one insert (and one round of dataset checks)
        # per run, not per row.
        i = 0
        while i < len(self.rows):
            j = i + 1
            while j < len(self.rows) and self.rows[j] == self.rows[j - 1] + 1:
                j += 1
            self.ctl.insert_rows(self.rows[i], self.removed[i:j])
            i = j


class ApplyState(QUndoCommand):
    """An operation computed off the UI thread (core.datasets.change): redo swaps its
    result in, undo swaps back the state from before; both are assignments."""

    def __init__(self, ctl: DatasetController, before: State, after: State, text: str) -> None:
        super().__init__(text)
        self.ctl, self.before, self.after = ctl, before, after

    def redo(self) -> None:
        self.ctl.apply_state(self.after)

    def undo(self) -> None:
        self.ctl.apply_state(self.before)
