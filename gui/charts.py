"""Two small charts drawn with QPainter (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PARTY_RED = QColor("#c8102e")
GRID = QColor("#e3e3e3")
TEXT = QColor("#333333")


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = "暂无数据"
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(460, 260)

    def _frame(self, painter: QPainter) -> QRectF:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(GRID))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(TEXT)
        metrics = QFontMetrics(font)
        painter.drawText(QRectF(10, 6, self.width() - 20, metrics.height() + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        font.setBold(False)
        painter.setFont(font)
        return QRectF(10, metrics.height() + 16, self.width() - 20, self.height() - metrics.height() - 26)

    def _empty(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(QColor("#888888"))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)


class BarChart(_Chart):
    """Horizontal bars: one per label (posts per unit), the value written at the end."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.items: list[tuple[str, float]] = []

    def set_items(self, items: Sequence[tuple[str, float]]) -> None:
        self.items = list(items)
        self.update()

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not self.items:
            self._empty(painter, area)
            return
        metrics = QFontMetrics(painter.font())
        shown = self.items[: max(1, int(area.height() // (metrics.height() + 6)))]
        label_width = min(max(metrics.horizontalAdvance(label) for label, _ in shown) + 8, area.width() * 0.45)
        top = max(value for _, value in shown) or 1
        row_h = area.height() / len(shown)
        bar_h = min(row_h * 0.65, 22)
        value_w = metrics.horizontalAdvance("0000") + 6
        for i, (label, value) in enumerate(shown):
            y = area.top() + i * row_h
            painter.setPen(TEXT)
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width - 8))
            painter.drawText(QRectF(area.left(), y, label_width - 8, row_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            width = (area.width() - label_width - value_w) * value / top
            bar = QRectF(area.left() + label_width, y + (row_h - bar_h) / 2, max(width, 1), bar_h)
            painter.fillRect(bar, PARTY_RED)
            painter.drawText(QRectF(bar.right() + 4, y, value_w, row_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{value:g}")


class LineChart(_Chart):
    """A line over months (satisfaction rate in percent) with a dashed warning line."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.points: list[tuple[str, float]] = []
        self.threshold: float | None = None
        self.floor = 50.0

    def set_points(self, points: Sequence[tuple[str, float]], threshold: float | None = None) -> None:
        self.points = list(points)
        self.threshold = threshold
        self.update()

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not self.points:
            self._empty(painter, area)
            return
        metrics = QFontMetrics(painter.font())
        left = metrics.horizontalAdvance("100%") + 8
        plot = QRectF(area.left() + left, area.top() + 4, area.width() - left - 24, area.height() - metrics.height() - 10)
        low = min([self.floor, *(v for _, v in self.points), *([self.threshold] if self.threshold else [])])
        low = max(0.0, (int(low) // 10) * 10)

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (100 - low) * plot.height()

        for tick in range(int(low), 101, 10):
            y = y_of(tick)
            painter.setPen(QPen(GRID))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            painter.drawText(QRectF(area.left(), y - metrics.height() / 2, left - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{tick}%")
        if self.threshold is not None:
            pen = QPen(QColor("#e67e22"))
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = y_of(self.threshold)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        step = plot.width() / max(1, len(self.points) - 1) if len(self.points) > 1 else 0
        path = QPainterPath()
        xs = []
        for i, (_label, value) in enumerate(self.points):
            x = plot.left() + (i * step if step else plot.width() / 2)
            xs.append(x)
            point = QPointF(x, y_of(value))
            if i == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        painter.setPen(QPen(PARTY_RED, 2))
        painter.drawPath(path)
        painter.setBrush(PARTY_RED)
        label_every = max(1, int(len(self.points) * metrics.horizontalAdvance("12月 ") / max(plot.width(), 1)) + 1)
        for i, ((label, value), x) in enumerate(zip(self.points, xs, strict=True)):
            painter.setPen(QPen(PARTY_RED, 1))
            painter.drawEllipse(QPointF(x, y_of(value)), 3, 3)
            if i % label_every == 0:
                painter.setPen(TEXT)
                painter.drawText(QRectF(x - 30, plot.bottom() + 4, 60, metrics.height()), Qt.AlignmentFlag.AlignCenter, label)
