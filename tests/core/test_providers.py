"""Provider profiles, clients and errors in words (the network parts are in tests/gui)."""

from __future__ import annotations

import httpx2 as httpx  # the HTTP client the openai SDK is built on
import openai
import pytest

from core.jobs.monitor import Backoff
from core.providers import KeyStore, Provider, ProviderKind, load_providers, save_providers
from core.providers.client import MissingKey, describe, make_client


class Memory:
    """A keyring backend in memory, for what does not need the Secret Service."""

    priority = 1

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, user):
        return self.items.get((service, user))

    def set_password(self, service, user, value):
        self.items[(service, user)] = value

    def delete_password(self, service, user):
        self.items.pop((service, user), None)


def status_error(cls, code: int, headers: dict | None = None, message: str = "nope"):
    request = httpx.Request("GET", "https://api.example.com/v1/fine_tuning/jobs")
    response = httpx.Response(code, headers=headers or {}, request=request)
    return cls(message, response=response, body={"error": {"message": message}})


def test_profiles_round_trip_and_the_builtins_stay_first(tunedesk_home):
    items = load_providers()
    assert [p.id for p in items] == ["local", "openai"]
    items.append(Provider("lab", ProviderKind.CUSTOM, "Lab", base_url="http://10.0.0.2:8000/v1", project="p1"))
    save_providers(items)
    again = load_providers()
    assert [p.id for p in again] == ["local", "openai", "lab"] and again[2].project == "p1"
    assert again[2].kind is ProviderKind.CUSTOM
    (tunedesk_home / "settings" / "providers.json").write_text("{broken", encoding="utf-8")
    assert [p.id for p in load_providers()] == ["local", "openai"]  # a damaged file does not stop the app


def test_clients_per_kind():
    keys = KeyStore(Memory())
    keys.set("az", "az-key-123456789")
    azure = Provider("az", ProviderKind.AZURE, "Azure", base_url="https://res.openai.azure.com",
                     api_version="2025-04-01-preview")
    client = make_client(azure, keys)
    assert isinstance(client, openai.AzureOpenAI)
    assert str(client.base_url).startswith("https://res.openai.azure.com/openai")
    custom = Provider("lab", ProviderKind.CUSTOM, "Lab", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(MissingKey, match="No API key for Lab"):
        make_client(custom, keys)
    assert str(make_client(custom, keys, key="typed-key-1234").base_url) == "http://127.0.0.1:9/v1/"


def test_sdk_errors_in_words():
    openai_p = Provider("openai", ProviderKind.OPENAI, "OpenAI")
    local = Provider("local", ProviderKind.LOCAL, "This computer")
    assert describe(status_error(openai.AuthenticationError, 401), openai_p) == \
        "OpenAI rejected the API key (401). Check it in Preferences → Providers."
    limited = status_error(openai.RateLimitError, 429, {"retry-after": "7"})
    assert describe(limited, openai_p) == "OpenAI is rate limiting requests (429); retrying in 7 s."
    request = httpx.Request("GET", "http://127.0.0.1:1/v1/models")
    refused = openai.APIConnectionError(request=request)
    refused.__cause__ = httpx.ConnectError("[Errno 111] Connection refused")
    assert describe(refused, local) == "The local engine is not running; restarting it."
    assert describe(refused, openai_p) == "Cannot reach OpenAI (connection refused); retrying."
    bad = status_error(openai.BadRequestError, 400, message="suffix is too long")
    assert describe(bad, openai_p) == "OpenAI refused the request: suffix is too long"


def test_backoff_speeds_up_on_change_and_slows_down_on_errors():
    b = Backoff(fastest=1, slowest=15)
    assert b.after_success(True) == 1
    quiet = [b.after_success(False) for _ in range(10)]
    assert quiet[0] == 1.5 and quiet[-1] == 15
    assert b.after_success(True) == 1
    assert [b.after_failure() for _ in range(3)] == [2, 4, 8]
    assert b.after_failure(retry_after=30) == 30  # the server's word wins


def test_tuned_model_names_read_and_shown_whole():
    """Issue [6] D24: long ft: names were cut on the right, so a checkpoint looked like the final model."""
    from core.jobs.names import label, parse

    final = "ft:HuggingFaceTB/SmolLM2-135M-Instruct:personal:recipes:Ab3dE6gH"
    ckpt = final + ":ckpt-step-24"
    assert parse(final).step is None and parse(ckpt).step == 24
    assert parse(ckpt).suffix == "recipes" and parse(ckpt).base == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert label(final) == "ft:SmolLM2-135M-Instruct:recipes:Ab3dE6gH"
    assert label(ckpt) == "ft:SmolLM2-135M-Instruct:recipes:Ab3dE6gH · checkpoint, step 24"
    assert label("ft:gpt-4o-mini-2024-07-18:my-org::9xYz") == "ft:gpt-4o-mini-2024-07-18:9xYz"
    assert label("gpt-4o-mini") == "gpt-4o-mini" and parse("ft:odd") is None
