"""The `tunedesk` console entry point: the headless CLI, or the app when given no command.

It lives outside ``core`` because opening the app needs Qt; Qt is imported only when
the app is actually opened, so `tunedesk check` stays quick.
"""

from __future__ import annotations

import sys


def open_app() -> int:
    try:
        # absolute: PyInstaller runs this file as a script, where a relative import fails
        from gui.app import main as app_main
    except ImportError as exc:  # Qt or its system libraries missing: say so, no traceback
        print(f"tunedesk: the desktop app cannot start: {exc}", file=sys.stderr)
        return 2
    return app_main(sys.argv[:1])


def main() -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the packaged app starts its file reader as a child process
    from core.cli import main as cli_main

    return cli_main(sys.argv[1:], open_app=open_app)


if __name__ == "__main__":
    sys.exit(main())
