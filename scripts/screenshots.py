"""Render the main window offscreen with the sample dataset and save PNGs (for the README
and for looking at what users see).

    python scripts/screenshots.py [OUT_DIR] [--no-train]     (default: screenshots/)

The Train tab shots train the bundled SmolLM2 on this computer (a minute or two).
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


def wait(app, condition, timeout: float, what: str) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.02)


def train_shots(app, window, out: Path) -> None:
    """Train the bundled SmolLM2 on this computer on the sample, its examples with errors deleted."""
    from core import paths
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)  # accept the warnings
    window.open_path(paths.resource("samples/support_chat.jsonl"), confirmed=True)
    wait(app, lambda: len(window.datasets.ctl.doc) == 13 and window.datasets.progress.isHidden(), 60, "the sample")
    from core.datasets import Severity

    doc = window.datasets.ctl.doc
    window.datasets.ctl.delete([i for i in range(len(doc)) if doc.severity(i) is Severity.ERROR])
    window.new_job()
    dialog = window.launch_dialog
    wait(app, lambda: dialog.base_model.count() > 0, 180, "the engine's models")
    dialog.base_model.setCurrentText("smollm2-135m-instruct")
    dialog.epochs.setValue(4)
    dialog.suffix.setText("support")
    dialog.validation.setCurrentIndex(dialog.validation.findData("split"))
    app.processEvents()
    dialog.grab().save(str(out / "launch-dialog.png"))
    dialog.start_button.click()
    wait(app, lambda: not dialog.isVisible() or not dialog._busy, 600, "the preflight and upload")
    if dialog.isVisible():
        raise SystemExit(f"screenshots: the job did not start: {dialog.summary.text()}")
    train = window.train
    wait(app, lambda: train.tracker is not None and train.tracker.progress[0] >= 0.4 * max(1, train.tracker.progress[1])
         and train.tracker.progress[1] > 0, 900, "the job to be well under way")
    window.grab().save(str(out / "train-running.png"))
    wait(app, lambda: train.tracker.finished and train.checkpoints.rowCount() > 0, 900, "the job to finish")
    app.processEvents()
    window.grab().save(str(out / "train-succeeded.png"))
    window.preferences("providers")
    prefs = window.preferences_dialog
    prefs.providers_page.select("openai")
    app.processEvents()
    prefs.grab().save(str(out / "providers.png"))
    prefs.reject()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else ROOT / "screenshots")
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
    if "--no-train" not in sys.argv:
        train_shots(app, window, out)
    window.datasets.forget_unsaved()
    window.datasets.ctl.undo.setClean()
    window.close()  # stops the local engine
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))


if __name__ == "__main__":
    main()
