"""What the Train tab adds for leaving a provider: the deadline banner, the archive as a
source of jobs ("Imported from OpenAI"), and the buttons an imported job has."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from core import paths
from core.migrate.archive import PREFIX
from core.migrate.deadline import closing

from ..i18n import shown, tr
from . import archive


def is_imported(source_id: str) -> bool:
    return source_id.startswith(PREFIX)


def provider_of(source_id: str) -> str:
    """The provider an imported source came from (``imported:openai`` → ``openai``)."""
    return source_id[len(PREFIX):] if is_imported(source_id) else source_id


def sources() -> list[tuple[str, str]]:
    """(combo text, id) for every provider jobs were imported from."""
    if not (paths.home() / "imports" / "imports.sqlite3").exists():
        return []  # nothing imported yet: no archive is made just by looking
    return [(tr("Imported from {provider}").format(provider=row["name"]), PREFIX + row["provider"])
            for row in archive().sources()]


def load(source_id: str) -> tuple[list[Any], dict[str, Any]]:
    """The imported jobs (newest first) and their trackers, read from the archive."""
    from core.migrate import history

    pid = provider_of(source_id)
    store = archive()
    jobs = history.jobs(store, pid)
    return jobs, {j.id: history.tracker(store, pid, j.id) for j in jobs}


class DeadlineBanner(QLabel):
    """Where a provider's fine-tuning is closing: what stops when, and a link to import."""

    import_requested = Signal(str)  # provider id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider_id = ""
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName(tr("Fine-tuning is closing at this provider"))
        self.setStyleSheet("QLabel { background: #fff4e5; color: #7a4100; border: 1px solid #f0c27b;"
                           " border-radius: 4px; padding: 6px; }")
        self.linkActivated.connect(lambda _link: self.import_requested.emit(self.provider_id))
        self.hide()

    def show_for(self, provider: Any) -> None:
        c = closing(provider) if provider is not None else None
        self.provider_id = getattr(provider, "id", "") or ""
        if c is None:
            self.hide()
            return
        link = tr("Import from {provider}…").format(provider=html.escape(c.provider))
        text = f"{html.escape(shown(c.notice()))} <a href='import'>{link}</a>"  # both parts translated
        self.setText(text)
        self.show()


class ImportedActions(QWidget):
    """Retrain Here…, Open Training Data and Keep Its Behaviour… for an imported job."""

    retrain = Signal()
    open_data = Signal()
    keep = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retrain_button = QPushButton(tr("&Retrain Here…"))
        self.retrain_button.setAccessibleName(tr("Train this job again from its imported files"))
        self.open_button = QPushButton(tr("&Open Training Data"))
        self.open_button.setAccessibleName(tr("Open the imported training file in the Datasets tab"))
        self.keep_button = QPushButton(tr("&Keep Its Behaviour…"))
        self.keep_button.setAccessibleName(tr("Ask the tuned model every prompt and keep its answers as a dataset"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for b in (self.retrain_button, self.open_button, self.keep_button):
            row.addWidget(b)
        self.retrain_button.clicked.connect(self.retrain)
        self.open_button.clicked.connect(self.open_data)
        self.keep_button.clicked.connect(self.keep)

    def show_job(self, source_id: str, job: Any) -> None:
        """Enabled as far as what was imported allows."""
        pid = provider_of(source_id)
        stored = archive().file(pid, job.training_file) if job is not None else None
        have_data = stored is not None and stored.complete
        self.retrain_button.setEnabled(have_data)
        self.open_button.setEnabled(have_data)
        self.keep_button.setEnabled(job is not None and bool(job.fine_tuned_model))
        tip = "" if have_data else tr("The provider no longer had this job's training file when it was imported.")
        self.retrain_button.setToolTip(tip)
        self.open_button.setToolTip(tip)
