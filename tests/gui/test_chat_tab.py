"""The Chat tab against the real local engine (tiny models), started by the app."""

from __future__ import annotations

import json
import re
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from core.datasets import Kind, Severity
from core.datasets.validate import check_example
from gui.chat.settings_panel import model_key
from gui.main_window import MainWindow
from gui.settings import Settings


@pytest.fixture
def engine_models(tiny_model):
    settings = Settings()
    settings.engine_models = {"tiny": str(tiny_model), "tiny-b": str(tiny_model)}
    settings.sync()


@pytest.fixture
def window(qtbot, engine_models, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    w.tabs.setCurrentWidget(w.chat)
    qtbot.waitUntil(lambda: w.chat.settings.model_combo.findData(model_key("local", "tiny-b")) >= 0, timeout=120_000)
    w.chat.select_model("local", "tiny")
    return w


def send(qtbot, chat, text, max_tokens=24):
    chat.settings.param_checks["max_tokens"].setChecked(True)
    chat.settings.max_tokens.setValue(max_tokens)
    chat.composer.setPlainText(text)
    with qtbot.waitSignal(chat.reply_finished, timeout=120_000) as got:
        chat.send_button.click()
    return got.args[0]


def test_send_stop_regenerate_edit_search_and_history(qtbot, window, tmp_path):
    chat = window.chat
    # A seed: the random tiny model, sampled freely, now and then ends its reply after one
    # token (seen once in CI), which says nothing about streaming.
    chat.settings.param_checks["seed"].setChecked(True)
    chat.settings.seed.setValue(1)
    reply = send(qtbot, chat, "Tell me about **llamas**")
    assert reply.completion_tokens and reply.completion_tokens > 1
    chat.settings.param_checks["seed"].setChecked(False)
    assert 0 < reply.first_token_s <= reply.total_s  # it streamed: the first piece came before the end
    thread = chat.thread()
    assert [m.role for m in thread] == ["user", "assistant"]
    assert thread[1].content == reply.text and thread[1].stats["completion_tokens"] == reply.completion_tokens
    assert "llamas" in chat.view.toPlainText() and "tokens" in chat.view.toPlainText()
    assert chat.conversations.conv_model.rowCount() == 1 and chat.conversations.conv_model.items[0].title.startswith("Tell me about")

    # stop mid-stream: a long reply is cut short and kept as far as it got
    chat.settings.param_checks["max_tokens"].setChecked(True)
    chat.settings.max_tokens.setValue(4000)
    chat.settings.param_checks["temperature"].setChecked(True)  # greedy: the tiny model then never says it is done
    chat.settings.temperature.setValue(0)
    chat.composer.setPlainText("Now write a very long story")
    with qtbot.waitSignal(chat.reply_finished, timeout=120_000) as got:
        chat.send_button.click()
        qtbot.waitUntil(lambda: chat.columns and len(chat.columns[0].text) > 200, timeout=60_000)
        assert chat.stop_button.isEnabled()
        chat.stop_button.click()
    stopped = got.args[0]
    assert stopped.stopped and len(chat.thread()) == 4 and chat.thread()[-1].stats["stopped"]
    assert 200 < len(chat.thread()[-1].content) < 4000 * 8
    chat.settings.param_checks["temperature"].setChecked(False)
    chat.settings.max_tokens.setValue(24)
    assert "stopped" in chat.view.toPlainText()

    # regenerate: a second version of the last reply; the first stays reachable
    before = chat.thread()[-1]
    with qtbot.waitSignal(chat.reply_finished, timeout=120_000):  # the engine serves again after a stop
        chat.regenerate()
    after = chat.thread()[-1]
    assert after.id != before.id and chat.store.versions(after.id) == [before.id, after.id]
    assert "version 2 of 2" in chat.view.toPlainText()
    chat.show_version(after.id, -1)
    assert chat.thread()[-1].id == before.id and "version 1 of 2" in chat.view.toPlainText()

    # edit the first message and resend: a new branch, the original kept
    first_user = chat.thread()[0]
    with qtbot.waitSignal(chat.reply_finished, timeout=120_000):
        chat.edit_message(first_user.id, "Tell me about alpacas instead")
    assert [m.role for m in chat.thread()] == ["user", "assistant"]
    assert chat.thread()[0].content == "Tell me about alpacas instead"
    assert chat.store.versions(chat.thread()[0].id) == [first_user.id, chat.thread()[0].id]
    chat.show_version(chat.thread()[0].id, -1)
    assert len(chat.thread()) == 4  # back on the original branch, with its replies

    # a second conversation, then search across all of them
    chat.new_conversation()
    chat.settings.param_checks["stop"].setChecked(True)  # this chat's own stop sequences and limit
    chat.settings.stop_edit.setText(r"\n\n | END")
    send(qtbot, chat, "Completely different: zebras", max_tokens=20)
    assert chat.conversations.conv_model.rowCount() == 2
    # each chat keeps how it answers: its stop sequences and token limit come back with it
    zebras = chat.conversation_id
    chat.conversations.conv_list.setCurrentIndex(chat.conversations.conv_model.index(chat.conversations.conv_model.row_of(zebras) ^ 1))
    assert chat.settings.stop_edit.text() == "" and not chat.settings.param_checks["stop"].isChecked()
    assert chat.settings.max_tokens.value() == 24
    chat.conversations.conv_list.setCurrentIndex(chat.conversations.conv_model.index(chat.conversations.conv_model.row_of(zebras)))
    assert chat.settings.stop_edit.text() == r"\n\n | END" and chat.settings.param_checks["stop"].isChecked()
    assert chat.settings.max_tokens.value() == 20 and chat.params().request()["stop"] == ["\n\n", "END"]
    chat.conversations.search.setText("alpac")
    qtbot.waitUntil(lambda: [c.title for c in chat.conversations.conv_model.items] == ["Tell me about **llamas**"])
    chat.conversations.search.setText("zebra")
    qtbot.waitUntil(lambda: [c.title[:20] for c in chat.conversations.conv_model.items] == ["Completely different"])
    # a pasted page is one bounded search once typing pauses, not thousands of keystrokes' worth
    searches = []
    real_search = chat.store.conversations

    def counting_search(query=""):
        searches.append(query)
        return real_search(query)

    chat.store.conversations = counting_search
    started = time.monotonic()
    chat.conversations.search.setText(" ".join(f"word{i}" for i in range(2000)))
    assert time.monotonic() - started < 0.1
    qtbot.waitUntil(lambda: len(searches) == 1)
    assert chat.conversations.conv_model.items == [] and time.monotonic() - started < 2
    chat.conversations.search.clear()
    qtbot.waitUntil(lambda: chat.conversations.conv_model.rowCount() == 2)

    # add to dataset: the exchange, its reply edited, appended to a JSONL file as a valid example
    chat.add_to_dataset()
    dialog = window.incoming.add_dialog
    dialog.file_radio.setChecked(True)
    dialog.reply.setPlainText("Zebras are striped equids.")
    dialog.path.setText(str(tmp_path / "from-chat.jsonl"))
    dialog.add_button.click()
    lines = (tmp_path / "from-chat.jsonl").read_text(encoding="utf-8").splitlines()
    example = json.loads(lines[-1])
    assert example["messages"][-1] == {"role": "assistant", "content": "Zebras are striped equids."}
    assert example["messages"][-2] == {"role": "user", "content": "Completely different: zebras"}
    assert [d for d in check_example(example, Kind.CHAT, 0, 1, None) if d.severity is Severity.ERROR] == []
    # ... or to the open chat dataset, as one undoable step
    window.datasets.new_dataset(Kind.CHAT)
    chat.add_to_dataset()
    window.incoming.add_dialog.add_button.click()
    assert len(window.datasets.ctl.doc) == 1 and window.datasets.ctl.undo.canUndo()
    window.datasets.forget_unsaved()
    window.datasets.ctl.undo.setClean()
    window.datasets.new_dataset()

    # restart: the whole history is there
    counts = {c.id: chat.store.count_messages(c.id) for c in chat.store.conversations()}
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert {c.id: again.chat.store.count_messages(c.id) for c in again.chat.store.conversations()} == counts
    assert again.chat.conversations.conv_model.rowCount() == 2
    again.chat.conversations.conv_list.setCurrentIndex(again.chat.conversations.conv_model.index(1))
    assert "alpacas" in again.chat.view.toPlainText() or "llamas" in again.chat.view.toPlainText()
    again.chat.conversations.conv_list.setCurrentIndex(again.chat.conversations.conv_model.index(0))
    assert "zebras" in again.chat.view.toPlainText()
    assert again.chat.params().request()["stop"] == ["\n\n", "END"] and again.chat.settings.max_tokens.value() == 20
    again.close()


def test_compare_two_models_side_by_side(qtbot, window, tmp_path):
    import openai

    from tests.engine.conftest import chat_rows, upload, wait_for

    chat = window.chat
    # a model tuned after the lists were filled can be compared too (issue [6] D23)
    url, token = window.providers.engine.ensure()
    client = openai.OpenAI(base_url=url, api_key=token, max_retries=0)
    job = client.fine_tuning.jobs.create(model="tiny", training_file=upload(client, tmp_path, chat_rows(10)).id,
                                         hyperparameters={"n_epochs": 1})
    wait_for(lambda: client.fine_tuning.jobs.retrieve(job.id).status == "succeeded", 180, 0.5, "the job")
    tuned = client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model
    assert chat.compare_box.compare_models[0].findData(model_key("local", tuned)) < 0
    chat.compare_check.setChecked(True)
    qtbot.waitUntil(lambda: all(c.findData(model_key("local", tuned)) >= 0 for c in chat.compare_box.compare_models),
                    timeout=60_000)
    assert chat.compare_box.isVisible() and not chat.view.isVisible()
    chat.compare_box.compare_models[0].setCurrentIndex(chat.compare_box.compare_models[0].findData(model_key("local", "tiny")))
    chat.compare_box.compare_models[1].setCurrentIndex(chat.compare_box.compare_models[1].findData(model_key("local", "tiny-b")))
    chat.compare_box.compare_models[2].setCurrentIndex(-1)
    chat.settings.param_checks["max_tokens"].setChecked(True)
    chat.settings.max_tokens.setValue(16)
    with qtbot.waitSignal(chat.status, timeout=120_000, check_params_cb=lambda t: t == "Comparison finished"):
        chat.send("Which of you is faster?")
    for i, name in enumerate(("tiny", "tiny-b")):
        assert f"{name}:" in chat.compare_box.compare_views[i].toPlainText()
        stats = chat.compare_box.compare_stats[i].text()
        assert re.search(r"\b(1 token|\d+ tokens) ·", stats) and "first token" in stats, stats  # plural right
    assert chat.compare_box.compare_stats[2].text() == ""
    # the models listed again (compare switched on, a job finished): the columns keep what was chosen
    columns = chat.compare_box.compare_models
    columns[0].setCurrentIndex(columns[0].findData(model_key("local", tuned)))
    chosen = [c.currentData() for c in columns[:2]]
    with qtbot.waitSignal(chat.settings.models_listed, timeout=60_000):
        chat.load_models()
    assert [c.currentData() for c in columns[:2]] == chosen and chosen[0] != columns[0].itemData(0)
    window.close()


def test_rename_pin_delete_presets_and_hidden_context(qtbot, tmp_path, monkeypatch):
    from core.chat.store import Store
    from gui.chat.tab import ChatTab
    from gui.providers import Providers

    store = Store(tmp_path / "chats.sqlite")
    for title in ("First", "Second"):
        c = store.create(title)
        store.add_message(c, None, "user", f"{title} question")
    providers = Providers(Settings())
    tab = ChatTab(providers, store)
    qtbot.addWidget(tab)
    assert [c.title for c in tab.conversations.conv_model.items] == ["Second", "First"]
    tab.conversations.conv_list.setCurrentIndex(tab.conversations.conv_model.index(1))
    assert tab.conversation_id == tab.conversations.conv_model.items[1].id and "First question" in tab.view.toPlainText()
    tab.conversations.rename_current("Renamed")
    tab.conversations.toggle_pin()
    assert [c.title for c in tab.conversations.conv_model.items] == ["Renamed", "Second"]  # pinned first
    assert tab.conversations.conv_model.index(0).data().startswith("📌")

    # a preset's context is shown above the chat unless hidden
    tab.settings.preset_combo.setCurrentIndex([p.name for p in tab.settings.presets].index("JSON answers"))
    assert "Context from the preset" in tab.view.toPlainText() and "capital of France" in tab.view.toPlainText()
    tab.settings.hide_context.setChecked(True)
    assert "Context from the preset" not in tab.view.toPlainText()
    assert tab.params().request() == {"temperature": 0.0}  # the preset's parameters, only those switched on

    # presets: saved as the user's, exported, imported again in another window
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("My JSON", True))
    tab.settings.system_edit.setPlainText("Only JSON, please.")
    tab.settings.save_preset()
    exported = tmp_path / "mine.json"
    tab.settings.export_presets(str(exported))
    assert json.loads(exported.read_text(encoding="utf-8"))["presets"][0]["system"] == "Only JSON, please."
    other = ChatTab(providers, Store(tmp_path / "other.sqlite"))
    qtbot.addWidget(other)
    assert "My JSON (yours)" in [other.settings.preset_combo.itemText(i) for i in range(other.settings.preset_combo.count())]

    tab.conversations.delete_current(confirm=False)
    assert [c.title for c in tab.conversations.conv_model.items] == ["Second"]
    assert tab.conversation_id is None
    providers.shutdown()
    tab.shutdown()
    other.shutdown()


