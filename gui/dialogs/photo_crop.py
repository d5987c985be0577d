"""Choose the 2-inch (35 × 49 mm) part of a photo: drag the frame, wheel to resize."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from gui import photos
from gui.widgets import chinese_buttons

RATIO = photos.PHOTO_SIZE[0] / photos.PHOTO_SIZE[1]


class CropArea(QWidget):
    """Shows the image scaled to fit; the crop frame is kept in image coordinates."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.crop = photos.default_crop(image.width(), image.height())
        self._drag: QPoint | None = None
        self.setMinimumSize(420, 420)
        self.setCursor(Qt.CursorShape.SizeAllCursor)

    def sizeHint(self) -> QSize:
        return QSize(520, 520)

    def _scale(self) -> tuple[float, float, float]:
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        x0 = (self.width() - self.image.width() * scale) / 2
        y0 = (self.height() - self.image.height() * scale) / 2
        return scale, x0, y0

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#333333"))
        scale, x0, y0 = self._scale()
        target = QRectF(x0, y0, self.image.width() * scale, self.image.height() * scale)
        painter.drawImage(target, self.image)
        frame = QRectF(x0 + self.crop.x() * scale, y0 + self.crop.y() * scale,
                       self.crop.width() * scale, self.crop.height() * scale)
        shade = QColor(0, 0, 0, 120)
        painter.fillRect(QRectF(target.left(), target.top(), target.width(), frame.top() - target.top()), shade)
        painter.fillRect(QRectF(target.left(), frame.bottom(), target.width(), target.bottom() - frame.bottom()), shade)
        painter.fillRect(QRectF(target.left(), frame.top(), frame.left() - target.left(), frame.height()), shade)
        painter.fillRect(QRectF(frame.right(), frame.top(), target.right() - frame.right(), frame.height()), shade)
        painter.setPen(QPen(QColor("#ffd54f"), 2))
        painter.drawRect(frame)

    def mousePressEvent(self, event: Any) -> None:
        self._drag = event.position().toPoint()

    def mouseMoveEvent(self, event: Any) -> None:
        if self._drag is None:
            return
        point = event.position().toPoint()
        scale, _x0, _y0 = self._scale()
        delta = (point - self._drag) / scale
        self._drag = point
        self.move_by(int(delta.x()), int(delta.y()))

    def mouseReleaseEvent(self, _event: Any) -> None:
        self._drag = None

    def wheelEvent(self, event: Any) -> None:
        self.resize_by(0.95 if event.angleDelta().y() > 0 else 1.05)

    def move_by(self, dx: int, dy: int) -> None:
        rect = QRect(self.crop)
        rect.translate(dx, dy)
        rect.moveLeft(max(0, min(rect.left(), self.image.width() - rect.width())))
        rect.moveTop(max(0, min(rect.top(), self.image.height() - rect.height())))
        self.crop = rect
        self.update()

    def set_image(self, image: QImage) -> None:
        """A new picture (the same one turned): the frame starts again at its default place."""
        self.image = image
        self.crop = photos.default_crop(image.width(), image.height())
        self.update()

    def resize_by(self, factor: float) -> None:
        centre = self.crop.center()
        height = int(self.crop.height() * factor)
        height = max(60, min(height, self.image.height(), int(self.image.width() / RATIO)))
        width = int(height * RATIO)
        rect = QRect(0, 0, width, height)
        rect.moveCenter(centre)
        self.crop = rect
        self.move_by(0, 0)


class PhotoCropDialog(QDialog):
    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("裁剪照片（二寸）")
        layout = QVBoxLayout(self)
        tip = QLabel("拖动黄色框选择头像位置，滚动鼠标滚轮放大或缩小；照片方向不对时点“向左旋转”或“向右旋转”。"
                     "照片将按二寸（35×49毫米）保存。")
        tip.setWordWrap(True)
        layout.addWidget(tip)
        self.area = CropArea(photos.on_white(image))
        layout.addWidget(self.area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        chinese_buttons(buttons)
        self.rotate_left_button = buttons.addButton("向左旋转", QDialogButtonBox.ButtonRole.ActionRole)
        self.rotate_left_button.setToolTip("把照片逆时针转90度")
        self.rotate_left_button.clicked.connect(lambda _checked=False: self.rotate(-90))
        self.rotate_right_button = buttons.addButton("向右旋转", QDialogButtonBox.ButtonRole.ActionRole)
        self.rotate_right_button.setToolTip("把照片顺时针转90度")
        self.rotate_right_button.clicked.connect(lambda _checked=False: self.rotate(90))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rotate(self, degrees: int) -> None:
        self.area.set_image(photos.rotated(self.area.image, degrees))

    def jpeg(self) -> bytes:
        return photos.to_jpeg(photos.crop_to(self.area.image, self.area.crop))
