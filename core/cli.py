"""The `tunedesk` command: no arguments opens the app; subcommands work headless.

Exit status: 0 no errors, 1 the data has errors, 2 the file could not be read at all
(or the command line was wrong).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .datasets import Dataset, Kind, ReadError, Report, analyse, check_file, write_jsonl
from .datasets.fixes import apply_fixes, fixes_of
from .datasets.transforms import set_system, split, to_chat, to_completion
from .util.text import format_duration

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _mapping(pairs: Sequence[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs or []:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise SystemExit(_usage_error(f"--map {pair}: write it as FIELD=COLUMN, like --map prompt=question"))
        mapping[field.strip().lower()] = column.strip()
    return mapping


def _usage_error(msg: str) -> int:
    print(f"tunedesk: {msg}", file=sys.stderr)
    return EXIT_UNREADABLE


def _fmt_int(n: float) -> str:
    return f"{n:,.0f}"


def render(report: Report, out=sys.stdout, max_places: int = 5) -> None:
    ds = report.dataset
    src = ds.source
    kind = {"chat": "chat", "completion": "prompt/completion", "preference": "preference"}[str(ds.kind)]
    schema = f", read as {src.schema}" if src.schema in ("alpaca", "sharegpt") else ""
    task = f", {report.task}" if report.task else ""
    count = f"{len(ds):,} example{'' if len(ds) == 1 else 's'}"
    print(f"{src.path}: {src.format.upper()}, {src.encoding}, {count} ({kind}{task}{schema})", file=out)
    if src.mapping:
        used = ", ".join(f"{f} <- {c}" for f, c in src.mapping.items())
        ignored = [c for c in src.columns if c not in src.mapping.values()]
        print(f"Columns: {used}" + (f" (ignored: {', '.join(ignored)})" if ignored else ""), file=out)

    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for d in report.diagnostics:
        groups[(str(d.severity), d.code)].append(d)
    if groups:
        print("\nProblems", file=out)
    for (sev, code), items in sorted(groups.items(), key=lambda kv: (kv[0][0] != "error", kv[0][1])):
        first = items[0]
        count = f" ({len(items):,} examples)" if len(items) > 1 else ""
        print(f"  {sev:<7} {code}{count}", file=out)
        for d in items[:max_places]:
            where = []
            if d.line is not None:
                where.append(f"line {d.line}")
            if d.field:
                where.append(d.field)
            place = f"{', '.join(where)}: " if where else ""
            print(f"          {place}{d.message}", file=out)
        if len(items) > max_places:
            print(f"          … and {len(items) - max_places:,} more", file=out)
        if first.fix is not None:
            print(f"          fix: {first.fix.description}", file=out)

    st = report.stats
    if st.examples:
        p = st.per_example
        print(
            f"\nTokens ({st.tokenizer}): {_fmt_int(st.total)} in all, {_fmt_int(st.trained)} trained; "
            f"per example min {p.min:,}, p10 {_fmt_int(p.p10)}, median {_fmt_int(p.median)}, "
            f"mean {p.mean:,.1f}, p90 {_fmt_int(p.p90)}, max {p.max:,}",
            file=out,
        )
        est = report.estimate
        line = f"Estimate for {est.model}: {est.epochs} epochs, {_fmt_int(est.billed_tokens)} billed tokens"
        if est.cost_usd is not None:
            line += f", about ${est.cost_usd:,.2f} (${est.price_per_1m:.2f}/1M tokens, prices of {est.prices_taken})"
        if est.seconds is not None:
            line += f", about {format_duration(est.seconds)} on this computer at {est.tokens_per_second:.0f} tokens/s"
        print(line, file=out)
    verdict = f"{report.errors:,} error(s), {report.warnings:,} warning(s)"
    fixable = fixes_of(report.diagnostics)
    hint = f"; `tunedesk prepare {src.path} -o OUT.jsonl` offers {len(fixable)} fix(es)" if fixable else ""
    print(f"\n{verdict}{hint}", file=out)


def cmd_check(args: argparse.Namespace) -> int:
    try:
        report = check_file(args.file, args.model, _mapping(args.map))
    except ReadError as exc:
        return _usage_error(str(exc))
    if args.json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        render(report)
    return EXIT_ERRORS if report.errors else EXIT_OK


def cmd_engine(args: argparse.Namespace) -> int:
    from .commands import missing_engine_module, no_engine_message

    if missing_engine_module() is not None:  # the cloud-only download, or a checkout without the engine
        return _usage_error(no_engine_message())
    from .engine.run import serve

    return serve(args)


def cmd_export(args: argparse.Namespace) -> int:
    try:
        from . import paths
        from .engine.catalog import Catalog
        from .engine.export import ExportError, estimate_bytes, export, find
    except ImportError as exc:
        return _usage_error(f"exporting needs the local engine ({exc.name} is missing); "
                            "run `python3 scripts/bootstrap.py app`")
    extra = dict(item.partition("=")[::2] for item in args.add_model if "=" in item)
    if args.lmstudio:
        from .jobs.names import lmstudio_folder

        if args.format not in (None, "gguf"):
            return _usage_error("--lmstudio writes a GGUF; leave out --format or use --format gguf")
        args.format, args.output = "gguf", args.output or str(lmstudio_folder(args.model))
    args.format = args.format or "merged"
    if not args.output:
        return _usage_error("say where to write it: -o DIR (or --lmstudio)")
    try:
        source = find(args.model)
        size = estimate_bytes(source, args.format, Catalog(paths.cache_dir() / "models", extra), args.quant)
        kind = f"{args.format}, {args.quant}" if args.format in ("gguf", "ollama") else args.format
        print(f"Exporting {args.model} ({kind}, about {size / 1e6:,.0f} MB) to {args.output}", file=sys.stderr)
        out = export(args.model, args.output, args.format, extra_models=extra, quant=args.quant,
                     ollama_name=args.ollama_name,
                     progress=lambda step: print(f"  {step}…", file=sys.stderr, flush=True))
    except ExportError as exc:
        return _usage_error(str(exc))
    except OSError as exc:
        return _usage_error(f"{args.output}: {exc.strerror or exc}")
    print(out)
    return EXIT_OK


def _ask(question: str) -> bool:
    try:
        answer = input(f"{question} [Y/n] ").strip().lower()
    except EOFError:
        return False
    return answer in ("", "y", "yes")


def cmd_prepare_docs(args: argparse.Namespace) -> int:
    """`prepare --from-docs FOLDER`: documents (or input/output pairs) cut into examples."""
    from .datasets.documents import DEFAULT_PROMPT, DocumentsError, find_sources, split_documents, to_examples

    if (args.parts is None) == (args.max_tokens is None):
        return _usage_error("--from-docs: give --parts N or --max-tokens N (with --model for its tokenizer)")
    count = None
    if args.max_tokens is not None or args.model:
        from .datasets.models import DEFAULT_CHAT_MODEL, tokenizer_factory

        count = tokenizer_factory(args.model or DEFAULT_CHAT_MODEL)().count
    try:
        sources = find_sources(args.file, args.outputs)
        parts = split_documents(sources, parts=args.parts, max_tokens=args.max_tokens, count=count)
    except (DocumentsError, OSError) as exc:
        return _usage_error(str(exc))
    for source in sources:
        mine = [p for p in parts if p.source == source.name]
        pair = f" → {source.output_path.name}" if source.output_path else ""
        if not mine:
            print(f"{source.name}{pair}: empty, left out")
            continue
        tokens = f", largest {max(p.tokens for p in mine):,} tokens" if count else ""
        print(f"{source.name}{pair}: {len(mine)} part{'s' if len(mine) != 1 else ''}{tokens}")
    examples = to_examples(parts, args.system, args.prompt or DEFAULT_PROMPT)
    out = Path(args.output)
    try:
        write_jsonl(out, examples)
    except OSError as exc:
        return _usage_error(f"{exc.filename or out}: cannot write the output ({exc.strerror or exc})")
    over = [p for p in parts if args.max_tokens and p.tokens > args.max_tokens]
    print(f"Wrote {out}: {len(examples):,} examples from {len(sources):,} document(s)")
    for p in over:
        print(f"note: {p.source} part {p.part} is {p.tokens:,} tokens: one paragraph is longer than "
              f"--max-tokens {args.max_tokens:,}")
    return EXIT_ERRORS if over else EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    """`tunedesk generate SPEC.json -o OUT.jsonl`: ask a model for every combination of the
    spec's variables; OUT grows as answers arrive, and running again asks only for the rest."""
    import threading

    from .datasets import generate as gen
    from .jobs.commands import CommandError, connect

    try:
        spec = gen.load_spec(args.spec)
    except gen.SpecError as exc:
        return _usage_error(str(exc))  # it names the spec file
    if args.model:
        spec.model = args.model
    if not spec.model:
        return _usage_error(f"{args.spec}: no \"model\" in the spec; give one with --model")
    args.provider = args.provider or spec.provider
    out = Path(args.output)
    rows: list[dict] = []
    if out.exists():
        for n, line in enumerate(out.read_text(encoding="utf-8").splitlines(), 1):
            try:
                rows.append(json.loads(line))
            except ValueError:
                return _usage_error(f"{out}, line {n}: not JSON; the file is not one this command wrote")
    done = {k for k in (gen.row_key(r) for r in rows) if k}
    total = len(gen.tasks(spec))
    if done:
        print(f"{out}: {len(done):,} of {total:,} answers already there; asking for the rest")
    cancel = threading.Event()
    try:
        with connect(args) as (provider, client), open(out, "a", encoding="utf-8") as sink:
            client = client.with_options(max_retries=0)  # 429s and server errors are waited out here, said

            def row(r: dict) -> None:
                sink.write(json.dumps(r, ensure_ascii=False) + "\n")
                sink.flush()
                rows.append(r)

            def progress(finished: int, all_: int) -> None:
                print(f"\r{finished:,}/{all_:,} answers", end="", flush=True)

            try:
                gen.run(client, spec, done, row, cancel, progress, on_wait=lambda text: print(f"\n{text}"))
            except KeyboardInterrupt:
                cancel.set()
                print(f"\nStopped: {len(rows):,} of {total:,} answers are in {out}; run the same command again "
                      "to ask for the rest")
                return 130
    except CommandError as exc:
        return _usage_error(str(exc))
    print(f"\nWrote {out}: {len(rows):,} examples")
    if args.csv:
        Path(args.csv).write_text(gen.csv_text(rows, spec), encoding="utf-8")
        print(f"Wrote {args.csv}")
    truncated = sum(1 for r in rows if r.get("metadata", {}).get("finish_reason") == "length")
    if truncated:
        print(f"note: {truncated:,} answer(s) stopped at max_tokens (finish_reason length); `tunedesk check` flags them")
    return EXIT_OK


