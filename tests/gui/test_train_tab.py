"""The Train tab against the real local engine, started by the app itself.

Nothing is configured but one extra base model (the tiny test model, added as a user
would add a model folder on the "This computer" page): no keys, no provider settings.
"""

from __future__ import annotations

import json
import os
import re
import signal

import openai
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from core.jobs.names import export_name
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.train.jobs_model import CHAT_COLUMN

ROWS = [{"messages": [{"role": "system", "content": "Reply in JSON."}, {"role": "user", "content": f"Question {i}?"},
                      {"role": "assistant", "content": f'{{"answer": {i}}}'}]} for i in range(20)]


@pytest.fixture
def engine_with_tiny(tiny_model):
    settings = Settings()
    settings.engine_models = {"tiny": str(tiny_model)}
    settings.sync()


@pytest.fixture
def no_prompts(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def open_window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def close_window(qtbot, window: MainWindow) -> None:
    window.close()
    assert not window.providers.engine.running


def launch(qtbot, window: MainWindow, *, epochs: int, suffix: str, split: bool):
    window.new_job()
    dialog = window.launch_dialog
    qtbot.waitUntil(lambda: dialog.base_model.findText("tiny") >= 0, timeout=120_000)
    assert dialog.use_open.isChecked()  # the open dataset is the default training data
    dialog.base_model.setCurrentText("tiny")
    dialog.epochs.setValue(epochs)
    dialog.suffix.setText(suffix)
    if split:
        dialog.validation.setCurrentIndex(dialog.validation.findData("split"))
    jobs = []
    dialog.launched.connect(lambda pid, job: jobs.append(job))
    dialog.start_button.click()
    try:
        qtbot.waitUntil(lambda: bool(jobs), timeout=120_000)
    except qtbot.TimeoutError:
        raise AssertionError(f"not launched; the dialog says: {dialog.summary.text()}") from None
    return dialog, jobs[0]


def engine_client(window: MainWindow) -> openai.OpenAI:
    url, token = window.providers.engine.ensure()
    return openai.OpenAI(base_url=url, api_key=token, max_retries=0)


def metrics_events(client, job_id):
    return [e for e in client.fine_tuning.jobs.list_events(job_id, limit=1000) if e.type == "metrics"]


def test_launch_watch_cancel_and_reattach(qtbot, tmp_path, engine_with_tiny, no_prompts, monkeypatch):
    data = tmp_path / "support.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    window = open_window(qtbot)
    with qtbot.waitSignal(window.datasets.loaded, timeout=60_000):
        window.open_path(data)

    # 1. launch from the dialog: preflight, upload, create; the Train tab follows it
    dialog, job = launch(qtbot, window, epochs=3, suffix="support", split=True)
    assert "18 training examples" in dialog.summary.text() and "2 validation" in dialog.summary.text()
    train = window.train
    assert window.tabs.currentWidget() is train
    qtbot.waitUntil(lambda: train.tracker is not None and train.tracker.job_id == job.id
                    and train.tracker.status == "succeeded", timeout=180_000)
    client = engine_client(window)
    finished = client.fine_tuning.jobs.retrieve(job.id)
    assert finished.fine_tuned_model.startswith("ft:tiny:") and ":support:" in finished.fine_tuned_model

    # the chart holds a point for every metrics event; validation loss too
    qtbot.waitUntil(lambda: len(train.job.chart.points["train_loss"]) == len(metrics_events(client, job.id)))
    steps = [e.data["step"] for e in metrics_events(client, job.id)]
    assert sorted(s for s, _ in train.job.chart.points["train_loss"]) == sorted(steps)
    assert train.job.chart.points["valid_loss"], "validation loss is drawn"
    assert train.job.progress.value() == train.job.progress.maximum() > 0

    # the checkpoints are listed, each with "Chat with this"
    ckpts = list(client.fine_tuning.jobs.checkpoints.list(job.id))
    view, model = train.job.checkpoints, train.job.checkpoints_model
    assert model.rowCount() == len(ckpts) == 3
    items = [model.index(r, 1) for r in range(model.rowCount())]
    assert {i.data(Qt.ItemDataRole.ToolTipRole) for i in items} == {c.fine_tuned_model_checkpoint for c in ckpts}
    # a checkpoint never looks like the final model: its step is in words, shown whole
    train.job.details.setCurrentWidget(view)
    for r, item in enumerate(items):
        step = model.index(r, 0).data()
        assert item.data() == f"ft:tiny:support:{finished.fine_tuned_model.rsplit(':', 1)[1]} · checkpoint, step {step}"
        assert view.fontMetrics().horizontalAdvance(item.data()) < view.columnWidth(1)
    # "Chat with this": one click on a checkpoint's link, updated in place by every poll
    with qtbot.waitSignal(train.chat_requested) as chat:
        link = model.index(1, CHAT_COLUMN)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(link).center())
    assert chat.args == ["local", model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)]
    assert train.job.log.toPlainText().count("Step ") == len(steps)  # one log line per metrics event
    assert "The job has successfully completed" in train.job.log.toPlainText()
    assert train.job.hp_labels["n_epochs"].text() == "3"
    assert window.notifier.sent[-1][0] == "Training finished"
    assert train.job.chat_button.isEnabled()
    with qtbot.waitSignal(train.chat_requested) as chat:
        train.job.chat_button.click()
    assert chat.args == ["local", finished.fine_tuned_model]

    # the result CSV downloads
    csv = tmp_path / "metrics.csv"
    with qtbot.waitSignal(train.status, timeout=30_000, check_params_cb=lambda t: t.startswith("Saved")):
        train.download_csv(str(csv))
    assert csv.read_text().splitlines()[0].startswith("step,train_loss")

    # Export…: written by `tunedesk export` in its own process (issue [8]); GGUF first, with
    # its quantization, then a merged folder (no quantization to choose)
    train.job.export_button.click()
    dialog = train.actions.export_window
    assert dialog.model.count() == 1 + len(ckpts) and dialog.model.currentData() == finished.fine_tuned_model
    from .looks import clipped

    qtbot.waitUntil(lambda: dialog.isVisible() and not clipped(dialog), timeout=2_000)
    assert dialog.format.currentData() == "gguf" and dialog.quant.isVisible()
    dialog.lmstudio.click()  # LM Studio's models folder, publisher/model, where it looks by itself
    assert dialog.folder.text().endswith(os.path.join(".lmstudio", "models", "TuneDesk",
                                                      export_name(finished.fine_tuned_model)))
    dialog.folder.setText(str(tmp_path / "exported-gguf"))
    seen_states: list[str] = []
    dialog.proc.readyReadStandardError.connect(lambda: seen_states.append(dialog.state.text()))
    with qtbot.waitSignal(dialog.exported, timeout=300_000):
        dialog.export_button.click()
    assert [f.suffix for f in sorted((tmp_path / "exported-gguf").iterdir())] == ["", ".gguf", ".json"]  # + Modelfile
    assert any(re.search(r"about [\d,.]+ MB", s) for s in seen_states), seen_states  # the size, before writing
    dialog.format.setCurrentIndex(dialog.format.findData("merged"))
    assert not dialog.quant.isVisible()
    dialog.folder.setText(str(tmp_path / "exported"))
    with qtbot.waitSignal(dialog.exported, timeout=300_000):
        dialog.export_button.click()
    assert (tmp_path / "exported" / "model.safetensors").exists() and "Written to" in dialog.state.text()
    dialog.export_button.click()  # the folder is not empty now: refused in words
    qtbot.waitUntil(lambda: "is not empty" in dialog.state.text(), timeout=120_000)
    dialog.reject()

    # 2. a second, long job is cancelled from the UI
    window.tabs.setCurrentWidget(window.datasets)
    _, second = launch(qtbot, window, epochs=40, suffix="long", split=False)
    qtbot.waitUntil(lambda: train.tracker.job_id == second.id and train.tracker.status == "running"
                    and train.job.cancel_button.isEnabled() and bool(train.tracker.metrics), timeout=120_000)
    assert train.job.hp_labels["trained_tokens"].text() == "counted when the job succeeds"  # not a bare "—"
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    train.job.cancel_button.click()  # asks first; No keeps the job
    assert asked and "cannot be started again" in asked[0] and train.tracker.status == "running"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    train.job.cancel_button.click()
    qtbot.waitUntil(lambda: train.tracker.status == "cancelled", timeout=60_000)
    assert client.fine_tuning.jobs.retrieve(second.id).status == "cancelled"
    assert not train.job.cancel_button.isEnabled()
    # a cancelled job has no result file, but the steps it trained can still be saved (issue [6] D24)
    assert train.job.csv_button.isEnabled() and train.job.hp_labels["trained_tokens"].text() == "—"
    cancelled_csv = tmp_path / "cancelled.csv"
    with qtbot.waitSignal(train.status, timeout=30_000, check_params_cb=lambda t: t.startswith("Saved")):
        train.download_csv(str(cancelled_csv))
    rows = cancelled_csv.read_text().splitlines()
    assert rows[0].startswith("step,train_loss") and len(rows) - 1 == len(train.tracker.metrics) > 0
    assert window.notifier.sent[-1][0] == "Training cancelled"
    close_window(qtbot, window)

    # 3. a new window (the engine restarts too) lists both jobs, with the finished chart
    again = open_window(qtbot)
    again.tabs.setCurrentWidget(again.train)
    t2 = again.train
    qtbot.waitUntil(lambda: t2.model.rowCount() == 2, timeout=120_000)
    row = t2.model.row_of(job.id)
    t2.table.selectRow(row)
    qtbot.waitUntil(lambda: t2.tracker is not None and t2.tracker.job_id == job.id
                    and len(t2.job.chart.points["train_loss"]) == len(steps), timeout=60_000)
    assert t2.model.index(row, 5).data(Qt.ItemDataRole.ToolTipRole) == finished.fine_tuned_model
    assert t2.model.index(row, 5).data() == "ft:tiny:support:" + finished.fine_tuned_model.rsplit(":", 1)[1]
    assert t2.job.checkpoints_model.rowCount() == 3
    close_window(qtbot, again)


