"""Blank forms: 岗前测评表 (ballots), 满意度测评表 (survey forms), 五评表 and 月度考核表.

Tick boxes are vector squares; ballots and survey forms carry a copy number so the office can
count what was issued and returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from core import queries
from core.enums import Grade, PostKind, ReviewPart, UnitKind
from core.errors import DomainError
from core.queries import ballot_posts, batch_by_number, latest_batch, latest_year, post_by_code, serving_members
from core.store import Row
from reports.common import A4_LANDSCAPE_PAGE, A4_PAGE, CORNER_H, DocPage, chinese_date, doc_page, page_number, page_title
from reports.fonts import FontRole
from reports.layout import Box, Sheet
from reports.render import Context, PrintError, Scope
from reports.tables import Column, check_box, fit_columns, table_header, table_pages, table_row, tick_boxes
from reports.text import TextStyle

CHOICES = ("满意", "基本满意", "不满意")


def resolve_batch(ctx: Context, scope: Scope) -> Row:
    if scope.batch is not None:
        year = scope.year or latest_year(ctx.store)
        if year is None:
            raise PrintError("数据库中还没有创建年度。")
        return batch_by_number(ctx.store, year, scope.batch)
    batch = latest_batch(ctx.store, scope.year)
    if batch is None:
        raise PrintError("所选年度还没有批次。")
    return batch


@dataclass(frozen=True)
class BallotLayout:
    """岗前测评表 columns (mm) on an A4 portrait page."""

    number: float = 10
    post: float = 43
    kind: float = 12
    unit: float = 30
    members: float = 28
    choice: float = 15.6
    row_h: float = 12


BALLOT = BallotLayout()


def ballot_groups(posts: list[Row]) -> list[list[Row]]:
    """``ballot_posts`` rows as the ballots to print. While posts await their vote, the ballot for that
    vote only (evaluated posts are not voted on again). Once all are voted on, a reprint: one ballot
    per evaluation as it was (each unit votes on its own day)."""
    groups: dict[object, list[Row]] = {}
    for post in posts:
        groups.setdefault(post["evaluation_id"], []).append(post)
    if None in groups:
        return [groups[None]]
    return list(groups.values())


def build_ballots(ctx: Context, scope: Scope) -> None:
    """岗前测评表. A reprint after the vote shows each ballot as it was (DOMAIN rule 9): its posts, the
    members evaluated then (not who joined the post later), the pass line it was judged by and its date."""
    batch = resolve_batch(ctx, scope)
    posts = ballot_posts(ctx.store, int(batch["id"]))
    if not posts:
        raise PrintError(f"{batch['name']}没有等待测评或已测评的示范岗。")
    settings = ctx.store.settings()
    lay = BALLOT
    columns = [
        Column("序号", lay.number),
        Column("示范岗名称", lay.post, "left"),
        Column("类别", lay.kind),
        Column("所在单位", lay.unit, "left"),
        Column("上岗党员", lay.members, "left", names=True),
        *(Column(choice, lay.choice) for choice in CHOICES),
    ]
    first_choice = len(columns) - 3
    page = doc_page(ctx, A4_PAGE)
    sheet = Sheet(page.width, page.height)
    closing = "测评人（可不署名）：____________　　　　测评日期：______年____月____日"
    groups = ballot_groups(posts)
    total = len(groups) * max(1, ctx.options.copies)
    done = 0
    for group in groups:
        rows = [
            [str(i), str(p["name"]), "个人" if p["kind"] == PostKind.INDIVIDUAL.value else "集体", str(p["unit_name"]),
             str(p["member_names"] or ""), "", "", ""]
            for i, p in enumerate(group, 1)
        ]
        held_on = group[0]["held_on"]
        line = str(group[0]["threshold_percent"] or settings.pass_threshold_percent)
        intro = (f"请对下列党员示范岗提名人选逐一评价，在“满意”“基本满意”“不满意”中选择一项打“√”，多选或不选视为无效。"
                 f"满意票达到{line}%以上（含{line}%）的方可进入公示。")
        subtitle = str(ctx.organization["name"])
        if held_on:
            subtitle += f"　　（{chinese_date(held_on)}测评）"
        for copy in range(1, max(1, ctx.options.copies) + 1):
            ctx.tick(done, total)
            done += 1
            table_pages(
                ctx,
                title=f"{batch['name']}党员示范岗岗前测评表",
                subtitle=subtitle,
                intro=intro,
                closing=closing,
                columns=columns,
                rows=rows,
                row_h=lay.row_h,
                cell_hook=lambda _r, col, box: tick_boxes(ctx, sheet, box) if col >= first_choice else None,
                corner=f"编号：{copy:04d}",
                page=page,
                owner="岗前测评表",
            )
            ctx.count += 1


@dataclass(frozen=True)
class SurveyLayout:
    """满意度测评表 boxes (mm) on an A4 portrait page."""

    info_top: float
    info_h: float
    item_share: float  # of the text block's width; the three choices share the rest
    row_h: float
    table_top: float


SURVEY = SurveyLayout(info_top=47, info_h=24, item_share=80 / 170, row_h=12, table_top=76)
SURVEY_ITEMS = ("服务态度", "工作效率", "业务能力", "遵章守纪、廉洁自律", "履行承诺情况", "总体评价")


def survey_posts(ctx: Context, scope: Scope) -> list[Row]:
    if scope.post_code:
        post = queries.post(ctx.store, int(post_by_code(ctx.store, scope.post_code)["id"]))
        post["member_names"] = "、".join(m["name_snapshot"] for m in queries.post_members(ctx.store, int(post["id"])))
        return [post]
    posts = queries.posts(ctx.store, stage=None, unit_id=scope.unit_id)
    posts = [p for p in posts if p["stage"] == "on_duty"]
    if not posts:
        raise PrintError("所选范围内没有在岗的示范岗。")
    return posts


def build_survey_forms(ctx: Context, scope: Scope) -> None:
    posts = survey_posts(ctx, scope)
    terms = ctx.terms
    page = doc_page(ctx, A4_PAGE)
    sheet = Sheet(page.width, page.height)
    ts = ctx.typesetter
    c = ctx.canvas
    lay = SURVEY
    item_w = page.body_w * lay.item_share
    choice_w = (page.body_w - item_w) / len(CHOICES)
    shift = page.top - A4_PAGE.top + CORNER_H
    total = len(posts) * ctx.options.copies
    done = 0
    for post in posts:
        owner = f"示范岗“{post['name']}”"
        for copy in range(1, ctx.options.copies + 1):
            ctx.tick(done, total)
            done += 1
            page_title(ctx, sheet, page, f"党员示范岗{terms.survey_title()}表", str(ctx.organization["name"]),
                       corner=f"编号：{post['code'] or ''}-{copy:03d}")
            info = (f"示范岗名称：{post['name']}\n所在单位：{post['unit_name']}\n上岗党员：{post['member_names'] or ''}")
            ts.box(sheet, info, Box(page.left, lay.info_top + shift, page.body_w, lay.info_h), TextStyle(FontRole.SONG, size=12, min_size=8, leading=1.55), owner=owner, field_label="岗位信息")
            x0 = page.left
            columns = [Column("测评内容", item_w), *(Column(ch, choice_w) for ch in CHOICES)]
            y = table_header(ctx, sheet, x0, lay.table_top + shift, columns, lay.row_h)
            for item in SURVEY_ITEMS:
                table_row(ctx, sheet, x0, y, columns, [item, "", "", ""], lay.row_h, owner=owner)
                cx = x0 + item_w
                for _ in CHOICES:
                    tick_boxes(ctx, sheet, Box(cx, y, choice_w, lay.row_h))
                    cx += choice_w
                y += lay.row_h
            y += 6
            ts.single(sheet, "意见和建议：", Box(page.left, y, page.body_w, 7), TextStyle(FontRole.HEI, size=12), owner=owner,
                      field_label="意见和建议")
            c.setLineWidth(0.4)
            for line in range(4):
                ly = y + 16 + line * 9
                c.line(*sheet.point(page.left, ly), *sheet.point(page.width - page.right, ly))
            y += 16 + 4 * 9 + 6
            note = (f"说明：请在每项中选择一项打“√”。本表由{terms.public}填写，可不署名，"
                    f"填写后投入意见箱或交{terms.committee}党建办公室。感谢您对党员示范岗的监督！")
            ts.box(sheet, note, Box(page.left, y, page.body_w, 20), TextStyle(FontRole.KAI, size=11, min_size=8, leading=1.5),
                   owner=owner, field_label="说明")
            ts.single(sheet, "测评日期：______年____月____日", Box(page.left, y + 24, page.body_w, 7),
                      TextStyle(FontRole.SONG, size=11, align="right"), owner=owner, field_label="日期")
            page_number(ctx, sheet, page, copy)
            c.showPage()
            ctx.count += 1
    ctx.tick(total, total)


def build_review_forms(ctx: Context, scope: Scope) -> None:
    """五评表: one page per serving member, the five parts with their weights."""
    year = scope.year or ctx.store.today().year
    rows = serving_members(ctx.store, unit_id=scope.unit_id)
    if scope.post_code:
        code = scope.post_code
        rows = [r for r in rows if r["code"] == code]
    if not rows:
        raise PrintError("所选范围内没有在岗党员。")
    weights = ctx.store.settings().five_review_weights
    page = doc_page(ctx, A4_PAGE)
    sheet = Sheet(page.width, page.height)
    ts = ctx.typesetter
    c = ctx.canvas
    standard = "\n".join(f"{i}. {item}" for i, item in enumerate(ctx.terms.standard_items, 1))
    for n, member in enumerate(rows):
        ctx.tick(n, len(rows))
        owner = f"党员“{member['name_snapshot']}”"
        y = page_title(ctx, sheet, page, f"{year}年度党员示范岗“五评”表", str(ctx.organization["name"]))
        info = f"姓名：{member['name_snapshot']}　　示范岗：{member['post_name']}\n所在单位：{member['unit_name']}　　岗位编号：{member['code'] or ''}"
        ts.box(sheet, info, Box(page.left, y, page.body_w, 15), TextStyle(FontRole.SONG, size=12, min_size=8, leading=1.5), owner=owner,
               field_label="基本信息")
        y += 17
        columns = fit_columns([Column("评价方式", 34), Column("权重", 18), Column("得分", 22), Column("评价意见", 66),
                               Column("评价人签字", 30)], page.body_w)
        y = table_header(ctx, sheet, page.left, y, columns, 10)
        for part in ReviewPart:
            table_row(ctx, sheet, page.left, y, columns, [ctx.terms.review_part_label(part), f"{weights.get(part.value, 0)}%", "", "", ""], 16, owner=owner)
            y += 16
        table_row(ctx, sheet, page.left, y, columns, ["加权总分", "100%", "", "等次：优秀 / 合格 / 基本合格 / 不合格", ""], 12, owner=owner)
        y += 18
        ts.single(sheet, "对照标准（制定标准）：", Box(page.left, y, page.body_w, 7), TextStyle(FontRole.HEI, size=12), owner=owner,
                  field_label="标准")
        y += 8
        ts.box(sheet, standard, Box(page.left + 4, y, page.body_w - 4, 52), TextStyle(FontRole.SONG, size=11, min_size=7, leading=1.5),
               owner=owner, field_label="标准")
        y += 56
        ts.box(sheet, f"{ctx.terms.committee}（盖章）\n\n______年____月____日", Box(page.left + page.body_w - 80, y, 80, 24),
               TextStyle(FontRole.SONG, size=12, align="right", leading=1.4), owner=owner, field_label="落款")
        page_number(ctx, sheet, page, n + 1)
        c.showPage()
        ctx.count += 1
    ctx.tick(len(rows), len(rows))


GRADE_COLUMN = 4


def grade_boxes(ctx: Context, sheet: Sheet, cell: Box) -> None:
    """□优秀 □合格 □基本合格 □不合格 across a cell, the boxes drawn as vectors."""
    labels = [g.label for g in Grade]
    size = 3.2
    font_size = 9.0
    while True:
        widths = [ctx.fonts.width(label, FontRole.SONG, font_size) / mm + size + 1.2 for label in labels]
        if sum(widths) + 3 <= cell.w or font_size <= 5.5:
            break
        font_size -= 0.5
    style = TextStyle(FontRole.SONG, size=font_size, min_size=min(5.5, font_size), valign="middle")
    gap = max(0.8, (cell.w - 2 - sum(widths)) / (len(labels) - 1 or 1))
    x = cell.x + 1
    for label, width in zip(labels, widths, strict=True):
        bx, by, _bw, _bh = sheet.rect(Box(x, cell.y + (cell.h - size) / 2, size, size))
        check_box(ctx.canvas, bx, by, size * mm)
        ctx.typesetter.single(sheet, label, Box(x + size + 0.8, cell.y, width - size - 0.8, cell.h), style,
                              owner="月度考核表", field_label="等次")
        x += width + gap


def grade_rule(excellent: float, qualified: float, basic: float) -> str:
    """The grade boundaries as ``core.management.grade_for`` applies them (以上 includes the
    number; 不足 excludes it), so no score falls on two grades."""
    return (f"考核满分100分：{excellent:g}分以上为优秀，{qualified:g}分以上不足{excellent:g}分为合格，"
            f"{basic:g}分以上不足{qualified:g}分为基本合格，不足{basic:g}分为不合格（收回岗牌）（“以上”含本数）。"
            "等次栏在对应的方框内打“√”。")


SIGNATORIES = {
    UnitKind.BRANCH.value: "支部书记",
    UnitKind.GENERAL_BRANCH.value: "总支书记",
    UnitKind.DEPARTMENT.value: "科室负责人",
    UnitKind.BRANCH_HOSPITAL.value: "分院负责人",
}


def signatory(unit_kind: str) -> str:
    """Who signs a unit's monthly assessment: the branch secretary, or the head of a 科室 / 分院."""
    return SIGNATORIES.get(unit_kind, "支部书记")


