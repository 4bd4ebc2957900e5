"""What a run shows: one summary row per candidate (each metric, latency, tokens, cost,
break-even), the examples that went worst, and exports as CSV, Markdown and a
self-contained HTML page."""

from __future__ import annotations

import csv
import html
import io
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..providers import LOCAL_ID
from ..util.files import atomic_write
from ..util.text import format_usd
from . import metrics as M
from .store import Result, Run


@dataclass(slots=True)
class Row:
    cand: int
    name: str
    local: bool
    answered: int = 0
    failed: int = 0
    values: dict[str, float | None] = field(default_factory=dict)
    latency_mean: float | None = None
    latency_p95: float | None = None
    ttft_mean: float | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float | None = None  # USD for the answered examples; None when no price is known
    cost_per_run: float | None = None  # USD for the whole test set once (0 on this computer)
    break_even: dict[int, int | None] = field(default_factory=dict)  # other candidate -> runs (None: never)


def summary(run: Run, results: dict[tuple[int, int], Result]) -> list[Row]:
    rows = []
    for ci, cand in enumerate(run.candidates):
        mine = [r for (c, _), r in sorted(results.items()) if c == ci]
        ok = [r for r in mine if r.ok]
        row = Row(ci, cand.name, cand.provider == LOCAL_ID, len(ok), len(mine) - len(ok))
        outputs = [r.output for r in ok]
        refs = [run.items[r.item].reference for r in ok]
        for key in run.metrics:
            row.values[key] = M.aggregate(key, outputs, refs, [r.scores.get(key) for r in ok]) if ok else None
        judged = [r.judge for r in ok if r.judge is not None]
        if judged:
            row.values["judge"] = sum(judged) / len(judged)
        thumbs = [r.thumbs for r in ok if r.thumbs]
        if thumbs:
            row.values["thumbs"] = sum(1 for t in thumbs if t > 0) / len(thumbs)
        times = [r.total for r in ok if r.total is not None]
        row.latency_mean = sum(times) / len(times) if times else None
        row.latency_p95 = M.percentile(times, 95)
        firsts = [r.ttft for r in ok if r.ttft is not None]
        row.ttft_mean = sum(firsts) / len(firsts) if firsts else None
        row.tokens_in = sum(r.tokens_in or 0 for r in ok)
        row.tokens_out = sum(r.tokens_out or 0 for r in ok)
        costs = [r.cost for r in ok]
        if row.local:
            row.cost, row.cost_per_run = 0.0, 0.0
        elif ok and all(c is not None for c in costs):
            row.cost = sum(costs)  # type: ignore[arg-type]
            row.cost_per_run = row.cost / len(ok) * len(run.items)
        rows.append(row)
    for row in rows:
        spent = run.candidates[row.cand].training_cost
        if spent is None and not (row.local and run.candidates[row.cand].model.startswith("ft:")):
            continue
        spent = spent or 0.0
        for other in rows:
            if other is row or other.cost_per_run is None or row.cost_per_run is None:
                continue
            saving = other.cost_per_run - row.cost_per_run
            if saving == 0 and spent == 0:
                continue  # both free (on this computer): nothing to pay back
            row.break_even[other.cand] = (0 if spent <= 0 and saving >= 0 else
                                          math.ceil(spent / saving) if saving > 0 else None)
    return rows


def break_even_text(row: Row, rows: list[Row]) -> str:
    parts = []
    for other_i, runs in row.break_even.items():
        other = rows[other_i].name
        if runs is None:
            parts.append(f"never cheaper than {other}")
        elif runs == 0:
            parts.append(f"cheaper than {other} from the first run")
        else:
            parts.append(f"cheaper than {other} after {runs:,} run{'s' if runs != 1 else ''}")
    return "; ".join(parts)


