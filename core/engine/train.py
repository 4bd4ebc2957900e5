"""LoRA fine-tuning of one job, in its own process:
`python -m core.engine.train DATA_DIR JOB_ID MODEL_CACHE [NAME=PATH ...]`.

What makes it faster than a plain loop, without changing what is learned:
- batches are built from examples of similar length (shuffled, seeded), so little
  compute goes to padding;
- the output layer and the loss are computed only at the positions that are trained
  (assistant tokens, completions) instead of over the whole vocabulary at every token.

A checkpoint (adapter, optimizer, scheduler, random state) is written after every
epoch; a job cut off by a crash resumes from the last one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import random
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..datasets import load as load_dataset
from ..datasets.models import LOCAL_TRAIN_LIMIT
from ..datasets.stats import default_epochs
from . import ids
from .catalog import Catalog
from .data import Encoded, encode_example
from .store import Store, now

BASE_LEARNING_RATE = 2e-4  # times learning_rate_multiplier ("auto" = 1)
LORA_RANK, LORA_ALPHA, LORA_DROPOUT = 16, 32, 0.05
LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
MAX_TOKENS = LOCAL_TRAIN_LIMIT  # per example; longer ones are cut, and the job's events say so
MAX_METRIC_EVENTS = 1000
_DROPOUT_BITS: Any = None  # the LoRA dropout's random generator (dropout.py), saved with resumable state


def auto_batch_size(n_examples: int) -> int:
    return max(1, min(8, n_examples // 16))


def resolve_hyperparameters(hp: dict[str, Any], n_examples: int) -> dict[str, Any]:
    def pick(key: str, auto: Any) -> Any:
        value = hp.get(key, "auto")
        return auto if value in (None, "auto") else value

    return {
        "n_epochs": int(pick("n_epochs", default_epochs(n_examples))),
        "batch_size": int(pick("batch_size", auto_batch_size(n_examples))),
        "learning_rate_multiplier": float(pick("learning_rate_multiplier", 1.0)),
    }


def length_grouped_batches(lengths: list[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """Seeded: shuffle, sort windows of 50 batches by length, cut, shuffle the batches."""
    rng = random.Random(seed * 1_000_003 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        part = sorted(order[start : start + window], key=lengths.__getitem__)
        batches.extend(part[i : i + batch_size] for i in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def collate(examples: list[Encoded], pad_id: int):
    import torch

    width = max(len(e.ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(examples), width), dtype=torch.long)
    trained = torch.zeros((len(examples), width), dtype=torch.bool)
    for row, e in enumerate(examples):
        n = len(e.ids)
        ids[row, :n] = torch.tensor(e.ids)
        attention[row, :n] = 1
        trained[row, :n] = torch.tensor(e.mask)
    return ids, attention, trained


class Scorer:
    """Loss and token accuracy over the trained positions only."""

    def __init__(self, model: Any) -> None:
        base = model.get_base_model() if hasattr(model, "get_base_model") else model
        self.model = model
        self.decoder = base.get_decoder()
        self.head = base.get_output_embeddings()
        # Models that post-process logits would be scored wrongly by the shortcut.
        self.shortcut = not getattr(base.config, "final_logit_softcapping", None) and self.decoder is not None

    def __call__(self, ids, attention, trained):
        import torch
        import torch.nn.functional as F

        targets_mask = trained[:, 1:]
        targets = ids[:, 1:][targets_mask]
        if self.shortcut:
            hidden = self.decoder(input_ids=ids, attention_mask=attention, use_cache=False).last_hidden_state
            logits = self.head(hidden[:, :-1][targets_mask])
        else:
            logits = self.model(input_ids=ids, attention_mask=attention, use_cache=False).logits[:, :-1][targets_mask]
        loss = F.cross_entropy(logits.float(), targets)
        with torch.no_grad():
            correct = (logits.argmax(-1) == targets).sum().item()
        return loss, correct, int(targets.numel())


@dataclass
class Run:
    store: Store
    job: dict[str, Any]
    catalog: Catalog

    def event(self, message: str, **kw: Any) -> None:
        self.store.add_event(self.job["id"], message, **kw)


def _read(store: Store, file_id: str | None, tokenizer: Any, limit: int = MAX_TOKENS
          ) -> tuple[list[Encoded], str, str | None]:
    """The examples to train on, the data's kind, and what was cut to fit, in words."""
    if not file_id:
        return [], "chat", None
    dataset = load_dataset(store.file_path(file_id))
    kind = str(dataset.kind)
    encoded = [encode_example(tokenizer, e.data, limit) for e in dataset.examples if isinstance(e.data, dict)]
    long = [e for e in encoded if e.cut]
    note = None
    if long:
        lost = sum(1 for e in long if e.trained == 0)
        row = store.get_file(file_id)
        name = row["filename"] if row is not None else file_id
        note = (f"{len(long):,} example(s) of {name} are longer than {limit:,} tokens: "
                f"their last {sum(e.cut for e in long):,} tokens in all are not trained on"
                + (f", and {lost:,} of them had nothing left to learn and are skipped" if lost else ""))
    return [e for e in encoded if e.trained > 0], kind, note


