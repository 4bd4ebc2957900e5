"""The Datasets tab's check: the problems list (click one to go to its row and field),
the token summary, and what training would take on the target model."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QListView, QSpinBox, QVBoxLayout, QWidget

from core.datasets.document import Document
from core.datasets.model import Severity
from core.datasets.models import first_use_note, model_info, price_table
from core.datasets.stats import estimate
from core.util.text import format_duration

from ..i18n import shown_error, tr
from .controller import DatasetController
from .problems_model import FIELD_ROLE as PROBLEM_FIELD
from .problems_model import INDEX_ROLE as PROBLEM_INDEX
from .problems_model import ProblemsModel


class CheckPanel(QWidget):
    target_changed = Signal(str)  # the user picked a target model
    counted = Signal(str)  # the dataset is counted and checked for this target model now
    problem_chosen = Signal(int, object)  # row, the field(s) it is about (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self.problems = QListView()
        self.problems_model = ProblemsModel(self, self)
        self.problems.setModel(self.problems_model)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setAccessibleName(tr("Problems"))
        self.problems.setWordWrap(True)  # whole messages, no sideways scrolling
        # Wrapped messages have their own heights: thousands of them are laid out a batch
        # per pass of the event loop, not all at once (that froze the window 100 ms).
        self.problems.setLayoutMode(QListView.LayoutMode.Batched)
        self.problems.setBatchSize(100)
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary = QLabel()
        self.summary.setAccessibleName(tr("Token summary"))
        self.summary.setWordWrap(True)
        self.target = QComboBox()
        self.target.setAccessibleName(tr("Target model"))
        self.target.setToolTip(tr("The model you will fine-tune: it decides the tokenizer, the length limit and the price"))
        for name, entry in price_table()["models"].items():
            where = tr("this computer") if entry.get("provider") == "local" else "OpenAI"
            self.target.addItem(tr('{name} ({where})').format(name=name, where=where), name)
        self.epochs = QSpinBox()
        self.epochs.setAccessibleName(tr("Epochs"))
        self.epochs.setRange(0, 50)
        self.epochs.setSpecialValueText(tr("auto"))
        self.estimate_label = QLabel()
        self.estimate_label.setAccessibleName(tr("Estimate"))
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bl = QVBoxLayout(self)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel(tr("<b>Problems</b>")))
        bl.addWidget(self.problems, 1)
        bl.addWidget(self.summary)
        est = QHBoxLayout()
        target_label = QLabel(tr("&Target:"))
        target_label.setBuddy(self.target)
        epochs_label = QLabel(tr("&Epochs:"))
        epochs_label.setBuddy(self.epochs)
        est.addWidget(target_label)
        est.addWidget(self.target, 1)
        est.addWidget(epochs_label)
        est.addWidget(self.epochs)
        bl.addLayout(est)
        bl.addWidget(self.estimate_label)
        self.problems.activated.connect(self._go_to_problem)
        self.problems.clicked.connect(self._go_to_problem)
        self.target.currentIndexChanged.connect(lambda _i: self.target_changed.emit(self.target.currentData()))
        self.epochs.valueChanged.connect(lambda _v: self.fill_estimate())

    def show_doc(self, doc: Document) -> None:
        """The document's problems, token summary and estimate."""
        self.doc = doc
        diags = doc.all_diagnostics()
        self.problems_model.set_diagnostics(diags)
        errors = sum(d.severity is Severity.ERROR for d in diags)
        total = sum(c[0] for c in doc.counts)
        self.fill_estimate()
        self.summary.setText(" · ".join((
            tr("%Ln example(s)", None, len(doc)),
            tr("{tokens:,} tokens ({tokenizer})").format(tokens=total, tokenizer=doc.tokenizer.name if len(doc) else "—"),
            tr("%Ln error(s)", None, errors), tr("%Ln warning(s)", None, len(diags) - errors))))

    def show_target(self, model: str | None) -> None:
        """Show ``model`` as the target without saying it was picked."""
        self.target.blockSignals(True)
        self.target.setCurrentIndex(max(0, self.target.findData(model)))
        self.target.blockSignals(False)

    def pick(self, model: str) -> bool:
        """Choose ``model`` in the list (True: it was not chosen; ``target_changed`` follows)."""
        i = self.target.findData(model)
        if i >= 0 and i != self.target.currentIndex():
            self.target.setCurrentIndex(i)
            return True
        return False

    def count_for(self, ctl: DatasetController, model: str) -> None:
        """The controller's dataset counted and checked for ``model`` (off the UI thread)."""
        self.estimate_label.setText(first_use_note(model) or tr("Counting tokens for {model}…").format(model=model))

        def done() -> None:
            if ctl.doc is self.doc:  # not another dataset opened meanwhile
                self.show_doc(ctl.doc)
                self.counted.emit(model)

        def failed(exc: BaseException) -> None:
            error = shown_error(exc)
            self.estimate_label.setText(tr("Cannot count tokens for {model}: {error}").format(model=model, error=error))

        ctl.retarget(model, done, failed)

    def fill_estimate(self) -> None:
        doc = self.doc
        if doc is None or not len(doc):
            self.estimate_label.setText(tr("Add examples to see what training would take."))
            return
        info = model_info(doc.model)
        est = estimate([c[0] for c in doc.counts], info, n_epochs=self.epochs.value() or None)
        parts = [tr("{tokens:,} billed tokens (%n epoch(s))", None, est.epochs).format(tokens=est.billed_tokens)]
        if est.cost_usd is not None:
            parts.append(tr("about ${cost:,.2f} at ${price:g} per 1M (prices of {date})").format(
                cost=est.cost_usd, price=est.price_per_1m, date=est.prices_taken))
        if est.seconds is not None:
            parts.append(tr("about {duration} of training on this computer").format(duration=format_duration(est.seconds)))
        if info.provider == "unknown":
            parts.append(tr("no price known for this model"))
        self.estimate_label.setText(" · ".join(parts))

    def _go_to_problem(self, item: QModelIndex) -> None:
        row = item.data(PROBLEM_INDEX)
        if isinstance(row, int) and row >= 0:
            self.problem_chosen.emit(row, item.data(PROBLEM_FIELD))
