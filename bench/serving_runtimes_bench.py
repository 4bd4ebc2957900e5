"""Which runtime should serve chats: llama.cpp (built from source) against CTranslate2
(a wheel on PyPI) and transformers (the engine's float path), same model, same machine.

    python bench/serving_runtimes_bench.py

The bundled SmolLM2-135M-Instruct, as each runtime takes it: llama.cpp from the GGUF
the engine would serve (Q8_0, and the shipped Q4_1), CTranslate2 converted to int8
(`ctranslate2.converters.TransformersConverter`), transformers in fp32. For each: time to
the first token, tokens/s over 256 greedy tokens, and how many of the float model's
greedy tokens it reproduces on 5 prompts, position by position over 64 free-running
tokens (after the first token that differs, the rest of a reply usually does too; for
agreement token by token along the same reply, see bench/chat_speed_bench.py and the
figures in DEVELOPERS.md). Printed with the ratio against transformers.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TUNEDESK_HOME", tempfile.mkdtemp(prefix="tunedesk-runtimes-"))

PROMPTS = ["What is the capital of Italy?", "Write a haiku about rain.", "Explain photosynthesis briefly.",
           "List three fruits and their colours.", "How do I boil an egg?"]
LONG = "Write a long story about a lighthouse keeper and the sea."


def main() -> None:
    import torch

    from core import paths
    from core.engine.catalog import BUNDLED, Catalog, bundled_gguf
    from core.engine.data import prompt_ids
    from core.engine.fast import make_gguf

    torch.set_num_threads(os.cpu_count() or 2)
    catalog = Catalog(paths.cache_dir() / "models")
    model, tok = catalog.load_model(BUNDLED)
    model.eval()
    prompts = [prompt_ids(tok, [{"role": "user", "content": p}]) for p in PROMPTS]
    long_ids = prompt_ids(tok, [{"role": "user", "content": LONG}])

    def hf_run(ids, n, sink=None):
        out, past, step = [], None, torch.tensor([ids])
        with torch.inference_mode():
            for _ in range(n):
                o = model(input_ids=step, past_key_values=past, use_cache=True)
                past = o.past_key_values
                t = int(o.logits[0, -1].argmax())
                out.append(t)
                if sink:
                    sink()
                step = torch.tensor([[t]])
        return out

    reference = [hf_run(ids, 64) for ids in prompts]

    def measure(name, run) -> dict:
        first_times, rates = [], []
        for _ in range(2):
            marks = []
            t0 = time.perf_counter()
            run(long_ids, 256, lambda marks=marks: marks.append(time.perf_counter()))
            first_times.append((marks[0] - t0) * 1000)
            rates.append((len(marks) - 1) / (marks[-1] - marks[0]))
        same = total = 0
        for ids, ref in zip(prompts, reference):
            got = run(ids, 64, None)
            same += sum(a == b for a, b in zip(got, ref))
            total += len(ref)
        return {"name": name, "ttft": statistics.median(first_times), "rate": statistics.median(rates),
                "agree": same / total}

    results = [measure("transformers fp32", hf_run)]

    try:
        import llama_cpp

        q8 = make_gguf(catalog, BUNDLED, None, BUNDLED, "q8_0")
        for label, path in (("llama.cpp Q8_0", q8), ("llama.cpp Q4_1 (shipped)", bundled_gguf())):
            llm = llama_cpp.Llama(str(path), n_ctx=1024, n_threads=os.cpu_count() or 2, verbose=False)

            def llama_run(ids, n, sink, llm=llm):
                out = []
                llm.reset()
                for t in llm.generate(ids, temp=0, top_k=0, top_p=1.0, min_p=0.0, repeat_penalty=1.0, reset=True):
                    out.append(int(t))
                    if sink:
                        sink()
                    if len(out) >= n:
                        break
                return out

            results.append(measure(label, llama_run))
    except ImportError:
        print("llama-cpp-python is not installed: skipped")

    try:
        import ctranslate2

        ct2_dir = paths.cache_dir() / "ct2-smollm2-int8"
        if not (ct2_dir / "model.bin").exists():
            ctranslate2.converters.TransformersConverter(catalog.folder(BUNDLED)).convert(
                str(ct2_dir), quantization="int8", force=True)
        gen = ctranslate2.Generator(str(ct2_dir), device="cpu", compute_type="int8",
                                    intra_threads=os.cpu_count() or 2)

        def ct2_run(ids, n, sink):
            out = []
            for step in gen.generate_tokens(tok.convert_ids_to_tokens(ids), max_length=n, sampling_topk=1,
                                            end_token=[]):
                out.append(step.token_id)
                if sink:
                    sink()
                if len(out) >= n:
                    break
            return out

        results.append(measure("CTranslate2 int8 (wheel)", ct2_run))
    except ImportError:
        print("ctranslate2 is not installed (pip install ctranslate2): skipped")

    base = results[0]["rate"]
    print(f"\n{'runtime':<28}{'first token':>13}{'tokens/s':>10}{'vs transformers':>17}{'same tokens (free-running)':>28}")
    for r in results:
        print(f"{r['name']:<28}{r['ttft']:>10.0f} ms{r['rate']:>10.1f}{r['rate'] / base:>16.1f}x{r['agree']:>28.1%}")


if __name__ == "__main__":
    main()
