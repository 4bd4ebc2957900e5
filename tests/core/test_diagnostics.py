"""Every diagnostic code: an example that raises it and a near-identical one that does not."""

from pathlib import Path

import pytest

from core.datasets import Dataset, Example, Kind, Severity, analyse
from core.datasets.validate import check_example


def chat(*messages, **extra):
    return {"messages": list(messages), **extra}


S = {"role": "system", "content": "You are terse."}
U = {"role": "user", "content": "Capital of France?"}
A = {"role": "assistant", "content": "Paris."}
CALL = {
    "role": "assistant",
    "content": None,
    "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\": \"Paris\"}"}}],
}
TOOL = {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp\": 21}"}
TOOLS = [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object", "properties": {}}}}]

# code, bad example, good twin, kind
CASES = [
    ("data_type", ["not", "an", "object"], chat(S, U, A), Kind.CHAT),
    ("data_type", chat(S, U, {"role": "assistant", "content": 42}), chat(S, U, A), Kind.CHAT),
    ("missing_messages_list", {"messages": "hi"}, chat(S, U, A), Kind.CHAT),
    ("missing_messages_list", {"conversation": []}, chat(S, U, A), Kind.CHAT),
    ("message_missing_key", chat(S, {"content": "hi"}, A), chat(S, U, A), Kind.CHAT),
    ("message_missing_key", chat(S, {"role": "user"}, A), chat(S, U, A), Kind.CHAT),
    ("message_unrecognized_key", chat(S, {**U, "mood": "happy"}, A), chat(S, {**U, "name": "ann"}, A), Kind.CHAT),
    ("unrecognized_role", chat(S, {"role": "human", "content": "hi"}, A), chat(S, U, A), Kind.CHAT),
    ("missing_content", chat(S, {"role": "user", "content": "  "}, A), chat(S, U, A), Kind.CHAT),
    ("missing_content", chat(S, U, {"role": "assistant", "content": None}), chat(S, U, CALL, TOOL, A, tools=TOOLS), Kind.CHAT),
    ("example_missing_assistant_message", chat(S, U), chat(S, U, A), Kind.CHAT),
    ("invalid_weight", chat(S, U, {**A, "weight": 2}), chat(S, U, {**A, "weight": 0}, U, A), Kind.CHAT),
    ("invalid_weight", chat(S, {**U, "weight": 1}, A), chat(S, U, {**A, "weight": 1}), Kind.CHAT),
    ("invalid_tool_call", chat(S, U, {**CALL, "tool_calls": [{"id": "call_1", "type": "function",
                                                              "function": {"name": "weather", "arguments": "{city: Paris}"}}]}, TOOL, A),
     chat(S, U, CALL, TOOL, A, tools=TOOLS), Kind.CHAT),
    ("invalid_tool_call", chat(S, U, CALL, {**TOOL, "tool_call_id": "call_9"}, A), chat(S, U, CALL, TOOL, A), Kind.CHAT),
    ("invalid_tool_call", chat(S, U, A, tools=[{"type": "function"}]), chat(S, U, A, tools=TOOLS), Kind.CHAT),
    ("missing_system_message", chat(U, A), chat(S, U, A), Kind.CHAT),
    ("missing_user_message", chat(S, A), chat(S, U, A), Kind.CHAT),
    ("empty_prompt", {"prompt": "", "completion": " Paris\n"}, {"prompt": "France ->", "completion": " Paris\n"}, Kind.COMPLETION),
    ("empty_completion", {"prompt": "France ->", "completion": ""}, {"prompt": "France ->", "completion": " Paris\n"}, Kind.COMPLETION),
    ("long_example", {"prompt": "x" * 10_001, "completion": " y"}, {"prompt": "x" * 9_000, "completion": " y"}, Kind.COMPLETION),
    ("data_type", {"prompt": 3, "completion": " y"}, {"prompt": "3", "completion": " y"}, Kind.COMPLETION),
    ("example_missing_assistant_message",
     {"input": {"messages": [U]}, "preferred_output": [], "non_preferred_output": [A]},
     {"input": {"messages": [U]}, "preferred_output": [A], "non_preferred_output": [{"role": "assistant", "content": "Lyon."}]},
     Kind.PREFERENCE),
]


@pytest.mark.parametrize("code,bad,good,kind", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_code_raised_by_bad_and_not_by_good_twin(code, bad, good, kind):
    bad_codes = {d.code for d in check_example(bad, kind, 0, 7)}
    good_codes = {d.code for d in check_example(good, kind, 0, 7)}
    assert code in bad_codes
    assert code not in good_codes


def test_diagnostic_names_line_field_and_example():
    [d] = [d for d in check_example(chat(S, {"role": "user", "content": ""}, A), Kind.CHAT, 4, 12) if d.code == "missing_content"]
    assert (d.index, d.line, d.field, d.severity) == (4, 12, "messages[1].content", "error")
    assert "messages[1]" in d.message


def test_valid_tool_calling_example_raises_no_error():
    example = chat(S, U, CALL, TOOL, A, tools=TOOLS, parallel_tool_calls=False)
    assert [d for d in check_example(example, Kind.CHAT, 0, 1) if d.severity == "error"] == []


def test_content_parts_are_accepted():
    parts = {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                          {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}
    assert [d for d in check_example(chat(S, parts, A), Kind.CHAT, 0, 1) if d.severity == "error"] == []


def ds(datas, kind=Kind.CHAT):
    return Dataset([Example(d, i + 1) for i, d in enumerate(datas)], kind)


def codes(report):
    return {d.code for d in report.diagnostics}


def test_too_few_examples_error_under_10_warning_under_100():
    distinct = [chat(S, {"role": "user", "content": f"q{i}"}, A) for i in range(100)]
    r9 = analyse(ds(distinct[:9]))
    [d9] = [d for d in r9.diagnostics if d.code == "too_few_examples"]
    assert d9.severity == "error"
    [d10] = [d for d in analyse(ds(distinct[:10])).diagnostics if d.code == "too_few_examples"]
    assert d10.severity == "warning"
    assert "too_few_examples" not in codes(analyse(ds(distinct)))


def test_duplicate_example_flags_later_copies_with_fix():
    distinct = [chat(S, {"role": "user", "content": f"q{i}"}, A) for i in range(12)]
    report = analyse(ds(distinct + [distinct[3]]))
    [d] = [d for d in report.diagnostics if d.code == "duplicate_example"]
    assert d.index == 12 and "example 4" in d.message and d.fix is not None
    assert "duplicate_example" not in codes(analyse(ds(distinct)))


def test_too_long_against_target_model_limit():
    long_user = {"role": "user", "content": "word " * 17_000}
    examples = [chat(S, {"role": "user", "content": f"q{i}"}, A) for i in range(11)]
    assert "too_long" in codes(analyse(ds(examples + [chat(S, long_user, A)]), "gpt-3.5-turbo"))
    assert "too_long" not in codes(analyse(ds(examples + [chat(S, long_user, A)]), "gpt-4o-mini"))


def legacy(prompts, completions):
    return ds([{"prompt": p, "completion": c} for p, c in zip(prompts, completions)], Kind.COMPLETION)


def test_legacy_suggestions_each_with_fix():
    n = 20
    raw = legacy([f"Classify the sentiment of this review: review {i}" for i in range(n)],
                 [f"Label: {'good' if i % 2 else 'bad'} {i}" for i in range(n)])
    report = analyse(raw)
    found = {d.code: d for d in report.diagnostics}
    for code in ("no_prompt_separator", "no_completion_stop", "completion_no_leading_space",
                 "common_prompt_prefix", "common_completion_prefix"):
        assert code in found, code
        assert found[code].fix is not None

    clean = legacy([f"review {i} ->" for i in range(n)], [f" {'good' if i % 2 else 'bad'} {i}\n" for i in range(n)])
    assert not {"no_prompt_separator", "no_completion_stop", "completion_no_leading_space",
                "common_prompt_prefix", "common_completion_prefix"} & codes(analyse(clean))


def test_mostly_uppercase():
    n = 12
    assert "mostly_uppercase" in codes(analyse(legacy([f"HELLO THERE {i} ->" for i in range(n)], [f" WORLD {i}\n" for i in range(n)])))
    assert "mostly_uppercase" not in codes(analyse(legacy([f"Hello there {i} ->" for i in range(n)], [f" World {i}\n" for i in range(n)])))


def test_open_ended_generation_does_not_nag_about_empty_prompts():
    report = analyse(legacy([""] * 12, [f" story {i}\n" for i in range(12)]))
    assert report.task == "open-ended generation"
    assert "empty_prompt" not in codes(report)
    assert "no_prompt_separator" not in codes(report)


def test_a_warning_most_rows_share_is_said_once_and_real_problems_stay_visible():
    """Issue [6] D24: "no system message" on every row drowned the one broken row."""
    from core.datasets.document import Document

    rows = [chat({"role": "user", "content": f"q{i}"}, A) for i in range(30)]
    rows[17] = chat({"role": "human", "content": "q17"}, A)
    for doc_diags in (analyse(ds(rows)).diagnostics, Document.from_dataset(ds(rows)).all_diagnostics()):
        system = [d for d in doc_diags if d.code == "missing_system_message"]
        assert len(system) == 1 and system[0].index is None
        assert "no example has a system message" in system[0].message
        assert [d.index for d in doc_diags if d.severity == "error"] == [17]
        assert [d.code for d in doc_diags if d.index == 17][0] == "unrecognized_role"

    # a few rows without one among many with one: each of those rows is named
    some = [chat(S, {"role": "user", "content": f"q{i}"}, A) for i in range(30)]
    for i in (3, 9):
        some[i] = chat({"role": "user", "content": f"q{i}"}, A)
    doc = Document.from_dataset(ds(some))
    assert sorted(d.index for d in doc.all_diagnostics() if d.code == "missing_system_message") == [3, 9]
    assert doc.severity(3) == "warning" and doc.severity(4) is None
    # most rows without one: one line that counts them, and the rows carry no mark for it
    most = [chat({"role": "user", "content": f"q{i}"}, A) for i in range(30)]
    most[0] = chat(S, U, A)
    doc = Document.from_dataset(ds(most))
    [d] = [d for d in doc.all_diagnostics() if d.code == "missing_system_message"]
    assert d.index is None and "29 of 30 examples" in d.message
    assert doc.severity(5) is None


def test_a_classifiers_labels_of_more_than_one_token_are_flagged_with_a_mapping(tmp_path):
    """The classification tutorials' advice: one-token labels (for the target model)."""
    import json

    from core.datasets import check_file

    def labelled(yes: str, no: str) -> Path:
        path = tmp_path / f"{len(yes)}.jsonl"
        path.write_text("".join(json.dumps({"prompt": f"Review {i}: {'great' if i % 2 else 'awful'} ->",
                                            "completion": f" {yes if i % 2 else no}\n"}) + "\n" for i in range(30)))
        return path

    assert not [d for d in check_file(labelled("positive", "negative"), "babbage-002").diagnostics
                if d.code == "label_not_single_token"]
    found = [d for d in check_file(labelled("Very satisfied customer", "Unhappy"), "babbage-002").diagnostics
             if d.code == "label_not_single_token"]
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert found[0].message.startswith("More than one token for babbage-002 in 2 labels")
    assert '" Very satisfied customer" (3)' in found[0].message and '" Unhappy" → " 0"' in found[0].message
