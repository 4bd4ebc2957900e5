"""The examples table: rows selected whole, no sort until the user asks, the filter
proxy between it and the dataset's model, and rows named by their place in the dataset
(not on screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QHeaderView, QTableView, QWidget

from ..i18n import tr
from .table_model import ExamplesFilter, ExamplesModel

WIDTHS = {"status": 28, "tokens": 70, "turns": 70}  # the other columns share the rest


class ExamplesTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = ExamplesFilter()
        self.setTabKeyNavigation(False)  # Tab leaves the table (arrows move between cells)
        self.setAccessibleName(tr("Examples"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # No sort until the user asks: sorting 100,000 rows on every arriving chunk would
        # freeze the window (QHeaderView would otherwise sort by column 0 at once).
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setModel(self.proxy)
        corner = self.findChild(QAbstractButton)
        if corner is not None:
            corner.setAccessibleName(tr("Select all examples"))

    def show_model(self, model: ExamplesModel) -> None:
        self.proxy.setSourceModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.size_columns()
        model.modelReset.connect(self.size_columns)

    def size_columns(self) -> None:
        header = self.horizontalHeader()
        model = self.proxy.sourceModel()
        for col in range(model.columnCount()):
            field = model.field(col)
            if field in WIDTHS:
                header.resizeSection(col, WIDTHS[field])
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)

    def current_row(self) -> int:
        """The current example's place in the dataset (-1: none)."""
        index = self.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else -1

    def selected_rows(self) -> list[int]:
        return sorted({self.proxy.mapToSource(i).row() for i in self.selectionModel().selectedRows()})

    def select_source_row(self, row: int) -> None:
        self.selectRow(self.proxy.mapFromSource(self.proxy.sourceModel().index(row, 0)).row())
