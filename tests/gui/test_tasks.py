"""gui/tasks.py, the one way work leaves the UI thread: a failure is forwarded (never
swallowed) and logged with its traceback; with nobody to handle it, the window says it in
words with the details on demand; a cancelled task, or one whose parent is gone, calls
nobody back; disk writes run one at a time in order."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from gui import tasks
from gui.main_window import MainWindow


@pytest.fixture
def log_lines():
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Keep()
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    logging.getLogger("tunedesk.tasks").addHandler(handler)
    yield lines
    logging.getLogger("tunedesk.tasks").removeHandler(handler)


def failing() -> None:
    raise ValueError("the workbook has no sheet called Data")


def test_a_failure_is_forwarded_with_its_traceback_and_logged(qtbot, log_lines):
    got = []
    tasks.run(failing, lambda _: got.append("done"), got.append, what="Reading tickets.xlsx")
    qtbot.waitUntil(lambda: bool(got), timeout=5_000)
    assert isinstance(got[0], ValueError) and "in failing" in tasks.details(got[0])
    assert "Reading tickets.xlsx failed:" in log_lines[0] and "Traceback (most recent call last)" in log_lines[0]
    assert "ValueError: the workbook has no sheet called Data" in log_lines[0]


def test_an_unhandled_failure_is_said_in_the_status_bar_with_details_on_demand(qtbot, log_lines, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    task = tasks.run(failing, what="Counting tokens")
    qtbot.waitUntil(task.finished.is_set, timeout=5_000)
    qtbot.waitUntil(lambda: window.failures.button.isVisible(), timeout=5_000)
    assert window.statusBar().currentMessage() == "Counting tokens failed: the workbook has no sheet called Data"
    window.failures.button.click()
    box = window.failures.box
    assert box.isVisible() and "in failing" in box.detailedText() and "tunedesk.log" in box.informativeText()
    assert any("Counting tokens failed" in line for line in log_lines)
    box.close()
    window.close()


def test_a_cancelled_task_and_one_whose_parent_is_gone_call_nobody_back(qtbot):
    called = []
    release = threading.Event()

    def slow() -> str:
        release.wait(5)
        return "late"

    task = tasks.run(slow, called.append)
    task.cancel()
    assert task.cancelled.is_set()
    owner = QWidget()
    second = tasks.run(slow, called.append, parent=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner), timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: task.finished.is_set() and second.finished.is_set(), timeout=5_000)
    assert called == []
    third = tasks.run(lambda: "on time", called.append)
    qtbot.waitUntil(third.finished.is_set, timeout=5_000)
    assert called == ["on time"]


def test_writes_run_one_at_a_time_in_the_order_asked(qtbot):
    order: list[str] = []
    busy = threading.Lock()

    def write(name: str):
        def fn() -> str:
            assert busy.acquire(blocking=False), "two writes at once"
            try:
                time.sleep(0.01 if name != "first" else 0.05)  # the first is the slowest
                order.append(name)
            finally:
                busy.release()
            return name
        return fn

    done: list[str] = []
    for name in ("first", "second", "third"):
        tasks.write(write(name), done.append)
    qtbot.waitUntil(lambda: len(done) == 3, timeout=5_000)
    assert order == done == ["first", "second", "third"]
