"""An open, editable dataset: examples with their diagnostics and token counts kept up
to date one example at a time, so an edit re-validates only what changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .change import State, dataset_checks, problems
from .load import Chunk
from .model import Dataset, Diagnostic, Example, Kind, Severity, Source
from .models import dataset_model, tokenizer_factory
from .tokens import Tokenizer, count_examples
from .validate import FOLDED, check_example
from .writers import write_jsonl


class Document:
    def __init__(self, kind: Kind = Kind.CHAT, source: Source | None = None, model: str | None = None) -> None:
        self.kind = kind
        self.source = source or Source(path=None)
        self.examples: list[Example] = []
        self.example_diags: list[list[Diagnostic]] = []
        self.counts: list[tuple[int, int]] = []
        self.read_diags: list[Diagnostic] = []
        self.dataset_diags: list[Diagnostic] = []
        self._by_row: dict[int, list[Diagnostic]] = {}
        self._folded: set[str] = set()
        self._model = model or dataset_model(kind)
        self._tokenizer: Tokenizer | None = None
        self._changes = 0  # goes up with every change to the examples or their diagnostics
        self._problems: tuple[int, list[Diagnostic]] | None = None

    # -- loading -----------------------------------------------------------------------
    @classmethod
    def from_dataset(cls, dataset: Dataset, model: str | None = None) -> Document:
        doc = cls(dataset.kind, dataset.source, model)
        doc.read_diags = list(dataset.read_diagnostics)
        doc.extend(dataset.examples)
        doc.refresh()
        return doc

    def add_chunk(self, chunk: Chunk) -> None:
        """Take a chunk from ``core.datasets.stream`` (already validated)."""
        self._changes += 1
        per = chunk.per_example()
        self.examples.extend(chunk.examples)
        self.example_diags.extend(per)
        self.counts.extend([(0, 0)] * len(chunk.examples))

    def set_counts(self, start: int, counts: list[tuple[int, int]]) -> None:
        self.counts[start : start + len(counts)] = counts

    def extend(self, examples: Iterable[Example]) -> None:
        self._changes += 1
        examples = list(examples)
        start = len(self.examples)
        self.examples.extend(examples)
        self.example_diags.extend(self._check(start + i, e) for i, e in enumerate(examples))
        self.counts.extend(self._count(examples))

    # -- model -------------------------------------------------------------------------
    @property
    def model(self) -> str:
        return self._model

    @model.setter
    def model(self, value: str) -> None:
        if value != self._model:
            self._model = value
            self._tokenizer = None
            self.counts = self._count(self.examples)
            self.refresh()

    def state(self) -> State:
        """What the document holds now, for an operation to start from and for undo to
        come back to (the lists are copied; the examples are shared, never changed)."""
        fresh = self._problems[1] if self._problems is not None and self._problems[0] == self._changes else None
        return State(self.kind, self._model, list(self.examples), list(self.example_diags), list(self.counts),
                     list(self.dataset_diags), self._tokenizer, fresh)

    def apply(self, state: State) -> None:
        """Become ``state`` (made by ``core.datasets.change``): assignments only."""
        self.kind, self._model = state.kind, state.model
        self.examples, self.example_diags, self.counts = list(state.examples), list(state.example_diags), list(state.counts)
        self._tokenizer = state.tokenizer if state.tokenizer is not None else None
        self.set_dataset_diagnostics(list(state.dataset_diags))
        if state.problems is not None:
            self._problems = (self._changes, state.problems)

    def retarget(self, model: str, tokenizer: Tokenizer, counts: list[tuple[int, int]]) -> None:
        """Switch the target model with counts made elsewhere (off the UI thread)."""
        if len(counts) != len(self.examples):
            raise ValueError("the counts are for another version of the dataset")
        self._model, self._tokenizer, self.counts = model, tokenizer, counts
        self.refresh()

    @property
    def tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = tokenizer_factory(self._model)()
        return self._tokenizer

    def _count(self, examples: list[Example]) -> list[tuple[int, int]]:
        return count_examples([e.data for e in examples], self.tokenizer) if examples else []

    def _check(self, index: int, example: Example) -> list[Diagnostic]:
        return check_example(example.data, self.kind, index, example.line, example.raw, example.note)

    # -- editing -----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.examples)

    def data(self, index: int) -> Any:
        return self.examples[index].data

    def set_data(self, index: int, data: dict[str, Any] | None, raw: str | None = None) -> dict[str, Any] | None:
        """Replace an example's data (a fixed raw row becomes a real example; ``data``
        None with ``raw`` makes it a raw row again, as undo needs); returns the old data."""
        ex = self.examples[index]
        old = ex.data
        if data is None:
            ex.data, ex.raw = None, raw
        else:
            ex.data = data
        self._revalidate(index)
        return old

    def insert(self, index: int, example: Example) -> None:
        self.insert_many(index, [example])

    def checked(self, examples: list[Example], start: int) -> tuple[list[list[Diagnostic]], list[tuple[int, int]]]:
        """Each example's diagnostics and token counts as if inserted at ``start``: pure,
        so a worker can do it (tokens are counted in one batch) before ``insert_many``."""
        return [self._check(start + i, e) for i, e in enumerate(examples)], self._count(examples)

    def insert_many(self, index: int, examples: list[Example],
                    checked: tuple[list[list[Diagnostic]], list[tuple[int, int]]] | None = None) -> None:
        """Insert ``examples`` at ``index``; ``checked`` from ``checked()`` (made off the UI
        thread) saves checking and counting them here."""
        self._changes += 1
        diags, counts = checked if checked is not None else self.checked(examples, index)
        self.examples[index:index] = examples
        self.example_diags[index:index] = diags
        self.counts[index:index] = counts

    def remove(self, index: int) -> Example:
        self._changes += 1
        self.example_diags.pop(index)
        self.counts.pop(index)
        return self.examples.pop(index)

    def move(self, src: int, dst: int) -> None:
        self._changes += 1
        for seq in (self.examples, self.example_diags, self.counts):
            seq.insert(dst, seq.pop(src))

    def _revalidate(self, index: int) -> None:
        self._changes += 1
        ex = self.examples[index]
        self.example_diags[index] = self._check(index, ex)
        self.counts[index] = self._count([ex])[0]

    def refresh(self) -> None:
        """The dataset-wide checks (size, duplicates, length, legacy suggestions)."""
        self.set_dataset_diagnostics(dataset_checks(self.examples, self.kind, self.example_diags,
                                                    [c[0] for c in self.counts], self._model))

    def set_dataset_diagnostics(self, diags: list[Diagnostic]) -> None:
        self._changes += 1
        self.dataset_diags = diags
        # a per-example warning said once for the whole dataset (validate.fold_common)
        self._folded = {d.code for d in diags if d.index is None and d.code in FOLDED}
        self._by_row: dict[int, list[Diagnostic]] = {}
        for d in diags:
            if d.index is not None:
                self._by_row.setdefault(d.index, []).append(d)

    # -- reading diagnostics -----------------------------------------------------------
    def flat_example_diagnostics(self) -> list[Diagnostic]:
        return [dataclasses.replace(d, index=i) for i, ds in enumerate(self.example_diags) for d in ds
                if d.code not in self._folded]

    def diagnostics_for(self, index: int) -> list[Diagnostic]:
        own = [dataclasses.replace(d, index=index) for d in self.example_diags[index] if d.code not in self._folded]
        return own + self._by_row.get(index, [])

    def all_diagnostics(self) -> list[Diagnostic]:
        """Everything to show in the Problems list, in order (cached until the next change;
        an applied State brings its own, made off the UI thread)."""
        if self._problems is None or self._problems[0] != self._changes:
            self._problems = (self._changes, problems(self.example_diags, self.dataset_diags))
        return self.read_diags + self._problems[1]

    def severity(self, index: int) -> Severity | None:
        diags = self.diagnostics_for(index)
        if any(d.severity is Severity.ERROR for d in diags):
            return Severity.ERROR
        return Severity.WARNING if diags else None

    # -- saving ------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        out = write_jsonl(path, self.examples)
        self.source.path = Path(path)
        return out

    def to_dataset(self) -> Dataset:
        return Dataset(list(self.examples), self.kind, self.source, list(self.read_diags))
