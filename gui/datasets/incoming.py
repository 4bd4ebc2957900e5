"""Examples arriving from elsewhere into the open dataset: an exchange from the Chat or
Evaluate tab, generated answers (Dataset ▸ Generate Examples…) and a folder of
documents cut into parts (File ▸ Import Documents…). Each goes in as one undoable step,
into a new chat dataset when the open one is prompt/completion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from core.datasets.model import Example, Kind

from .. import tasks
from ..chat.add_dialog import AddToDatasetDialog, append_jsonl
from ..i18n import tr


class Incoming(QObject):
    def __init__(self, window: Any) -> None:  # the MainWindow (which imports this module)
        super().__init__(window)
        self.window = window

    def add_to_dataset(self, messages: list) -> None:
        w = self.window
        doc = w.datasets.ctl.doc
        usable = doc.kind is Kind.CHAT or len(doc) == 0
        dialog = AddToDatasetDialog(messages, w.datasets.display_name() if usable else None, w)
        self.add_dialog = dialog

        def accepted() -> None:
            example = dialog.example()
            if dialog.open_radio.isChecked():
                if doc.kind is not Kind.CHAT:
                    w.datasets.new_dataset(Kind.CHAT)
                ctl = w.datasets.ctl
                ctl.add(len(ctl.doc), [Example(example)], tr("Add example from chat"))
                w.statusBar().showMessage(tr("Added the exchange to {name}").format(name=w.datasets.display_name()), 10_000)
            else:
                path = append_jsonl(dialog.path.text().strip(), example)
                w.statusBar().showMessage(tr('Appended the exchange to {path}').format(path=path), 10_000)

        dialog.accepted.connect(accepted)
        dialog.open()

    def generate_examples(self) -> None:
        """Answers to every combination of a template's variables, added to the open
        conversations as they are generated; those the dataset holds are not asked again."""
        from core.datasets.generate import row_key

        from .generate_dialog import GenerateDialog

        w = self.window
        keys = {k for k in (row_key(e.data) for e in w.datasets.ctl.doc.examples) if k}
        dialog = GenerateDialog(w.providers, keys, w)
        self.generate_dialog = dialog
        dialog.rows_arrived.connect(self._generated)
        dialog.open()

    def _generated(self, rows: list) -> None:
        from core.datasets.generate import to_examples

        w = self.window
        if w.datasets.ctl.doc.kind is not Kind.CHAT:
            w.datasets.new_dataset(Kind.CHAT)
        ctl = w.datasets.ctl
        ctl.add(len(ctl.doc), to_examples(rows), tr("Generate %n example(s)", None, len(rows)))
        w.statusBar().showMessage(tr("Added %n generated example(s) to {name}", None, len(rows)).format(
            name=w.datasets.display_name()), 10_000)

    def import_documents(self) -> None:
        """A folder of .txt/.md documents (or input/output pairs) cut into examples and
        added to the open conversations (a new dataset when the open one is not chat)."""
        w = self.window
        folder = QFileDialog.getExistingDirectory(w, tr("Choose the folder of documents"), str(Path.home()))
        if not folder:
            return
        from core.datasets.models import tokenizer_factory

        from .documents_dialog import DocumentsDialog

        model = w.settings.target_model
        dialog = DocumentsDialog(folder, model, tokenizer_factory(model), w)
        self.documents_dialog = dialog

        def accepted() -> None:
            examples = dialog.examples()
            if w.datasets.ctl.doc.kind is not Kind.CHAT:
                w.datasets.new_dataset(Kind.CHAT)
            ctl = w.datasets.ctl
            doc, start = ctl.doc, len(ctl.doc)
            w.statusBar().showMessage(tr("Adding %n example(s)…", None, len(examples)))

            def add(checked: Any) -> None:
                if w.datasets.ctl is not ctl or len(ctl.doc) != start:
                    checked = None  # the dataset changed meanwhile: check them where they land
                ctl.add(len(ctl.doc), examples, tr("Import %n document part(s)", None, len(examples)), checked)
                w.tabs.setCurrentWidget(w.datasets)
                w.statusBar().showMessage(tr("Added %n example(s) from the documents to {name}", None,
                                          len(examples)).format(name=w.datasets.display_name()), 10_000)

            # checking and counting thousands of parts is work for a worker, not the window
            tasks.run(lambda: doc.checked(examples, start), add, lambda exc: add(None))

        dialog.accepted.connect(accepted)
        dialog.open()
