"""Issue [6] C17: select 12 rows, Ctrl+Del, Ctrl+Z (and Ctrl+Shift+Z) made the window
vanish (a segfault in Shiboken's releaseWrapper) when another thread ran Python: the
editor deleted and re-created its message widgets for every re-inserted row."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow

from .test_datasets_tab import ROWS, discard_on_close, write


def test_multi_row_delete_undo_redo_200_times_with_python_busy_in_another_thread(qtbot, tmp_path, monkeypatch):
    discard_on_close(monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.datasets
    path = write(tmp_path / "d.jsonl", ROWS * 3)  # 36 examples
    with qtbot.waitSignal(tab.loaded, timeout=60_000):
        tab.open_path(path)
    stop = threading.Event()

    def busy() -> None:  # Python running on another thread is what the crash needed
        junk: list[object] = []
        while not stop.is_set():
            junk.append({"x": [object() for _ in range(50)]})
            if len(junk) > 200:
                junk.clear()

    # Switch threads often: the crash needs the other thread to run between Qt's calls, and
    # with the default 5 ms interval each of those waits its turn (seconds per cycle).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    worker = threading.Thread(target=busy, daemon=True)
    worker.start()
    table = tab.table
    try:
        for i in range(200):
            start = i % 20
            selection = QItemSelection(tab.proxy.index(start, 0), tab.proxy.index(start + 11, 0))
            table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
            table.selectionModel().setCurrentIndex(tab.proxy.index(start, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            table.setFocus()
            QTest.keyClick(table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
            assert tab.ctl.model.rowCount() == 24
            QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            assert tab.ctl.model.rowCount() == 36
            if i % 10 == 0:
                QTest.keySequence(table, window.menus.redo_action.shortcut())  # the platform's Redo key
                assert tab.ctl.model.rowCount() == 24
                QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            QApplication.processEvents()  # deferred deletes run here, as in the event loop
    finally:
        stop.set()
        worker.join(5)
        sys.setswitchinterval(interval)
    assert tab.ctl.model.rowCount() == 36
    assert [e.data for e in tab.ctl.doc.examples] == ROWS * 3
