"""Validation as data: every problem is a Diagnostic naming the example, line and field.

Per-example checks follow OpenAI's cookbook, extended for tools, tool calls and
weights; dataset checks cover size, duplicates, length against the target model and
the legacy prepare_data suggestions for prompt/completion data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..i18n import QT_TR_NOOP, tr
from .model import Diagnostic, Example, Fix, Kind, Severity

E, W = Severity.ERROR, Severity.WARNING

ROLES = ("system", "user", "assistant", "tool", "function", "developer")
MESSAGE_KEYS = frozenset(
    {"role", "content", "name", "function_call", "weight", "tool_calls", "tool_call_id", "refusal"}
)
MIN_EXAMPLES, RECOMMENDED_EXAMPLES = 10, 100
LONG_EXAMPLE_CHARS = 10_000
MAX_PROMPT_PREFIX = 10  # characters; a longer shared prompt opening is an instruction to drop
MIN_COMPLETION_PREFIX = 4  # characters (besides spaces) before a shared opening is worth removing
SEPARATORS = (" ->", "\n\n###\n\n", "\n\n===\n\n", "\n\n---\n\n", "\n\n===>\n\n", "\n\n--->\n\n")
STOPS = ("\n", ".", " END", "***", "+++", "&&&", "$$$", "@@@", "%%%")

DROP = "drop_examples"


def _show(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return json.dumps(shown, ensure_ascii=False)


class _Out:
    __slots__ = ("index", "line", "items")

    def __init__(self, index: int, line: int) -> None:
        self.index, self.line, self.items = index, line, []

    def add(self, field: str | None, code: str, sev: Severity, msg: str, fix: Fix | None = None) -> None:
        self.items.append(Diagnostic(self.index, self.line, field, code, sev, msg, fix))


def _drop_fix(index: int, why: str) -> Fix:
    return Fix(DROP, tr('Delete this example ({why})', why=why), (("indices", (index,)),))


def _check_text(text: str, path: str, out: _Out) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        out.add(path, "invalid_text", E, tr("{path} holds {char!a} at character {column}: half of a character (a lone "
                                            "surrogate escape), which no "
                  "tokenizer or API accepts. Remove it.", path=path, char=exc.object[exc.start], column=exc.start + 1))


def _check_content_parts(parts: list[Any], path: str, out: _Out) -> None:
    for j, part in enumerate(parts):
        p = f"{path}[{j}]"
        if not isinstance(part, dict) or not isinstance(part.get("type"), str):
            out.add(p, "data_type", E, tr("{p} must be an object with a 'type'", p=p))
        elif part["type"] == "text" and not isinstance(part.get("text"), str):
            out.add(f"{p}.text", "data_type", E, tr('{p}.text must be a string', p=p))
        elif part["type"] == "image_url" and not (
            isinstance(part.get("image_url"), dict) and isinstance(part["image_url"].get("url"), str)
        ):
            out.add(f"{p}.image_url", "data_type", E, tr("{p}.image_url must be an object with a 'url'", p=p))


def _check_tool_calls(calls: Any, path: str, out: _Out, seen_ids: set[str]) -> None:
    if not isinstance(calls, list) or not calls:
        out.add(path, "invalid_tool_call", E, tr('{path} must be a non-empty list of tool calls', path=path))
        return
    for j, call in enumerate(calls):
        p = f"{path}[{j}]"
        if not isinstance(call, dict):
            out.add(p, "invalid_tool_call", E, tr('{p} must be an object', p=p))
            continue
        if not isinstance(call.get("id"), str) or not call["id"]:
            out.add(f"{p}.id", "invalid_tool_call", E, tr("{p} needs an 'id' string", p=p))
        else:
            seen_ids.add(call["id"])
        if call.get("type", "function") != "function":
            out.add(f"{p}.type", "invalid_tool_call", E, tr('{p}.type must be "function"', p=p))
        fn = call.get("function")
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str) or not fn["name"]:
            out.add(f"{p}.function.name", "invalid_tool_call", E, tr("{p}.function needs a 'name'", p=p))
            continue
        _check_arguments(fn.get("arguments"), f"{p}.function.arguments", out)


def _check_arguments(args: Any, path: str, out: _Out) -> None:
    if not isinstance(args, str):
        out.add(path, "invalid_tool_call", E, tr('{path} must be a JSON string, like "{{\\"city\\": \\"Paris\\"}}"', path=path))
        return
    try:
        json.loads(args)
    except ValueError as exc:
        out.add(path, "invalid_tool_call", E,
                tr('{path} is not valid JSON ({msg} at column {colno})', path=path, msg=exc.msg, colno=exc.colno))


def _check_messages(messages: Any, path: str, out: _Out, *, need_assistant: bool, chat: bool) -> None:
    if not isinstance(messages, list) or not messages:
        out.add(path, "missing_messages_list", E, tr("'{path}' must be a non-empty list of messages", path=path))
        return
    roles: list[str] = []
    call_ids: set[str] = set()
    for i, m in enumerate(messages):
        p = f"{path}[{i}]"
        if not isinstance(m, dict):
            out.add(p, "data_type", E, tr("{p} must be an object with 'role' and 'content'", p=p))
            continue
        for key in m:
            if key not in MESSAGE_KEYS:
                out.add(f"{p}.{key}", "message_unrecognized_key", E, tr("{p} has an unrecognised key '{key}'", p=p, key=key))
        role = m.get("role")
        if "role" not in m:
            out.add(f"{p}.role", "message_missing_key", E, tr("{p} has no 'role'", p=p))
        elif role not in ROLES:
            out.add(f"{p}.role", "unrecognized_role", E,
                    tr('{p} has role {text}; use one of system, user, assistant, tool', p=p, text=_show(str(role))))
        else:
            roles.append(role)
        has_calls = "tool_calls" in m or "function_call" in m
        content = m.get("content")
        if "content" not in m and not has_calls:
            out.add(f"{p}.content", "message_missing_key", E, tr("{p} has no 'content'", p=p))
        elif content is None or (isinstance(content, str) and not content.strip()):
            if not (role == "assistant" and has_calls):
                out.add(f"{p}.content", "missing_content", E, tr("{p} ({role}) has empty content", p=p, role=role or tr("no role")))
        elif isinstance(content, list):
            _check_content_parts(content, f"{p}.content", out)
        elif not isinstance(content, str):
            out.add(f"{p}.content", "data_type", E, tr('{p}.content must be text', p=p))
        else:
            _check_text(content, f"{p}.content", out)
        if "name" in m and not isinstance(m["name"], str):
            out.add(f"{p}.name", "data_type", E, tr('{p}.name must be a string', p=p))
        if "weight" in m:
            w = m["weight"]
            if role != "assistant":
                out.add(f"{p}.weight", "invalid_weight", E, tr('{p}: only assistant messages take a weight', p=p))
            elif isinstance(w, bool) or w not in (0, 1):
                out.add(f"{p}.weight", "invalid_weight", E, tr('{p}.weight must be 0 or 1, not {text}', p=p, text=_show(str(w))))
        if "tool_calls" in m:
            if role != "assistant":
                out.add(f"{p}.tool_calls", "invalid_tool_call", E, tr('{p}: only assistant messages make tool calls', p=p))
            else:
                _check_tool_calls(m["tool_calls"], f"{p}.tool_calls", out, call_ids)
        if "function_call" in m:
            fc = m["function_call"]
            if not isinstance(fc, dict) or not isinstance(fc.get("name"), str):
                out.add(f"{p}.function_call", "invalid_tool_call", E, tr("{p}.function_call needs a 'name'", p=p))
            else:
                _check_arguments(fc.get("arguments"), f"{p}.function_call.arguments", out)
        if role == "tool":
            tid = m.get("tool_call_id")
            if not isinstance(tid, str) or not tid:
                out.add(f"{p}.tool_call_id", "invalid_tool_call", E, tr("{p} is a tool reply without a 'tool_call_id'", p=p))
            elif tid not in call_ids:
                out.add(f"{p}.tool_call_id", "invalid_tool_call", E,
                        tr('{p} answers tool call {tid}, which no earlier assistant message made', p=p, tid=_show(tid)))
    if need_assistant and "assistant" not in roles:
        out.add(path, "example_missing_assistant_message", E, tr("the example has no assistant message to learn from"))
    if chat:
        if "system" not in roles and "developer" not in roles:
            out.add(path, "missing_system_message", W, tr("no system message"))
        if "user" not in roles:
            out.add(path, "missing_user_message", W, tr("no user message"))


def _check_tools(tools: Any, out: _Out) -> None:
    if not isinstance(tools, list):
        out.add("tools", "invalid_tool_call", E, tr("'tools' must be a list of function definitions"))
        return
    for i, tool in enumerate(tools):
        fn = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            out.add(f"tools[{i}]", "invalid_tool_call", E, tr('tools[{i}] must be {{"type": "function", "function": {{"name": …}}}}', i=i))


def check_example(data: Any, kind: Kind, index: int, line: int, raw: str | None = None,
                  note: tuple[str, str] | None = None) -> list[Diagnostic]:
    out = _Out(index, line)
    if note is not None:  # the reader's word on how the row was read
        code, message = note
        out.add(None, code, E, message)
        if data is None:
            return out.items
    if data is None:
        _check_raw(raw or "", out)
        return out.items
    if not isinstance(data, dict):
        out.add(None, "data_type", E, tr("the line holds a JSON {kind}, not an object", kind=type(data).__name__))
        return out.items
    meta = data.get("metadata")
    if isinstance(meta, dict) and meta.get("finish_reason") == "length":  # a generated answer that hit max_tokens
        out.add("metadata.finish_reason", "truncated_answer", W,
                tr("the answer stopped at max_tokens (finish_reason “length”): it is probably cut off"))
    if "messages" in data or (kind is Kind.CHAT and not ("prompt" in data or "completion" in data or "input" in data)):
        _check_messages(data.get("messages"), "messages", out, need_assistant=True, chat=True)
        if "tools" in data:
            _check_tools(data["tools"], out)
        if "parallel_tool_calls" in data and not isinstance(data["parallel_tool_calls"], bool):
            out.add("parallel_tool_calls", "data_type", E, tr("'parallel_tool_calls' must be true or false"))
    elif "input" in data and ("preferred_output" in data or "non_preferred_output" in data):
        inp = data.get("input")
        _check_messages(inp.get("messages") if isinstance(inp, dict) else None, "input.messages", out,
                        need_assistant=False, chat=False)
        for key in ("preferred_output", "non_preferred_output"):
            value = data.get(key)
            if not isinstance(value, list) or len(value) != 1:
                out.add(key, "example_missing_assistant_message", E, tr("'{key}' must hold exactly one assistant message", key=key))
            else:
                _check_messages(value, key, out, need_assistant=True, chat=False)
    else:
        prompt, completion = data.get("prompt", ""), data.get("completion", "")
        for key, value in (("prompt", prompt), ("completion", completion)):
            if not isinstance(value, str):
                out.add(key, "data_type", E, tr("'{key}' must be text, not {kind}", key=key, kind=type(value).__name__))
            else:
                _check_text(value, key, out)
        if isinstance(completion, str) and not completion.strip():
            # Deleting is offered only when the example holds nothing at all; a prompt
            # without its answer needs the answer written, not the prompt thrown away.
            empty = isinstance(prompt, str) and not prompt.strip()
            out.add("completion", "empty_completion", E, tr("the completion is empty: there is nothing to learn"),
                    _drop_fix(index, tr("empty")) if empty else None)
        if isinstance(prompt, str) and not prompt.strip():
            out.add("prompt", "empty_prompt", W, tr("the prompt is empty"))
        if isinstance(prompt, str) and isinstance(completion, str) and len(prompt) + len(completion) > LONG_EXAMPLE_CHARS:
            out.add(None, "long_example", W,
                    tr("the example is {length:,} characters long (over {limit:,}); check that it is one example, not several "
                       "run together", length=len(prompt) + len(completion), limit=LONG_EXAMPLE_CHARS))
    return out.items


def _check_raw(raw: str, out: _Out) -> None:
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        out.add(None, "invalid_encoding", E, tr("the line has bytes that are not valid text in the file's encoding"))
        return
    try:
        json.loads(raw)
    except json.JSONDecodeError as exc:
        hint = tr("; it looks cut off") if exc.pos >= len(raw.rstrip()) else ""
        what = exc.msg[0].lower() + exc.msg[1:]  # e.g. "unterminated string starting at"
        where = tr("column {column}", column=exc.colno) if what.endswith(" at") else tr("at column {column}",
                                                                                        column=exc.colno)
        out.add(None, "invalid_json", E, tr('not valid JSON: {what} {where}{hint}', what=what, where=where, hint=hint))
    except RecursionError:
        out.add(None, "too_deep", E, tr("the JSON is nested more than 1,000 levels deep; no example is shaped like that"))
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        out.add(None, "invalid_json", E, tr('cannot be read: {exc}', exc=exc))
    else:
        out.add(None, "invalid_json", E, tr("not valid JSON"))


def check_examples(examples: Sequence[Example], kind: Kind, start: int = 0) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    for i, ex in enumerate(examples, start):
        diags.extend(check_example(ex.data, kind, i, ex.line, ex.raw, ex.note))
    return diags


# -- the whole dataset ---------------------------------------------------------------


def example_digest(example: Example) -> bytes | None:
    """The example's content, whatever its JSON's spacing: a row as read keeps its own
    bytes (``{"role": "user"}``) while an edited one is compact (``{"role":"user"}``), and
    the two are the same example."""
    canonical = example.canonical()
    return None if canonical is None else hashlib.blake2b(canonical, digest_size=16).digest()


def digests(examples: Iterable[Example]) -> list[bytes | None]:
    return [example_digest(e) for e in examples]


def check_duplicates(examples: Sequence[Example], keys: Sequence[bytes | None] | None = None) -> list[Diagnostic]:
    """``keys`` (from ``digests``) may be computed ahead, e.g. while the file is read."""
    if keys is None:
        keys = digests(examples)
    seen: dict[bytes, int] = {}
    diags = []
    dupes: list[int] = []
    for i, key in enumerate(keys):
        if key is None:
            continue
        first = seen.setdefault(key, i)
        if first != i:
            dupes.append(i)
            diags.append(Diagnostic(i, examples[i].line, None, "duplicate_example", W,
                                    tr("the same as example {number} (line {line})", number=first + 1, line=examples[first].line)))
    if dupes:
        fix = Fix(DROP, tr("Delete %Ln duplicate example(s), keeping the first of each", None, len(dupes)), (("indices", tuple(dupes)),))
        for d in diags:
            d.fix = fix
    return diags


def check_size(n_valid: int) -> list[Diagnostic]:
    if n_valid < MIN_EXAMPLES:
        return [Diagnostic(None, None, None, "too_few_examples", E,
                           tr("%n usable example(s); fine-tuning needs at least {minimum}", None, n_valid, minimum=MIN_EXAMPLES))]
    if n_valid < RECOMMENDED_EXAMPLES:
        return [Diagnostic(None, None, None, "too_few_examples", W,
                           tr("%n example(s); 50-100 usually show improvement, a few hundred do better", None, n_valid))]
    return []


def check_lengths(examples: Sequence[Example], totals: Sequence[int], limit: int, model: str) -> list[Diagnostic]:
    return [
        Diagnostic(i, examples[i].line, None, "too_long", W,
                   tr("{tokens:,} tokens; {model} trains on at most {limit:,} per example and cuts the rest", tokens=n, model=model,
                      limit=limit))
        for i, n in enumerate(totals)
        if n > limit
    ]


def _common_prefix(texts: Sequence[str]) -> str:
    if not texts:
        return ""
    lo, hi = min(texts), max(texts)
    n = 0
    for a, b in zip(lo, hi):
        if a != b:
            break
        n += 1
    return lo[:n]


def _common_suffix(texts: Sequence[str]) -> str:
    return _common_prefix([t[::-1] for t in texts])[::-1]


def _is_boundary(suffix: str) -> bool:
    """A shared ending that can mark a boundary: not just letters that happen to match
    ("good" and "bad" both end in "d")."""
    return any(not ch.isalnum() for ch in suffix)


def _occurs_inside(suffix: str, texts: Sequence[str]) -> bool:
    """The common ending also appears earlier in some text: useless as a boundary."""
    return any(t.find(suffix) != len(t) - len(suffix) for t in texts)


def _word_prefix(texts: Sequence[str]) -> str:
    """The common prefix, cut back so it does not end in the middle of a word."""
    prefix = _common_prefix(texts)
    if prefix and any(len(t) > len(prefix) and t[len(prefix)].isalnum() for t in texts) and prefix[-1].isalnum():
        cut = max((i for i, ch in enumerate(prefix) if not ch.isalnum()), default=-1)
        prefix = prefix[: cut + 1]
    return prefix


def _leaves_text(prefix: str, texts: Sequence[str]) -> bool:
    """Removing ``prefix`` would leave something in every text: a shared opening, not
    the whole of a text (one example, or a single class label, is all "prefix")."""
    return len(texts) > 1 and all(t[len(prefix):].strip() for t in texts)


def infer_task(prompts: Sequence[str], completions: Sequence[str]) -> str:
    if not any(p.strip() for p in prompts):
        return "open-ended generation"
    if len(set(completions)) < len(completions) / 3:
        return "classification"
    return "conditional generation"


def check_legacy(examples: Sequence[Example]) -> list[Diagnostic]:
    """The legacy prepare_data suggestions, each with its automatic fix."""
    rows = []
    for i, ex in enumerate(examples):
        d = ex.data
        if isinstance(d, dict) and isinstance(d.get("prompt"), str) and isinstance(d.get("completion"), str) \
                and d["completion"].strip():
            rows.append((i, d["prompt"], d["completion"]))
    if not rows:
        return []
    prompts = [r[1] for r in rows]
    completions = [r[2] for r in rows]
    task = infer_task(prompts, completions)
    diags: list[Diagnostic] = []

    def add(code: str, msg: str, fix: Fix) -> None:
        diags.append(Diagnostic(None, None, None, code, W, msg, fix))

    if task != "open-ended generation":
        suffix = _common_suffix(prompts)
        if not _is_boundary(suffix) or _occurs_inside(suffix, prompts):
            sep = next((s for s in SEPARATORS if not any(s in p for p in prompts)), None)
            why = (tr("the prompts' common ending {ending} also occurs inside them", ending=_show(suffix))
                   if _is_boundary(suffix) else tr("prompts do not end with a common separator"))
            if sep is not None:
                add("no_prompt_separator",
                    tr("{why}, so the model cannot tell where the prompt ends; add {sep} to every prompt (and end "
                       "your prompts with it when you use the model)", why=why, sep=_show(sep)),
                    Fix("add_prompt_suffix", tr('Add {sep} to the end of every prompt', sep=_show(sep)), (("suffix", sep),)))
        prefix = _word_prefix(prompts)
        if len(prefix) > MAX_PROMPT_PREFIX and _leaves_text(prefix, prompts):
            add("common_prompt_prefix",
                tr("every prompt starts with {prefix}; a tuned model does not need the instructions, only the input",
                   prefix=_show(prefix)),
                Fix("remove_prompt_prefix", tr('Remove {prefix} from the start of every prompt', prefix=_show(prefix)),
                    (("prefix", prefix),)))
    cprefix = _word_prefix(completions)
    if len(cprefix.strip()) >= MIN_COMPLETION_PREFIX and _leaves_text(cprefix, completions):
        keep = " " if cprefix.startswith(" ") else ""
        add("common_completion_prefix",
            tr("every completion starts with {prefix}; the model would learn to repeat it", prefix=_show(cprefix)),
            Fix("remove_completion_prefix", tr('Remove {text} from the start of every completion', text=_show(cprefix[len(keep):])),
                (("prefix", cprefix[len(keep):]),)))
    csuffix = _common_suffix(completions)
    if not _is_boundary(csuffix) or _occurs_inside(csuffix, completions):
        stop = next((s for s in STOPS if not any(s in c for c in completions)), None)
        why = (tr("the completions' common ending {ending} also occurs inside them, so the model would stop early",
                  ending=_show(csuffix)) if _is_boundary(csuffix)
               else tr("completions do not end with a common stop sequence"))
        if stop is not None:
            add("no_completion_stop",
                tr("{why}; add {stop} to every completion and pass it as stop when you call the model", why=why,
                   stop=_show(stop)),
                Fix("add_completion_suffix", tr('Add {stop} to the end of every completion', stop=_show(stop)), (("suffix", stop),)))
    if not all(c[:1].isspace() for c in completions):
        add("completion_no_leading_space",
            tr("completions should start with a space, which tokenizes the way the model saw text in training"),
            Fix("add_completion_leading_space", tr("Start every completion with a space")))
    letters = upper = 0
    for p, c in zip(prompts, completions):
        for text in (p, c):
            for ch in text:
                if ch.isalpha():
                    letters += 1
                    upper += ch.isupper()
    if letters and upper / letters > 1 / 3:
        add("mostly_uppercase", tr("{share:.0%} of the letters are upper case; lower case trains better",
                                   share=upper / letters),
            Fix("lowercase", tr("Lower-case every prompt and completion")))
    return diags


def task_of(examples: Iterable[Example]) -> str | None:
    datas = (e.data for e in examples)
    pairs = [(d.get("prompt", ""), d.get("completion", "")) for d in datas if isinstance(d, dict) and "completion" in d]
    if not pairs:
        return None
    # Only text takes part: str() of a deeply nested value would recurse past Python's limit.
    return infer_task([p if isinstance(p, str) else "" for p, _ in pairs],
                      [c if isinstance(c, str) else "" for _, c in pairs])


FOLDED = {
    "missing_system_message": (
        QT_TR_NOOP("no example has a system message. That is fine if the model will be used without one; a short "
        "one, the same in training and in chat, tells the model its job (Dataset ▸ Set System Prompt)"),
        QT_TR_NOOP("{count:,} of {total:,} examples have no system message; give them the one the others have, and use it "
        "in chat too (Dataset ▸ Set System Prompt)"),
    ),
}
FOLD_AT = 3  # a warning on this many examples, and on at least half of them, becomes one line


def fold_common(example_diags: list[Diagnostic], total: int) -> list[Diagnostic]:
    """A warning that most examples share says one thing about the dataset; on every row it
    would drown the rows with real problems. Such per-example warnings are removed from
    ``example_diags`` and one dataset-wide diagnostic with the same code is returned (a
    front end that keeps its own per-row lists hides the codes it returns)."""
    out = []
    for code, (every, some) in FOLDED.items():
        n = sum(1 for d in example_diags if d.code == code)
        if n >= FOLD_AT and 2 * n >= total:
            example_diags[:] = [d for d in example_diags if d.code != code]
            out.append(Diagnostic(None, None, None, code, W, tr(every if n == total else some, count=n, total=total)))
    return out


def check_dataset(
    examples: Sequence[Example],
    kind: Kind,
    example_diags: list[Diagnostic],
    totals: Sequence[int] | None = None,
    *,
    limit: int | None = None,
    model: str = "",
    keys: Sequence[bytes | None] | None = None,
    count: Callable[[str], int] | None = None,
) -> list[Diagnostic]:
    """Dataset-wide checks (``count``: the target model's token count, for the labels of a
    classifier). Also drops per-example `empty_prompt` warnings when every
    prompt is empty: that is open-ended generation, not a mistake; and folds a warning
    that most examples share into one line (see ``FOLDED``)."""
    bad = {d.index for d in example_diags if d.severity is Severity.ERROR and d.index is not None}
    n_valid = sum(1 for i, ex in enumerate(examples) if not ex.is_raw and i not in bad)
    diags = fold_common(example_diags, len(examples)) + check_size(n_valid) + check_duplicates(examples, keys)
    if totals is not None and limit:
        diags += check_lengths(examples, totals, limit, model)
    if kind is Kind.COMPLETION:
        if task_of(examples) == "open-ended generation":
            example_diags[:] = [d for d in example_diags if d.code != "empty_prompt"]
        diags += check_legacy(examples)
        if count is not None:
            diags += check_labels(examples, count, model)
    return diags


def completion_pairs(examples: Iterable[Example]) -> list[tuple[str, str]]:
    """(prompt, completion) of every prompt/completion example with a completion."""
    return [(d["prompt"], d["completion"]) for d in (e.data for e in examples)
            if isinstance(d, dict) and isinstance(d.get("prompt"), str) and isinstance(d.get("completion"), str)
            and d["completion"].strip()]


_ENDINGS = sorted({*STOPS, *(s + "\n" for s in STOPS)}, key=len, reverse=True)


def common_ending(completions: Sequence[str]) -> str:
    """The longest of the usual stop sequences every completion ends with (a new line after
    it counts as part of the ending); "" when there is none."""
    return next((e for e in _ENDINGS if all(c.endswith(e) for c in completions)), "")


def class_labels(completions: Sequence[str], ending: str) -> list[str]:
    """A classifier's labels: its distinct completions without their common ending."""
    return sorted({c[: len(c) - len(ending)] if ending else c for c in completions})


def check_labels(examples: Sequence[Example], count: Callable[[str], int], model: str) -> list[Diagnostic]:
    """A classifier's labels should be one token each for the target model: its first
    token then decides the class, and its logprobs give each class's probability (the
    tutorials' advice). Suggests a mapping to one-token labels when they are not."""
    pairs = completion_pairs(examples)
    if len(pairs) < 2 or infer_task([p for p, _ in pairs], [c for _, c in pairs]) != "classification":
        return []
    labels = class_labels([c for _, c in pairs], common_ending([c for _, c in pairs]))
    if len(labels) > 20:
        return []
    long = [label for label in labels if count(label) > 1]
    if not long:
        return []
    mapping = ", ".join(f"{_show(label)} → {_show(f' {i}')}" for i, label in enumerate(labels))
    shown = ", ".join(f"{_show(label)} ({count(label)})" for label in long[:6])
    return [Diagnostic(None, None, None, "label_not_single_token", W, tr(
        "More than one token for {model} in %n label(s): {labels}. With one-token labels the first token decides "
        "the class and its logprobs give each class's probability; for example map {mapping}", None, len(long),
        model=model or "the target model", labels=shown, mapping=mapping))]
