"""Reading every format, round trips (Chinese and emoji included), encodings, nothing lost."""

import csv
import json
import os

import openpyxl
import pytest

from core.datasets import Dataset, Example, Kind, ReadError, check_file, load, stream, write_jsonl

CHAT = [
    {"messages": [{"role": "system", "content": "你是一个有帮助的助手。"},
                  {"role": "user", "content": f"问题 {i}: 天气怎么样？ 🌦️"},
                  {"role": "assistant", "content": f"晴天 ☀️, answer {i}, with \"quotes\", commas, and\nnew lines"}]}
    for i in range(12)
]
PAIRS = [(f"问 {i}, \"q\" 😀", f" 答 {i},\nline two ✅") for i in range(12)]


def write_jsonl_text(path, rows, encoding="utf-8"):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding=encoding)
    return path


def datas(dataset):
    return [e.data for e in dataset.examples]


def test_jsonl_round_trip_is_equal_and_byte_identical(tmp_path):
    src = write_jsonl_text(tmp_path / "in.jsonl", CHAT)
    ds = load(src)
    assert (ds.source.format, ds.kind, ds.source.encoding) == ("jsonl", Kind.CHAT, "UTF-8")
    assert datas(ds) == CHAT
    out = write_jsonl(tmp_path / "out.jsonl", ds.examples)
    assert out.read_bytes() == src.read_bytes()  # unchanged lines are written back as read
    assert datas(load(out)) == CHAT


def test_written_jsonl_is_utf8_one_per_line_not_ascii_escaped(tmp_path):
    out = write_jsonl(tmp_path / "o.jsonl", [Example(d) for d in CHAT])
    text = out.read_text(encoding="utf-8")
    assert "你是一个" in text and "\\u" not in text
    assert len(text.splitlines()) == len(CHAT)


def test_json_array_keeps_line_numbers(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(CHAT, ensure_ascii=False, indent=2), encoding="utf-8")
    ds = load(src)
    assert ds.source.format == "json" and datas(ds) == CHAT
    lines = src.read_text(encoding="utf-8").splitlines()
    for ex in ds.examples[:3]:
        assert lines[ex.line - 1].strip() == "{"


@pytest.mark.parametrize("fmt,delim", [("csv", ","), ("tsv", "\t")])
def test_tables_round_trip(tmp_path, fmt, delim):
    src = tmp_path / f"in.{fmt}"
    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delim)
        w.writerow(["Question", "Answer"])
        w.writerows(PAIRS)
    ds = load(src)
    assert ds.source.format == fmt and ds.kind is Kind.COMPLETION
    assert ds.source.mapping == {"prompt": "Question", "completion": "Answer"}
    assert [(e.data["prompt"], e.data["completion"]) for e in ds.examples] == PAIRS
    assert [e.line for e in ds.examples[:3]] == [2, 4, 6]  # quoted newlines span two lines
    back = load(write_jsonl(tmp_path / "o.jsonl", ds.examples))
    assert [(e.data["prompt"], e.data["completion"]) for e in back.examples] == PAIRS


def test_csv_detected_from_content_without_extension(tmp_path):
    src = tmp_path / "export"
    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["system", "user", "assistant"])
        w.writerows([("Be brief.", f"hi {i}", f"hello {i}") for i in range(3)])
    ds = load(src)
    assert ds.source.format == "csv" and ds.kind is Kind.CHAT
    assert ds.examples[0].data == {"messages": [{"role": "system", "content": "Be brief."},
                                                {"role": "user", "content": "hi 0"},
                                                {"role": "assistant", "content": "hello 0"}]}


def test_xlsx_first_sheet_merged_and_numeric_cells(tmp_path):
    src = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["system", "user", "assistant"])
    ws.append(["Answer with a number.", "2+2?", 4])
    ws.append([None, "Half of 3?", 1.5])
    ws.append([None, "天气?", "晴 ☀️"])
    ws.merge_cells("A2:A4")
    wb.create_sheet("Notes").append(["ignore me"])
    wb.create_sheet("Old").append(["me too"])
    wb.save(src)
    report = check_file(src)
    ds = report.dataset
    assert ds.source.format == "xlsx"
    rows = [[m["content"] for m in e.data["messages"]] for e in ds.examples]
    assert rows == [["Answer with a number.", "2+2?", "4"],
                    ["Answer with a number.", "Half of 3?", "1.5"],
                    ["Answer with a number.", "天气?", "晴 ☀️"]]
    assert [e.line for e in ds.examples] == [2, 3, 4]
    [extra] = [d for d in report.diagnostics if d.code == "extra_sheets"]
    assert "'Data'" in extra.message and "'Notes'" in extra.message and "'Old'" in extra.message


