"""Opening the 100,000-example file from dataset_bench.py in the Datasets tab, offscreen.

Prints the time until the first rows show, the time until the whole file is in, and
the longest stall of the UI thread meanwhile (a 10 ms heartbeat timer: a stall is the
largest gap between two beats). Targets: rows within 1 s, no stall over 100 ms.

Baseline, in the same run: the same tab fed by a reading thread inside the window's
own process (how the tab first worked), so reading competes with painting for the GIL.
Each variant runs in a fresh process.

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
    ap.add_argument("--variant", choices=["tunedesk", "thread"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.file.exists():
        from bench.dataset_bench import make_dataset

        args.file.parent.mkdir(parents=True, exist_ok=True)
        print(f"making {args.file} …", flush=True)
        make_dataset(args.file, 100_000)

    if args.variant is None:
        import json
        import subprocess

        results = {}
        for variant in ("thread", "tunedesk"):
            out = subprocess.run([sys.executable, __file__, "--file", str(args.file), "--variant", variant],
                                 capture_output=True, text=True, check=True).stdout
            results[variant] = json.loads(out.strip().splitlines()[-1])
        t, b = results["tunedesk"], results["thread"]
        size = args.file.stat().st_size
        print(f"file: {args.file.name} ({size / 1e6:.0f} MB), {t['rows']:,} rows, cpus {os.cpu_count()}")
        print(f"{'':24}{'tunedesk':>10}{'baseline':>10}  (baseline: a reading thread in the window's process)")
        print(f"{'first rows shown (s)':24}{t['first']:>10.3f}{b['first']:>10.3f}  target < 1 s")
        print(f"{'whole file in (s)':24}{t['total']:>10.1f}{b['total']:>10.1f}")
        print(f"{'longest UI stall (ms)':24}{t['stall']:>10.0f}{b['stall']:>10.0f}  target <= 100 ms")
        print(f"stall ratio: baseline / tunedesk = {b['stall'] / t['stall']:.1f}x")
        return

    import json

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
    if args.variant == "thread":
        open_in_thread(tab, args.file)
    else:
        tab.open_path(args.file)
    last[0] = clock.nsecsElapsed() / 1e6
    app.exec()
    total = time.perf_counter() - started
    heart.stop()
    print(json.dumps({"rows": tab.ctl.model.rowCount(), "first": first_rows[0] / 1000, "total": total,
                      "stall": max(gaps), "beats": len(gaps)}))


def open_in_thread(tab, path: Path) -> None:
    """The baseline: read, validate and count on a thread of this process."""
    from core.datasets import stream
    from core.datasets.document import Document, dataset_checks
    from core.datasets.tokens import count_examples
    from gui import tasks
    from gui.datasets.controller import DatasetController

    reader, chunks = stream(path)
    doc = Document(reader.kind, reader.source)
    ctl = DatasetController(doc)
    tab._attach(ctl)

    def work(report):
        examples, per_example, totals = [], [], []
        for chunk in chunks:
            counts = count_examples(chunk.parsed, doc.tokenizer)
            chunk.parsed = []
            per = chunk.per_example()
            examples.extend(chunk.examples)
            per_example.extend(per)
            totals.extend(c[0] for c in counts)
            report((chunk, counts))
        return dataset_checks(examples, reader.kind, per_example, totals, doc.model)

    def arrived(item):
        chunk, counts = item
        ctl.add_chunks([chunk])
        ctl.doc.set_counts(chunk.start, counts)
        if chunk.start == 0:
            tab.table.selectRow(0)

    def finished(diags):
        ctl.doc.set_dataset_diagnostics(diags)
        ctl.model.all_changed()
        tab._fill_problems()
        tab.loaded.emit()

    tasks.run(work, finished, None, arrived)


if __name__ == "__main__":
    main()
