"""`tunedesk import`, `tunedesk retrain` and `tunedesk distill`: leaving a provider with
one's jobs, data and models' behaviour, in a terminal.

    tunedesk import --provider openai --list
    tunedesk import --provider openai [JOB …]
    tunedesk retrain openai/ftjob-… [--provider local] [--model BASE]
    tunedesk distill --provider openai --model ft:… --prompts FILE|--from-job ftjob-… -o OUT.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from pathlib import Path

from ..jobs.commands import EXIT_DETACHED, EXIT_OK, CommandError, _say, connect, print_jobs, run, started
from ..providers import LOCAL_ID


def cmd_import(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .importer import Cancelled, import_jobs, remote_jobs

    with connect(args) as (provider, client):
        jobs = remote_jobs(client)
        if args.list:
            return print_jobs(jobs, provider, args.json)
        archive = Archive()
        shown: dict[str, int] = {}

        def progress(text: str, done: int, total: int) -> None:
            quarter = done * 4 // total if total else 0
            if shown.get(text) != quarter:
                shown[text] = quarter
                _say(f"{text}: {100 * done // total}%" if total and text.startswith("Downloading") else text,
                     err=True)

        cancel = threading.Event()
        try:
            report = import_jobs(client, archive, provider, args.jobs or None, cancel=cancel, jobs=jobs,
                                 progress=progress)
        except (Cancelled, KeyboardInterrupt):
            _say("Stopped. What arrived is kept; importing again goes on from there.", err=True)
            return EXIT_DETACHED
        finally:
            archive.close()
        if args.json:
            print(json.dumps(report.__dict__, indent=2))
        _say(f"From {provider.name}: {report.summary()}. Kept in {archive.root}", err=args.json)
        for file_id in report.files_missing:
            _say(f"  {file_id}: {provider.name} no longer has this file", err=True)
        return EXIT_OK


def cmd_retrain(args: argparse.Namespace) -> int:
    from ..jobs.launch import launch
    from .archive import Archive
    from .retrain import RetrainError, plan, suggest_base

    source, sep, job_id = args.job.partition("/")
    if not sep:
        raise CommandError(f"{args.job}: write it as PROVIDER/JOB, e.g. openai/ftjob-abc (see `tunedesk import --list`)")
    archive = Archive()
    try:
        job = archive.job(source, job_id)
        if job is None:
            raise CommandError(f"{args.job} was not imported: run `tunedesk import --provider {source} {job_id}`")
        with connect(args) as (provider, client):
            available = [m.id for m in client.models.list() if not m.id.startswith("ft:")]
            base = args.model or suggest_base(job["model"], available, available[0] if available else job["model"])
            try:
                p = plan(archive, source, job_id, base_model=base, local=provider.id == LOCAL_ID)
            except RetrainError as exc:
                raise CommandError(str(exc)) from None
            for s in p.settings:
                _say(f"  {s.name:<26} {s.source:>24} -> {s.here:<24} {s.why}", err=args.json)
            return started(client, launch(client, p.request), provider, args, f", from {p.source}")
    finally:
        archive.close()


def cmd_distill(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .distill import PromptError, distill, estimate, load_prompts, partial_path

    if bool(args.prompts) == bool(args.from_job):
        raise CommandError("give the prompts with --prompts FILE or --from-job JOB (an imported job's training data)")
    if args.prompts:
        path = Path(args.prompts)
    else:
        archive = Archive()
        try:
            job = archive.job(args.provider, args.from_job)
            stored = archive.file(args.provider, job["training_file"]) if job else None
        finally:
            archive.close()
        if stored is None or not stored.complete:
            raise CommandError(f"{args.from_job}: its training file was not imported from {args.provider} "
                               f"(`tunedesk import --provider {args.provider} {args.from_job}`)")
        path = stored.path
    try:
        prompts, skipped = load_prompts(path, args.system or "")
    except PromptError as exc:
        raise CommandError(str(exc)) from None
    if not prompts:
        raise CommandError(f"{path}: no prompts in it (each example needs a user message)")
    if args.limit:
        prompts = prompts[: args.limit]
    est = estimate(prompts, args.model, args.max_tokens)
    _say(est.text(args.model) + (f" ({skipped:,} rows without a user message left out)" if skipped else ""), err=True)
    if est.cost and not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("this costs money: add --yes to go ahead")
        if input("Go ahead? [y/N] ").strip().lower() not in ("y", "yes"):
            return EXIT_OK
    out = Path(args.output)
    with connect(args) as (provider, client):
        shown = [-1]

        def progress(done: int, total: int) -> None:
            if total and done * 10 // total != shown[0]:
                shown[0] = done * 10 // total
                _say(f"{done:,} of {total:,} answers", err=True)

        try:
            written = distill(client, args.model, prompts, out, params={"max_tokens": args.max_tokens,
                                                                        "temperature": args.temperature},
                              concurrency=args.concurrency, progress=progress,
                              on_wait=lambda text: _say(text, err=True))
        except KeyboardInterrupt:
            written = None
        if written is None:
            _say(f"Stopped; the answers so far are in {partial_path(out)} and running again asks only for the rest",
                 err=True)
            return EXIT_DETACHED
        _say(f"Wrote {written}: {len(prompts):,} examples with {args.model}'s answers from {provider.name}", err=True)
        return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    def common(p: argparse.ArgumentParser, default: str) -> None:
        p.add_argument("--provider", default=os.environ.get("TUNEDESK_PROVIDER", default),
                       help=f"a provider's id or name from Preferences ▸ Providers (default: {default})")
        p.add_argument("--add-model", action="append", default=[], metavar="NAME=PATH", help=argparse.SUPPRESS)
        p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("import", help="bring a provider's fine-tuning jobs home: settings, events, loss curves, "
                                      "checkpoints, training/validation/result files")
    p.add_argument("jobs", nargs="*", metavar="JOB", help="the jobs to import (default: every job)")
    p.add_argument("--list", action="store_true", help="list the provider's jobs and stop")
    common(p, "openai")
    p.set_defaults(func=lambda a: run(cmd_import, a))

    p = sub.add_parser("retrain", help="train an imported job again from its imported files (default: on this computer)")
    p.add_argument("job", help="PROVIDER/JOB, e.g. openai/ftjob-abc")
    p.add_argument("--model", help="the base model to train (default: the job's own, if offered; else the first)")
    p.add_argument("--no-follow", action="store_true", help="start the job and return")
    common(p, LOCAL_ID)
    p.set_defaults(func=lambda a: run(cmd_retrain, a))

    p = sub.add_parser("distill", help="ask a tuned model every prompt and keep its answers as a dataset, to train "
                                       "a model of your own that behaves the same")
    p.add_argument("--model", required=True, help="the model to ask (ft:…)")
    p.add_argument("--prompts", help="a dataset (each example without its last answer) or a .txt, one prompt a line")
    p.add_argument("--from-job", metavar="JOB", help="an imported job of --provider: its training data's prompts")
    p.add_argument("--system", help="a system prompt for prompts that have none")
    p.add_argument("--limit", type=int, help="ask only the first N prompts")
    p.add_argument("--max-tokens", type=int, default=512)
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--yes", action="store_true", help="go ahead without asking when it costs money")
    p.add_argument("-o", "--output", required=True, help="the dataset to write (JSONL)")
    common(p, "openai")
    p.set_defaults(func=lambda a: run(cmd_distill, a))
