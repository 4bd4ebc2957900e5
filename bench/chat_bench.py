"""How the Chat tab copes with a fast stream and a long conversation.

    python bench/chat_bench.py

1. A reply streamed at 200 tokens/s for 10 s (Markdown with lists and code) into a
   conversation of 200 messages. TuneDesk draws the reply at most every 100 ms and
   re-renders only the reply; the baseline re-renders the whole conversation for every
   token, as a naive chat view does. Printed: the longest gap of a 5 ms heartbeat on the
   UI thread (the target is under 50 ms) and the ratio.
2. Opening a conversation of 2,000 messages: TuneDesk renders the last 100 (the rest
   behind a link); the baseline renders all 2,000. Printed: open time, the longest
   heartbeat gap while scrolling from top to bottom, and the ratios.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TUNEDESK_HOME", tempfile.mkdtemp(prefix="tunedesk-chat-bench-"))

TOKENS = ["Here", " are", " the", " steps", ":\n\n", "1.", " Open", " **Settings**", ".\n", "2.", " Choose",
          " `Account`", ".\n\n", "```python\n", "print", "(", "'hello'", ")\n", "```\n\n", "That", " is", " all", "."]


class Heartbeat:
    def __init__(self, app) -> None:
        from PySide6.QtCore import QTimer

        self.app, self.gaps, self.last = app, [], None
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.beat)

    def beat(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.gaps.append(now - self.last)
        self.last = now

    def start(self) -> None:
        self.gaps, self.last = [], None
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return max(self.gaps) * 1000 if self.gaps else 0.0


def run_until(app, condition, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)


def make_tab(app, messages: int):
    from core import paths
    from core.chat.store import Store
    from gui.chat.tab import ChatTab
    from gui.providers import Providers
    from gui.settings import Settings

    store = Store(paths.home() / f"bench-{messages}.sqlite")
    cid = store.create("Bench")
    parent = None
    for i in range(messages):
        role = "user" if i % 2 == 0 else "assistant"
        text = f"Question {i}: how do I do step {i}?" if role == "user" else \
            f"Answer {i}:\n\n1. Open **Settings**.\n2. Choose `Account`.\n\n```\ncode {i}\n```\n"
        parent = store.add_message(cid, parent, role, text, model="bench")
    tab = ChatTab(Providers(Settings()), store)
    tab._models_loaded = True  # no engine: nothing here talks to a model
    tab.resize(1200, 800)
    tab.show()
    app.processEvents()
    return tab, cid


def stream(app, naive: bool) -> float:
    from gui.chat.streams import StreamColumn

    tab, cid = make_tab(app, 200)
    tab.open_conversation(cid)
    app.processEvents()
    beat = Heartbeat(app)
    column = StreamColumn(tab.view)
    column.begin()
    done = threading.Event()
    history = "".join(m.content + "\n\n" for m in tab.thread())
    sink = {"put": column.add}

    def produce() -> None:
        start = time.perf_counter()
        for i in range(2000):  # 200 tokens/s for 10 s
            token = TOKENS[i % len(TOKENS)]
            sink["put"](token)
            delay = start + (i + 1) / 200 - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        done.set()

    if naive:  # every token re-renders the whole conversation, on the UI thread
        from PySide6.QtCore import QObject, Signal

        class Relay(QObject):
            token = Signal(str)

        relay = Relay()
        text = {"reply": ""}

        def on_token(t: str) -> None:
            text["reply"] += t
            tab.view.setMarkdown(history + text["reply"])

        relay.token.connect(on_token)
        sink["put"] = relay.token.emit
    else:
        tab.streams.start([column])
    beat.start()
    threading.Thread(target=produce, daemon=True).start()
    run_until(app, done.is_set)
    run_until(app, lambda: False, 0.3)
    worst = beat.stop()
    if not naive:
        tab.streams.end()
    tab.close()
    return worst


def long_conversation(app, all_at_once: bool) -> tuple[float, float]:
    tab, cid = make_tab(app, 2000)
    tab.show_all = all_at_once
    start = time.perf_counter()
    tab.conversation_id = cid
    tab.render()
    app.processEvents()
    opened = time.perf_counter() - start
    beat = Heartbeat(app)
    beat.start()
    bar = tab.view.verticalScrollBar()
    bar.setValue(0)
    step = max(1, bar.maximum() // 200)
    for value in range(0, bar.maximum() + step, step):
        bar.setValue(value)
        tab.view.viewport().repaint()
        app.processEvents()
    worst = beat.stop()
    tab.close()
    return opened, worst


def main() -> None:
    from gui.app import make_app

    app = make_app()
    ours = stream(app, naive=False)
    naive = stream(app, naive=True)
    print(f"streaming 200 tokens/s for 10 s into 200 messages: longest UI stall tunedesk {ours:.0f} ms, "
          f"baseline (re-render per token) {naive:.0f} ms; ratio {naive / max(ours, 1e-9):.1f}x; target < 50 ms")
    open_ours, scroll_ours = long_conversation(app, all_at_once=False)
    open_all, scroll_all = long_conversation(app, all_at_once=True)
    print(f"2,000-message conversation: open tunedesk {open_ours * 1000:.0f} ms, baseline (render all) "
          f"{open_all * 1000:.0f} ms; ratio {open_all / max(open_ours, 1e-9):.1f}x")
    print(f"scrolling it top to bottom: longest UI stall tunedesk {scroll_ours:.0f} ms, baseline {scroll_all:.0f} ms")


if __name__ == "__main__":
    main()
