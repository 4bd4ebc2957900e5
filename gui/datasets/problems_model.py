"""The Problems list as a model over the diagnostics: no item objects, so nothing for
Python and C++ to release twice, and 2,000 problems cost one reset instead of 2,000
widget items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyle, QWidget

from core.datasets import Severity
from core.datasets.model import Diagnostic

from ..i18n import shown, tr

SHOWN = 2000
INDEX_ROLE = Qt.ItemDataRole.UserRole  # the example's index, or -1
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1  # the field path, or ""


def describe(d: Diagnostic) -> str:
    where = []
    if d.index is not None:
        where.append(tr("example {number}").format(number=d.index + 1))
    if d.line:
        where.append(tr("line {line}").format(line=d.line))
    if d.field:
        where.append(d.field)
    return tr("{where}: {message}").format(where=tr(", ").join(where), message=shown(d.message)) if where \
        else shown(d.message)


class ProblemsModel(QAbstractListModel):
    def __init__(self, style_from: QWidget, parent=None) -> None:
        super().__init__(parent)
        style = style_from.style()
        self.icons = {Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                      Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        self.diags: list[Diagnostic] = []
        self.hidden = 0

    def set_diagnostics(self, diags: list[Diagnostic]) -> None:
        self.beginResetModel()
        self.diags = list(diags[:SHOWN])
        self.hidden = max(0, len(diags) - SHOWN)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.diags) + (1 if self.hidden else 0)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if row >= len(self.diags):
            return tr("… and %Ln more", None, self.hidden) if role == Qt.ItemDataRole.DisplayRole and self.hidden else None
        d = self.diags[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(d)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icons.get(d.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return d.code + (" — " + tr("fix: {fix}").format(fix=shown(d.fix.description)) if d.fix else "")
        if role == INDEX_ROLE:
            return -1 if d.index is None else d.index
        if role == FIELD_ROLE:
            return d.field or ""
        return None
