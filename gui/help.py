"""The Help menu's pages: how to start, the keyboard, where files are, and what to put in
a bug report (versions and folders, never a key)."""

from __future__ import annotations

import html
import platform
import sys
from importlib import metadata
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QMenuBar, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from core import __version__, paths

from .i18n import QT_TR_NOOP, tr

GETTING_STARTED = QT_TR_NOOP("""
<h3>Make your own model in five steps</h3>
<ol>
<li><b>Open or build a dataset</b> (Datasets tab). Open a JSONL, CSV, TSV, XLSX or JSON file, or
start a new one and add examples. Each example is a conversation (system, user, assistant) or a
prompt with its completion.</li>
<li><b>Fix what the Problems list shows.</b> Click a problem to go to its example. Errors must be
fixed before training; warnings are advice. The line under the list estimates the tokens, the cost
(OpenAI) or the time (this computer).</li>
<li><b>Train</b>: Train ▸ New Job… checks the data once more, then starts. <i>This computer</i>
tunes an open model here; nothing leaves your machine.</li>
<li><b>Watch it</b> in the Train tab: progress, the loss chart and every event. If you close
TuneDesk, a job on this computer pauses and goes on from its last saved step at the next start;
a cloud job goes on and is found again.</li>
<li><b>Chat with it</b>: “Chat with This Model”, then compare it with others side by side.
A good exchange can go back into the dataset with “Add to Dataset…”.</li>
</ol>
<p>Your datasets are ordinary files; your tuned models and chats are kept in the data folder
(Help ▸ Open Data Folder).</p>
""")


def _page(parent: QWidget, title: str, body: str, width: int = 620, height: int = 480) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    view = QTextBrowser(dialog)
    view.setOpenExternalLinks(True)
    view.setHtml(body)
    view.setAccessibleName(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.resize(width, height)
    dialog.setModal(False)
    return dialog


def getting_started(parent: QWidget) -> QDialog:
    return _page(parent, tr("Getting Started"), tr(GETTING_STARTED), 620, 380)


def _actions(menu: QMenu | QMenuBar, path: str = "") -> list[tuple[str, QAction]]:
    out = []
    for action in menu.actions():
        name = action.text().replace("&", "")
        if action.menu() is not None:
            out += _actions(action.menu(), f"{path}{name} ▸ ")
        elif not action.isSeparator() and name:
            out.append((path + name, action))
    return out


def shortcuts(parent: QWidget, bar: QMenuBar, more: list[tuple[str, str]]) -> QDialog:
    """Every menu command with a key, read from the menus themselves, plus the keys that
    work inside the tabs."""
    rows = [(name, a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
            for name, a in _actions(bar) if not a.shortcut().isEmpty()] + more
    body = "<table cellpadding='3'>" + "".join(
        f"<tr><td>{html.escape(name)}</td><td><b>{html.escape(keys)}</b></td></tr>" for name, keys in rows) + "</table>"
    body += "<p>" + tr("In menus and forms, Alt with the underlined letter chooses that item.") + "</p>"
    return _page(parent, tr("Keyboard Shortcuts"), "<h3>" + tr("Keyboard shortcuts") + "</h3>" + body, 520, 560)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def system_info(engine_state: str) -> str:
    """For a bug report: versions, platform and folders. No key, token or file content."""
    lines = [
        f"TuneDesk {__version__}",
        f"Python {platform.python_version()} ({sys.executable if not getattr(sys, 'frozen', False) else 'bundled'})",
        f"Qt {qVersion()}, PySide6 {pyside_version}",
        f"System: {platform.platform()} ({platform.machine()})",
        *(f"{p}: {_version(p)}" for p in ("openai", "tiktoken", "keyring", "pandas", "torch", "transformers", "peft")),
        f"Local engine: {engine_state}",
        f"Data folder: {paths.home()}",
        f"Logs: {paths.logs_dir()}",
    ]
    return "\n".join(lines)


def folder_url(kind: str) -> QUrl:
    return QUrl.fromLocalFile(str(paths.logs_dir() if kind == "logs" else paths.home()))


class HelpActions(QObject):
    """The Help menu's commands, for the main window."""

    def __init__(self, window: Any) -> None:  # the MainWindow (which imports this module)
        super().__init__(window)
        self.window = window
        self.help_dialog: QDialog | None = None

    def getting_started(self) -> None:
        w = self.window
        self.help_dialog = getting_started(w)
        self.help_dialog.show()

    def keyboard_shortcuts(self) -> None:
        w = self.window
        inside = [(tr("Datasets ▸ next or previous field"), "Tab / Shift+Tab"),
                  (tr("Chat ▸ send the message"), "Ctrl+Enter")]
        self.help_dialog = shortcuts(w, w.menuBar(), inside)
        self.help_dialog.show()

    def open_folder(self, kind: str) -> None:
        w = self.window
        url = folder_url(kind)
        if not QDesktopServices.openUrl(url):
            QMessageBox.information(w, tr("Folder"), tr("The folder is {path}").format(path=url.toLocalFile()))

    def copy_system_info(self) -> None:
        w = self.window
        engine = w.providers.engine
        state = engine.state + (f" ({engine.problem})" if engine.problem else "")
        QGuiApplication.clipboard().setText(system_info(state))
        w.statusBar().showMessage(tr("System information copied: paste it into a bug report"), 10_000)

    def about(self) -> None:
        w = self.window
        QMessageBox.about(w, tr("About TuneDesk"),
                          tr('<h3>TuneDesk {version}</h3><p>Make your own personal ChatGPT: build a dataset, train a model '
                             'on this computer or in the cloud, and chat with it.</p><p>A personal model is a file you own.</p>')
                          .format(version=__version__))
