"""Desktop integration: files opened while TuneDesk runs go to the running window, and
the data folder is the platform's unless TUNEDESK_HOME says otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from gui.instance import Instance
from gui.main_window import MainWindow


def _dataset(path, n: int) -> None:
    rows = [{"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
            for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen platform
def test_a_second_start_hands_its_file_to_the_running_window_and_exits(qtbot, tmp_path, tunedesk_home):
    window = MainWindow()
    qtbot.addWidget(window)
    instance = Instance(window)
    assert instance.listen()
    instance.files_opened.connect(window.open_files)
    window.show()
    data = tmp_path / "opened later.jsonl"
    _dataset(data, 3)
    # what a double-click in the file manager runs: the .desktop entry's Exec with the file
    second = subprocess.Popen([sys.executable, "-m", "gui.launch", str(data)], env={**os.environ},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    qtbot.waitUntil(lambda: window.datasets.ctl.path == data and len(window.datasets.ctl.doc) == 3, timeout=30_000)
    assert second.wait(30) == 0, second.stdout.read()  # it did not open a second window
    assert "opened later" in window.windowTitle()


def test_a_start_on_another_data_folder_is_its_own_instance(qtbot, tmp_path, tunedesk_home, monkeypatch):
    from gui.instance import forward, server_name

    window = MainWindow()
    qtbot.addWidget(window)
    instance = Instance(window)
    assert instance.listen()
    here = server_name()
    monkeypatch.setenv("TUNEDESK_HOME", str(tmp_path / "other"))
    assert server_name() != here
    assert forward([str(tmp_path / "x.jsonl")], timeout_ms=500) is False  # nobody listens for that folder


def test_the_data_folder_comes_from_qstandardpaths_unless_tunedesk_home_is_set(tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from gui.launch import data_folder

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TUNEDESK_HOME")
    data_folder()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    assert os.environ["TUNEDESK_HOME"] == os.path.join(base, "TuneDesk")
    if sys.platform.startswith("linux"):
        assert os.environ["TUNEDESK_HOME"] == str(tmp_path / "xdg" / "TuneDesk")
        # data kept by an earlier version in ~/.local/share/tunedesk stays in use
        (tmp_path / "xdg" / "tunedesk" / "settings").mkdir(parents=True)
        monkeypatch.delenv("TUNEDESK_HOME")
        data_folder()
        assert os.environ["TUNEDESK_HOME"] == str(tmp_path / "xdg" / "tunedesk")
    monkeypatch.setenv("TUNEDESK_HOME", str(tmp_path / "portable"))
    data_folder()
    assert os.environ["TUNEDESK_HOME"] == str(tmp_path / "portable")


def test_the_packaged_linux_app_adds_itself_to_the_applications_menu(qapp, tmp_path, monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux desktop entries")
    from gui.desktop_entry import register

    share = tmp_path / "share"
    assert register(share) is None  # from a checkout: nothing to register
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "unpacked here" / "TuneDesk" / "TuneDesk"))
    entry = register(share)
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{tmp_path}/unpacked here/TuneDesk/TuneDesk" %F' in text  # where it was unpacked
    assert "MimeType=application/jsonl;" in text and "text/csv;" in text
    icon = share / "icons" / "hicolor" / "256x256" / "apps" / "tunedesk.png"
    assert f"Icon={icon}" in text and icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "*.jsonl" in (share / "mime" / "packages" / "tunedesk.xml").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "moved" / "TuneDesk"))
    assert 'Exec="' + str(tmp_path / "moved" / "TuneDesk") + '" %F' in register(share).read_text(encoding="utf-8")


def test_the_cloud_only_download_says_so_in_the_train_and_chat_tabs(qtbot, monkeypatch):
    """The download without the local engine: the Train tab says what it lacks, and
    anything that would start the engine gets that sentence instead of a crash."""
    import importlib.util

    from core.providers import LOCAL_ID
    from core.providers.local_engine import EngineStartError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.train)
    window.train.select_provider(LOCAL_ID)
    qtbot.waitUntil(lambda: "cloud-only" in window.train.engine_label.text())
    assert "full download" in window.train.engine_label.text()
    with pytest.raises(EngineStartError, match="cloud-only one: it has no local engine"):
        window.providers.client(LOCAL_ID)
    assert window.providers.engine.proc is None  # nothing was started
    window.tabs.setCurrentWidget(window.chat)
    qtbot.waitUntil(lambda: "cloud-only" in window.chat.settings.model_note.text(), timeout=10_000)
