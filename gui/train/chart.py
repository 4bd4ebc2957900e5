"""A live chart of a job's metrics: training and validation loss on the left axis,
token accuracy (0-100 %) on the right. Painted by hand: Qt Charts is not part of
PySide6-Essentials, and a few hundred points need nothing more."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..i18n import QT_TR_NOOP, tr

# (metrics key, label, colour, dashed, right axis)
SERIES = (
    ("train_loss", QT_TR_NOOP("Training loss"), "#2f6fde", False, False),
    ("valid_loss", QT_TR_NOOP("Validation loss"), "#e07b00", False, False),
    ("train_mean_token_accuracy", QT_TR_NOOP("Training accuracy"), "#2f6fde", True, True),
    ("valid_mean_token_accuracy", QT_TR_NOOP("Validation accuracy"), "#e07b00", True, True),
)


SMOOTH_FROM = 15  # points; above this the trend is drawn over the faint raw line


def smoothed(pts: list[tuple[int, float]], weight: float = 0.7) -> list[tuple[int, float]]:
    """An exponential moving average, debiased so it starts at the first value (as TensorBoard's)."""
    out, avg = [], 0.0
    for i, (step, value) in enumerate(pts, 1):
        avg = weight * avg + (1 - weight) * value
        out.append((step, avg / (1 - weight ** i)))
    return out


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * exp:
            return m * exp
    return 10 * exp


class MetricsChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: dict[str, list[tuple[int, float]]] = {key: [] for key, *_ in SERIES}
        self.total_steps = 0
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("Loss and accuracy chart"))
        self.setAccessibleDescription(tr("Training and validation loss and token accuracy by step"))
        self.empty_text = tr("Loss and accuracy appear here as the job trains.")

    def sizeHint(self) -> QSize:
        return QSize(560, 280)

    def set_metrics(self, metrics: list[dict], total_steps: int = 0) -> None:
        for key in self.points:
            self.points[key] = [(int(m["step"]), float(m[key])) for m in metrics
                                if m.get(key) is not None and m.get("step") is not None]
        self.total_steps = total_steps
        last = metrics[-1] if metrics else {}
        parts = [f"{tr(label)} {last[key]:.3f}" for key, label, *_ in SERIES if last.get(key) is not None]
        self.setAccessibleDescription(tr("Step {step}: ").format(step=last.get("step")) + ", ".join(parts) if parts
                                      else self.empty_text)
        self.update()

    def clear(self, text: str | None = None) -> None:
        self.empty_text = text or tr("Loss and accuracy appear here as the job trains.")
        self.set_metrics([])

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text_color = pal.color(QPalette.ColorRole.Text)
        faint = QColor(text_color)
        faint.setAlpha(40)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        p.setFont(small)
        fm = QFontMetrics(small)

        # legend row
        x, y = 10, 8 + fm.ascent()
        for key, label, colour, dashed, _ in SERIES:
            if not self.points[key] and key.startswith("valid"):
                continue
            pen = QPen(QColor(colour), 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, y - fm.ascent() / 2 + 1), QPointF(x + 18, y - fm.ascent() / 2 + 1))
            p.setPen(text_color)
            p.drawText(QPointF(x + 22, y), tr(label))
            x += 22 + fm.horizontalAdvance(tr(label)) + 16

        left = fm.horizontalAdvance("00.00") + 14
        right = fm.horizontalAdvance("100%") + 14
        plot = QRectF(left, 16 + fm.height(), self.width() - left - right, self.height() - 30 - 2 * fm.height())
        if plot.width() < 40 or plot.height() < 40:
            return
        losses = [v for key, _l, _c, _d, right_axis in SERIES if not right_axis for _, v in self.points[key]]
        steps = [s for pts in self.points.values() for s, _ in pts]
        max_step = max([self.total_steps, *steps, 1])
        y_max = _nice_max(max(losses) * 1.05) if losses else 1.0

        # grid and axes
        p.setPen(QPen(faint, 1))
        for i in range(5):
            gy = plot.bottom() - plot.height() * i / 4
            p.drawLine(QPointF(plot.left(), gy), QPointF(plot.right(), gy))
        p.setPen(text_color)
        for i in range(5):
            gy = plot.bottom() - plot.height() * i / 4
            p.drawText(QRectF(0, gy - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{y_max * i / 4:.2f}")
            p.drawText(QRectF(plot.right() + 6, gy - fm.height() / 2, right - 6, fm.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{25 * i}%")
        for i in range(5):
            step = round(max_step * i / 4)
            gx = plot.left() + plot.width() * step / max_step
            p.drawText(QRectF(gx - 30, plot.bottom() + 2, 60, fm.height()), Qt.AlignmentFlag.AlignCenter, str(step))
        p.drawText(QRectF(plot.left(), plot.bottom() + 2 + fm.height(), plot.width(), fm.height()),
                   Qt.AlignmentFlag.AlignCenter, tr("step"))

        if not steps:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            return

        def point(step: int, value: float, right_axis: bool) -> QPointF:
            top = 1.0 if right_axis else y_max
            return QPointF(plot.left() + plot.width() * step / max_step,
                           plot.bottom() - plot.height() * min(value, top) / top)

        p.setClipRect(plot.adjusted(-4, -4, 4, 4))
        for key, _label, colour, dashed, right_axis in SERIES:
            pts = self.points[key]
            if not pts:
                continue
            style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
            if len(pts) > SMOOTH_FROM:
                # Per-step values of small batches are noisy: the raw line faint, the trend bold.
                raw = QColor(colour)
                raw.setAlpha(60)
                p.setPen(QPen(raw, 1, style))
                p.drawPath(self._path(pts, point, right_axis))
                p.setPen(QPen(QColor(colour), 2.2, style))
                p.drawPath(self._path(smoothed(pts), point, right_axis))
                continue
            p.setPen(QPen(QColor(colour), 2, style))
            p.drawPath(self._path(pts, point, right_axis))
            p.setBrush(QColor(colour))
            for s, v in pts:
                p.drawEllipse(point(s, v, right_axis), 2.5, 2.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.end()

    @staticmethod
    def _path(pts: list[tuple[int, float]], point, right_axis: bool) -> QPainterPath:
        path = QPainterPath(point(*pts[0], right_axis))
        for s, v in pts[1:]:
            path.lineTo(point(s, v, right_axis))
        return path
