"""Start the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
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
    return app  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    from core import applog

    log = applog.setup()
    app = make_app(argv)
    from .crash import install

    app._crash_reporter = install(app)  # type: ignore[attr-defined]
    import logging

    logging.getLogger("tunedesk").info("TuneDesk %s starting; log %s", __version__, log)
    from .main_window import MainWindow

    window = MainWindow()
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
