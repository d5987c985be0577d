"""Page geometry in millimetres: boxes measured from a sheet's top-left corner, paper sizes.

Every template describes its layout with ``Box`` values in millimetres (a dataclass per
template); drawing code converts through ``Sheet.rect`` and never scatters numbers itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reportlab.lib.units import mm


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres: left, top (from the sheet's top edge), width, height."""

    x: float
    y: float
    w: float
    h: float

    def inset(self, d: float) -> Box:
        return Box(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)

    def shifted(self, dx: float = 0, dy: float = 0) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True)
class Sheet:
    """A drawing area of ``width`` × ``height`` mm whose bottom-left is the canvas origin."""

    width: float
    height: float

    def rect(self, box: Box) -> tuple[float, float, float, float]:
        """(x, y, w, h) in points with y measured upwards, as reportlab wants."""
        return box.x * mm, (self.height - box.y - box.h) * mm, box.w * mm, box.h * mm

    def point(self, x: float, y: float) -> tuple[float, float]:
        return x * mm, (self.height - y) * mm


class PaperName(StrEnum):
    A4 = "A4"
    A3 = "A3"
    A5 = "A5"
    CUSTOM = "custom"


PAPER_MM: dict[PaperName, tuple[float, float]] = {
    PaperName.A4: (210.0, 297.0),
    PaperName.A3: (297.0, 420.0),
    PaperName.A5: (148.0, 210.0),
}

PAPER_LABELS: dict[PaperName, str] = {
    PaperName.A4: "A4",
    PaperName.A3: "A3",
    PaperName.A5: "A5",
    PaperName.CUSTOM: "自定义尺寸",
}


@dataclass(frozen=True)
class Paper:
    """A paper size in millimetres, portrait or landscape."""

    width: float
    height: float

    @classmethod
    def named(cls, name: PaperName | str, *, landscape: bool = False, custom: tuple[float, float] | None = None) -> Paper:
        paper = PaperName(name)
        if paper is PaperName.CUSTOM:
            if custom is None:
                raise ValueError("custom paper needs a size")
            w, h = custom  # as the office measured it; 横向 turns a portrait size round
            if landscape and w < h:
                w, h = h, w
            return cls(w, h)
        w, h = PAPER_MM[paper]
        if landscape != (w > h):
            w, h = h, w
        return cls(w, h)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def points(self) -> tuple[float, float]:
        return self.width * mm, self.height * mm


def fit_scale(template: tuple[float, float], paper: Paper) -> tuple[float, float, float]:
    """Scale and offset (mm) that fit a template drawn for ``template`` size onto ``paper``,
    keeping proportions and centring: A3 gets the A4 layout enlarged by √2, a custom size
    the nearest proportional enlargement or reduction."""
    tw, th = template
    k = min(paper.width / tw, paper.height / th)
    return k, (paper.width - tw * k) / 2, (paper.height - th * k) / 2
