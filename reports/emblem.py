"""The party emblem (党徽): a vector hammer and sickle, or an image the office supplies.

The 党徽党旗条例 allows the emblem on 党员示范岗 placards as long as its proportions are kept
and nothing is drawn over it. The emblem is drawn once per document as a form XObject and
placed by reference, so a sheet of badges embeds it only once.

The office's own image is kept in the database as bytes (``prepare_emblem_image`` checks and
shrinks it), so it travels with the data to a new PC; ``Emblem`` also still accepts the file
path that older versions stored.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from core.errors import DomainError

PARTY_RED = HexColor("#C8102E")
EMBLEM_GOLD = HexColor("#FFD200")
_FORM = "SFGEmblem"

# The office's emblem image: PNG or JPEG, big enough to print sharply, small enough to keep in
# the database. A larger picture is scaled down (an emblem is at most about 6 cm wide on an A3
# placard: 1600 pixels is over 600 dpi there).
EMBLEM_MAX_FILE_BYTES = 20 * 1024 * 1024
EMBLEM_MIN_SIDE = 100
EMBLEM_MAX_SIDE = 1600
EMBLEM_MAX_STORED_BYTES = 4 * 1024 * 1024
EMBLEM_FORMATS = {"PNG": "png", "JPEG": "jpeg"}


def prepare_emblem_image(data: bytes) -> tuple[bytes, str]:
    """Check an emblem picture the clerk chose and return ``(bytes to store, "png"|"jpeg")``.

    Refuses (``DomainError`` in Chinese) anything that is not a readable PNG or JPEG, a picture
    under 100 pixels on a side, or a file over 20 MB; scales a picture over 1600 pixels down,
    keeping its format (and a PNG's transparency).
    """
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise DomainError("所选的党徽图片文件是空的，请换一个图片文件。", field="emblem")
    if len(data) > EMBLEM_MAX_FILE_BYTES:
        raise DomainError(f"所选的党徽图片文件太大（{len(data) / 1024 / 1024:.0f} MB），请选择20 MB以内的PNG或JPG图片。",
                          field="emblem")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format or ""
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            width, height = image.size
            if kind not in EMBLEM_FORMATS:
                raise DomainError("党徽图片只能是PNG或JPG格式，请另存为PNG或JPG后再选择。", field="emblem")
            if min(width, height) < EMBLEM_MIN_SIDE:
                raise DomainError(f"所选的党徽图片太小（{width}×{height}像素），打印出来会模糊，"
                                  f"请选择至少{EMBLEM_MIN_SIDE}×{EMBLEM_MIN_SIDE}像素的图片。", field="emblem")
            if max(width, height) > EMBLEM_MAX_SIDE:
                k = EMBLEM_MAX_SIDE / max(width, height)
                small = image.resize((max(1, round(width * k)), max(1, round(height * k))), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                if kind == "PNG":
                    small.save(out, "PNG", optimize=True)
                else:
                    if small.mode not in ("RGB", "L", "CMYK"):
                        small = small.convert("RGB")
                    small.save(out, "JPEG", quality=92)
                data = out.getvalue()
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise DomainError("无法读取所选的党徽图片（文件已损坏或不是图片），请换一个PNG或JPG图片文件。", field="emblem") from None
    if len(data) > EMBLEM_MAX_STORED_BYTES:
        raise DomainError("所选的党徽图片缩小后仍然太大，请换一个较简单的PNG或JPG图片。", field="emblem")
    return data, EMBLEM_FORMATS[kind]


def _blade(c: Canvas, gold: Color) -> None:
    """The sickle: a crescent blade that ends in a point at the upper left, with its handle."""
    cx, cy = 50.0, 52.0
    p = c.beginPath()
    outer_r, inner_r = 37.0, 29.0
    icx, icy = cx - 3.5, cy + 4.0
    start, extent = 222.0, 270.0
    steps = 90
    pts_outer = [
        (cx + outer_r * math.cos(math.radians(start + extent * i / steps)), cy + outer_r * math.sin(math.radians(start + extent * i / steps)))
        for i in range(steps + 1)
    ]
    pts_inner = [
        (icx + inner_r * math.cos(math.radians(start + extent * i / steps)), icy + inner_r * math.sin(math.radians(start + extent * i / steps)))
        for i in range(steps, -1, -1)
    ]
    tip_angle = math.radians(start + extent + 8)
    tip = (cx + (outer_r - 3) * math.cos(tip_angle), cy + (outer_r - 3) * math.sin(tip_angle))
    p.moveTo(*pts_outer[0])
    for pt in pts_outer[1:]:
        p.lineTo(*pt)
    p.lineTo(*tip)
    for pt in pts_inner:
        p.lineTo(*pt)
    p.close()
    c.setFillColor(gold)
    c.drawPath(p, stroke=0, fill=1)
    # The handle continues the blade's lower end towards the lower left.
    c.saveState()
    c.translate(cx + 33 * math.cos(math.radians(start)), cy + 33 * math.sin(math.radians(start)))
    c.rotate(start - 90 - 12)
    c.roundRect(-5.0, 0.0, 10.0, 19.0, 3.0, stroke=0, fill=1)
    c.restoreState()


def _hammer(c: Canvas, gold: Color) -> None:
    """The hammer: a handle from the lower right to the centre, its head across the top."""
    c.saveState()
    c.translate(47.0, 55.0)
    c.rotate(45)
    c.setFillColor(gold)
    c.rect(-4.2, -52.0, 8.4, 50.0, stroke=0, fill=1)  # handle
    c.rect(-17.0, -4.0, 30.0, 15.0, stroke=0, fill=1)  # head
    c.rect(13.0, -1.5, 5.0, 10.0, stroke=0, fill=1)  # the flat face of the head
    c.restoreState()


class Emblem:
    """Draws the emblem of one document: the vector drawing, or the office's image (its bytes
    from the database, or a file path stored by an older version)."""

    def __init__(self, canvas: Canvas, image: bytes | str | Path | None = None) -> None:
        self.canvas = canvas
        self._image: ImageReader | None = None
        self._aspect = 1.0
        if image:
            self._image = ImageReader(io.BytesIO(image) if isinstance(image, bytes) else str(image))
            iw, ih = self._image.getSize()
            self._aspect = iw / ih if ih else 1.0
        self._defined: set[str] = set()

    @property
    def is_image(self) -> bool:
        return self._image is not None

    def _define(self, name: str, background: bool) -> None:
        c = self.canvas
        c.beginForm(name, lowerx=0, lowery=0, upperx=100, uppery=100)
        if background:
            c.setFillColor(PARTY_RED)
            c.rect(0, 0, 100, 100, stroke=0, fill=1)
        _blade(c, EMBLEM_GOLD)
        _hammer(c, EMBLEM_GOLD)
        c.endForm()
        self._defined.add(name)

    def draw(self, x: float, y: float, size: float, *, background: bool = True) -> tuple[float, float]:
        """Place the emblem in a ``size`` × ``size`` pt square at (x, y) (its lower left),
        centred and with its own proportions; ``background`` puts the gold emblem on its red
        field (on a red band it stands alone). Returns the width and height used."""
        c = self.canvas
        if self._image is not None:
            if self._aspect >= 1:
                w, h = size, size / self._aspect
            else:
                w, h = size * self._aspect, size
            c.drawImage(self._image, x + (size - w) / 2, y + (size - h) / 2, w, h, mask="auto")
            return w, h
        name = _FORM + ("R" if background else "G")
        if name not in self._defined:
            self._define(name, background)
        c.saveState()
        c.translate(x, y)
        c.scale(size / 100, size / 100)
        c.doForm(name)
        c.restoreState()
        return size, size
