"""Leaving a provider in the app ([11]): the deadline banner links to Train ▸ Import; the
import dialog lists a provider's jobs and brings them home; the Train tab shows them
with their original loss curves; Retrain Here… trains one again on this computer, Open
Training Data opens its file, and Keep Its Behaviour… turns the tuned model's answers
into a dataset. A second engine stands in for the cloud, its key in the real keyring —
and afterwards the key is in no file, log or database of the data folder."""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.jobs.monitor import JobTracker
from core.providers import KeyStore, Provider, ProviderKind, load_providers, save_providers
from gui.main_window import MainWindow
from gui.settings import Settings
from tests.engine.conftest import TOKEN, EngineProcess, finished, upload

SHOTS = Path(os.environ.get("TUNEDESK_SCREENSHOTS", "")) if os.environ.get("TUNEDESK_SCREENSHOTS") else None
ROWS = [{"messages": [{"role": "system", "content": "Reply in JSON."},
                      {"role": "user", "content": f"question {i}?"},
                      {"role": "assistant", "content": '{"answer": 42}'}]} for i in range(16)]


def shot(widget, name):
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def cloud(tmp_path, model_cache_dir, tiny_model):
    engine = EngineProcess(tmp_path / "cloud", model_cache_dir, {"tiny": tiny_model}, []).start()
    c = engine.client
    job = c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp_path, ROWS).id, suffix="json", seed=5,
                                    hyperparameters={"n_epochs": 2, "learning_rate_multiplier": 20})
    assert finished(c, job.id).status == "succeeded"
    yield engine, finished(c, job.id)
    engine.stop()


@pytest.fixture
def window(qtbot, tiny_model, monkeypatch, secret_service, tunedesk_home, cloud):
    from keyring.backends import SecretService

    for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"):
        monkeypatch.setenv(name, secret_service[name])
    previous = keyring.get_keyring()
    keyring.set_keyring(SecretService.Keyring())
    engine, _job = cloud
    save_providers([*load_providers(), Provider("oldcloud", ProviderKind.CUSTOM, "Old cloud", base_url=engine.url)])
    assert KeyStore().set("oldcloud", TOKEN) == "keyring"
    # everything, down to the HTTP client's debug lines, goes to the app's log file
    (tunedesk_home / "logs").mkdir(exist_ok=True)
    log = logging.handlers.RotatingFileHandler(tunedesk_home / "logs" / "tunedesk.log", encoding="utf-8")
    root = logging.getLogger()
    level = root.level
    root.addHandler(log)
    root.setLevel(logging.DEBUG)
    settings = Settings()
    settings.engine_models = {"tiny": str(tiny_model)}
    settings.target_model = "tiny"
    settings.sync()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    yield w
    KeyStore().delete("oldcloud")  # the keyring is the session's: leave it as found
    root.removeHandler(log)
    root.setLevel(level)
    log.close()
    keyring.set_keyring(previous)


