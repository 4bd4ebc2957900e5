"""The Chat tab's comparison: one prompt to two or three models at once, each streaming
into its own column with its timings below."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from core.chat.request import stream_reply
from core.providers import LOCAL_ID

from .. import tasks
from ..i18n import describe, tr
from ..providers import Providers
from .render import reply_stats
from .settings_panel import split_key
from .streams import StreamColumn, Streams


class ComparePanel(QWidget):
    status = Signal(str)

    def __init__(self, providers: Providers, streams: Streams, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.streams = streams
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.compare_views: list[QTextBrowser] = []
        self.compare_models: list[QComboBox] = []
        self.compare_stats: list[QLabel] = []
        for i in range(3):
            col = QVBoxLayout()
            combo = QComboBox()
            combo.setAccessibleName(tr("Model for column {number}").format(number=i + 1))
            combo.setMinimumContentsLength(18)
            view = QTextBrowser()
            view.setAccessibleName(tr("Reply in column {number}").format(number=i + 1))
            stats = QLabel()
            stats.setAccessibleName(tr("Timings in column {number}").format(number=i + 1))
            stats.setWordWrap(True)
            col.addWidget(combo)
            col.addWidget(view, 1)
            col.addWidget(stats)
            layout.addLayout(col, 1)
            self.compare_views.append(view)
            self.compare_models.append(combo)
            self.compare_stats.append(stats)

    def compare(self, messages: list[dict[str, Any]], params: dict[str, Any], text: str, count: int | None = None) -> None:
        """Send ``messages`` (the preset's, then ``text``) to the chosen models at once."""
        chosen = [(i, split_key(c.currentData())) for i, c in enumerate(self.compare_models) if split_key(c.currentData())]
        chosen = chosen[: count or 3]
        if len(chosen) < 2:
            self.status.emit(tr("Choose at least two models to compare"))
            return
        columns = []
        for view in self.compare_views:
            view.clear()
        pending = {"n": len(chosen)}
        stop = self.streams.stop_event
        for i, (pid, name) in chosen:
            view = self.compare_views[i]
            view.setMarkdown(f"**{tr('You')}:** {text}\n\n**{name}:**")
            col = StreamColumn(view)
            col.begin()
            columns.append(col)
            self.compare_stats[i].setText(tr("Waiting for the first token…"))

            def work(pid=pid, name=name, col=col) -> Any:
                client = self.providers.client(pid, timeout=300)
                return stream_reply(client, name, messages, params, col.add, stop.is_set)

            def finish(col: StreamColumn = col) -> None:
                col.draw(final=True)  # this column is done even if another is still writing
                pending["n"] -= 1
                if pending["n"] == 0:
                    self.streams.end()
                    self.status.emit(tr("Comparison finished"))

            def done(reply: Any, i: int = i, pid: str = pid) -> None:
                self.compare_stats[i].setText(reply_stats(reply.stats(), pid == LOCAL_ID))
                finish()

            def failed(exc: BaseException, i: int = i, pid: str = pid) -> None:
                self.compare_stats[i].setText(describe(exc, self.providers.get(pid)))
                finish()

            tasks.run(work, done, failed)
        self.streams.start(columns)
