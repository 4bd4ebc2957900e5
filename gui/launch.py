"""The `tunedesk` console entry point: the headless CLI, or the app when given no command.

It lives outside ``core`` because opening the app needs Qt; Qt is imported only when
the app is actually opened, so `tunedesk check` stays quick.
"""

from __future__ import annotations

import sys


def data_folder() -> None:
    """The data folder is the platform's, as Qt's QStandardPaths names it, unless
    TUNEDESK_HOME says otherwise; it goes into TUNEDESK_HOME so that the engine and the
    trainers the app starts use the same one."""
    import os

    if os.environ.get("TUNEDESK_HOME"):
        return
    from PySide6.QtCore import QStandardPaths

    from core import paths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    chosen = paths.legacy_home() or (os.path.join(base, paths.APP_NAME) if base else paths.default_home())
    os.environ["TUNEDESK_HOME"] = str(chosen)


def open_app(files: list[str] | None = None) -> int:
    try:
        # absolute: PyInstaller runs this file as a script, where a relative import fails
        from gui.app import main as app_main
    except ImportError as exc:  # Qt or its system libraries missing: say so, no traceback
        print(f"tunedesk: the desktop app cannot start: {exc}", file=sys.stderr)
        return 2
    data_folder()
    return app_main(sys.argv[:1], files or [])


def main() -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the packaged app starts its file reader as a child process
    if sys.argv[1:] == ["--self-test"]:  # the packaged app checks itself (CI runs this on the build)
        from core.cli import register_engine_tokenizers
        from gui.selftest import main as self_test

        register_engine_tokenizers()

        return self_test()
    from core.cli import main as cli_main

    return cli_main(sys.argv[1:], open_app=open_app)


if __name__ == "__main__":
    sys.exit(main())
