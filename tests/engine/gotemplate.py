"""Just enough of Go's text/template to render the TEMPLATE of a Modelfile the way Ollama
does: ``range .Messages``, ``if``/``else if``/``else`` with ``eq .Role "…"``, ``.Role``,
``.Content``, string literals, and the ``{{-``/``-}}`` trim markers. Anything else is an
error, so a Modelfile using more than this fails the test instead of passing unread."""

from __future__ import annotations

import re

_ACTION = re.compile(r"\{\{(-?)\s*(.*?)\s*(-?)\}\}", re.DOTALL)


def _tokens(template: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _ACTION.finditer(template):
        text = template[pos:m.start()]
        if m.group(1):
            text = text.rstrip()
        if out and out[-1][0] == "trim_next":
            out.pop()
            text = text.lstrip()
        out.append(("text", text))
        out.append(("action", m.group(2)))
        if m.group(3):
            out.append(("trim_next", ""))
        pos = m.end()
    tail = template[pos:]
    if out and out[-1][0] == "trim_next":
        out.pop()
        tail = tail.lstrip()
    out.append(("text", tail))
    return out


def _parse(tokens: list[tuple[str, str]], i: int, stop: tuple[str, ...]) -> tuple[list, int, str]:
    nodes: list = []
    while i < len(tokens):
        kind, value = tokens[i]
        i += 1
        if kind == "text":
            nodes.append(("text", value))
            continue
        head = value.split()[0] if value else ""
        if value == "end" or value == "else" or value.startswith("else if"):
            if value in stop or head in stop or (value.startswith("else if") and "else" in stop):
                return nodes, i, value
            raise ValueError(f"unexpected {{{{ {value} }}}}")
        if head == "range":
            if value != "range .Messages":
                raise ValueError(f"unsupported: {value}")
            body, i, _ = _parse(tokens, i, ("end",))
            nodes.append(("range", body))
        elif head == "if":
            branches = []
            cond = value[3:]
            while True:
                body, i, ended = _parse(tokens, i, ("end", "else"))
                branches.append((cond, body))
                if ended == "end":
                    break
                cond = ended[len("else if "):] if ended.startswith("else if") else None
            nodes.append(("if", branches))
        elif value in (".Role", ".Content") or (value.startswith('"') and value.endswith('"')):
            nodes.append(("value", value))
        else:
            raise ValueError(f"unsupported: {{{{ {value} }}}}")
    if stop:
        raise ValueError("missing {{ end }}")
    return nodes, i, ""


def _cond(cond: str | None, message: dict) -> bool:
    if cond is None:
        return True
    m = re.fullmatch(r'eq \.Role "([^"]*)"', cond)
    if not m:
        raise ValueError(f"unsupported condition: {cond}")
    return message.get("role") == m.group(1)


def _render(nodes: list, messages: list[dict], message: dict | None) -> str:
    out = []
    for node in nodes:
        kind = node[0]
        if kind == "text":
            out.append(node[1])
        elif kind == "value":
            value = node[1]
            if value.startswith('"'):
                out.append(value[1:-1])
            else:
                if message is None:
                    raise ValueError(f"{value} outside range")
                out.append(message["role" if value == ".Role" else "content"])
        elif kind == "range":
            for m in messages:
                out.append(_render(node[1], messages, m))
        elif kind == "if":
            for cond, body in node[1]:
                if message is None:
                    raise ValueError("if outside range")
                if _cond(cond, message):
                    out.append(_render(body, messages, message))
                    break
    return "".join(out)


def render(template: str, messages: list[dict]) -> str:
    nodes, _, _ = _parse(_tokens(template), 0, ())
    return _render(nodes, messages, None)


def modelfile_fields(text: str) -> dict[str, list[str]]:
    """FROM, TEMPLATE, SYSTEM and PARAMETER lines of a Modelfile (triple-quoted values
    may span lines), as Ollama's parser reads them."""
    fields: dict[str, list[str]] = {}
    pos = 0
    pattern = re.compile(r'^(FROM|TEMPLATE|SYSTEM|PARAMETER|#)[ \t]*', re.MULTILINE)
    while True:
        m = pattern.search(text, pos)
        if not m:
            break
        key, pos = m.group(1), m.end()
        if text.startswith('"""', pos):
            end = text.index('"""', pos + 3)
            value, pos = text[pos + 3:end], end + 3
        else:
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            value, pos = text[pos:end], end
        if key != "#":
            fields.setdefault(key, []).append(value)
    return fields
