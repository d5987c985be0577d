"""What the documents share: colours, dates in Chinese, the plain document page (margins, title,
page number), the supervision QR code and the 样张 watermark."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import qrcode
from reportlab.lib.colors import Color, HexColor, black

from reports.fonts import FontRole
from reports.layout import Box, Sheet
from reports.render import Context
from reports.text import TextStyle

RED = HexColor("#C8102E")
DARK_RED = HexColor("#9E0B0F")
GOLD = HexColor("#FFD200")
GREY = HexColor("#777777")
LIGHT = HexColor("#F6E7E7")


def chinese_date(text: str | date | None) -> str:
    """2026-10-20 → 2026年10月20日; blanks to fill in by hand when there is no date."""
    if not text:
        return "　　年　　月　　日"
    day = text if isinstance(text, date) else date.fromisoformat(str(text)[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def draw_qr(ctx: Context, x: float, y: float, size: float, data: str) -> None:
    """A QR code as vector squares, defined once per document and placed by reference."""
    c = ctx.canvas
    forms: dict[str, str] = ctx.extra.setdefault("qr_forms", {})
    name = forms.get(data)
    if name is None:
        qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
        qr.add_data(data)
        qr.make(fit=True)
        matrix = qr.get_matrix()
        n = len(matrix)
        name = f"SFGQR{len(forms) + 1}"
        c.beginForm(name, lowerx=0, lowery=0, upperx=n, uppery=n)
        c.setFillColor(black)
        for row, cells in enumerate(matrix):
            col = 0
            while col < n:
                if cells[col]:
                    start = col
                    while col < n and cells[col]:
                        col += 1
                    c.rect(start, n - row - 1, col - start, 1, stroke=0, fill=1)
                else:
                    col += 1
        c.endForm()
        forms[data] = name
        ctx.extra.setdefault("qr_sizes", {})[name] = n
    n = ctx.extra["qr_sizes"][name]
    c.saveState()
    c.translate(x, y)
    c.scale(size / n, size / n)
    c.doForm(name)
    c.restoreState()


def watermark(ctx: Context, width_pt: float, height_pt: float, avoid_top: float = 0.0) -> None:
    """样张 across the page, below ``avoid_top`` points from the top (the emblem's area)."""
    c = ctx.canvas
    font = ctx.fonts.primary(FontRole.HEI)
    c.saveState()
    c.setFillColor(Color(0.8, 0.1, 0.1, alpha=0.18))
    size = min(width_pt, height_pt - avoid_top) / 2.6
    c.setFont(font.name, size)
    c.translate(width_pt / 2, (height_pt - avoid_top) / 2)
    c.rotate(30)
    c.drawCentredString(0, -size / 3, "样张")
    c.restoreState()


@dataclass(frozen=True)
class DocPage:
    """A plain A4 document page in millimetres: margins, title block, footer with page number."""

    width: float = 210.0
    height: float = 297.0
    left: float = 20.0
    right: float = 20.0
    top: float = 20.0
    bottom: float = 18.0
    title_h: float = 14.0
    subtitle_h: float = 8.0

    @property
    def body_w(self) -> float:
        return self.width - self.left - self.right


A4_PAGE = DocPage()
A4_LANDSCAPE_PAGE = DocPage(width=297.0, height=210.0, left=15.0, right=15.0, top=15.0, bottom=14.0)
MIN_MARGIN, MAX_MARGIN = 8.0, 40.0


def doc_page(ctx: Context, base: DocPage) -> DocPage:
    """The template's page with the office's margins, if it set any (within 8–40 mm)."""
    margin = ctx.options.page_margin
    if not margin:
        return base
    margin = min(MAX_MARGIN, max(MIN_MARGIN, margin))
    return replace(base, left=margin, right=margin, top=margin, bottom=max(margin, 14.0))


CORNER_H = 7.0  # the copy number line above a form's title


def page_title(ctx: Context, sheet: Sheet, page: DocPage, title: str, subtitle: str = "", *, corner: str = "") -> float:
    """Draw the copy number (if any), the title and subtitle; return the y (mm) where the body starts."""
    ts = ctx.typesetter
    y = page.top
    if corner:
        ts.single(sheet, corner, Box(page.left, y, page.body_w, CORNER_H - 1), TextStyle(FontRole.SONG, size=10.5, align="right"),
                  owner="编号", field_label="编号")
        y += CORNER_H
    ts.single(sheet, title, Box(page.left, y, page.body_w, page.title_h),
              TextStyle(FontRole.TITLE, size=20, min_size=12, align="center", valign="middle"), owner="标题", field_label="标题")
    y += page.title_h
    if subtitle:
        ts.single(sheet, subtitle, Box(page.left, y, page.body_w, page.subtitle_h),
                  TextStyle(FontRole.SONG, size=11, min_size=8, align="center", valign="middle"), owner="副标题", field_label="副标题")
        y += page.subtitle_h
    return y + 3


def page_number(ctx: Context, sheet: Sheet, page: DocPage, number: int, official: bool = False) -> None:
    text = f"— {number} —" if official else f"第 {number} 页"
    ctx.typesetter.single(sheet, text, Box(page.left, page.height - page.bottom + 4, page.body_w, 6),
                          TextStyle(FontRole.SONG, size=10, align="center"), owner="页码", field_label="页码")
