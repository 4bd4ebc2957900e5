"""The local engine as a child process of the app: started on first use on 127.0.0.1
with a fresh random token, restarted when it dies, stopped when the app quits.

The token goes to the child in its environment, not on the command line, so other
users of the computer cannot read it from the process list. The engine's own output is
appended to ``logs/engine.log``.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .. import paths
from ..commands import missing_engine_module, no_engine_message, tunedesk_command

READY = re.compile(r"TuneDesk engine listening on (http://\S+/v1)")
TOKEN_ENV = "TUNEDESK_ENGINE_TOKEN"


class EngineStartError(RuntimeError):
    pass


def engine_command() -> list[str]:
    return tunedesk_command("engine")


class LocalEngine:
    """Thread-safe: ``ensure()`` may be called from any worker; only one engine starts."""

    def __init__(self, extra_models: Callable[[], dict[str, str]] | None = None,
                 data_dir: Path | None = None, on_state: Callable[[str], None] | None = None,
                 start_timeout: float = 180) -> None:
        self.extra_models = extra_models or (dict)
        self.data_dir = data_dir
        self.on_state = on_state or (lambda state: None)
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen | None = None
        self.url: str | None = None
        self.token: str | None = None
        self.state = "stopped"  # stopped | starting | running | failed
        self.problem: str | None = None
        self.restarts = 0
        self._lock = threading.RLock()
        self._stopping = False
        self._closed = False

    # -- state -------------------------------------------------------------------------
    def _set(self, state: str, problem: str | None = None) -> None:
        self.state, self.problem = state, problem
        self.on_state(state)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and self.url is not None

    def died(self) -> bool:
        """True when the engine was running and has exited without being asked to."""
        return self.proc is not None and self.proc.poll() is not None and not self._stopping

    # -- start / stop ------------------------------------------------------------------
    def ensure(self) -> tuple[str, str]:
        """The engine's base URL and token, starting (or restarting) it first if needed."""
        with self._lock:
            if self._closed:
                raise EngineStartError("TuneDesk is closing; the local engine is stopped")
            if self.running:
                return self.url, self.token  # type: ignore[return-value]
            if self.proc is not None:  # it was running and died
                self.restarts += 1
                self.proc = None
            return self._start()

    def _start(self) -> tuple[str, str]:
        if missing_engine_module() is not None:  # the cloud-only download: say so, do not try
            self._set("failed", no_engine_message())
            raise EngineStartError(self.problem)
        self._stopping = False
        self.token = secrets.token_urlsafe(32)
        self.url = None
        self._set("starting")
        # The engine exits when our end of its stdin closes: even if the app is killed.
        cmd = [*engine_command(), "--exit-with-stdin"]
        if self.data_dir is not None:
            cmd += ["--data-dir", str(self.data_dir)]
        for name, path in sorted(self.extra_models().items()):
            cmd += ["--add-model", f"{name}={path}"]
        env = {**os.environ, TOKEN_ENV: self.token, "PYTHONUNBUFFERED": "1"}
        log_path = paths.logs_dir() / "engine.log"
        log = open(log_path, "a", encoding="utf-8", errors="replace")
        log.write(f"\n--- engine starting {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        log.flush()
        flags = subprocess.CREATE_NO_WINDOW if sys.platform == "win32" else 0
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, encoding="utf-8", errors="replace", env=env, creationflags=flags)
        except OSError as exc:
            log.close()
            self._set("failed", f"The local engine could not be started: {exc.strerror or exc}")
            raise EngineStartError(self.problem) from None
        self.proc = proc
        found = threading.Event()
        tail: list[str] = []

        def pump() -> None:
            with log:
                for line in proc.stdout:  # type: ignore[union-attr]
                    log.write(line)
                    log.flush()
                    if not found.is_set():
                        tail.append(line)
                        match = READY.search(line)
                        if match:
                            self.url = match.group(1)
                            found.set()
            found.set()

        threading.Thread(target=pump, name="engine-output", daemon=True).start()
        if not found.wait(self.start_timeout) or self.url is None:
            self._kill()
            last = "".join(tail[-5:]).strip() or "it printed nothing"
            self._set("failed", f"The local engine did not start: {last}")
            raise EngineStartError(self.problem)
        self._set("running")
        return self.url, self.token

    def _kill(self) -> None:
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            try:
                proc.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def close(self) -> None:
        """Stop for good: the app is quitting, and no worker may start it again."""
        self._closed = True
        self.stop()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._kill()
            self.proc = None
            self.url = None
            self._set("stopped")
