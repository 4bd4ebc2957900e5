"""Runs jobs one at a time, each in its own trainer process, so the server keeps
answering while a model trains and a cancel can stop a job at once."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from ..commands import trainer_command
from ..datasets import ReadError, Severity, check_file
from .store import TERMINAL, Store, now

CANCEL_GRACE = 2.0  # seconds between SIGTERM and SIGKILL


class Scheduler:
    def __init__(self, store: Store, model_cache: Path, extra_models: dict[str, str] | None = None) -> None:
        self.store = store
        self.model_cache = model_cache
        self.extra = extra_models or {}
        self.wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.proc: subprocess.Popen | None = None
        self.current: str | None = None
        self.thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self.on_success: Callable[[dict], None] = lambda job: None  # e.g. get the model ready to serve

    # -- life ------------------------------------------------------------------------
    def start(self) -> None:
        self.recover()
        self.thread.start()

    def stop(self) -> None:
        """Stop the loop and the trainer; a job cut off here resumes at the next start."""
        self._stop.set()
        self.wake.set()
        with self._lock:
            self._end_process()
        self.thread.join(timeout=10)

    def recover(self) -> None:
        """Jobs left running by a crash or a restart go on from the last state they saved
        (an epoch's checkpoint, or every few minutes within an epoch)."""
        for job in self.store.jobs_with_status("running"):
            msg = "The engine restarted while this job was training; it will go on from the last step it saved"
            self.store.update_job(job["id"], status="queued", pid=None, only_if_status=("running",))
            self.store.add_event(job["id"], msg, level="warn")

    # -- actions from the API --------------------------------------------------------
    def cancel(self, job_id: str) -> None:
        with self._lock:
            changed = self.store.update_job(job_id, status="cancelled", finished_at=now(), estimated_finish=None,
                                            only_if_status=("validating_files", "queued", "running"))
            if changed:
                self.store.add_event(job_id, "Fine-tuning job cancelled")
            if self.current == job_id:
                self._end_process()
        self.wake.set()

    # -- the loop --------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._tick()
            except Exception as exc:  # noqa: BLE001 - the loop must outlive one bad job
                print(f"scheduler: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            self.wake.wait(0.25)
            self.wake.clear()

    def _tick(self) -> None:
        with self._lock:
            if self.proc is not None:
                code = self.proc.poll()
                if code is not None:
                    self._finished(self.current, code)
                    self.proc, self.current = None, None
        for job in self.store.jobs_with_status("validating_files"):
            self._validate(job)
        if self._stop.is_set():
            return
        with self._lock:
            if self.proc is not None:
                return
            queued = self.store.jobs_with_status("queued")
            if queued:
                self._launch(queued[0])

    def _validate(self, job: dict) -> None:
        for key, label in (("training_file", "training"), ("validation_file", "validation")):
            fid = job.get(key)
            if not fid:
                continue
            if key == "training_file":
                self.store.add_event(job["id"], f"Validating training file: {fid}")
            try:
                problem = self._problem(fid, label)
            except Exception as exc:  # noqa: BLE001 - a file that breaks the check fails its job, not the queue
                problem = (f"The {label} file {fid} could not be checked ({type(exc).__name__}); "
                           "open it in TuneDesk to see what is wrong with it")
            if problem:
                if self.store.update_job(job["id"], status="failed", finished_at=now(),
                                         error={"code": f"invalid_{label}_file", "message": problem, "param": key},
                                         only_if_status=("validating_files",)):
                    self.store.add_event(job["id"], problem, level="error")
                return
        if self.store.update_job(job["id"], status="queued", only_if_status=("validating_files",)):
            self.store.add_event(job["id"], "Files validated, moving job to queued state")

    def _problem(self, file_id: str, label: str) -> str | None:
        path = self.store.file_path(file_id)
        try:
            report = check_file(path)
        except ReadError as exc:
            return f"The {label} file {file_id} cannot be read: {str(exc).split(': ', 1)[-1]}"
        errors = [d for d in report.diagnostics if d.severity is Severity.ERROR
                  and not (label == "validation" and d.code == "too_few_examples" and len(report.dataset))]
        if not errors:
            return None
        d = errors[0]
        where = ", ".join(x for x in (f"line {d.line}" if d.line else "", d.field or "") if x)
        more = f" ({len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        return f"The {label} file {file_id} is not valid: {where + ': ' if where else ''}{d.message} [{d.code}]{more}"

    def _launch(self, job: dict) -> None:
        job_dir = self.store.job_dir(job["id"])
        log = open(job_dir / "train.log", "ab")
        self.store.update_job(job["id"], status="running", attempts=job["attempts"] + 1)
        cmd = [*trainer_command(), str(self.store.dir), job["id"], str(self.model_cache),
               *(f"{k}={v}" for k, v in self.extra.items())]
        try:
            # stdin stays open for the trainer's life: when this process dies, the trainer sees EOF and stops.
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                                         cwd=str(Path(__file__).resolve().parents[2]))
        except OSError as exc:
            message = f"The training process could not start: {exc}"
            self.store.update_job(job["id"], status="failed", finished_at=now(),
                                  error={"code": "training_process_died", "message": message, "param": None})
            self.store.add_event(job["id"], message, level="error")
            return
        finally:
            log.close()
        self.current = job["id"]
        self.store.update_job(job["id"], pid=self.proc.pid)

    def _end_process(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(CANCEL_GRACE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def _finished(self, job_id: str | None, code: int) -> None:
        if job_id is None:
            return
        job = self.store.get_job(job_id)
        if job is not None and job["status"] == "succeeded" and job.get("fine_tuned_model") \
                and not self._stop.is_set():
            self.on_success(job)
        if job is None or job["status"] in TERMINAL or self._stop.is_set():
            return
        tail = ""
        log = self.store.job_dir(job_id) / "train.log"
        if log.exists():
            lines = log.read_text(errors="replace").strip().splitlines()
            tail = lines[-1] if lines else ""
        message = f"The training process stopped unexpectedly (exit code {code})" + (f": {tail}" if tail else "")
        if self.store.update_job(job_id, status="failed", finished_at=now(), estimated_finish=None,
                                 error={"code": "training_process_died", "message": message, "param": None},
                                 only_if_status=("running",)):
            self.store.add_event(job_id, message, level="error")
