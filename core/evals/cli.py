"""`tunedesk eval`: the Evaluate tab's engine from a terminal.

    tunedesk eval held-out.jsonl --model local:smollm2-135m-instruct@"JSON answers" \\
                                 --model local:ft:smollm2-135m-instruct:personal:md:AbC12345 -o report.html

A model spec is ``[PROVIDER:]MODEL[@PRESET]``: PROVIDER is a provider id from
Preferences (``local`` for this computer, ``openai``, …) or ``custom`` for --base-url;
PRESET is a Chat preset's name (its system prompt, few-shot turns and parameters).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ..datasets import ReadError
from . import metrics as M
from . import report as R
from .candidates import Candidate
from .runner import Runner
from .store import EvalStore
from .testset import load_items

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("test", nargs="?", help="the held-out examples (any dataset file TuneDesk reads)")
    p.add_argument("--model", action="append", default=[], metavar="SPEC",
                   help="[PROVIDER:]MODEL[@PRESET]; give it once per candidate")
    p.add_argument("--metric", action="append", metavar="NAME", choices=sorted(M.METRICS),
                   help="score with these (default: chosen from the references)")
    p.add_argument("--pattern", metavar="REGEX", help="for --metric regex: what every output must match")
    p.add_argument("--max-tokens", type=int, metavar="N", help="cap each answer (default: the preset's or the provider's)")
    p.add_argument("--concurrency", type=int, default=2, metavar="N", help="requests at once per provider (default 2)")
    p.add_argument("--base-url", metavar="URL", help="an OpenAI-compatible endpoint for the 'custom' provider "
                                                    "(its key from OPENAI_API_KEY)")
    p.add_argument("--training-cost", action="append", default=[], metavar="N=USD",
                   help="what tuning candidate N (1-based) cost, for the break-even")
    p.add_argument("--judge", metavar="[PROVIDER:]MODEL", help="also have this model score each answer from 1 to 5")
    p.add_argument("--rubric", metavar="FILE", help="the judge's rubric (default: closeness to the reference)")
    p.add_argument("--name", help="a name for the run")
    p.add_argument("--resume", type=int, metavar="RUN", help="go on with a stopped run (asks only what is missing)")
    p.add_argument("--list", action="store_true", help="list the stored runs")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("-o", "--output", metavar="REPORT", help="write a report: .html, .md or .csv")


def _fail(message: str) -> int:
    print(f"tunedesk eval: {message}", file=sys.stderr)
    return EXIT_USAGE


def _presets() -> dict[str, Any]:
    from ..chat.request import builtin_presets, user_presets

    return {p.name.lower(): p for p in builtin_presets() + user_presets()}


def parse_spec(spec: str, provider_ids: set[str], default_provider: str) -> tuple[str, str, str | None]:
    """(provider, model, preset name or None)."""
    preset = None
    if "@" in spec:
        spec, preset = spec.rsplit("@", 1)
    head, sep, rest = spec.partition(":")
    if sep and head in provider_ids and rest:
        return head, rest, preset
    return default_provider, spec, preset


class Clients:
    """One client per provider, the local engine started when it is asked for."""

    def __init__(self, base_url: str | None) -> None:
        from ..providers.profiles import load_providers
        from ..providers.secrets import KeyStore

        self.providers = {p.id: p for p in load_providers()}
        self.base_url = base_url
        self.keys = KeyStore()
        self.engine = None
        self._lock = threading.Lock()

    def ids(self) -> set[str]:
        return set(self.providers) | {"custom"}

    def __call__(self, provider_id: str) -> Any:
        import openai

        from ..providers.client import make_client
        from ..providers.local_engine import LocalEngine

        if provider_id == "custom":
            return openai.OpenAI(base_url=self.base_url, api_key=os.environ.get("OPENAI_API_KEY") or "none",
                                 max_retries=0, timeout=300)
        with self._lock:
            if self.engine is None:
                self.engine = LocalEngine()
        return make_client(self.providers[provider_id], self.keys, self.engine, timeout=300, max_retries=0)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


def cmd_eval(args: argparse.Namespace) -> int:
    store = EvalStore()
    if args.list:
        for run_id, name, created, done, total in store.runs():
            print(f"{run_id:>5}  {time.strftime('%Y-%m-%d %H:%M', time.localtime(created))}  {done}/{total}  {name}")
        return EXIT_OK
    clients = Clients(args.base_url)
    try:
        if args.resume is not None:
            try:
                run = store.run(args.resume)
            except KeyError as exc:
                return _fail(str(exc.args[0]))
        else:
            made = _new_run(args, store, clients)
            if isinstance(made, int):
                return made
            run = made
        missing = len(store.missing(run))
        print(f"Run {run.id}: {len(run.items)} examples × {len(run.candidates)} models; {missing} to ask",
              file=sys.stderr)
        done = [0]
        started = time.monotonic()

        def progress(_result: Any) -> None:
            done[0] += 1
            if sys.stderr.isatty():
                rate = done[0] / max(1e-9, time.monotonic() - started)
                left = (missing - done[0]) / rate if rate else 0
                print(f"\r{done[0]}/{missing} · about {left:.0f} s left   ", end="", file=sys.stderr, flush=True)

        def waiting(provider: str, seconds: float, exc: BaseException) -> None:
            print(f"\n{provider}: {type(exc).__name__}; waiting {seconds:.0f} s", file=sys.stderr)

        runner = Runner(store, run, clients, concurrency=args.concurrency, on_result=progress, on_wait=waiting)
        try:
            runner.run_all()
        except KeyboardInterrupt:
            runner.stop()
            print(f"\nStopped. Go on with: tunedesk eval --resume {run.id}", file=sys.stderr)
            return 130
        if sys.stderr.isatty():
            print(file=sys.stderr)
        if args.judge:
            from .judge import DEFAULT_RUBRIC, judge_run

            provider, model, _ = parse_spec(args.judge, clients.ids(), "custom" if args.base_url else "local")
            try:
                rubric = Path(args.rubric).read_text(encoding="utf-8") if args.rubric else DEFAULT_RUBRIC
            except OSError as exc:
                return _fail(f"--rubric {args.rubric}: {exc.strerror or exc}")
            scored = judge_run(store, run, clients(provider), model, rubric, concurrency=args.concurrency)
            print(f"The judge {model} scored {scored} answers", file=sys.stderr)
        results = store.results(run.id)
        rows = R.summary(run, results)
        if args.json:
            json.dump({"run": run.id, "name": run.name, "examples": len(run.items), "metrics": run.metrics,
                       "models": [{"name": r.name, "model": run.candidates[r.cand].model, "answered": r.answered,
                                   "failed": r.failed, **{k: r.values.get(k) for k in run.metrics},
                                   "latency_mean_s": r.latency_mean, "latency_p95_s": r.latency_p95,
                                   "judge": r.values.get("judge"), "thumbs_up": r.values.get("thumbs"),
                                   "first_token_mean_s": r.ttft_mean, "tokens_in": r.tokens_in,
                                   "tokens_out": r.tokens_out, "cost_usd": r.cost, "cost_per_run_usd": r.cost_per_run,
                                   "break_even": R.break_even_text(r, rows) or None} for r in rows]},
                      sys.stdout, ensure_ascii=False, indent=2)
            print()
        else:
            _print_table(R.columns(run, rows), R.table(run, rows))
        if args.output:
            out = Path(args.output)
            R.export(out, run, results)
            print(f"Wrote {out}", file=sys.stderr)
        return EXIT_FAILED if any(r.failed for r in rows) else EXIT_OK
    finally:
        clients.close()
        store.close()


def _new_run(args: argparse.Namespace, store: EvalStore, clients: Clients) -> Any:
    if not args.test:
        return _fail("name the test set (or --resume RUN, or --list)")
    if not args.model:
        return _fail("give at least one --model")
    try:
        items, skipped = load_items(args.test)
    except ReadError as exc:
        return _fail(str(exc))
    for s in skipped:
        print(f"{Path(args.test).name}, line {s.line}: skipped: {s.reason}", file=sys.stderr)
    if not items:
        return _fail(f"{Path(args.test).name} has no example with an answer to compare with")
    presets = _presets()
    costs: dict[int, float] = {}
    for pair in args.training_cost:
        n, sep, usd = pair.partition("=")
        try:
            costs[int(n) - 1] = float(usd)
        except ValueError:
            return _fail(f"--training-cost {pair}: write it as N=USD, like 2=4.80")
    cands = []
    for i, spec in enumerate(args.model):
        provider, model, preset_name = parse_spec(spec, clients.ids(), "custom" if args.base_url else "local")
        if provider != "custom" and provider not in clients.providers:
            return _fail(f"--model {spec}: no provider '{provider}'")
        if preset_name is not None:
            preset = presets.get(preset_name.lower())
            if preset is None:
                return _fail(f"--model {spec}: no preset named '{preset_name}' (see the Chat tab's presets)")
            cand = Candidate.from_preset(provider, model, preset, training_cost=costs.get(i))
        else:
            cand = Candidate(provider, model, training_cost=costs.get(i))
        if args.max_tokens:
            cand.params["max_tokens"] = args.max_tokens
        cands.append(cand)
    chosen = args.metric or M.choose([it.reference for it in items])
    if "regex" in chosen and not args.pattern:
        return _fail("--metric regex needs --pattern")
    name = args.name or f"{Path(args.test).name}: {', '.join(c.name for c in cands)}"
    return store.create(name, Path(args.test).name, str(Path(args.test).resolve()), items, cands, chosen,
                        {"pattern": args.pattern} if args.pattern else {})


def _print_table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


__all__ = ["add_arguments", "cmd_eval"]