def test_txt_each_line_a_completion(tmp_path):
    src = tmp_path / "stories.txt"
    src.write_text("Once upon a time, 龙.\n\nThe end 🐉\n", encoding="utf-8")
    ds = load(src)
    assert ds.source.format == "txt" and ds.kind is Kind.COMPLETION
    assert datas(ds) == [{"prompt": "", "completion": "Once upon a time, 龙."}, {"prompt": "", "completion": "The end 🐉"}]
    assert [e.line for e in ds.examples] == [1, 3]


def test_alpaca_becomes_chat(tmp_path):
    rows = [{"instruction": "Translate to French", "input": "cat 🐱", "output": "chat 🐱"},
            {"instruction": "Say hi", "input": "", "output": "你好"}]
    src = tmp_path / "alpaca.json"
    src.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    ds = load(src)
    assert ds.source.schema == "alpaca" and ds.kind is Kind.CHAT
    assert datas(ds) == [
        {"messages": [{"role": "user", "content": "Translate to French\n\ncat 🐱"}, {"role": "assistant", "content": "chat 🐱"}]},
        {"messages": [{"role": "user", "content": "Say hi"}, {"role": "assistant", "content": "你好"}]},
    ]


def test_sharegpt_becomes_chat(tmp_path):
    rows = [{"conversations": [{"from": "system", "value": "Be kind"}, {"from": "human", "value": "hi 😀"},
                               {"from": "gpt", "value": "hello"}, {"from": "human", "value": "again"},
                               {"from": "gpt", "value": "再见"}]}]
    src = write_jsonl_text(tmp_path / "sharegpt.jsonl", rows)
    ds = load(src)
    assert ds.source.schema == "sharegpt"
    assert [m["role"] for m in ds.examples[0].data["messages"]] == ["system", "user", "assistant", "user", "assistant"]
    assert ds.examples[0].data["messages"][4]["content"] == "再见"


def test_preference_examples(tmp_path):
    row = {"input": {"messages": [{"role": "user", "content": "hi"}]},
           "preferred_output": [{"role": "assistant", "content": "Hello!"}],
           "non_preferred_output": [{"role": "assistant", "content": "what"}]}
    ds = load(write_jsonl_text(tmp_path / "dpo.jsonl", [row] * 3))
    assert ds.kind is Kind.PREFERENCE and datas(ds)[0] == row


@pytest.mark.parametrize("encoding,label", [
    ("utf-8-sig", "UTF-8 (BOM)"), ("utf-16", "UTF-16 LE (BOM)"), ("utf-16-be", None), ("gb18030", "GB18030"),
])
def test_encodings_are_detected_and_named(tmp_path, encoding, label):
    src = tmp_path / "in.jsonl"
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in CHAT)
    if encoding == "utf-16-be":
        src.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
        label = "UTF-16 BE (BOM)"
    else:
        src.write_bytes(text.encode(encoding))
    report = check_file(src)
    assert report.dataset.source.encoding == label
    assert datas(report.dataset) == CHAT
    assert report.to_dict()["encoding"] == label


def test_gb18030_csv(tmp_path):
    src = tmp_path / "zh.csv"
    src.write_bytes("prompt,completion\n天气怎么样,晴天\n你好,您好\n".encode("gb18030"))
    ds = load(src)
    assert ds.source.encoding == "GB18030"
    assert ds.examples[0].data == {"prompt": "天气怎么样", "completion": "晴天"}


def test_bad_lines_are_kept_flagged_and_saved_unchanged(tmp_path):
    good = [json.dumps(r, ensure_ascii=False).encode() for r in CHAT[:3]]
    bad_json = b'{"messages": [{"role": "user", "content": "hi"'  # cut off
    bad_bytes = b'{"messages": "\xff\xfe broken bytes"}'
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join([good[0], bad_json, good[1], bad_bytes, good[2]]) + b"\n")
    report = check_file(src)
    ds = report.dataset
    assert len(ds) == 5
    flagged = {d.line: d for d in report.diagnostics if d.code in ("invalid_json", "invalid_encoding")}
    assert flagged[2].code == "invalid_json" and "cut off" in flagged[2].message
    assert flagged[4].code == "invalid_encoding"
    out = write_jsonl(tmp_path / "out.jsonl", ds.examples)
    assert out.read_bytes() == src.read_bytes()


