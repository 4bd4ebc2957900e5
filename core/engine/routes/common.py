"""What every group of routes shares: the SDK-shaped dump, OpenAI's list pages, and
whole-number query parameters with OpenAI-shaped 400s."""

from __future__ import annotations

from typing import Any

from ..errors import bad_request


def dump(model_type: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Validate against the SDK's type, then dump: the shape matches by construction."""
    return model_type.model_validate(data).model_dump(mode="json")


def page(items: list[dict[str, Any]], after: str | None, limit: int, *, ends: bool = False) -> dict[str, Any]:
    start = 0
    if after:
        for i, item in enumerate(items):
            if item["id"] == after:
                start = i + 1
                break
        else:
            start = len(items)
    data = items[start : start + limit]
    page: dict[str, Any] = {"object": "list", "data": data, "has_more": start + limit < len(items)}
    if ends:
        page["first_id"] = data[0]["id"] if data else None
        page["last_id"] = data[-1]["id"] if data else None
    return page


def whole(value: Any, default: int, name: str, low: int = 1, high: int = 10_000) -> int:
    if value is None:
        return default
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise bad_request(f"'{name}' must be a whole number", name) from None
    if not low <= n <= high:
        raise bad_request(f"'{name}' must be between {low} and {high}", name)
    return n
