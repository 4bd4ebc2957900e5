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


def _fixed(p: str, c: str, fix: Fix) -> tuple[str, str]:
    """One fix applied to one prompt/completion pair."""
    a = fix.action
    if a == "remove_prompt_prefix" and p.startswith(fix.arg("prefix")):
        p = p[len(fix.arg("prefix")) :]
    elif a == "remove_completion_prefix":
        lead = " " if c.startswith(" ") else ""
        body = c[len(lead) :]
        if body.startswith(fix.arg("prefix")):
            c = lead + body[len(fix.arg("prefix")) :]
    elif a == "lowercase":
        p, c = p.lower(), c.lower()
    elif a == "add_completion_leading_space" and not c[:1].isspace():
        c = " " + c
    elif a == "add_prompt_suffix" and not p.endswith(fix.arg("suffix")):
        p = p + fix.arg("suffix")
    elif a == "add_completion_suffix" and not c.endswith(fix.arg("suffix")):
        c = c + fix.arg("suffix")
    return p, c


def apply_fixes(examples: Sequence[Example], fixes: Iterable[Fix]) -> list[Example]:
    """A new list of examples with the fixes applied; the input is left untouched.

    A fix never takes all of a field's text away: where removing a shared opening would
    leave a prompt or completion blank, that example keeps it. Examples a fix does not
    change are passed through as they are (a save writes them back byte for byte), and
    anything that is not a prompt/completion object is never touched.
    """
    ordered = sorted(set(fixes), key=lambda f: _ORDER.index(f.action) if f.action in _ORDER else 99)
    drop: set[int] = set()
    for fix in ordered:
        if fix.action == "drop_examples":
            drop.update(fix.arg("indices", ()))
    text_fixes = [f for f in ordered if f.action != "drop_examples"]
    out: list[Example] = []
    for i, ex in enumerate(examples):
        if i in drop:
            continue
        d = ex.data if text_fixes else None
        if not (isinstance(d, dict) and isinstance(d.get("prompt"), str) and isinstance(d.get("completion"), str)):
            out.append(ex)
            continue
        p, c = d["prompt"], d["completion"]
        for fix in text_fixes:
            np_, nc = _fixed(p, c, fix)
            if (p.strip() and not np_.strip()) or (c.strip() and not nc.strip()):
                continue  # would blank a field: keep this example's text as it is
            p, c = np_, nc
        if (p, c) == (d["prompt"], d["completion"]):
            out.append(ex)
        else:
            out.append(Example({**d, "prompt": p, "completion": c}, ex.line))
    return out
