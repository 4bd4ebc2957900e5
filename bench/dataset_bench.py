"""Load + validate + count a 100,000-example chat JSONL (~150 MB), against the cookbook.

Baseline: what OpenAI's chat fine-tuning data-preparation notebook does — ``json.loads``
per line, then a Python loop calling ``encoding.encode`` on every value of every message.
TuneDesk: ``core.datasets.check_file`` (read, validate every example and the dataset,
count every token, estimate).

Each side runs in its own fresh process so peak memory (ru_maxrss) is its own.
Prints the figures and the ratios; targets: >= 2.0x faster, peak memory <= 3x the file,
first 1,000 examples available in < 0.5 s.

    python bench/dataset_bench.py [--examples 100000] [--file PATH] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "the a an order refund account password reset shipping delivery customer please thank you help "
    "when where why how which could would should invoice payment card bank transfer subscription plan "
    "upgrade downgrade cancel renew weekly monthly yearly price discount coupon code error message "
    "screen button settings profile email phone address city street number parcel tracking warehouse "
    "return policy days within receipt product size colour color small medium large exchange store "
    "online app update version install device laptop tablet battery charger cable warranty repair "
    "appointment schedule today tomorrow morning evening hours team manager support agent ticket"
).split()
SYSTEMS = [
    "You are Ada, a friendly support assistant for an online shop. Answer briefly and politely.",
    "You are a careful assistant that answers customer questions in plain English.",
    "You help customers with orders, refunds and accounts. Be concise.",
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), str(rng.randrange(10, 99999)))
    return " ".join(words) + rng.choice([".", ".", "?", "!"])


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(6, 22)) for _ in range(sentences))


def make_dataset(path: Path, n: int, seed: int = 1234) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            messages = [{"role": "system", "content": rng.choice(SYSTEMS)}]
            for _turn in range(1 if rng.random() < 0.8 else 2):
                messages.append({"role": "user", "content": paragraph(rng, rng.randint(2, 6))})
                messages.append({"role": "assistant", "content": paragraph(rng, rng.randint(5, 11))})
            if i % 50 == 0:
                messages[1]["content"] += " Merci 😊 — 谢谢"
            f.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")


def baseline(path: str) -> dict:
    """The cookbook notebook, condensed: load, format checks, token counts."""
    import tiktoken  # noqa: F401  (the encoding is prepared by core.datasets.tokens)

    from core.datasets.tokens import tiktoken_encoding

    t0 = time.perf_counter()
    encoding = tiktoken_encoding("o200k_base")
    with open(path, encoding="utf-8") as f:
        dataset = [json.loads(line) for line in f]
    format_errors: dict[str, int] = {}
    for ex in dataset:
        if not isinstance(ex, dict):
            format_errors["data_type"] = format_errors.get("data_type", 0) + 1
            continue
        messages = ex.get("messages", None)
        if not messages:
            format_errors["missing_messages_list"] = format_errors.get("missing_messages_list", 0) + 1
            continue
        for message in messages:
            if "role" not in message or "content" not in message:
                format_errors["message_missing_key"] = format_errors.get("message_missing_key", 0) + 1
            if any(k not in ("role", "content", "name", "function_call", "weight") for k in message):
                format_errors["message_unrecognized_key"] = format_errors.get("message_unrecognized_key", 0) + 1
            if message.get("role", None) not in ("system", "user", "assistant", "function"):
                format_errors["unrecognized_role"] = format_errors.get("unrecognized_role", 0) + 1
            content = message.get("content", None)
            if (not content and not message.get("function_call", None)) or not isinstance(content, str):
                format_errors["missing_content"] = format_errors.get("missing_content", 0) + 1
        if not any(m.get("role", None) == "assistant" for m in messages):
            format_errors["example_missing_assistant_message"] = format_errors.get("example_missing_assistant_message", 0) + 1

    def num_tokens_from_messages(messages, tokens_per_message=3, tokens_per_name=1):
        num_tokens = 0
        for message in messages:
            num_tokens += tokens_per_message
            for key, value in message.items():
                num_tokens += len(encoding.encode(value))
                if key == "name":
                    num_tokens += tokens_per_name
        num_tokens += 3
        return num_tokens

    def num_assistant_tokens_from_messages(messages):
        return sum(len(encoding.encode(m["content"])) for m in messages if m["role"] == "assistant")

    totals, assistant = [], []
    for ex in dataset:
        totals.append(num_tokens_from_messages(ex["messages"]))
        assistant.append(num_assistant_tokens_from_messages(ex["messages"]))
    elapsed = time.perf_counter() - t0
    return {"seconds": elapsed, "tokens": sum(totals), "trained": sum(assistant), "examples": len(dataset)}


def tunedesk(path: str) -> dict:
    from core.datasets import check_file

    t0 = time.perf_counter()
    first: list[float] = []

    def on_chunk(reader, chunk):
        if not first and chunk.start + len(chunk.examples) >= 1000:
            first.append(time.perf_counter() - t0)

    report = check_file(path, "gpt-4o-mini", on_chunk=on_chunk)
    elapsed = time.perf_counter() - t0
    return {
        "seconds": elapsed,
        "first_1000": first[0] if first else None,
        "tokens": report.stats.total,
        "trained": report.stats.trained,
        "examples": len(report.dataset),
        "errors": report.errors,
    }


def child(which: str, path: str) -> None:
    result = baseline(path) if which == "baseline" else tunedesk(path)
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps(result))


def run_child(which: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", which, "--file", str(path)],
        check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=100_000)
    ap.add_argument("--file", type=Path, default=ROOT / "bench" / "out" / "chat_100k.jsonl")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", choices=("baseline", "tunedesk"))
    args = ap.parse_args()
    if args.child:
        child(args.child, str(args.file))
        return
    if not args.file.exists():
        args.file.parent.mkdir(parents=True, exist_ok=True)
        print(f"making {args.examples:,} examples (seed 1234) in {args.file} …", flush=True)
        make_dataset(args.file, args.examples)
    size = args.file.stat().st_size
    print(f"file: {args.file} ({size / 1e6:.1f} MB), cpus: {os.cpu_count()}")
    # Interpreter + imports alone, to read peak memory as the dataset's own cost too.
    idle = json.loads(subprocess.run(
        [sys.executable, "-c", "import json,resource,core.datasets.tokens as t; t.tiktoken_encoding('o200k_base');"
         "print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss*1024))"],
        check=True, capture_output=True, text=True, cwd=ROOT).stdout)
    # Alternate the two, several rounds, and take medians: this machine's speed drifts.
    runs: dict[str, list[dict]] = {"baseline": [], "tunedesk": []}
    for _ in range(args.rounds):
        for which in runs:
            runs[which].append(run_child(which, args.file))

    def median(which: str) -> dict:
        ordered = sorted(runs[which], key=lambda r: r["seconds"])
        return ordered[len(ordered) // 2]

    base, ours = median("baseline"), median("tunedesk")
    print(f"rounds: {args.rounds} (medians shown); baseline runs "
          + ", ".join(f"{r['seconds']:.2f}" for r in runs["baseline"]) + " s; tunedesk runs "
          + ", ".join(f"{r['seconds']:.2f}" for r in runs["tunedesk"]) + " s")
    if base["tokens"] != ours["tokens"]:
        print(f"note: token totals differ: baseline {base['tokens']:,}, tunedesk {ours['tokens']:,}")
    print(f"baseline (cookbook): {base['seconds']:.2f} s, peak {base['peak_rss'] / 1e6:.0f} MB, "
          f"{base['tokens']:,} tokens")
    print(f"tunedesk:            {ours['seconds']:.2f} s, peak {ours['peak_rss'] / 1e6:.0f} MB, "
          f"{ours['tokens']:,} tokens, {ours['errors']} errors")
    print(f"speed-up: {base['seconds'] / ours['seconds']:.2f}x  (target >= 2.0x)")
    print(f"peak memory / file size: {ours['peak_rss'] / size:.2f}x  (target <= 3x; "
          f"{(ours['peak_rss'] - idle) / size:.2f}x above the {idle / 1e6:.0f} MB idle process)")
    print(f"first 1,000 examples after: {ours['first_1000']:.3f} s  (target < 0.5 s)")


if __name__ == "__main__":
    main()
