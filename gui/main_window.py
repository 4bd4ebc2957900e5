"""The main window: one tab per step — build the data, train, chat."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget


def _empty_state(title: str, text: str) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    heading = QLabel(f"<h2>{title}</h2>")
    heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
    body = QLabel(text)
    body.setAlignment(Qt.AlignmentFlag.AlignCenter)
    body.setWordWrap(True)
    layout.addWidget(heading)
    layout.addWidget(body)
    layout.addStretch(2)
    return page


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("TuneDesk")
        self.setMinimumSize(960, 640)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Main sections")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(
            _empty_state("Datasets", "Build or import training examples: JSONL, JSON, CSV, TSV, XLSX or text."),
            "&Datasets",
        )
        self.tabs.addTab(
            _empty_state("Train", "Train a model on this computer or with a cloud provider, and watch it learn."),
            "&Train",
        )
        self.tabs.addTab(
            _empty_state("Chat", "Talk to the models you made and compare them with others."),
            "&Chat",
        )
        self.setCentralWidget(self.tabs)
        self.statusBar().showMessage("Ready")
