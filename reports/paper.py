"""Putting a PDF page on the printer's paper: at its real size from the sheet's corner, or shrunk
when the paper chosen in the print dialog is smaller than the page (the clerk is asked first).

Plain geometry in points and millimetres: the print centre turns ``Placement`` into a rectangle on
the printer, and this module needs no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

PAPER_TOLERANCE_PT = 2.0  # A4 is 595.28 × 841.89 pt; a driver may say 595 × 842
MM_PER_INCH = 25.4

Size = tuple[float, float]  # width, height


@dataclass(frozen=True)
class Placement:
    """Where a page image goes on the printer, in the painter's device pixels."""

    x: float
    y: float
    width: float
    height: float
    scale: float  # 1.0: the page at its real size


def paper_fits(page_pt: Size, paper_pt: Size, tolerance: float = PAPER_TOLERANCE_PT) -> bool:
    """Whether a page of ``page_pt`` (width, height in points) fits on the paper."""
    return page_pt[0] <= paper_pt[0] + tolerance and page_pt[1] <= paper_pt[1] + tolerance


def shrink_factor(page_pt: Size, paper_pt: Size) -> float:
    """The proportional scale that fits the page on the paper (1.0 when it fits already)."""
    if paper_fits(page_pt, paper_pt):
        return 1.0
    return min(1.0, paper_pt[0] / page_pt[0], paper_pt[1] / page_pt[1])


def page_placement(
    page_pt: Size,
    dpi: Size,
    *,
    scale: float = 1.0,
    paint_origin_pt: Size = (0.0, 0.0),
    offset_mm: Size = (0.0, 0.0),
) -> Placement:
    """The rectangle a PDF page of ``page_pt`` points is drawn into on a printer of ``dpi``
    (x, y device pixels per inch): its real size (times ``scale``), with its top left corner at
    the sheet's top left corner. ``paint_origin_pt`` is where the painter's origin lies on the
    sheet (the printable area's corner when the printer does not address the full page);
    ``offset_mm`` is the office's 打印位置微调 (right, down)."""
    dpi_x, dpi_y = dpi
    x_pt = offset_mm[0] / MM_PER_INCH * 72 - paint_origin_pt[0]
    y_pt = offset_mm[1] / MM_PER_INCH * 72 - paint_origin_pt[1]
    return Placement(
        x=x_pt * dpi_x / 72,
        y=y_pt * dpi_y / 72,
        width=page_pt[0] * scale * dpi_x / 72,
        height=page_pt[1] * scale * dpi_y / 72,
        scale=scale,
    )


def _mm(points: float) -> int:
    return round(points / 72 * MM_PER_INCH)


def paper_too_small_text(page_pt: Size, paper_pt: Size, scale: float) -> str:
    """The question put to the clerk when the chosen paper is smaller than the document's page."""
    text = (f"打印机上选择的纸张（{_mm(paper_pt[0])}×{_mm(paper_pt[1])}毫米）比文书的页面"
            f"（{_mm(page_pt[0])}×{_mm(page_pt[1])}毫米）小，按实际尺寸打印会缺掉一部分。\n\n"
            f"可以按比例缩小到{scale * 100:.0f}%打印，但标牌、胸牌就不再是规定的实际尺寸了。")
    if paper_fits((page_pt[1], page_pt[0]), paper_pt):
        text += "\n\n也可以取消后在打印对话框中把纸张方向改为" + ("横向" if page_pt[0] > page_pt[1] else "纵向") + "。"
    else:
        text += "\n\n要保持实际尺寸，请取消后在打印对话框中选择与文书相同的纸张。"
    return text + "\n\n要缩小打印吗？"
