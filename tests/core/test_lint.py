"""The code passes the team's lint rules (pyproject.toml's [tool.ruff]: pycodestyle,
pyflakes, import order, bugbear, pyupgrade): an unused import, an undefined name or a
closure over a loop variable fails CI like a failing test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    assert ruff.exists(), "ruff is missing: it is in the test extra (python3 scripts/bootstrap.py test)"
    result = subprocess.run([str(ruff), "check", "--no-cache", "--output-format", "concise", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, "ruff check found problems (fix them, or `ruff check --fix .`):\n" + result.stdout