def evaluate(scorer: Scorer, data: list[Encoded], pad_id: int, batch_size: int = 8) -> tuple[float, float]:
    import torch

    if not data:
        return math.nan, math.nan
    total_loss = 0.0
    correct = count = 0
    order = sorted(range(len(data)), key=lambda i: len(data[i].ids))
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            batch = [data[i] for i in order[start : start + batch_size]]
            loss, ok, n = scorer(*collate(batch, pad_id))
            total_loss += loss.item() * n
            correct += ok
            count += n
    return total_loss / max(1, count), correct / max(1, count)


def train(run: Run, should_stop: Callable[[], bool] = lambda: False) -> None:
    import torch
    from peft import LoraConfig, PeftModel, get_peft_model

    store, job = run.store, run.job
    job_id = job["id"]
    job_dir = store.job_dir(job_id)
    seed = int(job["seed"])
    torch.manual_seed(seed)
    random.seed(seed)
    governor = _thread_governor()
    torch.set_num_threads(governor.threads)

    model, tokenizer = run.catalog.load_model(job["model"])
    # what one example may hold: the engine's limit, or less when the model reads less
    limit = min(MAX_TOKENS, int(getattr(model.config, "max_position_embeddings", None) or MAX_TOKENS))
    train_set, fmt, cut_train = _read(store, job["training_file"], tokenizer, limit)
    valid_set, _, cut_valid = _read(store, job.get("validation_file"), tokenizer, limit)
    if not train_set:
        raise TrainingError("invalid_training_file", "The training file has no example with tokens to train on.")
    hp = resolve_hyperparameters(job["hyperparameters"] or {}, len(train_set))
    store.update_job(job_id, hyperparameters=hp, format=fmt)
    epochs, batch_size = hp["n_epochs"], hp["batch_size"]
    lr = BASE_LEARNING_RATE * hp["learning_rate_multiplier"]
    steps_per_epoch = math.ceil(len(train_set) / batch_size)
    total_steps = epochs * steps_per_epoch
    lengths = [len(e.ids) for e in train_set]

    resume_path, state = _resume_point(store, job_id)
    if resume_path is not None:
        model = PeftModel.from_pretrained(model, resume_path, is_trainable=True)
    else:
        config = LoraConfig(r=LORA_RANK, lora_alpha=LORA_ALPHA, lora_dropout=LORA_DROPOUT, bias="none",
                            target_modules=[m for m in LORA_TARGETS if any(n.endswith(m) for n, _ in model.named_modules())]
                            or "all-linear", task_type="CAUSAL_LM")
        model = get_peft_model(model, config)
    from .dropout import use_fast_dropout

    global _DROPOUT_BITS
    _DROPOUT_BITS, _ = use_fast_dropout(model, seed)
    from .cpu import training_precision

    precision, why = training_precision()
    if precision == "bf16":  # the frozen base in bf16; the adapter (and so the optimizer) stays fp32
        for p in model.parameters():
            if not p.requires_grad:
                p.data = p.data.to(torch.bfloat16)
    mixed = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if precision == "bf16" else contextlib.nullcontext
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, 1 - s / max(1, total_steps)))
    start_epoch, step, trained_tokens, done_batches = 0, 0, 0, -1
    history: list[dict[str, Any]] = []
    if state is not None:
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(state["torch_rng"])
        if state.get("dropout_bits") is not None:
            _DROPOUT_BITS.bit_generator.state = state["dropout_bits"]
        step, trained_tokens, history = state["step"], state["trained_tokens"], state["history"]
        if state.get("batch") is None:  # saved at the end of an epoch
            start_epoch = state["epoch"] + 1
        else:  # saved part-way through one: skip the batches it had done
            start_epoch, done_batches = state["epoch"], state["batch"]
        # The steps after this one were lost with the process: the app drops them from
        # its progress and chart when it sees ``resumed_at_step``.
        run.event(f"Resuming from step {step} of {total_steps} (epoch {min(start_epoch, epochs - 1) + 1} of {epochs}); "
                  "the steps after it are trained again", data={"resumed_at_step": step})
    else:
        run.event("Fine-tuning job started")
    run.event(governor.reason)
    run.event(why, data={"precision": precision})
    for note in (cut_train, cut_valid):
        if note:
            run.event(note, level="warn")

    scorer = Scorer(model)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    every = max(1, math.ceil(total_steps / MAX_METRIC_EVENTS))
    started = time.monotonic()
    steps_this_run = 0
    tokens_this_run = 0
    from .cpu import Pace

    pace = Pace(run.catalog.cache / "training-speed.json", job["model"], governor.threads)
    total_tokens = sum(lengths) * epochs  # what the loop will count as trained (no padding)
    first = pace.finish(total_tokens - trained_tokens)
    if first is not None:  # known from earlier jobs on this computer: an estimate before the first step
        store.update_job(job_id, estimated_finish=first, only_if_status=("running",))
    saved_at = time.monotonic()
    for epoch in range(start_epoch, epochs):
        batches = length_grouped_batches(lengths, batch_size, seed, epoch)
        for b, batch_idx in enumerate(batches):
            if epoch == start_epoch and b <= done_batches:
                continue
            if should_stop():
                return
            changed = governor.check()
            if changed:
                torch.set_num_threads(governor.threads)
                pace.rethread(governor.threads)
                run.event(changed)
            batch = [train_set[i] for i in batch_idx]
            ids_, attention, trained = collate(batch, pad_id)
            with mixed():
                loss, correct, n = scorer(ids_, attention, trained)
            if not math.isfinite(loss.item()):
                raise TrainingError(
                    "training_diverged",
                    f"The training loss became {loss.item()} at step {step + 1}: training diverged, so there is "
                    f"no model to keep. Lower the learning rate multiplier (it was "
                    f"{hp['learning_rate_multiplier']}) and start the job again.")
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            steps_this_run += 1
            trained_tokens += int(attention.sum())
            tokens_this_run += int(attention.sum())
            pace.step(int(attention.sum()))
            metrics: dict[str, Any] = {"step": step, "total_steps": total_steps, "train_loss": loss.item(),
                                       "train_mean_token_accuracy": correct / max(1, n)}
            last_of_epoch = b == len(batches) - 1
            if last_of_epoch and valid_set:
                model.eval()
                with mixed():
                    vloss, vacc = evaluate(scorer, valid_set, pad_id)
                model.train()
                metrics.update(valid_loss=vloss, valid_mean_token_accuracy=vacc,
                               full_valid_loss=vloss, full_valid_mean_token_accuracy=vacc)
            history.append(metrics)
            eta = pace.finish(total_tokens - trained_tokens)
            store.update_job(job_id, trained_tokens=trained_tokens, only_if_status=("running",),
                             **({"estimated_finish": eta} if eta is not None else {}))
            if step % every == 0 or last_of_epoch:
                text = f"Step {step}/{total_steps}: training loss={metrics['train_loss']:.2f}"
                if "valid_loss" in metrics:
                    text += f", validation loss={metrics['valid_loss']:.2f}"
                run.event(text, type="metrics", data=metrics)
            if not last_of_epoch and time.monotonic() - saved_at >= _resume_every():
                # Between epochs too: a crash loses minutes of work, not an epoch.
                _save_state(job_dir / "resume", model, optimizer, scheduler, epoch, b, step, trained_tokens, history)
                saved_at = time.monotonic()
        _checkpoint(run, model, optimizer, scheduler, epoch, step, trained_tokens, history, fmt)
        _remove_tree(job_dir / "resume")  # the checkpoint is newer
        saved_at = time.monotonic()

    pace.save()
    elapsed = time.monotonic() - started
    print(f"trained {tokens_this_run} tokens in {elapsed:.3f} s ({tokens_this_run / max(elapsed, 1e-9):.1f} tokens/s)",
          flush=True)
    final_dir = job_dir / "model"
    model.save_pretrained(final_dir)
    name = job["model_name"]
    store.add_model(name, job["model"], job_id, str(final_dir), "fine-tuned", fmt)
    result = _result_file(store, job_id, history)
    run.event(f"New fine-tuned model created: {name}")
    finished = store.update_job(job_id, status="succeeded", fine_tuned_model=name, finished_at=now(),
                                trained_tokens=trained_tokens, result_files=[result], estimated_finish=None,
                                only_if_status=("running",))
    if finished:
        run.event("The job has successfully completed")


