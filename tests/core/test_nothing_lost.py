"""Issue [6] A: every input line or row ends up in the output unchanged, fixed as the user
asked, or flagged; never dropped or altered without a word."""

import json

import openpyxl

from core.cli import main
from core.datasets import check_file, load, write_jsonl
from core.datasets.fixes import apply_fixes


def chat(i):
    return {"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}


def codes(report):
    return {d.code for d in report.diagnostics}


def prepare(tmp_path, src, *extra):
    out = tmp_path / "out.jsonl"
    status = main(["prepare", str(src), "-o", str(out), "--yes", *extra])
    return status, out.read_text(encoding="utf-8").splitlines()


# -- 1. one JSON array per line ---------------------------------------------------------
def test_one_json_array_per_line_reads_every_row(tmp_path):
    src = tmp_path / "arrays.json"
    src.write_text("".join(json.dumps([chat(i)]) + "\n" for i in range(10)))
    ds = load(src)
    assert [e.data for e in ds.examples] == [chat(i) for i in range(10)]
    assert [e.line for e in ds.examples] == list(range(1, 11))


def test_arrays_back_to_back_and_text_after_the_last_bracket_are_kept(tmp_path):
    src = tmp_path / "two.json"
    src.write_text(json.dumps([chat(0), chat(1)]) + json.dumps([chat(2)]) + "\n" + json.dumps(chat(3)) + "\ntrailing words\n")
    ds = load(src)
    assert [e.data for e in ds.examples[:4]] == [chat(i) for i in range(4)]
    assert ds.examples[4].raw == "trailing words" and ds.examples[4].line == 3


# -- 2. lines that are JSON lists or scalars ----------------------------------------------
def test_prepare_keeps_list_and_scalar_lines_as_they_are(tmp_path):
    pc = [json.dumps({"prompt": f"p{i} ->", "completion": f" c{i}\n"}) for i in range(12)]
    odd = ['["ab","cd"]', json.dumps([{"prompt": "x", "completion": "y"}]), "42"]
    src = tmp_path / "mixed.jsonl"
    src.write_text("\n".join(pc + odd) + "\n")
    status, lines = prepare(tmp_path, src)
    assert status == 1  # the odd lines are errors until fixed
    assert lines[-3:] == odd


# -- 3. damaged UTF-8 ---------------------------------------------------------------------
def test_utf8_with_one_damaged_character_is_read_as_utf8_and_the_line_flagged(tmp_path):
    rows = [json.dumps({"prompt": f"中文问题 {i} ->", "completion": f" 回答 {i}\n"}, ensure_ascii=False) for i in range(12)]
    data = ("\n".join(rows) + "\n").encode("utf-8")
    cut = data.index("回答 5".encode()) + 1  # cut the first character of that answer in half
    src = tmp_path / "damaged.jsonl"
    src.write_bytes(data[:cut] + data[cut + 2:])
    report = check_file(src)
    assert report.dataset.source.encoding == "UTF-8"
    assert report.dataset.examples[0].data["prompt"] == "中文问题 0 ->"
    [bad] = [d for d in report.diagnostics if d.code == "invalid_encoding"]
    assert bad.line == 6
    out = write_jsonl(tmp_path / "out.jsonl", report.dataset.examples)
    assert out.read_bytes() == src.read_bytes()  # the damaged line is kept byte for byte


def test_utf8_file_cut_off_in_a_character_is_still_utf8(tmp_path):
    rows = [json.dumps({"prompt": f"中文 {i} ->", "completion": f" 好 {i}\n"}, ensure_ascii=False) for i in range(12)]
    src = tmp_path / "cut.jsonl"
    src.write_bytes(("\n".join(rows) + "\n").encode("utf-8") + "好".encode()[:2])  # a last line cut off
    ds = load(src)
    assert ds.source.encoding == "UTF-8" and ds.examples[0].data["prompt"] == "中文 0 ->"


# -- 4. bad bytes in a CSV after the first megabyte ----------------------------------------
def test_csv_bad_bytes_after_the_first_megabyte_are_flagged(tmp_path):
    src = tmp_path / "big.csv"
    filler = "".join(f"question {i},answer {i}\n" for i in range(60_000)).encode()
    assert len(filler) > 1 << 20
    src.write_bytes(b"prompt,completion\n" + filler + b"caf\xe9 ->,bad byte\n")
    report = check_file(src)
    [bad] = [d for d in report.diagnostics if d.code == "invalid_encoding"]
    assert bad.line == 60_002 and "completion" not in bad.message and "prompt" in bad.message
    assert report.dataset.examples[-1].data["prompt"] == "caf\ufffd ->"


# -- 5. repeated and blank headers --------------------------------------------------------
def test_repeated_and_blank_headers_keep_every_column(tmp_path):
    src = tmp_path / "dup.csv"
    src.write_text(",prompt,prompt,completion\n0,first,second,answer\n", encoding="utf-8")
    ds = load(src)
    assert ds.source.columns == ["column 1", "prompt", "prompt (2)", "completion"]
    assert ds.examples[0].data == {"prompt": "first", "completion": "answer"}

    book = tmp_path / "dup.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["answer", "answer", None])
    wb.active.append(["one", "two", "three"])
    wb.save(book)
    ds = load(book, {"completion": "answer (2)"})
    assert load(book).source.columns == ["answer", "answer (2)", "column 3"]
    assert ds.examples[0].data["completion"] == "two"


# -- 6. a quote never closed --------------------------------------------------------------
def test_unclosed_quote_keeps_every_row_and_flags_the_line(tmp_path):
    src = tmp_path / "quote.csv"
    rows = [f"q{i} ->, a{i}" for i in range(30)]
    rows[4] = 'q4 ->,"a4 opened and never closed'
    src.write_text("prompt,completion\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = check_file(src)
    assert len(report.dataset) == 30
    [note] = [d for d in report.diagnostics if d.code == "unclosed_quote"]
    assert note.line == 6 and note.severity == "error"
    status, lines = prepare(tmp_path, src)
    assert len(lines) == 30 and 'q4 ->,"a4 opened and never closed' in lines


# -- 7. fixes never destroy content --------------------------------------------------------
def test_fixes_never_blank_a_field_nor_delete_long_examples(tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"prompt": "What is the capital of France? ->", "completion": " Paris\n"}) + "\n")
    _, lines = prepare(tmp_path, one)
    assert json.loads(lines[0]) == {"prompt": "What is the capital of France? ->", "completion": " Paris\n"}

    label = tmp_path / "label.jsonl"
    label.write_text("".join(json.dumps({"prompt": f"text {i} ->", "completion": " positive\n"}) + "\n" for i in range(12)))
    _, lines = prepare(tmp_path, label)
    assert all(json.loads(x)["completion"].strip() == "positive" for x in lines)

    long = tmp_path / "long.jsonl"
    long.write_text("".join(json.dumps({"prompt": f"{i} " + "word " * 2500 + "->", "completion": f" {i}\n"}) + "\n"
                            for i in range(12)))
    _, lines = prepare(tmp_path, long)
    assert len(lines) == 12


