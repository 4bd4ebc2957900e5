"""Apply the automatic fixes that diagnostics carry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Diagnostic, Example, Fix

# Prefixes come off before a leading space goes on, and suffixes go on last.
_ORDER = (
    "remove_prompt_prefix",
    "remove_completion_prefix",
    "lowercase",
    "add_completion_leading_space",
    "add_prompt_suffix",
    "add_completion_suffix",
    "drop_examples",
)


def fixes_of(diagnostics: Iterable[Diagnostic], codes: Iterable[str] | None = None) -> list[tuple[str, Fix]]:
    """The distinct fixes offered, once each, as (code, fix), optionally only some codes."""
    wanted = set(codes) if codes is not None else None
    seen: set[Fix] = set()
    out: list[tuple[str, Fix]] = []
    for d in diagnostics:
        if d.fix is None or d.fix in seen or (wanted is not None and d.code not in wanted):
            continue
        seen.add(d.fix)
        out.append((d.code, d.fix))
    return out


def _completion_rows(examples: Sequence[Example]):
    for ex in examples:
        d = ex.data
        if d is not None and isinstance(d.get("prompt"), str) and isinstance(d.get("completion"), str):
            yield ex, d


def apply_fixes(examples: Sequence[Example], fixes: Iterable[Fix]) -> list[Example]:
    """A new list of examples with the fixes applied; the input is left untouched."""
    out = [Example(dict(e.data) if e.data is not None else None, e.line, e.raw) for e in examples]
    drop: set[int] = set()
    for fix in sorted(set(fixes), key=lambda f: _ORDER.index(f.action) if f.action in _ORDER else 99):
        a = fix.action
        if a == "drop_examples":
            drop.update(fix.arg("indices", ()))
            continue
        for _, d in _completion_rows(out):
            p, c = d["prompt"], d["completion"]
            if a == "remove_prompt_prefix" and p.startswith(fix.arg("prefix")):
                d["prompt"] = p[len(fix.arg("prefix")) :]
            elif a == "remove_completion_prefix":
                lead = " " if c.startswith(" ") else ""
                body = c[len(lead) :]
                if body.startswith(fix.arg("prefix")):
                    d["completion"] = lead + body[len(fix.arg("prefix")) :]
            elif a == "lowercase":
                d["prompt"], d["completion"] = p.lower(), c.lower()
            elif a == "add_completion_leading_space" and not c[:1].isspace():
                d["completion"] = " " + c
            elif a == "add_prompt_suffix" and not p.endswith(fix.arg("suffix")):
                d["prompt"] = p + fix.arg("suffix")
            elif a == "add_completion_suffix" and not c.endswith(fix.arg("suffix")):
                d["completion"] = c + fix.arg("suffix")
    return [e for i, e in enumerate(out) if i not in drop]
