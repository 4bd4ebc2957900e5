"""The Evaluate tab's Summary page (scores side by side, a chart, the judge) and
Examples page (each example, worst first, with every output diffed against the
reference, to mark good or bad). They show a run; the tab says which."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.evals import EvalStore
from core.evals import metrics as M
from core.evals import report as R
from core.evals.judge import agreement, judge_run
from core.evals.store import Result, Run

from .. import tasks
from ..i18n import describe, shown_error, tr
from ..providers import Providers
from .views import SORT_ROLE, BarChart, ExamplesModel, SummaryModel, diff_html

Results = dict[tuple[int, int], Result]
SUMMARY_EVERY_S = 1.0


def fill_metrics(combo: QComboBox, keys: list[str]) -> None:
    """The scores to choose from, keeping the chosen one when it is still there."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for key in keys:
        combo.addItem(tr(M.METRICS[key].label), key)
    combo.setCurrentIndex(max(0, combo.findData(keep)))
    combo.blockSignals(False)


class SummaryPage(QWidget):
    judge_requested = Signal()
    said = Signal(str)  # what the judge is doing
    judged = Signal(int)  # the run whose answers were scored
    failed = Signal(str)  # the summary could not be made

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # what to summarise, asked when it is time: (run, results, still running?) — set by the tab
        self.source: Callable[[], tuple[Run | None, Results, bool]] = lambda: (None, {}, False)
        self._due = self._busy = False
        self._gen = 0  # bumped when the summary is drawn from all results: older ones are stale
        self._last = 0.0
        self.judging: threading.Event | None = None  # set to stop the judge after the answer it is on
        self.summary_model = SummaryModel(self)
        self.summary_view = QTableView()
        self.summary_view.setModel(self.summary_model)
        self.summary_view.setAccessibleName(tr("Summary"))
        self.summary_view.verticalHeader().hide()
        self.summary_view.setWordWrap(False)
        self.summary_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart_metric = QComboBox()
        self.chart_metric.setAccessibleName(tr("Chart this score"))
        self.chart = BarChart()
        smv = QVBoxLayout(self)
        smv.addWidget(self.summary_view)
        crow = QHBoxLayout()
        chart_label = QLabel(tr("C&hart:"))
        chart_label.setBuddy(self.chart_metric)
        crow.addWidget(chart_label)
        crow.addWidget(self.chart_metric)
        crow.addStretch(1)
        self.agreement = QLabel()
        self.agreement.setAccessibleName(tr("The judge's agreement with your marks"))
        crow.addWidget(self.agreement)
        self.judge_button = QPushButton(tr("&Judge…"))
        self.judge_button.setAccessibleName(tr("Have a model score every answer from 1 to 5"))
        crow.addWidget(self.judge_button)
        smv.addLayout(crow)
        smv.addWidget(self.chart, 1)
        self.confusion = QTextBrowser()
        self.confusion.setAccessibleName(tr("Confusion matrices"))
        self.confusion.setMaximumHeight(160)
        self.confusion.hide()
        smv.addWidget(self.confusion)
        self.chart_metric.currentIndexChanged.connect(lambda _i: self.draw_chart())
        self.judge_button.clicked.connect(self.judge_requested)

    def show_run(self, run: Run | None, results: Results, metrics: list[str]) -> None:
        """Everything at once: the summary (computed here), chart, confusion matrices."""
        fill_metrics(self.chart_metric, metrics)
        if run is not None:
            self._gen += 1
        self.set_summary(run, R.summary(run, results) if run is not None else [])
        matrix = R.confusion_html(run, results) if run is not None else ""
        self.confusion.setHtml(matrix)
        self.confusion.setVisible(bool(matrix))
        self.show_agreement(run, results)

    def refresh(self) -> None:
        """New answers or marks: the summary again, computed off the UI thread (corpus BLEU
        over many examples takes a moment), at most once a second while a run goes."""
        self._due = True
        self._refresh()

    def _refresh(self) -> None:
        run, results, running = self.source()
        if not self._due or self._busy or run is None:
            return
        if time.monotonic() - self._last < SUMMARY_EVERY_S and running:
            QTimer.singleShot(int(SUMMARY_EVERY_S * 1000), self._refresh)
            return
        snapshot, gen = dict(results), self._gen
        self._due, self._busy = False, True

        def done(rows: list[R.Row]) -> None:
            self._busy = False
            self._last = time.monotonic()
            if self.source()[0] is run and gen == self._gen:  # not older than the one on screen
                self.set_summary(run, rows)
            if self._due:
                self._refresh()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.failed.emit(tr("Cannot summarise the run: {error}").format(error=shown_error(exc)))

        tasks.run(lambda: R.summary(run, snapshot), done, failed, parent=self)

    def stop_judging(self) -> None:
        if self.judging is not None:
            self.judging.set()

    def set_summary(self, run: Run | None, rows: list[R.Row]) -> None:
        self.summary_model.set_summary(run, rows)
        if run is not None:
            self._fit()
        self.draw_chart()

    def _fit(self) -> None:
        """As tall as its rows (the chart gets the rest), scrolling past a dozen."""
        view = self.summary_view
        rows = min(12, max(1, self.summary_model.rowCount()))
        height = view.horizontalHeader().height() + rows * view.verticalHeader().defaultSectionSize()
        view.setMaximumHeight(height + 2 * view.frameWidth() + view.horizontalScrollBar().sizeHint().height() + 2)

    def draw_chart(self) -> None:
        key = self.chart_metric.currentData()
        rows = self.summary_model.rows
        if not key or not rows:
            self.chart.set_bars("", [], False)
            return
        metric = M.METRICS[key]
        values = [r.values.get(key) for r in rows]
        known = [(v, i) for i, v in enumerate(values) if v is not None]
        best = (min(known) if metric.lower_is_better else max(known))[1] if len({v for v, _ in known}) > 1 else None
        better = tr("{metric} (lower is better)") if metric.lower_is_better else tr("{metric} (higher is better)")
        self.chart.set_bars(better.format(metric=tr(metric.label)),
                            [(r.name, v, R.fmt(key, v) + ("  ★ " + tr("best") if i == best else ""))
                             for i, (r, v) in enumerate(zip(rows, values))], metric.percent, best)

    def show_agreement(self, run: Run | None, results: Results) -> None:
        if run is None or not any(r.judge is not None for r in results.values()):
            self.agreement.setText("")
            return
        tau, n = agreement(results)
        if tau is None:
            self.agreement.setText(tr("Mark outputs good or bad to see if the judge agrees with you."))
        else:
            text = tr("The judge agrees with your marks: Kendall's τ = {tau:.2f} over {n} outputs").format(tau=tau, n=n)
            self.agreement.setText(text)

    def judge(self, providers: Providers, store: EvalStore, run: Run, provider_id: str, model: str, rubric: str) -> None:
        """Score every answer of ``run`` with ``model`` (off the UI thread)."""
        again = (run.settings.get("judge") or {}) != {"model": model, "rubric": rubric}
        self.judge_button.setEnabled(False)
        self.said.emit(tr('{model} is judging the answers…').format(model=model))
        self.judging = threading.Event()
        stop = self.judging

        def work() -> int:
            client = providers.client(provider_id, timeout=300)
            return judge_run(store, run, client, model, rubric, stop=stop, again=again)

        def done(scored: int) -> None:
            self.judge_button.setEnabled(True)
            self.said.emit(tr("{model} scored %Ln answer(s).", None, scored).format(model=model))
            self.judged.emit(run.id)

        def failed(exc: BaseException) -> None:
            self.judge_button.setEnabled(True)
            self.said.emit(describe(exc, providers.get(provider_id)))

        tasks.run(work, done, failed, parent=self)


