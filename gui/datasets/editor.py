"""The editor beside the table: every message of the selected example, with its role,
content, assistant weight and tool calls; add, remove and reorder messages. A row that
did not parse is shown as its raw text, to fix by hand."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy,
    QToolButton, QVBoxLayout, QWidget,
)

from core.datasets.model import Kind, content_text

ROLES = ["system", "user", "assistant", "tool"]


class MessageCard(QFrame):
    changed = Signal()
    move = Signal(int)  # -1 up, +1 down
    remove = Signal()

    def __init__(self, message: dict[str, Any], number: int) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.extra = {k: v for k, v in message.items() if k not in ("role", "content", "weight", "tool_calls")}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        top = QHBoxLayout()
        self.role = QComboBox()
        self.role.setAccessibleName(f"Role of message {number}")
        role = str(message.get("role", "user"))
        self.role.addItems(ROLES if role in ROLES else [*ROLES, role])
        self.role.setCurrentText(role)
        self.weight = QCheckBox("Train on this reply")
        self.weight.setAccessibleName(f"Train on message {number}")
        self.weight.setToolTip("Unticked: weight 0, the model sees this reply but does not learn from it")
        self.weight.setChecked(message.get("weight", 1) != 0)
        up, down, drop = QToolButton(), QToolButton(), QToolButton()
        for button, arrow, name in ((up, Qt.ArrowType.UpArrow, "Move message up"),
                                    (down, Qt.ArrowType.DownArrow, "Move message down")):
            button.setArrowType(arrow)
            button.setAccessibleName(f"{name} ({number})")
            button.setToolTip(name)
        drop.setText("✕")
        drop.setAccessibleName(f"Remove message {number}")
        drop.setToolTip("Remove this message")
        top.addWidget(self.role)
        top.addWidget(self.weight)
        top.addStretch(1)
        for b in (up, down, drop):
            top.addWidget(b)
        layout.addLayout(top)
        self.content = QPlainTextEdit(content_text(message.get("content")))
        self.content.setAccessibleName(f"Content of message {number}")
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(60)
        self.content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.content)
        self.tools = QPlainTextEdit(json.dumps(message["tool_calls"], ensure_ascii=False, indent=1)
                                    if message.get("tool_calls") else "")
        self.tools.setPlaceholderText("Tool calls as JSON (optional)")
        self.tools.setAccessibleName(f"Tool calls of message {number}")
        self.tools.setTabChangesFocus(True)
        self.tools.setMaximumHeight(80)
        layout.addWidget(self.tools)
        self._sync_role()
        self.role.currentTextChanged.connect(self._sync_role)
        self.role.currentTextChanged.connect(self.changed)
        self.weight.toggled.connect(self.changed)
        self.content.textChanged.connect(self.changed)
        self.tools.textChanged.connect(self.changed)
        up.clicked.connect(lambda: self.move.emit(-1))
        down.clicked.connect(lambda: self.move.emit(1))
        drop.clicked.connect(self.remove)

    def _sync_role(self) -> None:
        assistant = self.role.currentText() == "assistant"
        self.weight.setVisible(assistant)
        self.tools.setVisible(assistant)

    def message(self) -> dict[str, Any]:
        msg: dict[str, Any] = {"role": self.role.currentText(), **self.extra}
        msg["content"] = self.content.toPlainText()
        if self.role.currentText() == "assistant":
            raw = self.tools.toPlainText().strip()
            if raw:
                try:
                    msg["tool_calls"] = json.loads(raw)
                except ValueError:
                    msg["tool_calls"] = raw  # kept as typed; validation names the problem
                if not msg["content"]:
                    msg["content"] = None
            if not self.weight.isChecked():
                msg["weight"] = 0
        return msg


class ConversationEditor(QWidget):
    """Emits ``edited(row, new_data)``; the tab turns it into an undoable command."""

    edited = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.row = -1
        self.line = 0
        self.kind = Kind.CHAT
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("Select an example to edit it here")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.cards_layout = QVBoxLayout(self.body)
        self.cards_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll, 1)
        self.add_button = QPushButton("Add message")
        self.add_button.setAccessibleName("Add message")
        self.add_button.clicked.connect(self.add_message)
        outer.addWidget(self.add_button)
        self.cards: list[MessageCard] = []
        self.fields: dict[str, QPlainTextEdit] = {}
        self.raw: QPlainTextEdit | None = None
        # Typing is committed after a pause (one undo step per burst, not per key).
        self._commit = QTimer(self)
        self._commit.setSingleShot(True)
        self._commit.setInterval(400)
        self._commit.timeout.connect(self.commit)
        self.add_button.setEnabled(False)

    # -- showing -----------------------------------------------------------------------
    def show_example(self, row: int, data: Any, kind: Kind, raw: str | None = None, line: int = 0) -> None:
        if self._commit.isActive():
            self._commit.stop()
            self.commit()
        self._loading = True
        self.row, self.kind, self.line = row, kind, line
        for i in reversed(range(self.cards_layout.count())):
            w = self.cards_layout.itemAt(i).widget()
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        self.cards, self.fields, self.raw = [], {}, None
        where = f" (line {line})" if line else ""
        if row < 0:
            self.title.setText("Select an example to edit it here")
            self.add_button.setEnabled(False)
        elif raw is not None and data is None:
            self.title.setText(f"Example {row + 1}{where} is not valid JSON. Fix it here; nothing is lost until you do.")
            self.raw = QPlainTextEdit(raw)
            self.raw.setAccessibleName("Raw text of the example")
            self.raw.textChanged.connect(self._schedule)
            self.cards_layout.addWidget(self.raw)
            self.add_button.setEnabled(False)
        elif isinstance(data, dict) and "messages" in data and isinstance(data["messages"], list):
            self.title.setText(f"Example {row + 1}{where}: {len(data['messages'])} messages")
            for i, m in enumerate(data["messages"]):
                self._add_card(m if isinstance(m, dict) else {"role": "user", "content": json.dumps(m)}, i + 1)
            self.add_button.setEnabled(True)
        elif isinstance(data, dict):
            self.title.setText(f"Example {row + 1}{where}")
            for key in ("prompt", "completion"):
                label = QLabel(key.capitalize())
                edit = QPlainTextEdit(str(data.get(key, "")))
                edit.setAccessibleName(key.capitalize())
                edit.setTabChangesFocus(True)
                label.setBuddy(edit)
                edit.textChanged.connect(self._schedule)
                self.cards_layout.addWidget(label)
                self.cards_layout.addWidget(edit)
                self.fields[key] = edit
            self.add_button.setEnabled(False)
        self._loading = False

    def _add_card(self, message: dict[str, Any], number: int) -> MessageCard:
        card = MessageCard(message, number)
        card.changed.connect(self._schedule)
        card.move.connect(lambda step, c=card: self._move(c, step))
        card.remove.connect(lambda c=card: self._remove(c))
        self.cards.append(card)
        self.cards_layout.addWidget(card)
        return card

    # -- editing -----------------------------------------------------------------------
    def _schedule(self) -> None:
        if not self._loading:
            self._commit.start()

    def add_message(self) -> None:
        last = self.cards[-1].role.currentText() if self.cards else "assistant"
        role = "assistant" if last == "user" else "user"
        card = self._add_card({"role": role, "content": ""}, len(self.cards) + 1)
        self.commit()
        card.content.setFocus()

    def _move(self, card: MessageCard, step: int) -> None:
        i = self.cards.index(card)
        j = i + step
        if 0 <= j < len(self.cards):
            self.cards[i], self.cards[j] = self.cards[j], self.cards[i]
            self._restructured()

    def _remove(self, card: MessageCard) -> None:
        self.cards.remove(card)
        self._restructured()

    def _restructured(self) -> None:
        data = self.current_data()
        self.commit()
        self.show_example(self.row, data, self.kind, line=self.line)

    def current_data(self) -> Any:
        if self.raw is not None:
            text = self.raw.toPlainText()
            try:
                return json.loads(text)
            except ValueError:
                return None
        if self.fields:
            return {k: e.toPlainText() for k, e in self.fields.items()}
        return {"messages": [c.message() for c in self.cards]}

    def commit(self) -> None:
        self._commit.stop()
        if self.row < 0:
            return
        data = self.current_data()
        if data is not None:
            self.edited.emit(self.row, data)

    def flush(self) -> None:
        """Commit typing that is waiting for its pause (before save, undo, a row change)."""
        if self._commit.isActive():
            self.commit()
