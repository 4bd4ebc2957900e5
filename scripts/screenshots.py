"""Render the main window offscreen with the sample dataset and save PNGs (for the README
and for looking at what users see).

    python scripts/screenshots.py [OUT_DIR]     (default: screenshots/)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TUNEDESK_HOME", tempfile.mkdtemp(prefix="tunedesk-shots-"))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QEventLoop

    from core import paths
    from gui.app import make_app
    from gui.main_window import MainWindow

    app = make_app()
    window = MainWindow()
    window.resize(1400, 860)
    window.show()
    loop = QEventLoop()
    window.datasets.loaded.connect(loop.quit)
    window.open_path(paths.resource("samples/support_chat.jsonl"))
    loop.exec()
    window.datasets.table.selectRow(10)  # the multi-turn conversation
    app.processEvents()
    window.grab().save(str(out / "datasets.png"))
    window.datasets.table.selectRow(12)  # the line that does not parse
    app.processEvents()
    window.grab().save(str(out / "datasets-invalid-row.png"))
    table = Path(tempfile.mkdtemp()) / "support_tickets.csv"
    table.write_text("ticket,customer_question,agent_answer,channel\n"
                     + "".join(f"{i},\"How do I reset my password, step {i}?\",\"Open Settings → Account, "
                               f"then choose Reset ({i}).\",email\n" for i in range(1, 30)), encoding="utf-8")
    window.open_path(table)
    dialog = window.import_dialog
    dialog.chat_radio.setChecked(True)
    dialog.combos["user"].setCurrentText("customer_question")
    dialog.combos["assistant"].setCurrentText("agent_answer")
    app.processEvents()
    dialog.grab().save(str(out / "import-dialog.png"))
    dialog.reject()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))


if __name__ == "__main__":
    main()
