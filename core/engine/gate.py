"""The engine's front door: checks that need nothing but the request's head run before a
byte of its body is read.

- The bearer token, so a stranger cannot make the engine spool 500 MB to disk.
- The Host header while the engine listens on this computer only: a web page that
  rebinds its own name to 127.0.0.1 (DNS rebinding) is refused.
- The declared size against the limit, and the size actually received, so a body
  without a Content-Length cannot run past it either.
- A body that stops arriving (shorter than its Content-Length) is given up after a
  while instead of holding a connection for ever.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from .errors import APIError

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

BODY_IDLE_SECONDS = 30.0
JSON_BODY_LIMIT = 32 * 1024 * 1024  # requests other than uploads
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")


class BodyTimeout(Exception):
    pass


class BodyTooLarge(Exception):
    pass


def _error(status: int, message: str, code: str | None) -> tuple[int, bytes]:
    return status, json.dumps(APIError(status, message, code=code).body()).encode()


class Gate:
    def __init__(self, app: Any, *, token: str, max_upload: int, loopback_only: bool,
                 idle_seconds: float = BODY_IDLE_SECONDS) -> None:
        self.app = app
        self.token = token.encode()
        self.max_upload = max_upload
        self.loopback_only = loopback_only
        self.idle = idle_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refused = self._refuse(scope, headers)
        if refused is not None:
            await self._respond(send, *refused)
            return
        limit = self.max_upload + (1 << 20) if scope["path"] == "/v1/files" else JSON_BODY_LIMIT
        received = 0
        body_done = False

        async def guarded_receive() -> dict[str, Any]:
            nonlocal received, body_done
            if body_done:  # after the body, receive() waits for a disconnect: no time limit there
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.idle)
            except TimeoutError:
                raise BodyTimeout from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
                body_done = not message.get("more_body", False)
            return message

        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, tracking_send)
        except BodyTimeout:
            if not started:
                await self._respond(send, *_error(408, f"The request body stopped arriving for {self.idle:.0f} s; "
                                                       "send it again", "request_timeout"))
        except BodyTooLarge:
            if not started:
                await self._respond(send, *self._too_large(limit))

    def _too_large(self, limit: int) -> tuple[int, bytes]:
        return _error(413, f"The request is larger than this engine's limit of {limit:,} bytes", "file_too_large")

    def _refuse(self, scope: Scope, headers: dict[str, str]) -> tuple[int, bytes] | None:
        if self.loopback_only:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
            if name.lower() not in LOOPBACK_NAMES:
                return _error(403, "This engine answers requests addressed to this computer (127.0.0.1 or "
                                   "localhost) only", "host_not_allowed")
        if not scope["path"].startswith("/v1"):
            return None
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _error(401, "No API key was given: send 'Authorization: Bearer <engine token>'", "missing_api_key")
        if not secrets.compare_digest(token.strip().encode(), self.token):
            return _error(401, "The API key is not this engine's token", "invalid_api_key")
        length = headers.get("content-length")
        limit = self.max_upload + (1 << 20) if scope["path"] == "/v1/files" else JSON_BODY_LIMIT
        if length is not None:
            if not length.isdigit():
                return _error(400, "The Content-Length header is not a number", "invalid_request")
            if int(length) > limit:
                return self._too_large(limit)
        return None

    @staticmethod
    async def _respond(send: Send, status: int, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"x-should-retry", b"false"), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
