"""A conversation as Markdown for a QTextBrowser: each message under its author, with
links for its actions (copy, edit, regenerate, earlier/later versions)."""

from __future__ import annotations

from typing import Any

from core.util.text import format_duration, format_usd

from ..i18n import tr

PAGE = 100  # messages rendered at once; earlier ones behind a link


def _escape_link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def reply_stats(stats: dict[str, Any], local: bool) -> str:
    parts = []
    if stats.get("completion_tokens") is not None:
        parts.append(tr("%Ln token(s)", None, stats["completion_tokens"]))
    if stats.get("first_token_s") is not None:
        parts.append(tr("first token {seconds:.2f} s").format(seconds=stats["first_token_s"]))
    if stats.get("total_s"):
        parts.append(format_duration(stats["total_s"]) if stats["total_s"] >= 60 else f"{stats['total_s']:.2f} s")
    if local:
        parts.append(tr("free, on this computer"))
    elif stats.get("cost_usd") is not None:
        parts.append(format_usd(stats["cost_usd"]))
    if stats.get("stopped"):
        parts.append("stopped")
    return " · ".join(parts)


def message_markdown(m: Any, versions: tuple[int, int] | None, last: bool, local: bool) -> str:
    who = tr("You") if m.role == "user" else (tr("System") if m.role == "system" else m.model or tr("Assistant"))
    links = [f"[{tr('Copy')}](act:copy:{m.id})"]
    if m.role == "user":
        links.append(f"[Edit](act:edit:{m.id})")
    if m.role == "assistant" and last:
        links.append(f"[Regenerate](act:regenerate:{m.id})")
    if versions and versions[1] > 1:
        index, count = versions
        links.insert(0, f"[‹](act:prev:{m.id}) " + tr("version {index} of {count}").format(index=index, count=count)
                     + f" [›](act:next:{m.id})")
    head = f"**{_escape_link_text(who)}** &nbsp; " + " &nbsp; ".join(links)
    body = m.content if m.content.strip() else "*(empty)*"
    out = f"{head}\n\n{body}\n\n"
    if m.role == "assistant":
        line = reply_stats(m.stats, local)
        if line:
            out += f"*{line}*\n\n"
    return out


def context_markdown(messages: list[dict[str, str]]) -> str:
    """The preset's system prompt and few-shot turns, shown dimmed above the chat."""
    if not messages:
        return ""
    lines = ["*" + tr("Context from the preset:") + "*\n"]
    for m in messages:
        text = m["content"].replace("\n", " ")
        lines.append(f"> **{m['role']}**: {text}\n>")
    return "\n".join(lines) + "\n\n---\n\n"
