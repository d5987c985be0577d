"""Printed-document defects found in the third review: words and names split across lines,
the final list's counts, placard texts, titles, the GB/T 9704 落款 and attachment, signatories,
contact wording, grade boundaries, the stale 亮身份 notice and page numbering."""

from __future__ import annotations

import re
from dataclasses import replace

import pypdfium2 as pdfium
import pytest

from core import queries
from core.queries import identity_mismatches
from core.store import Store
from reports.fonts import FontRole, FontSet
from reports.forms import grade_rule, signatory
from reports.layout import Box
from reports.notices import OFFICIAL, gbt_signature_x, objection_contact
from reports.placards import keep_steps
from reports.render import DocumentKind, Scope, render
from reports.tables import CELL_WORDS, Column, cell_text, fit_cell
from reports.text import Problems, TextStyle, Typesetter, break_lines, keep_numbers, keep_together, tokens, visible
from tests.reports.conftest import SHIPPED, compact, on_duty_individual, pdf_text

MM = 72 / 25.4
OFFICIAL_OPTIONS = replace(SHIPPED, official_format=True)


def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's text lines as pdfium reads them."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append([line.strip() for line in textpage.get_text_range().splitlines() if line.strip()])
            textpage.close()
        return pages
    finally:
        document.close()


def page_chars(pdf: bytes, index: int) -> list[tuple[str, float, float, float]]:
    """(char, left mm, top mm from the page's top, font size pt) of one page."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        height = page.get_height()
        textpage = page.get_textpage()
        out = []
        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            if not ch.strip():
                continue
            left, _bottom, _right, top = textpage.get_charbox(i)
            size = pdfium.raw.FPDFText_GetFontSize(textpage.raw, i)
            out.append((ch, left / MM, (height - top) / MM, size))
        textpage.close()
        return out
    finally:
        document.close()


class _Ctx:
    def __init__(self, fonts: FontSet) -> None:
        from io import BytesIO

        from reportlab.pdfgen.canvas import Canvas

        self.fonts = fonts
        self.typesetter = Typesetter(Canvas(BytesIO()), fonts, Problems())


# 1. Names, unit names and headers in table cells.

def test_names_in_a_cell_break_only_after_the_separator(shipped_fonts: FontSet) -> None:
    names = ["贺帆瑞", "苗艳红", "欧阳晓峰", "王𠇔", "郭刚华", "毛珍"]
    text = cell_text("、".join(names), Column("上岗党员", 26, names=True))
    for chars in range(5, 14):  # a column at least as wide as the longest name and its 、
        width = shipped_fonts.width("党" * chars, FontRole.SONG, 10) + 0.1
        for line in break_lines(shipped_fonts, text, FontRole.SONG, 10, width):
            for part in visible(line).split("、"):
                assert part == "" or part in names, (chars, line)


def test_short_cells_and_headers_shrink_instead_of_breaking_a_word(shipped_fonts: FontSet) -> None:
    ctx = _Ctx(shipped_fonts)
    style = TextStyle(FontRole.SONG, size=10.5, min_size=6.5, leading=1.2)
    for text, width in (("基本满意", 12), ("序号", 7), ("接收人", 8), ("综合执法队党支部", 26)):
        fitted = fit_cell(ctx, keep_together(text, CELL_WORDS), Box(0, 0, width, 9), style, header=True)  # type: ignore[arg-type]
        assert fitted.fits and len(fitted.lines) == 1, (text, fitted)
    # A longer unit name wraps between words (综合执法队 / 党支部), never inside 党支部.
    unit = cell_text("非公企业联合综合执法队党支部", Column("所在单位", 22))
    lines = break_lines(shipped_fonts, unit, FontRole.SONG, 10, shipped_fonts.width("党" * 7, FontRole.SONG, 10))
    assert all("党支" not in visible(line) or "党支部" in visible(line) for line in lines), lines


def test_final_list_names_whole_and_one_size_per_column(demo_store: Store) -> None:
    result = render(demo_store, DocumentKind.FINAL_LIST, Scope(), SHIPPED)
    lines = [line for page in page_lines(result.pdf) for line in page]
    joined = "\n".join(lines)
    names = {str(m["name_snapshot"]) for p in queries.posts(demo_store) if p["stage"] == "on_duty"
             for m in queries.post_members(demo_store, int(p["id"]))}
    assert names
    missing = [n for n in names if n not in joined]
    assert not missing, missing
    # Every name in the 上岗党员 column is set at the same size on every page.
    sizes: set[float] = set()
    for index in range(result.pages):
        chars = page_chars(result.pdf, index)
        header = [c for c in chars if c[0] in "上岗党员"]
        if not header:
            continue
        titles = "".join(c[0] for c in sorted(chars, key=lambda c: (round(c[2]), c[1])))
        assert "上岗党员" in titles
        left = min(c[1] for c in chars if c[0] == "上" and any(d[0] == "岗" and abs(d[2] - c[2]) < 1 and 0 < d[1] - c[1] < 8
                                                                 for d in chars))
        header_top = next(c[2] for c in chars if c[0] == "上" and abs(c[1] - left) < 0.1)
        # The column's cells start a little left of its centred title; the next column starts right of it.
        # Stop at the next section's heading (the ended posts' table has no 上岗党员 column).
        cutoff = min((c[2] for c in chars if c[2] > header_top + 3 and c[3] > 11), default=1e9)
        column = [c for c in chars if left - 6 < c[1] < left + 19 and header_top + 3 < c[2] < cutoff - 1 and c[0] != "、"
                  and "\u4e00" <= c[0] <= "\u9fff"]
        sizes |= {round(c[3], 1) for c in column}
    assert len(sizes) == 1, sizes


# 2. The final list announces exactly the posts it lists.

def test_official_final_list_lists_only_the_posts_it_announces(demo_store: Store) -> None:
    result = render(demo_store, DocumentKind.FINAL_LIST, Scope(), OFFICIAL_OPTIONS)
    text = compact(pdf_text(result.pdf))
    announced = int(re.search(r"确定(\d+)个岗位为党员示范岗", text).group(1))  # type: ignore[union-attr]
    on_duty = [p for p in queries.posts(demo_store) if p["stage"] == "on_duty" and p["confirmed_on"]]
    assert announced == len(on_duty) == result.count
    codes = set(re.findall(r"\d{4}-\d{3}", text))
    assert codes == {str(p["code"]) for p in on_duty}
    assert "已撤销称号" not in text and "已撤岗" not in text
    assert "附件：党员示范岗名单" in text


def test_plain_final_list_separates_ended_posts_with_counts(demo_store: Store) -> None:
    result = render(demo_store, DocumentKind.FINAL_LIST, Scope(), SHIPPED)
    text = compact(pdf_text(result.pdf))
    posts = [p for p in queries.posts(demo_store) if p["confirmed_on"]]
    on_duty = [p for p in posts if p["stage"] == "on_duty"]
    ended = [p for p in posts if p["stage"] in ("revoked", "withdrawn")]
    assert f"在岗党员示范岗（{len(on_duty)}个）" in text
    if ended:
        assert f"已撤销称号或已撤岗的示范岗（{len(ended)}个" in text


# 3. Placards.

def test_process_steps_break_only_between_steps() -> None:
    assert tokens(keep_steps("受理申请 → 初审 → 分管领导审批 → 办结")) == \
        ["受理申请", " ", "→", " ", "初审", " ", "→", " ", "分管领导审批", " ", "→", " ", "办结"]
    assert tokens(keep_steps("1.接待登记；2.分管领导审批；3.办结")) == ["1.接待登记；", "2.分管领导审批；", "3.办结"]
    assert tokens(keep_steps("接待、分管领导审批")) == ["接待、", "分管领导审批"]


def _placard(store: Store, clock: object, landscape: bool, **displays: str) -> tuple[bytes, object]:
    on_duty_individual(store, clock, name="贺帆瑞", post_name="机关第一便民服务中心城市管理综合执法暨退役军人服务站党员示范岗",
                       **displays)
    with store.transaction():
        for row in store.rows("SELECT id FROM post_members"):
            store.update("post_members", int(row["id"]), {"position_snapshot": "城市管理执法"})
    options = replace(SHIPPED, landscape=True) if landscape else SHIPPED
    result = render(store, DocumentKind.PLACARDS, Scope(), options)
    return result.pdf, result


@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_placard_values_whole_title_on_two_lines_and_legible_displays(store: Store, clock: object, landscape: bool) -> None:
    duties = "负责辖区内城市管理综合执法、市容环境卫生监督检查、违法建设巡查拆除、占道经营整治、户外广告审批、渣土运输监管、燃气安全检查，" * 2
    pdf, result = _placard(store, clock, landscape, duties=duties, process="群众来访咨询 → 窗口受理登记 → 分管领导审批 → 限时办结反馈")
    lines = page_lines(pdf)[0]
    joined = "\n".join(lines)
    assert "中共党员" in joined
    assert "城市管理执法" in joined
    assert "分管领导审批" in joined
    assert not result.warnings, result.warnings  # type: ignore[attr-defined]
    assert "…" not in joined
    # Every 五亮 text stays legible: nothing below 10 pt on the A4 sheet.
    display_sizes = [c[3] for c in page_chars(pdf, 0) if c[0] in "辖违渣燃群窗限全"]
    assert display_sizes and min(display_sizes) >= 9.9, sorted(set(display_sizes))


# 4. Titles and badges.

def test_quoted_post_name_is_kept_whole_in_the_record_title(store: Store, clock: object) -> None:
    on_duty_individual(store, clock, name="张三", post_name="机关第一便民服务中心党员示范窗口")
    code = str(store.scalar("SELECT code FROM posts"))
    result = render(store, DocumentKind.RESULTS, Scope(post_code=code), SHIPPED)
    lines = page_lines(result.pdf)[0]
    assert any("“机关第一便民服务中心党员示范窗口”" in line for line in lines), lines[:3]


def test_badge_post_name_breaks_between_words(shipped_fonts: FontSet) -> None:
    text = keep_together("退休干部退役军人服务站示范岗", CELL_WORDS)
    for chars in range(4, 12):
        width = shipped_fonts.width("党" * chars, FontRole.HEI, 9) + 0.1
        lines = [visible(line) for line in break_lines(shipped_fonts, text, FontRole.HEI, 9, width)]
        assert not any(line.endswith(("示", "服务", "服", "退役")) for line in lines[:-1]), lines


def test_grade_words_are_not_split(shipped_fonts: FontSet) -> None:
    text = cell_text("等次：优秀 / 合格 / 基本合格 / 不合格", Column("评价意见", 50))
    grades = {"等次：优秀", "合格", "基本合格", "不合格", "/"}
    for chars in range(5, 16):
        width = shipped_fonts.width("党" * chars, FontRole.SONG, 10) + 0.1
        for line in break_lines(shipped_fonts, text, FontRole.SONG, 10, width):
            assert set(visible(line).split()) <= grades, line


# 5 and 6. GB/T 9704 落款 and attachment.

@pytest.mark.parametrize("kind", [DocumentKind.PUBLICITY, DocumentKind.FINAL_LIST, DocumentKind.REVOCATION], ids=lambda k: k.value)
def test_official_signature_follows_gbt9704(demo_store: Store, kind: DocumentKind) -> None:
    result = render(demo_store, kind, Scope(), OFFICIAL_OPTIONS)
    name = str(demo_store.organization()["name"])
    char = OFFICIAL.body_size / MM
    right = OFFICIAL.left + OFFICIAL.body_w
    document = pdfium.PdfDocument(result.pdf)
    try:
        page = document[0]
        textpage = page.get_textpage()
        full = textpage.get_text_range()
        n = full.rindex(name)
        date_match = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日").search(full, n)
        assert date_match
        x_name = textpage.get_charbox(n)[0] / MM
        right_name = textpage.get_charbox(n + len(name) - 1)[2] / MM
        x_date = textpage.get_charbox(date_match.start())[0] / MM
        right_date = textpage.get_charbox(date_match.end() - 1)[2] / MM
        textpage.close()
    finally:
        document.close()
    assert abs((x_date - x_name) - 2 * char) < 0.8, (x_name, x_date)
    if right_date - x_date <= right_name - x_name:  # the date is not longer: the 署名 is right-indented two characters
        assert abs((right - right_name) - 2 * char) < 1.2, right - right_name
    else:  # the date is right-indented two characters
        assert abs((right - right_date) - 2 * char) < 1.2, right - right_date


def test_long_date_moves_the_signature_left() -> None:
    char = 5.5
    # Date shorter than the 署名: 署名 right-indented two characters, date two characters right of it.
    name_x, date_x = gbt_signature_x(28, 156, char, 60, 40)
    assert name_x + 60 == pytest.approx(28 + 156 - 2 * char) and date_x - name_x == pytest.approx(2 * char)
    # Date longer: the date right-indented two characters, the 署名 moved left to keep the two-character offset.
    name_x, date_x = gbt_signature_x(28, 156, char, 20, 45)
    assert date_x + 45 == pytest.approx(28 + 156 - 2 * char) and date_x - name_x == pytest.approx(2 * char)


def test_official_publicity_attachment_on_its_own_page(demo_store: Store) -> None:
    result = render(demo_store, DocumentKind.PUBLICITY, Scope(), OFFICIAL_OPTIONS)
    pages = page_lines(result.pdf)
    first = "\n".join(pages[0])
    assert "附件：拟确定党员示范岗名单" in first
    name = str(demo_store.organization()["name"])
    assert first.index("附件：拟确定党员示范岗名单") < first.rindex(name)  # 附件说明 before the 落款
    assert "序号" not in first  # the table is not on the notice's page
    attachment = [i for i, lines in enumerate(pages) if lines and lines[0] == "附件"]
    assert attachment, [p[:2] for p in pages]
    page = pages[attachment[0]]
    assert page[1] == "拟确定党员示范岗名单" and "序号" in page[2]
    chars = page_chars(result.pdf, attachment[0])
    head = [c for c in chars if c[0] in "附件"][:2]
    assert abs(head[0][1] - OFFICIAL.left) < 0.5 and abs(head[0][3] - 16) < 0.1  # 3号 at the top left
    assert head[0][2] < OFFICIAL.top + 10


# 7, 8, 9. Signatory, contact wording, grade boundaries.

def test_hospital_department_form_is_signed_by_its_head(hospital_store: Store) -> None:
    assert signatory("department") == "科室负责人"
    assert signatory("branch_hospital") == "分院负责人"
    assert signatory("branch") == "支部书记"


def test_bare_phone_contact_names_the_office() -> None:
    assert objection_contact("010-65123456", "街道党工委", "") == "街道党工委党建办公室（电话：010-65123456）"
    assert objection_contact("", "院党委", "010-1") == "院党委党建办公室（电话：010-1）"
    assert objection_contact("党建办公室王老师 010-1", "院党委", "") == "党建办公室王老师 010-1"


def test_grade_rule_is_unambiguous() -> None:
    text = grade_rule(90, 80, 70)
    assert "不足70分为不合格" in text
    assert "70分以下" not in text
    assert "80分以上不足90分为合格" in text and "70分以上不足80分为基本合格" in text


# 10. 亮身份 naming a member who has left.

def test_stale_identity_is_found_and_noticed(store: Store, clock: object) -> None:
    post_id = on_duty_individual(store, clock, name="张新", post_name="社保服务党员示范岗")
    member = store.rows("SELECT * FROM post_members WHERE post_id = ?", [post_id])[0]
    old = {k: v for k, v in member.items() if k != "id"}
    old.update(uid="left-1", name_snapshot="翟国成", left_on="2026-01-05", left_reason="调整")
    with store.transaction():
        store.insert("post_members", old)
        store.update("posts", post_id, {"display_identity": "中共党员 翟国成，便民服务中心社保窗口"})
    stale, missing = identity_mismatches(store, post_id)
    assert stale == ["翟国成"] and missing == ["张新"]
    result = render(store, DocumentKind.PLACARDS, Scope(), SHIPPED)
    assert any("仍写着已离岗的翟国成" in n for n in result.notices), result.notices
    assert result.pages == 1  # printing is not blocked


# 11. Numbers with measure words, justified lines, page numbers.

def test_numbers_stay_with_their_measure_word(shipped_fonts: FontSet) -> None:
    text = keep_numbers("确定以下86个岗位为党员示范岗，公示5个工作日")
    assert "86个" in tokens(text) and "5个" in tokens(text)


def test_revocation_register_numbered_like_the_official_notices(demo_store: Store) -> None:
    result = render(demo_store, DocumentKind.REVOCATION, Scope(), OFFICIAL_OPTIONS)
    text = pdf_text(result.pdf)
    if "登记簿" in text:
        assert "第 1 页" not in text and "第1页" not in compact(text)


def test_annual_report_text_keeps_clear_of_the_page_number(demo_store: Store) -> None:
    result = render(demo_store, DocumentKind.ANNUAL_REPORT, Scope(), SHIPPED)
    chars = page_chars(result.pdf, result.pages - 1)
    number_top = min(c[2] for c in chars if c[0] == "页")
    above = [c[2] for c in chars if c[2] < number_top - 0.5]
    body_bottom = max(above)
    assert number_top - body_bottom > 4, (body_bottom, number_top)