def test_import_retrain_open_and_keep_the_behaviour(qtbot, window, cloud, tunedesk_home):
    engine, source = cloud
    train = window.train
    window.tabs.setCurrentWidget(train)

    # The deadline, where it applies, with its link to the import
    train.select_provider("openai")
    assert train.banner.isVisible() and "stops taking new fine-tuning jobs after 2027-01-06" in train.banner.text()
    train.banner.linkActivated.emit("import")
    dialog = window.leaving.dialog
    assert dialog.provider_id == "openai" and dialog.notice.isVisible()
    dialog.reject()
    train.select_provider("local")
    assert not train.banner.isVisible()

    # Train ▸ Import from OpenAI…, for another OpenAI-compatible provider
    window.leaving.import_jobs("oldcloud")
    dialog = window.leaving.dialog
    dialog.list_jobs()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=30_000)
    assert dialog.model.item(0, 0).checkState() == Qt.CheckState.Checked and dialog.import_button.isEnabled()
    shot(dialog, "import-dialog")
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as got:
        dialog.start()
    assert got.args == ["oldcloud", [source.id]]
    assert "1 job new" in dialog.state.text() and "Imported from Old cloud" in dialog.state.text()
    dialog.reject()

    # The Train tab lists it under "Imported from Old cloud", with the original loss curve
    assert train.provider.currentText() == "Imported from Old cloud"
    qtbot.waitUntil(lambda: train.tracker is not None and train.tracker.job_id == source.id and
                    bool(train.tracker.metrics), timeout=10_000)
    original = JobTracker(source.id)
    original.poll(engine.client)
    assert train.tracker.metrics == original.metrics
    assert train.job.imported_actions.isVisible() and not train.job.cancel_button.isVisible()
    assert train.job.imported_actions.retrain_button.isEnabled() and train.job.imported_actions.keep_button.isEnabled()
    shot(window, "train-imported")

    # Open Training Data: the imported file in the Datasets tab
    with qtbot.waitSignal(window.datasets.loaded, timeout=30_000):
        train.job.imported_actions.open_button.click()
    assert window.tabs.currentWidget() is window.datasets and len(window.datasets.ctl.doc) == 16

    # Retrain Here…: the mapping shown, then the job on this computer
    window.tabs.setCurrentWidget(train)
    train.job.imported_actions.retrain_button.click()
    retrain = window.leaving.dialog
    qtbot.waitUntil(lambda: retrain.start_button.isEnabled(), timeout=120_000)  # the local engine started
    assert retrain.base.currentText() == "tiny"
    rows = {retrain.model.item(r, 0).text(): (retrain.model.item(r, 1).text(), retrain.model.item(r, 2).text())
            for r in range(retrain.model.rowCount())}
    assert rows["Epochs"] == ("2", "2") and rows["Suffix"] == ("json", "json") and rows["Seed"] == ("5", "5")
    shot(retrain, "retrain-dialog")
    launched = []
    retrain.launched.connect(lambda pid, job: launched.append((pid, job)))
    retrain.start_button.click()
    qtbot.waitUntil(lambda: bool(launched), timeout=60_000)
    pid, job = launched[0]
    assert pid == "local" and train.provider_id == "local" and train.follower.selected == job.id
    local = window.providers.client("local")
    again = finished(local, job.id)
    assert again.status == "succeeded" and again.metadata == {"retrained_from": f"oldcloud/{source.id}"}
    assert local.files.content(again.training_file).content == engine.client.files.content(source.training_file).content

    # Keep Its Behaviour…: the tuned model's answers become a dataset, opened to train on
    train.select_provider("imported:oldcloud")
    qtbot.waitUntil(lambda: train.tracker is not None and train.tracker.job_id == source.id, timeout=10_000)
    train.job.imported_actions.keep_button.click()
    keep = window.leaving.dialog
    assert keep.from_job.isChecked() and keep.model.text() == source.fine_tuned_model
    qtbot.waitUntil(lambda: keep.start_button.isEnabled(), timeout=30_000)
    assert "16 prompts" in keep.estimate.text() and "does not know" in keep.estimate.text()
    keep.max_tokens.setValue(12)  # counted again
    qtbot.waitUntil(lambda: keep.start_button.isEnabled(), timeout=30_000)
    assert "about 0 tokens out" not in keep.estimate.text()
    shot(keep, "keep-dialog")
    keep.start_button.click()
    assert keep.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not keep.stop_button.isEnabled(), timeout=120_000)
    assert keep.result() == 1, keep.state.text()
    qtbot.waitUntil(lambda: window.datasets.ctl.path is not None and window.datasets.ctl.path.name == "json-answers.jsonl",
                    timeout=30_000)
    qtbot.waitUntil(lambda: len(window.datasets.ctl.doc) == 16, timeout=30_000)  # opened, to train on
    kept = [json.loads(line) for line in Path(window.datasets.ctl.path).read_text(encoding="utf-8").splitlines()]
    assert [r["messages"][:2] for r in kept] == [r["messages"][:2] for r in ROWS]
    assert all(r["messages"][2]["role"] == "assistant" for r in kept)

    # the key is nowhere in the data folder: archive, files, settings, logs, databases
    logging.getLogger().handlers[-1].flush()
    assert (tunedesk_home / "logs" / "tunedesk.log").read_text(encoding="utf-8").count("imported from oldcloud") == 1
    holding = [str(p) for p in tunedesk_home.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()]
    assert holding == []
