"""Start the desktop app."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from core import __version__, paths


def make_app(argv: Sequence[str] | None = None) -> QApplication:
    # Background threads (loading, counting) hold the GIL for at most 1 ms before the UI
    # thread gets a turn, instead of Python's default 5 ms.
    sys.setswitchinterval(0.001)
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    QCoreApplication.setOrganizationName("TuneDesk")
    QCoreApplication.setApplicationName("TuneDesk")
    QCoreApplication.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(paths.resource("icons/tunedesk.svg"))))
    app.setDesktopFileName("tunedesk")
    from . import i18n
    from .settings import Settings

    i18n.install(app, Settings().language)  # before any window: texts are translated when made
    return app  # type: ignore[return-value]


class _FileOpenFilter(QObject):
    """macOS hands files opened from Finder to a running app as QFileOpenEvents."""

    opened = Signal(list)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FileOpen:
            self.opened.emit([event.file()])  # type: ignore[attr-defined]
            return True
        return False


class _FirstPaint(QObject):
    """bench/startup_bench.py: print when the main window is first painted, then quit.
    Set by ``TUNEDESK_STARTUP_PROBE``; ``TUNEDESK_EAGER_IMPORTS`` loads the heavy
    modules first (the baseline the bench compares with)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            print("tunedesk: first paint", flush=True)
            os._exit(0)  # the bench times the start, not the shutdown
        return False


def main(argv: Sequence[str] | None = None, files: Sequence[str] = ()) -> int:
    if os.environ.get("TUNEDESK_EAGER_IMPORTS"):  # the baseline of bench/startup_bench.py
        import pandas  # noqa: F401
        import peft  # noqa: F401
        import torch  # noqa: F401
        from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: F401
    from core import applog

    log = applog.setup()
    app = make_app(argv)
    from .instance import Instance, forward

    if forward(list(files)):  # TuneDesk already runs on this data folder: it opens them
        return 0
    from .crash import install

    app._crash_reporter = install(app)  # type: ignore[attr-defined]
    import logging

    logging.getLogger("tunedesk").info("TuneDesk %s starting; log %s", __version__, log)
    from .main_window import MainWindow

    window = MainWindow()
    instance = Instance(window)
    instance.listen()
    instance.files_opened.connect(window.open_files)
    finder = _FileOpenFilter(window)
    finder.opened.connect(window.open_files)
    app.installEventFilter(finder)
    if os.environ.get("TUNEDESK_STARTUP_PROBE"):
        window.installEventFilter(_FirstPaint(window))
    window.show()
    from .desktop_entry import register

    QTimer.singleShot(1000, register)  # the packaged Linux app: applications menu and "Open with"
    if files:
        QTimer.singleShot(0, lambda: window.open_files(list(files)))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
