"""Conversions, system prompt, dedupe, shuffle, seeded and stratified split, long documents, fixes."""

import pytest

from core.datasets import Example, Kind
from core.datasets.fixes import apply_fixes, fixes_of
from core.datasets.transforms import deduplicate, set_system, shuffle, split, to_chat, to_completion
from core.datasets.validate import check_legacy


def pc(p, c, line=0):
    return Example({"prompt": p, "completion": c}, line)


def test_completion_to_chat_and_back():
    examples = [pc("2+2 ->", " 4"), pc("3+3 ->", " 6")]
    chat = to_chat(examples, system="Do sums.")
    assert chat[0].data == {"messages": [{"role": "system", "content": "Do sums."},
                                         {"role": "user", "content": "2+2 ->"},
                                         {"role": "assistant", "content": " 4"}]}
    back = to_completion(set_system(chat, "", only_missing=True)[0:1] and to_chat(examples))
    assert [e.data for e in back] == [e.data for e in examples]


def test_set_system_replaces_or_adds():
    a = Example({"messages": [{"role": "system", "content": "old"}, {"role": "user", "content": "u"}]})
    b = Example({"messages": [{"role": "user", "content": "u"}]})
    out = set_system([a, b], "new")
    assert [e.data["messages"][0] for e in out] == [{"role": "system", "content": "new"}] * 2
    assert a.data["messages"][0]["content"] == "old"  # the input is not changed
    kept = set_system([a, b], "new", only_missing=True)
    assert [e.data["messages"][0]["content"] for e in kept] == ["old", "new"]


def test_deduplicate_keeps_first():
    out = deduplicate([pc("a", " 1", 1), pc("b", " 2", 2), pc("a", " 1", 3)])
    assert [e.line for e in out] == [1, 2]


def test_shuffle_is_seeded():
    items = [pc(str(i), " x") for i in range(50)]
    assert [e.data for e in shuffle(items, 3)] == [e.data for e in shuffle(items, 3)]
    assert [e.data for e in shuffle(items, 3)] != [e.data for e in shuffle(items, 4)]


def test_split_seeded_and_stratified_for_classification():
    items = [pc(f"text {i} ->", " spam" if i % 10 == 0 else " ham") for i in range(100)]
    train, valid = split(items, 0.2, seed=5)
    assert len(valid) == 20 and len(train) == 80
    assert sum(e.data["completion"] == " spam" for e in valid) == 2  # 10% spam, as in the whole
    again = split(items, 0.2, seed=5)[1]
    assert [e.data for e in again] == [e.data for e in valid]
    with pytest.raises(ValueError):
        split(items, 1.5)


def test_legacy_fixes_apply_and_clear_their_warnings():
    items = [pc(f"Please classify the review: text {i}", f"Label: {'good' if i % 2 else 'bad'}") for i in range(20)]
    diags = check_legacy(items)
    fixed = apply_fixes(items, [fix for _, fix in fixes_of(diags)])
    assert fixed[1].data == {"prompt": "1 ->", "completion": " good\n"}
    assert check_legacy(fixed) == []
    assert items[1].data["prompt"].startswith("Please")  # the input is not changed


def test_drop_fix_removes_only_empty_examples_and_keeps_a_prompt_awaiting_its_answer():
    items = [pc("a ->", " 1\n"), pc("", ""), pc("b ->", ""), pc("c ->", " 3\n")]
    from core.datasets.validate import check_examples

    fixes = [fix for _, fix in fixes_of(check_examples(items, Kind.COMPLETION))]
    assert [e.data["prompt"] for e in apply_fixes(items, fixes)] == ["a ->", "b ->", "c ->"]


def test_copies_that_differ_only_in_json_spacing_are_duplicates(tmp_path):
    """A row as read keeps its own bytes; the same example typed in (or fixed) is compact.
    Remove Duplicates and the duplicate check compare the examples, not the bytes."""
    import json

    from core.datasets import load
    from core.datasets.model import Example
    from core.datasets.transforms import deduplicate
    from core.datasets.validate import check_duplicates

    row = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
    path = tmp_path / "spaced.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps(row, indent=1).replace("\n", "") + "\n", encoding="utf-8")
    read = load(path).examples
    typed = Example(dict(row), 3)
    assert read[0].blob != typed.blob  # different bytes…
    assert len(deduplicate([*read, typed])) == 1  # …the same example
    assert len(check_duplicates([*read, typed])) >= 1
