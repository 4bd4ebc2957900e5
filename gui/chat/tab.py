"""The Chat tab: conversations (left, ``conversations``), the chat or the comparison
columns (centre, ``compare``), model, preset and parameters (right, ``settings_panel``).
Replies stream in through the SDK off the UI thread (``streams``); the view is
refreshed at most every 100 ms and only the reply being written is re-rendered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QInputDialog, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from core import paths
from core.chat.complete import hints as completion_hints
from core.chat.request import Params, Preset, build_messages, stream_reply
from core.chat.store import Store
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import describe, tr
from ..providers import Providers
from .compare import ComparePanel
from .complete_panel import CompletePanel
from .conversations import ConversationsPanel
from .settings_panel import SettingsPanel, fill_models
from .streams import StreamColumn, Streams
from .view import ChatView


class ChatTab(QWidget):
    status = Signal(str)
    reply_finished = Signal(object)  # core.chat.request.Reply
    add_to_dataset_requested = Signal(list)  # messages of the exchange, the reply possibly edited

    def __init__(self, providers: Providers, store: Store | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.store = store or Store(paths.chats_db())
        self.streams = Streams(self.store, self)
        self.show_all = False
        self._build()
        self.conversations.refresh()
        self._models_loaded = False

    def _build(self) -> None:
        self.conversations = ConversationsPanel(self.store)
        self.settings = SettingsPanel(self.providers)
        self.compare_box = ComparePanel(self.providers, self.streams)
        self.compare_box.hide()
        self.view = ChatView(self.store)
        self.composer = QPlainTextEdit()
        self.composer.setAccessibleName(tr("Message"))
        self.composer.setPlaceholderText(tr("Message the model… (Ctrl+Enter sends)"))
        self.composer.setMaximumHeight(110)
        self.send_button = QPushButton(tr("&Send"))
        self.send_button.setAccessibleName(tr("Send the message"))
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(tr("S&top"))
        self.stop_button.setAccessibleName(tr("Stop the reply"))
        self.stop_button.setEnabled(False)
        self.add_button = QPushButton(tr("&Add to Dataset…"))
        self.add_button.setAccessibleName(tr("Add this exchange to a dataset"))
        self.compare_check = QCheckBox(tr("C&ompare models"))
        self.compare_check.setAccessibleName(tr("Compare models side by side"))
        self.complete_panel = CompletePanel(self.current_model, lambda: self.params().request(),
                                            lambda pid: self.providers.client(pid, timeout=120), self)
        self.complete_panel.status.connect(self.status)
        self.complete_panel.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_check)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.send_button)
        centre = QWidget()
        cv = QVBoxLayout(centre)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(self.view, 1)
        cv.addWidget(self.compare_box, 1)
        cv.addWidget(self.complete_panel, 1)
        cv.addWidget(self.composer)
        cv.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.conversations)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.settings)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 760, 320])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.conversations.chosen.connect(self._conversation_chosen)
        self.settings.status.connect(self.status)
        self.settings.models_listed.connect(self._models_listed)
        self.settings.preset_changed.connect(lambda: self.render())
        self.compare_box.status.connect(self.status)
        self.streams.running.connect(self._running)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.add_button.clicked.connect(self.add_to_dataset)
        self.compare_check.toggled.connect(self._compare_toggled)
        self.complete_check.toggled.connect(self._complete_toggled)
        self.view.status.connect(self.status)
        self.view.more_requested.connect(self._show_all)
        self.view.edit_requested.connect(self.edit_message)
        self.view.regenerate_requested.connect(self.regenerate)
        self.view.version_requested.connect(self.show_version)
        send = QShortcut(QKeySequence("Ctrl+Return"), self.composer)
        send.activated.connect(self.send)
        self.render()

    # The parts a caller (or a test) reaches: each lives in its panel.
    @property
    def conversation_id(self) -> int | None:
        return self.conversations.current

    @conversation_id.setter
    def conversation_id(self, value: int | None) -> None:
        self.conversations.current = value

    @property
    def streaming(self) -> bool:
        return self.streams.streaming

    @property
    def columns(self) -> list[StreamColumn]:
        return self.streams.columns

    @property
    def complete_check(self) -> QCheckBox:
        return self.settings.complete_check

    def _running(self, on: bool) -> None:
        self.send_button.setEnabled(not on)
        self.stop_button.setEnabled(on)

    # -- models ------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._models_loaded:
            self._models_loaded = True
            self.load_models()

    def load_models(self, select: tuple[str, str] | None = None) -> None:
        self.settings.load_models(select)

    def _models_listed(self, found: list[tuple[str, str]]) -> None:
        for i, combo in enumerate(self.compare_box.compare_models):
            had = combo.currentData()
            fill_models(combo, found, self.providers)  # keeps the model chosen, when it is still listed
            if not had and combo.count() > i:
                combo.setCurrentIndex(i)  # a first listing: a different model in each column

    def current_model(self) -> tuple[str, str] | None:
        return self.settings.current_model()

    def select_model(self, provider_id: str, model: str) -> None:
        self.settings.select_model(provider_id, model)

    def current_preset(self) -> Preset:
        return self.settings.current_preset()

    def params(self) -> Params:
        return self.settings.params()

    # -- conversations -----------------------------------------------------------------
    def refresh_conversations(self, *_args: Any) -> None:
        self.conversations.refresh()

    def _conversation_chosen(self, conversation_id: int | None) -> None:
        if conversation_id is None:
            self.new_conversation()
        elif not self.streaming:
            self.open_conversation(conversation_id)

    def open_conversation(self, conversation_id: int) -> None:
        self.conversations.show_conversation(conversation_id)
        self.show_all = False
        conv = self.store.get(conversation_id)
        if conv:
            self.settings.restore(conv.settings)
        self.render()

    def new_conversation(self) -> None:
        self.conversations.show_conversation(None)
        self.render()
        self.composer.setFocus()

    # -- rendering ---------------------------------------------------------------------
    def thread(self) -> list[Any]:
        return self.store.thread(self.conversation_id) if self.conversation_id else []

    def render(self, head: int | None = None) -> None:
        thread = self.store.thread(self.conversation_id, head) if self.conversation_id and head else self.thread()
        context = None if self.settings.hide_context.isChecked() else self.current_preset().messages()
        model = self.current_model()
        self.view.show_thread(thread, context, self.show_all, bool(model) and model[0] == LOCAL_ID)

    def _show_all(self) -> None:
        self.show_all = True
        self.render()

    def show_version(self, message_id: int, step: int) -> None:
        versions = self.store.versions(message_id)
        if message_id not in versions:
            return
        target = versions[max(0, min(len(versions) - 1, versions.index(message_id) + step))]
        self.store.show_version(target)
        self.render()

    # -- sending -----------------------------------------------------------------------
    def send(self, text: str | None = None) -> None:
        if self.streaming:
            return
        text = (text if isinstance(text, str) else self.composer.toPlainText()).strip()
        if not text:
            return
        if self.compare_check.isChecked():
            self.composer.clear()
            self.compare(text)
            return
        model = self.current_model()
        if model is None:
            self.status.emit(tr("Choose a model first (they are listed on the right)"))
            return
        if self.conversation_id is None:
            title = text.splitlines()[0][:60]
            self.conversation_id = self.store.create(title, {"model": list(model)})
        thread = self.thread()
        parent = thread[-1].id if thread else None
        self.store.add_message(self.conversation_id, parent, "user", text)
        self.composer.clear()
        self.refresh_conversations()
        self._reply(model)

    def regenerate(self) -> None:
        """A new version of the last reply (the earlier one stays reachable)."""
        thread = self.thread()
        if self.streaming or not thread or thread[-1].role != "assistant":
            return
        self._reply(self.current_model() or (thread[-1].provider, thread[-1].model), parent=thread[-1].parent_id)

    def edit_message(self, message_id: int, text: str | None = None) -> None:
        """Resend an edited user message as a new version; the original stays reachable."""
        m = self.store.message(message_id)
        if m is None or m.role != "user" or self.streaming:
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, tr("Edit and resend"), tr("Your message:"), m.content)
            if not ok or not text.strip():
                return
        self.store.add_message(m.conversation_id, m.parent_id, "user", text.strip())
        model = self.current_model()
        if model:
            self._reply(model)

    def _reply(self, model: tuple[str, str], parent: int | None = None) -> None:
        pid, name = model
        thread = self.store.thread(self.conversation_id, parent) if parent else self.thread()
        messages = build_messages(self.current_preset(), thread)
        params = self.params().request()
        parent_id = thread[-1].id
        self.render(head=parent_id)
        conv = self.conversation_id
        # Stored from the first moment and saved every second while it streams: a crash
        # loses at most the last second of a reply.
        mid = self.store.add_message(conv, parent_id, "assistant", "", model=name, provider=pid,
                                     stats={"streaming": True})
        column = StreamColumn(self.view)
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock()
        cursor.insertMarkdown(f"**{name}**")
        column.begin()
        self.streams.start([column], (mid, column))
        self.store.set_settings(conv, self.settings.settings(model))

        def work() -> Any:
            client = self.providers.client(pid, timeout=300)
            return stream_reply(client, name, messages, params, column.add, self.streams.stop_event.is_set)

        def done(reply: Any) -> None:
            self.streams.end()
            self.store.update_message(mid, reply.text, reply.stats())
            if conv == self.conversation_id:
                self.render()
            self.refresh_conversations()
            self.reply_finished.emit(reply)

        def failed(exc: BaseException) -> None:
            self.streams.end()
            text = describe(exc, self.providers.get(pid))
            if column.text:
                self.store.update_message(mid, column.text, {"error": text})
            else:
                self.store.delete_message(mid)
            self.render()
            self.status.emit(text)

        tasks.run(work, done, failed)

    def stop(self) -> None:
        self.streams.stop()

    # -- completion mode and compare ---------------------------------------------------
    def _complete_toggled(self, on: bool) -> None:
        if on and self.compare_check.isChecked():
            self.compare_check.setChecked(False)
        self.complete_panel.setVisible(on)
        for widget in (self.view, self.composer, self.send_button, self.stop_button, self.add_button):
            widget.setVisible(not on)
        self.compare_check.setEnabled(not on)

    def set_open_dataset(self, examples: list | None) -> None:
        """The Datasets tab's examples: for a completion model, its separator, stop and labels."""
        self.complete_panel.set_hints(completion_hints(examples) if examples else None)

    def _compare_toggled(self, on: bool) -> None:
        self.compare_box.setVisible(on)
        self.view.setVisible(not on)
        if on:  # list the models again: one tuned since the lists were filled can be compared too
            self.load_models()

    def compare(self, text: str, count: int | None = None) -> None:
        """Send one prompt to two or three models at once, each streaming in its column."""
        messages = build_messages(self.current_preset(), []) + [{"role": "user", "content": text}]
        self.compare_box.compare(messages, self.params().request(), text, count)

    # -- add to dataset ----------------------------------------------------------------
    def exchange(self) -> list[dict[str, str]]:
        """The conversation as a training example: system prompt, then the turns so far."""
        system = self.settings.system_edit.toPlainText().strip()
        out = [{"role": "system", "content": system}] if system else []
        return out + [{"role": m.role, "content": m.content} for m in self.thread() if m.role in ("user", "assistant")]

    def add_to_dataset(self) -> None:
        messages = self.exchange()
        if not messages or messages[-1]["role"] != "assistant":
            self.status.emit(tr("There is no reply to add yet"))
            return
        self.add_to_dataset_requested.emit(messages)

    def shutdown(self) -> None:
        self.streams.shutdown()
        tasks.wait_idle(10_000)
        self.store.close()