def cmd_prepare(args: argparse.Namespace) -> int:
    if args.from_docs:
        return cmd_prepare_docs(args)
    try:
        report = check_file(args.file, args.model, _mapping(args.map))
    except ReadError as exc:
        return _usage_error(str(exc))
    render(report)
    interactive = not args.yes and sys.stdin.isatty()
    chosen = []
    offered = fixes_of(report.diagnostics)
    if offered:
        print("\nFixes")
    for code, fix in offered:
        if args.yes or (interactive and _ask(f"  {fix.description} ({code})?")):
            chosen.append(fix)
            if args.yes:
                print(f"  applied: {fix.description} ({code})")
    if offered and not args.yes and not interactive:
        print("  (not applied: pass --yes to accept them all)")

    ds = report.dataset
    examples = apply_fixes(ds.examples, chosen)
    kind = ds.kind
    if args.to == "chat" and kind is Kind.COMPLETION:
        examples, kind = to_chat(examples), Kind.CHAT
    elif args.to == "completion" and kind is Kind.CHAT:
        examples, kind = to_completion(examples), Kind.COMPLETION
    if args.system is not None:
        if kind is Kind.CHAT:
            examples = set_system(examples, args.system)
        else:
            print("note: --system applies to chat examples; add --to chat to convert these")

    out = Path(args.output)
    written = [out]
    try:
        if args.split:
            try:
                train, valid = split(examples, args.split, args.seed)
            except ValueError as exc:
                return _usage_error(f"--split {args.split}: {exc}")
            valid_path = out.with_name(f"{out.stem}_valid{out.suffix or '.jsonl'}")
            write_jsonl(out, train)
            write_jsonl(valid_path, valid)
            written.append(valid_path)
            examples = train
        else:
            write_jsonl(out, examples)
    except OSError as exc:
        where = exc.filename or out
        reason = "it is a folder" if isinstance(exc, IsADirectoryError) else (exc.strerror or str(exc))
        return _usage_error(f"{where}: cannot write the output ({reason}); nothing was changed")

    after = analyse(Dataset(examples, kind, ds.source), args.model)
    print()
    for path in written:
        print(f"Wrote {path}")
    print(f"{len(examples):,} examples; {after.errors:,} error(s), {after.warnings:,} warning(s) remain.")
    _reminders(chosen, kind)
    return EXIT_ERRORS if after.errors else EXIT_OK


