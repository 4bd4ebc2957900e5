"""API keys in the OS keyring (service ``TuneDesk``, one entry per provider id).

Keys never go to settings, logs or exception text. When the machine has no keyring
backend the key is kept in memory for this session only, and ``backend_problem`` says
so in words; ``OPENAI_API_KEY`` from the environment is used when nothing else is set.
"""

from __future__ import annotations

import os
import threading

import keyring
import keyring.errors

from .profiles import OPENAI_ID, Provider, ProviderKind

SERVICE = "TuneDesk"


def _usable(backend) -> bool:
    from keyring.backends import fail

    if isinstance(backend, fail.Keyring):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # noqa: BLE001 - a backend that cannot say is not usable
        return False


class KeyStore:
    def __init__(self, backend=None) -> None:
        self.backend = backend if backend is not None else keyring.get_keyring()
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()
        self.backend_problem: str | None = None
        if not _usable(self.backend):
            self.backend_problem = ("This computer has no keyring (no Secret Service, Keychain or Credential "
                                    "Manager was found), so keys are kept only until TuneDesk closes.")

    @property
    def persistent(self) -> bool:
        return self.backend_problem is None

    def _lookup(self, provider: Provider | str) -> tuple[str | None, str]:
        """(key, where it comes from: 'session', 'keyring', 'environment' or '')."""
        pid = provider if isinstance(provider, str) else provider.id
        with self._lock:
            if pid in self._session:
                return self._session[pid], "session"
        if self.persistent:
            try:
                value = self.backend.get_password(SERVICE, pid)
            except keyring.errors.KeyringError:
                value = None
            if value:
                return value, "keyring"
        kind = None if isinstance(provider, str) else provider.kind
        if pid == OPENAI_ID or kind is ProviderKind.OPENAI:
            value = os.environ.get("OPENAI_API_KEY")
            if value:
                return value, "environment"
        return None, ""

    def get(self, provider: Provider | str) -> str | None:
        return self._lookup(provider)[0]

    def source(self, provider: Provider | str) -> str:
        """Where the key comes from, for the UI: 'keyring', 'session', 'environment' or ''."""
        return self._lookup(provider)[1]

    def set(self, provider_id: str, key: str) -> str:
        """Store the key; returns where it went ('keyring' or 'session')."""
        key = key.strip()
        if not key:
            self.delete(provider_id)
            return ""
        if self.persistent:
            try:
                self.backend.set_password(SERVICE, provider_id, key)
            except keyring.errors.KeyringError as exc:
                # The message of a keyring error never holds the secret, only what went wrong.
                self.backend_problem = f"The keyring refused the key ({type(exc).__name__}); it is kept until " \
                                       "TuneDesk closes."
            else:
                with self._lock:
                    self._session.pop(provider_id, None)
                return "keyring"
        with self._lock:
            self._session[provider_id] = key
        return "session"

    def delete(self, provider_id: str) -> None:
        with self._lock:
            self._session.pop(provider_id, None)
        if self.persistent:
            try:
                self.backend.delete_password(SERVICE, provider_id)
            except keyring.errors.KeyringError:
                pass  # nothing stored: nothing to delete


def mask(key: str | None) -> str:
    """What the UI may show of a key: its kind and last four characters."""
    if not key:
        return ""
    head = key[:3] if key.startswith(("sk-", "az-")) else ""
    return f"{head}…{key[-4:]}" if len(key) > 8 else "…"
