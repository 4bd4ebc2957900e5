from gui.main_window import MainWindow


def test_main_window_has_title_and_tabs(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle().endswith("TuneDesk")
    assert [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())] == ["Datasets", "Train", "Chat"]
    assert not window.grab().isNull()
