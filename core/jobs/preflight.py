"""Preflight: everything checked before a byte is sent.

The training file (and the validation file) are validated and counted with the target
model's tokenizer, and the cost (cloud) or time (this computer) is estimated. Errors
block the launch; warnings are shown and the user decides.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..datasets import Report, Severity, check_file
from ..datasets.model import Diagnostic
from ..i18n import join, tr
from ..util.text import format_duration

VALIDATION_EXEMPT = ("too_few_examples",)


@dataclass
class Preflight:
    train: Report
    valid: Report | None = None
    problems: list[tuple[str, Diagnostic]] = field(default_factory=list)  # (file name, diagnostic)

    @property
    def errors(self) -> list[tuple[str, Diagnostic]]:
        return [(f, d) for f, d in self.problems if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[tuple[str, Diagnostic]]:
        return [(f, d) for f, d in self.problems if d.severity is Severity.WARNING]

    def summary(self) -> str:
        st, est = self.train.stats, self.train.estimate
        n = len(self.train.dataset)
        parts = [tr("%Ln training example(s)", None, n)]
        if self.valid is not None:
            parts.append(tr("%Ln validation", None, len(self.valid.dataset)))
        parts.append(tr("{count:,} tokens ({tokenizer})", count=st.total, tokenizer=st.tokenizer))
        parts.append(tr("%n epoch(s) → {tokens:,} billed tokens", None, est.epochs, tokens=est.billed_tokens))
        if est.cost_usd is not None:
            parts.append(tr("about ${cost:,.2f} (prices of {date})", cost=est.cost_usd, date=est.prices_taken))
        if est.seconds is not None:
            parts.append(tr("about {duration} on this computer", duration=format_duration(est.seconds)))
        return join(tr("; "), parts)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a file written for the upload came from (the open dataset, or a part of a
    split): the name the user knows, and for each written example its (index, line) in
    the user's data. Problems then name that, not a file in the upload cache."""

    name: str
    rows: Sequence[tuple[int | None, int | None]]

    def place(self, d: Diagnostic) -> Diagnostic:
        if d.index is None or not 0 <= d.index < len(self.rows):
            return d
        index, line = self.rows[d.index]
        return dataclasses.replace(d, index=index, line=line)


def describe(file: str, d: Diagnostic) -> str:
    where = [file]
    if d.line is not None:
        where.append(tr("line {line}", line=d.line))
    elif d.index is not None:
        where.append(tr("example {number}", number=d.index + 1))
    if d.field:
        where.append(d.field)
    return tr("{where}: {message}", where=join(tr(", "), where), message=d.message)


def _problems(path: str | os.PathLike[str], origin: Origin | None, diags: list[Diagnostic]) -> list[tuple[str, Diagnostic]]:
    if origin is None:
        return [(os.path.basename(path), d) for d in diags]
    return [(origin.name, origin.place(d)) for d in diags]


def run_preflight(train_path: str | os.PathLike[str], model: str, valid_path: str | os.PathLike[str] | None = None,
                  n_epochs: int | None = None, *, train_origin: Origin | None = None,
                  valid_origin: Origin | None = None) -> Preflight:
    """``*_origin``: set when the file was written for the upload from the user's data."""
    train = check_file(train_path, model, n_epochs=n_epochs)
    out = Preflight(train, problems=_problems(train_path, train_origin, train.diagnostics))
    if valid_path:
        out.valid = check_file(valid_path, model)
        # The minimum number of examples is a rule for training data, not for held-out data.
        out.problems += _problems(valid_path, valid_origin,
                                  [d for d in out.valid.diagnostics if d.code not in VALIDATION_EXEMPT])
        if out.valid.dataset.kind is not train.dataset.kind:
            out.problems.append((valid_origin.name if valid_origin else os.path.basename(valid_path), Diagnostic(
                index=None, line=None, field=None, code="kind_mismatch", severity=Severity.ERROR,
                message=f"the validation file holds {out.valid.dataset.kind} examples but the training file "
                        f"holds {train.dataset.kind} examples")))
    return out
