"""Undoable edits of an open dataset. Every change to the examples goes through one of
these, so Undo and Redo cover everything."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from core.datasets.document import Document
from core.datasets.model import Example, Kind


class DatasetController(Protocol):
    """What a command changes: the open document, through the controller's four edits
    (gui/datasets/controller.py provides them; this module does not import it)."""

    doc: Document

    def set_row(self, row: int, data: Any, raw: str | None = None) -> None: ...

    def insert_rows(self, row: int, examples: list[Example], checked: Any = None) -> None: ...

    def remove_rows(self, rows: list[int]) -> None: ...

    def replace_all(self, examples: list[Example], kind: Kind) -> None: ...


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
    def __init__(self, ctl: DatasetController, rows: list[int], text: str = "") -> None:
        super().__init__(text)
        self.ctl, self.rows = ctl, sorted(rows)
        self.removed = [ctl.doc.examples[r] for r in self.rows]

    def redo(self) -> None:
        self.ctl.remove_rows(self.rows)

    def undo(self) -> None:
        # Back in runs of neighbouring rows: one insert (and one round of dataset checks)
        # per run, not per row.
        i = 0
        while i < len(self.rows):
            j = i + 1
            while j < len(self.rows) and self.rows[j] == self.rows[j - 1] + 1:
                j += 1
            self.ctl.insert_rows(self.rows[i], self.removed[i:j])
            i = j


class ReplaceAll(QUndoCommand):
    """Bulk actions (set the system prompt, apply fixes, dedupe, shuffle, convert)."""

    def __init__(self, ctl: DatasetController, examples: list[Example], text: str, kind: Any = None) -> None:
        super().__init__(text)
        self.ctl = ctl
        self.before, self.before_kind = list(ctl.doc.examples), ctl.doc.kind
        self.after, self.after_kind = examples, kind or ctl.doc.kind

    def redo(self) -> None:
        self.ctl.replace_all(self.after, self.after_kind)

    def undo(self) -> None:
        self.ctl.replace_all(self.before, self.before_kind)
