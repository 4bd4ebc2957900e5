"""`tunedesk train`, `tunedesk jobs …` and `tunedesk models …`: what the fine-tuning
tutorials do in a terminal, for any provider, the local engine included.

    tunedesk train data.jsonl --model smollm2-135m-instruct --suffix pirate --epochs 3
    tunedesk jobs list | follow JOB | cancel JOB | events JOB | results JOB [-o FILE]
    tunedesk models list | delete MODEL

``--provider`` is a provider's id or name from Preferences ▸ Providers (default: this
computer). For this computer the command starts the local engine as the app does and
stops it when it ends; a job on this computer pauses while no engine runs and goes on
from its last checkpoint when one starts again (`tunedesk jobs follow`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..datasets.models import counted_with
from ..providers import LOCAL_ID, KeyStore, Provider, ProviderKind, load_providers

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DETACHED = 0, 1, 2, 130


class CommandError(Exception):
    """Said to the user as it is, with exit status 2."""


def _say(text: str, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


def find_provider(name: str) -> Provider:
    providers = load_providers()
    for p in providers:
        if name in (p.id, p.name) or name.lower() in (p.id.lower(), p.name.lower()):
            return p
    known = ", ".join(f"{p.id} ({p.name})" for p in providers)
    raise CommandError(f"no provider called {name!r}; the providers are: {known}")


def _extra_models(pairs: list[str]) -> dict[str, str]:
    extra = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        if not sep or not name or not path:
            raise CommandError(f"--add-model {pair}: write it as NAME=PATH")
        extra[name] = str(Path(path).expanduser().resolve())
    return extra


@contextmanager
def connect(args: argparse.Namespace) -> Iterator[tuple[Provider, Any]]:
    """The provider and an SDK client for it; the local engine runs while this is open."""
    from ..providers.client import describe, make_client
    from ..providers.local_engine import EngineStartError, LocalEngine

    provider = find_provider(args.provider)
    extra = _extra_models(getattr(args, "add_model", []) or [])
    engine = None
    try:
        if provider.kind is ProviderKind.LOCAL:
            engine = LocalEngine(lambda: extra)
            _say("Starting the local engine…", err=True)
        client = make_client(provider, KeyStore(), engine, timeout=600)
    except EngineStartError as exc:
        raise CommandError(f"{exc} (when the TuneDesk app is open, its engine holds the data folder: quit it "
                           "first, or use the app)") from None
    except Exception as exc:  # noqa: BLE001 - a missing key or address, said in words
        raise CommandError(str(describe(exc, provider))) from None
    try:
        yield provider, client
    finally:
        client.close()
        if engine is not None:
            engine.close()


# -- following -------------------------------------------------------------------------
def _bar(step: int, total: int, width: int = 24) -> str:
    done = int(width * step / total) if total else 0
    return "[" + "#" * done + "." * (width - done) + "]"


def follow(client: Any, job_id: str, out: Callable[[str], None] = _say, interval: float = 1.0,
           tty: bool | None = None) -> Any:
    """Print the job's events and progress until it ends; returns the finished job."""
    from ..util.text import format_duration
    from .monitor import Backoff, JobTracker

    tracker = JobTracker(job_id)
    tty = sys.stdout.isatty() if tty is None else tty
    shown, last_line = 0, ""
    backoff = Backoff()
    while True:
        try:
            changed = tracker.poll(client)
        except Exception as exc:  # noqa: BLE001 - a dropped connection: wait and ask again
            from ..providers.client import describe, is_retryable, retry_after

            if not is_retryable(exc):
                raise
            wait = backoff.after_failure(retry_after(exc))
            out(f"  {describe(exc)} (asking again in {wait:.0f} s)")
            time.sleep(wait)
            continue
        for event in tracker.events[shown:]:
            if getattr(event, "type", None) == "metrics":
                continue
            stamp = time.strftime("%H:%M:%S", time.localtime(event.created_at))
            if tty and last_line:
                sys.stdout.write("\r" + " " * len(last_line) + "\r")
            out(f"{stamp}  {event.message}")
            last_line = ""
        shown = len(tracker.events)
        step, total = tracker.progress
        if total and not tracker.finished:
            metrics = tracker.metrics[-1] if tracker.metrics else {}
            loss = f", loss {metrics['train_loss']:.3f}" if metrics.get("train_loss") is not None else ""
            left = f", about {format_duration(max(0, tracker.eta - time.time()))} left" if tracker.eta else ""
            line = f"{_bar(step, total)} step {step:,}/{total:,}{loss}{left}"
            if tty:
                sys.stdout.write("\r" + line.ljust(len(last_line)))
                sys.stdout.flush()
                last_line = line
            elif line != last_line and (step == total or step % max(1, total // 10) == 0):
                out(line)
                last_line = line
        if tracker.finished:
            if tty and last_line:
                sys.stdout.write("\n")
            return tracker.job
        time.sleep(min(interval, backoff.after_success(changed)))


def _detached(job_id: str, provider: Provider) -> int:
    where = f" --provider {provider.id}" if provider.id != LOCAL_ID else ""
    note = (" On this computer it pauses until the engine runs again; following it starts the engine, and it goes "
            "on from its last checkpoint." if provider.kind is ProviderKind.LOCAL else " It goes on at the provider.")
    _say(f"\nDetached from {job_id}.{note} Follow it again with: tunedesk jobs follow {job_id}{where}", err=True)
    return EXIT_DETACHED


def _ended(job: Any, provider: Provider, as_json: bool) -> int:
    if as_json:
        print(json.dumps(job.model_dump(mode="json"), indent=2))
    if job.status == "succeeded":
        where = f" --provider {provider.id}" if provider.id != LOCAL_ID else ""
        _say(f"Succeeded: {job.fine_tuned_model} ({job.trained_tokens or 0:,} trained tokens). Chat with it in the "
             f"app, or delete it with: tunedesk models delete {job.fine_tuned_model}{where}", err=as_json)
        return EXIT_OK
    reason = f": {job.error.message}" if getattr(job, "error", None) and job.error.message else ""
    _say(f"{job.id} {job.status}{reason}", err=True)
    return EXIT_FAILED


# -- commands --------------------------------------------------------------------------
def cmd_train(args: argparse.Namespace) -> int:
    from .launch import JobRequest, launch
    from .preflight import describe as describe_problem
    from .prepare import prepare_job

    train = Path(args.file)
    valid = Path(args.validation) if args.validation else None
    for path in (train, valid):
        if path is not None and not path.is_file():
            raise CommandError(f"{path}: no such file")
    extra = _extra_models(args.add_model)
    counted_as = counted_with(args.model, extra)
    ready = prepare_job(counted_as, train_file=train, validation="file" if valid else "none", valid_file=valid,
                        n_epochs=args.epochs)
    pre = ready.preflight
    _say(pre.summary(), err=args.json)
    for file, d in pre.errors[:20]:
        _say(f"error  {describe_problem(file, d)}", err=True)
    for file, d in pre.warnings[:10]:
        _say(f"warning  {describe_problem(file, d)}", err=True)
    if pre.errors:
        _say(f"{len(pre.errors):,} error(s) must be fixed first (`tunedesk check {train}` lists them all; "
             f"`tunedesk prepare` fixes what it can)", err=True)
        return EXIT_FAILED
    request = JobRequest(model=args.model, training_path=train, validation_path=valid, suffix=args.suffix or "",
                         n_epochs=args.epochs, batch_size=args.batch_size,
                         learning_rate_multiplier=args.learning_rate_multiplier, seed=args.seed)
    with connect(args) as (provider, client):
        shown: dict[str, int] = {}

        def stage(name: str, done: int, total: int) -> None:
            if name == "creating":
                _say("Creating the job…", err=True)
            elif total and shown.get(name, -1) != done * 4 // total:
                shown[name] = done * 4 // total
                _say(f"Uploading the {name} data: {100 * done // total}%", err=True)

        job = launch(client, request, stage)
        return started(client, job, provider, args)


def started(client: Any, job: Any, provider: Provider, args: argparse.Namespace, origin: str = "") -> int:
    """A job just created: say so, then follow it to its end (or return, --no-follow)."""
    _say(f"Started {job.id} on {provider.name}{origin}", err=args.json)
    if args.no_follow:
        if args.json:
            print(json.dumps(job.model_dump(mode="json"), indent=2))
        return EXIT_OK
    try:
        done = follow(client, job.id, out=(lambda s: _say(s, err=True)) if args.json else _say)
    except KeyboardInterrupt:
        return _detached(job.id, provider)
    return _ended(done, provider, args.json)


def print_jobs(jobs: list[Any], provider: Provider, as_json: bool) -> int:
    """A provider's jobs, one a line (or as JSON)."""
    if as_json:
        print(json.dumps([j.model_dump(mode="json") for j in jobs], indent=2))
        return EXIT_OK
    if not jobs:
        _say(f"No fine-tuning jobs on {provider.name}.")
    for j in jobs:
        created = time.strftime("%Y-%m-%d %H:%M", time.localtime(j.created_at))
        _say(f"{j.id}  {j.status:<16} {j.model:<28} {created}  {j.fine_tuned_model or ''}")
    return EXIT_OK


def cmd_jobs(args: argparse.Namespace) -> int:
    from .monitor import list_jobs, result_csv

    with connect(args) as (provider, client):
        if args.action == "list":
            return print_jobs(list_jobs(client, limit=args.limit), provider, args.json)
        if not args.job:
            raise CommandError(f"tunedesk jobs {args.action} needs a job id (see `tunedesk jobs list`)")
        if args.action == "follow":
            try:
                return _ended(follow(client, args.job), provider, args.json)
            except KeyboardInterrupt:
                return _detached(args.job, provider)
        if args.action == "cancel":
            job = client.fine_tuning.jobs.cancel(args.job)
            if args.json:
                print(json.dumps(job.model_dump(mode="json"), indent=2))
            else:
                _say(f"{job.id} {job.status}")
            return EXIT_OK if job.status == "cancelled" else EXIT_FAILED
        if args.action == "events":
            events = list(client.fine_tuning.jobs.list_events(args.job, limit=100))[::-1]
            if args.json:
                print(json.dumps([e.model_dump(mode="json") for e in events], indent=2))
            for e in [] if args.json else events:
                _say(f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(e.created_at))}  {e.message}")
            return EXIT_OK
        job = client.fine_tuning.jobs.retrieve(args.job)
        data = result_csv(client, job)
        if data is None:
            raise CommandError(f"{args.job} has no results file (yet): it is {job.status}")
        if args.output:
            Path(args.output).write_bytes(data)
            steps = data.count(b"\n") - 1
            _say(f"Wrote {args.output} ({steps:,} steps)", err=True)
        else:
            sys.stdout.buffer.write(data)
        return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    with connect(args) as (_provider, client):
        if args.action == "list":
            models = list(client.models.list())
            if args.json:
                print(json.dumps([m.model_dump(mode="json") for m in models], indent=2))
            for m in [] if args.json else models:
                _say(f"{m.id:<48} {m.owned_by}")
            return EXIT_OK
        if not args.model:
            raise CommandError("tunedesk models delete needs the model's name (see `tunedesk models list`)")
        deleted = client.models.delete(args.model)
        _say(f"Deleted {deleted.id}" if deleted.deleted else f"{deleted.id} was not deleted")
        return EXIT_OK if deleted.deleted else EXIT_FAILED


def run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    from ..providers.client import describe

    try:
        return command(args)
    except CommandError as exc:
        _say(f"tunedesk: {exc}", err=True)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - an API error: the provider's words, no traceback
        import openai

        if isinstance(exc, (openai.APIError, OSError)):
            _say(f"tunedesk: {describe(exc)}", err=True)
            return EXIT_FAILED
        raise


def add_parsers(sub: Any) -> None:
    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--provider", default=os.environ.get("TUNEDESK_PROVIDER", LOCAL_ID),
                       help="a provider's id or name from Preferences ▸ Providers (default: this computer)")
        p.add_argument("--add-model", action="append", default=[], metavar="NAME=PATH",
                       help="this computer: an extra base model (a Hugging Face folder or a .gguf file)")
        p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("train", help="check, upload and start a fine-tuning job, then follow it to the end")
    p.add_argument("file", help="the training data (JSONL, or anything `tunedesk check` reads)")
    p.add_argument("--model", required=True, help="the base model, e.g. smollm2-135m-instruct or gpt-4o-mini-2024-07-18")
    p.add_argument("--suffix", help="a name for the tuned model (letters, digits, - and _)")
    p.add_argument("--validation", metavar="FILE", help="held-out data to measure the job on")
    p.add_argument("--epochs", type=int, help="passes over the data (default: the provider chooses)")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--learning-rate-multiplier", type=float)
    p.add_argument("--seed", type=int)
    p.add_argument("--no-follow", action="store_true", help="start the job and return")
    common(p)
    p.set_defaults(func=lambda a: run(cmd_train, a))

    p = sub.add_parser("jobs", help="fine-tuning jobs: list, follow, cancel, events, results")
    p.add_argument("action", choices=("list", "follow", "cancel", "events", "results"))
    p.add_argument("job", nargs="?", help="the job id (ftjob-…)")
    p.add_argument("--limit", type=int, default=20, help="list: how many, newest first")
    p.add_argument("-o", "--output", help="results: write the step metrics CSV here instead of to stdout")
    common(p)
    p.set_defaults(func=lambda a: run(cmd_jobs, a))

    p = sub.add_parser("models", help="models: list them, or delete a tuned one")
    p.add_argument("action", choices=("list", "delete"))
    p.add_argument("model", nargs="?", help="delete: the tuned model's name (ft:…)")
    common(p)
    p.set_defaults(func=lambda a: run(cmd_models, a))