class ExamplesPage(QWidget):
    current_changed = Signal()  # another example or output chosen
    marked = Signal(int)  # 1 good, -1 bad
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.examples_model = ExamplesModel(self)
        self.examples_proxy = QSortFilterProxyModel(self)
        self.examples_proxy.setSourceModel(self.examples_model)
        self.examples_proxy.setSortRole(SORT_ROLE)
        self.examples_view = view = QTableView()
        view.setModel(self.examples_proxy)
        view.setAccessibleName(tr("Examples"))
        view.setSortingEnabled(True)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.horizontalHeader().setStretchLastSection(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.sort_metric = QComboBox()
        self.sort_metric.setAccessibleName(tr("Score shown per example"))
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(tr("The example, the reference and each output"))
        self.detail_cand = QComboBox()
        self.detail_cand.setAccessibleName(tr("Output to mark"))
        self.up_button = QPushButton(tr("✓ &Good"))
        self.up_button.setAccessibleName(tr("Mark the output good"))
        self.down_button = QPushButton(tr("✗ &Bad"))
        self.down_button.setAccessibleName(tr("Mark the output bad"))
        self.add_button = QPushButton(tr("Add to &Dataset…"))
        self.add_button.setAccessibleName(tr("Add this example, with the output edited, to a dataset"))
        ev = QVBoxLayout(self)
        erow = QHBoxLayout()
        score_label = QLabel(tr("Sc&ore:"))
        score_label.setBuddy(self.sort_metric)
        erow.addWidget(score_label)
        erow.addWidget(self.sort_metric)
        erow.addWidget(QLabel(tr("Click a column to sort; the worst come first.")), 1)
        ev.addLayout(erow)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(view)
        below = QWidget()
        bv = QVBoxLayout(below)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(self.detail, 1)
        brow = QHBoxLayout()
        brow.addWidget(self.detail_cand, 1)
        brow.addWidget(self.up_button)
        brow.addWidget(self.down_button)
        brow.addWidget(self.add_button)
        bv.addLayout(brow)
        split.addWidget(below)
        split.setSizes([200, 260])
        ev.addWidget(split, 1)
        self.sort_metric.currentIndexChanged.connect(self._sort_metric_chosen)
        view.selectionModel().currentRowChanged.connect(lambda _c, _p: self.current_changed.emit())
        self.detail_cand.currentIndexChanged.connect(lambda _i: self.current_changed.emit())
        self.up_button.clicked.connect(lambda: self.marked.emit(1))
        self.down_button.clicked.connect(lambda: self.marked.emit(-1))
        self.add_button.clicked.connect(self.add_requested)

    def show_run(self, run: Run | None, results: Results, metrics: list[str]) -> None:
        fill_metrics(self.sort_metric, metrics)
        self.examples_model.set_run(run, results, self.sort_metric.currentData() or "cer")
        self.detail_cand.blockSignals(True)
        self.detail_cand.clear()
        for c in run.candidates if run else []:
            self.detail_cand.addItem(c.name)
        self.detail_cand.blockSignals(False)
        if run is None:
            self.detail.clear()
            return
        self.examples_view.resizeColumnToContents(0)
        for col in (1, 2):
            self.examples_view.setColumnWidth(col, 220)
        for col in range(3, self.examples_model.columnCount()):
            self.examples_view.resizeColumnToContents(col)

    def _sort_metric_chosen(self) -> None:
        key = self.sort_metric.currentData()
        if key:
            self.examples_model.set_metric(key)

    def current_item(self) -> int | None:
        """The chosen example's position in the run."""
        index = self.examples_view.currentIndex()
        if not index.isValid() or self.examples_model.run is None:
            return None
        return self.examples_proxy.mapToSource(index).row()

    def current_result(self, results: Results) -> Result | None:
        item = self.current_item()
        cand = self.detail_cand.currentIndex()
        if item is None or cand < 0:
            return None
        return results.get((cand, item))

    def show_example(self, item: int) -> None:
        """Select the example at ``item`` (its position in the run)."""
        self.examples_view.setCurrentIndex(self.examples_proxy.mapFromSource(self.examples_model.index(item, 0)))

    def show_detail(self, run: Run | None, results: Results) -> None:
        """The chosen example, its reference and each output marked against it."""
        item_i = self.current_item()
        if item_i is None or run is None:
            self.detail.setHtml("<p style='color:gray'>" + tr("Choose an example to see each output beside the "
                                                              "reference.") + "</p>" if run else "")
            return
        item = run.items[item_i]
        title = (tr("Example {number} (line {line})") if item.line else tr("Example {number}")).format(
            number=item.index + 1, line=item.line)
        parts = [f"<h3>{html.escape(title)}</h3>",
                 f"<p><b>{tr('Input')}</b></p><pre style='white-space:pre-wrap'>{html.escape(item.input_text)}</pre>",
                 f"<p><b>{tr('Reference')}</b></p><pre style='white-space:pre-wrap'>{html.escape(item.reference)}</pre>",
                 "<p style='color:gray'>" + tr("In each output: {extra}not in the reference{end}, {missing}missing{end}.").format(
                     extra="<span style='background:#fbd5d5;text-decoration:line-through'>",
                     missing="<span style='background:#d5f5dd;text-decoration:underline'>", end="</span>") + "</p>"]
        for ci, cand in enumerate(run.candidates):
            r = results.get((ci, item_i))
            if r is None:
                parts.append(f"<p><b>{html.escape(cand.name)}</b>: {tr('not asked yet')}</p>")
                continue
            if not r.ok:
                parts.append(f"<p><b>{html.escape(cand.name)}</b>: {tr('failed')} — {html.escape(r.error or '')}</p>")
                continue
            scores = " · ".join(f"{tr(M.METRICS[k].label)} {R.fmt(k, v)}" for k, v in r.scores.items() if k in M.METRICS)
            timing = f"{r.total:.2f} s" if r.total is not None else ""
            thumb = {1: " ✓ " + tr("good"), -1: " ✗ " + tr("bad")}.get(r.thumbs or 0, "")
            if r.judge is not None or r.reason:
                judged = tr("judge {score:g}/5").format(score=r.judge) if r.judge is not None else tr("judge")
                scores += f" · {judged}: {html.escape(r.reason or '')}"
            parts.append(f"<p><b>{html.escape(cand.name)}</b>{thumb} <span style='color:gray'>{scores} · {timing}"
                         f"</span></p><div style='font-family:monospace'>{diff_html(r.output, item.reference)}</div>")
        self.detail.setHtml("".join(parts))

    def set_markable(self, markable: bool) -> None:
        for b in (self.up_button, self.down_button, self.add_button):
            b.setEnabled(markable)
