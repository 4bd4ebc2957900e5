"""The Evaluate tab's run list (left) and run bar (below): Run/Resume, Stop, the
progress and what is happening. The bar owns a going run: the ``Runner`` on a pool
thread, whose answers arrive through a queue drained five times a second, so the window
stays responsive however fast they come."""

from __future__ import annotations

import queue
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QProgressBar, QPushButton, QVBoxLayout, QWidget

from core.evals import EvalStore, Runner
from core.evals.store import Result, Run

from .. import tasks
from ..i18n import describe, tr
from ..providers import Providers
from .lists import RunsModel

DRAIN_MS = 200


class RunList(QWidget):
    chosen = Signal(int)  # run id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs_model = RunsModel(self)
        self.runs_view = QListView()
        self.runs_view.setModel(self.runs_model)
        self.runs_view.setAccessibleName(tr("Evaluation runs"))
        self.runs_view.setWordWrap(True)
        self.new_button = QPushButton(tr("&New Run"))
        self.delete_button = QPushButton(tr("De&lete Run"))
        lv = QVBoxLayout(self)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(tr("Runs")))
        lv.addWidget(self.runs_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        lv.addLayout(row)
        self.runs_view.selectionModel().currentChanged.connect(
            lambda current, _previous: current.isValid() and self.chosen.emit(current.data(Qt.ItemDataRole.UserRole)))

    def set_runs(self, runs: list[Any], current: int | None) -> None:
        """The stored runs, ``current`` selected (without saying it was chosen)."""
        self.runs_model.set_items(runs)
        row = self.runs_model.row_of(current)
        if row >= 0:
            self.runs_view.selectionModel().blockSignals(True)
            self.runs_view.setCurrentIndex(self.runs_model.index(row))
            self.runs_view.selectionModel().blockSignals(False)

    def clear_choice(self) -> None:
        self.runs_view.clearSelection()


class RunBar(QWidget):
    answered = Signal(object)  # the set of items with new answers
    ended = Signal(object, object)  # the Runner, the exception that ended it (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner: Runner | None = None
        self._incoming: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._results: dict[tuple[int, int], Result] = {}
        self._providers: Providers | None = None
        self.started = 0.0
        self._todo = 0
        self._answered = 0
        self.run_button = QPushButton(tr("&Run"))
        self.run_button.setAccessibleName(tr("Run the evaluation"))
        self.stop_button = QPushButton(tr("S&top"))
        self.stop_button.setAccessibleName(tr("Stop the evaluation"))
        self.stop_button.setEnabled(False)
        self.export_button = QPushButton(tr("Ex&port…"))
        self.export_button.setAccessibleName(tr("Export the run as CSV, HTML or Markdown"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Evaluation progress"))
        self.progress.setFormat(tr("%v of %m answers"))
        self.progress.setTextVisible(False)  # until there is a run to count
        self.state = QLabel()
        self.state.setAccessibleName(tr("Evaluation state"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.run_button)
        bottom.addWidget(self.stop_button)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bottom)
        layout.addWidget(self.state)
        self._drain = QTimer(self)
        self._drain.setInterval(DRAIN_MS)
        self._drain.timeout.connect(self._take_results)
        self.stop_button.clicked.connect(self.stop)

    def show_run(self, run: Run | None, results: dict[tuple[int, int], Result]) -> None:
        if run is not None:
            self.progress.setRange(0, run.size)
            self.progress.setValue(sum(1 for r in results.values() if r.ok))
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        self.progress.setTextVisible(run is not None)

    def go(self, store: EvalStore, run: Run, results: dict[tuple[int, int], Result], providers: Providers,
           concurrency: int) -> None:
        """Ask for the run's missing answers; each arrives in ``results`` (then ``answered``)."""
        self._results, self._providers = results, providers
        self.runner = runner = Runner(store, run, lambda pid: providers.client(pid, timeout=300, max_retries=0),
                                      concurrency=concurrency, on_result=self._incoming.put,
                                      on_wait=lambda pid, s, exc: self._incoming.put(("wait", pid, s, exc)))
        self._todo = len(store.missing(run))
        self._answered = 0
        self.started = time.monotonic()
        self.state.setText(tr("Asking %Ln question(s)…", None, self._todo))
        self._drain.start()
        tasks.run(runner.run_all, lambda _n: self._finished(runner, None), lambda exc: self._finished(runner, exc))

    def stop(self) -> None:
        if self.runner is not None:
            self.runner.stop()
            self.state.setText(tr("Stopping after the answers on their way…"))

    def _finished(self, runner: Runner, exc: BaseException | None) -> None:
        self._take_results()
        self._drain.stop()
        self.runner = None
        self.ended.emit(runner, exc)

    def say_ended(self, runner: Runner, exc: BaseException | None, missing: int, failed: int) -> None:
        if exc is not None:
            self.state.setText(describe(exc))
        elif runner.stop_event.is_set():
            self.state.setText(tr("Stopped with %Ln answer(s) to go; Resume asks only for those.", None, missing))
        else:
            self.state.setText(tr("Done in {seconds:.0f} s").format(seconds=time.monotonic() - self.started)
                               + ("; " + tr("%Ln failed (Resume asks them again)", None, failed) if failed else ""))

    def _take_results(self) -> None:
        """Drain what the workers delivered: a few row updates, never a full reset."""
        changed: set[int] = set()
        for _ in range(10_000):
            try:
                got = self._incoming.get_nowait()
            except queue.Empty:
                break
            if isinstance(got, tuple):
                _, pid, seconds, exc = got
                provider = self._providers.get(pid) if self._providers else None
                self.state.setText(describe(exc, provider) + " " + tr("Waiting {seconds:.0f} s.").format(seconds=seconds))
                continue
            if self.runner is None:
                continue
            self._results[(got.cand, got.item)] = got
            changed.add(got.item)
            self._answered += 1
        if not changed:
            return
        self.progress.setValue(sum(1 for r in self._results.values() if r.ok))
        elapsed = time.monotonic() - self.started
        left = (self._todo - self._answered) * elapsed / max(1, self._answered)
        self.state.setText(tr('{answered:,} of {todo:,} answered · about {left:.0f} s left')
                           .format(answered=self._answered, todo=self._todo, left=left))
        self.answered.emit(changed)

    def shutdown(self) -> None:
        if self.runner is not None:
            self.runner.stop()
        self._drain.stop()
