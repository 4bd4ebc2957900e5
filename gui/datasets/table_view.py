"""The examples table: rows selected whole, no sort until the user asks, the filter
proxy between it and the dataset's model, and rows named by their place in the dataset
(not on screen); above it the filter (text, errors or warnings) and the loading bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from .table_model import FIELD_ROLE, ExamplesFilter, ExamplesModel

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


class ExamplesPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(tr("Filter examples (Ctrl+F)"))
        self.filter_edit.setAccessibleName(tr("Filter examples"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_mode = QComboBox()
        self.filter_mode.addItems([tr("All examples"), tr("Only errors"), tr("Only warnings")])
        self.filter_mode.setAccessibleName(tr("Show"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Loading progress"))
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.table = ExamplesTable()
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.filter_mode)
        bar.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.filter_mode.currentIndexChanged.connect(self._apply_filter)

    def _apply_filter(self) -> None:
        self.table.proxy.set_filter(self.filter_edit.text(), self.filter_mode.currentIndex())

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def go_to(self, row: int, field: Any) -> None:
        """Show the example at ``row`` (its place in the dataset), at ``field`` when it has a
        column; the filter is cleared first so it is on screen."""
        self.filter_edit.clear()
        self.filter_mode.setCurrentIndex(ExamplesFilter.ALL)
        model = self.table.proxy.sourceModel()
        column = 0
        if field:
            for col in range(model.columnCount()):
                if model.index(row, col).data(FIELD_ROLE) in field:
                    column = col
                    break
        source = model.index(row, column)
        index = self.table.proxy.mapFromSource(source) if source.isValid() else QModelIndex()
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
