"""Taking a tuned model out of TuneDesk: the LoRA adapter alone (PEFT layout) or the
merged model (safetensors, tokenizer and chat template), loadable by `transformers`
without TuneDesk. Written into ``OUT.partial`` and renamed when whole.

    tunedesk export ft:smollm2-135m-instruct:personal:support:AbC12345 -o ~/models/support --format merged
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .catalog import Catalog
from .store import Store

FORMATS = ("merged", "adapter")


class ExportError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Source:
    model: str  # the tuned model's (or checkpoint's) name
    base: str
    adapter: Path
    kind: str  # fine-tuned | checkpoint


def find(model: str, data_dir: Path | None = None) -> Source:
    store = Store(data_dir or paths.engine_dir())
    row = store.get_model(model)
    if row is None:
        known = [r["id"] for r in store.list_models()]
        hint = f"; tuned here: {', '.join(known[-5:])}" if known else "; no model has been tuned on this computer yet"
        raise ExportError(f"'{model}' is not a model tuned on this computer{hint}")
    adapter = Path(row["adapter"])
    if not (adapter / "adapter_config.json").exists():
        raise ExportError(f"the adapter of '{model}' is missing from {adapter}")
    return Source(model, row["base"], adapter, row["kind"])


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def estimate_bytes(source: Source, fmt: str, catalog: Catalog) -> int:
    """What the export will write, for the user to see before it starts."""
    if fmt == "adapter":
        return _size(source.adapter)
    folder = Path(catalog.folder(source.base))
    weights = sum(f.stat().st_size for f in folder.glob("*.safetensors")) or sum(
        f.stat().st_size for f in folder.glob("*.bin"))
    return weights + (4 << 20)  # and the tokenizer's files


def export(model: str, out: str | os.PathLike[str], fmt: str = "merged", *, data_dir: Path | None = None,
           model_cache: Path | None = None, extra_models: dict[str, str] | None = None,
           progress: Callable[[str], None] = lambda _s: None) -> Path:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    source = find(model, data_dir)
    catalog = Catalog(model_cache or paths.cache_dir() / "models", extra_models)
    out = Path(out).expanduser().resolve()
    if out.exists() and any(out.iterdir()):
        raise ExportError(f"{out} is not empty; choose a new folder")
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        progress("Loading the tokenizer")
        tokenizer = catalog.load_tokenizer(source.base)
        if fmt == "adapter":
            progress("Copying the adapter")
            for f in source.adapter.iterdir():
                if f.is_file() and f.name != "trainer_state.pt":
                    shutil.copy2(f, tmp / f.name)
            config = json.loads((tmp / "adapter_config.json").read_text(encoding="utf-8"))
            config["base_model_name_or_path"] = source.base  # not a path on this computer
            (tmp / "adapter_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
        else:
            import torch
            from peft import PeftModel

            progress("Loading the base model")
            base, _ = catalog.load_model(source.base)
            progress("Merging the adapter into it")
            merged = PeftModel.from_pretrained(base, str(source.adapter)).merge_and_unload()
            merged = merged.to(torch.float32)
            progress("Writing the merged weights")
            merged.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        (tmp / "tunedesk.json").write_text(json.dumps(
            {"model": source.model, "base": source.base, "kind": source.kind, "format": fmt}, indent=2),
            encoding="utf-8")
        if out.exists():
            out.rmdir()  # empty, checked above
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    progress("Done")
    return out
