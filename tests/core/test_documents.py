"""Documents into examples (the text-to-Markdown tutorial): paired articles cut into
aligned parts, a folder of Markdown into "part k of n" chunks, a token budget kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.datasets.documents import DocumentsError, find_sources, plain, split_documents, to_examples
from core.datasets.tokens import TiktokenTokenizer

ARTICLES = Path(__file__).resolve().parents[2] / "resources" / "samples" / "articles"
SCRIPT = Path(sys.executable).with_name("tunedesk")


def test_three_article_pairs_become_twelve_aligned_parts():
    sources = find_sources(ARTICLES)
    assert [(s.input_path.name, s.output_path.name) for s in sources] == [
        ("bicycle.txt", "bicycle.md"), ("sourdough.txt", "sourdough.md"), ("tides.txt", "tides.md")]
    parts = split_documents(sources, parts=4)
    assert len(parts) == 12
    for p in parts:
        assert plain(p.output) == plain(p.input), f"{p.source} part {p.part}: input and output say different things"
        assert not p.output.rstrip().splitlines()[-1].startswith("#")  # no part ends on a heading
    for source in sources:  # together the parts are the whole document, each paragraph once
        mine = [p for p in parts if p.source == source.name]
        assert [p.part for p in mine] == [1, 2, 3, 4] and {p.parts for p in mine} == {4}
        assert plain("\n\n".join(p.output for p in mine)) == plain(source.output_path.read_text())
        assert "\n\n".join(p.input for p in mine) == source.input_path.read_text().strip()
    lengths = [len(p.input) for p in parts if p.source == "tides.txt"]
    assert max(lengths) < 2.5 * min(lengths)  # cut evenly, not one big part and crumbs


def test_a_token_budget_is_kept_by_every_part():
    tok = TiktokenTokenizer("o200k_base")
    parts = split_documents(find_sources(ARTICLES), max_tokens=150, count=tok.count)
    assert len(parts) > 12
    assert all(p.tokens == tok.count(p.input) + tok.count(p.output) <= 150 for p in parts)


def test_examples_record_their_source_and_part_and_a_folder_of_markdown_becomes_chunks(tmp_path):
    for name in ("sourdough.md", "tides.md"):
        (tmp_path / name).write_text((ARTICLES / name).read_text(), encoding="utf-8")
    sources = find_sources(tmp_path)
    assert all(not s.paired for s in sources)
    examples = to_examples(split_documents(sources, parts=3))
    assert len(examples) == 6
    first = examples[0].data
    assert first["metadata"] == {"source": "sourdough.md", "part": 1, "parts": 3}
    assert first["messages"][0] == {"role": "user", "content": "Write part 1 of 3 of “sourdough”."}
    assert first["messages"][1]["content"].startswith("# Baking Sourdough at Home")


def test_two_folders_pair_by_name_and_a_missing_partner_is_named(tmp_path):
    plain_dir, md_dir = tmp_path / "plain", tmp_path / "markdown"
    plain_dir.mkdir()
    md_dir.mkdir()
    (plain_dir / "tides.txt").write_text((ARTICLES / "tides.txt").read_text())
    (md_dir / "tides.md").write_text((ARTICLES / "tides.md").read_text())
    assert [s.output_path for s in find_sources(plain_dir, md_dir)] == [md_dir / "tides.md"]
    (plain_dir / "extra.txt").write_text("No partner.")
    with pytest.raises(DocumentsError, match="extra.txt has no partner"):
        find_sources(plain_dir, md_dir)


def test_prepare_from_docs_writes_the_examples(tmp_path):
    out = tmp_path / "articles.jsonl"
    run = subprocess.run([str(SCRIPT), "prepare", str(ARTICLES), "--from-docs", "--parts", "4", "-o", str(out),
                          "--system", "Convert the plain text into Markdown."], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "tides.txt → tides.md: 4 parts" in run.stdout and "12 examples from 3 document(s)" in run.stdout
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 12 and rows[0]["messages"][0]["role"] == "system"
    check = subprocess.run([str(SCRIPT), "check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout  # the written file is valid training data


def test_an_empty_document_is_left_out_not_made_an_empty_answer(tmp_path):
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "tides.md").write_text((ARTICLES / "tides.md").read_text(), encoding="utf-8")
    parts = split_documents(find_sources(tmp_path), parts=2)
    assert [p.source for p in parts] == ["tides.md", "tides.md"]
