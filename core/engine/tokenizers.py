"""The engine's side of token counting. ``core.datasets`` counts a local model's tokens
with the model's own tokenizer, which the engine's catalog loads (converting the bundled
model once). The datasets layer does not import the engine: the programs that have both
(the app, the ``tunedesk`` command, the tests) call ``register()`` when they start.
Nothing heavy is imported here; the catalog loads on first use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import paths


class CatalogTokenizers:
    def load(self, source: str, folder: Path | None) -> Any:
        from .catalog import Catalog

        catalog = Catalog(paths.cache_dir() / "models", {folder.name: str(folder)} if folder else None)
        return catalog.load_tokenizer(folder.name if folder else source)

    def needs_preparing(self, base: str) -> bool:
        from .catalog import Catalog

        return Catalog(paths.cache_dir() / "models").needs_preparing(base)


def register() -> None:
    from ..datasets.models import register_local_tokenizers

    register_local_tokenizers(CatalogTokenizers())
