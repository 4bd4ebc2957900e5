"""The Evaluate tab driven as a user would, against the real local engine (tiny models)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import openai
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.chat.request import builtin_presets
from core.evals import Candidate
from gui.main_window import MainWindow
from gui.settings import Settings
from tests.engine.conftest import chat_rows, upload, wait_for

from .looks import clipped

SHOTS = Path(os.environ.get("TUNEDESK_SCREENSHOTS", "")) if os.environ.get("TUNEDESK_SCREENSHOTS") else None
ROWS = [{"messages": [{"role": "system", "content": "Turn the line into a Markdown heading."},
                      {"role": "user", "content": f"chapter {i}: the {w}"},
                      {"role": "assistant", "content": f"# Chapter {i}: The {w.title()}"}]}
        for i, w in enumerate(["harbour", "lighthouse", "storm", "rescue", "calm", "return"])]


@pytest.fixture
def window(qtbot, tiny_model, monkeypatch, tmp_path):
    settings = Settings()
    settings.engine_models = {"tiny": str(tiny_model), "tiny-b": str(tiny_model)}
    settings.sync()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    data = tmp_path / "headings.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    with qtbot.waitSignal(w.datasets.loaded, timeout=60_000):
        w.open_path(data)
    return w


def shot(widget, name):
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def test_run_sort_diff_thumbs_add_export_and_reload(qtbot, window, tmp_path):
    ev = window.evaluate
    window.tabs.setCurrentWidget(ev)
    # an unreadable test file is said in words, and nothing starts
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    ev.setup.set_test_file(str(tmp_path / "broken.xlsx"))
    ev.setup.add_candidate(Candidate("local", "tiny"))
    ev.start()
    assert ev.run is None and ev.runner is None and "broken.xlsx" in ev.state.text()
    ev.setup.cands.set_items([])
    ev.setup.test_path.clear()
    ev.set_open_dataset(ev.setup.open_dataset)
    assert ev.setup.use_open.isChecked() and "6 examples" in ev.setup.use_open.text()
    qtbot.waitUntil(lambda: ev.setup.metric_checks["cer"].isChecked(), timeout=5_000)  # text answers: CER, WER, chrF, BLEU, exact
    assert ev.setup.metric_checks["chrf"].isChecked() and not ev.setup.metric_checks["accuracy"].isChecked()
    one_shot = next(p for p in builtin_presets() if p.name == "JSON answers")
    ev.setup.add_candidate_dialog()  # the first model through the dialog, as a user adds it
    dialog = ev.setup.candidate_dialog
    qtbot.waitUntil(lambda: dialog.model.findText("tiny") >= 0, timeout=120_000)
    dialog.model.setCurrentText("tiny")
    dialog.max_tokens.setValue(8)
    dialog.accept()
    assert [(c.model, c.params) for c in ev.setup.cands.items] == [("tiny", {"max_tokens": 8})]
    ev.setup.cands.items[0].params["temperature"] = 0
    ev.setup.add_candidate(Candidate.from_preset("local", "tiny-b", one_shot))
    ev.setup.cands.items[1].params["max_tokens"] = 8
    assert ev.bar.run_button.isEnabled()
    reads = []  # Run uses the test set read off the UI thread when it was chosen: no second read
    real_read = ev.setup.read_items
    ev.setup.read_items = lambda: reads.append(1) or real_read()
    with qtbot.waitSignal(ev.run_finished, timeout=180_000):
        ev.bar.run_button.click()
        assert ev.bar.stop_button.isEnabled() and not ev.setup.add_model_button.isEnabled()
    assert reads == []
    assert ev.bar.progress.value() == ev.bar.progress.maximum() == 12
    assert "Done in" in ev.state.text()

    # summary: a row per model, and the chart
    assert ev.summary.summary_model.rowCount() == 2
    head = ev.summary.summary_model.head
    assert head[:2] == ["Model", "CER"] and "p95 time" in head and "Cost" in head
    cells = ev.summary.summary_model.cells
    assert cells[0][0] == "tiny" and cells[1][0] == "tiny-b · JSON answers"
    assert all(c[head.index("Answered")] == "6/6" for c in cells)
    assert all(c[head.index("Cost")] == "on this computer" for c in cells)
    assert len(ev.summary.chart.bars) == 2 and ev.summary.chart.title.startswith("CER (lower is better)")
    ev.pages.setCurrentIndex(1)
    shot(window, "evaluate-summary-1280")

    # examples: sort by tiny's CER, worst first; the diff shows what CER counts
    ev.pages.setCurrentIndex(2)
    ev.examples.examples_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    cers = [ev.results[(0, ev.examples.examples_proxy.mapToSource(ev.examples.examples_proxy.index(r, 0)).row())].scores["cer"]
            for r in range(6)]
    assert cers == sorted(cers, reverse=True)
    ev.examples.examples_view.selectRow(0)
    worst = ev.examples.current_item()
    page = ev.examples.detail.toHtml()
    assert ROWS[worst]["messages"][-1]["content"] in ev.examples.detail.toPlainText()
    assert "line-through" in page  # the output's characters that are not in the reference
    shot(window, "evaluate-examples-1280")

    # thumbs: up on tiny's answer; pressing again takes it back; then down
    ev.examples.detail_cand.setCurrentIndex(0)
    ev.examples.up_button.click()
    assert ev.results[(0, worst)].thumbs == 1 and "✓" in ev.examples.examples_model.index(worst, 3).data()
    qtbot.waitUntil(lambda: ev.summary.summary_model.rows[0].values.get("thumbs") == 1.0)
    ev.examples.up_button.click()
    assert ev.results[(0, worst)].thumbs is None
    ev.examples.down_button.click()
    assert ev.store.results(ev.run.id)[(0, worst)].thumbs == -1

    # a judge scores every answer; what it said shows with each output
    from core.evals.judge import DEFAULT_RUBRIC

    ev.pages.setCurrentIndex(1)
    with qtbot.waitSignal(ev.results_shown, timeout=120_000):
        ev.judge("local", "tiny", DEFAULT_RUBRIC)
    assert "scored" in ev.state.text() and ev.summary.judge_button.isEnabled()
    assert all(r.judge is not None or r.reason for r in ev.results.values())
    ev.pages.setCurrentIndex(2)
    ev.examples.show_example(worst)
    assert ev.examples.current_item() == worst and "judge" in ev.examples.detail.toPlainText()

    # add to dataset: the example with the output, edited into the right answer, one undo step
    ev.examples.add_button.click()
    dialog = window.incoming.add_dialog
    assert dialog.reply.toPlainText() == ev.results[(0, worst)].output
    dialog.reply.setPlainText("# The right heading")
    dialog.open_radio.setChecked(True)
    dialog.add_button.click()
    doc = window.datasets.ctl.doc
    assert len(doc) == 7 and doc.data(6)["messages"][-1]["content"] == "# The right heading"
    assert doc.data(6)["messages"][1] == ROWS[worst]["messages"][1]
    window.datasets.ctl.undo.undo()
    assert len(doc) == 6

    # export: CSV, one row per answer; HTML with the table, charts and worst examples
    ev.export(str(tmp_path / "run.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "run.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 12 and {r["candidate"] for r in rows} == {"tiny", "tiny-b · JSON answers"}
    ev.export(str(tmp_path / "run.html"))
    html = (tmp_path / "run.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Worst examples by CER" in html
    ev.export(str(tmp_path / "run.md"))
    assert (tmp_path / "run.md").read_text(encoding="utf-8").startswith("# headings.jsonl: tiny, tiny-b")

    # at the smallest window nothing is cut off
    window.resize(900, 600)
    for page in (1, 2):
        ev.pages.setCurrentIndex(page)
        qtbot.waitUntil(lambda: not clipped(window), timeout=2_000)
    shot(window, "evaluate-examples-900")
    ev.pages.setCurrentIndex(1)
    shot(window, "evaluate-summary-900")

    # a restart: the run, its answers, scores, timings and marks come back
    before = {k: (r.output, r.scores, r.total, r.thumbs) for k, r in ev.results.items()}
    run_id = ev.run.id
    window.datasets.forget_unsaved()
    window.datasets.ctl.undo.setClean()
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    ev2 = again.evaluate
    assert ev2.runs.runs_model.rowCount() == 1
    ev2.runs.runs_view.setCurrentIndex(ev2.runs.runs_model.index(0))
    assert ev2.run.id == run_id
    assert {k: (r.output, r.scores, r.total, r.thumbs) for k, r in ev2.results.items()} == before
    assert ev2.summary.summary_model.rowCount() == 2 and not ev2.bar.run_button.isEnabled()  # nothing left to ask
    again.close()


def test_score_every_checkpoint_and_chat_with_the_best(qtbot, window, tmp_path):
    url, token = window.providers.engine.ensure()
    client = openai.OpenAI(base_url=url, api_key=token, max_retries=0)
    valid = upload(client, tmp_path, chat_rows(4, answer='{"answer": 7}'), name="valid.jsonl")
    job = client.fine_tuning.jobs.create(model="tiny", training_file=upload(client, tmp_path, chat_rows(10)).id,
                                         validation_file=valid.id, hyperparameters={"n_epochs": 3})
    wait_for(lambda: client.fine_tuning.jobs.retrieve(job.id).status == "succeeded", 180, 0.5, "the job")
    ev = window.evaluate
    window.tabs.setCurrentWidget(ev)
    ev.pages.setCurrentIndex(3)
    ev.checkpoints.list_jobs()
    qtbot.waitUntil(lambda: ev.checkpoints.job.findData(job.id) >= 0, timeout=30_000)
    ev.setup.metric_checks["cer"].setChecked(True)
    with qtbot.waitSignal(ev.run_finished, timeout=180_000):
        ev.score_checkpoints(job.id)
    ckpts = list(client.fine_tuning.jobs.checkpoints.list(job.id))
    assert len(ev.checkpoints.chart.bars) == len(ckpts) == 3
    assert [b[0] for b in ev.checkpoints.chart.bars] == [f"step {c.step_number}" for c in sorted(ckpts, key=lambda c: c.step_number)]
    assert ev.checkpoints.chart.marked is not None and "Best: step" in ev.checkpoints.note.text()
    assert any("validation loss" in b[2] for b in ev.checkpoints.chart.bars) or all(c.metrics.valid_loss is None for c in ckpts)
    assert ev.checkpoints.best_button.isEnabled()
    with qtbot.waitSignal(ev.chat_requested) as chat:
        ev.checkpoints.best_button.click()
    assert chat.args[1] == ev.checkpoints.best_checkpoint and ":ckpt-step-" in chat.args[1]
    assert window.tabs.currentWidget() is window.chat

    # Train tab ▸ Evaluate…: the tuned model, on the job's own validation file
    window.train.select_provider("local")
    window.train.activate()
    qtbot.waitUntil(lambda: window.train.model.row_of(job.id) >= 0, timeout=60_000)
    window.train.table.selectRow(window.train.model.row_of(job.id))
    qtbot.waitUntil(lambda: window.train.job.evaluate_button.isEnabled(), timeout=60_000)
    window.train.job.evaluate_button.click()
    assert window.tabs.currentWidget() is ev
    qtbot.waitUntil(lambda: "4 examples" in ev.setup.test_note.text(), timeout=60_000)
    assert ev.setup.use_file.isChecked() and ev.setup.test_path.text().endswith(f"{valid.id}.jsonl")
    assert [c.model for c in ev.setup.cands.items] == [client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model]
    assert ev.bar.run_button.isEnabled()
    window.close()
