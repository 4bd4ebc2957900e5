"""The Chat tab's left side: the conversations, newest or pinned first, searched as
you type (when typing pauses), with New, Rename, Pin and Delete."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.chat.store import Conversation, Store

from ..i18n import tr


class ConversationsModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[Conversation] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items):
            return None
        c = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = ("📌 " if c.pinned else "") + c.title
            return f"{title}\n{c.snippet}" if c.snippet else title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("Last used {when}").format(when=time.strftime("%Y-%m-%d %H:%M", time.localtime(c.updated)))
        if role == Qt.ItemDataRole.UserRole:
            return c.id
        return None

    def set_items(self, items: list[Conversation]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def row_of(self, conversation_id: int | None) -> int:
        return next((i for i, c in enumerate(self.items) if c.id == conversation_id), -1)


class ConversationsPanel(QWidget):
    chosen = Signal(object)  # a conversation id, or None for a new chat

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.current: int | None = None  # the conversation shown
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search all chats"))
        self.search.setAccessibleName(tr("Search chats"))
        self.search.setClearButtonEnabled(True)
        self.conv_model = ConversationsModel(self)
        self.conv_list = QListView()
        self.conv_list.setModel(self.conv_model)
        self.conv_list.setAccessibleName(tr("Conversations"))
        self.conv_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conv_list.setWordWrap(True)
        self.new_button = QPushButton(tr("&New Chat"))
        self.new_button.setAccessibleName(tr("New chat"))
        self.rename_button = QPushButton(tr("Rena&me…"))
        self.rename_button.setAccessibleName(tr("Rename the chat"))
        self.pin_button = QPushButton(tr("&Pin"))
        self.pin_button.setAccessibleName(tr("Pin or unpin the chat"))
        self.delete_button = QPushButton(tr("De&lete"))
        self.delete_button.setAccessibleName(tr("Delete the chat"))
        lv = QVBoxLayout(self)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.search)
        lv.addWidget(self.conv_list, 1)
        row1 = QHBoxLayout()
        row1.addWidget(self.new_button)
        row1.addWidget(self.rename_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.pin_button)
        row2.addWidget(self.delete_button)
        lv.addLayout(row1)
        lv.addLayout(row2)
        # Search when typing pauses, not at every keystroke (a pasted page is one search).
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        self.conv_list.selectionModel().currentRowChanged.connect(self._chosen)
        self.new_button.clicked.connect(lambda: self.chosen.emit(None))
        self.rename_button.clicked.connect(self.rename_current)
        self.pin_button.clicked.connect(self.toggle_pin)
        self.delete_button.clicked.connect(self.delete_current)

    def refresh(self, *_args: Any) -> None:
        self.conv_model.set_items(self.store.conversations(self.search.text()))
        row = self.conv_model.row_of(self.current)
        if row >= 0:
            self.conv_list.setCurrentIndex(self.conv_model.index(row))

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.data(Qt.ItemDataRole.UserRole) != self.current:
            self.chosen.emit(current.data(Qt.ItemDataRole.UserRole))

    def show_conversation(self, conversation_id: int | None) -> None:
        self.current = conversation_id
        if conversation_id is None:
            self.conv_list.clearSelection()

    def rename_current(self, title: str | None = None) -> None:
        if self.current is None:
            return
        if title is None:
            conv = self.store.get(self.current)
            title, ok = QInputDialog.getText(self, tr("Rename the chat"), tr("Title:"), text=conv.title if conv else "")
            if not ok:
                return
        self.store.rename(self.current, title)
        self.refresh()

    def toggle_pin(self) -> None:
        conv = self.store.get(self.current) if self.current else None
        if conv:
            self.store.pin(conv.id, not conv.pinned)
            self.refresh()

    def delete_current(self, confirm: bool = True) -> None:
        conv = self.store.get(self.current) if self.current else None
        if conv is None:
            return
        if confirm and QMessageBox.question(self, tr("Delete the chat"),
                                            tr('Delete “{title}” and all its messages?').format(title=conv.title),
                                            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                            QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        self.store.delete(conv.id)
        self.current = None
        self.refresh()
        self.chosen.emit(None)
