"""An evaluation run through the Evaluate tab against the local engine.

200 held-out examples go to the bundled SmolLM2-135M-Instruct (8 tokens per answer,
greedy) from the Evaluate tab, once with 1 request at a time and once with 4. For each
it prints examples/s, the ratio of 4 against 1, the evaluation's own overhead (scoring
and storing on the workers, plus the tab's UI updates) as a share of the run's wall
time (target < 5 %), and the longest stall of the UI thread while results stream in
(target < 50 ms), measured by a 5 ms timer.

    python bench/eval_bench.py [--examples 200] [--max-tokens 8]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--max-tokens", type=int, default=8)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="tunedesk-eval-bench-"))
    os.environ["TUNEDESK_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from core.engine.catalog import BUNDLED
    from core.evals import Candidate, EvalStore
    from core.providers import LOCAL_ID
    from gui.evaluate.tab import EvaluateTab
    from gui.providers import Providers
    from gui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv)
    providers = Providers(Settings())
    print("Starting the engine and loading the bundled model (converted once)…", flush=True)
    client = providers.client(LOCAL_ID, timeout=600)
    client.chat.completions.create(model=BUNDLED, messages=[{"role": "user", "content": "hi"}], max_tokens=1)

    test = home / "held-out.jsonl"
    words = ["apple", "river", "cloud", "stone", "tiger", "lemon", "piano", "candle", "forest", "rocket"]
    with open(test, "w", encoding="utf-8") as f:
        for i in range(args.examples):
            w = words[i % len(words)]
            f.write(json.dumps({"messages": [{"role": "user", "content": f"Write the word {w} in capitals. ({i})"},
                                             {"role": "assistant", "content": w.upper()}]}) + "\n")

    tab = EvaluateTab(providers, EvalStore(home / "evals.sqlite"))
    tab.resize(1280, 800)
    tab.show()
    ui_time = [0.0]

    def timed(fn):
        def wrapper(*a, **k):
            start = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                ui_time[0] += time.perf_counter() - start
        return wrapper

    bar = tab.bar
    bar._take_results = timed(bar._take_results)
    tab._answered = timed(tab._answered)
    tab._show_results = timed(tab._show_results)
    tab.summary.summary_model.set_summary = timed(tab.summary.summary_model.set_summary)
    bar._drain.timeout.disconnect()
    bar._drain.timeout.connect(bar._take_results)
    bar.answered.disconnect()
    bar.answered.connect(tab._answered)

    results = {}
    for concurrency in (1, 4):
        tab.new_run()
        tab.setup.set_candidates([Candidate(LOCAL_ID, BUNDLED, params={"max_tokens": args.max_tokens, "temperature": 0})])
        tab.setup.set_test_file(str(test))
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        deadline = time.monotonic() + 30
        while not tab.setup.test_note.text() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        ui_time[0] = 0.0
        stall = [0.0]
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def tick(clock=clock, stall=stall, last=last):  # this run's timer and figures
            now = clock.elapsed()
            stall[0] = max(stall[0], (now - last[0] - 5) / 1000)
            last[0] = now

        ticker = QTimer()
        ticker.setInterval(5)
        ticker.timeout.connect(tick)
        ticker.start()
        done = QEventLoop()
        tab.run_finished.connect(done.quit)
        started = time.perf_counter()
        tab.start(concurrency=concurrency)
        runner = tab.runner
        done.exec()
        wall = time.perf_counter() - started
        ticker.stop()
        tab.run_finished.disconnect(done.quit)
        answered = sum(1 for r in tab.results.values() if r.ok)
        overhead = runner.overhead_s + ui_time[0]
        results[concurrency] = (answered / wall, wall, overhead, stall[0], answered)
        print(f"concurrency {concurrency}: {answered} examples in {wall:.1f} s = {answered / wall:.2f} examples/s; "
              f"overhead {overhead:.2f} s = {100 * overhead / wall:.1f}% of the wall time "
              f"(scoring and storing {runner.overhead_s:.2f} s, UI updates {ui_time[0]:.2f} s); "
              f"longest UI stall {1000 * stall[0]:.0f} ms", flush=True)
    one, four = results[1][0], results[4][0]
    print(f"\n4 requests at once vs 1: {four:.2f} / {one:.2f} examples/s = {four / one:.2f}x")
    worst_overhead = max(100 * r[2] / r[1] for r in results.values())
    worst_stall = max(1000 * r[3] for r in results.values())
    print(f"overhead: at most {worst_overhead:.1f}% of the wall time (target < 5%); "
          f"longest UI stall {worst_stall:.0f} ms (target < 50 ms)")
    tab.shutdown()
    providers.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