def test_completion_mode_sends_a_raw_prompt_and_stops_at_the_stop_sequence(window, qtbot, tmp_path):
    """A prompt/completion job on this computer, then Completion mode: the tuned model gets
    the raw prompt (no chat template), with the separator and labels the open dataset
    suggests, and stops at " END"."""
    chat = window.chat
    rows = [{"prompt": f"review {i} ->", "completion": " positive END\n"} for i in range(16)]
    data = tmp_path / "reviews.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    client = window.providers.client("local")
    upload = client.files.create(file=data.open("rb"), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="tiny", training_file=upload.id, seed=2,
                                         hyperparameters={"n_epochs": 4, "learning_rate_multiplier": 20})
    qtbot.waitUntil(lambda: client.fine_tuning.jobs.retrieve(job.id).status == "succeeded", timeout=180_000)
    tuned = client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model
    with qtbot.waitSignal(window.datasets.loaded, timeout=30_000):
        window.open_path(data)
    window.tabs.setCurrentWidget(chat)
    chat.load_models(select=("local", tuned))
    qtbot.waitUntil(lambda: chat.complete_check.isChecked(), timeout=60_000)  # the engine says: a completion model
    panel = chat.complete_panel
    assert panel.isVisible() and not chat.composer.isVisible()
    assert panel.separator.text() == " ->" and panel.hints.stop == " END" and panel.hints.labels == [" positive"]
    chat.settings.param_checks["stop"].setChecked(True)
    chat.settings.stop_edit.setText(" END")
    chat.settings.param_checks["temperature"].setChecked(True)
    chat.settings.temperature.setValue(0)
    panel.prompt.setPlainText("review 77")
    with qtbot.waitSignal(panel.finished, timeout=120_000) as got:
        panel.complete_button.click()
    text, finish = got.args
    assert text == " positive" and finish == "stop"
    assert "review 77 -> positive" in panel.output.toPlainText()
    chat.select_model("local", "tiny")
    assert not chat.complete_check.isChecked() and chat.composer.isVisible()  # back to chat for a chat model
    window.datasets.forget_unsaved()
