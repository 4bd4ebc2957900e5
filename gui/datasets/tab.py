"""The Datasets tab: the examples table, the conversation editor, the problems list."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from core.datasets import recovery
from core.datasets.background import Finished
from core.datasets.document import Document
from core.datasets.fixes import fixes_of
from core.datasets.model import Example, Fix, Kind
from core.datasets.models import dataset_model
from core.datasets.readers import DatasetReader

from ..i18n import shown_error, tr
from . import operations
from .autosave import Autosave
from .check_panel import CheckPanel
from .controller import SYNC_OPS, DatasetController, Operation, Outcome
from .editor import ConversationEditor
from .loading import FileLoad
from .table_view import ExamplesPane


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

        self.pane = ExamplesPane()
        self.table, self.proxy, self.progress = self.pane.table, self.pane.table.proxy, self.pane.progress
        self.filter_edit, self.filter_mode = self.pane.filter_edit, self.pane.filter_mode

        self.editor = ConversationEditor()
        self.check = CheckPanel()

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.editor)
        right.addWidget(self.check)
        right.setSizes([420, 220])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.pane)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split)

        self.chat_model = "gpt-4o-mini"  # the target for estimates of chat datasets (Preferences)
        self.undo_group = QUndoGroup(self)
        self.recovered = False  # holds changes recovered after a crash, not saved yet
        self.autosave = Autosave(self._unsaved, lambda: self.loading, self)
        self.autosave.saved.connect(self.autosaved)
        self.autosave.failed.connect(self.status)
        self._load: FileLoad | None = None
        self._refresh_problems = QTimer(self)
        self._refresh_problems.setSingleShot(True)
        self._refresh_problems.setInterval(150)
        self._refresh_problems.timeout.connect(self._fill_problems)

        self.editor.edited.connect(self._editor_edited)
        self.check.problem_chosen.connect(self.pane.go_to)
        self.check.target_changed.connect(self.set_target)
        self.check.counted.connect(self.retargeted)
        self._attach(self.ctl)

    # -- the open dataset --------------------------------------------------------------
    def _attach(self, ctl: DatasetController) -> None:
        old = self.ctl
        self.recovered = False
        self.loading = False  # a file still loading into the old dataset is abandoned
        if self._load is not None:
            self._load.cancel()
            self._load = None
        self.progress.hide()
        self.ctl = ctl
        self.table.show_model(ctl.model)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        ctl.example_changed.connect(self._example_changed)
        ctl.rows_changed.connect(self._rows_changed)
        ctl.diagnostics_changed.connect(self._refresh_problems.start)
        ctl.undo.cleanChanged.connect(self._clean_changed)
        self.undo_group.addStack(ctl.undo)
        self.undo_group.setActiveStack(ctl.undo)
        ctl.undo.indexChanged.connect(self.autosave.schedule)  # a method: disconnected when it goes
        if old is not ctl:
            old.deleteLater()
        self.editor.show_example(-1, None, ctl.doc.kind)
        self._sync_target()
        self._fill_problems()
        self.title_changed.emit()

    def _clean_changed(self, _clean: bool) -> None:
        self.title_changed.emit()

    def autosave_now(self) -> None:
        self.autosave.now()

    def forget_unsaved(self) -> None:
        """The user saved or discarded the changes: nothing is left to recover."""
        self.autosave.forget()

    def _unsaved(self) -> Document | None:
        return self.ctl.doc if self.dirty else None

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
                  recovered: recovery.Recovered | None = None, reader: DatasetReader | None = None) -> None:
        """Open a file: rows appear as soon as the first chunk is read; the rest streams in.
        With ``recovered``, ``path`` is a recovery file holding unsaved changes to the file
        ``recovered.source`` (None: to a new dataset)."""
        path = Path(path)
        if reader is None:  # ReadError goes to the caller, which says why
            reader = DatasetReader(path, mapping)
        elif mapping is not None:
            reader.remap(mapping)  # the file was sniffed already (and the header read): only the columns change
        doc = Document(reader.kind, reader.source, dataset_model(reader.kind, self.chat_model))
        ctl = DatasetController(doc)
        self._attach(ctl)
        self.loading = True
        self._load_started = time.monotonic()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setFormat(tr('Loading {name}… %p%').format(name=path.name))
        self.progress.show()
        self._load = load = FileLoad(ctl, path, mapping, self.chat_model, reader.sniffed, self)
        load.kind_known.connect(self._sync_target)
        load.first_rows.connect(lambda: self.table.selectRow(0))
        load.progress.connect(self.progress.setValue)
        load.finished.connect(lambda result: self._loaded(load, result, recovered))
        load.failed.connect(lambda exc: self._load_failed(load, exc))
        load.start()

    def _loaded(self, load: FileLoad, result: Finished, recovered: recovery.Recovered | None) -> None:
        if load is not self._load:
            return
        if recovered is not None:
            source, original = load.ctl.doc.source, recovered.source
            source.path = Path(original) if original else None
            source.format = "jsonl" if original and original.endswith(".jsonl") else "recovered"
            self.recovered = True
        self._fill_problems()
        self._load_ended(load, tr("Opened {name}: %Ln example(s) ({format}, {encoding}) in {seconds:.1f} s", None,
                                  result.count).format(name=load.path.name, format=result.source.format.upper(),
                                                       encoding=result.source.encoding,
                                                       seconds=time.monotonic() - self._load_started))

    def _load_failed(self, load: FileLoad, exc: BaseException) -> None:
        if load is not self._load:
            return
        self._load_ended(load, tr("Could not finish reading {name}: {error}. The %Ln example(s) read are shown; saving "
                                  "asks for a new name, so the file itself is not changed.", None, len(load.ctl.doc))
                         .format(name=load.path.name, error=shown_error(exc)))

    def _load_ended(self, load: FileLoad, said: str) -> None:
        self.loading = False
        self._load = None
        load.release()
        self.progress.hide()
        self.status.emit(said)
        self.title_changed.emit()
        self.loaded.emit()

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
    def current_row(self) -> int:
        return self.table.current_row()

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
        self.check.show_doc(self.ctl.doc)

    # -- actions -----------------------------------------------------------------------
    def add_example(self) -> None:
        doc = self.ctl.doc
        if doc.kind is Kind.COMPLETION:
            data: dict = {"prompt": "", "completion": ""}
        else:
            data = {"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}]}
        row = self.current_row() + 1 if self.current_row() >= 0 else len(doc)
        self.ctl.add(row, [Example(data)])
        self.table.select_source_row(row)

    def duplicate_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            copies = [Example(self.ctl.doc.examples[r].data, 0, self.ctl.doc.examples[r].raw) for r in rows]
            self.ctl.add(rows[-1] + 1, copies, tr("Duplicate examples"))

    def delete_selected(self) -> None:
        self.ctl.delete(self.selected_rows())

    def selected_rows(self) -> list[int]:
        return self.table.selected_rows()

    def focus_filter(self) -> None:
        self.pane.focus_filter()

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
        self._operate(operations.set_system(text))

    def available_fixes(self) -> list[tuple[str, Fix]]:
        return fixes_of(self.ctl.doc.all_diagnostics())

    def apply_fixes(self, codes: list[str] | None = None) -> int:
        chosen = fixes_of(self.ctl.doc.all_diagnostics(), codes)
        if not chosen:
            self.status.emit(tr("No suggested fixes to apply"))
            return 0
        self._operate(operations.fixes(chosen))
        return len(chosen)

    def convert(self, kind: Kind) -> None:
        if kind is not self.ctl.doc.kind:
            self._operate(operations.convert(kind))

    def deduplicate(self) -> int | None:
        """How many were removed (None: still working, on a large dataset)."""
        out = self._operate(operations.deduplicate)
        return out.count if out is not None else None

    def shuffle(self, seed: int | None = None) -> None:
        self._operate(operations.shuffle(seed))

    def split_validation(self, fraction: float, path: str | Path, seed: int | None = 42) -> int | None:
        """Move a held-out share to its own JSONL file; the rest stays here (undoable).
        How many were held out (None: still working)."""
        out = self._operate(operations.split(fraction, path, seed))
        return out.count if out is not None else None

    def replace_all(self, find: str, replacement: str, match_case: bool = False,
                    on_result: Callable[[int], None] | None = None) -> int | None:
        """How many times it was replaced (None: still working; ``on_result`` gets it)."""
        out = self._operate(operations.replace(find, replacement, match_case),
                            (lambda o: on_result(o.count)) if on_result is not None else None)
        return out.count if out is not None else None

    def _sync_target(self) -> None:
        self.check.show_target(self.ctl.doc.model)

    # -- estimate ----------------------------------------------------------------------
    def set_target(self, model: str) -> None:
        """Count again with the target model's tokenizer (off the UI thread), then estimate."""
        doc = self.ctl.doc
        if self.check.pick(model):
            return  # chosen in the list: comes back here through its signal
        if model == doc.model:
            self._fill_estimate()
            return
        if doc.kind is Kind.CHAT and model != self.chat_model:
            self.chat_model = model  # the next chat dataset opens with this target too
            self.target_chosen.emit(model)
        self.check.count_for(self.ctl, model)

    def _fill_estimate(self) -> None:
        self.check.show_doc(self.ctl.doc) if self.check.doc is not self.ctl.doc else self.check.fill_estimate()
