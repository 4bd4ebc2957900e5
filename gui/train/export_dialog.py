"""Train ▸ Export…: a tuned model (or a checkpoint) written where other tools load it.
The export runs as `tunedesk export` in its own process: the app never loads PyTorch."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PySide6.QtCore import QProcess, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.commands import tunedesk_command
from core.jobs import names as model_names

from ..i18n import QT_TR_NOOP, tr

FORMATS = (("gguf", QT_TR_NOOP("GGUF for llama.cpp, LM Studio and Ollama (with a Modelfile)")),
           ("ollama", QT_TR_NOOP("Add to Ollama (GGUF, then ollama create)")),
           ("merged", QT_TR_NOOP("Merged model (safetensors + tokenizer, for transformers)")),
           ("adapter", QT_TR_NOOP("LoRA adapter only (PEFT, small; needs the base model)")))
QUANTS = (("q8_0", QT_TR_NOOP("Q8_0: near-exact, about 1 byte a weight (recommended)")),
          ("f16", QT_TR_NOOP("F16: exact, 2 bytes a weight")),
          ("q4_k_m", QT_TR_NOOP("Q4_K_M: smallest, a little less exact")))


class ExportDialog(QDialog):
    exported = Signal(str)  # the folder written

    def __init__(self, model: str, choices: list[str], extra_models: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export the Model"))
        self.extra_models = extra_models
        self.model = QComboBox()
        self.model.setAccessibleName(tr("Model or checkpoint to export"))
        for name in choices:
            self.model.addItem(model_names.label(name), name)
        self.model.setCurrentIndex(max(0, self.model.findData(model)))
        self.format = QComboBox()
        self.format.setAccessibleName(tr("Format"))
        has_ollama = shutil.which("ollama") is not None
        for key, text in FORMATS:
            if key == "ollama" and not has_ollama:
                continue  # offered only where the ollama command is installed
            self.format.addItem(tr(text), key)
        self.quant = QComboBox()
        self.quant.setAccessibleName(tr("GGUF quantization"))
        for key, text in QUANTS:
            self.quant.addItem(tr(text), key)
        self.folder = QLineEdit(str(Path.home() / (model_names.parse(model).suffix or "tuned-model"
                                                  if model_names.parse(model) else "tuned-model")))
        self.folder.setAccessibleName(tr("Folder to write"))
        browse = QPushButton(tr("Bro&wse…"))
        browse.setAccessibleName(tr("Choose the folder"))
        self.lmstudio = QPushButton(tr("For &LM Studio"))
        self.lmstudio.setToolTip(tr("Write the GGUF into LM Studio's models folder, where it finds it by itself"))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        row.addWidget(self.lmstudio)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Export progress"))
        self.progress.hide()
        self.state = QLabel(tr("A new folder is written; nothing is overwritten."))
        self.state.setWordWrap(True)
        self.state.setAccessibleName(tr("Export state"))
        form = QFormLayout()
        form.addRow(tr("&Model:"), self.model)
        form.addRow(tr("&Format:"), self.format)
        self.quant_label = QLabel(tr("&Weights:"))
        self.quant_label.setBuddy(self.quant)
        form.addRow(self.quant_label, self.quant)
        folder_label = QLabel(tr("F&older:"))
        folder_label.setBuddy(self.folder)  # a row holding a layout gets no buddy of its own
        form.addRow(folder_label, row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        browse.clicked.connect(self._browse)
        self.lmstudio.clicked.connect(self._for_lmstudio)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.proc = QProcess(self)
        self.proc.readyReadStandardError.connect(self._read)
        self.proc.finished.connect(self._finished)
        self._err = ""  # what the export has said so far
        self._size = ""  # "about 145 MB", from its first line

    def _format_changed(self) -> None:
        gguf = self.format.currentData() in ("gguf", "ollama")
        self.quant.setVisible(gguf)
        self.quant_label.setVisible(gguf)
        self.lmstudio.setVisible(self.format.currentData() == "gguf")

    def _for_lmstudio(self) -> None:
        self.folder.setText(str(model_names.lmstudio_folder(self.model.currentData())))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export to a new folder"), self.folder.text())
        if path:
            self.folder.setText(path)

    def start(self) -> None:
        if self.proc.state() != QProcess.ProcessState.NotRunning:
            return
        cmd = tunedesk_command("export") + [self.model.currentData(), "-o", self.folder.text(), "--format",
                                            self.format.currentData(), "--quant", self.quant.currentData()]
        for name, path in self.extra_models.items():
            cmd += ["--add-model", f"{name}={path}"]
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.state.setText(tr("Starting…"))
        self._err, self._size = "", ""
        self.proc.start(cmd[0], cmd[1:])

    def _read(self) -> None:
        text = bytes(self.proc.readAllStandardError().data()).decode("utf-8", "replace")
        self._err += text
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            return
        # "Exporting … (about 145 MB) to …" first, then the steps; "… 40%" moves the bar
        for line in lines:
            size = re.search(r"about [\d,.]+ [KMG]B", line)
            if line.startswith("Exporting ") and size:
                self._size = size.group(0)
        last = lines[-1]
        match = re.search(r"(\d+)%…?$", last)
        if match:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(match.group(1)))
        if last.startswith("tunedesk: "):  # a refusal or an error: the words alone
            self.state.setText(last.removeprefix("tunedesk: "))
        elif last.startswith("Exporting ") or not self._size:
            self.state.setText(last)
        else:
            self.state.setText(tr('{last} ({size})').format(last=last, size=self._size))

    def _finished(self, code: int, _status) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        out = bytes(self.proc.readAllStandardOutput().data()).decode("utf-8", "replace").strip()
        if code == 0 and out:
            self.state.setText(tr('Written to {out}').format(out=out))
            self.exported.emit(out)
        else:
            last = [line for line in self._err.splitlines() if line.strip()]
            self.state.setText(last[-1].removeprefix("tunedesk: ") if last else tr("The export failed ({code}).").format(code=code))

    def reject(self) -> None:
        if self.proc.state() == QProcess.ProcessState.NotRunning:
            super().reject()
