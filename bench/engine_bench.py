"""Training and generation speed of the local engine, against a plain loop and TRL.

Same model (the bundled SmolLM2-135M-Instruct), same data, epochs, batch size, learning
rate, LoRA settings and seed for every trainer:

- engine:    `tunedesk engine` driven through the openai SDK (its own trainer process);
- plain:     transformers + peft, random batches padded per batch, no packing, the
             model's own loss with labels -100 outside the assistant's turns;
- trl:       TRL's SFTTrainer (when TRL is installed), twice: with its defaults, which
             are bf16 and gradient checkpointing (on a CPU without bf16 support that
             crawls, so it is timed over its first steps only), and in fp32 to the end.

Training tokens per second count the non-padding tokens of every batch, the same way for
all three. Each run's final validation loss is computed the same way for all three: mean
cross-entropy over the assistant tokens of the validation set. Then generation tokens
per second and time to first token for the engine's tuned model.

Target: the engine at >= 2.5x the plain (fp32) loop's tokens/s, validation loss no more
than 2% above the plain loop's. Each line says the precision it trained in: the engine
trains in bf16 where the CPU computes it natively (core/engine/cpu.training_precision).

    python bench/engine_bench.py [--examples 96] [--epochs 2] [--batch-size 8]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LR = 2e-4 * 5  # the engine's base rate times learning_rate_multiplier 5
TOPICS = ["the weather", "a recipe", "a train timetable", "a chess opening", "the moon", "a garden", "a bicycle",
          "a library", "the ocean", "a violin", "a volcano", "a museum"]
WORDS = ("the a of to and in is it you that he was for on are with as I his they be at one have this from or "
         "had by hot word but what some we can out other were all there when up use your how said an each she "
         "which do their time if will way about many then them write would like so these her long make thing see "
         "him two has look more day could go come did number sound no most people my over know water than call").split()


def make_data(n: int, seed: int) -> list[dict]:
    """Chat examples of widely varying length (like real data), with a learnable reply style."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        topic = rng.choice(TOPICS)
        q_len = rng.choice([8, 15, 30, 60, 120])
        a_len = rng.choice([10, 25, 50, 100, 180])
        question = f"Tell me about {topic}. " + " ".join(rng.choice(WORDS) for _ in range(q_len))
        answer = f"Here is a note on {topic}: " + " ".join(rng.choice(WORDS) for _ in range(a_len)) + " — end of note."
        rows.append({"messages": [{"role": "system", "content": "You write short notes."},
                                  {"role": "user", "content": question},
                                  {"role": "assistant", "content": answer}]})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def encoded(tokenizer, rows):
    from core.engine.data import encode_example
    from core.engine.train import MAX_TOKENS

    return [encode_example(tokenizer, r, MAX_TOKENS) for r in rows]


def valid_loss(model, tokenizer, valid_rows) -> float:
    from core.engine.train import Scorer, evaluate

    model.eval()
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    return evaluate(Scorer(model), encoded(tokenizer, valid_rows), pad)[0]


def lora_config():
    from peft import LoraConfig

    from core.engine.train import LORA_ALPHA, LORA_DROPOUT, LORA_RANK, LORA_TARGETS

    return LoraConfig(r=LORA_RANK, lora_alpha=LORA_ALPHA, lora_dropout=LORA_DROPOUT, bias="none",
                      target_modules=list(LORA_TARGETS), task_type="CAUSAL_LM")


def catalog():
    from core import paths
    from core.engine.catalog import Catalog

    return Catalog(paths.cache_dir() / "models")


# -- the three trainers ------------------------------------------------------------


def run_plain(train_rows, valid_rows, epochs, batch_size, seed) -> dict:
    import torch
    from peft import get_peft_model

    from core.engine.catalog import BUNDLED

    torch.manual_seed(seed)
    random.seed(seed)
    model, tokenizer = catalog().load_model(BUNDLED)
    model = get_peft_model(model, lora_config())
    model.train()
    data = encoded(tokenizer, train_rows)
    pad = tokenizer.pad_token_id
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.0)
    total = epochs * math.ceil(len(data) / batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, 1 - s / total))
    rng = random.Random(seed)
    tokens = 0
    start = time.perf_counter()
    for _ in range(epochs):
        order = list(range(len(data)))
        rng.shuffle(order)
        for b in range(0, len(order), batch_size):
            batch = [data[i] for i in order[b : b + batch_size]]
            width = max(len(e.ids) for e in batch)
            ids = torch.full((len(batch), width), pad)
            att = torch.zeros((len(batch), width), dtype=torch.long)
            labels = torch.full((len(batch), width), -100)
            for r, e in enumerate(batch):
                ids[r, : len(e.ids)] = torch.tensor(e.ids)
                att[r, : len(e.ids)] = 1
                labels[r, : len(e.ids)] = torch.tensor([t if m else -100 for t, m in zip(e.ids, e.mask)])
            loss = model(input_ids=ids, attention_mask=att, labels=labels).loss
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            tokens += int(att.sum())
    seconds = time.perf_counter() - start
    return {"tokens": tokens, "seconds": seconds, "valid_loss": valid_loss(model, tokenizer, valid_rows)}


