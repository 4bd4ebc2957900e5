"""The one way to get an ``openai`` SDK client for a provider, and errors in words.

The local engine is just another OpenAI-compatible endpoint: one client code path.
"""

from __future__ import annotations

import openai

from ..i18n import tr
from .local_engine import LocalEngine
from .profiles import OPENAI_URL, Provider, ProviderKind
from .secrets import KeyStore


class MissingKey(Exception):
    pass


def make_client(provider: Provider, keys: KeyStore, engine: LocalEngine | None = None, *, key: str | None = None,
                timeout: float = 60, max_retries: int = 2) -> openai.OpenAI:
    """Build a client. For "This computer" this starts the engine when it is not running
    (call it off the UI thread)."""
    if provider.kind is ProviderKind.LOCAL:
        if engine is None:
            raise RuntimeError("no local engine")
        url, token = engine.ensure()
        return openai.OpenAI(base_url=url, api_key=token, timeout=timeout, max_retries=max_retries)
    key = key or keys.get(provider)
    if not key:
        raise MissingKey(tr("No API key for {name}: add one in Preferences → Providers.", name=provider.name))
    common = {"api_key": key, "organization": provider.organization or None, "project": provider.project or None,
              "timeout": timeout, "max_retries": max_retries}
    if provider.kind is ProviderKind.AZURE:
        if not provider.base_url:
            raise MissingKey(tr("{name}: enter the Azure endpoint in Preferences → Providers", name=provider.name))
        return openai.AzureOpenAI(azure_endpoint=provider.base_url, api_version=provider.api_version or None,
                                  **common)
    base = provider.base_url or (OPENAI_URL if provider.kind is ProviderKind.OPENAI else "")
    if not base:
        raise MissingKey(tr("{name}: enter the base URL in Preferences → Providers", name=provider.name))
    return openai.OpenAI(base_url=base, **common)


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (429/503), when it said."""
    response = getattr(exc, "response", None)
    if response is None:
        return None
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def describe(exc: BaseException, provider: Provider | None = None, retry_in: float | None = None) -> str:
    """An SDK (or start-up) error as a sentence a person understands, without the key."""
    who = provider.name if provider else tr("The provider")
    local = provider is not None and provider.kind is ProviderKind.LOCAL
    if isinstance(exc, MissingKey):
        return exc.args[0]
    if isinstance(exc, openai.AuthenticationError):
        if local:
            return tr("The local engine rejected TuneDesk's token; restarting it.")
        return tr("{who} rejected the API key (401). Check it in Preferences → Providers.", who=who)
    if isinstance(exc, openai.PermissionDeniedError):
        return tr("{who} refused: {error} (403).", who=who, error=error_message(exc))
    if isinstance(exc, openai.RateLimitError):
        wait = retry_in if retry_in is not None else retry_after(exc)
        if wait:
            return tr("{who} is rate limiting requests (429); retrying in {seconds:.0f} s.", who=who, seconds=wait)
        return tr("{who} is rate limiting requests (429).", who=who)
    if isinstance(exc, openai.NotFoundError):
        return tr("{who} does not know it: {error} (404).", who=who, error=error_message(exc))
    if isinstance(exc, openai.BadRequestError):
        return tr("{who} refused the request: {error}", who=who, error=error_message(exc))
    if isinstance(exc, openai.APITimeoutError):
        return tr("{who} did not answer in time; retrying.", who=who)
    if isinstance(exc, openai.APIConnectionError):
        if local:
            return tr("The local engine is not running; restarting it.")
        return tr("Cannot reach {who} ({cause}); retrying.", who=who, cause=_cause(exc))
    if isinstance(exc, openai.InternalServerError):
        return tr("{who} had a server error ({status}); retrying.", who=who, status=exc.status_code)
    if isinstance(exc, openai.APIStatusError):
        return tr("{who} answered {status}: {error}", who=who, status=exc.status_code, error=error_message(exc))
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else "")
    if len(exc.args) == 1 and isinstance(exc.args[0], str) and exc.args[0]:
        return exc.args[0]  # as raised: a core.i18n text stays translatable
    return str(exc) or type(exc).__name__


def error_message(exc: openai.APIStatusError) -> str:
    """The provider's own words from an error response."""
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if body.get("message"):
            return str(body["message"])
    return exc.message


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    text = str(cause) if cause else ""
    if "refused" in text.lower():
        return tr("connection refused")
    if "name" in text.lower() and "resolve" in text.lower() or "getaddrinfo" in text.lower():
        return tr("the address cannot be resolved")
    return tr("no connection")


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError))
