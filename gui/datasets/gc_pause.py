"""Python's full garbage collections walk every object; with 100,000 examples that is a
few hundred milliseconds with the GIL held, a frozen window whichever thread starts it.
While a file loads or an operation builds a new state, collection waits; afterwards
everything made meanwhile is frozen (``gc.freeze``): later collections skip it.
Examples hold no reference cycles, so nothing piles up meanwhile."""

from __future__ import annotations

import gc

_paused = 0
_was_enabled = True


def pause() -> None:
    global _paused, _was_enabled
    if _paused == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _paused += 1


def resume() -> None:
    global _paused
    if _paused == 0:
        return
    _paused -= 1
    if _paused == 0 and _was_enabled:
        # Not even a young collection: with collection off, everything made meanwhile is
        # young, and collecting it took 150 ms. Freezing it is a list splice.
        gc.freeze()
        gc.enable()
