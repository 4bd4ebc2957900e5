"""Retrain Here…: an imported job trained again from its imported files — on this
computer by default, or on another provider — with every setting that had to change
shown beside the original and the reason."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.jobs.launch import launch
from core.migrate.retrain import RetrainError, plan, suggest_base
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import QT_TR_NOOP, describe, shown, shown_error, tr
from ..providers import Providers
from . import archive

COLUMNS = (QT_TR_NOOP("Setting"), QT_TR_NOOP("There"), QT_TR_NOOP("Here"), QT_TR_NOOP("Why"))


class RetrainDialog(QDialog):
    launched = Signal(str, object)  # provider id, job

    def __init__(self, providers: Providers, source: str, job_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers, self.source, self.job_id = providers, source, job_id
        self.plan: Any = None
        job = archive().job(source, job_id) or {}
        self.source_model = str(job.get("model") or "")
        self.setWindowTitle(tr("Train Again"))
        self.resize(820, 440)
        head = QLabel(tr("Train <b>{job}</b> again from the files imported from {provider}: the same data, byte for "
                         "byte.").format(job=html.escape(job_id), provider=html.escape(self._source_name())))
        head.setWordWrap(True)
        self.target = QComboBox()
        self.target.setAccessibleName(tr("Where to train"))
        for p in providers.items:
            self.target.addItem(p.name, p.id)
        self.target.setCurrentIndex(max(0, self.target.findData(LOCAL_ID)))
        self.base = QComboBox()
        self.base.setAccessibleName(tr("Base model"))
        self.base.setMinimumContentsLength(28)
        form = QFormLayout()
        form.addRow(tr("&Train on:"), self.target)
        form.addRow(tr("&Base model:"), self.base)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("How the settings carry over"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(tr("Retrain state"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = QPushButton(tr("&Start Training"))
        self.start_button.setDefault(True)
        self.start_button.setEnabled(False)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)
        self.target.currentIndexChanged.connect(self._list_models)
        self.base.currentIndexChanged.connect(self._replan)
        self.start_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self._list_models()

    def _source_name(self) -> str:
        row = archive().source(self.source)
        return row["name"] if row else self.source

    @property
    def target_id(self) -> str:
        return self.target.currentData() or ""

    def _list_models(self) -> None:
        pid = self.target_id
        self.base.clear()
        self.start_button.setEnabled(False)
        self.state.setText(tr("Asking {provider} which models it trains…").format(provider=self.providers.get(pid).name))
        providers = self.providers

        def work() -> list[str]:
            return [m.id for m in providers.client(pid, timeout=60).models.list() if not m.id.startswith("ft:")]

        def done(names: list[str]) -> None:
            if pid != self.target_id:
                return
            self.base.blockSignals(True)
            self.base.addItems(names)
            default = self.providers.settings.target_model if pid == LOCAL_ID else ""
            self.base.setCurrentText(suggest_base(self.source_model, names, default if default in names else
                                                  (names[0] if names else "")))
            self.base.blockSignals(False)
            self.state.clear()
            self._replan()

        tasks.run(work, done, lambda exc: pid == self.target_id and self.state.setText(
            describe(exc, self.providers.get(pid))))

    def _replan(self) -> None:
        self.model.setRowCount(0)
        base = self.base.currentText()
        if not base:
            return
        try:
            self.plan = plan(archive(), self.source, self.job_id, base_model=base, local=self.target_id == LOCAL_ID)
        except RetrainError as exc:
            self.plan = None
            self.state.setText(shown_error(exc))
            self.start_button.setEnabled(False)
            return
        for s in self.plan.settings:
            cells = [QStandardItem(shown(s.name)), QStandardItem(s.source), QStandardItem(s.here),
                     QStandardItem(shown(s.why))]
            if s.changed:
                font = cells[2].font()
                font.setBold(True)
                cells[2].setFont(font)
            self.model.appendRow(cells)
        self.table.resizeColumnsToContents()
        self._check(base)

    def _check(self, base: str) -> None:
        """The launch dialog's preflight on the imported files, with the target's tokenizer:
        a file the target cannot train on is said before anything is uploaded."""
        from core.jobs.preflight import describe as describe_problem
        from core.jobs.prepare import prepare_job

        request, pid = self.plan.request, self.target_id
        counted_as = self.providers.preflight_model(pid, base)
        self.state.setText(tr("Checking the imported data…"))
        self._checking = checking = getattr(self, "_checking", 0) + 1

        def work() -> Any:
            valid = request.validation_path
            return prepare_job(counted_as, train_file=request.training_path, validation="file" if valid else "none",
                               valid_file=valid, n_epochs=request.n_epochs).preflight

        def done(pre: Any) -> None:
            if checking != self._checking:
                return
            text = shown(pre.summary())
            if pre.errors:
                first = "; ".join(shown(describe_problem(f, d)) for f, d in pre.errors[:3])
                text += " " + tr("%n error(s) must be fixed first: {first}", None, len(pre.errors)).format(first=first)
            elif pre.warnings:
                text += " " + tr("%n warning(s).", None, len(pre.warnings))
            self.state.setText(text)
            self.start_button.setEnabled(not pre.errors)

        def failed(exc: BaseException) -> None:
            if checking == self._checking:
                self.state.setText(shown_error(exc))

        tasks.run(work, done, failed)

    def start(self) -> None:
        if self.plan is None:
            return
        pid, request = self.target_id, self.plan.request
        self.start_button.setEnabled(False)
        self.state.setText(tr("Uploading the imported files to {provider}…").format(provider=self.providers.get(pid).name))
        providers = self.providers

        def done(job: Any) -> None:
            self.launched.emit(pid, job)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.start_button.setEnabled(True)
            self.state.setText(describe(exc, self.providers.get(pid)))

        tasks.run(lambda: launch(providers.client(pid, timeout=600), request), done, failed)
