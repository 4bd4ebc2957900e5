"""core.datasets.change and Document.state()/apply(): an operation's result computed
apart from the document equals the document rebuilt from scratch, re-uses what did not
change, and swapping states back and forth is exact."""

from __future__ import annotations

import dataclasses

from core.datasets import transforms
from core.datasets.change import compute, recount, without
from core.datasets.document import Document
from core.datasets.model import Example, Kind, Source
from core.datasets.models import tokenizer_factory


def rows(n: int) -> list[Example]:
    out = []
    for i in range(n):
        data = {"messages": [{"role": "user", "content": f"refund question {i % 7}?"},
                             {"role": "assistant", "content": f"Answer {i % 7}."}]}
        out.append(Example(data, i + 1))
    out.append(Example({"messages": [{"role": "user", "content": "no answer"}]}, n + 1))  # an error
    return out


def fresh(examples: list[Example], kind: Kind = Kind.CHAT, model: str = "gpt-4o-mini") -> Document:
    doc = Document(kind, Source(path=None), model)
    doc.extend(examples)
    doc.refresh()
    return doc


def test_a_computed_state_equals_the_document_rebuilt_and_reuses_what_did_not_change(monkeypatch):
    doc = fresh(rows(30))
    before = doc.state()
    changed, count = transforms.replace_text(before.examples, "refund", "return")
    assert count == 30
    checked: list[int] = []
    import core.datasets.change as change

    real = change.check_example
    monkeypatch.setattr(change, "check_example", lambda *a, **k: (checked.append(1), real(*a, **k))[1])
    after = compute(changed, Kind.CHAT, "gpt-4o-mini", tokenizer_factory("gpt-4o-mini")(), before)
    assert len(checked) == 30  # the error row was left as it was: its checks are re-used
    rebuilt = fresh(changed)
    assert after.counts == rebuilt.counts
    assert [[d.code for d in ds] for ds in after.example_diags] == [[d.code for d in ds] for ds in rebuilt.example_diags]
    assert [(d.code, d.index) for d in after.dataset_diags] == [(d.code, d.index) for d in rebuilt.dataset_diags]

    doc.apply(after)
    assert [e.data for e in doc.examples] == [e.data for e in changed]
    assert doc.all_diagnostics() == rebuilt.all_diagnostics()
    doc.apply(before)  # undo: exactly as it was
    assert [e.data for e in doc.examples] == [e.data for e in rows(30)]
    assert doc.all_diagnostics() == fresh(rows(30)).all_diagnostics()


def test_converting_checks_everything_again_for_the_new_kind():
    doc = fresh(rows(10))
    after = compute(transforms.to_completion(doc.examples), Kind.COMPLETION, doc.model,
                    tokenizer_factory(doc.model)(), doc.state())
    rebuilt = fresh(transforms.to_completion(doc.examples), Kind.COMPLETION)
    assert after.kind is Kind.COMPLETION and after.counts == rebuilt.counts
    doc.apply(after)
    assert doc.all_diagnostics() == rebuilt.all_diagnostics()


def test_without_moves_the_rows_problems_with_them():
    doc = fresh(rows(20))
    last = len(doc) - 1  # the row with no answer
    state = without(doc.state(), [0, 1, 2])
    assert len(state) == len(doc) - 3 and state.examples[0] is doc.examples[3]
    assert [d.index for d in state.dataset_diags if d.index is not None] == \
        [d.index - 3 for d in doc.dataset_diags if d.index is not None and d.index > 2]
    assert state.example_diags[last - 3] == doc.example_diags[last]


def test_recount_for_another_model_equals_a_document_made_for_it():
    doc = fresh(rows(12))
    after = recount(doc.state(), "gpt-3.5-turbo", tokenizer_factory("gpt-3.5-turbo")())
    assert after.counts == fresh(rows(12), model="gpt-3.5-turbo").counts
    assert after.model == "gpt-3.5-turbo"
    doc.apply(after)
    assert doc.model == "gpt-3.5-turbo" and doc.tokenizer is after.tokenizer
    assert [dataclasses.astuple(d) for d in doc.dataset_diags] == \
        [dataclasses.astuple(d) for d in fresh(rows(12), model="gpt-3.5-turbo").dataset_diags]
