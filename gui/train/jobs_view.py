"""The jobs table: one row per job of the chosen provider, updated in place by polls."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..i18n import tr
from .jobs_model import JobsModel

ETA_COLUMN = 4


class JobsTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = JobsModel(self)
        self.setModel(self.jobs)
        self.setAccessibleName(tr("Fine-tuning jobs"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # ft:…:suffix:id keeps both ends
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def select_job(self, job_id: str | None) -> None:
        """Make ``job_id``'s row the current one (nothing happens when it already is)."""
        row = self.jobs.row_of(job_id) if job_id else -1
        if row < 0:
            return
        current = self.currentIndex()
        if current.isValid() and current.row() == row:
            return
        self.selectionModel().setCurrentIndex(
            self.jobs.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def tick(self) -> None:
        """Elapsed times and ETAs move on between polls."""
        rows = self.jobs.rowCount()
        if rows:
            self.jobs.dataChanged.emit(self.jobs.index(0, ETA_COLUMN), self.jobs.index(rows - 1, ETA_COLUMN))
