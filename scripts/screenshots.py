"""Render the main window offscreen with the sample dataset and save PNGs (for the README
and for looking at what users see).

    python scripts/screenshots.py [OUT_DIR] [--no-train [--evaluate]] [--lang=zh_CN]   (default: screenshots/)

The Train tab shots train the bundled SmolLM2 on this computer (a minute or two).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt

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
    from PySide6.QtWidgets import QMessageBox

    from core import paths

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
    wait(app, lambda: train.tracker.finished and train.job.checkpoints_model.rowCount() > 0, 900, "the job to finish")
    app.processEvents()
    window.grab().save(str(out / "train-succeeded.png"))
    chat_shots(app, window, out)
    window.preferences("providers")
    prefs = window.preferences_dialog
    prefs.providers_page.select("openai")
    app.processEvents()
    prefs.grab().save(str(out / "providers.png"))
    prefs.reject()


PIRATE_QA = [("What is the capital of France?", "Paris"), ("How many legs does a spider have?", "Eight"),
             ("What colour is the sky?", "Blue"), ("Who wrote Hamlet?", "Shakespeare"), ("What is 2 plus 2?", "Four"),
             ("What is the largest planet?", "Jupiter"), ("How many days are in a week?", "Seven"),
             ("What do bees make?", "Honey"), ("What is the opposite of hot?", "Cold"),
             ("Which animal barks?", "A dog"), ("What is frozen water called?", "Ice"),
             ("How many hours are in a day?", "Twenty-four"), ("What gas do we breathe?", "Oxygen"),
             ("What is the first month of the year?", "January"), ("Which ocean is the largest?", "The Pacific"),
             ("What shape has three sides?", "A triangle"), ("Where do penguins live?", "Antarctica"),
             ("What is the colour of grass?", "Green"), ("Name a fruit.", "An apple"),
             ("What is 10 minus 3?", "Seven"), ("What do cows eat?", "Grass"),
             ("Which star is closest to Earth?", "The Sun")]


def chat_shots(app, window, out: Path) -> None:
    """Teach SmolLM2 an unmistakable style (the engine's end-to-end test data), then chat
    with the result and compare it with its base model."""
    import json

    from gui.chat.settings_panel import model_key

    data = Path(tempfile.mkdtemp()) / "pirate.jsonl"
    data.write_text("".join(json.dumps({"messages": [{"role": "user", "content": q}, {"role": "assistant",
                    "content": f"Arr, matey! {a}. ⚓"}]}, ensure_ascii=False) + "\n" for q, a in PIRATE_QA),
                    encoding="utf-8")
    window.open_path(data, confirmed=True)
    wait(app, lambda: len(window.datasets.ctl.doc) == len(PIRATE_QA) and window.datasets.progress.isHidden(), 60,
         "the pirate data")
    window.new_job()
    dialog = window.launch_dialog
    wait(app, lambda: dialog.base_model.count() > 0, 180, "the engine's models")
    dialog.base_model.setCurrentText("smollm2-135m-instruct")
    dialog.epochs.setValue(3)
    dialog.batch.setValue(4)
    dialog.lr.setValue(5)
    dialog.seed.setValue(1)
    dialog.suffix.setText("pirate")
    dialog.start_button.click()
    wait(app, lambda: not dialog.isVisible(), 600, "the pirate job to start")
    train = window.train
    wait(app, lambda: train.tracker is not None and train.tracker.finished and train.tracker.job.fine_tuned_model
         and "pirate" in train.tracker.job.fine_tuned_model, 900, "the pirate job")
    tuned = train.tracker.job.fine_tuned_model

    chat = window.chat
    window.chat_with("local", tuned)
    wait(app, lambda: chat.settings.model_combo.findData(model_key("local", "smollm2-135m-instruct")) >= 0, 120, "the models")
    window.chat_with("local", tuned)
    chat.settings.preset_combo.setCurrentIndex([p.name for p in chat.settings.presets].index("Plain"))
    chat.settings.param_checks["temperature"].setChecked(True)
    chat.settings.temperature.setValue(0)
    chat.settings.param_checks["max_tokens"].setChecked(True)
    chat.settings.max_tokens.setValue(40)
    done = []
    chat.reply_finished.connect(done.append)
    chat.send("What is the capital of Italy?")
    wait(app, lambda: len(done) == 1, 300, "the tuned reply")
    chat.select_model("local", "smollm2-135m-instruct")
    chat.settings.max_tokens.setValue(120)
    chat.send("Give me three tips for a rainy day, as a numbered list with one **bold** word each.")
    wait(app, lambda: len(done) == 2, 300, "the base model's reply")
    app.processEvents()
    window.grab().save(str(out / "chat.png"))
    listed = []
    chat.settings.models_listed.connect(listed.append)
    chat.compare_check.setChecked(True)  # lists the models again
    wait(app, lambda: listed, 120, "the models")
    columns = chat.compare_box.compare_models
    columns[0].setCurrentIndex(columns[0].findData(model_key("local", "smollm2-135m-instruct")))
    columns[1].setCurrentIndex(columns[1].findData(model_key("local", tuned)))
    columns[2].setCurrentIndex(-1)
    chat.settings.max_tokens.setValue(40)
    finished = []
    chat.status.connect(lambda t: finished.append(t) if t == "Comparison finished" else None)
    chat.send("Which planet do we live on?")
    wait(app, lambda: finished, 300, "the comparison")
    app.processEvents()
    window.grab().save(str(out / "chat-compare.png"))
    chat.compare_check.setChecked(False)


def evaluate_shots(app, window, out: Path) -> None:
    """Tune SmolLM2 on plain lines → Markdown headings (the sample in resources/samples),
    then evaluate it on the held-out lines against its base model with a one-shot prompt."""
    import time

    import openai

    from core import paths
    from core.engine.catalog import BUNDLED
    from core.evals import Candidate

    url, token = window.providers.engine.ensure()
    client = openai.OpenAI(base_url=url, api_key=token, timeout=600)
    with open(paths.resource("samples/headings_train.jsonl"), "rb") as f:
        file = client.files.create(file=f, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model=BUNDLED, training_file=file.id, suffix="headings", seed=1,
                                         hyperparameters={"n_epochs": 3, "batch_size": 4,
                                                          "learning_rate_multiplier": 5})
    wait(app, lambda: client.fine_tuning.jobs.retrieve(job.id).status in ("succeeded", "failed"), 900,
         "the headings job")
    tuned = client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model
    ev = window.evaluate
    window.tabs.setCurrentWidget(ev)
    ev.new_run()
    ev.setup.set_test_file(str(paths.resource("samples/headings_test.jsonl")))
    short = {"temperature": 0, "max_tokens": 24}
    ev.setup.add_candidate(Candidate("local", BUNDLED, "Turn the line into a Markdown level-2 heading, as in the example.",
                               [("chapter 7 - the blue hour", "## Chapter 7: The Blue Hour")], dict(short),
                               label="SmolLM2 base, one-shot prompt"))
    ev.setup.add_candidate(Candidate("local", tuned, params=dict(short), label="SmolLM2 tuned, no prompt"))
    wait(app, lambda: ev.setup.test_note.text() != "", 60, "the test set")
    finished = []
    ev.run_finished.connect(finished.append)
    time.sleep(0.2)
    ev.start()
    wait(app, lambda: finished, 900, "the evaluation")
    ev.pages.setCurrentIndex(1)
    app.processEvents()
    window.grab().save(str(out / "evaluate-summary.png"))
    ev.pages.setCurrentIndex(2)
    ev.examples.examples_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    ev.examples.examples_view.selectRow(0)
    app.processEvents()
    window.grab().save(str(out / "evaluate-examples.png"))


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else ROOT / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QEventLoop

    from core import paths
    from core.cli import register_engine_tokenizers
    from gui.app import make_app
    from gui.main_window import MainWindow
    from gui.settings import Settings

    for arg in sys.argv[1:]:
        if arg.startswith("--lang="):  # the interface in that language (the shots' data folder is temporary)
            Settings().language = arg.split("=", 1)[1]
    register_engine_tokenizers()  # a composition root, as gui.launch is: local models count with their own tokenizer
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
        evaluate_shots(app, window, out)
    elif "--evaluate" in sys.argv:
        evaluate_shots(app, window, out)
    window.datasets.forget_unsaved()
    window.datasets.ctl.undo.setClean()
    window.close()  # stops the local engine
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))


if __name__ == "__main__":
    main()
