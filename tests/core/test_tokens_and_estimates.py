"""Token counts (offline, exact), statistics, the default-epochs rule and estimates."""

import json
import os
import subprocess
import sys

import pytest

from core.datasets import Dataset, Example, Kind, analyse
from core.datasets.models import model_info
from core.datasets.stats import default_epochs, estimate
from core.datasets.tokens import TiktokenTokenizer, count_example, count_examples, tiktoken_encoding

TRICKY = ["", " ", "\n\n", "hello", "  trailing spaces  ", "你好，世界", "emoji 😀👍🏽", "<|endoftext|> literal",
          "a<|endoftext|>b", "12345678901234", "line\r\nbreaks\n", "x" * 5000, "  \n  mixed \t whitespace\n\n"] * 3


@pytest.mark.parametrize("encoding", ["o200k_base", "cl100k_base"])
def test_batched_counts_equal_encode_ordinary(encoding):
    tok = TiktokenTokenizer(encoding)
    enc = tiktoken_encoding(encoding)
    assert tok.count_many(TRICKY) == [len(enc.encode_ordinary(t)) for t in TRICKY]


def test_counting_needs_no_network(tmp_path):
    """A fresh home, no tiktoken cache, and every socket refused: counting still works."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network is off in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from core.datasets.tokens import TiktokenTokenizer\n"
        "print(TiktokenTokenizer('o200k_base').count('Hello, world'), TiktokenTokenizer('cl100k_base').count('Hello, world'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")}
    env["TUNEDESK_HOME"] = str(tmp_path / "fresh")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["3", "3"]


def test_cookbook_counting_rule():
    tok = TiktokenTokenizer("o200k_base")
    c = tok.count
    example = {"messages": [{"role": "system", "content": "Be brief."},
                            {"role": "user", "content": "Hi", "name": "ann"},
                            {"role": "assistant", "content": "Hello!", "weight": 1}]}
    expected = (3 + c("system") + c("Be brief.")) + (3 + c("user") + c("Hi") + c("ann") + 1) + \
               (3 + c("assistant") + c("Hello!")) + 3
    assert count_example(example, Kind.CHAT, tok) == (expected, c("Hello!"))


def test_weight_zero_is_not_trained():
    tok = TiktokenTokenizer("o200k_base")
    ex = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "draft", "weight": 0},
                       {"role": "user", "content": "again"}, {"role": "assistant", "content": "final"}]}
    assert count_examples([ex], tok)[0][1] == tok.count("final")


def test_completion_counts_prompt_and_completion_trains_completion():
    tok = TiktokenTokenizer("cl100k_base")
    assert count_example({"prompt": "2+2 ->", "completion": " 4\n"}, Kind.COMPLETION, tok) == (
        tok.count("2+2 ->") + tok.count(" 4\n"), tok.count(" 4\n"))


@pytest.mark.parametrize("n,epochs", [(1, 25), (10, 10), (20, 5), (33, 3), (34, 3), (1000, 3), (8333, 3), (8334, 2), (30000, 1)])
def test_default_epochs_rule(n, epochs):
    assert default_epochs(n) == epochs


def test_models_resolve_tokenizer_limit_and_price():
    assert model_info("gpt-4o-mini-2024-07-18").base == "gpt-4o-mini"
    assert model_info("ft:gpt-4o-mini-2024-07-18:acme::abc123").encoding == "o200k_base"
    assert model_info("gpt-3.5-turbo-0125").limit == 16385
    assert model_info("davinci-002").encoding == "cl100k_base"
    assert model_info("gpt-4o").train_per_1m == 25.0


def test_estimate_cost_and_local_time():
    cloud = estimate([1000] * 50, model_info("gpt-4o-mini"))
    assert (cloud.epochs, cloud.billed_tokens, cloud.cost_usd) == (3, 150_000, 0.45)
    assert cloud.prices_taken == "2026-11-22"
    capped = estimate([20_000], model_info("gpt-3.5-turbo"), n_epochs=1)
    assert capped.billed_tokens == 16_385  # longer examples are cut, not billed
    local = estimate([1000] * 50, model_info("smollm2-135m-instruct"), tokens_per_second=250)
    assert local.cost_usd is None and local.seconds == 600.0


def test_statistics_in_report():
    examples = [Example({"prompt": f"q{i} ->", "completion": " " + "word " * (i + 1) + "\n"}, i + 1) for i in range(20)]
    report = analyse(Dataset(examples, Kind.COMPLETION), "davinci-002")
    st = report.stats
    assert st.examples == 20 and st.total == sum(report.totals) and st.trained == sum(report.trained)
    assert st.per_example.min == min(report.totals) and st.per_example.max == max(report.totals)
    assert st.per_example.p10 <= st.per_example.median <= st.per_example.p90
    assert json.dumps(report.to_dict())  # plain data all the way down
