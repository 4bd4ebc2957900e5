"""Fast serving through llama.cpp (llama-cpp-python), with transformers as the fallback.

Every served model is one GGUF file: the bundled base model is already one; a tuned
model (or checkpoint) is merged with its base and written once as Q8_0 under
``MODEL_CACHE/gguf/`` (about 3 s for SmolLM2-135M, then kept). Q8_0 because on this
kind of machine it streams as fast as the 4-bit files (about 150 tokens/s for
SmolLM2-135M on 2 cores) while its greedy tokens agree with the float model's on about
97 % of positions (Q4_K_M: 89 %).

Contexts are pooled per file (weights are memory-mapped, so a second context of a
model costs only its KV cache): each active request holds its own, and a context keeps
the tokens it last saw, so the next turn of a conversation only evaluates what is new.
Everything here runs on the engine's one inference thread, except the conversion, which
runs on a thread of its own so other streams go on meanwhile.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import Catalog, _safe, file_lock

SERVE_ENV = "TUNEDESK_SERVE"  # auto (default) | transformers | llama.cpp
SERVED_QUANT = "q8_0"
MAX_CONTEXTS_PER_MODEL = 4
MAX_MODELS = 6
# transformers resolves its names lazily, and not safely from two threads at once
# ("cannot import name 'AutoModelForCausalLM'"): loading a tokenizer (inference thread)
# and loading a model to convert (its own thread) take turns.
IMPORT_LOCK = threading.RLock()


def llama_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def wanted(choice: str | None = None) -> str:
    """'llama.cpp' or 'transformers': what serves models in this engine."""
    choice = (choice or os.environ.get(SERVE_ENV) or "auto").strip().lower()
    if choice in ("transformers", "torch"):
        return "transformers"
    if choice in ("llama.cpp", "llama", "llama_cpp"):
        if not llama_available():
            raise RuntimeError("llama.cpp was asked for, but llama-cpp-python is not installed")
        return "llama.cpp"
    return "llama.cpp" if llama_available() else "transformers"


def adapter_stamp(adapter: str | os.PathLike[str]) -> str:
    """Changes whenever the adapter's weights do."""
    h = hashlib.sha1()
    for f in sorted(Path(adapter).glob("adapter_model.*")):
        st = f.stat()
        h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:12]


def cached_gguf(catalog: Catalog, base: str, adapter: str | None, model_id: str, quant: str = SERVED_QUANT) -> Path:
    folder = catalog.cache / "gguf"
    if adapter is None:
        return folder / f"{_safe(base)}.{quant}.gguf"
    return folder / f"{_safe(model_id)}.{adapter_stamp(adapter)}.{quant}.gguf"


def make_gguf(catalog: Catalog, base: str, adapter: str | None, model_id: str, quant: str = SERVED_QUANT,
              progress=lambda _f: None) -> Path:
    """The model (base, merged with ``adapter`` if given) as a GGUF file, made once and
    kept; a second call (from this or another process) returns the same file."""
    from .gguf_file import NATIVE, quantize, write_gguf

    out = cached_gguf(catalog, base, adapter, model_id, quant)
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(out.parent / f".{out.name}.lock"):
        if out.exists():
            return out
        with IMPORT_LOCK:
            model, tokenizer = catalog.load_model(base)
            progress(0.1)
            if adapter is not None:
                from peft import PeftModel

                model = PeftModel.from_pretrained(model, adapter).merge_and_unload()
        progress(0.2)
        spec = catalog.spec(base)
        base_gguf = Path(spec.source) if spec.is_gguf else None
        if quant in NATIVE:
            write_gguf(model, tokenizer, out, quant, name=model_id, base_gguf=base_gguf,
                       progress=lambda f: progress(0.2 + 0.8 * f))
        else:
            f16 = out.with_name(out.name.replace(f".{quant}.", ".f16."))
            if not f16.exists():
                write_gguf(model, tokenizer, f16, "f16", name=model_id, base_gguf=base_gguf,
                           progress=lambda f: progress(0.2 + 0.6 * f))
            quantize(f16, out, quant)
            progress(1.0)
    return out


def servable(catalog: Catalog, base: str) -> bool:
    """True when llama.cpp can serve this base (and models tuned from it)."""
    import json

    from .gguf_file import SUPPORTED_ARCHS

    spec = catalog.spec(base)
    if spec.is_gguf:
        return True
    config = Path(spec.source) / "config.json"
    if not config.exists():
        return False
    try:
        archs = json.loads(config.read_text(encoding="utf-8")).get("architectures") or []
    except (OSError, ValueError):
        return False
    return any(a in SUPPORTED_ARCHS for a in archs)


@dataclass
class _Context:
    llm: Any
    n_ctx: int
    busy: bool = False
    used: float = field(default_factory=time.monotonic)
    threads: int = 0


