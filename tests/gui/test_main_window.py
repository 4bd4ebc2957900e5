from PySide6.QtWidgets import QMessageBox

from gui.main_window import MainWindow


def test_main_window_has_title_and_tabs(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle().endswith("TuneDesk")
    assert [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())] == ["Datasets", "Train", "Chat"]
    assert not window.grab().isNull()


def test_a_damaged_chat_history_does_not_stop_the_app(qtbot):
    from core import paths

    db = paths.chats_db()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # a header, then garbage
    window = MainWindow()  # used to fail with "file is not a database"
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "chat history file was damaged" in window.statusBar().currentMessage())
    assert window.chat.store.damaged is not None and window.chat.store.damaged.exists()
    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible() and "kept as" in box.text()
    box.close()


def test_replace_shows_its_shortcut(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.replace_action.shortcut().isEmpty()  # issue [6] D24: it showed none on Linux
