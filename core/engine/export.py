"""Taking a tuned model out of TuneDesk, written into ``OUT.partial`` and renamed when
whole:

- ``merged``: full weights (safetensors), tokenizer and chat template, for transformers;
- ``adapter``: the LoRA adapter alone (PEFT layout);
- ``gguf``: one GGUF file (f16, q8_0 or q4_k_m) with the chat template and end-of-turn
  token in its metadata, for llama.cpp and LM Studio, and an Ollama ``Modelfile`` beside
  it (template, stop parameters, the system prompt the model was trained with);
- ``ollama``: the same, then ``ollama create`` adds it to Ollama.

The GGUF is made once per model and quantization in the engine's cache (the engine
serves from the same file), so a second export of a model copies it.

    tunedesk export ft:smollm2-135m-instruct:personal:support:AbC12345 -o ~/models/support --format gguf
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..jobs.names import export_name, lmstudio_folder  # noqa: F401 - lmstudio_folder is part of this API
from .catalog import Catalog
from .store import Store

FORMATS = ("merged", "adapter", "gguf", "ollama")
# bytes per weight, roughly, for the size shown before writing
_GGUF_BYTES = {"f32": 4.0, "f16": 2.0, "q8_0": 1.07, "q4_k_m": 0.62}


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


def estimate_bytes(source: Source, fmt: str, catalog: Catalog, quant: str = "q8_0") -> int:
    """What the export will write, for the user to see before it starts."""
    if fmt == "adapter":
        return _size(source.adapter)
    folder = Path(catalog.folder(source.base))
    weights = sum(f.stat().st_size for f in folder.glob("*.safetensors")) or sum(
        f.stat().st_size for f in folder.glob("*.bin"))
    if fmt in ("gguf", "ollama"):
        return int(weights / 4 * _GGUF_BYTES.get(quant, 2.0)) + (4 << 20)  # the float weights are fp32
    return weights + (4 << 20)  # and the tokenizer's files


def export(model: str, out: str | os.PathLike[str], fmt: str = "merged", *, data_dir: Path | None = None,
           model_cache: Path | None = None, extra_models: dict[str, str] | None = None, quant: str = "q8_0",
           ollama_name: str | None = None, progress: Callable[[str], None] = lambda _s: None) -> Path:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if fmt in ("gguf", "ollama"):
        from .gguf_file import QUANTS, llama_quantizer_available

        if quant not in QUANTS:
            raise ExportError(f"unknown quantization '{quant}'; choose one of {', '.join(QUANTS)}")
        if quant == "q4_k_m" and not llama_quantizer_available():
            raise ExportError("q4_k_m needs llama.cpp's quantizer (llama-cpp-python), which is not installed; "
                              "choose q8_0 or f16")
        if fmt == "ollama" and not shutil.which("ollama"):
            raise ExportError("the ollama command is not on PATH; install Ollama, or export as gguf and run "
                              "`ollama create NAME -f Modelfile` in the folder later")
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
        if fmt in ("gguf", "ollama"):
            _write_gguf_folder(source, catalog, tokenizer, tmp, quant, data_dir, progress)
            if out.exists():
                out.rmdir()  # empty, checked above
            os.replace(tmp, out)
            if fmt == "ollama":
                name = ollama_name or export_name(source.model)
                progress(f"Adding it to Ollama as {name}")
                done = subprocess.run(["ollama", "create", name, "-f", "Modelfile"], cwd=out, capture_output=True,
                                      text=True, check=False)
                if done.returncode != 0:
                    raise ExportError(f"ollama create failed: {(done.stderr or done.stdout).strip()[-300:]}")
            progress("Done")
            return out
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


def _write_gguf_folder(source: Source, catalog: Catalog, tokenizer, tmp: Path, quant: str,
                       data_dir: Path | None, progress: Callable[[str], None]) -> None:
    from .fast import cached_gguf, make_gguf
    from .modelfile import modelfile

    cached = cached_gguf(catalog, source.base, str(source.adapter), source.model, quant)
    if cached.exists():
        progress("Using the GGUF made earlier")
    else:
        progress("Merging the adapter and writing the GGUF")
        shown = [-1]

        def step(f: float) -> None:
            pct = int(f * 100)
            if pct // 10 != shown[0] // 10:
                shown[0] = pct
                progress(f"Writing the GGUF {pct}%")

        make_gguf(catalog, source.base, str(source.adapter), source.model, quant, progress=step)
    name = export_name(source.model)
    target = tmp / f"{name}.{quant}.gguf"
    progress("Copying the GGUF")
    try:
        os.link(cached, target)  # same disk: no second copy of the weights
    except OSError:
        shutil.copy2(cached, target)
    system = training_system_prompt(source, data_dir)
    (tmp / "Modelfile").write_text(modelfile(target.name, tokenizer, system), encoding="utf-8")
    (tmp / "tunedesk.json").write_text(json.dumps(
        {"model": source.model, "base": source.base, "kind": source.kind, "format": "gguf", "quantization": quant},
        indent=2), encoding="utf-8")


def training_system_prompt(source: Source, data_dir: Path | None) -> str | None:
    """The system message most of the job's training examples share, if any."""
    from collections import Counter

    store = Store(data_dir or paths.engine_dir())
    row = store.get_model(source.model)
    job = store.get_job(row["job_id"]) if row is not None else None
    if not job:
        return None
    try:
        path = store.file_path(job["training_file"])
        seen: Counter[str] = Counter()
        total = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    messages = json.loads(line).get("messages") or []
                except (ValueError, AttributeError):
                    continue
                total += 1
                first = messages[0] if messages else {}
                if isinstance(first, dict) and first.get("role") == "system" and isinstance(first.get("content"), str):
                    seen[first["content"]] += 1
    except OSError:
        return None
    if not seen:
        return None
    text, count = seen.most_common(1)[0]
    return text if count * 2 > total else None
