"""The Datasets tab, driven as a user would, offscreen."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from core.datasets import load
from gui.datasets.tab import DatasetsTab
from gui.main_window import MainWindow

ROWS = [{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": f"Question {i}?"},
                      {"role": "assistant", "content": f"Answer {i}."}]} for i in range(12)]


def write(path, rows, broken_at=None):
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    if broken_at is not None:
        lines[broken_at] = lines[broken_at][:-12]  # cut off
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tab(qtbot):
    widget = DatasetsTab()
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def open_and_wait(qtbot, tab, path, mapping=None):
    with qtbot.waitSignal(tab.loaded, timeout=60_000):
        tab.open_path(path, mapping)


def cell(tab, row, field):
    model = tab.ctl.model
    return model.index(row, model.column_of(field))


def test_table_model_passes_the_model_tester(qtbot, tab, tmp_path):
    open_and_wait(qtbot, tab, write(tmp_path / "d.jsonl", ROWS, broken_at=3))
    model = tab.ctl.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(tab.proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    tab.table.selectRow(2)
    tab.add_example()
    tab.delete_selected()
    tab.ctl.undo.undo()
    tab.ctl.undo.undo()
    assert model.rowCount() == 12


def test_edit_a_cell_then_undo_and_redo(qtbot, tab, tmp_path):
    open_and_wait(qtbot, tab, write(tmp_path / "d.jsonl", ROWS))
    index = cell(tab, 4, "assistant")
    assert index.data() == "Answer 4."
    assert tab.ctl.model.setData(index, "A better answer.", Qt.ItemDataRole.EditRole)
    assert index.data() == "A better answer." and tab.dirty
    tab.ctl.undo.undo()
    assert index.data() == "Answer 4." and not tab.dirty
    tab.ctl.undo.redo()
    assert tab.ctl.doc.examples[4].data["messages"][2]["content"] == "A better answer."


def test_fixing_an_invalid_example_clears_its_diagnostic(qtbot, tab, tmp_path):
    open_and_wait(qtbot, tab, write(tmp_path / "d.jsonl", ROWS, broken_at=5))
    assert any(d.code == "invalid_json" and d.index == 5 for d in tab.ctl.doc.all_diagnostics())
    problems = tab.check.problems_model
    tips = [problems.index(i).data(Qt.ItemDataRole.ToolTipRole) for i in range(problems.rowCount())]
    assert any(t.startswith("invalid_json") for t in tips)
    tab.table.selectRow(5)
    assert tab.editor.raw is not None  # the raw text, to fix by hand
    tab.editor.raw.setPlainText(json.dumps(ROWS[5]))
    tab.editor.flush()
    assert not any(d.index == 5 for d in tab.ctl.doc.all_diagnostics())
    assert tab.ctl.doc.examples[5].data == ROWS[5]
    assert cell(tab, 5, "status").data(Qt.ItemDataRole.AccessibleTextRole) == "ok"


def test_a_line_that_is_a_json_list_is_shown_and_fixed_in_the_editor(qtbot, tab, tmp_path):
    path = tmp_path / "d.jsonl"
    lines = [json.dumps(r) for r in ROWS]
    lines[4] = json.dumps([ROWS[4]])  # issue [6] D23: the editor showed the previous example's header, empty
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    open_and_wait(qtbot, tab, path)
    tab.table.selectRow(3)
    tab.table.selectRow(4)
    assert tab.editor.title.text().startswith("Example 5 (line 5) is a JSON list")
    assert tab.editor.raw is not None and json.loads(tab.editor.raw.toPlainText()) == [ROWS[4]]
    assert not any(c.isVisible() for c in tab.editor.cards)
    tab.editor.raw.setPlainText(json.dumps(ROWS[4]))
    tab.editor.flush()
    assert tab.ctl.doc.examples[4].data == ROWS[4]
    assert not any(d.index == 4 for d in tab.ctl.doc.all_diagnostics())


def test_add_and_reorder_messages_in_a_multi_turn_example(qtbot, tab, tmp_path):
    open_and_wait(qtbot, tab, write(tmp_path / "d.jsonl", ROWS))
    tab.table.selectRow(0)
    editor = tab.editor
    editor.add_message()  # a user turn after the assistant
    editor.cards[-1].content.setPlainText("And a follow-up?")
    editor.add_message()  # the assistant's reply
    editor.cards[-1].content.setPlainText("Here it is.")
    editor.flush()
    roles = [m["role"] for m in tab.ctl.doc.examples[0].data["messages"]]
    assert roles == ["system", "user", "assistant", "user", "assistant"]
    assert cell(tab, 0, "turns").data() == "2 turns"
    editor.cards[3].move.emit(-1)  # move the follow-up question above the first answer
    contents = [m["content"] for m in tab.ctl.doc.examples[0].data["messages"]]
    assert contents[2] == "And a follow-up?"
    tab.ctl.undo.undo()
    assert [m["content"] for m in tab.ctl.doc.examples[0].data["messages"]][2] == "Answer 0."


def test_save_reopen_equal_with_backup(qtbot, tab, tmp_path):
    path = write(tmp_path / "d.jsonl", ROWS)
    open_and_wait(qtbot, tab, path)
    tab.ctl.model.setData(cell(tab, 1, "user"), "Edited 你好 🎉", Qt.ItemDataRole.EditRole)
    tab.save_to(path)
    assert not tab.dirty
    again = load(path)
    assert [e.data for e in again.examples] == [e.data for e in tab.ctl.doc.examples]
    assert again.examples[1].data["messages"][1]["content"] == "Edited 你好 🎉"
    assert [e.data for e in load(path.with_name("d.jsonl.bak")).examples] == ROWS


def discard_on_close(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def shown_title(window):
    return window.windowTitle().replace("[*]", "*" if window.isWindowModified() else "")


def test_import_a_csv_through_the_dialog_with_a_column_mapping(qtbot, tmp_path, monkeypatch):
    discard_on_close(monkeypatch)
    path = tmp_path / "t.csv"
    path.write_text("age,question_text,reply,note\n" + "".join(f"{i},q {i},a {i},n {i}\n" for i in range(12)))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    from core.datasets.readers import DatasetReader

    sniffs = []
    real_detect = DatasetReader._detect
    monkeypatch.setattr(DatasetReader, "_detect", lambda self: sniffs.append(self.path) or real_detect(self))
    window.open_path(path)
    dialog = window.import_dialog
    assert dialog.isVisible() and dialog.preview_table.rowCount() == 12
    assert dialog.preview_table.item(3, 1).text() == "q 3"
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    # "reply" is guessed as the completion; without a completion Import waits
    dialog.completion_radio.setChecked(True)
    assert dialog.combos["completion"].currentText() == "reply"
    dialog.combos["completion"].setCurrentText("(none)")
    assert not ok.isEnabled() and "Completion" in dialog.problem.text()
    dialog.combos["prompt"].setCurrentText("question_text")
    dialog.combos["completion"].setCurrentText("question_text")
    assert not ok.isEnabled() and "two fields" in dialog.problem.text()
    dialog.combos["completion"].setCurrentText("reply")
    assert ok.isEnabled()
    with qtbot.waitSignal(window.datasets.loaded, timeout=60_000):
        ok.click()
    tab = window.datasets
    assert tab.ctl.model.headerData(1, Qt.Orientation.Horizontal) == "Prompt"
    assert cell(tab, 3, "prompt").data() == "q 3" and cell(tab, 3, "completion").data() == "a 3"
    assert tab.ctl.doc.source.mapping == {"prompt": "question_text", "completion": "reply"}
    assert shown_title(window) == "t.csv* — TuneDesk"  # not saved as JSONL yet
    assert sniffs == [path]  # once, for the dialog: the tab and its reader process took what it found


def test_import_dialog_guesses_chat_columns_and_can_be_cancelled(qtbot, tmp_path, monkeypatch):
    discard_on_close(monkeypatch)
    path = tmp_path / "t.csv"
    path.write_text("instructions,human,bot\nBe kind.,Hi,Hello!\n")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(path)
    dialog = window.import_dialog
    assert dialog.chat_radio.isChecked()
    assert [dialog.combos[f].currentText() for f in ("system", "user", "assistant")] == ["instructions", "human", "bot"]
    dialog.reject()
    assert len(window.datasets.ctl.doc) == 0


def test_filter_only_errors(qtbot, tab, tmp_path):
    open_and_wait(qtbot, tab, write(tmp_path / "d.jsonl", ROWS, broken_at=7))
    tab.filter_mode.setCurrentIndex(1)
    assert tab.proxy.rowCount() == 1
    assert tab.proxy.mapToSource(tab.proxy.index(0, 0)).row() == 7
    tab.filter_mode.setCurrentIndex(0)
    tab.filter_edit.setText("question 1")
    assert tab.proxy.rowCount() == 3  # 1, 10, 11


def test_problem_click_selects_the_example(qtbot, tab, tmp_path):
    rows = [dict(r) for r in ROWS]
    rows[9] = {"messages": [{"role": "user", "content": "only a question"}]}
    open_and_wait(qtbot, tab, write(tmp_path / "d.jsonl", rows))
    problems = tab.check.problems_model
    item = next(problems.index(i) for i in range(problems.rowCount())
                if "no assistant message" in problems.index(i).data())
    tab.check.problems.clicked.emit(item)
    assert tab.current_row() == 9


def test_main_window_title_marks_unsaved_changes_and_close_asks(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    window = MainWindow()
    qtbot.addWidget(window)
    path = write(tmp_path / "mine.jsonl", ROWS)
    with qtbot.waitSignal(window.datasets.loaded, timeout=60_000):
        window.open_path(path)
    assert shown_title(window) == "mine.jsonl — TuneDesk"
    window.datasets.ctl.model.setData(cell(window.datasets, 0, "user"), "changed", Qt.ItemDataRole.EditRole)
    assert shown_title(window) == "mine.jsonl* — TuneDesk"
    assert window.settings.recent_files[0] == str(path.resolve())
    assert not window.close()  # Cancel keeps the window open
    assert asked == ["Save the changes to mine.jsonl?"]
    window.datasets.ctl.undo.undo()
    assert shown_title(window) == "mine.jsonl — TuneDesk"
    assert window.close()  # nothing unsaved: no question
    assert len(asked) == 1


def test_recovery_after_a_simulated_crash(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from core import paths

    path = write(tmp_path / "mine.jsonl", ROWS)
    first = MainWindow()
    first.show()
    with qtbot.waitSignal(first.datasets.loaded, timeout=60_000):
        first.open_path(path)
    first.datasets.ctl.model.setData(cell(first.datasets, 2, "assistant"), "Recovered answer.", Qt.ItemDataRole.EditRole)
    with qtbot.waitSignal(first.datasets.autosaved, timeout=15_000):
        pass  # the autosave timer fires a few seconds after the edit
    # The crash: the window goes away without closing, so nothing is asked or saved.
    first.hide()
    first.deleteLater()
    assert (paths.recovery_dir() / "current.jsonl").exists()
    assert load(path).examples[2].data == ROWS[2]  # the file itself is untouched

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    with qtbot.waitSignal(second.datasets.loaded, timeout=60_000):
        pass  # offered as soon as the window starts
    assert "mine.jsonl" in asked[0] and "12 examples" in asked[0]
    tab = second.datasets
    assert cell(tab, 2, "assistant").data() == "Recovered answer."
    assert tab.dirty and shown_title(second) == "mine.jsonl* — TuneDesk"
    assert second.save()  # to the original file, with the backup
    assert load(path).examples[2].data["messages"][2]["content"] == "Recovered answer."
    assert not (paths.recovery_dir() / "current.jsonl").exists() and not tab.dirty
    third = MainWindow()
    qtbot.addWidget(third)
    qtbot.wait(50)  # a turn of the event loop: nothing is left to offer
    assert len(asked) == 1


def test_a_file_read_only_in_part_is_never_saved_over(qtbot, tmp_path, monkeypatch):
    """The reading process died half-way (killed, out of memory): Save used to write the
    rows read so far over the file, and a second save over its backup too."""
    from core.datasets import ReadError
    from gui.datasets import loading as tab_module

    real = tab_module.load_in_child

    def dies_half_way(path, mapping, chat_model, sniffed):
        for message in real(path, mapping, chat_model, sniffed):
            if message[0] in ("counts", "end"):
                raise ReadError(f"{path}: reading stopped unexpectedly (the reader process exited with status -9)")
            yield message

    monkeypatch.setattr(tab_module, "load_in_child", dies_half_way)
    saved_as = []
    monkeypatch.setattr("gui.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: saved_as.append(a[2]) or ("", ""))
    discard_on_close(monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    path = write(tmp_path / "d.jsonl", ROWS)
    original = path.read_bytes()
    with qtbot.waitSignal(window.datasets.loaded, timeout=60_000):
        window.open_path(path)
    assert "Could not finish reading" in window.statusBar().currentMessage()
    assert window.save() is False  # asked for a new name (and was cancelled) instead of writing in place
    assert saved_as and saved_as[0].endswith("d (partly read).jsonl")
    assert path.read_bytes() == original and not (tmp_path / "d.jsonl.bak").exists()


def test_opening_another_file_lets_the_first_one_go(qtbot, tab, tmp_path):
    """A dataset of 100,000 examples is a few hundred MB: once another file is open,
    nothing may keep the first one's examples alive."""
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    rows = [{"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]} for i in range(50)]
    open_and_wait(qtbot, tab, write(tmp_path / "first.jsonl", rows))
    first = weakref.ref(tab.ctl.doc)
    open_and_wait(qtbot, tab, write(tmp_path / "second.jsonl", rows[:10]))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old controller's deleteLater
    gc.collect()
    assert first() is None and len(tab.ctl.doc) == 10
