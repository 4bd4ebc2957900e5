"""Issue [6] B15 and C18: small hostile files cannot exhaust memory or time, and what
cannot be read gets a message (exit 2, naming the file), never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from core.cli import main

GB = 1 << 30


_MEASURED = """
import sys
from core.cli import main
try:
    code = main(sys.argv[1:])
finally:
    # VmHWM is this process's own peak: ru_maxrss would carry over the test runner's,
    # since Linux keeps it across fork and exec.
    peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
    print(f"PEAK_RSS_KB={peak}", file=sys.stderr)
sys.exit(code)
"""


def check_in_child(path: Path) -> tuple[int, str, int, float]:
    """`tunedesk check PATH` in its own process: (status, output, peak RSS bytes, seconds)."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _MEASURED, "check", str(path)], capture_output=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=300)
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out, out
    peak = int(out.rsplit("PEAK_RSS_KB=", 1)[1].split()[0]) * 1024
    return proc.returncode, out, peak, time.monotonic() - started


def sheet_patched(tmp_path: Path, name: str, patch) -> Path:
    """A small real workbook whose first sheet's XML is changed by ``patch``."""
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["prompt", "completion"])
    wb.active.append(["a ->", " b"])
    wb.active["A3"] = "x"
    wb.save(plain)
    out = tmp_path / name
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, patch(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out


def merged_over_everything(tmp_path):
    return sheet_patched(tmp_path, "merged.xlsx", lambda d: d.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'))


def one_huge_cell(tmp_path):
    return sheet_patched(tmp_path, "cell.xlsx", lambda d: d.replace(b"<t>x</t>", b"<t>" + b"y" * (300 << 20) + b"</t>"))


def many_rows(tmp_path):
    path = tmp_path / "rows.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["prompt", "completion"])
    for i in range(600_000):
        ws.append([f"q{i} ->", f" a{i}"])
    wb.save(path)
    return path


def one_long_line(tmp_path):
    path = tmp_path / "line.jsonl"
    path.write_text(json.dumps({"prompt": "x ->", "completion": " " + "word " * 1_900_000}) + "\n")
    return path


def deep(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 4_000_000 + "]" * 4_000_000 + "\n")
    return path


@pytest.mark.parametrize("make,status,words", [
    (merged_over_everything, 1, "2 examples"),
    (one_huge_cell, 2, "reads sheets up to"),
    (many_rows, 2, "reads sheets up to"),
    (one_long_line, 1, "1 example"),
    (deep, 1, "nested more than 1,000 levels"),
], ids=["merged-range-over-the-sheet", "300-MB-cell", "600k-row-sheet", "10-MB-line", "8-MB-of-nesting"])
def test_small_hostile_files_stay_under_a_gigabyte(tmp_path, make, status, words):
    path = make(tmp_path)
    assert path.stat().st_size < 10 << 20
    code, out, peak, seconds = check_in_child(path)
    assert code == status, out
    assert words in out
    if code == 2:
        assert str(path) in out
    assert peak < GB, f"{peak / GB:.2f} GB"
    assert seconds < 60


def test_a_workbook_not_named_xlsx_is_read(tmp_path):
    path = tmp_path / "export.dat"
    wb = openpyxl.Workbook()
    wb.active.append(["prompt", "completion"])
    for i in range(12):
        wb.active.append([f"q{i} ->", f" a{i}\n"])
    wb.save(path)
    code, out, _, _ = check_in_child(path)
    assert code == 0 and "XLSX" in out and "12 examples" in out


def test_prepare_onto_a_folder_or_unwritable_place_says_so(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"prompt": f"q{i} ->", "completion": f" a{i}\n"}) + "\n" for i in range(12)))
    folder = tmp_path / "folder"
    folder.mkdir()
    assert main(["prepare", str(src), "-o", str(folder)]) == 2
    assert "it is a folder" in capsys.readouterr().err
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert main(["prepare", str(src), "-o", str(locked / "out.jsonl")]) == 2
        assert "cannot write" in capsys.readouterr().err


def test_a_save_killed_half_way_leaves_no_temporary_file_behind(tmp_path):
    from core.datasets import write_jsonl

    target = tmp_path / "data.jsonl"
    code = (f"import os, sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
            "from core.util.files import atomic_write\n"
            "def chunks():\n    yield b'x' * 1000\n    os._exit(9)\n"
            f"atomic_write({str(target)!r}, chunks())\n")
    for _ in range(3):
        subprocess.run([sys.executable, "-c", code])
        # Each save clears what dead saves before it left; the last one's file is still there.
        assert len(list(tmp_path.glob(".data.jsonl.*.tmp"))) == 1
    write_jsonl(target, [])
    assert list(tmp_path.glob(".data.jsonl.*.tmp")) == []


def test_a_save_keeps_the_file_mode_and_a_new_file_gets_the_usual_one(tmp_path):
    from core.datasets import Example, write_jsonl

    shared = tmp_path / "shared.jsonl"
    shared.write_text("{}\n")
    shared.chmod(0o664)
    write_jsonl(shared, [Example({"prompt": "a", "completion": "b"})])
    assert shared.stat().st_mode & 0o777 == 0o664  # used to become 0600
    old = os.umask(0o022)
    try:
        fresh = write_jsonl(tmp_path / "fresh.jsonl", [])
    finally:
        os.umask(old)
    assert fresh.stat().st_mode & 0o777 == 0o644
