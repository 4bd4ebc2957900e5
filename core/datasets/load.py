"""Read + validate + count in one pass, and the report every front end renders.

``stream`` hands over each chunk of examples, parsed and validated, as soon as it is
read (the GUI shows rows at once); ``check_file`` also counts tokens on background
threads while reading goes on, then runs the dataset-wide checks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import Dataset, Diagnostic, Example, Kind, Severity
from .models import ModelInfo, dataset_model, model_info, tokenizer_factory
from .readers import CHUNK, DatasetReader, Sniffed
from .stats import Estimate, TokenStats, estimate, token_stats
from .tokens import ParallelCounter
from .validate import check_dataset, check_example, check_examples, digests, task_of


@dataclass(slots=True)
class Chunk:
    start: int  # index of the first example in the dataset
    examples: list[Example]  # already compact (see Example)
    diagnostics: list[Diagnostic]
    parsed: list[Any]  # each example's data as parsed, for counting without parsing again

    def per_example(self) -> list[list[Diagnostic]]:
        """The diagnostics grouped by example, in order."""
        per: list[list[Diagnostic]] = [[] for _ in self.examples]
        for d in self.diagnostics:
            per[d.index - self.start].append(d)
        return per


def stream(
    path: str | os.PathLike[str], mapping: dict[str, str] | None = None, chunk_size: int = CHUNK,
    sniffed: Sniffed | None = None,
) -> tuple[DatasetReader, Iterator[Chunk]]:
    """Open ``path`` (raising ReadError at once if it cannot be read) and return the
    reader with an iterator of validated chunks. ``sniffed``: see DatasetReader."""
    reader = DatasetReader(path, mapping, chunk_size, sniffed)

    def chunks() -> Iterator[Chunk]:
        start = 0
        for examples in reader:
            diags = check_examples(examples, reader.kind, start)
            parsed = [e.data for e in examples]
            for e in examples:
                e.compact()
            yield Chunk(start, examples, diags, parsed)
            start += len(examples)

    return reader, chunks()


@dataclass(slots=True)
class Report:
    dataset: Dataset
    diagnostics: list[Diagnostic]
    totals: list[int]
    trained: list[int]
    model: ModelInfo
    stats: TokenStats
    estimate: Estimate
    task: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    def to_dict(self) -> dict[str, Any]:
        src = self.dataset.source
        return {
            "file": str(src.path) if src.path else None,
            "format": src.format,
            "schema": src.schema,
            "encoding": src.encoding,
            "kind": str(self.dataset.kind),
            "task": self.task,
            "columns": src.columns or None,
            "mapping": src.mapping or None,
            "examples": len(self.dataset),
            "errors": self.errors,
            "warnings": self.warnings,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "tokens": self.stats.to_dict(),
            "estimate": self.estimate.to_dict(),
        }


def analyse(
    dataset: Dataset,
    model: str | None = None,
    *,
    example_diags: list[Diagnostic] | None = None,
    counts: Sequence[tuple[int, int]] | None = None,
    keys: Sequence[bytes | None] | None = None,
    n_epochs: int | None = None,
    tokens_per_second: float | None = None,
) -> Report:
    """Validate, count and estimate a dataset in memory (counts and per-example
    diagnostics can be passed in when the caller already has them)."""
    model = model or dataset_model(dataset.kind)
    info = model_info(model)
    examples = dataset.examples
    parsed = [e.data for e in examples] if example_diags is None or counts is None else []
    if example_diags is None:
        example_diags = [d for i, (e, data) in enumerate(zip(examples, parsed))
                         for d in check_example(data, dataset.kind, i, e.line, e.raw, e.note)]
    if counts is None:
        counter = ParallelCounter(tokenizer_factory(model), dataset.kind)
        counter.submit(parsed)
        counts = counter.results()
    totals = [c[0] for c in counts]
    trained = [c[1] for c in counts]
    example_diags = list(example_diags)
    count = tokenizer_factory(model)().count if dataset.kind is Kind.COMPLETION else None  # a classifier's labels
    dataset_diags = check_dataset(
        examples, dataset.kind, example_diags, totals, limit=info.limit, model=model, keys=keys, count=count
    )
    per_example = sorted(
        example_diags + [d for d in dataset_diags if d.index is not None],
        key=lambda d: (d.index, d.severity is not Severity.ERROR),
    )
    diagnostics = list(dataset.read_diagnostics) + [d for d in dataset_diags if d.index is None] + per_example
    usable = [t for e, t in zip(examples, totals) if not e.is_raw]
    tok_name = tokenizer_factory(model)().name
    return Report(
        dataset=dataset,
        diagnostics=diagnostics,
        totals=totals,
        trained=trained,
        model=info,
        stats=token_stats(usable, [t for e, t in zip(examples, trained) if not e.is_raw], info.limit, tok_name),
        estimate=estimate(usable, info, n_epochs=n_epochs, tokens_per_second=tokens_per_second),
        task=task_of(examples) if dataset.kind is Kind.COMPLETION else None,
    )


def check_file(
    path: str | os.PathLike[str],
    model: str | None = None,
    mapping: dict[str, str] | None = None,
    *,
    on_chunk: Callable[[DatasetReader, Chunk], None] | None = None,
    chunk_size: int = CHUNK,
    n_epochs: int | None = None,
    tokens_per_second: float | None = None,
) -> Report:
    reader, chunks = stream(path, mapping, chunk_size)
    examples: list[Example] = []
    diags: list[Diagnostic] = []
    keys: list[bytes | None] = []
    counter: ParallelCounter | None = None
    for chunk in chunks:
        if on_chunk is not None:
            on_chunk(reader, chunk)
        if counter is None:
            model = model or dataset_model(reader.kind)
            counter = ParallelCounter(tokenizer_factory(model), reader.kind)
        counter.submit(chunk.parsed)
        examples.extend(chunk.examples)
        diags.extend(chunk.diagnostics)
        keys.extend(digests(chunk.examples))  # while the counting threads work
    assert counter is not None
    dataset = Dataset(examples, reader.kind, reader.source, reader.read_diagnostics)
    return analyse(
        dataset, model, example_diags=diags, counts=counter.results(), keys=keys,
        n_epochs=n_epochs, tokens_per_second=tokens_per_second,
    )


def load(path: str | os.PathLike[str], mapping: dict[str, str] | None = None) -> Dataset:
    """Just the examples (no counting): for callers that only need the data."""
    reader, chunks = stream(path, mapping)
    examples: list[Example] = []
    for chunk in chunks:
        examples.extend(chunk.examples)
    return Dataset(examples, reader.kind, reader.source, reader.read_diagnostics)
