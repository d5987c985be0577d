"""Putting a PDF page on the printer's paper: real size from the sheet's corner, a smaller paper
detected and the page shrunk proportionally, the question put to the clerk (no printer, no Qt)."""

from __future__ import annotations

import pytest

from reports.paper import page_placement, paper_fits, paper_too_small_text, shrink_factor

A4 = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
A5 = (419.53, 595.28)
A3 = (841.89, 1190.55)
MM = 72 / 25.4


@pytest.mark.parametrize(("page", "dpi"), [(A4, 600), (A4, 300), (A3, 1200), ((90 * MM, 54 * MM), 600), (A4_LANDSCAPE, 96)])
def test_page_is_placed_at_real_size_from_the_sheet_corner(page: tuple[float, float], dpi: int) -> None:
    place = page_placement(page, (dpi, dpi))
    assert (place.x, place.y, place.scale) == (0, 0, 1.0)
    assert place.width == pytest.approx(page[0] / 72 * dpi)
    assert place.height == pytest.approx(page[1] / 72 * dpi)


def test_placement_with_printable_area_offsets_and_unequal_dpi() -> None:
    # A driver that only addresses the printable area (origin 5 mm in), an office offset of 1.5 mm right
    # and 2 mm up, a printer with 600 × 1200 dpi.
    place = page_placement(A4, (600, 1200), paint_origin_pt=(5 * MM, 5 * MM), offset_mm=(1.5, -2.0))
    assert place.x == pytest.approx((1.5 - 5) / 25.4 * 600)
    assert place.y == pytest.approx((-2.0 - 5) / 25.4 * 1200)
    assert place.width == pytest.approx(210 / 25.4 * 600, rel=1e-3)
    assert place.height == pytest.approx(297 / 25.4 * 1200, rel=1e-3)
    # 90 × 54 mm badges stay 90 × 54 mm whatever the paper: 90 mm at 600 dpi is 2126 pixels.
    assert page_placement((90 * MM, 54 * MM), (600, 600)).width == pytest.approx(2125.98, abs=0.01)


def test_paper_smaller_than_the_page_is_detected_and_shrunk_proportionally() -> None:
    assert paper_fits(A4, (595.0, 842.0))  # a driver's rounded A4
    assert paper_fits(A5, A4) and paper_fits(A4, A3)
    assert not paper_fits(A4, A5) and not paper_fits(A3, A4)
    assert shrink_factor(A4, A4) == 1.0
    assert shrink_factor(A3, A4) == pytest.approx(A4[0] / A3[0])
    assert shrink_factor(A4, A5) == pytest.approx(A5[0] / A4[0])
    place = page_placement(A3, (300, 300), scale=shrink_factor(A3, A4))
    assert place.width <= A4[0] / 72 * 300 + 0.01 and place.height <= A4[1] / 72 * 300 + 0.01
    text = paper_too_small_text(A4, A5, shrink_factor(A4, A5))
    assert "148×210毫米" in text and "210×297毫米" in text and "70%" in text and "实际尺寸" in text
    assert "横向" in paper_too_small_text(A4_LANDSCAPE, A4, shrink_factor(A4_LANDSCAPE, A4))