def test_stream_hands_over_first_chunk_before_the_rest_is_read(tmp_path):
    rows = [json.dumps(CHAT[i % len(CHAT)], ensure_ascii=False) for i in range(2500)]
    rows[2200] = "{broken"
    src = tmp_path / "big.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    reader, chunks = stream(src)
    first = next(chunks)
    assert len(first.examples) == 1000 and first.start == 0
    assert all(d.line <= 1000 for d in first.diagnostics)  # validated already, nothing from later yet
    rest = list(chunks)
    assert [c.start for c in rest] == [1000, 2000]
    assert any(d.code == "invalid_json" and d.line == 2201 for c in rest for d in c.diagnostics)


def test_save_is_atomic_and_keeps_backup(tmp_path):
    path = tmp_path / "data.jsonl"
    write_jsonl(path, [Example(CHAT[0])])
    write_jsonl(path, [Example(CHAT[1])])
    assert datas(load(path)) == [CHAT[1]]
    assert datas(load(path.with_name("data.jsonl.bak"))) == [CHAT[0]]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_failed_save_leaves_the_old_file(tmp_path):
    path = tmp_path / "data.jsonl"
    write_jsonl(path, [Example(CHAT[0])])

    def exploding():
        yield Example(CHAT[1])
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_jsonl(path, exploding())
    assert datas(load(path)) == [CHAT[0]]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_dataset_edit_replaces_data(tmp_path):
    ds: Dataset = load(write_jsonl_text(tmp_path / "in.jsonl", CHAT[:2]))
    ex = ds.examples[0]
    ex.data = {"messages": [{"role": "user", "content": "new"}]}
    assert ex.data["messages"][0]["content"] == "new"
    assert b'"new"' in write_jsonl(tmp_path / "o.jsonl", ds.examples).read_bytes()


def test_one_json_object_file_is_refused_with_a_clear_message(tmp_path):
    src = tmp_path / "obj.json"
    src.write_text(json.dumps({"name": "my data", "version": 2}, indent=2))
    with pytest.raises(ReadError, match=r"obj\.json: holds one JSON object \(keys: name, version\)"):
        load(src)


def test_one_json_object_wrapping_a_list_is_read(tmp_path):
    src = tmp_path / "wrapped.json"
    src.write_text(json.dumps({"data": CHAT[:3]}, ensure_ascii=False, indent=1), encoding="utf-8")
    assert datas(load(src)) == CHAT[:3]


def test_a_file_is_sniffed_once_and_read_again_from_what_was_found(tmp_path, monkeypatch):
    """The window sniffs a file once; the reader process (and a chosen column mapping)
    take what it found instead of sniffing again — unless the file changed since."""
    import pickle

    from core.datasets import readers

    src = tmp_path / "pairs.csv"
    src.write_text("question;answer;note\n" + "".join(f"q{i};a {i};n{i}\n" for i in range(30)), encoding="utf-8")
    first = readers.DatasetReader(src)
    sniffed = pickle.loads(pickle.dumps(first.sniffed))  # as the reader process receives it
    assert sniffed.format == "csv" and first.source.mapping == {"prompt": "question", "completion": "answer"}

    def no_sniffing(*_a, **_k):
        raise AssertionError("sniffed again")

    monkeypatch.setattr(readers, "detect", no_sniffing)
    monkeypatch.setattr(readers.csv.Sniffer, "sniff", no_sniffing)
    again = readers.DatasetReader(src, {"completion": "note"}, sniffed=sniffed)
    assert again.source.mapping["completion"] == "note" and again.source.encoding == first.source.encoding
    examples = [e for chunk in again for e in chunk]
    assert len(examples) == 30 and examples[4].data == {"prompt": "q4", "completion": "n4"}
    first.remap({"completion": "note"})  # the import dialog's choice, on the reader that sniffed
    assert first.source.mapping == again.source.mapping and first.kind is again.kind

    monkeypatch.undo()
    src.write_text("question,answer\nq,a\n", encoding="utf-8")  # changed since: sniffed afresh
    os.utime(src, ns=(sniffed.mtime_ns + 10**9, sniffed.mtime_ns + 10**9))
    changed = readers.DatasetReader(src, sniffed=sniffed)
    assert [e.data for chunk in changed for e in chunk] == [{"prompt": "q", "completion": "a"}]
