"""Fixtures for the report tests: shipped fonts only (identical output on every machine),
a small street scenario built through the real workflow, and PDF inspection helpers."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from core import org
from core.store import Store
from reports.fonts import FontSet
from reports.render import PrintOptions
from tests.core import helpers

SHIPPED = PrintOptions(use_system_fonts=False)


@pytest.fixture(scope="session")
def shipped_fonts() -> FontSet:
    return FontSet(system=False)


def make_photo(seed: int, size: tuple[int, int] = (175, 245)) -> bytes:
    """A deterministic stand-in for an ID photo."""
    image = Image.new("RGB", size, (200, 30 + seed * 20 % 200, 40))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w * 0.3, h * 0.15, w * 0.7, h * 0.5), fill=(240, 205, 180))
    draw.rectangle((w * 0.15, h * 0.6, w * 0.85, h), fill=(40, 40, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def on_duty_individual(store: Store, clock: object, name: str = "王𠇔", post_name: str = "社保服务党员示范岗",
                       photo: bytes | None = None, **displays: str) -> int:
    """An individual post confirmed and on duty, with its five displays filled in."""
    from core import workflow
    from core.enums import FiveDisplay

    unit_id = helpers.unit(store, "便民服务中心党支部")
    member_id = helpers.member(store, name, unit_id=unit_id)
    org.set_member_photo(store, member_id, photo if photo is not None else make_photo(member_id))
    batch_id = helpers.batch(store)
    post_id = helpers.individual_post(store, member_id, batch_id, name=post_name)
    texts = {
        FiveDisplay.IDENTITY: f"中共党员 {name}，便民服务中心社保窗口",
        FiveDisplay.DUTIES: "负责社保业务受理，热情接待办事群众，按规定办理各项业务，做好政策宣传解释。",
        FiveDisplay.PLEDGE: "不让群众多跑一趟，不让工作在我这里延误，不让形象在我这里受损。",
        FiveDisplay.PROCESS: "接待登记 → 分类处理 → 限时办结 → 结果公开",
        FiveDisplay.RESULTS: "全年办理业务1796件，群众满意率99%，零投诉。",
    }
    for key, value in displays.items():
        texts[FiveDisplay(key)] = value
    workflow.update_post_details(store, post_id, name=post_name, location="", displays=texts, creations=[])
    helpers.bring_on_duty(store, clock, [post_id], batch_id)
    return post_id


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdffonts(pdf: bytes, tmp_path: Path) -> list[dict[str, str]]:
    """Fonts as poppler's pdffonts lists them (requires poppler-utils)."""
    exe = shutil.which("pdffonts")
    assert exe, "pdffonts not found: install poppler-utils (apt-get install -y poppler-utils)"
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([exe, str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) >= 7:
            # name, type (may be two words), encoding, emb, sub, uni, object id
            rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows
