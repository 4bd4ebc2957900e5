"""The HTTP API: OpenAI's shapes, built from the `openai` SDK's own types."""

from __future__ import annotations

import json
import secrets
import sys
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from openai.types import FileObject, Model
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai.types.fine_tuning.jobs import FineTuningJobCheckpoint
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import ids
from .catalog import Catalog
from .cpu import cores
from .errors import APIError, bad_request, not_found
from .gate import BODY_IDLE_SECONDS, BodyTimeout, BodyTooLarge, Gate
from .inference import Inference
from .requests import CreateJob, Hyperparameters, Method, validated
from .routes import files, inference, jobs, models
from .routes.common import dump
from .scheduler import Scheduler
from .store import TERMINAL, Store, now

ORGANIZATION = "org-personal"
DEFAULT_MAX_UPLOAD = 512 * 1024 * 1024


class SimulatedFailure(Exception):
    def __init__(self, status: int, wait: float | None) -> None:
        super().__init__(status)
        self.status, self.wait = status, wait


class Engine:
    def __init__(self, data_dir: Path, token: str, *, model_cache: Path, extra_models: dict[str, str] | None = None,
                 max_upload: int = DEFAULT_MAX_UPLOAD, memory_budget: int = 4 << 30,
                 serve: str | None = None) -> None:
        self.store = Store(data_dir)
        self.catalog = Catalog(model_cache, extra_models)
        self.scheduler = Scheduler(self.store, model_cache, extra_models)
        self.inference = Inference(self.catalog, self.store, memory_budget, serve)
        self.inference.threads = self._inference_threads
        self.scheduler.on_success = lambda job: self.inference.prepare(job["fine_tuned_model"])
        self.token = token
        self.max_upload = max_upload
        self.failures: dict[int, tuple[int, float | None]] = {}  # see simulate_failures
        self._generations = 0
        self._fail_lock = threading.Lock()

    def simulate_failures(self, spec: str) -> None:
        """Answer chosen generation requests with an error, as a cloud provider sometimes
        does, so a client's retrying can be tried against this engine: ``"3:429:1,7:500"``
        fails the 3rd generation request with 429 and Retry-After: 1, the 7th with 500."""
        for part in filter(None, (p.strip() for p in spec.split(","))):
            n, status, *wait = part.split(":")
            self.failures[int(n)] = (int(status), float(wait[0]) if wait else None)

    def maybe_fail(self) -> None:
        with self._fail_lock:
            self._generations += 1
            failure = self.failures.pop(self._generations, None)
        if failure is not None:
            status, wait = failure
            raise SimulatedFailure(status, wait)

    def _inference_threads(self) -> int:
        """All cores for a chat, but one while a trainer runs (it measures and takes the rest)."""
        return 1 if self.scheduler.proc is not None and self.scheduler.proc.poll() is None else cores()

    # -- objects ---------------------------------------------------------------------
    def file_obj(self, row: Any) -> dict[str, Any]:
        return dump(FileObject, {k: row[k] for k in ("id", "bytes", "created_at", "filename", "purpose", "status")}
                     | {"object": "file"})

    def job_obj(self, job: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._job_obj(job)
        except ValidationError:
            # A job stored by an older engine in a shape the SDK's type refuses (e.g. a
            # number in its metadata): show it without those fields rather than fail
            # every listing of the jobs.
            return self._job_obj({**job, "metadata": None, "hyperparameters": {}})

    def _job_obj(self, job: dict[str, Any]) -> dict[str, Any]:
        hp = job["hyperparameters"] or {}
        method = job["method"] or {"type": "supervised"}
        method = {**method, "supervised": {"hyperparameters": hp}} if method.get("type") == "supervised" else method
        return dump(FineTuningJob, {
            "id": job["id"], "object": "fine_tuning.job", "created_at": job["created_at"], "model": job["model"],
            "training_file": job["training_file"], "validation_file": job["validation_file"],
            "status": job["status"], "fine_tuned_model": job["fine_tuned_model"],
            "finished_at": job["finished_at"], "trained_tokens": job["trained_tokens"] if job["status"] == "succeeded" else None,
            "result_files": job["result_files"] or [], "hyperparameters": hp, "seed": job["seed"],
            "error": job["error"], "organization_id": ORGANIZATION,
            "estimated_finish": job["estimated_finish"] if job["status"] not in TERMINAL else None,
            "metadata": job["metadata"], "method": method, "integrations": [],
            # OpenAI's job objects carry this too, though the SDK's type does not name it.
            "user_provided_suffix": job["suffix"] or None,
        })

    @staticmethod
    def event_obj(row: Any) -> dict[str, Any]:
        return dump(FineTuningJobEvent, {
            "id": row["id"], "object": "fine_tuning.job.event", "created_at": row["created_at"],
            "level": row["level"], "message": row["message"], "type": row["type"],
            "data": json.loads(row["data"]) if row["data"] else {},
        })

    @staticmethod
    def checkpoint_obj(row: Any) -> dict[str, Any]:
        return dump(FineTuningJobCheckpoint, {
            "id": row["id"], "object": "fine_tuning.job.checkpoint", "created_at": row["created_at"],
            "fine_tuned_model_checkpoint": row["model"], "fine_tuning_job_id": row["job_id"],
            "step_number": row["step"], "metrics": json.loads(row["metrics"]),
        })

    def models(self) -> list[dict[str, Any]]:
        started = int(time.time())
        # "format" (chat | completion) is TuneDesk's own field: how the model was trained,
        # so a client knows to send a completion model a raw prompt
        out = [dump(Model, {"id": name, "object": "model", "created": started, "owned_by": "tunedesk",
                             "format": "chat"}) for name in self.catalog.names()]
        out += [dump(Model, {"id": r["id"], "object": "model", "created": r["created"], "owned_by": ids.OWNER,
                              "format": r["format"]}) for r in self.store.list_models()]
        return out

    # -- actions ---------------------------------------------------------------------
    def create_job(self, body: dict[str, Any]) -> dict[str, Any]:
        req: CreateJob = validated(CreateJob, body)
        model = req.model
        if model not in self.catalog.specs:
            raise bad_request(f"Model '{model}' cannot be fine-tuned here. Base models on this engine: "
                              f"{', '.join(self.catalog.names()) or 'none'}", "model", "model_not_available")
        for key, fid in (("training_file", req.training_file), ("validation_file", req.validation_file)):
            if fid:
                row = self.store.get_file(fid)
                if row is None:
                    raise bad_request(f"The {key.replace('_', ' ')} '{fid}' does not exist", key, "file_not_found")
                if row["purpose"] != "fine-tune":
                    raise bad_request(f"File '{fid}' was uploaded with purpose '{row['purpose']}', not 'fine-tune'",
                                      key, "invalid_file_purpose")
        method = req.method or Method()
        if method.type != "supervised":
            raise bad_request(f"The local engine does not support the '{method.type}' method yet; "
                              "use 'supervised'", "method.type", "unsupported_method")
        hp = (req.hyperparameters or Hyperparameters()).model_dump(include={"n_epochs", "batch_size",
                                                                            "learning_rate_multiplier"})
        if method.supervised and method.supervised.hyperparameters:
            hp.update(method.supervised.hyperparameters.model_dump(
                include={"n_epochs", "batch_size", "learning_rate_multiplier"}, exclude_unset=True))
        seed = req.seed if req.seed is not None else secrets.randbelow(2**31)
        job = {
            "id": ids.job_id(), "created_at": now(), "model": model, "training_file": req.training_file,
            "validation_file": req.validation_file, "status": "validating_files",
            "hyperparameters": hp, "seed": seed, "suffix": req.suffix, "metadata": req.metadata,
            "method": {"type": "supervised"}, "model_name": ids.fine_tuned_name(model, req.suffix),
        }
        self.store.add_job(job)
        self.store.add_event(job["id"], f"Created fine-tuning job: {job['id']}")
        self.scheduler.wake.set()
        return self.job_obj(self.store.get_job(job["id"]))

    def get_job(self, job_id: str) -> dict[str, Any]:
        job = self.store.get_job(job_id)
        if job is None:
            raise not_found("fine-tuning job", job_id, "fine_tuning_job_id")
        return job


def create_app(engine: Engine, on_ready: Any = None, *, loopback_only: bool = True,
               body_timeout: float = BODY_IDLE_SECONDS) -> Gate:
    """The engine's ASGI app behind its gate (token, Host, body size and pace)."""
    app = _routes(engine, on_ready)
    return Gate(app, token=engine.token, max_upload=engine.max_upload, loopback_only=loopback_only,
                idle_seconds=body_timeout)


def _routes(engine: Engine, on_ready: Any) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI):
        engine.scheduler.start()
        if on_ready is not None:
            on_ready()
        yield
        engine.scheduler.stop()

    app = FastAPI(title="TuneDesk engine", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    @app.exception_handler(SimulatedFailure)
    async def _simulated(_: Request, exc: SimulatedFailure) -> JSONResponse:
        kind = "rate_limit_exceeded" if exc.status == 429 else "server_error"
        body = APIError(exc.status, f"Simulated failure ({exc.status}), as asked with --simulate-failures",
                        type=kind).body()
        headers = {"retry-after": f"{exc.wait:g}"} if exc.wait is not None else {}
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.exception_handler(APIError)
    async def _api_error(_: Request, exc: APIError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers={"x-should-retry": "false"})

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        err = exc.errors()[0] if exc.errors() else {}
        param = ".".join(str(p) for p in err.get("loc", ())[1:]) or None
        body = bad_request(f"Invalid request: {param or 'body'}: {err.get('msg', 'invalid value')}", param).body()
        return JSONResponse(body, status_code=400, headers={"x-should-retry": "false"})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code if exc.status_code in (400, 401, 403, 404, 405) else 400
        body = APIError(status, str(exc.detail) if exc.status_code != 404 else "Unknown URL", code=None).body()
        return JSONResponse(body, status_code=status, headers={"x-should-retry": "false"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        import traceback

        # the client gets the kind of error only; the engine's log gets the whole traceback
        print(f"tunedesk engine: {request.method} {request.url.path} failed:\n"
              + "".join(traceback.format_exception(exc)), file=sys.stderr, flush=True)
        body = APIError(500, f"The engine hit an internal error: {type(exc).__name__}", type="server_error").body()
        return JSONResponse(body, status_code=500, headers={"x-should-retry": "false"})

    @app.exception_handler(BodyTooLarge)
    async def _too_large(_: Request, exc: BodyTooLarge) -> JSONResponse:
        body = APIError(413, "The request is larger than this engine's limit", code="file_too_large").body()
        return JSONResponse(body, status_code=413, headers={"x-should-retry": "false"})

    @app.exception_handler(BodyTimeout)
    async def _slow_body(_: Request, exc: BodyTimeout) -> JSONResponse:
        body = APIError(408, "The request body stopped arriving; send it again", code="request_timeout").body()
        return JSONResponse(body, status_code=408, headers={"x-should-retry": "false"})

    # The token is checked by the Gate before any body is read (core/engine/gate.py).
    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    for group in (files, jobs, models, inference):
        app.include_router(group.routes(engine))
    return app


