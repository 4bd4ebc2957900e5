"""The default failure path: a background task that failed with nobody to handle it is
said in the status bar, in words, with Details… (the traceback and the log's path) on
demand; gui/tasks.py has already written it to the log."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton

from core import applog

from . import tasks
from .i18n import shown_error, tr


class FailureReporter:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.text = ""
        self.trace = ""
        self.box: QMessageBox | None = None
        self.button = QPushButton(tr("Details…"), window)
        self.button.setAccessibleName(tr("Details of the last failure"))
        self.button.setFlat(True)
        self.button.hide()
        self.button.clicked.connect(self.show_details)
        window.statusBar().addPermanentWidget(self.button)
        tasks.set_failure_handler(self.report)

    def report(self, what: str, exc: BaseException) -> None:
        if not shiboken6.isValid(self.window):  # the window went without closing: nothing to tell
            tasks.set_failure_handler(None)
            raise exc
        error = shown_error(exc) or type(exc).__name__
        self.text = (tr("{what} failed: {error}").format(what=what, error=error) if what
                     else tr("Something running in the background failed: {error}").format(error=error))
        self.trace = applog.redact(tasks.details(exc))
        self.window.statusBar().showMessage(self.text, 60_000)
        self.button.show()

    def show_details(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("What went wrong"), self.text, QMessageBox.StandardButton.Close,
                          self.window)
        box.setInformativeText(tr("The same is in the log: {path}").format(path=applog.log_path()))
        box.setDetailedText(self.trace)
        box.open()
        self.box = box
        self.button.hide()

    def close(self) -> None:
        tasks.set_failure_handler(None)
