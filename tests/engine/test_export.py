"""Issue [8]: a tuned model leaves TuneDesk as a merged model, its adapter or a GGUF file
with an Ollama Modelfile; each loads elsewhere (transformers/peft, llama.cpp) with the
same greedy answers as the engine gives."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

from core.engine.export import ExportError, export
from core.engine.fast import llama_available

from .conftest import chat_rows, finished, upload, wait_for
from .gotemplate import modelfile_fields, render

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
    engine = start_engine("--serve", "transformers")  # the float path, which the merged model must match
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


@pytest.mark.skipif(not llama_available(), reason="llama-cpp-python is not installed")
def test_gguf_export_loads_in_llama_cpp_with_a_modelfile_in_the_trained_format(start_engine, tmp_path, model_cache,
                                                                                 tiny_model):
    import llama_cpp

    engine = start_engine()  # llama.cpp serves (the default when it is installed)
    c = engine.client
    rows = [{"messages": [{"role": "system", "content": "Reply in JSON."}] + r["messages"][1:]} for r in chat_rows(10)]
    job = c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, rows).id, seed=3,
                                    suffix="json", hyperparameters={"n_epochs": 2, "learning_rate_multiplier": 20})
    job = finished(c, job.id)
    assert job.status == "succeeded", job.error
    where = {"data_dir": engine.data_dir, "model_cache": model_cache, "extra_models": {"tiny": str(tiny_model)}}
    # the engine made the GGUF it serves on first use; the export takes that same file
    c.chat.completions.create(model=job.fine_tuned_model, messages=[{"role": "user", "content": "hi"}], max_tokens=2)
    wait_for(lambda: any("served by llama.cpp" in line and job.fine_tuned_model in line for line in engine.output),
             10, what="the engine to say llama.cpp serves the tuned model")
    steps: list[str] = []
    out = export(job.fine_tuned_model, tmp_path / "gguf", "gguf", progress=steps.append, **where)
    ggufs = list(out.glob("*.gguf"))
    assert [g.name for g in ggufs] == [f"json-{job.fine_tuned_model.rsplit(':', 1)[1].lower()}.q8_0.gguf"]
    assert "Using the GGUF made earlier" in steps

    # llama.cpp loads it, reads the chat template and end-of-turn token from it, and its greedy
    # tokens are the engine's (which serves the same file)
    llm = llama_cpp.Llama(str(ggufs[0]), n_ctx=256, verbose=False)
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    assert llm.metadata["tokenizer.chat_template"] == tokenizer.chat_template
    assert int(llm.metadata["tokenizer.ggml.eot_token_id"]) == tokenizer.convert_tokens_to_ids("<|im_end|>")
    for prompt in PROMPTS[:3]:
        messages = [{"role": "system", "content": "Reply in JSON."}, {"role": "user", "content": prompt}]
        served = c.chat.completions.create(model=job.fine_tuned_model, temperature=0, max_tokens=8,
                                           messages=messages).choices[0].message.content
        ids = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True)
        ids = list(ids["input_ids"] if hasattr(ids, "keys") else ids)
        produced = []
        for token in llm.generate(ids, temp=0, top_k=0, top_p=1.0, min_p=0.0, repeat_penalty=1.0):
            if token == llm.token_eos() or len(produced) == 8:
                break
            produced.append(token)
        assert tokenizer.decode(produced, skip_special_tokens=True) == served, prompt

    # the Modelfile: FROM the file beside it, the stop token, the training data's system
    # prompt, and a TEMPLATE that renders exactly what the model was trained on
    fields = modelfile_fields((out / "Modelfile").read_text(encoding="utf-8"))
    assert fields["FROM"] == [f"./{ggufs[0].name}"]
    assert 'stop "<|im_end|>"' in fields["PARAMETER"]
    assert fields["SYSTEM"] == ["Reply in JSON."]
    conversation = [{"role": "user", "content": "question 3?"}, {"role": "assistant", "content": "{}"},
                    {"role": "user", "content": "and 4?"}]
    ollama_sees = [{"role": "system", "content": fields["SYSTEM"][0]}] + conversation  # Ollama adds SYSTEM
    assert render(fields["TEMPLATE"][0], ollama_sees) == tokenizer.apply_chat_template(
        ollama_sees, add_generation_prompt=True, tokenize=False)

    # a second export reuses the same file: linked, not written again
    again = export(job.fine_tuned_model, tmp_path / "gguf2", "gguf", **where)
    assert (again / ggufs[0].name).stat().st_ino == ggufs[0].stat().st_ino
    # f16 is made from the merged weights when asked for
    steps.clear()
    f16 = export(job.fine_tuned_model, tmp_path / "f16", "gguf", quant="f16", progress=steps.append, **where)
    assert any(s.startswith("Writing the GGUF") for s in steps) and next(f16.glob("*.f16.gguf")).exists()

    # the llama.cpp quantizer makes the k-quants; Ollama missing is said in words
    small = export(job.fine_tuned_model, tmp_path / "q4", "gguf", quant="q4_k_m", **where)
    assert llama_cpp.Llama(str(next(small.glob("*.q4_k_m.gguf"))), n_ctx=64, verbose=False).n_vocab() == len(tokenizer)
    if shutil.which("ollama") is None:
        with pytest.raises(ExportError, match="ollama command is not on PATH"):
            export(job.fine_tuned_model, tmp_path / "ollama", "ollama", **where)
