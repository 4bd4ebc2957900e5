"""File ▸ Import Documents…: the preview shows every part and its tokens before anything
is added; accepting adds the examples to the open dataset, undoably."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from gui.main_window import MainWindow

ARTICLES = Path(__file__).resolve().parents[2] / "resources" / "samples" / "articles"


def test_import_documents_previews_the_parts_then_adds_them(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)  # on close
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(ARTICLES)))
    window.import_documents()
    dialog = window.incoming.documents_dialog
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: ok.isEnabled(), timeout=30_000)
    assert ok.text() == "&Add 12 Examples"
    assert dialog.preview.rowCount() == 12
    assert "3 documents → 12 examples" in dialog.state.text()
    model = dialog.preview
    assert model.data(model.index(0, 0)) == "bicycle.txt" and model.data(model.index(0, 1)) == "1 of 4"
    assert model.data(model.index(0, 4)).startswith("# A Short History of the Bicycle")

    dialog.by_tokens.setChecked(True)
    dialog.tokens.setValue(150)
    qtbot.waitUntil(lambda: ok.isEnabled() and model.rowCount() > 12, timeout=30_000)
    assert all(p.tokens <= 150 for p in model.parts)
    dialog.by_parts.setChecked(True)
    qtbot.waitUntil(lambda: ok.isEnabled() and model.rowCount() == 12, timeout=30_000)
    dialog.system.setText("Convert the plain text into Markdown.")
    ok.click()  # the parts are checked and counted by a worker, then added in one step
    qtbot.waitUntil(lambda: len(window.datasets.ctl.doc) == 12, timeout=30_000)
    doc = window.datasets.ctl.doc
    first = doc.examples[0].data
    assert first["metadata"] == {"source": "bicycle.txt", "part": 1, "parts": 4}
    assert first["messages"][0] == {"role": "system", "content": "Convert the plain text into Markdown."}
    window.datasets.ctl.undo.undo()
    assert len(window.datasets.ctl.doc) == 0  # one undo takes the import back
    window.datasets.forget_unsaved()
