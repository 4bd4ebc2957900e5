"""Generation: chat completions and legacy completions, whole or streamed (SSE), with
logprobs. A stream whose generation fails before its first piece answers with an HTTP
error, as a non-streamed request would; one that fails later reports in-band."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from openai.types import Completion
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from starlette.concurrency import run_in_threadpool

from ..errors import APIError, bad_request
from ..inference import Generation
from ..requests import ChatRequest, CompletionRequest, Sampling, parse_body, validated
from ..store import now
from .common import dump


def sampling(req: Sampling) -> dict[str, Any]:
    stop = req.stop
    max_tokens = req.max_completion_tokens if req.max_completion_tokens is not None else req.max_tokens
    return {"temperature": 1.0 if req.temperature is None else req.temperature,
            "top_p": 1.0 if req.top_p is None else req.top_p, "seed": req.seed, "max_tokens": max_tokens,
            "stop": [] if stop is None else [stop] if isinstance(stop, str) else list(stop)}



def routes(engine: Any) -> APIRouter:
    router = APIRouter()

    # -- generation ------------------------------------------------------------------
    @router.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        body = parse_body(await request.body())
        engine.maybe_fail()
        req: ChatRequest = validated(ChatRequest, body)
        messages = body["messages"]
        model_id = req.model
        target = engine.inference.target(model_id)
        params = sampling(req)
        created, cid = now(), f"chatcmpl-{secrets.token_hex(12)}"
        info = Generation(top_logprobs=(req.top_logprobs or 0) if req.logprobs else None)
        if req.top_logprobs and not req.logprobs:
            raise bad_request("top_logprobs needs logprobs: true", param="top_logprobs")
        if req.stream and req.logprobs:
            raise bad_request("This engine gives logprobs without streaming; leave stream off to get them",
                              param="logprobs")
        if req.stream:
            include_usage = bool(req.stream_options and req.stream_options.include_usage)
            gen = engine.inference.generate(target, None, messages=messages, info=info, **params)
            return _stream_chat(gen, await _prime(gen), info, cid, created, model_id, include_usage)

        text = await run_in_threadpool(lambda: "".join(engine.inference.generate(
            target, None, messages=messages, info=info, **params)))
        return dump(ChatCompletion, {
            "id": cid, "object": "chat.completion", "created": created, "model": model_id,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                         "finish_reason": info.finish_reason, "logprobs": _chat_logprobs(info)}],
            "usage": _usage(info),
        })

    @router.post("/v1/completions")
    async def completions(request: Request) -> Any:
        req: CompletionRequest = validated(CompletionRequest, parse_body(await request.body()))
        engine.maybe_fail()
        prompt = req.prompt if isinstance(req.prompt, str) else req.prompt[0]
        model_id = req.model
        target = engine.inference.target(model_id)
        params = sampling(req)
        if params["max_tokens"] is None:
            params["max_tokens"] = 16  # the legacy endpoint's default
        created, cid = now(), f"cmpl-{secrets.token_hex(12)}"
        info = Generation(top_logprobs=req.logprobs)
        if req.stream and req.logprobs is not None:
            raise bad_request("This engine gives logprobs without streaming; leave stream off to get them",
                              param="logprobs")
        if req.stream:
            include_usage = bool(req.stream_options and req.stream_options.include_usage)
            gen = engine.inference.generate(target, None, text=prompt, info=info, **params)
            return _stream_completion(gen, await _prime(gen), info, cid, created, model_id, include_usage)

        text = await run_in_threadpool(lambda: "".join(engine.inference.generate(
            target, None, text=prompt, info=info, **params)))
        return dump(Completion, {
            "id": cid, "object": "text_completion", "created": created, "model": model_id,
            "choices": [{"text": text, "index": 0, "logprobs": _completion_logprobs(info),
                         "finish_reason": info.finish_reason}],
            "usage": _usage(info),
        })

    return router


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


_END = object()


async def _prime(gen: Iterator[str]) -> Any:
    """The generation's first piece (or ``_END``), before any byte of the response: a
    failure now (a prompt longer than the context, a model that will not load) becomes
    the HTTP error a client's ``create(stream=True)`` raises, not a 200 with the error in
    the stream."""
    try:
        return await run_in_threadpool(next, gen, _END)
    except BaseException:
        close = getattr(gen, "close", None)
        if close:
            close()
        raise


def _stream(gen_text: Iterator[str], first: Any, chunk: Any, finish: Any, usage: Any) -> StreamingResponse:
    cancelled = threading.Event()

    def pieces() -> Iterator[str]:
        if first is not _END:
            yield first
            yield from gen_text

    def events() -> Iterator[str]:
        try:
            yield from chunk(None)
            for delta in pieces():
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


def _stream_chat(gen: Iterator[str], first: Any, info: Generation, cid: str, created: int, model_id: str,
                 include_usage: bool) -> StreamingResponse:
    def chunk_obj(choices: list, usage: dict | None = None) -> dict[str, Any]:
        return dump(ChatCompletionChunk, {"id": cid, "object": "chat.completion.chunk", "created": created,
                                           "model": model_id, "choices": choices, "usage": usage})

    def chunk(delta: str | None) -> Any:
        if delta is None:  # the opening role delta
            return iter([_sse(chunk_obj([{"index": 0, "delta": {"role": "assistant", "content": ""},
                                          "finish_reason": None, "logprobs": None}]))])
        return chunk_obj([{"index": 0, "delta": {"content": delta}, "finish_reason": None, "logprobs": None}])

    return _stream(
        gen, first,
        chunk,
        lambda: chunk_obj([{"index": 0, "delta": {}, "finish_reason": info.finish_reason, "logprobs": None}]),
        lambda: chunk_obj([], _usage(info)) if include_usage else None,
    )


def _stream_completion(gen: Iterator[str], first: Any, info: Generation, cid: str, created: int, model_id: str,
                       include_usage: bool = False) -> StreamingResponse:
    def obj(text: str, finish: str | None) -> dict[str, Any]:
        data = {"id": cid, "object": "text_completion", "created": created, "model": model_id,
                "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": finish}]}
        # The SDK's type has no null finish_reason, yet the stream carries one until the end.
        return data if finish is None else dump(Completion, data)

    return _stream(
        gen, first,
        lambda delta: iter([]) if delta is None else obj(delta, None),
        lambda: obj("", info.finish_reason),
        lambda: {"id": cid, "object": "text_completion", "created": created, "model": model_id, "choices": [],
                 "usage": _usage(info)} if include_usage else None,
    )
