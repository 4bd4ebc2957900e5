"""What a user would see as cut off or garbled: text wider than its label or button,
wrapped text taller than its label, a placeholder wider than its field, a label showing
a literal & because its mnemonic has no buddy."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget


def clipped(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and w.buddy() is None and re.search(r"&[A-Za-z]", w.text()) \
                and w.textFormat() != Qt.TextFormat.RichText and not GuiQt.mightBeRichText(w.text()):
            out.append(f"{w.text()[:50]!r} shows its & (a mnemonic with no buddy)")
        if isinstance(w, QLabel) and w.text():
            rich = w.textFormat() == Qt.TextFormat.RichText or (
                w.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(w.text()))
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height() + 1:
                    out.append(f"{w.text()[:50]!r} needs {w.heightForWidth(w.width())} px of height, has {w.height()}")
            else:
                need = w.sizeHint().width() if rich else \
                    w.fontMetrics().horizontalAdvance(w.text().replace("&", "")) + 2 * w.margin()
                if need > w.contentsRect().width() + 1:
                    out.append(f"{w.text()[:50]!r} needs {need} px, has {w.contentsRect().width()}")
        elif isinstance(w, QAbstractButton) and w.text() and w.sizeHint().width() > w.width() + 1:
            out.append(f"button {w.text()!r} needs {w.sizeHint().width()} px, has {w.width()}")
        elif isinstance(w, QLineEdit) and w.placeholderText() and not w.text():
            need = w.fontMetrics().horizontalAdvance(w.placeholderText()) + 12
            if need > w.width():
                out.append(f"placeholder {w.placeholderText()!r} needs {need} px, has {w.width()}")
    return out
