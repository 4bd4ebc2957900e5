"""Opening the 100,000-example file from dataset_bench.py in the Datasets tab, offscreen.

Prints the time until the first rows show, the time until the whole file is in, and
the longest stall of the UI thread meanwhile (a 10 ms heartbeat timer: a stall is the
largest gap between two beats). Targets: rows within 1 s, no stall over 100 ms.

    python bench/gui_open_bench.py [--file bench/out/chat_100k.jsonl]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=ROOT / "bench" / "out" / "chat_100k.jsonl")
    args = ap.parse_args()
    if not args.file.exists():
        from bench.dataset_bench import make_dataset

        args.file.parent.mkdir(parents=True, exist_ok=True)
        print(f"making {args.file} …", flush=True)
        make_dataset(args.file, 100_000)

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from core.datasets.tokens import tiktoken_encoding
    from gui.datasets.tab import DatasetsTab

    app = QApplication([])
    tiktoken_encoding("o200k_base")  # as in the app, where it is loaded at start-up
    tab = DatasetsTab()
    tab.resize(1280, 800)
    tab.show()
    app.processEvents()

    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]
    first_rows: list[float] = []

    def beat() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now
        if not first_rows and tab.ctl.model.rowCount() > 0:
            first_rows.append(now)

    heart = QTimer()
    heart.setInterval(10)
    heart.timeout.connect(beat)
    tab.loaded.connect(app.quit)
    clock.start()
    heart.start()
    started = time.perf_counter()
    tab.open_path(args.file)
    last[0] = clock.nsecsElapsed() / 1e6
    app.exec()
    total = time.perf_counter() - started
    heart.stop()
    size = args.file.stat().st_size
    print(f"file: {args.file.name} ({size / 1e6:.0f} MB), {tab.ctl.model.rowCount():,} rows, cpus {os.cpu_count()}")
    print(f"first rows shown after: {first_rows[0] / 1000:.3f} s  (target < 1 s)")
    print(f"whole file in after:    {total:.1f} s")
    print(f"longest UI stall:       {max(gaps):.0f} ms over {len(gaps):,} beats  (target <= 100 ms)")


if __name__ == "__main__":
    main()
