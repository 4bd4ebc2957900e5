"""The HTTP API: OpenAI's shapes, built from the `openai` SDK's own types."""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from openai.types import Completion, FileDeleted, FileObject, Model, ModelDeleted
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai.types.fine_tuning.jobs import FineTuningJobCheckpoint
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..datasets import ReadError
from ..datasets.readers import DatasetReader
from . import ids
from .catalog import Catalog
from .cpu import cores
from .errors import APIError, bad_request, not_found
from .gate import BODY_IDLE_SECONDS, BodyTimeout, BodyTooLarge, Gate
from .inference import Generation, Inference
from .requests import ChatRequest, CompletionRequest, CreateJob, Hyperparameters, Method, Sampling, parse_body, validated
from .scheduler import Scheduler
from .store import TERMINAL, Store, now

ORGANIZATION = "org-personal"
DEFAULT_MAX_UPLOAD = 512 * 1024 * 1024


def _dump(model_type: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Validate against the SDK's type, then dump: the shape matches by construction."""
    return model_type.model_validate(data).model_dump(mode="json")


def _page(items: list[dict[str, Any]], after: str | None, limit: int, *, ends: bool = False) -> dict[str, Any]:
    start = 0
    if after:
        for i, item in enumerate(items):
            if item["id"] == after:
                start = i + 1
                break
        else:
            start = len(items)
    data = items[start : start + limit]
    page: dict[str, Any] = {"object": "list", "data": data, "has_more": start + limit < len(items)}
    if ends:
        page["first_id"] = data[0]["id"] if data else None
        page["last_id"] = data[-1]["id"] if data else None
    return page


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
        return _dump(FileObject, {k: row[k] for k in ("id", "bytes", "created_at", "filename", "purpose", "status")}
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
        return _dump(FineTuningJob, {
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
        return _dump(FineTuningJobEvent, {
            "id": row["id"], "object": "fine_tuning.job.event", "created_at": row["created_at"],
            "level": row["level"], "message": row["message"], "type": row["type"],
            "data": json.loads(row["data"]) if row["data"] else {},
        })

    @staticmethod
    def checkpoint_obj(row: Any) -> dict[str, Any]:
        return _dump(FineTuningJobCheckpoint, {
            "id": row["id"], "object": "fine_tuning.job.checkpoint", "created_at": row["created_at"],
            "fine_tuned_model_checkpoint": row["model"], "fine_tuning_job_id": row["job_id"],
            "step_number": row["step"], "metrics": json.loads(row["metrics"]),
        })

    def models(self) -> list[dict[str, Any]]:
        started = int(time.time())
        # "format" (chat | completion) is TuneDesk's own field: how the model was trained,
        # so a client knows to send a completion model a raw prompt
        out = [_dump(Model, {"id": name, "object": "model", "created": started, "owned_by": "tunedesk",
                             "format": "chat"}) for name in self.catalog.names()]
        out += [_dump(Model, {"id": r["id"], "object": "model", "created": r["created"], "owned_by": ids.OWNER,
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


def _int(value: Any, default: int, name: str, low: int = 1, high: int = 10_000) -> int:
    if value is None:
        return default
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise bad_request(f"'{name}' must be a whole number", name) from None
    if not low <= n <= high:
        raise bad_request(f"'{name}' must be between {low} and {high}", name)
    return n


def _sampling(req: Sampling) -> dict[str, Any]:
    stop = req.stop
    max_tokens = req.max_completion_tokens if req.max_completion_tokens is not None else req.max_tokens
    return {"temperature": 1.0 if req.temperature is None else req.temperature,
            "top_p": 1.0 if req.top_p is None else req.top_p, "seed": req.seed, "max_tokens": max_tokens,
            "stop": [] if stop is None else [stop] if isinstance(stop, str) else list(stop)}


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

    # -- files -----------------------------------------------------------------------
    @app.post("/v1/files")
    def upload(request: Request, file: UploadFile = File(...), purpose: str = Form(...)) -> dict[str, Any]:
        if purpose != "fine-tune":
            raise bad_request(f"Purpose '{purpose}' is not supported here; upload training data with purpose "
                              "'fine-tune'", "purpose", "invalid_purpose")
        fid = ids.file_id()
        path = engine.store.file_path(fid)
        size = 0
        try:
            with open(path, "wb") as out:
                while chunk := file.file.read(1 << 20):
                    size += len(chunk)
                    if size > engine.max_upload:
                        raise bad_request(f"The file is larger than this engine's limit of "
                                          f"{engine.max_upload:,} bytes", "file", "file_too_large")
                    out.write(chunk)
            if size == 0:
                raise bad_request("The file is empty", "file", "empty_file")
            try:
                DatasetReader(path)
            except ReadError as exc:
                raise bad_request(f"'{file.filename}' {str(exc).split(': ', 1)[-1]}", "file", "invalid_file") from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return engine.file_obj(engine.store.add_file(fid, file.filename or "upload.jsonl", purpose, size))

    @app.get("/v1/files")
    def list_files(purpose: str | None = None, after: str | None = None, limit: int = 10000,
                   order: str = "desc") -> dict[str, Any]:
        rows = [engine.file_obj(r) for r in engine.store.list_files(purpose)]
        if order == "asc":
            rows.reverse()
        return _page(rows, after, _int(limit, 10000, "limit", 1, 10000), ends=True)

    def _file(file_id: str) -> Any:
        row = engine.store.get_file(file_id)
        if row is None:
            raise not_found("file", file_id, "file_id")
        return row

    @app.get("/v1/files/{file_id}")
    def get_file(file_id: str) -> dict[str, Any]:
        return engine.file_obj(_file(file_id))

    @app.get("/v1/files/{file_id}/content")
    def file_content(file_id: str) -> Response:
        row = _file(file_id)
        media = "text/csv" if row["purpose"] == "fine-tune-results" else "application/octet-stream"
        # A file response answers Range requests (206), so an interrupted download resumes.
        return FileResponse(row["path"], media_type=media)

    @app.delete("/v1/files/{file_id}")
    def delete_file(file_id: str) -> dict[str, Any]:
        _file(file_id)
        engine.store.delete_file(file_id)
        return _dump(FileDeleted, {"id": file_id, "object": "file", "deleted": True})

    # -- fine-tuning jobs ------------------------------------------------------------
    @app.post("/v1/fine_tuning/jobs")
    async def create_job(request: Request) -> dict[str, Any]:
        return engine.create_job(parse_body(await request.body()))

    @app.get("/v1/fine_tuning/jobs")
    def list_jobs(after: str | None = None, limit: int = 20) -> dict[str, Any]:
        return _page([engine.job_obj(j) for j in engine.store.list_jobs()], after, _int(limit, 20, "limit", 1, 100))

    @app.get("/v1/fine_tuning/jobs/{job_id}")
    def get_job(job_id: str) -> dict[str, Any]:
        return engine.job_obj(engine.get_job(job_id))

    @app.post("/v1/fine_tuning/jobs/{job_id}/cancel")
    def cancel_job(job_id: str) -> dict[str, Any]:
        job = engine.get_job(job_id)
        if job["status"] in TERMINAL:
            raise bad_request(f"The job is already {job['status']} and cannot be cancelled", "fine_tuning_job_id",
                              "job_not_cancellable")
        engine.scheduler.cancel(job_id)
        return engine.job_obj(engine.get_job(job_id))

    @app.get("/v1/fine_tuning/jobs/{job_id}/events")
    def job_events(job_id: str, after: str | None = None, limit: int = 20) -> dict[str, Any]:
        engine.get_job(job_id)
        events = [engine.event_obj(r) for r in engine.store.list_events(job_id)]
        return _page(events, after, _int(limit, 20, "limit", 1, 10000))

    @app.get("/v1/fine_tuning/jobs/{job_id}/checkpoints")
    def job_checkpoints(job_id: str, after: str | None = None, limit: int = 10) -> dict[str, Any]:
        engine.get_job(job_id)
        rows = [engine.checkpoint_obj(r) for r in engine.store.list_checkpoints(job_id)]
        return _page(rows, after, _int(limit, 10, "limit", 1, 1000), ends=True)

    # -- models ----------------------------------------------------------------------
    @app.get("/v1/models")
    def list_models() -> dict[str, Any]:
        return {"object": "list", "data": engine.models()}

    @app.get("/v1/models/{model_id:path}")
    def get_model(model_id: str) -> dict[str, Any]:
        for m in engine.models():
            if m["id"] == model_id:
                return m
        raise not_found("model", model_id, "model")

    @app.delete("/v1/models/{model_id:path}")
    def delete_model(model_id: str) -> dict[str, Any]:
        row = engine.store.get_model(model_id)
        if row is None:
            if model_id in engine.catalog.specs:
                raise APIError(403, f"'{model_id}' is a base model; only fine-tuned models can be deleted",
                               type="invalid_request_error", param="model", code="model_not_deletable")
            raise not_found("model", model_id, "model")
        engine.store.delete_model(model_id)
        if row["kind"] == "fine-tuned":
            shutil.rmtree(row["adapter"], ignore_errors=True)
        return _dump(ModelDeleted, {"id": model_id, "object": "model", "deleted": True})

    # -- generation ------------------------------------------------------------------
    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        body = parse_body(await request.body())
        engine.maybe_fail()
        req: ChatRequest = validated(ChatRequest, body)
        messages = body["messages"]
        model_id = req.model
        target = engine.inference.target(model_id)
        params = _sampling(req)
        created, cid = now(), f"chatcmpl-{secrets.token_hex(12)}"
        info = Generation(top_logprobs=(req.top_logprobs or 0) if req.logprobs else None)
        if req.top_logprobs and not req.logprobs:
            raise bad_request("top_logprobs needs logprobs: true", param="top_logprobs")
        if req.stream and req.logprobs:
            raise bad_request("This engine gives logprobs without streaming; leave stream off to get them",
                              param="logprobs")
        if req.stream:
            include_usage = bool(req.stream_options and req.stream_options.include_usage)
            return _stream_chat(engine, target, messages, params, info, cid, created, model_id, include_usage)
        from starlette.concurrency import run_in_threadpool

        text = await run_in_threadpool(lambda: "".join(engine.inference.generate(
            target, None, messages=messages, info=info, **params)))
        return _dump(ChatCompletion, {
            "id": cid, "object": "chat.completion", "created": created, "model": model_id,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                         "finish_reason": info.finish_reason, "logprobs": _chat_logprobs(info)}],
            "usage": _usage(info),
        })

    @app.post("/v1/completions")
    async def completions(request: Request) -> Any:
        req: CompletionRequest = validated(CompletionRequest, parse_body(await request.body()))
        engine.maybe_fail()
        prompt = req.prompt if isinstance(req.prompt, str) else req.prompt[0]
        model_id = req.model
        target = engine.inference.target(model_id)
        params = _sampling(req)
        if params["max_tokens"] is None:
            params["max_tokens"] = 16  # the legacy endpoint's default
        created, cid = now(), f"cmpl-{secrets.token_hex(12)}"
        info = Generation(top_logprobs=req.logprobs)
        if req.stream and req.logprobs is not None:
            raise bad_request("This engine gives logprobs without streaming; leave stream off to get them",
                              param="logprobs")
        if req.stream:
            include_usage = bool(req.stream_options and req.stream_options.include_usage)
            return _stream_completion(engine, target, prompt, params, info, cid, created, model_id, include_usage)
        from starlette.concurrency import run_in_threadpool

        text = await run_in_threadpool(lambda: "".join(engine.inference.generate(
            target, None, text=prompt, info=info, **params)))
        return _dump(Completion, {
            "id": cid, "object": "text_completion", "created": created, "model": model_id,
            "choices": [{"text": text, "index": 0, "logprobs": _completion_logprobs(info),
                         "finish_reason": info.finish_reason}],
            "usage": _usage(info),
        })

    return app


def _chat_logprobs(info: Generation) -> dict[str, Any] | None:
    if info.top_logprobs is None:
        return None

    def one(text: str, logprob: float) -> dict[str, Any]:
        return {"token": text, "logprob": logprob, "bytes": list(text.encode("utf-8"))}

    return {"content": [{**one(text, lp), "top_logprobs": [one(t, v) for t, v in top]}
                        for text, lp, top in info.logprobs], "refusal": None}


def _completion_logprobs(info: Generation) -> dict[str, Any] | None:
    if info.top_logprobs is None:
        return None
    offsets, at = [], 0
    for text, _lp, _top in info.logprobs:
        offsets.append(at)
        at += len(text)
    return {"tokens": [t for t, _lp, _top in info.logprobs], "token_logprobs": [lp for _t, lp, _top in info.logprobs],
            "top_logprobs": [dict(top) for _t, _lp, top in info.logprobs] if info.top_logprobs else None,
            "text_offset": offsets}


def _usage(info: Generation) -> dict[str, int]:
    return {"prompt_tokens": info.prompt_tokens, "completion_tokens": info.completion_tokens,
            "total_tokens": info.prompt_tokens + info.completion_tokens}


def _sse(obj: dict[str, Any]) -> str:
    return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n"


def _stream(gen_text: Iterator[str], chunk: Any, finish: Any, usage: Any) -> StreamingResponse:
    cancelled = threading.Event()

    def events() -> Iterator[str]:
        try:
            yield from chunk(None)
            for delta in gen_text:
                yield _sse(chunk(delta))
            yield _sse(finish())
            u = usage()
            if u is not None:
                yield _sse(u)
            yield "data: [DONE]\n\n"
        except Exception as exc:  # the response has started: report in-band, OpenAI style
            err = exc.body() if isinstance(exc, APIError) else {"error": {"message": str(exc), "type": "server_error",
                                                                          "param": None, "code": None}}
            yield _sse(err)
        finally:
            cancelled.set()
            close = getattr(gen_text, "close", None)
            if close:
                close()

    return StreamingResponse(events(), media_type="text/event-stream", headers={"cache-control": "no-cache"})


def _stream_chat(engine: Engine, target: Any, messages: list, params: dict, info: Generation, cid: str,
                 created: int, model_id: str, include_usage: bool) -> StreamingResponse:
    def chunk_obj(choices: list, usage: dict | None = None) -> dict[str, Any]:
        return _dump(ChatCompletionChunk, {"id": cid, "object": "chat.completion.chunk", "created": created,
                                           "model": model_id, "choices": choices, "usage": usage})

    def chunk(delta: str | None) -> Any:
        if delta is None:  # the opening role delta
            return iter([_sse(chunk_obj([{"index": 0, "delta": {"role": "assistant", "content": ""},
                                          "finish_reason": None, "logprobs": None}]))])
        return chunk_obj([{"index": 0, "delta": {"content": delta}, "finish_reason": None, "logprobs": None}])

    return _stream(
        engine.inference.generate(target, None, messages=messages, info=info, **params),
        chunk,
        lambda: chunk_obj([{"index": 0, "delta": {}, "finish_reason": info.finish_reason, "logprobs": None}]),
        lambda: chunk_obj([], _usage(info)) if include_usage else None,
    )


def _stream_completion(engine: Engine, target: Any, prompt: str, params: dict, info: Generation, cid: str,
                       created: int, model_id: str, include_usage: bool = False) -> StreamingResponse:
    def obj(text: str, finish: str | None) -> dict[str, Any]:
        data = {"id": cid, "object": "text_completion", "created": created, "model": model_id,
                "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": finish}]}
        # The SDK's type has no null finish_reason, yet the stream carries one until the end.
        return data if finish is None else _dump(Completion, data)

    return _stream(
        engine.inference.generate(target, None, text=prompt, info=info, **params),
        lambda delta: iter([]) if delta is None else obj(delta, None),
        lambda: obj("", info.finish_reason),
        lambda: {"id": cid, "object": "text_completion", "created": created, "model": model_id, "choices": [],
                 "usage": _usage(info)} if include_usage else None,
    )
