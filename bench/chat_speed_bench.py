"""How fast a tuned model chats: llama.cpp (the engine's default) against the
transformers path (the engine before it, and its fallback), in the same run.

    python bench/chat_speed_bench.py [--prompts 20]

1. Trains a real job on the bundled SmolLM2-135M-Instruct (resources/samples/
   pirate_train.jsonl: 22 questions answered as a pirate; 3 epochs), through `tunedesk
   engine` and the openai SDK.
2. Starts the engine twice on the same data, `--serve llama.cpp` then `--serve
   transformers`, and on each: time to the first token of a chat reply (median of 3),
   and tokens/s streaming 256 tokens (a completion that does not end early).
3. On held-out questions, greedy replies of both: the share of token positions where
   llama.cpp's reply has the same token as the float model's (transformers computes the
   base and the LoRA adapter in fp32, i.e. the merged float model), and whether every
   fast reply still has the tuned style ("Arr, matey! … ⚓").

Targets: >= 75 tokens/s, first token <= 150 ms, >= 6x the transformers path,
>= 90 % token agreement, the style kept.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TUNEDESK_HOME", tempfile.mkdtemp(prefix="tunedesk-chat-speed-"))

HELD_OUT = ["What is the capital of Italy?", "How many wheels does a bicycle have?", "What colour is snow?",
            "Who painted the Mona Lisa?", "What is 3 plus 4?", "What is the smallest planet?",
            "How many months are in a year?", "What do spiders spin?", "What is the opposite of up?",
            "Which animal meows?", "What is boiling water called?", "How many minutes are in an hour?",
            "What do plants need to grow?", "What is the last month of the year?", "Which continent is Kenya in?",
            "What shape has four equal sides?", "Where do kangaroos live?", "What colour is a banana?",
            "Name a vegetable.", "What is 9 minus 4?"]
LONG_PROMPT = "1, 2, 3, 4, 5, 6, 7, 8, 9, 10,"  # a raw completion that counts on past 256 tokens


def start_engine(data_dir: Path, serve: str):
    import openai

    from core import paths

    token = "bench-token"
    proc = subprocess.Popen([sys.executable, "-m", "gui.launch", "engine", "--data-dir", str(data_dir),
                             "--model-cache", str(paths.cache_dir() / "models"), "--token", token, "--serve", serve],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    for line in proc.stdout:
        m = re.search(r"listening on (\S+)", line)
        if m:
            return proc, openai.OpenAI(base_url=m.group(1), api_key=token, timeout=900)
    raise SystemExit("the engine did not start")


def stop(proc) -> None:
    proc.terminate()
    proc.wait(30)


def train(client) -> str:
    from core import paths
    from core.engine.catalog import BUNDLED

    with open(paths.resource("samples/pirate_train.jsonl"), "rb") as f:  # 22 answers as a pirate
        fid = client.files.create(file=f, purpose="fine-tune").id
    job = client.fine_tuning.jobs.create(model=BUNDLED, training_file=fid, suffix="pirate", seed=1,
                                         hyperparameters={"n_epochs": 3, "batch_size": 4,
                                                          "learning_rate_multiplier": 5})
    while job.status not in ("succeeded", "failed", "cancelled"):
        time.sleep(1)
        job = client.fine_tuning.jobs.retrieve(job.id)
    assert job.status == "succeeded", job.error
    return job.fine_tuned_model


def first_token_ms(client, model: str) -> float:
    times: list[float] = []
    done: list[str] = []
    for q in ("What is the capital of Spain?", "What colour are clouds?", "Who wrote Macbeth?"):
        t0 = time.perf_counter()
        # read to the end: a stream left open would go on generating beside the next request
        for ch in client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}],
                                                 temperature=0, max_tokens=8, stream=True):
            if ch.choices and ch.choices[0].delta.content and len(times) < len(done) + 1:
                times.append((time.perf_counter() - t0) * 1000)
        done.append(q)
    print(f"  first token of 3 chat replies: {', '.join(f'{t:.0f}' for t in times)} ms")
    return statistics.median(times)


def stream_rate(client, model: str, runs: int) -> tuple[float, int]:
    """Tokens per second after the first token, streaming 256 tokens; (median, tokens)."""
    rates, counts = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        first = None
        n = 0
        for ch in client.completions.create(model=model, prompt=LONG_PROMPT, temperature=0, max_tokens=256,
                                            stream=True, stream_options={"include_usage": True}):
            if ch.choices and ch.choices[0].text and first is None:
                first = time.perf_counter()
            if ch.usage:
                n = ch.usage.completion_tokens
        end = time.perf_counter()
        rates.append((n - 1) / (end - first))
        counts.append(n)
        del t0
    return statistics.median(rates), min(counts)


def greedy_replies(client, model: str, prompts: list[str]) -> list[str]:
    return [client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}], temperature=0,
                                           max_tokens=48).choices[0].message.content for q in prompts]


def agreement(tokenizer, fast: list[str], exact: list[str]) -> tuple[int, int]:
    """Positions where both greedy replies have the same token, over the longer reply."""
    same = total = 0
    for a, b in zip(fast, exact):
        ta, tb = tokenizer(a)["input_ids"], tokenizer(b)["input_ids"]
        same += sum(x == y for x, y in zip(ta, tb))
        total += max(len(ta), len(tb))
    return same, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", type=int, default=20)
    args = ap.parse_args()
    from core.engine.fast import llama_available

    if not llama_available():
        raise SystemExit("llama-cpp-python is not installed (python3 scripts/bootstrap.py test installs it)")
    data = Path(os.environ["TUNEDESK_HOME"]) / "engine"
    prompts = HELD_OUT[: args.prompts]

    proc, client = start_engine(data, "llama.cpp")
    try:
        t0 = time.perf_counter()
        model = train(client)
        print(f"trained {model} in {time.perf_counter() - t0:.0f} s")
        t0 = time.perf_counter()
        client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Hi"}], max_tokens=1)
        print(f"first use (GGUF made once, then kept): {time.perf_counter() - t0:.1f} s")
        fast = {"ttft": first_token_ms(client, model), "rate": stream_rate(client, model, 3)}
        fast_replies = greedy_replies(client, model, prompts)
    finally:
        stop(proc)

    proc, client = start_engine(data, "transformers")
    try:
        client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Hi"}], max_tokens=1)
        slow = {"ttft": first_token_ms(client, model), "rate": stream_rate(client, model, 1)}
        exact_replies = greedy_replies(client, model, prompts)
    finally:
        stop(proc)

    from core import paths
    from core.engine.catalog import BUNDLED, Catalog

    tokenizer = Catalog(paths.cache_dir() / "models").load_tokenizer(BUNDLED)
    same, total = agreement(tokenizer, fast_replies, exact_replies)
    styled = sum(r.startswith("Arr, matey!") and r.endswith("⚓") for r in fast_replies)

    print()
    print(f"{'path':<14}{'first token':>14}{'tokens/s (256)':>17}")
    print(f"{'llama.cpp':<14}{fast['ttft']:>11.0f} ms{fast['rate'][0]:>17.1f}")
    print(f"{'transformers':<14}{slow['ttft']:>11.0f} ms{slow['rate'][0]:>17.1f}")
    print(f"streamed {fast['rate'][1]} and {slow['rate'][1]} tokens")
    print(f"ratio: {fast['rate'][0] / slow['rate'][0]:.1f}x tokens/s, first token "
          f"{slow['ttft'] / fast['ttft']:.1f}x sooner   (targets: >= 75 tokens/s, <= 150 ms, >= 6x)")
    print(f"greedy agreement with the float model on {len(prompts)} held-out prompts: {same}/{total} tokens "
          f"= {same / total:.1%} (target >= 90%)")
    print(f"tuned style kept by llama.cpp: {styled}/{len(prompts)} replies")
    for a, b in list(zip(fast_replies, exact_replies))[:3]:
        print(f"  llama.cpp: {a!r}\n  float:     {b!r}")


if __name__ == "__main__":
    main()
