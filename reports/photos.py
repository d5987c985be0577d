"""Members' photos on paper: embedded at most at 300 dpi at their printed size, cropped to the box
(never distorted), prepared once per document, and a neat empty frame reading 照片 when there is none."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas

from reports.common import GREY
from reports.fonts import FontRole
from reports.layout import Box, Sheet
from reports.render import Context
from reports.text import TextStyle

MAX_DPI = 300


class JpegImage(ImageReader):  # type: ignore[misc]
    """A JPEG handed to reportlab as it is.

    reportlab embeds a JPEG without re-encoding, but to name an ``ImageReader`` it first decodes
    the whole picture and hashes the pixels; this reader hands over the compressed bytes instead
    (unique per picture, and the same picture is still embedded only once)."""

    def __init__(self, data: bytes, width: int, height: int) -> None:  # no super(): nothing to decode
        self._data = data
        self._width = width
        self._height = height
        self._dataA = None
        self.fileName = f"jpeg-{hashlib.sha1(data).hexdigest()}"
        self.mode = "RGB"

    def getRGBData(self) -> bytes:
        return self._data

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self._data)

    def getSize(self) -> tuple[int, int]:
        return self._width, self._height


@dataclass(frozen=True)
class PreparedPhoto:
    reader: ImageReader
    aspect: float  # width / height of the image as embedded


def prepare_photo(data: bytes, width_mm: float, height_mm: float) -> PreparedPhoto | None:
    """A photo ready to embed at most at 300 dpi at its printed size.

    A JPEG already small enough is embedded as it is (no decoding or re-encoding, fast for
    20,000 badges); a larger picture is cropped to the box's proportions and downsampled."""
    px_w = max(1, round(width_mm / 25.4 * MAX_DPI))
    px_h = max(1, round(height_mm / 25.4 * MAX_DPI))
    try:
        iw, ih, channels = readJPEGInfo(io.BytesIO(data))[:3]
    except Exception:
        channels = 0
    if channels in (1, 3) and iw <= px_w * 1.05 and ih <= px_h * 1.05:
        return PreparedPhoto(JpegImage(data, iw, ih), iw / ih)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = opened.convert("RGB")
    except (OSError, ValueError):
        return None
    iw, ih = image.size
    target_ratio = px_w / px_h
    if iw / ih > target_ratio:  # too wide: crop the sides
        new_w = round(ih * target_ratio)
        image = image.crop(((iw - new_w) // 2, 0, (iw - new_w) // 2 + new_w, ih))
    elif iw / ih < target_ratio:  # too tall: keep the top, where the face is
        image = image.crop((0, 0, iw, round(iw / target_ratio)))
    if image.size[0] > px_w:
        image = image.resize((px_w, px_h), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return PreparedPhoto(JpegImage(out.getvalue(), *image.size), image.size[0] / image.size[1])


def draw_prepared(canvas: Canvas, photo: PreparedPhoto, x: float, y: float, w: float, h: float) -> None:
    """Fill the box with the photo, cropping (by clipping) what sticks out; never distorted."""
    box_aspect = w / h
    if abs(photo.aspect - box_aspect) / box_aspect < 0.01:
        canvas.drawImage(photo.reader, x, y, w, h)
        return
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, w, h)
    canvas.clipPath(path, stroke=0, fill=0)
    if photo.aspect > box_aspect:
        dw = h * photo.aspect
        canvas.drawImage(photo.reader, x - (dw - w) / 2, y, dw, h)
    else:
        dh = w / photo.aspect
        canvas.drawImage(photo.reader, x, y + h - dh, w, dh)
    canvas.restoreState()


def draw_photo(ctx: Context, sheet: Sheet, box: Box, data: bytes | None, scale: float = 1.0, key: str = "") -> None:
    """The member's photo filling ``box``; a neat empty frame reading 照片 when there is none."""
    c = ctx.canvas
    x, y, w, h = sheet.rect(box)
    cache: dict[tuple[str, float, float], PreparedPhoto | None] = ctx.extra.setdefault("photos", {})
    photo: PreparedPhoto | None = None
    if data:
        cache_key = (key or hashlib.sha1(data).hexdigest(), round(box.w * scale, 1), round(box.h * scale, 1))
        if cache_key not in cache:
            cache[cache_key] = prepare_photo(data, box.w * scale, box.h * scale)
        photo = cache[cache_key]
    if photo is not None:
        draw_prepared(c, photo, x, y, w, h)
    else:
        c.setStrokeColor(GREY)
        c.setLineWidth(0.5)
        c.setDash(2, 2)
        c.rect(x, y, w, h, stroke=1, fill=0)
        c.setDash()
        ctx.typesetter.box(sheet, "照片", box, TextStyle(FontRole.SONG, size=min(10, box.w), align="center", valign="middle",
                                                      color=GREY), owner="", field_label="照片")
    c.setStrokeColor(HexColor("#BBBBBB"))
    c.setLineWidth(0.3)
    c.rect(x, y, w, h, stroke=1, fill=0)
