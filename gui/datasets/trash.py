"""Whole versions of a dataset nobody can reach any more, freed a slice at a time.

A new edit deletes the undone commands above it; each may hold a state of 100,000
examples with their checks. Freeing that at once is 100-150 ms with the GIL held: a
frozen window. Here its lists are emptied a couple of thousand items per pass of the
event loop instead. A list someone else still holds is only let go of (freeing it is
then theirs)."""

from __future__ import annotations

import sys
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer

from core.datasets.change import State

SLICE = 2000  # items freed at once: about a millisecond
BUDGET_S = 0.004  # per pass of the event loop


class Trash(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lists: list[list[Any]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._free_some)

    def add_state(self, state: State) -> None:
        for lst in (state.examples, state.example_diags, state.counts, state.dataset_diags, state.problems):
            if lst:
                self._lists.append(lst)
        if self._lists and not self._timer.isActive():
            self._timer.start()

    def add_command(self, command: Any) -> None:
        """Take what an undo command about to be deleted holds: its states, and the
        examples it removed or would insert."""
        for name in ("before", "after"):
            state = getattr(command, name, None)
            if isinstance(state, State):
                setattr(command, name, None)
                self.add_state(state)
        for name in ("removed", "examples"):
            held = getattr(command, name, None)
            if isinstance(held, list) and held:
                setattr(command, name, [])
                self._lists.append(held)
        if self._lists and not self._timer.isActive():
            self._timer.start()

    def _free_some(self) -> None:
        end = time.perf_counter() + BUDGET_S
        while self._lists and time.perf_counter() < end:
            lst = self._lists.pop()
            if sys.getrefcount(lst) > 2:  # this name and the call's argument: someone else has it
                continue
            del lst[-SLICE:]
            if lst:
                self._lists.append(lst)
        if not self._lists:
            self._timer.stop()

    @property
    def empty(self) -> bool:
        return not self._lists
