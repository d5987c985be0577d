"""The party emblem (党徽): a vector hammer and sickle, or an image the office supplies.

The 党徽党旗条例 allows the emblem on 党员示范岗 placards as long as its proportions are kept
and nothing is drawn over it. The emblem is drawn once per document as a form XObject and
placed by reference, so a sheet of badges embeds it only once.
"""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

PARTY_RED = HexColor("#C8102E")
EMBLEM_GOLD = HexColor("#FFD200")
_FORM = "SFGEmblem"


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
    """Draws the emblem of one document: the vector drawing, or the office's image file."""

    def __init__(self, canvas: Canvas, image_path: str | Path | None = None) -> None:
        self.canvas = canvas
        self._image: ImageReader | None = None
        self._aspect = 1.0
        if image_path:
            self._image = ImageReader(str(image_path))
            iw, ih = self._image.getSize()
            self._aspect = iw / ih if ih else 1.0
        self._defined: set[str] = set()

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
