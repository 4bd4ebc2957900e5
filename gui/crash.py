"""The last resort: an exception nobody caught, on any thread, is written to the log file
with its traceback (core/applog.py) and shown in a dialog that names that file, instead
of the app vanishing or failing silently."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core import applog

from .i18n import tr


class CrashReporter(QObject):
    """Parented to the application; ``report`` may be called from any thread."""

    report = Signal(str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.dialog: QMessageBox | None = None
        self.shown: list[str] = []
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    @Slot(str)
    def _show(self, summary: str) -> None:
        self.shown.append(summary)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setInformativeText(self._details(len(self.shown)))
            return
        parent: QWidget | None = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Something Went Wrong"),
                          tr('TuneDesk hit an error it did not expect:\n\n{summary}').format(summary=summary),
                          QMessageBox.StandardButton.Close,
                          parent)
        box.setInformativeText(self._details(1))
        logs = box.addButton(tr("Open &Log Folder"), QMessageBox.ButtonRole.ActionRole)
        logs.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(applog.log_path().parent))))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        box.setModal(False)
        self.dialog = box
        box.show()

    @staticmethod
    def _details(count: int) -> str:
        more = " " + tr("(%n errors so far)", None, count) if count > 1 else ""
        return tr("The details are in {log}{more}. Your data is saved as you work; if something looks wrong, "
                  "restart TuneDesk, and attach that file to a bug report.").format(log=applog.log_path(), more=more)


def install(app: QApplication) -> CrashReporter:
    reporter = CrashReporter(app)
    applog.install_hooks(reporter.report.emit)
    return reporter