RESUME_EVERY_ENV = "TUNEDESK_RESUME_EVERY"  # seconds between resumable states within an epoch


def _resume_every() -> float:
    try:
        return float(os.environ.get(RESUME_EVERY_ENV, "") or 180)
    except ValueError:
        return 180.0


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _save_state(path: Path, model, optimizer, scheduler, epoch: int, batch: int | None, step: int,
                trained_tokens: int, history: list[dict[str, Any]]) -> None:
    """The adapter and everything needed to go on from here, written whole or not at all.
    ``batch``: the last batch done in ``epoch``, or None at the epoch's end."""
    import torch

    tmp = path.with_name(path.name + ".partial")
    _remove_tree(tmp)
    model.save_pretrained(tmp)
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                "torch_rng": torch.get_rng_state(),
                "dropout_bits": _DROPOUT_BITS.bit_generator.state if _DROPOUT_BITS is not None else None,
                "epoch": epoch, "batch": batch, "step": step,
                "trained_tokens": trained_tokens, "history": history}, tmp / "trainer_state.pt")
    _remove_tree(path)
    os.replace(tmp, path)


def _resume_point(store: Store, job_id: str) -> tuple[str | None, dict[str, Any] | None]:
    """Where a job cut off goes on from: its newest epoch checkpoint or the newer state
    saved part-way through an epoch; (None, None) to start afresh."""
    import torch

    best: tuple[str | None, dict[str, Any] | None] = (None, None)
    checkpoints = store.list_checkpoints(job_id)
    candidates = [Path(checkpoints[0]["path"])] if checkpoints else []
    candidates.append(store.job_dir(job_id) / "resume")
    for path in candidates:
        state_file = path / "trainer_state.pt"
        if not state_file.exists():
            continue
        state = torch.load(state_file, weights_only=False)
        if best[1] is None or state["step"] > best[1]["step"]:
            best = (str(path), state)
    return best


