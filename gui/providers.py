"""The providers the app knows, their keys and the local engine, in one place.

Workers call ``client(provider_id)`` off the UI thread (it may start the engine); the
UI listens to ``engine_state_changed`` and ``providers_changed``. A watchdog restarts
the engine when it dies, and ``shutdown()`` stops it when the app quits.
"""

from __future__ import annotations

import dataclasses
import logging
import threading

import openai
from PySide6.QtCore import QObject, QTimer, Signal

from core.commands import missing_engine_module, no_engine_message
from core.datasets.models import counted_with
from core.providers import LOCAL_ID, KeyStore, Provider, ProviderKind, load_providers, save_providers
from core.providers.client import make_client
from core.providers.local_engine import LocalEngine

from . import tasks
from .i18n import QT_TR_NOOP, shown, tr
from .settings import Settings

log = logging.getLogger("tunedesk.providers")

ENGINE_STATES = {
    "stopped": QT_TR_NOOP("Not running; starts when it is needed"),
    "starting": QT_TR_NOOP("Starting…"),
    "running": QT_TR_NOOP("Running on this computer"),
    "failed": QT_TR_NOOP("Could not start"),
}


BUILTIN_NAMES = {LOCAL_ID: QT_TR_NOOP("This computer")}  # shown in the interface's language, stored in English


def _shown(p: Provider) -> Provider:
    english = BUILTIN_NAMES.get(p.id)
    return dataclasses.replace(p, name=tr(english)) if english and p.name == english else p


def _stored(p: Provider) -> Provider:
    english = BUILTIN_NAMES.get(p.id)
    return dataclasses.replace(p, name=english) if english and p.name == tr(english) else p


class Providers(QObject):
    engine_state_changed = Signal(str)
    providers_changed = Signal()
    import_requested = Signal(str)  # a provider's id: bring its jobs home (the deadline's link)

    def __init__(self, settings: Settings, keys: KeyStore | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.keys = keys if keys is not None else KeyStore()
        self.items: list[Provider] = [_shown(p) for p in load_providers()]
        self._clients: dict[tuple, openai.OpenAI] = {}
        self._clients_lock = threading.Lock()
        # The engine reports its state from worker threads; a queued signal brings it here.
        self.engine = LocalEngine(lambda: self.settings.engine_models, on_state=self.engine_state_changed.emit)
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(2000)
        self._watchdog.timeout.connect(self._check_engine)
        self._watchdog.start()

    # -- profiles ----------------------------------------------------------------------
    def get(self, provider_id: str) -> Provider:
        for p in self.items:
            if p.id == provider_id:
                return p
        return self.items[0]

    def save(self, items: list[Provider]) -> None:
        self.items = items
        save_providers([_stored(p) for p in items])
        self.providers_changed.emit()

    def client(self, provider_id: str, *, timeout: float = 60, max_retries: int = 2) -> openai.OpenAI:
        """An SDK client for the provider. Call off the UI thread: it may start the engine.

        Clients are kept and reused (each holds a connection pool) until the provider's
        address, key or the engine's token changes."""
        provider = self.get(provider_id)
        if provider.kind is ProviderKind.LOCAL:
            where, secret = self.engine.ensure()
        else:
            where = "|".join((provider.base_url, provider.api_version, provider.organization, provider.project))
            secret = self.keys.get(provider)
        key = (provider_id, where, secret, timeout, max_retries)
        with self._clients_lock:
            kept = self._clients.get(key)
            if kept is not None:
                return kept
            for old in [k for k in self._clients if k[0] == provider_id and k[1:3] != key[1:3]]:
                self._clients.pop(old).close()  # the engine restarted, or the address or key changed
            client = make_client(provider, self.keys, self.engine, timeout=timeout, max_retries=max_retries)
            self._clients[key] = client
            return client

    def base_model_paths(self) -> dict[str, str]:
        return self.settings.engine_models

    def preflight_model(self, provider_id: str, model: str) -> str:
        """The name core.datasets should count with: a local extra model's folder gives its
        own tokenizer; everything else is known by name."""
        local = self.get(provider_id).id == LOCAL_ID
        return counted_with(model, self.settings.engine_models if local else None)

    # -- the local engine --------------------------------------------------------------
    @property
    def engine_state(self) -> str:
        return self.engine.state

    def engine_description(self) -> str:
        text = tr(ENGINE_STATES.get(self.engine.state, self.engine.state))
        if self.engine.state == "running" and self.engine.url:
            text += f" ({self.engine.url.rsplit('/', 1)[0]})"
        if missing_engine_module() is not None:  # the cloud-only download
            return shown(no_engine_message())
        if self.engine.problem:
            text += f": {shown(self.engine.problem)}"
        if self.engine.restarts:
            text += " — " + tr("restarted %n time(s)", None, self.engine.restarts)
        return text

    def _check_engine(self) -> None:
        if self.engine.died():
            log.warning("the local engine exited (code %s); restarting it", self.engine.proc.returncode)
            tasks.run(self.engine.ensure, on_done=lambda _: None,
                      on_error=lambda exc: log.warning("the local engine did not restart: %s", exc))

    def restart_engine(self) -> None:
        def restart():
            self.engine.stop()
            return self.engine.ensure()

        tasks.run(restart, on_done=lambda _: None, on_error=lambda exc: log.warning("engine restart failed: %s", exc))

    def shutdown(self) -> None:
        self._watchdog.stop()
        with self._clients_lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()
        self.engine.close()
