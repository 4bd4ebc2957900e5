"""The Train tab's right side: everything about the selected job — progress, a live
loss/accuracy chart, the event log, checkpoints (each to chat with), hyperparameters,
the error — and the buttons that act on it (the tab says what they do)."""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.jobs import names as model_names
from core.jobs.monitor import JobTracker
from core.providers import LOCAL_ID
from core.util.text import format_duration

from ..i18n import tr
from ..migrate.imported import ImportedActions, is_imported
from .chart import MetricsChart
from .jobs_model import CHAT_COLUMN, STATUS_TEXT, CheckpointsModel, fmt, suffix_of


class LinkDelegate(QStyledItemDelegate):
    """Text drawn as a link (a click on it acts; see JobPanel._checkpoint_clicked)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.font.setUnderline(True)
        option.palette.setColor(option.palette.ColorRole.Text, option.palette.color(option.palette.ColorRole.Link))


class JobPanel(QWidget):
    checkpoint_chosen = Signal(str)  # a checkpoint's model name, to chat with

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tracker: JobTracker | None = None
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(tr("Selected job"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Training progress"))
        self.progress.setTextVisible(True)
        self.eta = QLabel()
        self.eta.setAccessibleName(tr("Elapsed time and time left"))
        prow = QHBoxLayout()
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.eta)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(tr("Job error"))
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet("QLabel { color: #b71c1c; }")
        self.error.hide()
        self.chart = MetricsChart()

        self.details = QTabWidget()
        self.details.setAccessibleName(tr("Job details"))
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setAccessibleName(tr("Event log"))
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.log.setFont(mono)
        self.details.addTab(self.log, tr("&Events"))
        self.checkpoints_model = CheckpointsModel(self)
        self.checkpoints = QTableView()
        self.checkpoints.setModel(self.checkpoints_model)
        self.checkpoints.setAccessibleName(tr("Checkpoints"))
        self.checkpoints.verticalHeader().hide()
        self.checkpoints.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checkpoints.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checkpoints.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.checkpoints.setWordWrap(False)
        self.checkpoints.setMouseTracking(True)
        self.checkpoints.setItemDelegateForColumn(CHAT_COLUMN, LinkDelegate(self.checkpoints))
        self.checkpoints.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, CHAT_COLUMN):
            self.checkpoints.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.details.addTab(self.checkpoints, tr("Check&points"))
        hp = QWidget()
        self.hp_form = QFormLayout(hp)
        self.hp_labels: dict[str, QLabel] = {}
        for key, label in (("n_epochs", tr("Epochs")), ("batch_size", tr("Batch size")),
                           ("learning_rate_multiplier", tr("Learning-rate multiplier")), ("seed", tr("Seed")),
                           ("training_file", tr("Training file")), ("validation_file", tr("Validation file")),
                           ("trained_tokens", tr("Trained tokens")), ("id", tr("Job id"))):
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            self.hp_labels[key] = value
            self.hp_form.addRow(tr('{label}:').format(label=label), value)
        self.details.addTab(hp, tr("&Hyperparameters"))

        self.cancel_button = QPushButton(tr("&Cancel Job"))
        self.cancel_button.setAccessibleName(tr("Cancel the selected job"))
        self.chat_button = QPushButton(tr("C&hat with This Model"))
        self.chat_button.setAccessibleName(tr("Chat with the resulting model"))
        self.export_button = QPushButton(tr("E&xport…"))
        self.export_button.setAccessibleName(tr("Export the resulting model or a checkpoint"))
        self.evaluate_button = QPushButton(tr("E&valuate…"))
        self.evaluate_button.setAccessibleName(tr("Evaluate the resulting model on held-out examples"))
        self.csv_button = QPushButton(tr("&Download Results CSV…"))
        self.csv_button.setAccessibleName(tr("Download the step metrics as CSV"))
        self.imported_actions = ImportedActions(self)
        self.imported_actions.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.imported_actions)
        buttons.addStretch(1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.evaluate_button)
        buttons.addWidget(self.chat_button)

        rv = QVBoxLayout(self)
        rv.setContentsMargins(8, 0, 0, 0)
        rv.addWidget(self.heading)
        rv.addLayout(prow)
        rv.addWidget(self.error)
        rv.addWidget(self.chart, 3)
        rv.addWidget(self.details, 2)
        rv.addLayout(buttons)
        self.checkpoints.clicked.connect(self._checkpoint_clicked)
        self.checkpoints.entered.connect(lambda index: self.checkpoints.viewport().setCursor(  # a link looks like one
            Qt.CursorShape.PointingHandCursor if index.column() == CHAT_COLUMN else Qt.CursorShape.ArrowCursor))
        self.checkpoints.activated.connect(  # Enter or a double click on any column
            lambda index: self.checkpoint_chosen.emit(index.data(Qt.ItemDataRole.UserRole)))
        self.show_tracker(None, "")

    def show_tracker(self, tracker: JobTracker | None, provider_id: str) -> None:
        """Everything about ``tracker``'s job, as listed by ``provider_id`` (a provider, or an
        import archive: its jobs cannot be cancelled or exported, only retrained)."""
        self.tracker = tracker
        imported = is_imported(provider_id)
        job = tracker.job if tracker else None
        self.setEnabled(job is not None)
        if job is None:
            self.heading.setText(tr("<b>No job selected</b>"))
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat("")
            self.eta.setText("")
            self.error.hide()
            self.chart.clear()
            self.log.clear()
            self.checkpoints_model.set_checkpoints([])
            for label in self.hp_labels.values():
                label.setText("—")
            for b in (self.cancel_button, self.chat_button, self.csv_button, self.evaluate_button, self.export_button):
                b.setEnabled(False)
            return
        status = STATUS_TEXT.get(job.status, job.status)
        name = (model_names.label(job.fine_tuned_model) if job.fine_tuned_model
                else tr("{model} (training)").format(model=job.model + (":" + suffix_of(job) if suffix_of(job) else "")))
        self.heading.setText(f"<b>{html.escape(status)}</b> · {html.escape(name)}")
        step, total = tracker.progress
        if job.status == "succeeded":
            total = total or 1
            step = total
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(step)
            self.progress.setFormat(tr('Step {step:,} of {total:,} (%p%)').format(step=step, total=total))
        elif tracker.finished:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat(status)
        else:
            self.progress.setRange(0, 0)  # busy: no step count yet
            self.progress.setFormat(status)
        self.refresh_eta()
        error = tracker.error
        self.error.setText(tr("The job failed: {error}").format(error=error) if error else "")
        self.error.setVisible(bool(error))
        self.chart.set_metrics(tracker.metrics, total)
        if not tracker.metrics:
            self.chart.clear(tr("Loss and accuracy appear here as the job trains.") if not tracker.finished
                             else tr("This job reported no metrics."))
        self._fill_log(tracker)
        self._fill_checkpoints(tracker)
        hp = getattr(job, "hyperparameters", None)
        method = getattr(job, "method", None)
        sup = getattr(method, "supervised", None) if method is not None else None
        hp = getattr(sup, "hyperparameters", None) or hp
        for key in ("n_epochs", "batch_size", "learning_rate_multiplier"):
            self.hp_labels[key].setText(fmt(getattr(hp, key, None) if hp is not None else None))
        self.hp_labels["seed"].setText(fmt(getattr(job, "seed", None)))
        self.hp_labels["training_file"].setText(fmt(job.training_file))
        self.hp_labels["validation_file"].setText(fmt(job.validation_file))
        self.hp_labels["trained_tokens"].setText(
            f"{job.trained_tokens:,}" if job.trained_tokens else tr("counted when the job succeeds")
            if not tracker.finished else "—")
        self.hp_labels["id"].setText(job.id)
        self.cancel_button.setEnabled(not tracker.finished)
        self.cancel_button.setVisible(not imported)
        self.imported_actions.setVisible(imported)
        if imported:
            self.imported_actions.show_job(provider_id, job)
        self.chat_button.setEnabled(bool(job.fine_tuned_model))
        self.evaluate_button.setEnabled(bool(job.fine_tuned_model))
        self.export_button.setEnabled(bool(job.fine_tuned_model) and provider_id == LOCAL_ID)
        self.export_button.setVisible(not imported)
        self.csv_button.setEnabled(bool(job.result_files) or bool(tracker.metrics))

    def _fill_log(self, tracker: JobTracker) -> None:
        lines = []
        for e in tracker.events:
            stamp = time.strftime("%H:%M:%S", time.localtime(e.created_at))
            level = "" if e.level == "info" else f"[{e.level}] "
            lines.append(f"{stamp}  {level}{e.message}")
        text = "\n".join(lines)
        if text != self.log.toPlainText():
            bar = self.log.verticalScrollBar()
            at_end = bar.value() >= bar.maximum() - 2
            self.log.setPlainText(text)
            if at_end:
                bar.setValue(bar.maximum())

    def _fill_checkpoints(self, tracker: JobTracker) -> None:
        self.checkpoints_model.set_checkpoints(tracker.checkpoints)

    def _checkpoint_clicked(self, index: QModelIndex) -> None:
        """One click on the link chats (where one click activates, ``activated`` did)."""
        style = self.checkpoints.style()
        single = style.styleHint(QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick, None, self.checkpoints)
        if index.column() == CHAT_COLUMN and not single:
            self.checkpoint_chosen.emit(index.data(Qt.ItemDataRole.UserRole))

    def refresh_eta(self) -> None:
        t = self.tracker
        if t is None or t.job is None:
            self.eta.setText("")
            return
        job = t.job
        now = time.time()
        if t.finished:
            end = job.finished_at or now
            self.eta.setText(tr("took {duration}").format(duration=format_duration(max(0, end - job.created_at))))
            return
        text = tr("{duration} so far").format(duration=format_duration(max(0, now - job.created_at)))
        if t.eta:
            text += ", " + tr("about {duration} left").format(duration=format_duration(max(0, t.eta - now)))
        self.eta.setText(text)
