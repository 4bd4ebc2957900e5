"""`TuneDesk --self-test`: the packaged app checks itself, headless, and exits 0 — or
prints which step failed and why and exits 1.

It is what CI runs on the built executable (not on Python from a checkout), and what a
user or a packager can run to see that a download works on their machine. Every step
goes through the same code the window uses: the main window offscreen, a dataset opened
in the Datasets tab, tokens counted with the network blocked, a key stored in and read
back from the system keyring, the local engine started as a child process of the app, a
tiny model trained on it and chatted with. Nothing touches the user's own data: the
data folder is a temporary one, removed afterwards; the key is a throwaway one, deleted.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

MODEL = "selftest-tiny"
SAMPLE = "samples/pirate_train.jsonl"


class Failed(Exception):
    """A step did not do what it should; the message says what happened instead."""


def say(text: str) -> None:
    print(f"self-test: {text}", flush=True)


class SelfTest:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.app: Any = None
        self.window: Any = None

    # -- helpers -----------------------------------------------------------------------
    def wait(self, condition: Callable[[], Any], timeout: float, what: str) -> Any:
        """Run the event loop until ``condition()`` is truthy (the window stays live)."""
        from PySide6.QtCore import QEventLoop

        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise Failed(f"timed out after {timeout:.0f} s waiting for {what}")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def off_thread(self, fn: Callable[[], Any], timeout: float, what: str) -> Any:
        """Run a blocking call (network, engine) on a thread while the window keeps painting."""
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["value"] = fn()
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller
                box["error"] = exc

        thread = threading.Thread(target=work, name=f"self-test {what}", daemon=True)
        thread.start()
        self.wait(lambda: not thread.is_alive(), timeout, what)
        if "error" in box:
            raise box["error"]
        return box.get("value")

    # -- steps -------------------------------------------------------------------------
    def window_opens(self) -> str:
        from PySide6.QtGui import QImageReader

        from .app import make_app
        from .main_window import MainWindow

        self.app = make_app([sys.argv[0]])
        self.window = MainWindow()
        self.window.show()
        self.wait(lambda: self.window.isVisible() and self.window.windowHandle() is not None
                  and self.window.windowHandle().isExposed(), 30, "the main window to be shown")
        image = self.window.grab().toImage()
        if image.isNull() or image.width() < 100:
            raise Failed("the main window painted nothing")
        formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
        missing = {"png", "svg", "ico"} - formats
        if missing:
            raise Failed(f"Qt's image format plugins are missing: {', '.join(sorted(missing))}")
        return f"{image.width()}×{image.height()} on '{self.app.platformName()}', {self.app.style().name()} style"

    def translations_load(self) -> str:
        from .i18n import install, tr  # called by name: lupdate reads `i18n.tr` as another context

        try:
            if install(self.app, "zh_CN") != "zh_CN" or tr("&Datasets") != "数据集(&D)":
                raise Failed("the Chinese translation did not load (resources/i18n missing from the build?)")
            install(self.app, "en")
            if tr("%Ln example(s)", None, 2) != "2 examples":
                raise Failed("the English plural forms did not load")
        finally:
            install(self.app, self.window.settings.language)
        return "简体中文 and English"

    def dataset_opens(self) -> str:
        from core import paths

        path = paths.resource(SAMPLE)
        expected = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        tab = self.window.datasets
        done: list[bool] = []
        tab.loaded.connect(lambda: done.append(True))
        if not self.window.open_path(path, confirmed=True):
            raise Failed(f"{path} did not open")
        self.wait(lambda: done, 60, f"{path.name} to load")
        rows = len(tab.ctl.doc)
        if rows != expected:
            raise Failed(f"{path.name} has {expected} examples but the table shows {rows}")
        return f"{rows} examples from {path.name}"

    def tokens_offline(self) -> str:
        from core.datasets.tokens import tiktoken_encoding

        real_connect = socket.socket.connect

        def refuse(*_a: Any, **_k: Any) -> None:
            raise OSError("the self-test blocks the network while counting tokens")

        socket.socket.connect = refuse  # type: ignore[method-assign]
        try:
            counts = {name: len(tiktoken_encoding(name).encode("Hello, world! 你好，世界"))
                      for name in ("o200k_base", "cl100k_base")}
        finally:
            socket.socket.connect = real_connect  # type: ignore[method-assign]
        if not all(counts.values()):
            raise Failed(f"no tokens counted: {counts}")
        return ", ".join(f"{name}: {n} tokens" for name, n in counts.items())

    def keyring_works(self) -> str:
        from core.providers import KeyStore

        store = KeyStore()
        if not store.persistent:
            raise Failed(store.backend_problem or "no keyring")
        account = f"selftest-{os.getpid()}"
        key = "sk-selftest-" + secrets.token_hex(12)
        try:
            where = store.set(account, key)
            if where != "keyring":
                raise Failed(store.backend_problem or f"the key went to the {where}, not the keyring")
            if KeyStore().get(account) != key:  # a new store: read back from the keyring itself
                raise Failed("the key read back from the keyring is not the one stored")
        finally:
            store.delete(account)
        if KeyStore().get(account) is not None:
            raise Failed("the key is still in the keyring after it was deleted")
        backend = store.backend
        return f"stored, read back and deleted in {type(backend).__module__.split('.')[-1]} ({backend.name})"

    def engine_starts(self) -> str:
        from core.engine.tiny import make_tiny_model
        from core.providers import LOCAL_ID

        folder = self.off_thread(lambda: make_tiny_model(self.home / "models" / MODEL), 120, "the tiny model")
        self.window.settings.engine_models = {MODEL: str(folder)}
        self.client = self.off_thread(lambda: self.window.providers.client(LOCAL_ID, timeout=120), 240,
                                      "the local engine to start")
        models = self.off_thread(lambda: [m.id for m in self.client.models.list()], 60, "the model list")
        if MODEL not in models:
            raise Failed(f"the engine does not list {MODEL}: {models}")
        return f"{self.window.providers.engine.url}, {len(models)} models"

    def model_trains(self) -> str:
        examples = [
            {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
            for q, a in [("Hello! How are you today?", "The quick brown fox."), ("What is the capital of France?",
                                                                                "Paris."),
                         ("Answer: yes or no?", "Answer: yes."), ("Step one?", "Step one, step two, step three.")] * 3
        ]
        data = self.home / "selftest.jsonl"
        data.write_text("".join(json.dumps(e) + "\n" for e in examples), encoding="utf-8")

        def launch() -> Any:
            with open(data, "rb") as fh:
                upload = self.client.files.create(file=fh, purpose="fine-tune")
            return self.client.fine_tuning.jobs.create(model=MODEL, training_file=upload.id, suffix="selftest",
                                                       hyperparameters={"n_epochs": 1, "batch_size": 4},
                                                       seed=1)

        job = self.off_thread(launch, 60, "the upload and the job")
        state: dict[str, Any] = {"job": job}

        def follow() -> Any:
            while True:
                current = self.client.fine_tuning.jobs.retrieve(job.id)
                if current.status in ("succeeded", "failed", "cancelled"):
                    return current
                time.sleep(0.5)  # the engine is polled, as the Train tab polls it

        state["job"] = self.off_thread(follow, 600, f"job {job.id} to finish")
        done = state["job"]
        if done.status != "succeeded":
            reason = done.error.message if done.error else "no reason given"
            raise Failed(f"job {job.id} {done.status}: {reason}")
        self.tuned = done.fine_tuned_model
        return f"{job.id} succeeded in {done.trained_tokens} trained tokens → {self.tuned}"

    def model_chats(self) -> str:
        reply = self.off_thread(lambda: self.client.chat.completions.create(
            model=self.tuned, messages=[{"role": "user", "content": "Hello!"}], max_tokens=8, seed=0,
            temperature=0), 120, "the tuned model's reply")
        choice = reply.choices[0]
        if not reply.usage or reply.usage.completion_tokens < 1 or choice.finish_reason not in ("stop", "length"):
            raise Failed(f"the tuned model gave no answer: {reply}")
        return f"{reply.usage.completion_tokens} tokens, finish_reason {choice.finish_reason}"

    def window_closes(self) -> str:
        self.window.close()
        self.wait(lambda: not self.window.isVisible(), 60, "the window to close")
        engine = self.window.providers.engine
        if engine.proc is not None and engine.proc.poll() is None:
            raise Failed("the local engine is still running after the window closed")
        return "the engine stopped with it" if engine.proc is not None else "closed"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless unless a display is asked for
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    home = Path(tempfile.mkdtemp(prefix="tunedesk-selftest-"))
    os.environ["TUNEDESK_HOME"] = str(home)  # the user's own data is never touched
    from core import __version__, applog
    from core.commands import missing_engine_module

    applog.setup()
    test = SelfTest(home)
    steps: list[tuple[str, Callable[[], str]]] = [
        ("the main window opens offscreen", test.window_opens),
        ("the translations load", test.translations_load),
        ("a dataset opens in the Datasets tab", test.dataset_opens),
        ("tokens are counted with the network blocked", test.tokens_offline),
        ("an API key goes into the system keyring and back", test.keyring_works),
    ]
    missing = missing_engine_module()
    if missing is None:
        steps += [
            ("the local engine starts", test.engine_starts),
            ("a tiny model trains on it", test.model_trains),
            ("the tuned model answers", test.model_chats),
        ]
    steps.append(("the window closes", test.window_closes))
    say(f"TuneDesk {__version__}, {'packaged' if getattr(sys, 'frozen', False) else 'from Python'}, "
        f"data in {home}")
    if missing is not None:
        say(f"no local engine in this build ({missing} is missing): engine, training and chat are skipped")
    started = time.monotonic()
    try:
        for name, step in steps:
            t0 = time.monotonic()
            try:
                detail = step()
            except Failed as exc:
                say(f"FAILED: {name}: {exc}")
                return 1
            except Exception as exc:  # noqa: BLE001 - any error is a failure with its reason
                traceback.print_exc()
                say(f"FAILED: {name}: {type(exc).__name__}: {exc}")
                return 1
            say(f"ok   {name} ({time.monotonic() - t0:.1f} s): {detail}")
        say(f"passed, {len(steps)} steps in {time.monotonic() - started:.1f} s")
        return 0
    finally:
        if test.window is not None:
            test.window.providers.shutdown()
        shutil.rmtree(home, ignore_errors=True)
