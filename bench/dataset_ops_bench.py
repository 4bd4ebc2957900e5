"""How long the window freezes while the Datasets tab changes 100,000 examples.

Each operation — replace all, convert, deduplicate, apply the suggested fixes, split off
validation data, delete 20,000 rows and undo that, change the target model — runs in the
real Datasets tab (offscreen) while a 5 ms timer ticks; the longest gap between ticks is
the longest stall a user would feel (target: 100 ms). The same script runs the same
operations on the baseline code (a git worktree of ``--baseline``, by default the last
commit where these operations ran on the UI thread), each side in its own process, and
prints both stalls, the ratio, and whether every result (the examples, their kind) is the
same.

    python bench/dataset_ops_bench.py [--examples 100000] [--baseline COMMIT]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "8f3c129"  # bulk operations rebuilt the whole Document on the UI thread
TARGET_MS = 100


def make_data(path: Path, n: int) -> None:
    """The dataset benchmark's examples, every 40th one repeated (something to deduplicate
    and a suggested fix to apply)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from dataset_bench import make_dataset

    plain = path.with_suffix(".plain")
    make_dataset(plain, n - n // 40)
    lines = plain.read_text(encoding="utf-8").splitlines(keepends=True)
    plain.unlink()
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i % 39 == 0 and len(out) < n:
            out.append(line)
    random.Random(5).shuffle(out)
    path.write_text("".join(out[:n]), encoding="utf-8")


# -- one side, in its own process ---------------------------------------------------------
def run_side(data: Path, workdir: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["TUNEDESK_HOME"] = str(workdir / "home")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    try:
        from core.cli import register_engine_tokenizers

        register_engine_tokenizers()
    except ImportError:
        pass
    from gui.datasets.tab import DatasetsTab

    tab = DatasetsTab()
    tab.resize(1280, 800)
    tab.show()

    def pump_until(cond, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {getattr(cond, '__name__', 'a condition')}; "
                                 f"undo index {tab.ctl.undo.index()}")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    loaded = []
    tab.loaded.connect(lambda: loaded.append(True))
    tab.open_path(data)
    pump_until(lambda: bool(loaded))
    settle(app, 0.5)

    def digest() -> str:
        h = hashlib.sha256(str(tab.ctl.doc.kind).encode())
        for e in tab.ctl.doc.examples:
            h.update(json.dumps(e.data, sort_keys=True, ensure_ascii=False).encode())
        return h.hexdigest()[:16]

    def measure(name: str, action, done) -> dict:
        stall = [0.0]
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        gaps: list[tuple[int, int]] = []

        def tick() -> None:
            now = clock.elapsed()
            stall[0] = max(stall[0], now - last[0] - 5)
            if now - last[0] > 40:
                gaps.append((last[0], now - last[0]))
            last[0] = now

        ticker = QTimer()
        ticker.setInterval(5)
        ticker.timeout.connect(tick)
        ticker.start()
        settle(app, 0.05)
        started = time.perf_counter()
        action()
        pump_until(done)
        took = time.perf_counter() - started
        settle(app, 0.6)  # what follows on the UI thread (a recheck's result) counts too
        ticker.stop()
        return {"stall_ms": max(0.0, stall[0]), "seconds": took, "gaps": gaps, "done_at": clock.elapsed()}

    undo = tab.ctl.undo
    results: dict[str, dict] = {}

    def quiet() -> None:
        """Until the checks across the dataset that follow a change have come back."""
        from gui import tasks

        settle(app, 0.05)
        pump_until(lambda: not tab.ctl._recheck.isActive(), 60)
        tasks.wait_idle(120_000)
        settle(app, 0.3)

    quiet()

    def op(name: str, action) -> None:
        print(f"{name}…", file=sys.stderr, flush=True)
        before = undo.index()
        r = measure(name, action, lambda: undo.index() != before)
        r["digest"] = digest()
        results[name] = r
        undo.undo()  # back to the file as read, for the next one
        pump_until(lambda: undo.index() == before)
        quiet()

    split_to = workdir / "valid.jsonl"
    op("replace all", lambda: tab.replace_all("refund", "reimbursement"))
    op("convert", lambda: tab.convert(tab.ctl.doc.kind.COMPLETION))
    op("deduplicate", tab.deduplicate)
    op("apply fixes", tab.apply_fixes)
    op("split", lambda: tab.split_validation(0.1, split_to))

    before = undo.index()
    n = len(tab.ctl.doc)
    rows = list(range(n // 10, n // 10 + min(20_000, n // 5)))
    results["delete 20,000"] = measure("delete", lambda: tab.ctl.delete(rows), lambda: undo.index() != before)
    results["delete 20,000"]["digest"] = digest()
    results["undo the delete"] = measure("undo", undo.undo, lambda: undo.index() == before)
    results["undo the delete"]["digest"] = digest()

    retargeted = []
    tab.retargeted.connect(retargeted.append)
    results["target model"] = measure("target", lambda: tab.set_target("gpt-3.5-turbo"), lambda: bool(retargeted))
    results["target model"]["digest"] = hashlib.sha256(json.dumps(tab.ctl.doc.counts[:1000]).encode()).hexdigest()[:16]
    tab.ctl.undo.setClean()
    return results


def settle(app, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


# -- both sides ---------------------------------------------------------------------------
def side(code: Path, data: Path, python: str) -> dict:
    with tempfile.TemporaryDirectory() as work:
        out = subprocess.run([python, str(Path(__file__).resolve()), "--side", str(code), "--data", str(data),
                              "--work", work], capture_output=True, text=True, cwd=code,
                             env={**os.environ, "PYTHONPATH": str(code)})
    if out.returncode != 0:
        raise SystemExit(f"{code}: the run failed\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--baseline", default=BASELINE, help="the commit to compare with")
    parser.add_argument("--no-baseline", action="store_true", help="measure this code only (while iterating)")
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        sys.path.insert(0, args.side)
        print(json.dumps(run_side(Path(args.data), Path(args.work))))
        return 0
    cache = Path(tempfile.gettempdir()) / f"tunedesk-ops-{args.examples}.jsonl"
    if not cache.exists():
        print(f"making {args.examples:,} examples…", flush=True)
        make_data(cache, args.examples)
    if args.no_baseline:
        now = side(ROOT, cache, sys.executable)
        for name, r in now.items():
            print(f"{name:18}{r['stall_ms']:>9.0f} ms{r['seconds']:>8.1f}s  gaps over 40 ms: {r['gaps']}")
        return 0
    base = Path(tempfile.mkdtemp(prefix="tunedesk-baseline-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(base), args.baseline], cwd=ROOT, check=True,
                   capture_output=True)
    try:
        print(f"{cache.name}: {args.examples:,} examples, {cache.stat().st_size / 1e6:.0f} MB", flush=True)
        now = side(ROOT, cache, sys.executable)
        then = side(base, cache, sys.executable)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True)
    print(f"\n{'operation':18}{'stall now':>11}{'baseline':>11}{'ratio':>8}{'done in':>9}  same result")
    worst = 0.0
    for name, r in now.items():
        b = then[name]
        worst = max(worst, r["stall_ms"])
        ratio = b["stall_ms"] / max(1.0, r["stall_ms"])
        print(f"{name:18}{r['stall_ms']:>9.0f} ms{b['stall_ms']:>8.0f} ms{ratio:>7.1f}x{r['seconds']:>8.1f}s  "
              f"{'yes' if r['digest'] == b['digest'] else 'NO'}")
    print(f"\nlongest stall now: {worst:.0f} ms ({'within' if worst <= TARGET_MS else 'OVER'} the {TARGET_MS} ms target)"
          f"; baseline {args.baseline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