def _checkpoint(run: Run, model, optimizer, scheduler, epoch: int, step: int, trained_tokens: int,
                history: list[dict[str, Any]], fmt: str) -> None:
    store, job = run.store, run.job
    path = store.job_dir(job["id"]) / "checkpoints" / f"step-{step}"
    _save_state(path, model, optimizer, scheduler, epoch, None, step, trained_tokens, history)
    last = history[-1]
    metrics = {k: last.get(k) for k in ("step", "train_loss", "train_mean_token_accuracy", "valid_loss",
                                        "valid_mean_token_accuracy", "full_valid_loss", "full_valid_mean_token_accuracy")}
    name = ids.checkpoint_name(job["model_name"], step)
    store.add_checkpoint(job["id"], name, step, epoch, metrics, str(path))
    store.add_model(name, job["model"], job["id"], str(path), "checkpoint", fmt)


def _result_file(store: Store, job_id: str, history: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy"])
    for m in history:
        w.writerow([m["step"], m["train_loss"], m["train_mean_token_accuracy"],
                    m.get("valid_loss", ""), m.get("valid_mean_token_accuracy", "")])
    data = buf.getvalue().encode()
    fid = ids.file_id()
    store.file_path(fid).write_bytes(data)
    store.add_file(fid, "step_metrics.csv", "fine-tune-results", len(data))
    return fid


THREADS_ENV = "TUNEDESK_TRAIN_THREADS"  # a fixed thread count instead of the automatic choice


def _thread_governor() -> Any:
    from .cpu import Governor

    fixed = os.environ.get(THREADS_ENV, "")
    return Governor(fixed=int(fixed) if fixed.isdigit() and int(fixed) > 0 else None)


class TrainingError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _die_with_parent() -> None:
    """The server holds our stdin open; when it goes (even by kill -9), so do we."""

    def watch() -> None:
        try:
            while sys.stdin.buffer.read(1):
                pass
        finally:
            os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    data_dir, job_id, model_cache = argv[0], argv[1], argv[2]
    extra = dict(a.split("=", 1) for a in argv[3:])
    _die_with_parent()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(143))
    store = Store(data_dir)
    job = store.get_job(job_id)
    if job is None:
        return 2
    run = Run(store, job, Catalog(model_cache, extra))
    try:
        train(run)
    except TrainingError as exc:
        _fail(store, job_id, exc.code, exc.message)
        return 1
    except Exception as exc:  # noqa: BLE001 - any failure must end the job, with its reason
        traceback.print_exc()
        _fail(store, job_id, "training_error", f"Training stopped: {type(exc).__name__}: {exc}")
        return 1
    return 0


def _fail(store: Store, job_id: str, code: str, message: str) -> None:
    if store.update_job(job_id, status="failed", error={"code": code, "message": message, "param": None},
                        finished_at=now(), estimated_finish=None, only_if_status=("running",)):
        store.add_event(job_id, message, level="error")


def run_and_exit(argv: list[str] | None = None) -> None:
    """Train, then leave at once: the thread watching stdin holds stdin's lock, and a
    normal interpreter shutdown then aborts ("could not acquire lock for <stdin> at
    interpreter shutdown") instead of exiting with the job's code."""
    code = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run_and_exit()
