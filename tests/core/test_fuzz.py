"""Issue [6]: a seeded property-based fuzz of every reader and of `check`/`prepare`.

Whatever the bytes, `check` and `prepare` end with exit 0, 1 or 2 and no traceback; a
file they cannot read at all gets exit 2 and a message that names it; and every line
of a JSON Lines file is in `prepare`'s output, as it was or flagged, never dropped.
"""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.cli import main
from core.datasets import ReadError, load

FUZZ = settings(max_examples=120, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

CHAT = json.dumps({"messages": [{"role": "user", "content": "hi 你好"}, {"role": "assistant", "content": "hello"}]})
PAIR = json.dumps({"prompt": "a ->", "completion": " b\n"})

line_pieces = st.one_of(
    st.just(CHAT), st.just(PAIR), st.just("[" + CHAT + "]"), st.just('["ab","cd"]'), st.just("42"), st.just("null"),
    st.just('{"prompt":"x","completion":NaN}'), st.just('{"prompt":"x","completion":" y","n":1e400}'),
    st.just('{"prompt":"x","completion":" y","id":123456789012345678901234567890}'),
    st.just('{"prompt":"\\ud800","completion":" y"}'), st.just('{"prompt":"x","completion":' + "9" * 5000 + "}"),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: '{"messages":' + "[" * n + "]" * n + "}"),
    st.text(max_size=40), st.just(""), st.just("   "),
    st.just('{"messages": [{"role": "user", "content": "unterminated'),
    st.just('{"instruction": "i", "input": "", "output": "o", "extra": 1}'),
    st.just('{"conversations": [{"from": "human", "value": "q"}, "oops"]}'),
)


def as_bytes(lines: list[str], damage: list[tuple[int, bytes]], newline: str) -> bytes:
    data = newline.join(lines).encode("utf-8", "surrogatepass")
    for pos, junk in damage:
        at = pos % (len(data) + 1)
        data = data[:at] + junk + data[at:]
    return data


@FUZZ
@given(lines=st.lists(line_pieces, min_size=1, max_size=25),
       damage=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from([b"\xff", b"\xe4\xb8", b"\x00", b"\r"])),
                       max_size=2),
       newline=st.sampled_from(["\n", "\r\n"]),
       name=st.sampled_from(["data.jsonl", "data.json", "data.csv", "data.tsv", "data.txt", "data", "data.xlsx"]))
def test_check_and_prepare_never_trace_back_and_name_the_file(tmp_path_factory, capsys, lines, damage, newline, name):
    folder = tmp_path_factory.mktemp("fuzz")
    src = folder / name
    src.write_bytes(as_bytes(lines, damage, newline))
    status = main(["check", str(src)])
    out, err = capsys.readouterr()
    assert status in (0, 1, 2)
    if status == 2:
        assert str(src) in err
    out_path = folder / "out.jsonl"
    status = main(["prepare", str(src), "-o", str(out_path)])
    out, err = capsys.readouterr()
    assert status in (0, 1, 2)
    if status == 2:
        assert str(src) in err
        return
    # Nothing dropped: every example read is in the output (a row kept as raw text keeps its
    # own line breaks).
    examples = load(src).examples
    lines_expected = sum(1 + (e.raw.count("\n") if e.raw is not None else 0) for e in examples)
    assert out_path.read_bytes().count(b"\n") == lines_expected


@FUZZ
@given(lines=st.lists(line_pieces.filter(lambda s: not s.lstrip().startswith("[")), min_size=1, max_size=25),
       damage=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from([b"\xff", b"\xe4\xb8", b"\xc3"])),
                       max_size=2))
def test_every_json_lines_line_is_kept_as_it_was_or_flagged(tmp_path_factory, capsys, lines, damage):
    folder = tmp_path_factory.mktemp("lines")
    src = folder / "in.jsonl"
    data = as_bytes(["{}"] + lines, damage, "\n")  # starts with an object: read as JSON Lines
    src.write_bytes(data)
    try:
        ds = load(src)
    except ReadError:
        return  # refused whole, in words (the first test checks the words)
    if ds.source.schema in ("alpaca", "sharegpt") or ds.source.encoding != "UTF-8":
        return  # converted or re-encoded on purpose; the first test checks nothing is dropped
    out = folder / "out.jsonl"
    assert main(["prepare", str(src), "-o", str(out)]) in (0, 1)
    capsys.readouterr()
    expected = [line.strip() for line in data.split(b"\n") if line.strip()]
    assert [line.strip() for line in out.read_bytes().split(b"\n") if line.strip()] == expected


def _workbook(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@FUZZ
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.integers(-10**20, 10**20), st.floats(allow_nan=False),
                                        st.text(max_size=20).map(lambda t: "".join(c for c in t if c.isprintable()))),
                              max_size=5), max_size=8),
       cut=st.one_of(st.none(), st.integers(30, 4000)),
       merge=st.one_of(st.none(), st.sampled_from(["A1:B2", "A2:XFD1048576", "C3:C9"])),
       name=st.sampled_from(["book.xlsx", "book.bin", "book"]))
def test_workbooks_damaged_or_odd_are_read_or_refused_in_words(tmp_path_factory, capsys, rows, cut, merge, name):
    data = _workbook(rows)
    if merge:
        zin = zipfile.ZipFile(io.BytesIO(data))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zout:
            for item in zin.infolist():
                body = zin.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    body = body.replace(b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{merge}"/>'
                                                          f"</mergeCells>".encode())
                zout.writestr(item, body)
        data = buf.getvalue()
    if cut is not None:
        data = data[:cut]
    src = tmp_path_factory.mktemp("book") / name
    src.write_bytes(data)
    status = main(["check", str(src)])
    out, err = capsys.readouterr()
    assert status in (0, 1, 2)
    if status == 2:
        assert str(src) in err
