"""The chat itself: a conversation drawn as Markdown in a QTextBrowser, the latest
``PAGE`` messages with the earlier ones behind a link, and the actions each message's
links ask for (copy here; edit, regenerate and other versions for the tab)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTextBrowser, QWidget

from core.chat.store import Store

from ..i18n import tr
from .render import PAGE, context_markdown, message_markdown


class ChatView(QTextBrowser):
    status = Signal(str)
    more_requested = Signal()  # show the earlier messages too
    edit_requested = Signal(int)  # message id
    regenerate_requested = Signal()
    version_requested = Signal(int, int)  # message id, -1 earlier or +1 later

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setAccessibleName(tr("Messages"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._link)

    def show_thread(self, thread: list[Any], context: list[dict[str, Any]] | None, show_all: bool, local: bool) -> None:
        """``thread``'s messages under the preset's ``context`` (None: hidden), scrolled to the end."""
        parts = []
        if context is not None:
            parts.append(context_markdown(context))
        shown = thread if show_all else thread[-PAGE:]
        if len(shown) < len(thread):
            parts.append("[" + tr("Show %Ln earlier message(s)", None, len(thread) - len(shown)) + "](act:all:0)\n\n---\n\n")
        for i, m in enumerate(shown):
            versions = self.store.versions(m.id)  # indexed: 100 of these take about 1.5 ms
            index = versions.index(m.id) + 1 if m.id in versions else 1
            parts.append(message_markdown(m, (index, len(versions)), i == len(shown) - 1, local))
        if not thread:
            parts.append("*" + tr("Ask something to start. Replies stream in as the model writes them.") + "*")
        self.setMarkdown("".join(parts))
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def _link(self, url: QUrl) -> None:
        _, action, ident = (url.toString().split(":") + ["", ""])[:3]
        mid = int(ident or 0)
        if action == "all":
            self.more_requested.emit()
        elif action == "copy":
            m = self.store.message(mid)
            if m:
                QGuiApplication.clipboard().setText(m.content)
                self.status.emit(tr("Copied the message"))
        elif action == "edit":
            self.edit_requested.emit(mid)
        elif action == "regenerate":
            self.regenerate_requested.emit()
        elif action in ("prev", "next"):
            self.version_requested.emit(mid, -1 if action == "prev" else 1)
