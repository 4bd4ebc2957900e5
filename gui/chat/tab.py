"""The Chat tab: conversations (left), the chat (centre), model, preset and parameters
(right). Replies stream in through the SDK off the UI thread; the view is refreshed at
most every 100 ms and only the reply being written is re-rendered."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core import paths
from core.chat import request as chatreq
from core.chat.complete import hints as completion_hints
from core.chat.complete import is_completion_model
from core.chat.request import Params, Preset, build_messages, stream_reply
from core.chat.store import Conversation, Store
from core.jobs import names as model_names
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import describe, preset_name, shown_error, tr
from ..providers import Providers
from .complete_panel import CompletePanel
from .render import PAGE, context_markdown, message_markdown

THROTTLE_MS = 100


def split_stops(text: str) -> list[str]:
    """Stop sequences as typed, separated with "|": the one space either side of a "|" is
    the separator's, every other space is the sequence's (" END" stops before " END")."""
    items = text.split("|")
    out = []
    for i, item in enumerate(items):
        if i > 0 and item.startswith(" "):
            item = item[1:]
        if i < len(items) - 1 and item.endswith(" "):
            item = item[:-1]
        if item.strip():
            out.append(item)
    return out


def model_key(provider_id: str, model: str) -> str:
    """A model in a combo box: plain text, not a Python object inside a Qt item."""
    return f"{provider_id}\t{model}"


def split_key(key: str | None) -> tuple[str, str] | None:
    if not key or "\t" not in key:
        return None
    pid, model = key.split("\t", 1)
    return pid, model


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


class StreamColumn:
    """One reply being written into a QTextBrowser: text arrives on a worker thread and
    is drawn by the throttle timer, re-rendering only this reply."""

    def __init__(self, view: QTextBrowser) -> None:
        self.view = view
        self.text = ""
        self.drawn = -1
        self.anchor = 0
        self.lock = threading.Lock()

    def begin(self) -> None:
        self.text, self.drawn = "", -1
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock()  # the reply starts on its own line, below its heading
        self.anchor = cursor.position()

    def add(self, piece: str) -> None:  # worker thread
        with self.lock:
            self.text += piece

    def draw(self, final: bool = False) -> None:
        with self.lock:
            text = self.text
        if len(text) == self.drawn and not final:
            return
        self.drawn = len(text)
        bar = self.view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.anchor)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.insertMarkdown(text if final else text + " ▍")  # the bar says it is still writing
        if at_end:
            bar.setValue(bar.maximum())


class ChatTab(QWidget):
    status = Signal(str)
    reply_finished = Signal(object)  # core.chat.request.Reply
    add_to_dataset_requested = Signal(list)  # messages of the exchange, the reply possibly edited

    def __init__(self, providers: Providers, store: Store | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.store = store or Store(paths.chats_db())
        self.conversation_id: int | None = None
        self.streaming = False
        self._stop = threading.Event()
        self.presets: list[Preset] = chatreq.builtin_presets() + chatreq.user_presets()
        self.models_known: list[tuple[str, str]] = []  # (provider id, model)
        self.show_all = False
        self._build()
        self._throttle = QTimer(self)
        self._throttle.setInterval(THROTTLE_MS)
        self._throttle.timeout.connect(self._draw_streams)
        self.columns: list[StreamColumn] = []
        self._saving: tuple[int, StreamColumn] | None = None
        self._saved_at = 0.0
        self.refresh_conversations()
        self._models_loaded = False

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        # left: conversations
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
        left = QWidget()
        lv = QVBoxLayout(left)
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

        # centre: the chat, or the comparison columns
        self.view = QTextBrowser()
        self.view.setAccessibleName(tr("Messages"))
        self.view.setOpenLinks(False)
        self.view.setOpenExternalLinks(False)
        self.compare_box = QWidget()
        self.compare_layout = QHBoxLayout(self.compare_box)
        self.compare_layout.setContentsMargins(0, 0, 0, 0)
        self.compare_views: list[QTextBrowser] = []
        self.compare_models: list[QComboBox] = []
        self.compare_stats: list[QLabel] = []
        for i in range(3):
            col = QVBoxLayout()
            combo = QComboBox()
            combo.setAccessibleName(tr("Model for column {number}").format(number=i + 1))
            combo.setMinimumContentsLength(18)
            view = QTextBrowser()
            view.setAccessibleName(tr("Reply in column {number}").format(number=i + 1))
            stats = QLabel()
            stats.setAccessibleName(tr("Timings in column {number}").format(number=i + 1))
            stats.setWordWrap(True)
            col.addWidget(combo)
            col.addWidget(view, 1)
            col.addWidget(stats)
            self.compare_layout.addLayout(col, 1)
            self.compare_views.append(view)
            self.compare_models.append(combo)
            self.compare_stats.append(stats)
        self.compare_box.hide()
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
        self.complete_check = QCheckBox(tr("Completion mo&de"))
        self.complete_check.setAccessibleName(tr("Complete a raw prompt (for completion models)"))
        self.complete_check.setToolTip(tr("Prompt/completion models take a raw prompt, without a chat template; "
                                          "on when such a model is chosen"))
        self.complete_panel = CompletePanel(self.current_model, lambda: self.params().request(),
                                            lambda pid: self.providers.client(pid, timeout=120), self)
        self.complete_panel.status.connect(self.status)
        self.complete_panel.hide()
        self.model_formats: dict[str, str | None] = {}  # model key -> "chat" | "completion" | None (unknown)
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

        # right: model, preset, parameters
        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName(tr("Model"))
        self.model_combo.setMinimumContentsLength(20)
        self.model_note = QLabel()
        self.model_note.setWordWrap(True)
        self.preset_combo = QComboBox()
        self.preset_combo.setAccessibleName(tr("Preset"))
        self.hide_context = QCheckBox(tr("&Hide the preset's context"))
        self.hide_context.setAccessibleName(tr("Hide the preset's system prompt and examples"))
        self.save_preset_button = QPushButton(tr("Sa&ve…"))  # in the Preset box: saves the preset
        self.save_preset_button.setAccessibleName(tr("Save as a preset"))
        self.import_button = QPushButton(tr("&Import…"))
        self.import_button.setAccessibleName(tr("Import presets"))
        self.export_button = QPushButton(tr("E&xport…"))
        self.export_button.setAccessibleName(tr("Export presets"))
        self.system_edit = QPlainTextEdit()
        self.system_edit.setAccessibleName(tr("System prompt"))
        self.system_edit.setPlaceholderText(tr("System prompt (from the preset; edit freely)"))
        self.system_edit.setMaximumHeight(90)
        model_box = QGroupBox(tr("Model"))
        mf = QVBoxLayout(model_box)
        mf.addWidget(self.model_combo)
        mf.addWidget(self.complete_check)  # how the model is asked: a chat, or a raw prompt to complete
        mf.addWidget(self.model_note)
        preset_box = QGroupBox(tr("Preset"))
        pf = QVBoxLayout(preset_box)
        pf.addWidget(self.preset_combo)
        pf.addWidget(self.system_edit)
        pf.addWidget(self.hide_context)
        prow = QHBoxLayout()
        prow.addWidget(self.save_preset_button)
        prow.addWidget(self.import_button)
        prow.addWidget(self.export_button)
        pf.addLayout(prow)
        params_box = QGroupBox(tr("Parameters (sent only when ticked)"))
        form = QFormLayout(params_box)
        self.param_checks: dict[str, QCheckBox] = {}
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0, 2)
        self.temperature.setSingleStep(0.1)
        self.top_p = QDoubleSpinBox()
        self.top_p.setRange(0, 1)
        self.top_p.setSingleStep(0.05)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 128_000)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_147_483_647)
        self.stop_edit = QLineEdit()
        self.stop_edit.setPlaceholderText(tr(r"e.g. \n\n | END"))
        self.stop_edit.setToolTip(tr("Up to four sequences that end the reply, separated with |; \\n is a new line"))
        for key, label, widget in (("temperature", tr("&Temperature"), self.temperature),
                                   ("top_p", tr("Top &p"), self.top_p), ("max_tokens", tr("Max to&kens"), self.max_tokens),
                                   ("stop", tr("Stop se&quences"), self.stop_edit), ("seed", tr("S&eed"), self.seed)):
            check = QCheckBox(label)
            check.setAccessibleName(tr("Send {parameter}").format(parameter=label.replace("&", "").lower()))
            widget.setAccessibleName(label.replace("&", ""))
            self.param_checks[key] = check
            form.addRow(check, widget)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(model_box)
        rv.addWidget(preset_box)
        rv.addWidget(params_box)
        rv.addStretch(1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 760, 320])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self._fill_presets()
        self._apply_params(Params())
        # signals, in one place
        # Search when typing pauses, not at every keystroke (a pasted page is one search).
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh_conversations)
        self.search.textChanged.connect(self._search_timer.start)
        self.conv_list.selectionModel().currentRowChanged.connect(self._conversation_chosen)
        self.new_button.clicked.connect(self.new_conversation)
        self.rename_button.clicked.connect(self.rename_current)
        self.pin_button.clicked.connect(self.toggle_pin)
        self.delete_button.clicked.connect(self.delete_current)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.add_button.clicked.connect(self.add_to_dataset)
        self.compare_check.toggled.connect(self._compare_toggled)
        self.complete_check.toggled.connect(self._complete_toggled)
        self.model_combo.currentIndexChanged.connect(self._model_chosen)
        self.view.anchorClicked.connect(self._link)
        self.preset_combo.currentIndexChanged.connect(self._preset_chosen)
        self.hide_context.toggled.connect(lambda _on: self.render())
        self.save_preset_button.clicked.connect(self.save_preset)
        self.import_button.clicked.connect(self.import_presets)
        self.export_button.clicked.connect(self.export_presets)
        send = QShortcut(QKeySequence("Ctrl+Return"), self.composer)
        send.activated.connect(self.send)

    # -- models ------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._models_loaded:
            self._models_loaded = True
            self.load_models()

    def load_models(self, select: tuple[str, str] | None = None) -> None:
        self.model_note.setText(tr("Listing models…"))
        usable = [p for p in self.providers.items if p.id == LOCAL_ID or self.providers.keys.get(p)]

        formats: dict[str, str | None] = {}

        def work() -> tuple[list[tuple[str, str]], list[str]]:
            found, problems = [], []
            for p in usable:
                try:
                    client = self.providers.client(p.id, timeout=20, max_retries=0)
                    for m in client.models.list():
                        found.append((p.id, m.id))
                        formats[model_key(p.id, m.id)] = getattr(m, "format", None)  # the local engine says
                except Exception as exc:  # noqa: BLE001 - one provider failing does not hide the others
                    problems.append(describe(exc, p))
            return found, problems

        def done(result: tuple[list[tuple[str, str]], list[str]]) -> None:
            found, problems = result
            current = select or self.current_model()
            self.models_known = found
            self.model_formats.update(formats)
            for combo in [self.model_combo, *self.compare_models]:
                keep = combo.currentData()
                combo.blockSignals(True)
                combo.clear()
                for pid, model in found:
                    combo.addItem(f"{model_names.label(model)}  ({self.providers.get(pid).name})", model_key(pid, model))
                    combo.setItemData(combo.count() - 1, model, Qt.ItemDataRole.ToolTipRole)
                if keep:
                    combo.setCurrentIndex(max(0, combo.findData(keep)))
                combo.blockSignals(False)
            for i, combo in enumerate(self.compare_models):
                if combo.count() > i and not combo.property("chosen"):
                    combo.setCurrentIndex(i)
            if current:
                self.select_model(*current)
            self.model_note.setText(" ".join(problems))

        tasks.run(work, done, lambda exc: self.model_note.setText(describe(exc)))

    def current_model(self) -> tuple[str, str] | None:
        return split_key(self.model_combo.currentData())

    def select_model(self, provider_id: str, model: str) -> None:
        index = self.model_combo.findData(model_key(provider_id, model))
        if index < 0:
            self.model_combo.addItem(f"{model_names.label(model)}  ({self.providers.get(provider_id).name})",
                                     model_key(provider_id, model))
            self.model_combo.setItemData(self.model_combo.count() - 1, model, Qt.ItemDataRole.ToolTipRole)
            index = self.model_combo.count() - 1
        self.model_combo.setCurrentIndex(index)

    # -- presets and parameters ----------------------------------------------------------
    def _fill_presets(self) -> None:
        self.preset_combo.blockSignals(True)
        self.preset_combo.clear()
        for p in self.presets:
            self.preset_combo.addItem(preset_name(p))
        self.preset_combo.blockSignals(False)
        self._preset_chosen()

    def current_preset(self) -> Preset:
        base = self.presets[max(0, self.preset_combo.currentIndex())]
        return Preset(base.name, self.system_edit.toPlainText(), list(base.shots), self.params().to_json())

    def _preset_chosen(self) -> None:
        p = self.presets[max(0, self.preset_combo.currentIndex())]
        self.system_edit.setPlainText(p.system)
        if p.params:
            self._apply_params(Params.from_json(p.params))
        self.render()

    def _apply_params(self, params: Params) -> None:
        v = params.values
        self.temperature.setValue(float(v.get("temperature", 0.7)))
        self.top_p.setValue(float(v.get("top_p", 1.0)))
        self.max_tokens.setValue(int(v.get("max_tokens", 512)))
        self.seed.setValue(int(v.get("seed", 0)))
        self.stop_edit.setText(" | ".join(s.encode("unicode_escape").decode() for s in v.get("stop", [])))
        for key, check in self.param_checks.items():
            check.setChecked(bool(params.enabled.get(key)))

    def params(self) -> Params:
        stops = [s.encode().decode("unicode_escape") for s in split_stops(self.stop_edit.text())]
        return Params({"temperature": self.temperature.value(), "top_p": self.top_p.value(),
                       "max_tokens": self.max_tokens.value(), "stop": stops, "seed": self.seed.value()},
                      {k: c.isChecked() for k, c in self.param_checks.items()})

    def save_preset(self) -> None:
        name, ok = QInputDialog.getText(self, tr("Save as preset"), tr("Name:"),
                                        text=tr("{name} (mine)").format(name=self.current_preset().name))
        if not ok or not name.strip():
            return
        preset = self.current_preset()
        preset.name = name.strip()
        self.presets = [p for p in self.presets if p.builtin or p.name != preset.name] + [preset]
        chatreq.save_user_presets(self.presets)
        self._fill_presets()
        self.preset_combo.setCurrentIndex(len(self.presets) - 1)

    def import_presets(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import presets"), "", tr("JSON (*.json)"))
        if not path:
            return
        try:
            found = chatreq.import_presets(path)
        except (OSError, ValueError) as exc:
            self.status.emit(shown_error(exc))
            return
        names = {p.name for p in found}
        self.presets = [p for p in self.presets if p.builtin or p.name not in names] + found
        chatreq.save_user_presets(self.presets)
        self._fill_presets()
        self.status.emit(tr("Imported %n preset(s)", None, len(found)))

    def export_presets(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Export presets"), "presets.json", tr("JSON (*.json)"))
        if path:
            chatreq.export_presets(path, [p for p in self.presets if not p.builtin] or [self.current_preset()])
            self.status.emit(tr("Exported presets to {path}").format(path=path))

    # -- conversations -----------------------------------------------------------------
    def refresh_conversations(self, *_args: Any) -> None:
        items = self.store.conversations(self.search.text())
        self.conv_model.set_items(items)
        row = self.conv_model.row_of(self.conversation_id)
        if row >= 0:
            self.conv_list.setCurrentIndex(self.conv_model.index(row))

    def _conversation_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.streaming:
            return
        cid = current.data(Qt.ItemDataRole.UserRole)
        if cid != self.conversation_id:
            self.open_conversation(cid)

    def open_conversation(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        self.show_all = False
        conv = self.store.get(conversation_id)
        if conv:
            self._restore(conv.settings)
        self.render()

    def _settings(self, model: tuple[str, str]) -> dict[str, Any]:
        """What a chat keeps with it: the model, the preset and its system prompt as sent,
        and the parameters (a stop sequence or a token limit is part of how it answers)."""
        return {"model": list(model), "preset": self.presets[max(0, self.preset_combo.currentIndex())].name,
                "system": self.system_edit.toPlainText(), "params": self.params().to_json()}

    def _restore(self, settings: dict[str, Any]) -> None:
        model = settings.get("model")
        if isinstance(model, list) and len(model) == 2 and all(isinstance(m, str) for m in model):
            self.select_model(*model)
        names = [p.name for p in self.presets]
        if settings.get("preset") in names:
            self.preset_combo.blockSignals(True)  # the preset's own parameters are not the chat's
            self.preset_combo.setCurrentIndex(names.index(settings["preset"]))
            self.preset_combo.blockSignals(False)
        if isinstance(settings.get("system"), str):
            self.system_edit.setPlainText(settings["system"])
        if isinstance(settings.get("params"), dict):
            self._apply_params(Params.from_json(settings["params"]))

    def new_conversation(self) -> None:
        self.conversation_id = None
        self.conv_list.clearSelection()
        self.render()
        self.composer.setFocus()

    def rename_current(self, title: str | None = None) -> None:
        if self.conversation_id is None:
            return
        if title is None:
            conv = self.store.get(self.conversation_id)
            title, ok = QInputDialog.getText(self, tr("Rename the chat"), tr("Title:"), text=conv.title if conv else "")
            if not ok:
                return
        self.store.rename(self.conversation_id, title)
        self.refresh_conversations()

    def toggle_pin(self) -> None:
        conv = self.store.get(self.conversation_id) if self.conversation_id else None
        if conv:
            self.store.pin(conv.id, not conv.pinned)
            self.refresh_conversations()

    def delete_current(self, confirm: bool = True) -> None:
        conv = self.store.get(self.conversation_id) if self.conversation_id else None
        if conv is None:
            return
        if confirm and QMessageBox.question(self, tr("Delete the chat"),
                                            tr('Delete “{title}” and all its messages?').format(title=conv.title),
                                            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                            QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        self.store.delete(conv.id)
        self.conversation_id = None
        self.refresh_conversations()
        self.render()

    # -- rendering ---------------------------------------------------------------------
    def thread(self) -> list[Any]:
        return self.store.thread(self.conversation_id) if self.conversation_id else []

    def render(self, head: int | None = None) -> None:
        thread = self.store.thread(self.conversation_id, head) if self.conversation_id and head else self.thread()
        parts = []
        if not self.hide_context.isChecked():
            parts.append(context_markdown(self.current_preset().messages()))
        shown = thread if self.show_all else thread[-PAGE:]
        if len(shown) < len(thread):
            parts.append("[" + tr("Show %Ln earlier message(s)", None, len(thread) - len(shown)) + "](act:all:0)\n\n---\n\n")
        model = self.current_model()
        local = bool(model) and model[0] == LOCAL_ID
        for i, m in enumerate(shown):
            versions = self.store.versions(m.id)  # indexed: 100 of these take about 1.5 ms
            index = versions.index(m.id) + 1 if m.id in versions else 1
            parts.append(message_markdown(m, (index, len(versions)), i == len(shown) - 1, local))
        if not thread:
            parts.append("*" + tr("Ask something to start. Replies stream in as the model writes them.") + "*")
        self.view.setMarkdown("".join(parts))
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().maximum())

    def _link(self, url: QUrl) -> None:
        _, action, ident = (url.toString().split(":") + ["", ""])[:3]
        mid = int(ident or 0)
        if action == "all":
            self.show_all = True
            self.render()
        elif action == "copy":
            m = self.store.message(mid)
            if m:
                QGuiApplication.clipboard().setText(m.content)
                self.status.emit(tr("Copied the message"))
        elif action == "edit":
            self.edit_message(mid)
        elif action == "regenerate":
            self.regenerate()
        elif action in ("prev", "next"):
            self.show_version(mid, -1 if action == "prev" else 1)

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
        self._start_streams([column])
        self._saving = (mid, column)
        self.store.set_settings(conv, self._settings(model))

        def work() -> Any:
            client = self.providers.client(pid, timeout=300)
            return stream_reply(client, name, messages, params, column.add, self._stop.is_set)

        def done(reply: Any) -> None:
            self._end_streams()
            self.store.update_message(mid, reply.text, reply.stats())
            if conv == self.conversation_id:
                self.render()
            self.refresh_conversations()
            self.reply_finished.emit(reply)

        def failed(exc: BaseException) -> None:
            self._end_streams()
            text = describe(exc, self.providers.get(pid))
            if column.text:
                self.store.update_message(mid, column.text, {"error": text})
            else:
                self.store.delete_message(mid)
            self.render()
            self.status.emit(text)

        tasks.run(work, done, failed)

    def _start_streams(self, columns: list[StreamColumn]) -> None:
        self.columns = columns
        self.streaming = True
        self._stop.clear()
        self.send_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self._throttle.start()

    def _end_streams(self) -> None:
        self._throttle.stop()
        self._saving = None
        for column in self.columns:
            column.draw(final=True)
        self.streaming = False
        self.send_button.setEnabled(True)
        self.stop_button.setEnabled(False)

    def _draw_streams(self) -> None:
        for column in self.columns:
            column.draw()
        if self._saving is not None and time.monotonic() - self._saved_at >= 1.0:
            mid, column = self._saving
            with column.lock:
                text = column.text
            self.store.update_message(mid, text)
            self._saved_at = time.monotonic()

    def stop(self) -> None:
        self._stop.set()

    # -- compare -----------------------------------------------------------------------
    def _model_chosen(self, _index: int = 0) -> None:
        """A completion model switches to Completion mode, a chat model back (the user can
        still switch either way)."""
        current = self.current_model()
        if current is None:
            return
        fmt = self.model_formats.get(self.model_combo.currentData())
        self.complete_check.setChecked(is_completion_model(current[1], fmt))

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
        chosen = [(i, split_key(c.currentData())) for i, c in enumerate(self.compare_models) if split_key(c.currentData())]
        chosen = chosen[: count or 3]
        if len(chosen) < 2:
            self.status.emit(tr("Choose at least two models to compare"))
            return
        messages = build_messages(self.current_preset(), []) + [{"role": "user", "content": text}]
        params = self.params().request()
        columns = []
        for view in self.compare_views:
            view.clear()
        pending = {"n": len(chosen)}
        for i, (pid, name) in chosen:
            view = self.compare_views[i]
            view.setMarkdown(f"**{tr('You')}:** {text}\n\n**{name}:**")
            col = StreamColumn(view)
            col.begin()
            columns.append(col)
            self.compare_stats[i].setText(tr("Waiting for the first token…"))

            def work(pid=pid, name=name, col=col) -> Any:
                client = self.providers.client(pid, timeout=300)
                return stream_reply(client, name, messages, params, col.add, self._stop.is_set)

            def finish(col: StreamColumn = col) -> None:
                col.draw(final=True)  # this column is done even if another is still writing
                pending["n"] -= 1
                if pending["n"] == 0:
                    self._end_streams()
                    self.status.emit(tr("Comparison finished"))

            def done(reply: Any, i: int = i, pid: str = pid) -> None:
                from .render import reply_stats

                self.compare_stats[i].setText(reply_stats(reply.stats(), pid == LOCAL_ID))
                finish()

            def failed(exc: BaseException, i: int = i, pid: str = pid) -> None:
                self.compare_stats[i].setText(describe(exc, self.providers.get(pid)))
                finish()

            tasks.run(work, done, failed)
        self._start_streams(columns)

    # -- add to dataset ----------------------------------------------------------------
    def exchange(self) -> list[dict[str, str]]:
        """The conversation as a training example: system prompt, then the turns so far."""
        system = self.system_edit.toPlainText().strip()
        out = [{"role": "system", "content": system}] if system else []
        return out + [{"role": m.role, "content": m.content} for m in self.thread() if m.role in ("user", "assistant")]

    def add_to_dataset(self) -> None:
        messages = self.exchange()
        if not messages or messages[-1]["role"] != "assistant":
            self.status.emit(tr("There is no reply to add yet"))
            return
        self.add_to_dataset_requested.emit(messages)

    def shutdown(self) -> None:
        self._stop.set()
        self._throttle.stop()
        tasks.wait_idle(10_000)
        self.store.close()
