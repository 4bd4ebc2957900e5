"""Core's words that the interface shows, ready to be translated there, without core
depending on Qt.

``tr("{p} has no 'role'", p=path)`` is the English text (a ``str``: the CLI, reports, logs
and JSON use it as it is) that also remembers its template and values, so the desktop app
can show it in the user's language: ``gui.i18n.shown(text)`` translates the template and
fills in the values (themselves translated when they are such texts). The signature is
Qt's: ``tr("%Ln example(s)", None, count)`` is a count with its plural forms. `pyside6-lupdate`
finds these ``tr("…")`` calls here as it does in ``gui/``; ``QT_TR_NOOP("…")`` marks a
plain label (a metric's name) that the interface translates with ``gui.i18n.tr``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_PLURAL = re.compile(r"\((e?s)\)")


def english(template: str, n: int = -1) -> str:
    """The English of a template with ``%n``/``%Ln`` and "(s)"/"(es)" plurals."""
    if n < 0:
        return template
    text = template.replace("%Ln", f"{n:,}").replace("%n", str(n))
    return _PLURAL.sub("" if n == 1 else r"\1", text)


class Text(str):
    """English text that knows how it was made (see the module's notes)."""

    __slots__ = ("template", "params", "n")
    template: str
    params: dict[str, Any]
    n: int

    def __new__(cls, template: str, params: dict[str, Any], n: int = -1) -> Text:
        base = english(template, n)
        self = super().__new__(cls, base.format(**params) if params else base)
        self.template, self.params, self.n = template, params, n
        return self

    def __reduce__(self) -> tuple:  # pickled to and from the file reader's process intact
        return (Text, (self.template, self.params, self.n))


class Joined(str):
    """Texts joined by a separator (itself translatable), e.g. a summary's parts."""

    __slots__ = ("sep", "parts")
    sep: str
    parts: tuple[str, ...]

    def __new__(cls, sep: str, parts: Iterable[str]) -> Joined:
        parts = tuple(parts)
        self = super().__new__(cls, str(sep).join(parts))
        self.sep, self.parts = sep, parts
        return self

    def __reduce__(self) -> tuple:
        return (Joined, (self.sep, self.parts))


def tr(template: str, disambiguation: str | None = None, n: int = -1, **params: Any) -> Text:
    return Text(template, params, n)


def join(sep: str, parts: Iterable[str]) -> Joined:
    return Joined(sep, parts)


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text
