"""API keys: in a real Secret Service (gnome-keyring on a private D-Bus), or for the
session only when there is no keyring; never in a file under TUNEDESK_HOME or a log."""

from __future__ import annotations

import logging

import keyring
import pytest
from PySide6.QtWidgets import QInputDialog

from core.providers import KeyStore, ProviderKind, load_providers
from core.providers.secrets import SERVICE
from gui.preferences import PreferencesDialog
from gui.providers import Providers
from gui.settings import Settings
from tests.engine.conftest import EngineProcess

KEY = "sk-tunedesk-test-9f8e7d6c5b4a39281706"


@pytest.fixture
def real_keyring(secret_service, monkeypatch):
    """keyring's own Secret Service backend, talking to the private gnome-keyring."""
    from keyring.backends import SecretService

    for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"):
        monkeypatch.setenv(name, secret_service[name])
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    previous = keyring.get_keyring()
    backend = SecretService.Keyring()
    assert backend.priority > 0  # the service answers on the private bus
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(monkeypatch):
    """What keyring chooses on a machine with no Secret Service, Keychain or Credential Manager."""
    from keyring.backends import fail

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def files_holding(root, text: str) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


def secret_items(env) -> list:
    import secretstorage

    conn = secretstorage.dbus_init()
    return list(secretstorage.search_items(conn, {"service": SERVICE}))


def test_a_key_goes_to_the_secret_service_and_comes_back(real_keyring, secret_service):
    store = KeyStore()
    assert store.persistent and store.backend_problem is None
    assert store.set("openai", KEY) == "keyring"
    assert KeyStore().get("openai") == KEY  # a new store: read back from the keyring, not from memory
    assert KeyStore().source("openai") == "keyring"
    items = secret_items(secret_service)
    assert [(i.get_attributes()["username"], i.get_secret().decode()) for i in items] == [("openai", KEY)]
    store.delete("openai")
    assert KeyStore().get("openai") is None and secret_items(secret_service) == []


def test_a_key_typed_in_preferences_reaches_no_file_and_no_log(qtbot, real_keyring, secret_service, tunedesk_home,
                                                             tmp_path, tiny_model, model_cache_dir, caplog, capfd,
                                                             monkeypatch):
    caplog.set_level(logging.DEBUG)  # the SDK's and httpx's debug logging too
    # An OpenAI-compatible endpoint whose key is KEY: our own engine, started with that token.
    monkeypatch.setattr("tests.engine.conftest.TOKEN", KEY)
    server = EngineProcess(tmp_path / "lab", model_cache_dir, {"tiny": tiny_model}, []).start()
    server.client.close()
    try:
        providers = Providers(Settings())
        dialog = PreferencesDialog(Settings(), None, providers, "providers")
        qtbot.addWidget(dialog)
        dialog.show()
        page = dialog.providers_page
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Lab server", True))
        page.add(ProviderKind.CUSTOM)
        assert page.current.name == "Lab server"
        qtbot.keyClicks(page.base_url, server.url)
        page.base_url.editingFinished.emit()

        # a wrong key is rejected in words, on the page, without a pop-up
        qtbot.keyClicks(page.key, "sk-wrong-key-000000000000")
        page.test_button.click()
        qtbot.waitUntil(lambda: "rejected the API key (401)" in page.test_result.text(), timeout=30_000)

        page.key.clear()
        qtbot.keyClicks(page.key, KEY)
        assert page.key.echoMode() == page.key.EchoMode.Password
        assert KEY not in page.key_note.text() and KEY[-4:] in page.key_note.text()
        page.test_button.click()
        qtbot.waitUntil(lambda: page.test_result.text().startswith("Connected"), timeout=30_000)
        assert "tiny" in [page.models.item(i).text() for i in range(page.models.count())]
        dialog.accept()

        assert KeyStore().get("lab-server") == KEY  # in the keyring
        assert [p.name for p in load_providers()][-1] == "Lab server"
        # the provider works from a worker, through the SDK, with debug logging on
        client = providers.client("lab-server")
        assert "tiny" in [m.id for m in client.models.list()]
        assert list(client.fine_tuning.jobs.list()) == []
        providers.shutdown()
    finally:
        server.stop()
    out, err = capfd.readouterr()
    assert files_holding(tunedesk_home, KEY) == []
    assert KEY not in caplog.text and KEY not in out and KEY not in err
    assert caplog.text, "debug logging was captured"


def test_without_a_keyring_the_key_is_kept_for_the_session_only(qtbot, no_keyring, tunedesk_home, monkeypatch):
    store = KeyStore()
    assert not store.persistent
    assert "no keyring" in store.backend_problem and "until TuneDesk closes" in store.backend_problem
    assert store.set("openai", KEY) == "session"
    assert store.get("openai") == KEY
    assert KeyStore().get("openai") is None  # gone with the session

    providers = Providers(Settings(), keys=store)
    dialog = PreferencesDialog(Settings(), None, providers, "providers")
    qtbot.addWidget(dialog)
    page = dialog.providers_page
    page.select("openai")
    assert [page.list.item(i).text() for i in range(page.list.count())] == ["This computer", "OpenAI"]
    assert page.current.name == "OpenAI"
    assert "no keyring" in page.key_note.text()
    assert "2027-01-06" in page.notice.text() and "This computer" in page.notice.text()
    assert files_holding(tunedesk_home, KEY) == []
    providers.shutdown()


def test_openai_api_key_from_the_environment_is_used(no_keyring, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    store = KeyStore()
    openai_provider = next(p for p in load_providers() if p.kind is ProviderKind.OPENAI)
    assert store.get(openai_provider) == KEY and store.source(openai_provider) == "environment"
    assert store.get("some-endpoint") is None  # only OpenAI's own key comes from there
