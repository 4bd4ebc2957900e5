"""`tunedesk engine`: start the server, print where it listens, stop cleanly."""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import socket
import sys
from pathlib import Path

from .. import paths

READY = "TuneDesk engine listening on http://{host}:{port}/v1"
TOKEN_ENV = "TUNEDESK_ENGINE_TOKEN"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, help="where jobs, files and models are kept (default: under TUNEDESK_HOME)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this computer only)")
    p.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    p.add_argument("--token", help=f"bearer token clients must send (or set {TOKEN_ENV}); generated when not given")
    p.add_argument("--add-model", action="append", default=[], metavar="NAME=PATH",
                   help="a base model: a Hugging Face model folder or a .gguf file")
    p.add_argument("--model-cache", type=Path, help="where converted base models are kept (default: under TUNEDESK_HOME)")
    p.add_argument("--max-upload-mb", type=float, default=512, help="largest upload accepted (default 512 MB)")
    p.add_argument("--memory-gb", type=float, default=4, help="memory for loaded models before the least recently "
                                                              "used one is unloaded (default 4 GB)")
    p.add_argument("--body-timeout", type=float, default=30, metavar="SECONDS",
                   help="give up on a request body that stops arriving for this long (default 30)")
    p.add_argument("--simulate-failures", metavar="N:STATUS[:WAIT],…", default="",
                   help="answer the Nth generation request with STATUS (e.g. 3:429:1,7:500), to try a client's "
                        "retrying against this engine")
    p.add_argument("--exit-with-stdin", action="store_true",
                   help="stop when standard input closes (the app that started the engine quit or crashed)")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(args: argparse.Namespace) -> int:
    token = args.token or os.environ.get(TOKEN_ENV)
    if not _loopback(args.host) and not token:
        print(f"tunedesk engine: refusing to listen on {args.host} with a generated token; pass --token (or "
              f"{TOKEN_ENV}) so you choose who can reach it", file=sys.stderr)
        return 2
    extra = {}
    for item in args.add_model:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            print(f"tunedesk engine: --add-model {item}: write it as NAME=PATH", file=sys.stderr)
            return 2
        if not Path(path).exists() and "/" not in path:
            print(f"tunedesk engine: --add-model {item}: no such folder or file", file=sys.stderr)
            return 2
        extra[name] = str(Path(path).resolve()) if Path(path).exists() else path
    data_dir = (args.data_dir or paths.engine_dir()).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)

    from .catalog import file_lock_nowait

    lock = file_lock_nowait(data_dir / "engine.lock")
    if lock is None:
        print(f"tunedesk engine: another engine is already using {data_dir}", file=sys.stderr)
        return 2

    import uvicorn

    from .server import Engine, create_app

    generated = token is None
    token = token or secrets.token_urlsafe(32)
    model_cache = (args.model_cache or paths.cache_dir() / "models").resolve()
    engine = Engine(data_dir, token, model_cache=model_cache, extra_models=extra, max_upload=int(args.max_upload_mb * 1024 * 1024),
                    memory_budget=int(args.memory_gb * (1 << 30)))
    if args.simulate_failures:
        try:
            engine.simulate_failures(args.simulate_failures)
        except ValueError:
            print(f"tunedesk engine: --simulate-failures {args.simulate_failures}: write it as N:STATUS[:WAIT],…",
                  file=sys.stderr)
            return 2
    for warning in engine.store.warnings:
        print(f"tunedesk engine: {warning}", file=sys.stderr, flush=True)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(f"tunedesk engine: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    sock.listen(128)
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if family == socket.AF_INET6 else args.host

    def ready() -> None:
        if generated:
            print(f"Token: {token}", flush=True)
        print(READY.format(host=shown, port=port), flush=True)

    app = create_app(engine, on_ready=ready, loopback_only=_loopback(args.host), body_timeout=args.body_timeout)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    if args.exit_with_stdin:
        import threading

        def watch() -> None:
            try:
                while sys.stdin.buffer.read(1):
                    pass
            except (OSError, ValueError):
                pass
            server.should_exit = True

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    server.run(sockets=[sock])
    return 0