def test_apply_fixes_passes_untouched_examples_through():
    from core.datasets import Example
    from core.datasets.model import Fix

    keep = Example.from_json(b'{"prompt":"a ->","completion":" x"}', 3)
    assert apply_fixes([keep], [Fix("add_prompt_suffix", "", (("suffix", " ->"),))])[0] is keep


# -- 8. numbers ---------------------------------------------------------------------------
def test_numbers_are_kept_exactly_and_nonstandard_ones_flagged(tmp_path):
    lines = [json.dumps({"prompt": f"p{i} ->", "completion": f" c{i}\n"}) for i in range(12)]
    odd = [
        '{"prompt":"a ->","completion":" b\\n","score":NaN,"big":123456789012345678901234567890}',
        '{"prompt":"c ->","completion":" d\\n","x":Infinity,"y":1e400}',
        '{"prompt":"e ->","completion":" f\\n","id":123456789012345678901234567890}',
    ]
    src = tmp_path / "numbers.jsonl"
    src.write_text("\n".join(lines + odd) + "\n")
    report = check_file(src)  # used to crash
    flagged = sorted(d.line for d in report.diagnostics if d.code == "invalid_number")
    assert flagged == [13, 14]
    assert report.dataset.examples[14].data["id"] == 123456789012345678901234567890
    out = write_jsonl(tmp_path / "out.jsonl", report.dataset.examples)
    assert out.read_text().splitlines()[-3:] == odd
    assert main(["check", str(src)]) == 1


# -- 9. Alpaca and ShareGPT extras ----------------------------------------------------------
def test_alpaca_and_sharegpt_conversion_keeps_extra_fields(tmp_path):
    src = tmp_path / "alpaca.json"
    src.write_text(json.dumps([{"instruction": f"i{n}", "input": "", "output": f"o{n}", "id": n, "category": "qa"}
                               for n in range(3)]))
    ex = load(src).examples[1].data
    assert ex["id"] == 1 and ex["category"] == "qa" and ex["messages"][-1]["content"] == "o1"

    src = tmp_path / "sharegpt.jsonl"
    src.write_text(json.dumps({"id": "c7", "source": "forum", "conversations": [
        {"from": "human", "value": "hi"}, {"from": "gpt", "value": "hello", "weight": 0}]}) + "\n")
    ex = load(src).examples[0].data
    assert ex["id"] == "c7" and ex["source"] == "forum" and ex["messages"][1]["weight"] == 0


def test_csv_extra_cells_without_a_column_are_flagged(tmp_path):
    src = tmp_path / "ragged.csv"
    src.write_text("prompt,completion\na ->, b,lost words\n", encoding="utf-8")
    report = check_file(src)
    [d] = [d for d in report.diagnostics if d.code == "ragged_row"]
    assert "lost words" in d.message and d.line == 2


def test_chinese_and_tutorial_headers_are_mapped_and_json_errors_read_well(tmp_path):
    src = tmp_path / "zh.csv"
    src.write_text("问题,回答\n天气怎么样？,晴天\n", encoding="utf-8")
    assert load(src).source.mapping == {"prompt": "问题", "completion": "回答"}
    src = tmp_path / "tutorial.csv"
    src.write_text("sub_prompt,response_txt\na,b\n", encoding="utf-8")
    assert load(src).source.mapping["completion"] == "response_txt"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "unterminated\n')
    [d] = [d for d in check_file(bad).diagnostics if d.code == "invalid_json"]
    assert d.message == "not valid JSON: unterminated string starting at column 12"