class LlamaRuntime:
    """GGUF files and their llama.cpp contexts. Used only from the inference thread,
    except ``_convert``, which runs on its own thread."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.pools: dict[Path, list[_Context]] = {}
        self.tokenizers: dict[str, Any] = {}
        self.files: dict[str, Path] = {}  # model id -> its GGUF, once made
        self.making: dict[str, threading.Thread] = {}
        self.failed: dict[str, BaseException] = {}
        self._lock = threading.Lock()

    def tokenizer(self, base: str) -> Any:
        if base not in self.tokenizers:
            with IMPORT_LOCK:
                self.tokenizers[base] = self.catalog.load_tokenizer(base)
        return self.tokenizers[base]

    def source(self, base: str, adapter: str | None, model_id: str) -> Path | None:
        """The GGUF to serve, or None while it is being made (a thread makes it)."""
        if model_id in self.files:
            return self.files[model_id]
        spec = self.catalog.spec(base)
        path = Path(spec.source) if adapter is None and spec.is_gguf else cached_gguf(
            self.catalog, base, adapter, model_id)
        if path.exists():
            self.files[model_id] = path
            print(f"tunedesk engine: {model_id} is served by llama.cpp from {path.name}", file=sys.stderr,
                  flush=True)
            return path
        with self._lock:
            if model_id in self.failed:
                raise self.failed.pop(model_id)
            if model_id not in self.making:
                thread = threading.Thread(target=self._convert, args=(base, adapter, model_id),
                                          name=f"gguf {model_id}", daemon=True)
                self.making[model_id] = thread
                thread.start()
        return None

    def _convert(self, base: str, adapter: str | None, model_id: str) -> None:
        started = time.monotonic()
        try:
            path = make_gguf(self.catalog, base, adapter, model_id)
            print(f"tunedesk engine: made {path.name} for llama.cpp in {time.monotonic() - started:.1f} s",
                  file=sys.stderr, flush=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
            import traceback

            print(f"tunedesk engine: could not make a GGUF of {model_id} for llama.cpp:\n"
                  + "".join(traceback.format_exception(exc)), file=sys.stderr, flush=True)
            with self._lock:
                self.failed[model_id] = exc
        finally:
            with self._lock:
                self.making.pop(model_id, None)

    def acquire(self, path: Path, needed: int, limit: int, threads: int) -> _Context | None:
        """A free context of ``path`` with room for ``needed`` tokens, made if there is
        none; None when all of this model's contexts are busy."""
        pool = self.pools.setdefault(path, [])
        fits = [c for c in pool if not c.busy and c.n_ctx >= needed]
        if fits:
            ctx = max(fits, key=lambda c: c.used)
        else:
            if sum(c.busy for c in pool) >= MAX_CONTEXTS_PER_MODEL:
                return None
            free = [c for c in pool if not c.busy]
            if len(pool) >= MAX_CONTEXTS_PER_MODEL and free:
                pool.remove(min(free, key=lambda c: c.used))
            ctx = self._new(path, max(2048, 1 << (max(needed, 1) - 1).bit_length()), limit, threads)
            pool.append(ctx)
            self._evict(keep=path)
        ctx.busy = True
        ctx.used = time.monotonic()
        if ctx.threads != threads:
            _set_threads(ctx, threads)
        return ctx

    def release(self, ctx: _Context) -> None:
        ctx.busy = False
        ctx.used = time.monotonic()

    def _new(self, path: Path, n_ctx: int, limit: int, threads: int) -> _Context:
        import llama_cpp

        _keep_stderr()

        n_ctx = min(n_ctx, limit)
        llm = llama_cpp.Llama(str(path), n_ctx=n_ctx, n_batch=min(512, n_ctx), n_threads=threads,
                              n_threads_batch=threads, verbose=False)
        return _Context(llm, n_ctx, threads=threads)

    def _evict(self, keep: Path) -> None:
        while len(self.pools) > MAX_MODELS:
            idle = [(max((c.used for c in pool), default=0), p) for p, pool in self.pools.items()
                    if p != keep and not any(c.busy for c in pool)]
            if not idle:
                return
            _, path = min(idle)
            for ctx in self.pools.pop(path):
                ctx.llm.close()


class _NoSuppression:
    def __init__(self, *args: Any, **kw: Any) -> None:
        pass

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _keep_stderr() -> None:
    """llama-cpp-python, asked to be quiet, points the process's file descriptors 1 and 2
    at /dev/null while it loads a model: in the engine that silently swallowed what
    other threads printed meanwhile (errors included). Its log callback already drops
    llama.cpp's messages below ERROR when quiet, so the redirection is not needed."""
    import llama_cpp._internals
    import llama_cpp.llama

    llama_cpp.llama.suppress_stdout_stderr = _NoSuppression
    llama_cpp._internals.suppress_stdout_stderr = _NoSuppression


def _set_threads(ctx: _Context, threads: int) -> None:
    import llama_cpp

    try:
        llama_cpp.llama_set_n_threads(ctx.llm.ctx, threads, threads)
        ctx.threads = threads
    except Exception:  # noqa: BLE001 - an older binding: keep the threads it was made with
        ctx.threads = threads
