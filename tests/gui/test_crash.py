"""The last-resort path: an uncaught exception, on the UI thread or another, lands in the
log file with its traceback and in a dialog naming that file; keys never reach the log."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core import applog
from gui.crash import install


@pytest.fixture
def hooks():
    saved = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = saved
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_tunedesk", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.mark.qt_no_exception_capture
def test_uncaught_errors_are_logged_and_shown_with_the_logs_path(qtbot, hooks):
    path = applog.setup()
    reporter = install(QApplication.instance())

    def boom() -> None:
        raise ValueError("the table had no rows sk-proj-abcdefghijklmnop1234")

    QTimer.singleShot(0, boom)  # on the UI thread, inside Qt's event loop
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5_000)
    assert "ValueError: the table had no rows [redacted]" in reporter.dialog.text()
    assert str(path) in reporter.dialog.informativeText()

    worker = threading.Thread(target=lambda: 1 / 0, name="counting")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(reporter.shown) == 2, timeout=5_000)
    assert "(2 errors so far)" in reporter.dialog.informativeText()  # one dialog, not a pile of them

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "in boom" in text
    assert "Uncaught exception in thread counting" in text and "ZeroDivisionError" in text
    assert "sk-proj-abcdefghijklmnop1234" not in text and "[redacted]" in text
    reporter.dialog.close()


def test_secrets_are_redacted_from_log_lines():
    assert applog.redact("Authorization: Bearer abc.def-123456789") == "Authorization: [redacted]"
    assert applog.redact('{"api_key": "k3y-12345678"}') == '{"[redacted]"}'
    assert applog.redact("model gpt-4o-mini, 12 rows") == "model gpt-4o-mini, 12 rows"