def _reminders(fixes, kind: Kind) -> None:
    if kind is not Kind.COMPLETION:
        return
    for fix in fixes:
        if fix.action == "add_prompt_suffix":
            print(f"When you use the model, end every prompt with {json.dumps(fix.arg('suffix'))}.")
        if fix.action == "add_completion_suffix":
            print(f"Pass stop=[{json.dumps(fix.arg('suffix'))}] so the model stops after its answer.")


OpenApp = Callable[[list[str]], int]  # the files to open in it


def _no_app(files: list[str]) -> int:
    return _usage_error("the desktop app is not installed here; run `tunedesk --help` for the commands")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tunedesk",
        description="Make your own personal ChatGPT. With no command, opens the desktop app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def data_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", help="JSONL, JSON, CSV, TSV, XLSX or TXT")
        p.add_argument("--model", help="target model: sets the tokenizer, the length limit and the price")
        p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                       help="for tables: which column feeds prompt, completion, system, user or assistant")

    p = sub.add_parser("check", help="validate a dataset, count tokens and estimate cost or time")
    data_args(p)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("prepare", help="apply the suggested fixes and write clean JSONL")
    data_args(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the JSONL to write")
    p.add_argument("--to", choices=("chat", "completion"), help="convert the examples")
    p.add_argument("--system", metavar="TEXT", help="set this system message on every chat example")
    p.add_argument("--split", type=float, metavar="FRACTION", help="hold out this fraction as OUT_valid.jsonl")
    p.add_argument("--seed", type=int, default=0, help="seed for the split (default 0)")
    p.add_argument("--yes", action="store_true", help="accept every suggested fix without asking")
    docs = p.add_argument_group("documents", "FILE is a folder of .txt/.md documents; article.txt and article.md "
                                             "are an input/output pair")
    docs.add_argument("--from-docs", action="store_true", help="cut the folder's documents into examples")
    docs.add_argument("--outputs", metavar="FOLDER", help="the outputs: the file of the same name here pairs with each")
    docs.add_argument("--parts", type=int, metavar="N", help="cut each document (or pair) into N parts")
    docs.add_argument("--max-tokens", type=int, metavar="N", help="or: as few parts as keep each under N tokens")
    docs.add_argument("--prompt", metavar="TEMPLATE",
                      help="single documents: the user message, with {part}, {parts} and {title}")
    p.set_defaults(func=cmd_prepare)

    p = sub.add_parser("engine", help="run the local engine: an OpenAI-compatible server that trains and serves models")
    from .engine.run import add_arguments

    add_arguments(p)
    p.set_defaults(func=cmd_engine)

    p = sub.add_parser("eval", help="run held-out examples through models and compare them (CER, BLEU, time, cost)",
                       description="Run held-out examples through one or more models and compare them.")
    from .evals.cli import add_arguments as eval_arguments
    from .evals.cli import cmd_eval

    eval_arguments(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("export", help="write a model tuned on this computer as GGUF (llama.cpp, Ollama, LM Studio), "
                                      "a merged model or its adapter",
                       description="Write a model tuned on this computer (or one of its checkpoints) where other "
                                   "tools can load it.")
    p.add_argument("model", help="the tuned model's name, e.g. ft:smollm2-135m-instruct:personal:support:AbC12345")
    p.add_argument("-o", "--output", metavar="DIR", help="a new folder to write")
    p.add_argument("--lmstudio", action="store_true",
                   help="write the GGUF where LM Studio finds it (its models folder, TuneDesk/NAME)")
    p.add_argument("--format", choices=("merged", "adapter", "gguf", "ollama"), default=None,
                   help="merged: full weights + tokenizer, for transformers (default); adapter: the LoRA adapter "
                        "alone; gguf: one GGUF file and an Ollama Modelfile, for llama.cpp, LM Studio and Ollama; "
                        "ollama: gguf, then `ollama create`")
    p.add_argument("--quant", choices=("f16", "q8_0", "q4_k_m", "f32"), default="q8_0",
                   help="GGUF weights: q8_0 (default, near-exact), f16, or q4_k_m (smallest; needs llama.cpp)")
    p.add_argument("--ollama-name", metavar="NAME", help="the name in Ollama (default: the suffix and job id)")
    p.add_argument("--add-model", action="append", default=[], metavar="NAME=PATH",
                   help="a base model added to the engine this way (when the tuned model was made from one)")
    p.set_defaults(func=cmd_export)

    from .jobs.commands import add_parsers

    add_parsers(sub)  # train, jobs, models
    from .migrate.commands import add_parsers as add_migrate_parsers

    add_migrate_parsers(sub)  # import, retrain, distill

    p = sub.add_parser("generate", help="fill a prompt template with every combination of variables and keep a "
                                        "model's answers as examples")
    p.add_argument("spec", help="the spec (JSON): variables, template, system, answers, sample, model, params")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the JSONL to write (grows; kept on Ctrl-C)")
    p.add_argument("--csv", metavar="FILE", help="also write the tutorial's CSV: variables, prompt, response, …")
    p.add_argument("--model", help="instead of the spec's model")
    p.add_argument("--provider", help="instead of the spec's provider (an id or name from Preferences ▸ Providers)")
    p.add_argument("--add-model", action="append", default=[], metavar="NAME=PATH",
                   help="this computer: an extra base model (a Hugging Face folder or a .gguf file)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("gui", help="open the desktop app (the default), with these files if given")
    p.add_argument("files", nargs="*", help="datasets to open (a running TuneDesk opens them in its window)")
    parser.set_defaults(commands=set(sub.choices))
    return parser


def register_engine_tokenizers() -> None:
    """Local models' tokens are counted with their own tokenizers, which the engine loads
    (core.datasets never imports the engine); a build without the engine counts without."""
    try:
        from .engine.tokenizers import register
    except ImportError:
        return
    register()


def main(argv: Sequence[str] | None = None, open_app: OpenApp = _no_app) -> int:
    """``open_app`` starts the desktop app; the console entry point (gui/launch.py)
    passes it in, so core never imports Qt."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from .commands import TRAINER

    if argv[:1] == [TRAINER]:  # one job's trainer, started by the engine (not a user command)
        from .engine.train import run_and_exit

        run_and_exit(argv[1:])
    register_engine_tokenizers()
    parser = build_parser()
    if argv and not argv[0].startswith("-") and argv[0] not in parser.get_default("commands") and os.path.exists(argv[0]):
        return open_app(argv)  # `tunedesk data.jsonl`, "Open with TuneDesk", a double-clicked file
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        return open_app(list(getattr(args, "files", None) or []))
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tunedesk check … | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except SystemExit as exc:
        return int(exc.code or 0)


if __name__ == "__main__":
    sys.exit(main())
