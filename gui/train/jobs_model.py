"""The jobs table: one row per fine-tuning job of the selected provider."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.jobs import names as model_names
from core.jobs.monitor import is_terminal
from core.util.text import format_duration

from ..i18n import QT_TR_NOOP, tr

COLUMNS = (QT_TR_NOOP("Status"), QT_TR_NOOP("Base model"), QT_TR_NOOP("Suffix"), QT_TR_NOOP("Created"), QT_TR_NOOP("Elapsed / ETA"),
           QT_TR_NOOP("Resulting model"))
STATUS_TEXT = {
    "validating_files": QT_TR_NOOP("Checking files"),
    "queued": QT_TR_NOOP("Queued"),
    "running": QT_TR_NOOP("Running"),
    "succeeded": QT_TR_NOOP("Succeeded"),
    "failed": QT_TR_NOOP("Failed"),
    "cancelled": QT_TR_NOOP("Cancelled"),
}


def suffix_of(job: Any) -> str:
    suffix = (getattr(job, "model_extra", None) or {}).get("user_provided_suffix")
    if suffix:
        return str(suffix)
    name = getattr(job, "fine_tuned_model", None) or ""
    parts = name.split(":")
    return parts[3] if name.startswith("ft:") and len(parts) >= 5 else ""


def timing(job: Any, eta: int | None, now: float | None = None) -> str:
    now = now or time.time()
    start = getattr(job, "created_at", None)
    if not start:
        return ""
    end = getattr(job, "finished_at", None)
    if is_terminal(job.status):
        return format_duration(max(0, (end or now) - start))
    text = format_duration(max(0, now - start))
    if eta:
        text += " · " + tr("{duration} left").format(duration=format_duration(max(0, eta - now)))
    return text


class JobsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.jobs: list[Any] = []
        self.etas: dict[str, int | None] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.jobs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return tr(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.jobs)):
            return None
        job = self.jobs[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and col == 5:
            return job.fine_tuned_model or None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return tr(STATUS_TEXT.get(job.status, job.status))
            if col == 1:
                return job.model
            if col == 2:
                return suffix_of(job)
            if col == 3:
                when = time.localtime(job.created_at)
                same_day = time.strftime("%Y%m%d", when) == time.strftime("%Y%m%d")
                return time.strftime("%H:%M" if same_day else "%b %d %H:%M", when)
            if col == 4:
                return timing(job, self.etas.get(job.id))
            if col == 5:
                return model_names.label(job.fine_tuned_model or "")
        if role == Qt.ItemDataRole.UserRole:
            return job.id
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            from PySide6.QtGui import QColor

            return {"failed": QColor("#c62828"), "succeeded": QColor("#2e7d32")}.get(job.status)
        return None

    def set_jobs(self, jobs: list[Any]) -> None:
        """Replace the rows, keeping rows that stay in place (selection survives)."""
        old = [j.id for j in self.jobs]
        new = [j.id for j in jobs]
        if old == new:
            self.jobs = list(jobs)
            if jobs:
                self.dataChanged.emit(self.index(0, 0), self.index(len(jobs) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self.jobs = list(jobs)
        self.endResetModel()

    def update_job(self, job: Any, eta: int | None) -> None:
        self.etas[job.id] = eta
        for row, j in enumerate(self.jobs):
            if j.id == job.id:
                self.jobs[row] = job
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.jobs.insert(0, job)
        self.endInsertRows()

    def row_of(self, job_id: str) -> int:
        for row, j in enumerate(self.jobs):
            if j.id == job_id:
                return row
        return -1


CHECKPOINT_COLUMNS = (QT_TR_NOOP("Step"), QT_TR_NOOP("Model"), QT_TR_NOOP("Training loss"), QT_TR_NOOP("Validation loss"),
                      "")  # the last: "Chat with this" in every row
CHAT_COLUMN = 4


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


class CheckpointsModel(QAbstractTableModel):
    """A job's checkpoints, updated in place as they arrive (a poll that brings none
    changes nothing on screen). The last column is a link: "Chat with this"."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.checkpoints: list[Any] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.checkpoints)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CHECKPOINT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "" if section == CHAT_COLUMN else tr(CHECKPOINT_COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.checkpoints):
            return None
        ckpt, col = self.checkpoints[index.row()], index.column()
        name = ckpt.fine_tuned_model_checkpoint
        if role == Qt.ItemDataRole.DisplayRole:
            m = ckpt.metrics
            return (str(ckpt.step_number), model_names.label(name), fmt(getattr(m, "train_loss", None)),
                    fmt(getattr(m, "valid_loss", None)), tr("Chat with this"))[col]
        if role == Qt.ItemDataRole.ToolTipRole and col in (1, CHAT_COLUMN):
            return name if col == 1 else tr('Chat with the checkpoint at step {step_number}').format(step_number=ckpt.step_number)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == CHAT_COLUMN:
            return tr('Chat with the checkpoint at step {step_number}').format(step_number=ckpt.step_number)
        if role == Qt.ItemDataRole.UserRole:
            return name
        return None

    def set_checkpoints(self, checkpoints: list[Any]) -> None:
        old = [c.fine_tuned_model_checkpoint for c in self.checkpoints]
        new = [c.fine_tuned_model_checkpoint for c in checkpoints]
        if new[: len(old)] != old:  # another job, or a different list: start again
            self.beginResetModel()
            self.checkpoints = list(checkpoints)
            self.endResetModel()
            return
        if len(new) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self.checkpoints = list(checkpoints)
            self.endInsertRows()
        else:
            self.checkpoints = list(checkpoints)
        if old:  # metrics can arrive after the checkpoint
            self.dataChanged.emit(self.index(0, 2), self.index(len(old) - 1, 3))
