"""The Datasets tab: the examples table, the conversation editor, the problems list."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRegularExpression, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.datasets import recovery, transforms
from core.datasets.background import Finished, load_in_child
from core.datasets.document import Document
from core.datasets.fixes import apply_fixes, fixes_of
from core.datasets.model import Example, Fix, Kind, Severity
from core.datasets.models import first_use_note, model_info, price_table
from core.datasets.readers import DatasetReader, ReadError
from core.datasets.stats import estimate
from core.datasets.writers import write_jsonl
from core.util.text import format_duration

from .. import tasks
from ..i18n import shown, shown_error, tr
from . import gc_pause
from .controller import SYNC_OPS, DatasetController, Operation, Outcome
from .editor import ConversationEditor
from .problems_model import FIELD_ROLE as PROBLEM_FIELD
from .problems_model import INDEX_ROLE as PROBLEM_INDEX
from .problems_model import ProblemsModel
from .table_model import FIELD_ROLE, FILTER_ROLE, FILTER_SEP, SORT_ROLE


class ExamplesFilter(QSortFilterProxyModel):
    """Filter by text and by problem. It never calls Python per row: the regular
    expression runs in C++ over FILTER_ROLE, and with no filter set Qt skips it, so rows
    streaming in while a file loads cost nothing here."""

    ALL, ERRORS, WARNINGS = range(3)

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(0)
        self.setDynamicSortFilter(False)  # re-sorting 100,000 rows after every edit is not worth it

    def set_filter(self, text: str, mode: int) -> None:
        if not text and mode == self.ALL:
            pattern = ""
        else:
            head = {self.ALL: ".", self.ERRORS: "E", self.WARNINGS: "W"}[mode]
            pattern = f"^{head}{FILTER_SEP}.*{QRegularExpression.escape(text)}"
        regex = QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption
                                   | QRegularExpression.PatternOption.DotMatchesEverythingOption)
        self.setFilterRegularExpression(regex)


AUTOSAVE_MS = 3000  # after the last change


class DatasetsTab(QWidget):
    title_changed = Signal()
    status = Signal(str)
    target_chosen = Signal(str)  # a target model for chat datasets, picked in the estimate panel
    loaded = Signal()
    autosaved = Signal(str)  # the recovery file
    retargeted = Signal(str)  # the target model, once tokens are counted for it

    def __init__(self) -> None:
        super().__init__()
        self.ctl = DatasetController.new(Kind.CHAT)
        self.loading = False
        self._load_started = 0.0

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
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.filter_mode)
        bar.addWidget(self.progress)

        self.proxy = ExamplesFilter()
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move between cells)
        self.table.setAccessibleName(tr("Examples"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # No sort until the user asks: sorting 100,000 rows on every arriving chunk would
        # freeze the window (QHeaderView would otherwise sort by column 0 at once).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setModel(self.proxy)
        corner = self.table.findChild(QAbstractButton)
        if corner is not None:
            corner.setAccessibleName(tr("Select all examples"))

        self.editor = ConversationEditor()
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

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.editor)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(tr("<b>Problems</b>"))
        bl.addWidget(heading)
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
        right.addWidget(bottom)
        right.setSizes([420, 220])
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        ll.addWidget(self.table, 1)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split)

        self._gc_paused = False
        self.chat_model = "gpt-4o-mini"  # the target for estimates of chat datasets (Preferences)
        self.undo_group = QUndoGroup(self)
        self.recovered = False  # holds changes recovered after a crash, not saved yet
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave_now)
        # QProgressBar.setValue repaints the window at once; a timer keeps that to 4 a second.
        self._loaded_fraction = lambda: 0
        self._apply_pending = lambda: None
        self._batch_timer = QTimer(self)
        self._batch_timer.setSingleShot(True)
        self._batch_timer.setInterval(200)
        self._batch_timer.timeout.connect(lambda: self._apply_pending())
        self._progress_ticker = QTimer(self)
        self._progress_ticker.setInterval(250)
        self._progress_ticker.timeout.connect(lambda: self.progress.setValue(self._loaded_fraction()))
        self._refresh_problems = QTimer(self)
        self._refresh_problems.setSingleShot(True)
        self._refresh_problems.setInterval(150)
        self._refresh_problems.timeout.connect(self._fill_problems)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.filter_mode.currentIndexChanged.connect(self._apply_filter)
        self.editor.edited.connect(self._editor_edited)
        self.problems.activated.connect(self._go_to_problem)
        self.problems.clicked.connect(self._go_to_problem)
        self.target.currentIndexChanged.connect(lambda _i: self.set_target(self.target.currentData()))
        self.epochs.valueChanged.connect(lambda _v: self._fill_estimate())
        self._attach(self.ctl)

    # -- the open dataset --------------------------------------------------------------
    def _attach(self, ctl: DatasetController) -> None:
        old = self.ctl
        self.recovered = False
        self.loading = False  # a file still loading into the old dataset is abandoned
        self._progress_ticker.stop()
        self._resume_gc()
        self.progress.hide()
        self.ctl = ctl
        self.proxy.setSourceModel(ctl.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self._size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        ctl.example_changed.connect(self._example_changed)
        ctl.rows_changed.connect(self._rows_changed)
        ctl.diagnostics_changed.connect(self._refresh_problems.start)
        ctl.undo.cleanChanged.connect(self._clean_changed)
        self.undo_group.addStack(ctl.undo)
        self.undo_group.setActiveStack(ctl.undo)
        ctl.undo.indexChanged.connect(self._schedule_autosave)  # a method: disconnected when the tab goes
        ctl.model.modelReset.connect(self._size_columns)
        if old is not ctl:
            old.deleteLater()
        self.editor.show_example(-1, None, ctl.doc.kind)
        self._sync_target()
        self._fill_problems()
        self.title_changed.emit()

    def _clean_changed(self, _clean: bool) -> None:
        self.title_changed.emit()

    def _schedule_autosave(self, _index: int = 0) -> None:
        self._autosave.start()

    # -- autosave ----------------------------------------------------------------------
    def autosave_now(self) -> None:
        """Write the unsaved changes to the recovery file, off the UI thread."""
        if self.loading:
            return
        if not self.dirty:  # undone back to the saved state
            recovery.clear()
            return
        doc = self.ctl.doc
        snapshot, kind, source = list(doc.examples), doc.kind, doc.source.path

        def done(path: Any) -> None:
            self.autosaved.emit(str(path))

        def failed(exc: BaseException) -> None:
            self.status.emit(tr("Could not autosave: {error}").format(error=shown_error(exc)))

        tasks.run(lambda: recovery.autosave(snapshot, kind, source), done, failed)

    def forget_unsaved(self) -> None:
        """The user saved or discarded the changes: nothing is left to recover."""
        self._autosave.stop()
        recovery.clear()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        widths = {"status": 28, "tokens": 70, "turns": 70}
        for col in range(self.ctl.model.columnCount()):
            field = self.ctl.model.field(col)
            if field in widths:
                header.resizeSection(col, widths[field])
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)

    @property
    def dirty(self) -> bool:
        return (not self.ctl.undo.isClean() or self.recovered
                or (self.ctl.path is None and len(self.ctl.doc) > 0))

    def display_name(self) -> str:
        src = self.ctl.doc.source.path
        return Path(src).name if src else tr("Untitled")

    def new_dataset(self, kind: Kind = Kind.CHAT) -> None:
        self._attach(DatasetController.new(kind))

    def open_path(self, path: str | Path, mapping: dict[str, str] | None = None,
                  recovered: recovery.Recovered | None = None) -> None:
        """Open a file: rows appear as soon as the first chunk is read; the rest streams in.
        With ``recovered``, ``path`` is a recovery file holding unsaved changes to the file
        ``recovered.source`` (None: to a new dataset)."""
        path = Path(path)
        reader = DatasetReader(path, mapping)  # ReadError goes to the caller, which says why
        doc = Document(reader.kind, reader.source, self.chat_model if reader.kind is Kind.CHAT else None)
        ctl = DatasetController(doc)
        self._attach(ctl)
        self.loading = True
        self._load_started = time.monotonic()
        size = max(1, path.stat().st_size)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setFormat(tr('Loading {name}… %p%').format(name=path.name))
        self.progress.show()
        done_bytes = [0]
        # Reading, validating and counting run in a child process (see
        # core.datasets.background); this thread only takes in the finished chunks.
        messages = load_in_child(path, mapping, self.chat_model)
        cancelled = [False]

        def work(report: Any) -> Finished:
            try:
                for message in messages:
                    if cancelled[0]:
                        return None  # type: ignore[return-value]
                    if message[0] == "end":
                        return message[1]
                    report(message)
            finally:
                messages.close()  # stops the child if we leave early
            raise ReadError(tr("{path}: reading ended without a result").format(path=path))

        # Chunks are taken in batches, five times a second: each insertion re-lays out and
        # repaints the table, so fewer, larger ones keep the window responsive.
        pending: list[tuple] = []

        def apply_pending() -> None:
            if self.ctl is not ctl or not pending:
                return
            kind = next((m for m in pending if m[0] == "kind"), None)
            if kind is not None and (kind[1] is not ctl.doc.kind or kind[2] != ctl.doc.model):
                ctl.set_kind(kind[1], kind[2])  # before any row: the columns depend on it
                self._sync_target()
            rows = [m[1] for m in pending if m[0] == "rows"]
            if rows:
                ctl.add_chunks(rows)
                done_bytes[0] += sum(len(e.blob or b"") + 1 for c in rows for e in c.examples)
            for message in pending:
                if message[0] == "counts":
                    _, start, counts = message
                    ctl.doc.set_counts(start, counts)
                    ctl.model.column_changed("tokens", start, start + len(counts) - 1)
            first = rows and rows[0].start == 0
            pending.clear()
            if first:
                self.table.selectRow(0)

        def arrived(message: tuple) -> None:
            if self.ctl is not ctl:
                cancelled[0] = True  # another file was opened meanwhile
                return
            pending.append(message)
            if message[0] == "kind" or (message[0] == "rows" and message[1].start == 0):
                apply_pending()  # the first rows at once
            elif not self._batch_timer.isActive():
                self._batch_timer.start()

        self._apply_pending = apply_pending
        self._loaded_fraction = lambda: min(100, done_bytes[0] * 100 // size)
        self._progress_ticker.start()
        self._pause_gc()

        def finished(result: Finished | None) -> None:
            if result is None or self.ctl is not ctl:
                return
            apply_pending()
            self._progress_ticker.stop()
            self._resume_gc()
            ctl.doc.read_diags = list(result.read_diagnostics)
            ctl.doc.source = result.source
            if recovered is not None:
                original = recovered.source
                ctl.doc.source.path = Path(original) if original else None
                ctl.doc.source.format = "jsonl" if original and original.endswith(".jsonl") else "recovered"
                self.recovered = True
            ctl.doc.set_dataset_diagnostics(result.dataset_diagnostics)
            ctl.model.all_changed()
            self._fill_problems()
            self.loading = False
            self.progress.hide()
            self.status.emit(tr("Opened {name}: %Ln example(s) ({format}, {encoding}) in {seconds:.1f} s", None, result.count)
                             .format(name=path.name, format=result.source.format.upper(),
                                     encoding=result.source.encoding, seconds=time.monotonic() - self._load_started))
            self.title_changed.emit()
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if self.ctl is not ctl:
                return
            self._progress_ticker.stop()
            self._resume_gc()
            self.loading = False
            self.progress.hide()
            # What was read stays on screen, but Save must not write it over the file it
            # is only part of: Save asks for a new name (a partly read file saved in place
            # lost its rows, and the next save its backup too).
            ctl.doc.source.format = "partial"
            ctl.doc.source.path = path.with_name(tr("{name} (partly read)").format(name=path.stem) + ".jsonl")
            self.status.emit(tr("Could not finish reading {name}: {error}. The %Ln example(s) read are shown; saving "
                                "asks for a new name, so the file itself is not changed.", None, len(ctl.doc))
                             .format(name=path.name, error=shown_error(exc)))
            self.title_changed.emit()
            self.loaded.emit()

        tasks.run(work, finished, failed, arrived)

    # Python's full garbage collections walk every object; with 100,000 examples arriving
    # they stall the window for 40-70 ms each, several times during a load. Loading makes
    # no reference cycles, so collection waits until it ends, and the loaded examples are
    # then frozen (gc.freeze) so later collections skip them; reference counting still
    # frees them when the dataset is closed.
    def _pause_gc(self) -> None:
        if not self._gc_paused:
            self._gc_paused = True
            gc_pause.pause()

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc_pause.resume()

    def save_to(self, path: str | Path) -> None:
        self.editor.flush()
        had_file = Path(path).is_file()
        self.ctl.doc.source.format = "jsonl"
        self.ctl.doc.save(path)
        self.recovered = False
        self.ctl.undo.setClean()
        self.forget_unsaved()
        self.title_changed.emit()
        kept = "; " + tr("the previous version is kept as {backup}").format(backup=Path(path).name + ".bak") \
            if had_file else ""
        self.status.emit(tr("Saved {name} (%Ln example(s))", None, len(self.ctl.doc)).format(name=Path(path).name) + kept)

    # -- reactions ---------------------------------------------------------------------
    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.filter_edit.text(), self.filter_mode.currentIndex())

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else -1

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.proxy.mapToSource(current).row() if current.isValid() else -1
        self._show(row)

    def _show(self, row: int) -> None:
        doc = self.ctl.doc
        if 0 <= row < len(doc):
            ex = doc.examples[row]
            self.editor.show_example(row, ex.data, doc.kind, ex.raw, ex.line)
        else:
            self.editor.show_example(-1, None, doc.kind)

    def _editor_edited(self, row: int, data: Any) -> None:
        if 0 <= row < len(self.ctl.doc) and data != self.ctl.doc.examples[row].data:
            self._from_editor = True
            try:
                self.ctl.edit(row, data)
            finally:
                self._from_editor = False

    def _example_changed(self, row: int) -> None:
        if row == self.editor.row and not getattr(self, "_from_editor", False):
            self._show(row)  # undo/redo or a table edit: show the new content

    def _rows_changed(self) -> None:
        self._show(self.current_row())

    def _fill_problems(self) -> None:
        diags = self.ctl.doc.all_diagnostics()
        self.problems_model.set_diagnostics(diags)
        errors = sum(d.severity is Severity.ERROR for d in diags)
        doc = self.ctl.doc
        total = sum(c[0] for c in doc.counts)
        self._fill_estimate()
        self.summary.setText(" · ".join((
            tr("%Ln example(s)", None, len(doc)),
            tr("{tokens:,} tokens ({tokenizer})").format(tokens=total, tokenizer=doc.tokenizer.name if len(doc) else "—"),
            tr("%Ln error(s)", None, errors), tr("%Ln warning(s)", None, len(diags) - errors))))

    def _go_to_problem(self, item: QModelIndex) -> None:
        row, field = item.data(PROBLEM_INDEX), item.data(PROBLEM_FIELD)
        if not isinstance(row, int) or row < 0:
            return
        self.filter_edit.clear()
        self.filter_mode.setCurrentIndex(ExamplesFilter.ALL)
        source = self.ctl.model.index(row, 0)
        column = 0
        if field:
            for col in range(self.ctl.model.columnCount()):
                if self.ctl.model.index(row, col).data(FIELD_ROLE) in field:
                    column = col
                    break
        index = self.proxy.mapFromSource(self.ctl.model.index(row, column)) if source.isValid() else QModelIndex()
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    # -- actions -----------------------------------------------------------------------
    def add_example(self) -> None:
        doc = self.ctl.doc
        if doc.kind is Kind.COMPLETION:
            data: dict = {"prompt": "", "completion": ""}
        else:
            data = {"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}]}
        row = self.current_row() + 1 if self.current_row() >= 0 else len(doc)
        self.ctl.add(row, [Example(data)])
        self.table.selectRow(self.proxy.mapFromSource(self.ctl.model.index(row, 0)).row())

    def duplicate_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            copies = [Example(self.ctl.doc.examples[r].data, 0, self.ctl.doc.examples[r].raw) for r in rows]
            self.ctl.add(rows[-1] + 1, copies, tr("Duplicate examples"))

    def delete_selected(self) -> None:
        self.ctl.delete(self.selected_rows())

    def selected_rows(self) -> list[int]:
        return sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    # -- operations (each one undoable step; off the UI thread on large datasets) ---------
    def _operate(self, op: Operation, then: Callable[[Outcome], None] | None = None) -> Outcome | None:
        """Run ``op`` through the controller; say what it did when it is done. Returns the
        Outcome when it ran at once (small datasets), else None (it arrives later)."""
        self.editor.flush()
        ctl = self.ctl
        if len(ctl.doc) > SYNC_OPS:
            self.status.emit(tr("Working on %Ln example(s)…", None, len(ctl.doc)))
        def said(out: Outcome) -> None:
            if self.ctl is ctl:
                self.status.emit(out.text)
            if then is not None:
                then(out)

        return ctl.operate(op, said)

    def set_system_prompt(self, text: str) -> None:
        if self.ctl.doc.kind is not Kind.CHAT:
            self.status.emit(tr("Only conversations have a system prompt; convert the dataset to chat first"))
            return
        self._operate(lambda ex: Outcome(transforms.set_system(ex, text), tr("Set the system prompt")))

    def available_fixes(self) -> list[tuple[str, Fix]]:
        return fixes_of(self.ctl.doc.all_diagnostics())

    def apply_fixes(self, codes: list[str] | None = None) -> int:
        chosen = fixes_of(self.ctl.doc.all_diagnostics(), codes)
        if not chosen:
            self.status.emit(tr("No suggested fixes to apply"))
            return 0
        what = shown(chosen[0][1].description) if len(chosen) == 1 else tr("%n suggested fix(es)", None, len(chosen))
        fixes = [f for _, f in chosen]
        self._operate(lambda ex: Outcome(apply_fixes(ex, fixes), tr("Apply {fix}").format(fix=what), count=len(fixes)))
        return len(chosen)

    def convert(self, kind: Kind) -> None:
        if kind is self.ctl.doc.kind:
            return
        if kind is Kind.CHAT:
            self._operate(lambda ex: Outcome(transforms.to_chat(ex), tr("Convert to conversations"), kind))
        else:
            self._operate(lambda ex: Outcome(transforms.to_completion(ex), tr("Convert to prompt/completion"), kind))

    def deduplicate(self) -> int | None:
        """How many were removed (None: still working, on a large dataset)."""
        def op(examples: list[Example]) -> Outcome:
            kept = transforms.deduplicate(examples)
            removed = len(examples) - len(kept)
            if not removed:
                return Outcome(None, tr("No duplicate examples"))
            return Outcome(kept, tr("Remove %Ln duplicate example(s)", None, removed), count=removed)

        out = self._operate(op)
        return out.count if out is not None else None

    def shuffle(self, seed: int | None = None) -> None:
        self._operate(lambda ex: Outcome(transforms.shuffle(ex, seed), tr("Shuffle the examples")))

    def split_validation(self, fraction: float, path: str | Path, seed: int | None = 42) -> int | None:
        """Move a held-out share to its own JSONL file; the rest stays here (undoable).
        How many were held out (None: still working)."""
        def op(examples: list[Example]) -> Outcome:
            train, held = transforms.split(examples, fraction, seed)
            write_jsonl(path, held)
            return Outcome(train, tr("Split off %Ln validation example(s) to {file}", None, len(held)).format(
                file=Path(path).name), count=len(held))

        out = self._operate(op)
        return out.count if out is not None else None

    def replace_all(self, find: str, replacement: str, match_case: bool = False,
                    on_result: Callable[[int], None] | None = None) -> int | None:
        """How many times it was replaced (None: still working; ``on_result`` gets it)."""
        def op(examples: list[Example]) -> Outcome:
            changed, count = transforms.replace_text(examples, find, replacement, match_case=match_case)
            if not count:
                return Outcome(None, tr("“{text}” was not found").format(text=find))
            return Outcome(changed, tr("Replace {count:,} × “{text}”").format(count=count, text=find), count=count)

        out = self._operate(op, (lambda o: on_result(o.count)) if on_result is not None else None)
        return out.count if out is not None else None

    def _sync_target(self) -> None:
        self.target.blockSignals(True)
        self.target.setCurrentIndex(max(0, self.target.findData(self.ctl.doc.model)))
        self.target.blockSignals(False)

    # -- estimate ----------------------------------------------------------------------
    def set_target(self, model: str) -> None:
        """Count again with the target model's tokenizer (off the UI thread), then estimate."""
        doc = self.ctl.doc
        i = self.target.findData(model)
        if i >= 0 and i != self.target.currentIndex():
            self.target.setCurrentIndex(i)  # comes back here through the signal
            return
        if model == doc.model:
            self._fill_estimate()
            return
        if doc.kind is Kind.CHAT and model != self.chat_model:
            self.chat_model = model  # the next chat dataset opens with this target too
            self.target_chosen.emit(model)
        self.estimate_label.setText(first_use_note(model) or tr("Counting tokens for {model}…").format(model=model))
        ctl = self.ctl

        def done() -> None:
            if self.ctl is not ctl:
                return  # another dataset is open now
            self._fill_problems()
            self._fill_estimate()
            self.retargeted.emit(model)

        def failed(exc: BaseException) -> None:
            self.estimate_label.setText(tr("Cannot count tokens for {model}: {error}").format(model=model, error=shown_error(exc)))

        ctl.retarget(model, done, failed)

    def _fill_estimate(self) -> None:
        doc = self.ctl.doc
        if not len(doc):
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

