"""Dataset ▸ Generate Examples… against the local engine (a tiny model): the answers land
in the open dataset with their variables; Cancel keeps what came, Generate asks only for
the rest; the CSV has the tutorial's columns."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QFileDialog

from gui.main_window import MainWindow
from gui.settings import Settings


@pytest.fixture
def window(qtbot, tiny_model):
    settings = Settings()
    settings.engine_models = {"tiny": str(tiny_model)}
    settings.sync()
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


def test_generate_cancel_resume_and_export(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)  # on close
    window.generate_examples()
    dialog = window.incoming.generate_dialog
    qtbot.waitUntil(lambda: dialog.model.findText("tiny") >= 0, timeout=120_000)
    dialog.model.setCurrentText("tiny")
    dialog.max_tokens.setValue(6)
    dialog.concurrency.setValue(2)
    assert dialog.count.text() == "18 requests"
    with qtbot.waitSignal(dialog.rows_arrived, timeout=120_000):
        dialog.generate_button.click()
        qtbot.waitUntil(lambda: dialog.progress.value() >= 4, timeout=120_000)
        dialog.cancel_button.click()  # half-way: what came is kept
    first = len(window.datasets.ctl.doc)
    assert 4 <= first < 18
    assert "already in the dataset" in dialog.count.text()
    with qtbot.waitSignal(dialog.rows_arrived, timeout=120_000):
        dialog.generate_button.click()  # asks only for the rest
    doc = window.datasets.ctl.doc
    assert len(doc) == 18
    combos = {(e.data["metadata"]["age"], e.data["metadata"]["gender"], e.data["metadata"]["power"])
              for e in doc.examples}
    assert len(combos) == 18
    assert "Done: " in dialog.state.text()
    assert not dialog.generate_button.isEnabled()  # nothing left to ask
    target = tmp_path / "heroes.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    dialog.csv_button.click()
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0][:6] == ["age", "gender", "power", "answer", "prompt", "response"] and len(rows) == 1 + len(dialog.rows)
    dialog.reject()
    window.datasets.forget_unsaved()
    window.datasets.ctl.undo.setClean()
