"""The New Job dialog's hyperparameters: each "auto" until set, when the provider chooses."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QSpinBox, QWidget

from ..i18n import tr


def _spin(low: int, high: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSpecialValueText(tr("auto"))
    spin.setAccessibleName(name)
    return spin


class HyperparametersBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Hyperparameters (\"auto\" lets the provider choose)"), parent)
        self.epochs = _spin(0, 50, tr("Epochs"))
        self.batch = _spin(0, 256, tr("Batch size"))
        self.lr = QDoubleSpinBox()
        self.lr.setRange(0.0, 10.0)
        self.lr.setDecimals(2)
        self.lr.setSingleStep(0.1)
        self.lr.setSpecialValueText(tr("auto"))
        self.lr.setAccessibleName(tr("Learning-rate multiplier"))
        self.seed = QSpinBox()
        self.seed.setRange(-1, 2_147_483_647)
        self.seed.setValue(-1)
        self.seed.setSpecialValueText(tr("auto"))
        self.seed.setAccessibleName(tr("Seed"))
        form = QFormLayout(self)
        form.addRow(tr("&Epochs:"), self.epochs)
        form.addRow(tr("B&atch size:"), self.batch)
        form.addRow(tr("&Learning-rate multiplier:"), self.lr)
        form.addRow(tr("S&eed:"), self.seed)

    def values(self) -> dict[str, Any]:
        """As JobRequest takes them: None for "auto"."""
        return {"n_epochs": self.epochs.value() or None, "batch_size": self.batch.value() or None,
                "learning_rate_multiplier": self.lr.value() or None,
                "seed": self.seed.value() if self.seed.value() >= 0 else None}

    def inputs(self) -> list[QWidget]:
        return [self.epochs, self.batch, self.lr, self.seed]
