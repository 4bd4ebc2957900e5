"""The Chat tab's Complete mode, for completion (prompt/completion) models: a raw prompt
ending in the separator the model was trained with, the stop sequences from the
Parameters panel, the completion as it is written, and for classifiers each label with
its probability."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from core.chat import complete as completion
from core.chat.complete import Hints

from .. import tasks
from ..i18n import describe, tr


class CompletePanel(QWidget):
    """``model()`` gives (provider id, model) or None; ``params()`` the request's
    parameters; ``client(provider_id)`` an SDK client (off the UI thread)."""

    finished = Signal(str, str)  # the completion, its finish reason
    status = Signal(str)

    def __init__(self, model: Callable[[], tuple[str, str] | None], params: Callable[[], dict[str, Any]],
                 client: Callable[[str], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.params, self.client = model, params, client
        self.hints: Hints | None = None
        self.prompt = QPlainTextEdit()
        self.prompt.setAccessibleName(tr("Raw prompt"))
        self.prompt.setPlaceholderText(tr("The prompt exactly as the model was trained on it, without a chat "
                                          "template; it is sent ending with the separator below."))
        self.separator = QLineEdit()
        self.separator.setAccessibleName(tr("Separator"))
        self.separator.setPlaceholderText(tr("e.g.  -> or \\n\\n###\\n\\n"))
        self.separator.setToolTip(tr("Appended to the prompt when it does not end with it already; \\n is a new "
                                     "line"))
        self.hint = QLabel()
        self.hint.setAccessibleName(tr("Suggestions from the open dataset"))
        self.hint.setWordWrap(True)
        self.output = QTextBrowser()
        self.output.setAccessibleName(tr("Completion"))
        self.labels = QLabel()
        self.labels.setAccessibleName(tr("Label probabilities"))
        self.labels.setWordWrap(True)
        self.labels.hide()
        self.stats = QLabel()
        self.stats.setAccessibleName(tr("Completion timings"))
        self.complete_button = QPushButton(tr("Co&mplete"))
        self.complete_button.setAccessibleName(tr("Complete the prompt"))
        self.complete_button.setDefault(True)
        self.stop_button = QPushButton(tr("S&top"))
        self.stop_button.setAccessibleName(tr("Stop the completion"))
        self.stop_button.setEnabled(False)
        row = QHBoxLayout()
        caption = QLabel(tr("Se&parator:"))
        caption.setBuddy(self.separator)
        row.addWidget(caption)
        row.addWidget(self.separator, 1)
        row.addStretch(1)
        row.addWidget(self.stop_button)
        row.addWidget(self.complete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.labels)
        layout.addWidget(self.stats)
        layout.addWidget(self.hint)
        layout.addWidget(self.prompt)
        layout.addLayout(row)
        self.prompt.setMaximumHeight(140)
        self.complete_button.clicked.connect(self.run)
        self.stop_button.clicked.connect(self.stop)
        self._cancel = threading.Event()
        self._text = ""
        self._prompt_shown = ""
        self.set_hints(None)

    # -- suggestions -------------------------------------------------------------------
    def set_hints(self, hints: Hints | None) -> None:
        """What the open dataset says: its separator (filled in when empty) and labels."""
        self.hints = hints
        if hints is None:
            self.hint.setText(tr("Open the prompt/completion data the model was trained on to see its separator, "
                                 "stop sequence and labels here."))
            return
        if hints.separator and not self.separator.text():
            self.separator.setText(_shown(hints.separator))
        parts = []
        if hints.separator:
            parts.append(tr("prompts end with {separator}").format(separator=html.escape(repr(hints.separator))))
        if hints.stop:
            parts.append(tr("completions end with {stop}: pass it as a stop sequence").format(
                stop=html.escape(repr(hints.stop))))
        if hints.labels:
            parts.append(tr("labels: {labels}").format(labels=", ".join(repr(label) for label in hints.labels)))
        self.hint.setText(tr("The open dataset: {what}.").format(what="; ".join(parts)) if parts else "")

    def full_prompt(self) -> str:
        prompt = self.prompt.toPlainText()
        separator = self.separator.text().replace("\\n", "\n").replace("\\t", "\t")
        return prompt if not separator or prompt.endswith(separator) else prompt + separator

    # -- running -----------------------------------------------------------------------
    def run(self) -> None:
        target = self.model()
        prompt = self.full_prompt()
        if target is None or not prompt:
            self.status.emit(tr("Choose a model and write a prompt first"))
            return
        provider_id, model = target
        params = self.params()
        labels = list(self.hints.labels) if self.hints else []
        self._cancel = cancel = threading.Event()
        self._text, self._prompt_shown = "", prompt
        self.complete_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.labels.hide()
        self.stats.setText(tr("Waiting for the first token…"))
        self._render()
        client_of = self.client

        def work(report: Any) -> dict[str, Any]:
            client = client_of(provider_id)
            started, first, finish = time.monotonic(), None, None
            for piece, reason in completion.stream(client, model, prompt, params):
                if cancel.is_set():
                    break
                if piece and first is None:
                    first = time.monotonic() - started
                report(piece)
                finish = reason or finish
            scored = completion.label_probabilities(client, model, prompt, labels) if labels else []
            return {"finish": finish or ("stopped" if cancel.is_set() else ""), "first": first,
                    "total": time.monotonic() - started, "labels": scored}

        def arrived(piece: str) -> None:
            if not cancel.is_set():
                self._text += piece
                self._render()

        def done(result: dict[str, Any]) -> None:
            self.complete_button.setEnabled(True)
            self.stop_button.setEnabled(False)
            first = f"{result['first']:.2f}" if result["first"] is not None else "—"
            self.stats.setText(tr("first token {first} s · {total:.2f} s · finish_reason {finish}").format(
                first=first, total=result["total"], finish=result["finish"] or "—"))
            if result["labels"]:
                self.labels.setText(tr("Labels: {labels}").format(labels=" · ".join(
                    f"{html.escape(repr(label))} {p:.0%}" for label, p in result["labels"])))
                self.labels.show()
            self.finished.emit(self._text, result["finish"])

        def failed(exc: BaseException) -> None:
            self.complete_button.setEnabled(True)
            self.stop_button.setEnabled(False)
            self.stats.setText(describe(exc))

        tasks.run(work, done, failed, on_progress=arrived)

    def stop(self) -> None:
        self._cancel.set()
        self.stop_button.setEnabled(False)

    def _render(self) -> None:
        self.output.setHtml("<pre style='white-space:pre-wrap'><span style='color:gray'>"
                            f"{html.escape(self._prompt_shown)}</span><b>{html.escape(self._text)}</b></pre>")


def _shown(text: str) -> str:
    """A separator as it is typed: new lines as \\n."""
    return text.replace("\n", "\\n").replace("\t", "\\t")
