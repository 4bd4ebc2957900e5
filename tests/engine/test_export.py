"""Issue [8]: a tuned model leaves TuneDesk as a merged model or its adapter, and loads
in plain transformers/peft with the same greedy answers as the engine gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

from core.engine.export import ExportError, export

from .conftest import chat_rows, finished, upload

PROMPTS = ["question 1?", "Tell me a story.", "What is JSON?", "question 77?", "Hello there"]


def greedy(model, tokenizer, text: str, n: int = 8) -> str:
    ids = tokenizer.apply_chat_template([{"role": "user", "content": text}], add_generation_prompt=True,
                                        return_tensors="pt")
    if not isinstance(ids, torch.Tensor):  # newer transformers return a BatchEncoding
        ids = ids["input_ids"]
    with torch.no_grad():
        out = model.generate(ids, max_new_tokens=n, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    return tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)


def test_merged_and_adapter_exports_answer_as_the_engine_does(start_engine, tmp_path, model_cache, tiny_model):
    engine = start_engine()
    c = engine.client
    job = c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, chat_rows(10)).id, seed=3,
                                    suffix="json", hyperparameters={"n_epochs": 2, "learning_rate_multiplier": 20})
    job = finished(c, job.id)
    assert job.status == "succeeded", job.error
    where = {"data_dir": engine.data_dir, "model_cache": model_cache, "extra_models": {"tiny": str(tiny_model)}}

    merged_dir = export(job.fine_tuned_model, tmp_path / "merged", "merged", **where)
    assert (merged_dir / "model.safetensors").exists() and (merged_dir / "tokenizer.json").exists()
    assert json.loads((merged_dir / "tunedesk.json").read_text())["model"] == job.fine_tuned_model
    assert not (tmp_path / "merged.partial").exists()
    merged = AutoModelForCausalLM.from_pretrained(merged_dir).eval()
    tokenizer = AutoTokenizer.from_pretrained(merged_dir)
    assert tokenizer.chat_template  # the chat format it was trained with travels with it
    for prompt in PROMPTS:
        served = c.chat.completions.create(model=job.fine_tuned_model, temperature=0, max_tokens=8,
                                           messages=[{"role": "user", "content": prompt}]).choices[0].message.content
        assert greedy(merged, tokenizer, prompt) == served, prompt

    adapter_dir = export(job.fine_tuned_model, tmp_path / "adapter", "adapter", **where)
    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == "tiny" and (adapter_dir / "adapter_model.safetensors").exists()
    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    with_adapter = PeftModel.from_pretrained(base, adapter_dir).eval()
    assert greedy(with_adapter, tokenizer, PROMPTS[0]) == greedy(merged, tokenizer, PROMPTS[0])

    # a checkpoint exports too; a folder that is not empty, or a model not tuned here, is refused in words
    ckpt = list(c.fine_tuning.jobs.checkpoints.list(job.id))[-1].fine_tuned_model_checkpoint
    assert export(ckpt, tmp_path / "ckpt", "adapter", **where).exists()
    with pytest.raises(ExportError, match="is not empty"):
        export(job.fine_tuned_model, tmp_path / "merged", "merged", **where)
    with pytest.raises(ExportError, match="not a model tuned on this computer"):
        export("ft:tiny:personal::nothere", tmp_path / "x", "merged", **where)
    script = Path(sys.executable).with_name("tunedesk")
    out = subprocess.run([str(script), "export", "ft:nope", "-o", str(tmp_path / "y")], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2 and "not a model tuned on this computer" in out.stderr
