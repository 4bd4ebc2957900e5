"""Preferences → Providers: this computer, OpenAI, Azure OpenAI and custom endpoints.

Keys are typed into a masked field and go straight to the OS keyring on OK; the page
shows only where a key is kept and its last four characters.
"""

from __future__ import annotations

import copy
import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.migrate.deadline import closing
from core.providers import Provider, ProviderKind
from core.providers.profiles import AZURE_API_VERSION, new_id
from core.providers.secrets import mask

from . import tasks
from .i18n import QT_TR_NOOP, describe, shown, tr
from .providers import Providers

WIND_DOWN = QT_TR_NOOP("To keep training, use <b>This computer</b>: the built-in engine tunes open models on your "
                       "machine, and the result is a file you own.")


class ProvidersPage(QWidget):
    def __init__(self, providers: Providers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.items: list[Provider] = copy.deepcopy(providers.items)
        self.new_keys: dict[str, str] = {}  # typed on this page, stored on apply()
        self.engine_models = dict(providers.settings.engine_models)
        self.current: Provider | None = None

        self.list = QListWidget()
        self.list.setAccessibleName(tr("Providers"))
        self.list.setMaximumWidth(200)
        self.add_button = QPushButton(tr("&Add…"))
        self.add_button.setAccessibleName(tr("Add a provider"))
        menu = QMenu(self.add_button)
        menu.addAction(tr("OpenAI-compatible endpoint…"), lambda: self.add(ProviderKind.CUSTOM))
        menu.addAction(tr("Azure OpenAI…"), lambda: self.add(ProviderKind.AZURE))
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton(tr("&Remove"))
        self.remove_button.setAccessibleName(tr("Remove the provider"))
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        lb = QHBoxLayout()
        lb.addWidget(self.add_button)
        lb.addWidget(self.remove_button)
        left.addLayout(lb)

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setAccessibleName(tr("About this provider"))
        self.notice.setStyleSheet("QLabel { background: palette(alternate-base); border-radius: 4px; padding: 8px; }")
        self.notice.linkActivated.connect(lambda _link: self.current and self.providers.import_requested.emit(
            self.current.id))
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName(tr("Provider name"))
        self.base_url = QLineEdit()
        self.base_url.setAccessibleName(tr("Base URL"))
        self.api_version = QLineEdit()
        self.api_version.setAccessibleName(tr("API version"))
        self.organization = QLineEdit()
        self.organization.setAccessibleName(tr("Organization"))
        self.organization.setPlaceholderText(tr("optional"))
        self.project = QLineEdit()
        self.project.setAccessibleName(tr("Project"))
        self.project.setPlaceholderText(tr("optional"))
        self.key = QLineEdit()
        self.key.setAccessibleName(tr("API key"))
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        self.key_note.setAccessibleName(tr("Where the key is kept"))
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, label, widget in (("name", tr("&Name:"), self.name), ("base_url", tr("Base &URL:"), self.base_url),
                                   ("api_version", tr("API &version:"), self.api_version),
                                   ("organization", tr("&Organization:"), self.organization),
                                   ("project", tr("Pro&ject:"), self.project), ("key", tr("API &key:"), self.key),
                                   ("key_note", "", self.key_note)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            form.addRow(lab, widget)
            self.rows[key] = (lab, widget)

        # this computer
        self.engine_box = QWidget()
        ev = QVBoxLayout(self.engine_box)
        ev.setContentsMargins(0, 0, 0, 0)
        self.engine_state = QLabel()
        self.engine_state.setWordWrap(True)
        self.engine_state.setAccessibleName(tr("Local engine state"))
        self.restart_button = QPushButton(tr("Re&start Engine"))
        self.restart_button.setAccessibleName(tr("Restart the local engine"))
        srow = QHBoxLayout()
        srow.addWidget(self.engine_state, 1)
        srow.addWidget(self.restart_button)
        ev.addLayout(srow)
        ev.addWidget(QLabel(tr("Extra base models (a Hugging Face model folder or a .gguf file):")))
        self.model_list = QListWidget()
        self.model_list.setAccessibleName(tr("Extra base models"))
        self.model_list.setMaximumHeight(110)
        ev.addWidget(self.model_list)
        mrow = QHBoxLayout()
        self.add_model_button = QPushButton(tr("Add &Folder…"))
        self.add_model_button.setAccessibleName(tr("Add a base model folder"))
        self.remove_model_button = QPushButton(tr("Remove &Model"))
        self.remove_model_button.setAccessibleName(tr("Remove the base model"))
        mrow.addWidget(self.add_model_button)
        mrow.addWidget(self.remove_model_button)
        mrow.addStretch(1)
        ev.addLayout(mrow)

        self.test_button = QPushButton(tr("&Test Connection"))
        self.test_button.setAccessibleName(tr("Test the connection and list the models"))
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(tr("Connection test result"))
        self.models = QListWidget()
        self.models.setAccessibleName(tr("Models the provider lists"))
        self.models.setMinimumHeight(90)
        trow = QHBoxLayout()
        trow.addWidget(self.test_button)
        trow.addWidget(self.test_result, 1)

        right = QVBoxLayout()
        right.addWidget(self.notice)
        right.addLayout(form)
        right.addWidget(self.engine_box)
        right.addLayout(trow)
        right.addWidget(self.models, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

        self.list.currentRowChanged.connect(self._chosen)
        self.remove_button.clicked.connect(self.remove)
        self.test_button.clicked.connect(self.test_connection)
        self.restart_button.clicked.connect(providers.restart_engine)
        self.add_model_button.clicked.connect(self.add_model)
        self.remove_model_button.clicked.connect(self.remove_model)
        providers.engine_state_changed.connect(self._engine_state)
        for edit in (self.name, self.base_url, self.api_version, self.organization, self.project):
            edit.editingFinished.connect(self._store_fields)
        self.key.textEdited.connect(self._key_typed)
        self._fill_list()
        self.list.setCurrentRow(0)

    # -- list --------------------------------------------------------------------------
    def _fill_list(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.items:
            item = QListWidgetItem(p.name)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def select(self, provider_id: str) -> None:
        for row, p in enumerate(self.items):
            if p.id == provider_id:
                self.list.setCurrentRow(row)

    def add(self, kind: ProviderKind) -> None:
        default = "Azure OpenAI" if kind is ProviderKind.AZURE else tr("My endpoint")
        name, ok = QInputDialog.getText(self, tr("Add a provider"), tr("Name:"), text=default)
        if not ok or not name.strip():
            return
        provider = Provider(new_id(name, {p.id for p in self.items}), kind, name.strip(),
                            api_version=AZURE_API_VERSION if kind is ProviderKind.AZURE else "")
        self.items.append(provider)
        self._fill_list()
        self.list.setCurrentRow(len(self.items) - 1)
        self.base_url.setFocus()

    def remove(self) -> None:
        p = self.current
        if p is None or p.kind in (ProviderKind.LOCAL, ProviderKind.OPENAI):
            return
        self.items = [x for x in self.items if x.id != p.id]
        self.new_keys[p.id] = ""  # forget its key on apply
        self.current = None
        self._fill_list()
        self.list.setCurrentRow(0)

    # -- the selected provider ---------------------------------------------------------
    def _store_fields(self) -> None:
        p = self.current
        if p is None:
            return
        p.name = self.name.text().strip() or p.name
        p.base_url = self.base_url.text().strip()
        p.api_version = self.api_version.text().strip()
        p.organization = self.organization.text().strip()
        p.project = self.project.text().strip()
        row = self.items.index(p) if p in self.items else -1
        if row >= 0:  # its own row: when the selection moves, the current row is already the next one
            self.list.item(row).setText(p.name)

    def _key_typed(self, text: str) -> None:
        if self.current is not None:
            self.new_keys[self.current.id] = text
            self._describe_key()

    def _chosen(self, row: int) -> None:
        self._store_fields()
        self.current = self.items[row] if 0 <= row < len(self.items) else None
        p = self.current
        if p is None:
            return
        local = p.kind is ProviderKind.LOCAL
        shown = {
            ProviderKind.LOCAL: (),
            ProviderKind.OPENAI: ("organization", "project", "key", "key_note"),
            ProviderKind.AZURE: ("name", "base_url", "api_version", "key", "key_note"),
            ProviderKind.CUSTOM: ("name", "base_url", "organization", "project", "key", "key_note"),
        }[p.kind]
        for key, (label, widget) in self.rows.items():
            label.setVisible(key in shown)
            widget.setVisible(key in shown)
        self.rows["base_url"][0].setText(tr("&Endpoint:") if p.kind is ProviderKind.AZURE else tr("Base &URL:"))
        self.base_url.setPlaceholderText("https://YOUR-RESOURCE.openai.azure.com" if p.kind is ProviderKind.AZURE
                                         else "https://example.com/v1")
        self.name.setText(p.name)
        self.base_url.setText(p.base_url)
        self.api_version.setText(p.api_version)
        self.organization.setText(p.organization)
        self.project.setText(p.project)
        self.key.clear()
        self._describe_key()
        self.engine_box.setVisible(local)
        self.remove_button.setEnabled(p.kind not in (ProviderKind.LOCAL, ProviderKind.OPENAI))
        notices = {
            ProviderKind.LOCAL: tr("<b>This computer</b> trains and serves open models with TuneDesk's built-in "
                                   "engine. It starts when it is first needed and stops when TuneDesk quits. Nothing "
                                   "leaves your machine, and no key is needed."),
            ProviderKind.OPENAI: self._closing_notice(p),
            ProviderKind.AZURE: tr("Azure OpenAI, through your resource's endpoint and API version."),
            ProviderKind.CUSTOM: tr("Any server that speaks the OpenAI API (its base URL usually ends in /v1)."),
        }
        self.notice.setText(notices[p.kind])
        self.models.clear()
        self.test_result.clear()
        self._engine_state()
        self._fill_models()

    def _closing_notice(self, p: Provider) -> str:
        """What stops when at OpenAI, with a link to bring one's work home."""
        c = closing(p)
        if c is None:
            return tr("OpenAI's API at the address given.")
        link = tr("Import from {provider}…").format(provider=html.escape(p.name))
        return (f"<b>{html.escape(shown(c.notice()))}</b> <a href='import'>{link}</a><br><br>" + tr(WIND_DOWN))

    def _describe_key(self) -> None:
        p = self.current
        if p is None or not p.needs_key:
            return
        keys = self.providers.keys
        typed = self.new_keys.get(p.id)
        if typed:
            text = (tr("The new key ({key}) will be kept in the keyring when you press OK.") if keys.persistent else
                    tr("The new key ({key}) will be kept in memory until TuneDesk closes when you press OK.")).format(
                key=mask(typed))
            self.key.setPlaceholderText("")
        else:
            source = keys.source(p)
            existing = keys.get(p)
            self.key.setPlaceholderText(tr("saved ({key}); type to replace it").format(key=mask(existing)) if existing
                                        else tr("paste the API key here"))
            text = {"keyring": tr("The key is kept in the system keyring, never in TuneDesk's files."),
                    "session": tr("The key is kept in memory until TuneDesk closes."),
                    "environment": tr("Using OPENAI_API_KEY from the environment."),
                    "": tr("No key yet.")}[source]
        if keys.backend_problem:
            text = f"{keys.backend_problem} {text}"
        self.key_note.setText(text)

    def _engine_state(self, _state: str = "") -> None:
        self.engine_state.setText(tr("Engine: {state}").format(state=self.providers.engine_description()))

    # -- local base models -------------------------------------------------------------
    def _fill_models(self) -> None:
        self.model_list.clear()
        for name, path in sorted(self.engine_models.items()):
            item = QListWidgetItem(f"{name} — {path}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.model_list.addItem(item)

    def add_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Choose a Hugging Face model folder"))
        if not folder:
            return
        name, ok = QInputDialog.getText(self, tr("Name the base model"), tr("Name:"), text=Path(folder).name.lower())
        if ok and name.strip():
            self.engine_models[name.strip()] = folder
            self._fill_models()

    def remove_model(self) -> None:
        item = self.model_list.currentItem()
        if item is not None:
            self.engine_models.pop(item.data(Qt.ItemDataRole.UserRole), None)
            self._fill_models()

    # -- test --------------------------------------------------------------------------
    def test_connection(self) -> None:
        self._store_fields()
        p = copy.deepcopy(self.current)
        if p is None:
            return
        typed = self.new_keys.get(p.id)
        self.test_result.setText(tr("Connecting…"))
        self.models.clear()
        self.test_button.setEnabled(False)
        providers = self.providers

        def work() -> list[str]:
            from core.providers.client import make_client

            # A key typed but not yet stored is tested without being kept anywhere.
            client = make_client(p, providers.keys, providers.engine, key=typed or None, timeout=20, max_retries=0)
            return sorted(m.id for m in client.models.list())

        def done(names: list[str]) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(tr("Connected: %Ln model(s).", None, len(names)))
            self.models.addItems(names)

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(describe(exc, p))

        tasks.run(work, done, failed)

    # -- apply -------------------------------------------------------------------------
    def apply(self) -> None:
        self._store_fields()
        for pid, key in self.new_keys.items():
            if key.strip():
                self.providers.keys.set(pid, key)
            elif not any(p.id == pid for p in self.items):
                self.providers.keys.delete(pid)
        self.new_keys.clear()
        restart = self.engine_models != self.providers.settings.engine_models
        self.providers.settings.engine_models = self.engine_models
        self.providers.save(self.items)
        if restart and self.providers.engine.running:
            self.providers.restart_engine()
