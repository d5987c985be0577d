"""Page renders of the main templates compared with golden images, within a tolerance.

Regenerate after an intended change of design with ``SFG_UPDATE_GOLDEN=1 pytest tests/reports``
and look at the new PNGs before committing them.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from core.store import Store
from reports.render import DocumentKind, Scope, render
from tests.core import helpers
from tests.reports.conftest import SHIPPED, make_photo, on_duty_individual

GOLDEN = Path(__file__).parent / "golden"
DPI = 40
MEAN_TOLERANCE = 1.5  # average difference per channel, out of 255
PIXEL_TOLERANCE = 0.004  # share of pixels that may differ clearly


def page_image(pdf: bytes, index: int = 0) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        image = page.render(scale=DPI / 72).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    return image


def compare(name: str, image: Image.Image) -> None:
    path = GOLDEN / f"{name}.png"
    if os.environ.get("SFG_UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("CI"):  # a CI run compares; it never writes into the source tree
            pytest.fail(f"golden image {path.name} is missing" if not path.exists() else "SFG_UPDATE_GOLDEN is set in CI")
        GOLDEN.mkdir(exist_ok=True)
        image.save(path)
    golden = Image.open(path).convert("RGB")
    assert golden.size == image.size, f"{name}: page size changed {golden.size} → {image.size}"
    diff = ImageChops.difference(golden, image)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    histogram = diff.convert("L").histogram()
    clear = sum(histogram[65:]) / (image.width * image.height)
    if mean > MEAN_TOLERANCE or clear > PIXEL_TOLERANCE:
        actual = Path(tempfile.gettempdir()) / "sfg-golden" / f"{name}.actual.png"  # never beside the goldens
        actual.parent.mkdir(exist_ok=True)
        image.save(actual)
        pytest.fail(f"{name}: differs from golden (mean {mean:.2f}, clear {clear:.4f}); see {actual}")


@pytest.fixture
def scenario(store: Store, clock: object) -> dict[str, str]:
    individual = on_duty_individual(store, clock, name="王𠇔")
    unit_id = helpers.unit(store, "便民服务中心党支部")
    members = [helpers.member(store, name, unit_id=unit_id) for name in ("李红梅", "陈志刚", "欧阳晓燕", "赵敏")]
    from core import org

    for i, member_id in enumerate(members):
        org.set_member_photo(store, member_id, make_photo(10 + i))
    batch_id = helpers.batch(store)
    collective = helpers.collective_post(store, members, batch_id, unit_id=unit_id, name="便民服务中心党员示范窗口")
    helpers.bring_on_duty(store, clock, [collective], batch_id)
    return {"individual": str(store.get("posts", individual)["code"]), "collective": str(store.get("posts", collective)["code"])}


def test_individual_placard_matches_golden(store: Store, scenario: dict[str, str]) -> None:
    result = render(store, DocumentKind.PLACARDS, Scope(post_code=scenario["individual"]), SHIPPED)
    compare("placard_individual_a4", page_image(result.pdf))


def test_collective_placard_landscape_matches_golden(store: Store, scenario: dict[str, str]) -> None:
    result = render(store, DocumentKind.PLACARDS, Scope(post_code=scenario["collective"]), replace(SHIPPED, landscape=True))
    compare("placard_collective_a4_landscape", page_image(result.pdf))


def test_badge_sheet_matches_golden(store: Store, scenario: dict[str, str]) -> None:
    result = render(store, DocumentKind.BADGES, Scope(), replace(SHIPPED, start_position=3))
    compare("badges_90x54_from_slot_3", page_image(result.pdf))