def fmt(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    metric = M.METRICS.get(key)
    if metric and metric.percent:
        return f"{100 * value:.1f}%"
    return f"{value:.2f}" if key == "judge" else f"{value:.1f}"


def fmt_cost(row: Row) -> str:
    if row.local:
        return "on this computer"
    return "—" if row.cost is None else format_usd(row.cost)


def fmt_seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def worst(run: Run, results: dict[tuple[int, int], Result], key: str, limit: int = 5) -> list[int]:
    """Items on which the candidates did worst on average by ``key``, worst first."""
    metric = M.METRICS.get(key)
    per_item: dict[int, list[float]] = {}
    for (_, item), r in results.items():
        v = r.scores.get(key)
        if r.ok and v is not None:
            per_item.setdefault(item, []).append(v)
    means = {i: sum(v) / len(v) for i, v in per_item.items()}
    order = sorted(means, key=lambda i: means[i], reverse=bool(metric and metric.lower_is_better))
    return order[:limit]


def shown_metrics(run: Run, rows: list[Row] | None = None) -> list[str]:
    """The run's scores, then the judge's and the user's marks when there are any."""
    keys = [k for k in run.metrics if k in M.METRICS]
    for extra in ("judge", "thumbs"):
        if rows and any(r.values.get(extra) is not None for r in rows):
            keys.append(extra)
    return keys


def columns(run: Run, rows: list[Row] | None = None) -> list[str]:
    return ["Model", *[M.METRICS[k].label for k in shown_metrics(run, rows)], "Answered", "Mean time",
            "p95 time", "First token", "Tokens in/out", "Cost", "Break-even"]


def table(run: Run, rows: list[Row]) -> list[list[str]]:
    out = []
    for row in rows:
        out.append([row.name, *[fmt(k, row.values.get(k)) for k in shown_metrics(run, rows)],
                    f"{row.answered}/{len(run.items)}" + (f" ({row.failed} failed)" if row.failed else ""),
                    fmt_seconds(row.latency_mean), fmt_seconds(row.latency_p95), fmt_seconds(row.ttft_mean),
                    f"{row.tokens_in:,}/{row.tokens_out:,}", fmt_cost(row), break_even_text(row, rows) or "—"])
    return out


def to_csv(run: Run, results: dict[tuple[int, int], Result]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["example", "line", "candidate", "model", "input", "reference", "output", "error",
                *run.metrics, "first_token_s", "total_s", "tokens_in", "tokens_out", "cost_usd", "thumbs", "judge"])
    for (ci, ii), r in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        item, cand = run.items[ii], run.candidates[ci]
        w.writerow([item.index + 1, item.line or "", cand.name, cand.model, item.input_text, item.reference, r.output,
                    r.error or "", *["" if r.scores.get(k) is None else f"{r.scores[k]:.6g}" for k in run.metrics],
                    r.ttft if r.ttft is not None else "", r.total if r.total is not None else "", r.tokens_in or "",
                    r.tokens_out or "", "" if r.cost is None else f"{r.cost:.8f}", r.thumbs or "",
                    "" if r.judge is None else r.judge])
    return buf.getvalue()


def confusion_html(run: Run, results: dict[tuple[int, int], Result]) -> str:
    """For a classification: each model's confusion matrix (reference label down, what the
    model said across)."""
    if not {"accuracy", "macro_f1"} & set(run.metrics):
        return ""
    out = []
    for ci, cand in enumerate(run.candidates):
        ok = [r for (c, _), r in sorted(results.items()) if c == ci and r.ok]
        if not ok:
            continue
        names, grid = M.confusion([r.output for r in ok], [run.items[r.item].reference for r in ok])
        head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
        right = " style='background:#d5f5dd'"
        body = "".join("<tr><th>" + html.escape(names[g]) + "</th>" + "".join(
            f"<td align='right'{right if g == p and n else ''}>{n}</td>"
            for p, n in enumerate(row)) + "</tr>" for g, row in enumerate(grid))
        out.append(f"<p><b>{html.escape(cand.name)}</b>: the reference down, the answer across</p>"
                   f"<table border='1' cellspacing='0' cellpadding='3'><tr><th></th>{head}</tr>{body}</table>")
    return "".join(out)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def to_markdown(run: Run, results: dict[tuple[int, int], Result]) -> str:
    rows = summary(run, results)
    head = columns(run, rows)
    lines = [f"# {run.name}", "", f"Test set: {run.test_name} · {len(run.items)} examples · "
             f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(run.created))}", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in table(run, rows)]
    if run.metrics:
        key = run.metrics[0]
        lines += ["", f"## Worst examples by {M.METRICS[key].label}", ""]
        for ii in worst(run, results, key):
            item = run.items[ii]
            lines += [f"### Example {item.index + 1}", "", f"**Input:** {_md_cell(item.input_text)}", "",
                      f"**Reference:** {_md_cell(item.reference)}", ""]
            for ci, cand in enumerate(run.candidates):
                r = results.get((ci, ii))
                if r is not None:
                    lines.append(f"- **{cand.name}** ({fmt(key, r.scores.get(key))}): {_md_cell(r.output or r.error or '')}")
            lines.append("")
    return "\n".join(lines) + "\n"