TRL_DEFAULT_STEPS = 2  # TRL's defaults (bf16, gradient checkpointing) crawl on a CPU without bf16


def run_trl(train_rows, valid_rows, epochs, batch_size, seed, workdir: Path, fp32: bool) -> dict:
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    from core.engine.catalog import BUNDLED

    model, tokenizer = catalog().load_model(BUNDLED)
    extra = {"bf16": False, "gradient_checkpointing": False} if fp32 else {"max_steps": TRL_DEFAULT_STEPS}
    args = SFTConfig(output_dir=str(workdir / "trl"), num_train_epochs=epochs, per_device_train_batch_size=batch_size,
                     learning_rate=LR, seed=seed, report_to=[], save_strategy="no", logging_strategy="no",
                     use_cpu=True, dataloader_num_workers=0, **extra)
    trainer = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(train_rows),
                         processing_class=tokenizer, peft_config=lora_config())
    sizes = [int(b["attention_mask"].sum()) if "attention_mask" in b else int(b["input_ids"].numel())
             for b in trainer.get_train_dataloader()]
    tokens = sum(sizes) * epochs if fp32 else sum(sizes[:TRL_DEFAULT_STEPS])
    out = trainer.train()
    return {"tokens": tokens, "seconds": out.metrics["train_runtime"],
            "valid_loss": valid_loss(trainer.model, tokenizer, valid_rows) if fp32 else None}


def start_engine(data_dir: Path, env: dict[str, str] | None = None):
    """`tunedesk engine` as the app starts it: (process, SDK client)."""
    import openai

    from core import paths

    token = "bench-token"
    proc = subprocess.Popen([sys.executable, "-m", "gui.launch", "engine", "--data-dir", str(data_dir),
                             "--model-cache", str(paths.cache_dir() / "models"), "--token", token],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env)
    url = None
    for line in proc.stdout:
        m = re.search(r"listening on (\S+)", line)
        if m:
            url = m.group(1)
            break
    return proc, openai.OpenAI(base_url=url, api_key=token, timeout=600)


def run_engine(train_path: Path, valid_rows, epochs, batch_size, seed, workdir: Path) -> dict:
    from core.engine.catalog import BUNDLED

    proc, client = start_engine(workdir / "engine")
    try:
        fid = client.files.create(file=open(train_path, "rb"), purpose="fine-tune").id
        job = client.fine_tuning.jobs.create(model=BUNDLED, training_file=fid, seed=seed, hyperparameters={
            "n_epochs": epochs, "batch_size": batch_size, "learning_rate_multiplier": 5})
        while job.status not in ("succeeded", "failed", "cancelled"):
            time.sleep(1)
            job = client.fine_tuning.jobs.retrieve(job.id)
        assert job.status == "succeeded", job.error
        # The trainer logs its own loop's tokens and time (model loading excluded, as for the others).
        precision = next((e.data["precision"] for e in client.fine_tuning.jobs.list_events(job.id, limit=100)
                          if isinstance(getattr(e, "data", None), dict) and "precision" in e.data), "fp32")
        log = (workdir / "engine" / "jobs" / job.id / "train.log").read_text()
        m = re.search(r"trained (\d+) tokens in ([\d.]+) s", log)
        tokens, seconds = int(m.group(1)), float(m.group(2))
        # Generation: time to first token and tokens per second, streaming.
        msgs = [{"role": "user", "content": "Tell me about the moon. Write a long note."}]
        ttfts, rates = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            first = None
            n = 0
            for ch in client.chat.completions.create(model=job.fine_tuned_model, messages=msgs, temperature=0,
                                                     max_tokens=96, stream=True, stream_options={"include_usage": True}):
                if ch.choices and ch.choices[0].delta.content and first is None:
                    first = time.perf_counter()
                if ch.usage:
                    n = ch.usage.completion_tokens
            end = time.perf_counter()
            ttfts.append(first - t0)
            rates.append((n - 1) / (end - first) if n > 1 else 0.0)
        adapter = Path(workdir / "engine" / "jobs" / job.id / "model")
        model, tokenizer = catalog().load_model(BUNDLED)
        from peft import PeftModel

        tuned = PeftModel.from_pretrained(model, adapter)
        return {"tokens": tokens, "seconds": seconds, "valid_loss": valid_loss(tuned, tokenizer, valid_rows),
                "ttft": sorted(ttfts)[1], "gen_tps": sorted(rates)[1], "precision": precision}
    finally:
        proc.terminate()
        proc.wait(30)


