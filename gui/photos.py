"""Photos: crop to the 2-inch ID-photo ratio (35 × 49 mm) and encode as JPEG for core."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPixmap, QTransform

PHOTO_SIZE = (413, 579)  # 35 × 49 mm at 300 dpi


def load_image(path: str) -> QImage:
    """The picture in ``path`` the right way up and on white: a phone photo's EXIF orientation is
    applied (``QImage(path)`` ignores it, so portraits come out sideways) and a transparent PNG is
    put on a white background (JPEG has no transparency; it would turn black). A null image if
    the file cannot be read."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        return image
    return on_white(image)


def on_white(image: QImage) -> QImage:
    """``image`` without transparency: transparent parts become white."""
    if not image.hasAlphaChannel():
        return image
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.setDevicePixelRatio(image.devicePixelRatio())
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def rotated(image: QImage, degrees: int) -> QImage:
    """``image`` turned clockwise by ``degrees`` (a multiple of 90)."""
    return image.transformed(QTransform().rotate(degrees), Qt.TransformationMode.SmoothTransformation)


def to_jpeg(image: QImage, quality: int = 85) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs ask for bytes as the format, but PySide6 refuses bytes here and takes only str.
    on_white(image).convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPG", quality)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def pixmap_from(data: bytes | None, height: int = 147) -> QPixmap:
    pixmap = QPixmap()
    if data:
        pixmap.loadFromData(data)
    if pixmap.isNull():
        return pixmap
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


def default_crop(width: int, height: int) -> QRect:
    """The largest 35:49 rectangle, centred across and a little above centre vertically."""
    target = PHOTO_SIZE[0] / PHOTO_SIZE[1]
    if width / height > target:
        new_w = int(height * target)
        return QRect((width - new_w) // 2, 0, new_w, height)
    new_h = int(width / target)
    return QRect(0, max(0, min(height - new_h, int((height - new_h) * 0.35))), width, new_h)


def crop_to(image: QImage, rect: QRect) -> QImage:
    return image.copy(rect).scaled(PHOTO_SIZE[0], PHOTO_SIZE[1], Qt.AspectRatioMode.IgnoreAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
