"""Start-up: time from starting the process to the main window's first paint.

    python bench/startup_bench.py [--runs 5]

For `tunedesk` from the venv and for each built app in dist/ (`scripts/bootstrap.py
build` and `build --cloud`): the median of warm starts (one unmeasured start first, so
the files are in the page cache as after any earlier use) as TuneDesk starts, beside the
same start with the heavy modules imported eagerly (TUNEDESK_EAGER_IMPORTS: torch,
transformers' model classes, peft, pandas), which is the baseline; the target is 2 s.
Then the size of each built variant. Runs on a real X server (Xvfb) when one can be
started, else offscreen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0


def display() -> tuple[dict[str, str], subprocess.Popen | None]:
    if shutil.which("Xvfb"):
        for number in range(90, 100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                continue
            server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while not Path(f"/tmp/.X11-unix/X{number}").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            return {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}, server
    return {"QT_QPA_PLATFORM": "offscreen"}, None


def start_once(cmd: list[str], env: dict[str, str], timeout: float = 120) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:  # type: ignore[union-attr]
        if line.startswith("tunedesk: first paint"):
            elapsed = time.perf_counter() - started
            proc.wait(timeout)
            return elapsed
    proc.wait(timeout)
    raise RuntimeError(f"{cmd[0]} exited ({proc.returncode}) without painting its window")


def median_start(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """(the first start, the median of the warm ones after it)."""
    first = start_once(cmd, env)  # warms the page cache, Python's bytecode cache, the data folder
    return first, statistics.median(start_once(cmd, env) for _ in range(runs))


def size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())  # links: once


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    screen, server = display()
    home = tempfile.mkdtemp(prefix="tunedesk-startup-")
    base = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env = {**base, **screen, "TUNEDESK_HOME": home, "TUNEDESK_STARTUP_PROBE": "1"}
    venv_exe = Path(sys.executable).with_name("tunedesk")
    targets = [("tunedesk (venv)", [str(venv_exe)], True)]
    for variant, eager in (("full", True), ("cloud", False)):
        exe = ROOT / "dist" / variant / "TuneDesk" / "TuneDesk"
        if exe.exists():
            targets.append((f"built app ({variant})", [str(exe)], eager))
    print(f"startup to first paint, median of {args.runs} warm starts, on {screen['QT_QPA_PLATFORM']}; "
          f"target ≤ {TARGET_S:.1f} s")
    print(f"{'':18} {'as it starts':>13} {'eager imports':>14} {'ratio':>7}  target  (first start)")
    worst = 0.0
    try:
        for name, cmd, eager in targets:
            first, lazy = median_start(cmd, env, args.runs)
            worst = max(worst, lazy)
            if eager:
                heavy = median_start(cmd, {**env, "TUNEDESK_EAGER_IMPORTS": "1"}, args.runs)[1]
                ratio = f"{heavy / lazy:6.2f}x"
                heavy_text = f"{heavy:12.2f} s"
            else:
                heavy_text, ratio = f"{'(no torch)':>14}", f"{'—':>7}"
            print(f"{name:18} {lazy:11.2f} s {heavy_text} {ratio}  {'ok' if lazy <= TARGET_S else 'OVER':6}  "
                  f"({first:.2f} s)")
    finally:
        if server is not None:
            server.terminate()
        shutil.rmtree(home, ignore_errors=True)
    for variant in ("full", "cloud"):
        folder = ROOT / "dist" / variant / "TuneDesk"
        if folder.exists():
            tarballs = sorted((ROOT / "dist" / variant).glob("*.tar.gz"))
            packed = f", {tarballs[0].stat().st_size / 1e6:,.0f} MB as {tarballs[0].name}" if tarballs else ""
            print(f"size of the {variant} app: {size(folder) / 1e6:,.0f} MB unpacked{packed}")
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
