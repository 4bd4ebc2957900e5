"""Training on a computer that is doing something else too.

Runs the same small fine-tuning job of the bundled SmolLM2-135M-Instruct on the local
engine three times, in one run:

- idle:        nothing else running; the engine chooses its threads (new behaviour);
- loaded-old:  a CPU-bound program runs beside it, and the trainer uses one thread per
               core, as it did before (TUNEDESK_TRAIN_THREADS set to the core count);
- loaded-new:  the same program beside it; the engine measures what other programs use
               and leaves them their cores.

It prints each run's training tokens/s (the trainer's own loop, model loading excluded,
from its log), the thread choice the job's events reported, and the ratio
loaded-new / loaded-old (target >= 3x). For the estimate it prints, per run, the time the
job's first `estimated_finish` predicted against the time it took (the error).

    python bench/shared_cpu_bench.py [--examples 24] [--batch-size 4]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.engine_bench import make_data, start_engine, write_jsonl  # noqa: E402


def burn(stop_at: float) -> None:
    """A CPU-bound program: pure Python arithmetic until ``stop_at``."""
    x = 0
    while time.time() < stop_at:
        for i in range(100_000):
            x = (x * 31 + i) % 1_000_003


def run(train_path: Path, workdir: Path, *, batch_size: int, threads: int | None, loaded: bool) -> dict:
    from core.engine.catalog import BUNDLED
    from core.engine.train import THREADS_ENV

    env = {k: v for k, v in os.environ.items() if k != THREADS_ENV}
    if threads:
        env[THREADS_ENV] = str(threads)
    proc, client = start_engine(workdir / "engine", env)
    burner = None
    try:
        if loaded:
            burner = multiprocessing.Process(target=burn, args=(time.time() + 3600,), daemon=True)
            burner.start()
        fid = client.files.create(file=open(train_path, "rb"), purpose="fine-tune").id
        started = time.time()
        job = client.fine_tuning.jobs.create(model=BUNDLED, training_file=fid, seed=1, hyperparameters={
            "n_epochs": 1, "batch_size": batch_size, "learning_rate_multiplier": 1})
        first_eta = None
        while job.status not in ("succeeded", "failed", "cancelled"):
            time.sleep(0.5)  # polling, as the app does
            job = client.fine_tuning.jobs.retrieve(job.id)
            if first_eta is None and job.estimated_finish:
                first_eta = (job.estimated_finish - started, time.time() - started)
        assert job.status == "succeeded", job.error
        took = time.time() - started
        log = (workdir / "engine" / "jobs" / job.id / "train.log").read_text()
        m = re.search(r"trained (\d+) tokens in ([\d.]+) s", log)
        tokens, seconds = int(m.group(1)), float(m.group(2))
        events = [e.message for e in client.fine_tuning.jobs.list_events(job.id, limit=100)]
        choice = next((e for e in reversed(events) if e.startswith("Training with")), "?")
        return {"tokens": tokens, "seconds": seconds, "tps": tokens / seconds, "threads": choice,
                "took": took, "eta": first_eta}
    finally:
        if burner is not None:
            burner.terminate()
            burner.join()
        proc.terminate()
        proc.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=24)
    parser.add_argument("--batch-size", type=int, default=4)
    args = parser.parse_args()
    from core.engine.cpu import cores

    n = cores()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        train = write_jsonl(work / "train.jsonl", make_data(args.examples, seed=3))
        results = {}
        for name, threads, loaded in (("idle", None, False), ("loaded-old", n, True), ("loaded-new", None, True)):
            print(f"{name}: training {args.examples} examples, batch {args.batch_size} …", flush=True)
            results[name] = run(train, work / name, batch_size=args.batch_size, threads=threads, loaded=loaded)
            r = results[name]
            eta = ""
            if r["eta"]:
                predicted, at = r["eta"]
                eta = (f"; first estimate (at {at:.0f} s) said {predicted:.0f} s, took {r['took']:.0f} s: "
                       f"error {abs(predicted - r['took']) / r['took']:.0%}")
            print(f"  {r['tps']:.1f} tokens/s ({r['tokens']} tokens in {r['seconds']:.1f} s) — {r['threads']}{eta}",
                  flush=True)
    ratio = results["loaded-new"]["tps"] / results["loaded-old"]["tps"]
    print(json.dumps({k: {"tokens_per_s": round(v["tps"], 1), "threads": v["threads"]} for k, v in results.items()}))
    print(f"With a CPU-bound program beside it: new thread choice {results['loaded-new']['tps']:.1f} tokens/s, "
          f"old {results['loaded-old']['tps']:.1f} tokens/s: {ratio:.2f}x (target >= 3x) on {n} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
