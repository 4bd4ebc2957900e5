"""The Evaluate tab's lists: stored runs and the models to compare."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from core.evals import Candidate

from ..i18n import tr


class ListModel(QAbstractListModel):
    """A list of plain values shown one per row (``show`` says how)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        return self.show(self.items[index.row()], role) if index.isValid() else None

    def show(self, item: Any, role: int) -> Any:
        return str(item) if role == Qt.ItemDataRole.DisplayRole else None


class RunsModel(ListModel):
    """(id, name, created, answered, total) per stored run."""

    def show(self, item: Any, role: int) -> Any:
        run_id, name, created, done, total = item
        if role == Qt.ItemDataRole.DisplayRole:
            when = time.strftime("%b %d %H:%M", time.localtime(created))
            state = "" if done >= total else f" · {done}/{total}"
            return f"{name}\n{when}{state}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return name
        if role == Qt.ItemDataRole.UserRole:
            return run_id
        return None

    def row_of(self, run_id: int | None) -> int:
        return next((i for i, r in enumerate(self.items) if r[0] == run_id), -1)


class CandidatesModel(ListModel):
    def show(self, c: Candidate, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            how = c.preset or (tr("the test set's own system prompt") if c.system is None else tr("its own system prompt"))
            return f"{c.name}  —  {how}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.model
        return None
