"""Numbers as people read them: money and durations."""

from __future__ import annotations


def format_usd(value: float) -> str:
    """Dollars with as many places as a small amount needs: $12.30, $0.0123, $0.000045."""
    if value >= 1:
        return f"${value:,.2f}"
    if value >= 0.01 or value == 0:
        return f"${value:.4f}"
    return f"${value:.6f}"


def format_duration(seconds: float) -> str:
    """A training time as people say it: 45 s, 12 min, 3.5 h."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
