"""Every document read as a clerk's PDF reader would: text, fonts embedded, pages, rules."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from core import queries
from core.store import Store
from reports.render import DocumentKind, PrintBlocked, PrintError, Scope, render
from tests.reports.conftest import SHIPPED, compact, make_photo, on_duty_individual, pdf_text, pdffonts

EXPECTED = {
    DocumentKind.PLACARDS: ["党员示范岗", "亮身份", "亮职责", "亮承诺", "亮流程", "亮业绩", "监督电话"],
    DocumentKind.BADGES: ["党员示范岗", "编号SFG"],
    DocumentKind.BALLOTS: ["岗前测评表", "满意", "基本满意", "不满意", "编号：0001"],
    DocumentKind.SURVEY_FORMS: ["群众满意度测评表", "服务态度", "意见和建议"],
    DocumentKind.REVIEW_FORMS: ["五评", "个人自评", "党员互评", "群众测评", "领导点评", "组织考评"],
    DocumentKind.ASSESSMENT_FORMS: ["考核表", "考核得分", "优秀"],
    DocumentKind.PUBLICITY: ["公示", "公示时间", "反映"],
    DocumentKind.FINAL_LIST: ["示范岗名单", "岗位编号"],
    DocumentKind.RESULTS: ["岗前测评结果", "满意率", "通过"],
    DocumentKind.REVOCATION: ["撤销", "称号", "岗牌收回登记簿"],
    DocumentKind.ANNUAL_REPORT: ["年度党员示范岗创建工作统计报告", "综合满意率"],
}


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_every_document_has_its_text_and_embeds_every_font(demo_store: Store, kind: DocumentKind, tmp_path: Path) -> None:
    result = render(demo_store, kind, Scope(), SHIPPED)
    assert result.pdf.startswith(b"%PDF")
    assert result.pages == len(PdfReader(io.BytesIO(result.pdf)).pages) >= 1
    text = compact(pdf_text(result.pdf))
    for expected in EXPECTED[kind]:
        assert expected in text, f"{expected!r} missing from {kind.value}"
    fonts = pdffonts(result.pdf, tmp_path)
    assert fonts, "no font at all"
    for font in fonts:
        assert font["emb"] == "yes" and font["sub"] == "yes", font
    assert not any(f["name"].startswith(("Helvetica", "STSong", "Times", "Courier")) for f in fonts)
    # Nothing in Latin letters that a clerk would read (codes such as SFG2025001 aside).
    words = set(re.findall(r"[A-Za-z]{4,}", text)) - {"tel"}
    assert {w for w in words if not w.startswith("SFG")} == set(), words


def test_ext_b_name_prints_with_fallback_font(store: Store, clock: object, tmp_path: Path) -> None:
    post_id = on_duty_individual(store, clock, name="王𠇔")
    code = store.get("posts", post_id)["code"]
    for kind in (DocumentKind.PLACARDS, DocumentKind.BADGES):
        result = render(store, kind, Scope(post_code=code), SHIPPED)
        assert "王𠇔" in compact(pdf_text(result.pdf))
        names = [f["name"] for f in pdffonts(result.pdf, tmp_path)]
        assert any("HanaMinB" in n for n in names), names


def test_character_no_font_has_is_reported_naming_person(store: Store, clock: object) -> None:
    post_id = on_duty_individual(store, clock, name="李\U0002a700")
    code = store.get("posts", post_id)["code"]
    with pytest.raises(PrintBlocked) as caught:
        render(store, DocumentKind.BADGES, Scope(post_code=code), SHIPPED)
    message = str(caught.value)
    assert "党员“李\U0002a700”" in message
    assert "U+2A700" in message


def test_long_duties_shrink_and_overflow_is_reported(store: Store, clock: object) -> None:
    fine = on_duty_individual(store, clock, name="张伟强", post_name="社保窗口岗",
                              duties="负责社保业务受理，热情接待办事群众，按规定办理各项业务，做好政策宣传解释。" * 3)
    result = render(store, DocumentKind.PLACARDS, Scope(post_code=store.get("posts", fine)["code"]), SHIPPED)
    assert result.warnings == []
    huge = on_duty_individual(store, clock, name="李明", post_name="医保窗口岗",
                              duties="负责医保业务受理，热情接待办事群众，按规定办理各项业务，做好政策宣传解释。" * 25)
    result = render(store, DocumentKind.PLACARDS, Scope(post_code=store.get("posts", huge)["code"]), SHIPPED)
    assert len(result.warnings) == 1
    assert "亮职责" in result.warnings[0] and "医保窗口岗" in result.warnings[0]


def test_placards_only_for_confirmed_posts_not_revoked(demo_store: Store) -> None:
    revoked = queries.revocations(demo_store)[0]
    with pytest.raises(PrintError, match="已撤销称号"):
        render(demo_store, DocumentKind.PLACARDS, Scope(post_code=revoked["code"]), SHIPPED)
    result = render(demo_store, DocumentKind.PLACARDS, Scope(), SHIPPED)
    on_duty = [p for p in queries.posts(demo_store) if p["stage"] == "on_duty"]
    assert result.pages == len(on_duty)
    assert revoked["placard_no"] not in compact(pdf_text(result.pdf))


def test_sample_watermark_previews_posts_not_yet_confirmed(demo_store: Store) -> None:
    from dataclasses import replace

    result = render(demo_store, DocumentKind.PLACARDS, Scope(), replace(SHIPPED, sample_watermark=True))
    assert "样张" in compact(pdf_text(result.pdf))


def test_badge_sheet_start_position_and_count(demo_store: Store) -> None:
    from dataclasses import replace

    serving = len(queries.serving_members(demo_store))
    full = render(demo_store, DocumentKind.BADGES, Scope(), SHIPPED)
    assert full.count == serving
    assert full.pages == -(-serving // 10)
    late = render(demo_store, DocumentKind.BADGES, Scope(), replace(SHIPPED, start_position=10))
    assert late.pages == 1 + -(-(serving - 1) // 10)
    small = render(demo_store, DocumentKind.BADGES, Scope(), replace(SHIPPED, badge_size="85x54"))
    assert small.count == serving


def test_emblem_is_embedded_once(demo_store: Store) -> None:
    result = render(demo_store, DocumentKind.BADGES, Scope(), SHIPPED)
    assert result.pages >= 2
    reader = PdfReader(io.BytesIO(result.pdf))
    emblem_objects = set()
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"]
        for name, ref in xobjects.items():
            if "SFGEmblem" in name:
                emblem_objects.add(ref.idnum)
    assert len(emblem_objects) == 1


def test_photos_downsampled_to_300_dpi(store: Store, clock: object) -> None:
    big = make_photo(1, size=(1750, 2450))  # a camera picture, far above 300 dpi on a badge
    post_id = on_duty_individual(store, clock, name="张伟强", photo=big)
    code = store.get("posts", post_id)["code"]
    result = render(store, DocumentKind.BADGES, Scope(post_code=code), SHIPPED)
    reader = PdfReader(io.BytesIO(result.pdf))
    widths = []
    for page in reader.pages:
        for image in page.images:
            widths.append(image.image.width)
    assert widths and max(widths) <= round(20.5 / 25.4 * 300) + 2


def test_hospital_wording(hospital_store: Store, clock: object) -> None:
    from core.enums import UnitKind
    from tests.core import helpers

    helpers.unit(hospital_store, "内科党支部", UnitKind.BRANCH)
    post_id = on_duty_individual(hospital_store, clock, name="赵敏")
    code = hospital_store.get("posts", post_id)["code"]
    text = compact(pdf_text(render(hospital_store, DocumentKind.SURVEY_FORMS, Scope(post_code=code), SHIPPED).pdf))
    assert "患者满意度测评表" in text and "群众满意度" not in text
    placard = compact(pdf_text(render(hospital_store, DocumentKind.PLACARDS, Scope(post_code=code), SHIPPED).pdf))
    assert "欢迎患者监督" in placard
    reviews = compact(pdf_text(render(hospital_store, DocumentKind.REVIEW_FORMS, Scope(post_code=code), SHIPPED).pdf))
    assert "患者测评" in reviews and "群众测评" not in reviews


def test_official_format_notice_has_gbt9704_page_numbers(demo_store: Store) -> None:
    from dataclasses import replace

    result = render(demo_store, DocumentKind.PUBLICITY, Scope(), replace(SHIPPED, official_format=True))
    text = pdf_text(result.pdf)
    assert "— 1 —" in text
    page = PdfReader(io.BytesIO(result.pdf)).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842


@pytest.mark.parametrize("kind", [DocumentKind.BALLOTS, DocumentKind.PUBLICITY, DocumentKind.REVIEW_FORMS,
                                  DocumentKind.SURVEY_FORMS, DocumentKind.ASSESSMENT_FORMS], ids=lambda k: k.value)
def test_office_margins_are_kept(demo_store: Store, kind: DocumentKind) -> None:
    from dataclasses import replace

    import pypdfium2 as pdfium

    result = render(demo_store, kind, Scope(), replace(SHIPPED, page_margin=30.0))
    assert result.warnings == []
    document = pdfium.PdfDocument(result.pdf)
    try:
        page = document[0]
        image = page.render(scale=50 / 72).to_pil().convert("L")
        page.close()
    finally:
        document.close()
    edge = round(29 / 25.4 * 50)  # 29 mm in pixels at 50 dpi
    for box in ((0, 0, edge, image.height), (image.width - edge, 0, image.width, image.height), (0, 0, image.width, edge)):
        assert image.crop(box).getextrema()[0] > 200, f"something printed inside the 30 mm margin {box}"


def test_official_notice_stays_in_the_gbt9704_text_block(demo_store: Store) -> None:
    from dataclasses import replace

    import pypdfium2 as pdfium

    result = render(demo_store, DocumentKind.PUBLICITY, Scope(), replace(SHIPPED, official_format=True))
    document = pdfium.PdfDocument(result.pdf)
    mm = 72 / 25.4
    try:
        page = document[0]
        text = page.get_textpage()
        height = page.get_height()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
        text.close()
        page.close()
    finally:
        document.close()
    body = [b for b in boxes if (height - b[3]) / mm < 262 and b[2] > b[0]]  # the page number sits below the block
    assert body
    assert min(b[0] for b in body) / mm >= 28 - 0.5
    assert max(b[2] for b in body) / mm <= 28 + 156 + 1.5  # closing punctuation may hang a little
    assert min(height - b[3] for b in body) / mm >= 37 - 0.5


def test_layout_helpers() -> None:
    from reports.annual import nice_step
    from reports.layout import Box
    from reports.placards import member_grid

    assert [nice_step(x) for x in (0.4, 1, 3, 7, 19, 45, 130)] == [1, 1, 5, 10, 20, 50, 200]
    cols, rows, photo_h = member_grid(4, Box(0, 0, 104, 100), 6, 47)
    assert cols * rows >= 4 and photo_h > 20
    assert member_grid(40, Box(0, 0, 182, 64), 6, 47)[2] < 16  # too many for photos: listed by name


@pytest.mark.parametrize("official", [False, True], ids=["plain", "gbt9704"])
def test_notice_titles_break_between_words(demo_store: Store, official: bool) -> None:
    """GB/T 9704: a title that needs two lines breaks where the words allow (not 党员示/范岗)."""
    from dataclasses import replace

    import pypdfium2 as pdfium

    result = render(demo_store, DocumentKind.PUBLICITY, Scope(), replace(SHIPPED, official_format=official))
    document = pdfium.PdfDocument(result.pdf)
    try:
        textpage = document[0].get_textpage()
        lines = [line.strip() for line in textpage.get_text_range().splitlines() if line.strip()]
        textpage.close()
    finally:
        document.close()
    title_lines = [lines[0]]
    while not title_lines[-1].endswith("的公示"):
        title_lines.append(lines[len(title_lines)])
        assert len(title_lines) <= 3, lines[:4]
    title = "".join(title_lines)
    batch = next(str(b["name"]) for b in queries.batches(demo_store) if f"关于{b['name']}党员示范岗" in title)
    assert official or len(title_lines) == 1  # the plain layout (20 pt, wider block) fits it on one line
    assert not official or len(title_lines) == 2, title_lines  # 2号 (22 pt) in the 156 mm block needs two
    for word in ("党员示范岗", "拟确定对象", batch):
        assert any(word in line for line in title_lines), (word, title_lines)
