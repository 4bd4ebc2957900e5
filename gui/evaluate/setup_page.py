"""The Evaluate tab's Setup page: the held-out examples, the models to compare (each
asked its own way) and the scores to give them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.chat import request as chatreq
from core.datasets.model import Example
from core.evals import Candidate, items_from, load_items
from core.evals import metrics as M
from core.evals.testset import Item

from .. import tasks
from ..i18n import shown, shown_error, tr
from ..providers import Providers
from .dialogs import CandidateDialog
from .lists import CandidatesModel

CHOOSABLE = ["cer", "wer", "exact", "bleu", "chrf", "json_valid", "accuracy", "macro_f1"]

Found = tuple[str, "str | None", list[Item], list[Any]]  # (name, path, items, skipped)


class SetupPage(QWidget):
    candidates_changed = Signal()
    metrics_toggled = Signal()

    def __init__(self, providers: Providers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.open_dataset: tuple[str, list[Example]] | None = None  # (name, examples), from the Datasets tab
        self._prepared: tuple[tuple, Found] | None = None  # (test set key, what was read)
        self._editable = True
        sv = QVBoxLayout(self)
        test_box = QGroupBox(tr("Test set: held-out examples the models did not train on"))
        tg = QGridLayout(test_box)
        self.use_open = QRadioButton(tr("The open dataset"))
        self.use_open.setAccessibleName(tr("Use the open dataset"))
        self.use_file = QRadioButton(tr("A &file:"))
        self.use_file.setAccessibleName(tr("Use a file"))
        group = QButtonGroup(self)
        group.addButton(self.use_open)
        group.addButton(self.use_file)
        self.test_path = QLineEdit()
        self.test_path.setAccessibleName(tr("Test set file"))
        self.test_path.setPlaceholderText(tr("a JSONL, CSV, XLSX… of held-out examples"))
        self.browse = QPushButton(tr("Bro&wse…"))
        self.browse.setAccessibleName(tr("Choose the test set file"))
        tg.addWidget(self.use_open, 0, 0, 1, 3)
        tg.addWidget(self.use_file, 1, 0)
        tg.addWidget(self.test_path, 1, 1)
        tg.addWidget(self.browse, 1, 2)
        self.test_note = QLabel()
        self.test_note.setWordWrap(True)
        tg.addWidget(self.test_note, 2, 0, 1, 3)
        sv.addWidget(test_box)

        models_box = QGroupBox(tr("Models, each asked its own way"))
        mv = QVBoxLayout(models_box)
        self.cands = CandidatesModel(self)
        self.cands_view = QListView()
        self.cands_view.setModel(self.cands)
        self.cands_view.setAccessibleName(tr("Models to compare"))
        self.cands_view.setMinimumHeight(60)
        self.add_model_button = QPushButton(tr("&Add Model…"))
        self.remove_model_button = QPushButton(tr("&Remove"))
        self.remove_model_button.setAccessibleName(tr("Remove the model"))
        mrow = QHBoxLayout()
        mrow.addWidget(self.add_model_button)
        mrow.addWidget(self.remove_model_button)
        mrow.addStretch(1)
        self.cands_hint = QLabel(tr("Add each model to compare, asked its own way: for example the base model with a "
                                 "one-shot preset, and your tuned model with the short prompt it was trained with."))
        self.cands_hint.setWordWrap(True)
        mv.addWidget(self.cands_hint)
        mv.addWidget(self.cands_view, 1)
        mv.addLayout(mrow)
        sv.addWidget(models_box, 1)

        metrics_box = QGroupBox(tr("Scores (chosen from the references; switch any on or off)"))
        mg = QGridLayout(metrics_box)
        self.metric_checks: dict[str, QCheckBox] = {}
        for i, key in enumerate(CHOOSABLE):
            check = QCheckBox(tr(M.METRICS[key].label))
            check.setAccessibleName(tr("Score with {label}").format(label=tr(M.METRICS[key].label)))
            self.metric_checks[key] = check
            mg.addWidget(check, i // 4, i % 4)
        sv.addWidget(metrics_box)

        self.browse.clicked.connect(self._browse)
        self.test_path.editingFinished.connect(self._test_changed)
        self.use_open.toggled.connect(lambda _on: self._test_changed())
        self.add_model_button.clicked.connect(self.add_candidate_dialog)
        self.remove_model_button.clicked.connect(self.remove_candidate)
        for check in self.metric_checks.values():
            check.toggled.connect(self.metrics_toggled)

    # -- the test set --------------------------------------------------------------------
    def set_open_dataset(self, dataset: tuple[str, list[Example]] | None) -> None:
        self.open_dataset = dataset
        if dataset and dataset[1]:
            text = tr("The open dataset: {name} (%Ln example(s))", None, len(dataset[1])).format(name=dataset[0])
            self.use_open.setText(text)
            self.use_open.setEnabled(self._editable)
            if not self.test_path.text().strip() and self._editable:
                self.use_open.setChecked(True)
        else:
            self.use_open.setText(tr("The open dataset (none is open)"))
            self.use_open.setEnabled(False)
            self.use_file.setChecked(True)
        if self.use_open.isChecked():
            self._test_changed()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose the held-out examples"), self.test_path.text(),
                                              tr("Datasets (*.jsonl *.json *.csv *.tsv *.xlsx *.txt);;All files (*)"))
        if path:
            self.set_test_file(path)

    def set_test_file(self, path: str) -> None:
        self.test_path.setText(path)
        self.use_file.setChecked(True)
        self._test_changed()

    def read_items(self) -> Found:
        """(name, path, items, skipped) for the chosen test set; raises ReadError/OSError."""
        if self.use_open.isChecked() and self.open_dataset:
            name, examples = self.open_dataset
            items, skipped = items_from(examples)
            return name, None, items, skipped
        path = self.test_path.text().strip()
        if not path:
            raise OSError(tr("choose a test set file, or open a dataset in the Datasets tab"))
        items, skipped = load_items(path)
        return Path(path).name, str(Path(path).resolve()), items, skipped

    def items(self) -> Found:
        """The chosen test set: as read off the UI thread when it is still the one chosen."""
        prepared = self._prepared
        return prepared[1] if prepared is not None and prepared[0] == self._test_key() else self.read_items()

    def _test_key(self) -> tuple:
        """What the chosen test set is, to know whether the one read already is still it."""
        if self.use_open.isChecked() and self.open_dataset:
            return ("open", id(self.open_dataset[1]), len(self.open_dataset[1]))
        path = Path(self.test_path.text().strip())
        try:
            stat = path.stat()
        except OSError:
            return ("file", str(path))
        return ("file", str(path.resolve()), stat.st_mtime_ns, stat.st_size)

    def _test_changed(self) -> None:
        if self.use_file.isChecked() and not self.test_path.text().strip():
            self.test_note.setText("")
            return
        key = self._test_key()

        def done(found: Found) -> None:
            self._prepared = (key, found)  # read off the UI thread: Run uses it as it is
            _name, _path, items, skipped = found
            note = tr("%Ln example(s) to compare against their reference answers", None, len(items))
            if skipped:
                first = skipped[0]
                note += tr("; ") + tr("%Ln skipped (e.g. line {line}: {reason})", None, len(skipped)).format(
                    line=first.line, reason=shown(first.reason))
            self.test_note.setText(note)
            self.set_metrics(M.choose([i.reference for i in items]) if items else ["cer"])

        tasks.run(self.read_items, done, lambda exc: self.test_note.setText(shown_error(exc)), parent=self)

    # -- models and scores -----------------------------------------------------------------
    def add_candidate_dialog(self) -> None:
        dialog = CandidateDialog(self.providers, chatreq.builtin_presets() + chatreq.user_presets(), self)
        self.candidate_dialog = dialog
        dialog.accepted.connect(lambda: self.add_candidate(dialog.candidate()))
        dialog.open()

    def add_candidate(self, cand: Candidate | None) -> None:
        if cand is not None:
            self.set_candidates(self.cands.items + [cand])

    def remove_candidate(self) -> None:
        row = self.cands_view.currentIndex().row()
        if 0 <= row < len(self.cands.items):
            self.set_candidates(self.cands.items[:row] + self.cands.items[row + 1:])

    def set_candidates(self, cands: list[Candidate]) -> None:
        self.cands.set_items(cands)
        self.cands_hint.setVisible(not cands)
        self.candidates_changed.emit()

    def candidates(self) -> list[Candidate]:
        return list(self.cands.items)

    def chosen_metrics(self) -> list[str]:
        return [k for k, c in self.metric_checks.items() if c.isChecked()]

    def set_metrics(self, keys: list[str]) -> None:
        """Tick these scores (without saying so: nothing was toggled by the user)."""
        for key, check in self.metric_checks.items():
            check.blockSignals(True)
            check.setChecked(key in keys)
            check.blockSignals(False)

    def set_editable(self, editable: bool) -> None:
        """A new run is being set up (editable), or a stored or running one is shown."""
        self._editable = editable
        for w in (self.add_model_button, self.remove_model_button, self.use_open, self.use_file, self.test_path,
                  self.browse):
            w.setEnabled(editable)
        if editable and self.open_dataset is None:
            self.use_open.setEnabled(False)