def build_assessment_forms(ctx: Context, scope: Scope) -> None:
    """月度考核表: per unit and month, every serving member with score, grade and problems."""
    month = scope.month or queries.previous_month(ctx.store.today())
    try:
        year_text, month_text = month.split("-")
        year_number, month_number = int(year_text), int(month_text)
        if not 1 <= month_number <= 12 or not 2000 <= year_number <= 2100:
            raise ValueError(month)
    except ValueError:
        raise DomainError(f"月份“{month}”格式不正确，应为2026-10。") from None
    month_label = f"{year_number}年{month_number}月"
    rows = serving_members(ctx.store, unit_id=scope.unit_id)
    if not rows:
        raise PrintError("所选范围内没有在岗党员。")
    by_unit: dict[str, list[Row]] = {}
    for row in rows:
        by_unit.setdefault(str(row["unit_name"]), []).append(row)
    settings = ctx.store.settings()
    page: DocPage = doc_page(ctx, A4_LANDSCAPE_PAGE)
    columns = [Column("序号", 12), Column("姓名", 26, names=True), Column("示范岗", 56, "left"), Column("考核得分", 22), Column("等次", 58),
               Column("存在问题及整改要求", 61, "left"), Column("考核人", 32)]
    sheet = Sheet(page.width, page.height)
    ctx.canvas.setPageSize((page.width * mm, page.height * mm))
    for n, (unit_name, members) in enumerate(by_unit.items()):
        ctx.tick(n, len(by_unit))
        table_pages(
            ctx,
            title=f"党员示范岗{month_label}考核表",
            subtitle=f"{unit_name}　　（{ctx.organization['name']}）",
            intro=grade_rule(settings.grade_excellent, settings.grade_qualified, settings.grade_basic),
            closing=f"{signatory(str(members[0].get('unit_kind') or ''))}签字：____________　　　　考核日期：______年____月____日",
            columns=columns,
            rows=[[str(i), str(m["name_snapshot"]), str(m["post_name"]), "", "", "", ""] for i, m in enumerate(members, 1)],
            row_h=11,
            page=page,
            cell_hook=lambda _r, col, box: grade_boxes(ctx, sheet, box) if col == GRADE_COLUMN else None,
            owner=f"{unit_name}考核表",
        )
        ctx.count += 1
    ctx.tick(len(by_unit), len(by_unit))
