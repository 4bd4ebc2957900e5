"""The double-click app as people download it: built from this checkout by
`scripts/bootstrap.py build` (PyInstaller), then its executable — not Python — checks
itself with `--self-test`: window, dataset, offline tokens, the real keyring, its own
engine, a few training steps and a chat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "dist" / "full" / "TuneDesk"


@pytest.fixture(scope="session")
def built_app() -> Path:
    """Built once per run, from the files of this checkout (TUNEDESK_BUILT_APP: use that one)."""
    if os.environ.get("TUNEDESK_BUILT_APP"):
        return Path(os.environ["TUNEDESK_BUILT_APP"])
    build = subprocess.run([sys.executable, str(ROOT / "scripts" / "bootstrap.py"), "build"], cwd=ROOT,
                           capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-5000:]
    return FOLDER / ("TuneDesk.exe" if sys.platform == "win32" else "TuneDesk")


def self_test(exe: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in env.items() if k not in ("TUNEDESK_HOME", "PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(exe), "--self-test"], env=env, capture_output=True, text=True, timeout=900,
                          cwd=exe.parent.parent)


def test_the_built_app_passes_its_self_test(built_app, secret_service):
    result = self_test(built_app, {**os.environ, **secret_service, "PATH": "/usr/bin:/bin"})  # no venv on PATH
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    assert "self-test: TuneDesk" in out and ", packaged," in out  # the frozen executable, not Python
    for step in ("the main window opens offscreen", "the translations load", "a dataset opens",
                 "tokens are counted with the network blocked",
                 "an API key goes into the system keyring", "the local engine starts", "a tiny model trains",
                 "the tuned model answers", "the window closes"):
        assert f"ok   {step}" in out, out[-6000:]
    assert "self-test: passed, 9 steps" in out


def test_a_failing_step_exits_non_zero_and_says_why(built_app, tmp_path):
    nobus = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/no-bus", "PATH": "/usr/bin:/bin"}
    result = self_test(built_app, nobus)
    assert result.returncode == 1
    assert "FAILED: an API key goes into the system keyring and back: This computer has no keyring" in result.stdout
    assert "the local engine starts" not in result.stdout  # it stops at the first failure


def test_the_linux_download_has_a_desktop_entry_and_a_tarball(built_app):
    if not sys.platform.startswith("linux"):
        pytest.skip("the .desktop entry and the tarball are the Linux download")
    entry = (built_app.parent / "tunedesk.desktop").read_text(encoding="utf-8")
    assert f'Exec="{built_app}" %F' in entry or "Exec=TuneDesk %F" in entry
    assert "MimeType=" in entry and "text/csv" in entry and "application/jsonl" in entry
    assert (built_app.parent / "tunedesk.png").stat().st_size > 1000
    assert list(built_app.parent.parent.glob("TuneDesk-full-linux-*.tar.gz"))
