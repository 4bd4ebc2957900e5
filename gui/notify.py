"""Desktop notifications: the system tray's balloon where there is a tray, otherwise the
status bar and the taskbar's attention hint. Every notification is kept in ``sent``."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon


class Notifier:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.sent: list[tuple[str, str]] = []
        self.tray: QSystemTrayIcon | None = None

    def notify(self, title: str, text: str) -> None:
        self.sent.append((title, text))
        self.window.statusBar().showMessage(f"{title}: {text}", 30_000)
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self.tray is None:
                self.tray = QSystemTrayIcon(QApplication.windowIcon(), self.window)
                self.tray.setToolTip("TuneDesk")
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        if not self.window.isActiveWindow():
            QApplication.alert(self.window)
