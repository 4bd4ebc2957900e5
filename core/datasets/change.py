"""Dataset operations as data (Anki's CollectionOp is the model): a bulk edit is computed
off the UI thread into a ``State`` — the examples after it, each one's diagnostics and
token counts, and the dataset-wide diagnostics — and applying one is a few assignments.
Undo applies the ``State`` from before, which is still valid, so it costs nothing either.

``compute`` re-uses what it can: an example the operation left as it was (the same
object) keeps its diagnostics and counts when the kind and model did not change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ..util.memory import release
from .model import Diagnostic, Example, Kind, Severity
from .models import model_info, tokenizer_factory
from .tokens import Tokenizer, count_examples
from .validate import FOLDED, check_dataset, check_example


def dataset_checks(examples: list[Example], kind: Kind, example_diags: list[list[Diagnostic]],
                   totals: list[int], model: str) -> list[Diagnostic]:
    """Dataset-wide diagnostics; pure, so it can run off the UI thread on a snapshot."""
    info = model_info(model)
    flat = [dataclasses.replace(d, index=i) for i, ds in enumerate(example_diags) for d in ds]
    count = tokenizer_factory(model)().count if kind is Kind.COMPLETION else None  # a classifier's labels
    return check_dataset(examples, kind, flat, totals, limit=info.limit, model=model, count=count)


def problems(example_diags: Sequence[Sequence[Diagnostic]], dataset_diags: Sequence[Diagnostic]) -> list[Diagnostic]:
    """What the Problems list shows (after the file's own read problems): the dataset's
    general ones, then every example's in row order, errors first within a row; a
    per-example warning the dataset checks fold into one line is left out per row."""
    folded = {d.code for d in dataset_diags if d.index is None and d.code in FOLDED}
    general = [d for d in dataset_diags if d.index is None]
    by_row: dict[int, list[Diagnostic]] = {}
    for d in dataset_diags:
        if d.index is not None:
            by_row.setdefault(d.index, []).append(d)
    # Row by row, not one sort of everything: a sort of 100,000 problems is one long C
    # call that holds the GIL (and the window) for 100 ms.
    per: list[Diagnostic] = []
    for i, ds in enumerate(example_diags):
        row = [dataclasses.replace(d, index=i) for d in ds if d.code not in folded] if ds else []
        more = by_row.pop(i, None)
        if more:
            row += more
        if len(row) > 1:
            row.sort(key=lambda d: d.severity is not Severity.ERROR)  # stable: errors first
        per += row
    for i in sorted(by_row):  # a dataset problem past the last example (none expected)
        per += by_row[i]
    return general + per


@dataclass
class State:
    kind: Kind
    model: str
    examples: list[Example]
    example_diags: list[list[Diagnostic]]
    counts: list[tuple[int, int]]
    dataset_diags: list[Diagnostic]
    tokenizer: Tokenizer | None = None
    problems: list[Diagnostic] | None = None  # ``problems()`` of the above, made with them

    def __len__(self) -> int:
        return len(self.examples)


def compute(examples: Sequence[Example], kind: Kind, model: str, tokenizer: Tokenizer,
            before: State | None = None) -> State:
    """The state after an operation produced ``examples``: pure, for a worker thread."""
    examples = list(examples)
    known: dict[int, int] = {}
    if before is not None and before.kind is kind and before.model == model:
        known = {id(e): i for i, e in enumerate(before.examples)}
    diags: list[list[Diagnostic]] = [[] for _ in examples]
    counts: list[tuple[int, int]] = [(0, 0)] * len(examples)
    fresh: list[int] = []
    for i, e in enumerate(examples):
        j = known.get(id(e))
        if j is not None:
            diags[i], counts[i] = before.example_diags[j], before.counts[j]  # type: ignore[union-attr]
        else:
            diags[i] = check_example(e.data, kind, i, e.line, e.raw, e.note)
            fresh.append(i)
    if fresh:
        datas = [examples[i].data for i in fresh]  # parsed anew from each example's bytes
        counted = count_examples(datas, tokenizer)
        release(datas)  # the parsed copies: freed at once, the window would wait for it
        for i, c in zip(fresh, counted):
            counts[i] = c
    dataset = dataset_checks(examples, kind, diags, [c[0] for c in counts], model)
    return State(kind, model, examples, diags, counts, dataset, tokenizer, problems(diags, dataset))


def recount(state: State, model: str, tokenizer: Tokenizer) -> State:
    """The same examples counted and checked for another target model."""
    datas = [e.data for e in state.examples]  # parsed anew from each example's bytes
    counts = count_examples(datas, tokenizer) if datas else []
    release(datas)  # freed at once, the parsed copies would hold the GIL for 70 ms
    dataset = dataset_checks(state.examples, state.kind, state.example_diags, [c[0] for c in counts], model)
    return State(state.kind, model, state.examples, state.example_diags, counts, dataset, tokenizer,
                 problems(state.example_diags, dataset))


def without(state: State, rows: Sequence[int]) -> State:
    """``state`` less ``rows``, at once (no checking): the dataset-wide diagnostics of the
    rows kept move with them; the checks across the dataset are refreshed afterwards."""
    gone = set(rows)
    keep = [i for i in range(len(state.examples)) if i not in gone]
    where = {old: new for new, old in enumerate(keep)}
    moved = [d if d.index is None else dataclasses.replace(d, index=where[d.index])
             for d in state.dataset_diags if d.index is None or d.index in where]
    return State(state.kind, state.model, [state.examples[i] for i in keep], [state.example_diags[i] for i in keep],
                 [state.counts[i] for i in keep], moved, state.tokenizer)