def test_the_engine_is_restarted_when_it_dies_and_stopped_on_quit(qtbot, engine_with_tiny):
    window = open_window(qtbot)
    window.tabs.setCurrentWidget(window.train)  # the first need: the tab asks for the jobs
    engine = window.providers.engine
    qtbot.waitUntil(lambda: engine.running and "Running" in window.train.engine_label.text(), timeout=120_000)
    first = engine.proc
    os.kill(first.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: engine.running and engine.proc is not first, timeout=120_000)
    assert engine.restarts == 1
    qtbot.waitUntil(lambda: "restarted 1 time" in window.train.engine_label.text())
    second = engine.proc
    close_window(qtbot, window)
    assert second.poll() is not None  # quitting stopped it


def test_the_check_names_the_users_data_and_the_form_keeps_its_shape(qtbot, tmp_path, engine_with_tiny):
    """Issue [6] D24: the New Job form squashed during its check, and its problems named a
    file in the upload cache instead of the dataset the user has open."""
    rows = [dict(r, messages=list(r["messages"])) for r in ROWS]
    for i in range(0, 20, 2):
        rows[i]["messages"][1] = {"role": "human", "content": f"Question {i}?"}
    data = tmp_path / "support.jsonl"
    data.write_text("\n" + "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")  # line = example + 1
    window = open_window(qtbot)
    with qtbot.waitSignal(window.datasets.loaded, timeout=60_000):
        window.open_path(data)
    window.new_job()
    dialog = window.launch_dialog
    qtbot.waitUntil(lambda: dialog.base_model.findText("tiny") >= 0, timeout=120_000)
    dialog.base_model.setCurrentText("tiny")
    form = [dialog.use_open, dialog.use_file, dialog.train_path, dialog.suffix, dialog.base_model, dialog.epochs]
    before = [w.geometry().height() for w in form]
    for mode in ("none", "split"):
        dialog.validation.setCurrentIndex(dialog.validation.findData(mode))
        dialog.start_button.click()
        qtbot.waitUntil(lambda: "must be fixed first" in dialog.summary.text(), timeout=120_000)
        text = dialog.summary.text()
        assert "uploads" not in text and "-train-" not in text
        part = " (training part)" if mode == "split" else ""
        named = [int(n) for n in re.findall(rf"• support\.jsonl{re.escape(part)}, line (\d+), messages\[1\]\.role:", text)]
        # lines of support.jsonl, where example i is on line i + 2: every one named is a broken one
        assert named and all(rows[n - 2]["messages"][1]["role"] == "human" for n in named), text
        if mode == "none":
            assert named[0] == 2
        qtbot.waitUntil(lambda: dialog.start_button.isEnabled())
        after = [w.geometry().height() for w in form]
        assert after == before  # the many lines scroll in their own area
        dialog.summary.setText("")
    dialog.reject()
    close_window(qtbot, window)