def child(which: str, spec: dict) -> None:
    train_rows = [json.loads(x) for x in Path(spec["train"]).read_text().splitlines()]
    valid_rows = [json.loads(x) for x in Path(spec["valid"]).read_text().splitlines()]
    workdir = Path(spec["workdir"])
    args = (spec["epochs"], spec["batch_size"], spec["seed"])
    if which == "plain":
        out = run_plain(train_rows, valid_rows, *args)
    elif which.startswith("trl"):
        out = run_trl(train_rows, valid_rows, *args, workdir, fp32=which == "trl-fp32")
    else:
        out = run_engine(Path(spec["train"]), valid_rows, *args, workdir)
    print("RESULT " + json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=96)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--skip-trl", action="store_true")
    ap.add_argument("--child")
    ap.add_argument("--spec")
    a = ap.parse_args()
    if a.child:
        child(a.child, json.loads(a.spec))
        return
    work = Path(tempfile.mkdtemp(prefix="engine-bench-"))
    rows = make_data(a.examples + a.examples // 4, a.seed)
    train, valid = rows[: a.examples], rows[a.examples :]
    spec = {"train": str(write_jsonl(work / "train.jsonl", train)), "valid": str(write_jsonl(work / "valid.jsonl", valid)),
            "workdir": str(work), "epochs": a.epochs, "batch_size": a.batch_size, "seed": a.seed}
    print(f"data: {len(train)} training and {len(valid)} validation examples, {a.epochs} epochs, batch size "
          f"{a.batch_size}, seed {a.seed}, lr {LR}, cpus {os.cpu_count()}", flush=True)
    catalog().folder("smollm2-135m-instruct")  # convert once, outside every timing

    results = {}
    for which in ("engine", "plain") + (() if a.skip_trl else ("trl-fp32", "trl")):
        proc = subprocess.run([sys.executable, __file__, "--child", which, "--spec", json.dumps(spec)],
                              capture_output=True, text=True, cwd=ROOT)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            why = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"{which}: did not run ({why})", flush=True)
            continue
        r = json.loads(line[7:])
        r["tps"] = r["tokens"] / r["seconds"]
        results[which] = r
        loss = f"final validation loss {r['valid_loss']:.4f}" if r["valid_loss"] is not None else \
            f"stopped after {TRL_DEFAULT_STEPS} steps: its defaults (bf16, gradient checkpointing) are too slow here"
        label = {"trl": "trl (defaults)", "trl-fp32": "trl (fp32)"}.get(which, which)
        label += f" [{r.get('precision', 'bf16' if which == 'trl' else 'fp32')}]"
        print(f"{label:>22}: {r['tps']:7.1f} training tokens/s ({r['tokens']:,} tokens in {r['seconds']:.1f} s), "
              f"{loss}", flush=True)
    if "engine" in results and "plain" in results:
        e, p = results["engine"], results["plain"]
        print(f"engine / plain: {e['tps'] / p['tps']:.2f}x tokens/s (target >= 2.5x); validation loss "
              f"{(e['valid_loss'] / p['valid_loss'] - 1) * 100:+.1f}% vs plain (target <= +2%)")
        for key, label in (("trl-fp32", "trl (fp32)"), ("trl", "trl (defaults)")):
            if key in results:
                print(f"engine / {label}: {e['tps'] / results[key]['tps']:.2f}x tokens/s")
        print(f"generation (tuned model, streaming): {e['gen_tps']:.1f} tokens/s, time to first token "
              f"{e['ttft'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
