"""The editor beside the table: every message of the selected example, with its role,
content, assistant weight and tool calls; add, remove and reorder messages. A row that
did not parse is shown as its raw text, to fix by hand."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.datasets.model import Kind, content_text

from ..i18n import tr

ROLES = ["system", "user", "assistant", "tool"]


class MessageCard(QFrame):
    changed = Signal()
    move = Signal(int)  # -1 up, +1 down
    remove = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.extra: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        top = QHBoxLayout()
        self.role = QComboBox()
        self.weight = QCheckBox(tr("Train on this reply"))
        self.weight.setToolTip(tr("Unticked: weight 0, the model sees this reply but does not learn from it"))
        self.up, self.down, self.drop = QToolButton(), QToolButton(), QToolButton()
        for button, arrow, name in ((self.up, Qt.ArrowType.UpArrow, tr("Move message up")),
                                    (self.down, Qt.ArrowType.DownArrow, tr("Move message down"))):
            button.setArrowType(arrow)
            button.setToolTip(name)
        self.drop.setText("✕")
        self.drop.setToolTip(tr("Remove this message"))
        top.addWidget(self.role)
        top.addWidget(self.weight)
        top.addStretch(1)
        for b in (self.up, self.down, self.drop):
            top.addWidget(b)
        layout.addLayout(top)
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(60)
        self.content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.content)
        self.tools = QPlainTextEdit()
        self.tools.setPlaceholderText(tr("Tool calls as JSON (optional)"))
        self.tools.setTabChangesFocus(True)
        self.tools.setMaximumHeight(80)
        layout.addWidget(self.tools)
        self.role.currentTextChanged.connect(self._sync_role)
        self.role.currentTextChanged.connect(self.changed)
        self.weight.toggled.connect(self.changed)
        self.content.textChanged.connect(self.changed)
        self.tools.textChanged.connect(self.changed)
        self.up.clicked.connect(self._up)
        self.down.clicked.connect(self._down)
        self.drop.clicked.connect(self.remove)

    def load(self, message: dict[str, Any], number: int) -> None:
        """Show ``message`` as message ``number``. Cards are reused and never deleted while
        the editor lives: deleting widgets per edit crashed Shiboken (issue [6] C17)."""
        self.blockSignals(True)
        try:
            self.extra = {k: v for k, v in message.items() if k not in ("role", "content", "weight", "tool_calls")}
            role = str(message.get("role", "user"))
            self.role.clear()
            self.role.addItems(ROLES if role in ROLES else [*ROLES, role])
            self.role.setCurrentText(role)
            self.weight.setChecked(message.get("weight", 1) != 0)
            self.content.setPlainText(content_text(message.get("content")))
            self.tools.setPlainText(json.dumps(message["tool_calls"], ensure_ascii=False, indent=1)
                                    if message.get("tool_calls") else "")
            self.role.setAccessibleName(tr('Role of message {number}').format(number=number))
            self.weight.setAccessibleName(tr('Train on message {number}').format(number=number))
            self.up.setAccessibleName(tr('Move message up ({number})').format(number=number))
            self.down.setAccessibleName(tr('Move message down ({number})').format(number=number))
            self.drop.setAccessibleName(tr('Remove message {number}').format(number=number))
            self.content.setAccessibleName(tr('Content of message {number}').format(number=number))
            self.tools.setAccessibleName(tr('Tool calls of message {number}').format(number=number))
            self._sync_role()
        finally:
            self.blockSignals(False)

    def _up(self) -> None:
        self.move.emit(-1)

    def _down(self) -> None:
        self.move.emit(1)

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
        self.title = QLabel(tr("Select an example to edit it here"))
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.cards_layout = QVBoxLayout(self.body)
        self.cards_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll, 1)
        self.add_button = QPushButton(tr("Add message"))
        self.add_button.setAccessibleName(tr("Add message"))
        self.add_button.clicked.connect(self.add_message)
        outer.addWidget(self.add_button)
        # Every widget the editor shows is made once and reused: message cards from a pool
        # that only grows, the raw-text editor and the prompt/completion fields shown or hidden.
        self._pool: list[MessageCard] = []
        self.cards: list[MessageCard] = []  # the cards shown, in order
        self._raw_edit = QPlainTextEdit(self.body)
        self._raw_edit.setAccessibleName(tr("Raw text of the example"))
        self._raw_edit.textChanged.connect(self._schedule)
        self._raw_edit.hide()
        self.cards_layout.addWidget(self._raw_edit)
        self._fields: dict[str, QPlainTextEdit] = {}
        self._field_labels: list[QLabel] = []
        for key in ("prompt", "completion"):
            label = QLabel(tr("Prompt") if key == "prompt" else tr("Completion"), self.body)
            edit = QPlainTextEdit(self.body)
            edit.setAccessibleName(label.text())
            edit.setTabChangesFocus(True)
            label.setBuddy(edit)
            edit.textChanged.connect(self._schedule)
            self.cards_layout.addWidget(label)
            self.cards_layout.addWidget(edit)
            label.hide()
            edit.hide()
            self._fields[key] = edit
            self._field_labels.append(label)
        self.fields: dict[str, QPlainTextEdit] = {}  # the fields shown (prompt/completion examples)
        self.raw: QPlainTextEdit | None = None  # the raw-text editor, when it is shown
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
        where = tr(" (line {line})").format(line=line) if line else ""
        messages: list[dict[str, Any]] = []
        raw_text: str | None = None
        fields: dict[str, Any] | None = None
        if row < 0:
            self.title.setText(tr("Select an example to edit it here"))
        elif raw is not None and data is None:
            self.title.setText(tr("Example {number}{where} is not valid JSON. Fix it here; nothing is lost until you do.")
                               .format(number=row + 1, where=where))
            raw_text = raw
        elif isinstance(data, dict) and "messages" in data and isinstance(data["messages"], list):
            self.title.setText(tr("Example {number}{where}: %n message(s)", None, len(data["messages"]))
                               .format(number=row + 1, where=where))
            messages = [m if isinstance(m, dict) else {"role": "user", "content": json.dumps(m)} for m in data["messages"]]
        elif isinstance(data, dict):
            self.title.setText(tr("Example {number}{where}").format(number=row + 1, where=where))
            fields = data
        else:  # a JSON list, number or string where an example object belongs
            what = {list: tr("a JSON list"), str: tr("a JSON string"), bool: tr("a JSON true/false value")}.get(
                type(data), tr("a JSON number"))
            self.title.setText(tr("Example {number}{where} is {what}, not an example object. Fix it here; nothing is lost "
                                  "until you do.").format(number=row + 1, where=where, what=what))
            raw_text = json.dumps(data, ensure_ascii=False)
        self._show_cards(messages)
        self.raw = self._raw_edit if raw_text is not None else None
        if raw_text is not None:
            self._raw_edit.setPlainText(raw_text)
        self._raw_edit.setVisible(raw_text is not None)
        self.fields = self._fields if fields is not None else {}
        for key, edit in self._fields.items():
            if fields is not None:
                edit.setPlainText(str(fields.get(key, "")))
            edit.setVisible(fields is not None)
        for label in self._field_labels:
            label.setVisible(fields is not None)
        self.add_button.setEnabled(row >= 0 and raw_text is None and fields is None)
        self._loading = False

    def _show_cards(self, messages: list[dict[str, Any]]) -> None:
        while len(self._pool) < len(messages):
            card = MessageCard(self.body)
            card.changed.connect(self._schedule)
            card.move.connect(self._card_moved)
            card.remove.connect(self._card_removed)
            self.cards_layout.insertWidget(len(self._pool), card)
            self._pool.append(card)
        for i, card in enumerate(self._pool):
            if i < len(messages):
                card.load(messages[i], i + 1)
            card.setVisible(i < len(messages))
        self.cards = self._pool[: len(messages)]

    # -- editing -----------------------------------------------------------------------
    def _schedule(self) -> None:
        if not self._loading:
            self._commit.start()

    def add_message(self) -> None:
        last = self.cards[-1].role.currentText() if self.cards else "assistant"
        role = "assistant" if last == "user" else "user"
        self._restructured([c.message() for c in self.cards] + [{"role": role, "content": ""}])
        self.cards[-1].content.setFocus()

    def _card_moved(self, step: int) -> None:
        card = self.sender()
        if card in self.cards:
            i = self.cards.index(card)
            j = i + step
            if 0 <= j < len(self.cards):
                messages = [c.message() for c in self.cards]
                messages[i], messages[j] = messages[j], messages[i]
                self._restructured(messages)

    def _card_removed(self) -> None:
        card = self.sender()
        if card in self.cards:
            messages = [c.message() for c in self.cards]
            del messages[self.cards.index(card)]
            self._restructured(messages)

    def _restructured(self, messages: list[dict[str, Any]]) -> None:
        self._loading = True
        self._show_cards(messages)
        self._loading = False
        where = tr(" (line {line})").format(line=self.line) if self.line else ""
        self.title.setText(tr("Example {number}{where}: %n message(s)", None, len(messages)).format(number=self.row + 1, where=where))
        self.commit()

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
