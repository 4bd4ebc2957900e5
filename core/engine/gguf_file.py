"""Writing a Llama-family model as a GGUF file that llama.cpp, Ollama and LM Studio load.

Our own writer on top of the `gguf` package (llama.cpp's file format library): tensor
names and the rotary permutation of q/k follow llama.cpp's `convert_hf_to_gguf.py`;
the chat template, end-of-turn and end-of-text tokens go into the metadata so a runtime
stops where the model was trained to stop.

When the base model came as a GGUF file (the bundled SmolLM2), its tokenizer metadata
(vocabulary, merges, pre-tokenizer name) is copied from that file unchanged, so the
exported model tokenizes exactly as the base does in llama.cpp. Otherwise it is made
from the Hugging Face tokenizer (byte-level BPE).

Quantization: f32, f16 and Q8_0 are written here (numpy); the llama.cpp quantizer
(`llama_cpp.llama_model_quantize`), when llama-cpp-python is installed, makes the
k-quants such as Q4_K_M from the f16 file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

# name -> (llama.cpp file type, what it is for the user)
QUANTS = {
    "f32": "32-bit floats, exact, largest",
    "f16": "16-bit floats, practically exact",
    "q8_0": "8-bit, near-exact, half of f16",
    "q4_k_m": "4-bit k-quant, smallest, small quality loss (needs llama.cpp)",
}
NATIVE = ("f32", "f16", "q8_0")
SUPPORTED_ARCHS = {"LlamaForCausalLM", "MistralForCausalLM"}

_LAYER_MAP = {
    "input_layernorm": "attn_norm",
    "post_attention_layernorm": "ffn_norm",
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}


class GGUFError(Exception):
    pass


def llama_quantizer_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("llama_cpp") is not None


def _permute(w: Any, n_head: int) -> Any:
    """HF's q/k rows (two rotary halves per head) into llama.cpp's interleaved order."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def _rope_theta(config: Any) -> float:
    params = getattr(config, "rope_parameters", None) or {}
    if isinstance(params, dict) and "rope_theta" in params:
        return float(params["rope_theta"])
    return float(getattr(config, "rope_theta", 10000.0) or 10000.0)


def tensors(model: Any) -> list[tuple[str, Any]]:
    """(GGUF name, float32 numpy array in the model's (out, in) shape) for every weight."""
    config = model.config
    n_head = config.num_attention_heads
    n_kv = getattr(config, "num_key_value_heads", None) or n_head
    out: list[tuple[str, Any]] = []
    state = model.state_dict()
    tied = bool(getattr(config, "tie_word_embeddings", False))
    for key, value in state.items():
        arr = value.detach().to("cpu").float().numpy()
        if key == "model.embed_tokens.weight":
            out.append(("token_embd.weight", arr))
        elif key == "model.norm.weight":
            out.append(("output_norm.weight", arr))
        elif key == "lm_head.weight":
            if not tied:
                out.append(("output.weight", arr))
        elif key.startswith("model.layers."):
            rest = key[len("model.layers."):]
            layer, _, name = rest.partition(".")
            module = name.removesuffix(".weight")
            if module not in _LAYER_MAP or not name.endswith(".weight"):
                raise GGUFError(f"GGUF export does not know the weight '{key}'")
            if module == "self_attn.q_proj":
                arr = _permute(arr, n_head)
            elif module == "self_attn.k_proj":
                arr = _permute(arr, n_kv)
            out.append((f"blk.{int(layer)}.{_LAYER_MAP[module]}.weight", arr))
        elif key.endswith("rotary_emb.inv_freq"):
            continue
        else:
            raise GGUFError(f"GGUF export does not know the weight '{key}'")
    return out


def _copy_tokenizer_fields(writer: Any, base_gguf: Path) -> None:
    import gguf

    reader = gguf.GGUFReader(str(base_gguf))
    for key, field in reader.fields.items():
        if not key.startswith("tokenizer.") or key == "tokenizer.chat_template":
            continue
        value = field.contents()
        vtype = field.types[0]
        if vtype == gguf.GGUFValueType.ARRAY:
            writer.add_array(key, value)
        else:
            writer.add_key_value(key, value, vtype)


def _tokenizer_fields(writer: Any, tokenizer: Any) -> None:
    import json

    import gguf

    spec = json.loads(tokenizer.backend_tokenizer.to_str())
    model = spec.get("model", {})
    if model.get("type") != "BPE":
        raise GGUFError(f"GGUF export supports byte-level BPE tokenizers; this one is {model.get('type')}")
    size = len(tokenizer)
    tokens = tokenizer.convert_ids_to_tokens(list(range(size)))
    special = {t["id"] for t in spec.get("added_tokens", []) if t.get("special")}
    types = [gguf.TokenType.CONTROL if i in special else gguf.TokenType.NORMAL for i in range(size)]
    merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges", [])]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("gpt-2")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    if tokenizer.bos_token_id is not None:
        writer.add_bos_token_id(tokenizer.bos_token_id)
    writer.add_add_bos_token(False)
    if tokenizer.pad_token_id is not None:
        writer.add_pad_token_id(tokenizer.pad_token_id)


