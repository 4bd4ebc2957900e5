"""The main window: one tab per step — build the data, train, chat."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox, QTabWidget

from core.datasets import ReadError, recovery
from core.datasets.model import Kind
from core.datasets.readers import DatasetReader
from core.providers import LOCAL_ID

from . import help as help_pages
from .chat.tab import ChatTab
from .datasets.find_replace import FindReplaceDialog
from .datasets.import_dialog import ImportDialog
from .datasets.tab import DatasetsTab
from .evaluate.tab import EvaluateTab
from .i18n import QT_TR_NOOP, shown_error, tr
from .notify import Notifier
from .preferences import PreferencesDialog
from .providers import Providers
from .settings import Settings
from .train.launch_dialog import LaunchDialog, OpenDataset
from .train.tab import TrainTab

OPEN_FILTER = QT_TR_NOOP("Datasets (*.jsonl *.json *.csv *.tsv *.xlsx *.txt);;All files (*)")


class MainWindow(QMainWindow):
    def __init__(self, providers: Providers | None = None) -> None:
        super().__init__()
        self.settings = Settings()
        self.providers = providers if providers is not None else Providers(self.settings, parent=self)
        self.notifier = Notifier(self)
        self.setMinimumSize(900, 600)  # a 1366×768 screen at 150 %, or a small laptop
        self.setAcceptDrops(True)
        self.datasets = DatasetsTab()
        self.datasets.chat_model = self.settings.target_model
        self.datasets.target_chosen.connect(self._remember_target)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Main sections"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.datasets, tr("&Datasets"))
        self.train = TrainTab(self.providers)
        self.tabs.addTab(self.train, tr("&Train"))
        self.chat = ChatTab(self.providers)
        self.tabs.addTab(self.chat, tr("&Chat"))
        self.evaluate = EvaluateTab(self.providers)
        self.tabs.addTab(self.evaluate, tr("E&valuate"))
        self.evaluate.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.evaluate.add_to_dataset_requested.connect(self.add_to_dataset)
        self.evaluate.chat_requested.connect(self.chat_with)
        self.train.evaluate_requested.connect(self.evaluate_job)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.chat.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.chat.add_to_dataset_requested.connect(self.add_to_dataset)
        self.train.new_job_requested.connect(self.new_job)
        self.train.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.train.job_ended.connect(self._job_ended)
        self.train.chat_requested.connect(self.chat_with)
        self.setCentralWidget(self.tabs)
        from .migrate.actions import Leaving

        self.leaving = Leaving(self)
        from .datasets.incoming import Incoming
        from .menus import Menus

        self.incoming = Incoming(self)
        self.help = help_pages.HelpActions(self)
        self.menus = Menus(self)
        self.datasets.title_changed.connect(self._update_title)
        self.datasets.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.statusBar().showMessage(tr("Ready"))
        from .failures import FailureReporter

        self.failures = FailureReporter(self)
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        else:
            self.resize(1280, 800)
        self._update_title()
        QTimer.singleShot(0, self.offer_recovery)
        active = self.settings.active_jobs
        if active:  # jobs were running when TuneDesk closed: follow them again
            self.train.select_provider(active[0].split("/", 1)[0])
            self.train.activate()

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.chat:  # a completion model's separator and labels come from its data
            doc = self.datasets.ctl.doc
            self.chat.set_open_dataset(list(doc.examples[:5000]) if doc.kind is Kind.COMPLETION else None)
        if self.tabs.currentWidget() is self.evaluate:  # the open dataset can be the test set
            doc = self.datasets.ctl.doc
            self.evaluate.set_open_dataset((self.datasets.display_name(), list(doc.examples)) if len(doc) else None)

    def evaluate_job(self, provider_id: str, job) -> None:
        self.tabs.setCurrentWidget(self.evaluate)
        self.evaluate.evaluate_job(provider_id, job)

    def _remember_target(self, model: str) -> None:
        self.settings.target_model = model

    def offer_recovery(self) -> None:
        """After a crash: offer the changes autosaved before it, and say if the chat
        history's file was damaged (it is kept aside; what could be read was carried over)."""
        store = self.chat.store
        if store.damaged is not None:
            kept = store.salvaged.get("messages", 0)
            text = tr("The chat history file was damaged. It was kept as {file} and a new one was started with "
                      "the %Ln message(s) that could still be read.", None, kept).format(file=store.damaged)
            self.statusBar().showMessage(text)
            box = QMessageBox(QMessageBox.Icon.Warning, tr("Chat history was damaged"), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # not modal to the app: the window is usable at once
        found = recovery.pending()
        if found is None:
            return
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(found.saved_at))
        answer = QMessageBox.question(
            self, tr("Recover unsaved changes?"),
            tr("TuneDesk closed before changes to {name} were saved. %Ln example(s) were autosaved at {when}. "
               "Recover them?", None, found.count).format(name=found.name, when=when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self.datasets.open_path(found.examples_path, recovered=found)
            self.tabs.setCurrentWidget(self.datasets)
        else:
            recovery.clear()

    def add_to_dataset(self, messages: list) -> None:
        self.incoming.add_to_dataset(messages)

    def generate_examples(self) -> None:
        self.incoming.generate_examples()

    def import_documents(self) -> None:
        self.incoming.import_documents()

    def set_system_prompt(self) -> None:
        current = next((m.get("content", "") for e in self.datasets.ctl.doc.examples[:1] if e.data
                        for m in e.data.get("messages", [])[:1] if m.get("role") == "system"), "")
        text, ok = QInputDialog.getMultiLineText(self, tr("Set the system prompt"),
                                                 tr("The system prompt of every example:"), current)
        if ok:
            self.datasets.set_system_prompt(text)

    def split_validation(self) -> None:
        percent, ok = QInputDialog.getInt(self, tr("Split off a validation set"),
                                          tr("Share of the examples to hold out for validation (%):"), 10, 1, 50)
        if not ok:
            return
        src = self.datasets.ctl.doc.source.path
        start = str(Path(src).with_name(Path(src).stem + "_validation.jsonl")) if src else "validation.jsonl"
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the validation set"), start, tr("JSON Lines (*.jsonl)"))
        if path:
            self.datasets.split_validation(percent / 100, path)

    def find_replace(self) -> None:
        dialog = FindReplaceDialog(self.datasets, self)
        dialog.open()
        self.find_dialog = dialog

    def preferences(self, page: str = "general") -> None:
        dialog = PreferencesDialog(self.settings, self, self.providers, page if isinstance(page, str) else "general")
        dialog.accepted.connect(lambda: setattr(self.datasets, "chat_model", self.settings.target_model))
        dialog.open()
        self.preferences_dialog = dialog

    # -- training ----------------------------------------------------------------------
    def new_job(self) -> None:
        doc = self.datasets.ctl.doc
        snapshot = OpenDataset(self.datasets.display_name(), list(doc.examples)) if len(doc) else None
        dialog = LaunchDialog(self.providers, snapshot, self.train.provider_id, self)
        dialog.launched.connect(self._launched)
        dialog.open()
        self.launch_dialog = dialog

    def _launched(self, provider_id: str, job) -> None:
        self.tabs.setCurrentWidget(self.train)
        self.train.job_launched(provider_id, job)
        self.statusBar().showMessage(tr('Started {id} on {name}').format(id=job.id, name=self.providers.get(provider_id).name), 10_000)

    def _job_ended(self, provider_id: str, tracker) -> None:
        job = tracker.job
        where = self.providers.get(provider_id).name
        if job.status == "succeeded":
            self.notifier.notify(tr("Training finished"),
                                 tr("{model} is ready to chat with ({where}).").format(model=job.fine_tuned_model, where=where))
        elif job.status == "failed":
            self.notifier.notify(tr("Training failed"), tr("{job} failed: {reason}").format(
                job=job.id, reason=tracker.error or tr("no reason given")))
        else:
            self.notifier.notify(tr("Training cancelled"), tr("{job} was cancelled.").format(job=job.id))

    def chat_with(self, provider_id: str, model: str) -> None:
        self.chat.select_model(provider_id, model)
        self.chat.new_conversation()
        self.tabs.setCurrentWidget(self.chat)
        self.statusBar().showMessage(tr('Chatting with {model}').format(model=model), 10_000)

    def _undo_stack(self):
        self.datasets.editor.flush()
        return self.datasets.ctl.undo

    # -- files -------------------------------------------------------------------------
    def _confirm_discard(self) -> bool:
        if not self.datasets.dirty:
            return True
        answer = QMessageBox.question(
            self, tr("Unsaved changes"), tr("Save the changes to {name}?").format(name=self.datasets.display_name()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.datasets.forget_unsaved()
            return True
        return False

    def new_dataset(self) -> None:
        if self._confirm_discard():
            self.datasets.new_dataset()

    def open_dialog(self) -> None:
        if not self._confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("Open a dataset"), "", tr(OPEN_FILTER))
        if path:
            self.open_path(path, confirmed=True)

    def open_path(self, path: str | Path, confirmed: bool = False) -> bool:
        if not confirmed and not self._confirm_discard():
            return False
        try:
            reader = DatasetReader(path)
        except ReadError as exc:
            QMessageBox.warning(self, tr("Cannot open the file"), shown_error(exc))
            return False
        # Sniffed once, here: the Datasets tab and its reader process take what this found.
        if reader.is_table:  # CSV, TSV, XLSX: confirm which column is which first
            self.import_dialog = ImportDialog(reader, self)
            self.import_dialog.accepted.connect(
                lambda dlg=self.import_dialog: self._open_checked(path, dlg.mapping(), reader))
            self.import_dialog.open()
            return True
        return self._open_checked(path, None, reader)

    def open_files(self, files: list[str]) -> None:
        """Files handed over by the desktop (a double-click, "Open with", a second start):
        bring the window forward and open the first dataset (one is open at a time)."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        readable = [f for f in files if Path(f).is_file()]
        if not readable:
            if files:
                QMessageBox.warning(self, tr("Cannot open the file"), tr("{path} does not exist or is not a file.").format(path=files[0]))
            return
        if self.open_path(readable[0]) and len(readable) > 1:
            self.statusBar().showMessage(
                tr("Opened {name}; TuneDesk opens one dataset at a time, so the other %n file(s) were not opened",
                   None, len(readable) - 1).format(name=Path(readable[0]).name), 15_000)

    def _open_checked(self, path: str | Path, mapping: dict[str, str] | None, reader: DatasetReader | None = None) -> bool:
        try:
            self.datasets.open_path(path, mapping, reader=reader)
        except ReadError as exc:
            QMessageBox.warning(self, tr("Cannot open the file"), shown_error(exc))
            return False
        self.settings.add_recent(path)
        self.tabs.setCurrentWidget(self.datasets)
        return True

    def save(self) -> bool:
        path = self.datasets.ctl.path
        if path is None:
            return self.save_as()
        self.datasets.save_to(path)
        return True

    def save_as(self) -> bool:
        start = str(self.datasets.ctl.doc.source.path or "dataset.jsonl")
        if not start.endswith(".jsonl"):
            start = str(Path(start).with_suffix(".jsonl"))
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the dataset as JSONL"), start, tr("JSON Lines (*.jsonl)"))
        if not path:
            return False
        self.datasets.save_to(path)
        self.settings.add_recent(path)
        return True

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.datasets.display_name()}[*] — TuneDesk")  # Qt shows [*] as * when modified
        self.setWindowModified(self.datasets.dirty)

    # -- window events -----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    def _confirm_stop_training(self) -> bool:
        """Quitting stops the local engine: say what happens to a job that is training."""
        running = [t for t in self.train.follower.trackers.values() if not t.finished]
        if self.train.provider_id != LOCAL_ID or not running or not self.providers.engine.running:
            return True
        answer = QMessageBox.question(
            self, tr("A model is training"),
            tr("%n job(s) are training on this computer. If you quit now, training pauses and resumes from the last "
               "checkpoint the next time TuneDesk starts. Quit anyway?", None, len(running)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_discard() or not self._confirm_stop_training():
            event.ignore()
            return
        self.datasets.forget_unsaved()  # saved, discarded or unchanged: nothing to recover
        self.settings.geometry = self.saveGeometry()
        self.settings.sync()
        self.train.shutdown()
        self.chat.shutdown()
        self.evaluate.shutdown()
        self.providers.shutdown()
        self.failures.close()
        event.accept()
