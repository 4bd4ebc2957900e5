"""Scores of an output against its reference, chosen from the data.

Edit distances come from rapidfuzz and BLEU/chrF from sacrebleu (their numbers are the
ones papers quote); nothing here re-implements them. Per example each metric gives one
number; for a candidate, ``aggregate`` gives the figure the summary shows (a mean, or for
BLEU/chrF and macro-F1 the corpus-level value, which is not a mean of sentence scores).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..i18n import QT_TR_NOOP

_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"  # kana, CJK ideographs, Hangul
_CJK = re.compile(f"[{_CJK_CHARS}]")
_WORD = re.compile(f"[{_CJK_CHARS}]|[^\\s{_CJK_CHARS}]+")


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    label: str
    lower_is_better: bool = False
    percent: bool = False  # shown as a percentage (the value is 0-1)


METRICS = {m.key: m for m in (
    Metric("exact", QT_TR_NOOP("Exact match"), percent=True),
    Metric("cer", QT_TR_NOOP("CER"), lower_is_better=True, percent=True),
    Metric("wer", QT_TR_NOOP("WER"), lower_is_better=True, percent=True),
    Metric("bleu", QT_TR_NOOP("BLEU")),
    Metric("chrf", QT_TR_NOOP("chrF")),
    Metric("json_valid", QT_TR_NOOP("Valid JSON"), percent=True),
    Metric("regex", QT_TR_NOOP("Matches pattern"), percent=True),
    Metric("accuracy", QT_TR_NOOP("Accuracy"), percent=True),
    Metric("macro_f1", QT_TR_NOOP("Macro-F1"), percent=True),
    Metric("judge", QT_TR_NOOP("Judge (1-5)")),
    Metric("thumbs", QT_TR_NOOP("Thumbs up"), percent=True),
)}


def _words(text: str) -> list[str]:
    # Chinese and Japanese have no spaces between words: each character counts as one.
    return _WORD.findall(text)


def cer(output: str, reference: str) -> float:
    """Character error rate: edits to turn the output into the reference, per reference
    character (can exceed 1 when the output is much longer)."""
    if not reference:
        return 0.0 if not output else 1.0
    return Levenshtein.distance(output, reference) / len(reference)


def wer(output: str, reference: str) -> float:
    ref = _words(reference)
    if not ref:
        return 0.0 if not _words(output) else 1.0
    return Levenshtein.distance(_words(output), ref) / len(ref)


def _normal(text: str) -> str:
    return " ".join(text.split())


def exact(output: str, reference: str) -> float:
    return float(_normal(output) == _normal(reference))


def json_valid(output: str) -> float:
    try:
        json.loads(output)
    except ValueError:
        return 0.0
    return 1.0


def regex_match(output: str, pattern: str) -> float:
    return float(re.fullmatch(pattern, output.strip(), re.DOTALL) is not None)


def _bleu_tokenize(references: Sequence[str]) -> str:
    return "zh" if any(_CJK.search(r) for r in references) else "13a"


def sentence_bleu(output: str, reference: str) -> float:
    import sacrebleu

    return sacrebleu.sentence_bleu(output, [reference], tokenize=_bleu_tokenize([reference])).score


def sentence_chrf(output: str, reference: str) -> float:
    import sacrebleu

    return sacrebleu.sentence_chrf(output, [reference]).score


def corpus_bleu(outputs: Sequence[str], references: Sequence[str]) -> float:
    import sacrebleu

    return sacrebleu.corpus_bleu(list(outputs), [list(references)], tokenize=_bleu_tokenize(references)).score


def corpus_chrf(outputs: Sequence[str], references: Sequence[str]) -> float:
    import sacrebleu

    return sacrebleu.corpus_chrf(list(outputs), [list(references)]).score


def label_of(text: str) -> str:
    return _normal(text).strip(" .").lower()


def macro_f1(outputs: Sequence[str], references: Sequence[str]) -> float:
    """The unweighted mean of each reference label's F1 (labels compared after trimming
    spaces and a final full stop, ignoring case)."""
    pred = [label_of(o) for o in outputs]
    gold = [label_of(r) for r in references]
    scores = []
    for label in sorted(set(gold)):
        tp = sum(1 for p, g in zip(pred, gold) if p == label and g == label)
        fp = sum(1 for p, g in zip(pred, gold) if p == label and g != label)
        fn = sum(1 for p, g in zip(pred, gold) if p != label and g == label)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def confusion(outputs: Sequence[str], references: Sequence[str]) -> tuple[list[str], list[list[int]]]:
    """Labels (the references', then "(other)" for anything else said) and counts[gold][predicted]."""
    gold = [label_of(r) for r in references]
    labels = sorted(set(gold))
    other = any(label_of(o) not in labels for o in outputs)
    names = labels + (["(other)"] if other else [])
    at = {n: i for i, n in enumerate(names)}
    grid = [[0] * len(names) for _ in labels]
    for o, g in zip(outputs, gold):
        p = label_of(o)
        grid[at[g]][at.get(p, len(names) - 1)] += 1
    return names, grid


def is_classification(references: Sequence[str]) -> bool:
    """Few distinct, short answers: a label to pick, not text to write."""
    labels = Counter(label_of(r) for r in references)
    n = len(references)
    return n >= 4 and len(labels) <= max(2, n // 3) and all(len(label.split()) <= 3 for label in labels)


def is_json(references: Sequence[str]) -> bool:
    def obj(text: str) -> bool:
        try:
            return isinstance(json.loads(text), (dict, list))
        except ValueError:
            return False

    return bool(references) and all(obj(r) for r in references)


def choose(references: Sequence[str]) -> list[str]:
    """The metrics that suit these references (the user can switch any on or off)."""
    if is_classification(references):
        return ["accuracy", "macro_f1", "cer"]
    if is_json(references):
        return ["json_valid", "exact", "cer"]
    return ["cer", "wer", "chrf", "bleu", "exact"]


def score(key: str, output: str, reference: str, pattern: str | None = None) -> float | None:
    """One example's value for a per-example metric (None for corpus-only ones)."""
    if key == "exact" or key == "accuracy":
        return exact(output, reference) if key == "exact" else float(label_of(output) == label_of(reference))
    if key == "cer":
        return cer(output, reference)
    if key == "wer":
        return wer(output, reference)
    if key == "bleu":
        return sentence_bleu(output, reference)
    if key == "chrf":
        return sentence_chrf(output, reference)
    if key == "json_valid":
        return json_valid(output)
    if key == "regex":
        return regex_match(output, pattern or "") if pattern else None
    return None  # macro_f1 (corpus only), judge and thumbs (set elsewhere)


def aggregate(key: str, outputs: Sequence[str], references: Sequence[str], values: Sequence[float | None]) -> float | None:
    if key == "bleu" and outputs:
        return corpus_bleu(outputs, references)
    if key == "chrf" and outputs:
        return corpus_chrf(outputs, references)
    if key == "macro_f1" and outputs:
        return macro_f1(outputs, references)
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def kendall_tau(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Kendall's tau-b between two rankings (the judge's scores and the user's thumbs):
    1 when they always agree on which of two outputs is better, -1 when never."""
    n = len(xs)
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denom = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return None if denom == 0 else (concordant - discordant) / denom


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile by linear interpolation (numpy's default)."""
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)