def stop_tokens(tokenizer: Any) -> list[str]:
    """The texts that end a turn for this tokenizer (for the metadata and a Modelfile)."""
    vocab = tokenizer.get_vocab()
    out = [t for t in ("<|im_end|>", "<|eot_id|>", "<|endoftext|>", "</s>") if t in vocab]
    if tokenizer.eos_token and tokenizer.eos_token not in out:
        out.insert(0, tokenizer.eos_token)
    return out


def write_gguf(model: Any, tokenizer: Any, out: str | os.PathLike[str], quant: str = "f16", *,
               name: str = "", base_gguf: Path | None = None,
               progress: Callable[[float], None] = lambda _f: None) -> Path:
    """Write ``model`` (a float Llama-family transformers model) to ``out`` atomically."""
    import gguf
    import numpy as np

    if quant not in NATIVE:
        raise GGUFError(f"'{quant}' is made by the llama.cpp quantizer from an f16 file; write f16 first")
    arch = (getattr(model.config, "architectures", None) or [type(model).__name__])[0]
    if arch not in SUPPORTED_ARCHS and type(model).__name__ not in SUPPORTED_ARCHS:
        raise GGUFError(f"GGUF export supports Llama-family models; this one is {arch}")
    config = model.config
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    writer = gguf.GGUFWriter(str(tmp), "llama")
    try:
        n_head = config.num_attention_heads
        head_dim = getattr(config, "head_dim", None) or config.hidden_size // n_head
        writer.add_name(name or "TuneDesk model")
        writer.add_context_length(int(config.max_position_embeddings))
        writer.add_embedding_length(int(config.hidden_size))
        writer.add_block_count(int(config.num_hidden_layers))
        writer.add_feed_forward_length(int(config.intermediate_size))
        writer.add_head_count(int(n_head))
        writer.add_head_count_kv(int(getattr(config, "num_key_value_heads", None) or n_head))
        writer.add_rope_dimension_count(int(head_dim))
        writer.add_rope_freq_base(_rope_theta(config))
        writer.add_layer_norm_rms_eps(float(config.rms_norm_eps))
        writer.add_vocab_size(int(config.vocab_size))
        writer.add_file_type({"f32": gguf.LlamaFileType.ALL_F32, "f16": gguf.LlamaFileType.MOSTLY_F16,
                              "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0}[quant])
        writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
        if base_gguf is not None:
            _copy_tokenizer_fields(writer, base_gguf)
        else:
            _tokenizer_fields(writer, tokenizer)
        vocab = tokenizer.get_vocab()
        if tokenizer.eos_token_id is not None and base_gguf is None:
            writer.add_eos_token_id(int(tokenizer.eos_token_id))
        for token in ("<|im_end|>", "<|eot_id|>"):
            if token in vocab:
                writer.add_eot_token_id(int(vocab[token]))
                break
        if getattr(tokenizer, "chat_template", None):
            writer.add_chat_template(tokenizer.chat_template)

        items = tensors(model)
        for i, (tname, arr) in enumerate(items):
            if arr.ndim == 1 or quant == "f32":
                writer.add_tensor(tname, arr.astype(np.float32))
            elif quant == "f16":
                writer.add_tensor(tname, arr.astype(np.float16))
            elif arr.shape[-1] % 32 == 0:
                data = gguf.quants.quantize(arr, gguf.GGMLQuantizationType.Q8_0)
                writer.add_tensor(tname, data, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
            else:
                writer.add_tensor(tname, arr.astype(np.float16))
            progress(0.8 * (i + 1) / len(items))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(tmp, out)
    except BaseException:
        writer.close()
        tmp.unlink(missing_ok=True)
        raise
    progress(1.0)
    return out


def quantize(src: str | os.PathLike[str], dst: str | os.PathLike[str], quant: str) -> Path:
    """Re-quantize a GGUF (f16/f32) with llama.cpp's own quantizer, atomically."""
    import llama_cpp

    try:  # llama.cpp reports every tensor it quantizes; keep only its errors
        from llama_cpp._logger import set_verbose

        set_verbose(False)
    except ImportError:
        pass
    ftype = {"q4_k_m": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_K_M, "q8_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0,
             "q4_1": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_1, "q5_k_m": llama_cpp.LLAMA_FTYPE_MOSTLY_Q5_K_M}.get(quant)
    if ftype is None:
        raise GGUFError(f"unknown quantization '{quant}'")
    dst = Path(dst)
    tmp = dst.with_name(dst.name + ".partial")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.nthread = max(1, os.cpu_count() or 1)
    rc = llama_cpp.llama_model_quantize(str(src).encode(), str(tmp).encode(), params)
    if rc != 0 or not tmp.exists():
        tmp.unlink(missing_ok=True)
        raise GGUFError(f"llama.cpp could not quantize {Path(src).name} to {quant} (code {rc})")
    os.replace(tmp, dst)
    return dst