def _bars_svg(title: str, names: list[str], values: list[float | None], percent: bool) -> str:
    width, bar_h, gap, label_w = 560, 22, 8, 200
    known = [v for v in values if v is not None]
    top = max(known + [1e-9]) if not percent else max(known + [1.0])
    height = 30 + len(names) * (bar_h + gap)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{html.escape(title)}"><text x="0" y="16" font-weight="bold">{html.escape(title)}</text>']
    for i, (name, v) in enumerate(zip(names, values)):
        y = 28 + i * (bar_h + gap)
        w = 0 if v is None else (width - label_w - 70) * v / top
        shown = "—" if v is None else (f"{100 * v:.1f}%" if percent else f"{v:.1f}")
        parts.append(f'<text x="0" y="{y + 15}">{html.escape(name[:30])}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#4a7bd0"/>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{shown}</text>')
    return "".join(parts) + "</svg>"


def to_html(run: Run, results: dict[tuple[int, int], Result]) -> str:
    rows = summary(run, results)
    head = columns(run, rows)
    out = ["<!doctype html><html><head><meta charset='utf-8'><title>", html.escape(run.name), "</title><style>",
           "body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
           "pre{white-space:pre-wrap;margin:0}.ex{margin-bottom:1.5em}</style></head><body>",
           f"<h1>{html.escape(run.name)}</h1><p>Test set: {html.escape(run.test_name)} · {len(run.items)} examples · "
           f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(run.created))}</p>",
           "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in table(run, rows)]
    out.append("</table>")
    for key in run.metrics:
        m = M.METRICS[key]
        title = f"{m.label} ({'lower' if m.lower_is_better else 'higher'} is better)"
        out.append("<p>" + _bars_svg(title, [r.name for r in rows], [r.values.get(key) for r in rows], m.percent) + "</p>")
    matrix = confusion_html(run, results)
    if matrix:
        out.append("<h2>Confusion matrices</h2>" + matrix)
    if run.metrics:
        key = run.metrics[0]
        out.append(f"<h2>Worst examples by {html.escape(M.METRICS[key].label)}</h2>")
        for ii in worst(run, results, key):
            item = run.items[ii]
            out.append(f"<div class='ex'><h3>Example {item.index + 1}</h3><table>"
                       f"<tr><th>Input</th><td><pre>{html.escape(item.input_text)}</pre></td></tr>"
                       f"<tr><th>Reference</th><td><pre>{html.escape(item.reference)}</pre></td></tr>")
            for ci, cand in enumerate(run.candidates):
                r = results.get((ci, ii))
                if r is not None:
                    out.append(f"<tr><th>{html.escape(cand.name)}<br>{fmt(key, r.scores.get(key))}</th>"
                               f"<td><pre>{html.escape(r.output or r.error or '')}</pre></td></tr>")
            out.append("</table></div>")
    out.append("</body></html>")
    return "".join(out)


def export(path: str | Path, run: Run, results: dict[tuple[int, int], Result]) -> None:
    """The run as an HTML report, Markdown or CSV (one row per answer), by the file's
    suffix; written atomically."""
    suffix = Path(path).suffix.lower()
    text = (to_html(run, results) if suffix in (".html", ".htm") else
            to_markdown(run, results) if suffix in (".md", ".markdown") else to_csv(run, results))
    atomic_write(path, [text.encode("utf-8")], backup=False)
