"""Providers: who trains and serves models (this computer, OpenAI, Azure, any compatible
endpoint), where their keys live, and the one way to get an ``openai`` client for each."""

from .profiles import LOCAL_ID, OPENAI_ID, Provider, ProviderKind, load_providers, save_providers
from .secrets import KeyStore

__all__ = ["LOCAL_ID", "OPENAI_ID", "KeyStore", "Provider", "ProviderKind", "load_providers", "save_providers"]
