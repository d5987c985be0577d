"""Notices and lists: 公示, 示范岗名单, 测评结果, 撤销通知 and the placard reclaim register.

A notice can be set as a 公文 following GB/T 9704-2012 (A4, top margin 37 mm, left 28 mm, a
156 × 225 mm text block of 22 lines × 28 characters, title in 2号小标宋, body in 3号仿宋,
page numbers “— 1 —” in 4号 type, odd pages right and even pages left) or as a plain notice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportlab.lib.units import mm

from core import queries
from core.enums import Grade, PostKind, PostStage, ReclaimReason, VetoGround
from core.queries import confirmed_posts, post_by_code, publicity_posts
from core.store import Row
from reports.common import MAX_MARGIN, MIN_MARGIN, chinese_date
from reports.fonts import FontRole
from reports.forms import resolve_batch
from reports.layout import Box, Sheet
from reports.render import Context, PrintError, Scope
from reports.tables import Column, column_sizes, row_height, table_header, table_row
from reports.text import Align, TextStyle, keep_numbers, keep_together, tokens


@dataclass(frozen=True)
class NoticeLayout:
    """A notice page in millimetres and points."""

    width: float
    height: float
    top: float
    left: float
    body_w: float
    body_h: float
    title_size: float
    title_role: FontRole
    body_size: float
    body_role: FontRole
    line_pitch: float  # mm from one body line to the next
    page_number_size: float
    page_number_gap: float  # mm below the text block
    official: bool


# GB/T 9704-2012: 22 lines in 225 mm; 3号 is 16 pt, set at 15.75 pt so that 28 characters
# fill the 156 mm line exactly as the standard's grid does.
OFFICIAL = NoticeLayout(
    width=210, height=297, top=37, left=28, body_w=156, body_h=225, title_size=22, title_role=FontRole.TITLE,
    body_size=15.75, body_role=FontRole.FANG, line_pitch=225 / 22, page_number_size=14, page_number_gap=7, official=True,
)
PLAIN = NoticeLayout(
    width=210, height=297, top=22, left=22, body_w=166, body_h=250, title_size=20, title_role=FontRole.TITLE,
    body_size=12.5, body_role=FontRole.SONG, line_pitch=7.6, page_number_size=10, page_number_gap=6, official=False,
)


class NoticeWriter:
    """Flows titles, paragraphs, tables and signatures down the pages of one notice."""

    def __init__(self, ctx: Context, layout: NoticeLayout) -> None:
        self.ctx = ctx
        self.lay = layout
        self.sheet = Sheet(layout.width, layout.height)
        self.y = layout.top
        self.page = 1
        self.owner = "通知"
        self.official_numbers = False  # “— 1 —” page numbers on a plain page (beside 公文 in one PDF)

    @property
    def bottom(self) -> float:
        return self.lay.top + self.lay.body_h

    def _footer(self) -> None:
        lay = self.lay
        official = lay.official or self.official_numbers
        size = OFFICIAL.page_number_size if official else lay.page_number_size
        text = f"— {self.page} —" if official else f"第 {self.page} 页"
        align: Align = ("right" if self.page % 2 else "left") if official else "center"
        inset = size / 72 * 25.4 if official else 0  # 空一字
        self.ctx.typesetter.single(
            self.sheet, text, Box(lay.left + inset, self.bottom + lay.page_number_gap, lay.body_w - 2 * inset, 7),
            TextStyle(FontRole.SONG, size=size, align=align), owner="页码", field_label="页码")

    def new_page(self) -> None:
        self._footer()
        self.ctx.canvas.showPage()
        self.page += 1
        self.y = self.lay.top

    def finish(self) -> None:
        self._footer()
        self.ctx.canvas.showPage()

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom + 0.01 and self.y > self.lay.top + 0.01:
            self.new_page()

    def title(self, text: str, keep: Sequence[str] = ()) -> None:
        """The title, centred; a two-line title is balanced and breaks only between words
        (GB/T 9704: 回行时词意完整、排列对称) — the campaign's terms, quoted names and ``keep``."""
        lay = self.lay
        text = keep_together(text, [*TITLE_WORDS, *keep, *_QUOTED.findall(text)])
        style = TextStyle(lay.title_role, size=lay.title_size, min_size=14, leading=1.35, align="center")
        fitted = self.ctx.typesetter.layout(text, lay.body_w * mm, 60 * mm, style)
        height = fitted.height(style.leading) / mm + 2
        width = balanced_width(self.ctx, text, lay.body_w, style, len(fitted.lines))
        self.ensure(height)
        box = Box(lay.left + (lay.body_w - width) / 2, self.y, width, height)
        self.ctx.typesetter.box(self.sheet, text, box, style, owner=self.owner, field_label="标题")
        self.y += height + (lay.line_pitch if lay.official else 6)

    def paragraph(self, text: str, *, indent: bool = True, align: Align = "justify", role: FontRole | None = None,
                  size: float | None = None) -> None:
        """A body paragraph on the line grid, indented two characters, split across pages."""
        lay = self.lay
        size = size or lay.body_size
        leading = lay.line_pitch * mm / size
        style = TextStyle(role or lay.body_role, size=size, min_size=size, leading=leading, align=align)
        text = keep_numbers(("　　" + text) if indent else text)
        lines = self.ctx.typesetter.layout(text, lay.body_w * mm, 10_000 * mm, style).lines
        self.ctx.typesetter.check(text, style.role, self.owner, "正文")
        for i, line in enumerate(lines):
            self.ensure(lay.line_pitch)
            x, y, w, h = self.sheet.rect(Box(lay.left, self.y, lay.body_w, lay.line_pitch))
            baseline = y + h - size * 0.86 - (lay.line_pitch * mm - size) / 2
            last = i == len(lines) - 1
            self.ctx.canvas.setFillColor(style.color)
            line_align = style.align if not (last and style.align == "justify") else "left"
            if line_align == "justify" and w - self.ctx.fonts.width(line, style.role, size) > 1.5 * size:
                # The line ends early because the next unit (a quoted name) did not fit: spreading
                # its characters would stretch it visibly, so it stays left-aligned.
                line_align = "left"
            self.ctx.typesetter.line(line, x, baseline, w, size, style.role, line_align)
            self.y += lay.line_pitch

    def blank(self, lines: float = 1) -> None:
        self.y += self.lay.line_pitch * lines

    @property
    def char(self) -> float:
        """One body character (mm): the unit of 空二字 and 右移二字."""
        return self.lay.body_size / 72 * 25.4

    def signature(self, name: str, when: str) -> None:
        """落款 after one blank line. Official (GB/T 9704-2012 7.3.5.2, no seal): the issuing body
        right-indented two characters, the date on the next line with its first character two
        characters right of the body's; a date longer than the body is right-indented two
        characters and the body moves left to keep that rule. Plain: both right-aligned, the
        date four characters in."""
        self.blank()
        lay = self.lay
        char = self.char
        style = TextStyle(lay.body_role, size=lay.body_size, min_size=lay.body_size * 0.7, align="left", valign="middle")
        self.ensure(2 * lay.line_pitch)
        placed: tuple[tuple[str, float], ...] = ()
        if lay.official:
            name_w = self.ctx.fonts.width(name, lay.body_role, lay.body_size) / mm
            date_w = self.ctx.fonts.width(when, lay.body_role, lay.body_size) / mm
            name_x, date_x = gbt_signature_x(lay.left, lay.body_w, char, name_w, date_w)
            placed = ((name, name_x), (when, date_x))
        for i, (text, right_pad) in enumerate(((name, 2 * char), (when, 4 * char))):
            if placed:
                x = placed[i][1]
                box = Box(x, self.y, lay.left + lay.body_w - x, lay.line_pitch)
                line_style = style
            else:
                box = Box(lay.left, self.y, lay.body_w - right_pad, lay.line_pitch)
                line_style = replace(style, align="right")
            self.ctx.typesetter.single(self.sheet, text, box, line_style, owner=self.owner, field_label="落款")
            self.y += lay.line_pitch

    def attachment_note(self, title: str) -> None:
        """附件说明 (GB/T 9704 7.3.3): after the body, one blank line, left-indented two characters."""
        self.blank()
        self.paragraph(f"附件：{title}", indent=True, align="left")

    def attachment(self, title: str) -> None:
        """The attachment on a new page (GB/T 9704 8.x): “附件” in 3号黑体 at the top left, its
        title centred on the third line, then the content."""
        self.new_page()
        lay = self.lay
        self.ctx.typesetter.single(self.sheet, "附件", Box(lay.left, self.y, lay.body_w, lay.line_pitch),
                                   TextStyle(FontRole.HEI, size=16, valign="middle"), owner=self.owner, field_label="附件")
        self.y += 2 * lay.line_pitch
        self.title(title)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], row_h: float = 10, size: float = 10.5) -> None:
        """A ruled table, one type size per column; a row grows when a cell needs more lines."""
        total = sum(c.width for c in columns)
        scale = min(1.0, self.lay.body_w / total)
        cols = [replace(c, width=c.width * scale) for c in columns]
        x0 = self.lay.left + (self.lay.body_w - sum(c.width for c in cols)) / 2
        sizes = column_sizes(self.ctx, cols, rows, size)
        self.ensure(row_h * 2)
        self.y = table_header(self.ctx, self.sheet, x0, self.y, cols, row_h)
        for row in rows:
            height = row_height(self.ctx, cols, row, row_h, sizes)
            if self.y + height > self.bottom:
                self.new_page()
                self.y = table_header(self.ctx, self.sheet, x0, self.y, cols, row_h)
            self.y = table_row(self.ctx, self.sheet, x0, self.y, cols, row, height, owner=self.owner, sizes=sizes)
        self.y += 4


def gbt_signature_x(left: float, body_w: float, char: float, name_w: float, date_w: float) -> tuple[float, float]:
    """x (mm) of the 发文机关署名 and the 成文日期 by GB/T 9704-2012 7.3.5.2 (no seal): the 署名
    right-indented two characters, the date's first character two characters right of the
    署名's; a date longer than the 署名 is right-indented two characters instead and the 署名
    moves left by as much."""
    right = left + body_w
    if date_w > name_w:
        date_x = right - 2 * char - date_w
        name_x = date_x - 2 * char
    else:
        name_x = right - 2 * char - name_w
        date_x = name_x + 2 * char
    return max(left, name_x), max(left, date_x)


# Words a title never breaks inside; names (batch, organization, quoted posts) are added per title.
TITLE_WORDS = ["党员示范岗", "拟确定对象", "岗前测评结果", "测评考核记录", "岗牌收回登记簿", "称号", "公示", "通知", "名单",
               "关于", "公布", "撤销"]
# A quoted name is kept whole whatever its length (a name wider than the line starts a new line first).
_QUOTED = re.compile(r"“[^”]+”")


def balanced_width(ctx: Context, text: str, width: float, style: TextStyle, lines: int) -> float:
    """The narrowest width (mm) that keeps a title on ``lines`` lines, so that a two-line
    title is balanced instead of leaving one character alone on its second line."""
    if lines <= 1:
        return width
    # Never narrower than the widest unbreakable unit (a quoted name): that would split it.
    widest = max((ctx.fonts.width(unit, style.role, style.size) / mm for unit in tokens(text)), default=0.0)
    if widest > width:
        return width
    low, high = max(width / lines, widest), width
    for _ in range(12):
        mid = (low + high) / 2
        if len(ctx.typesetter.layout(text, mid * mm, 200 * mm, style).lines) > lines:
            low = mid
        else:
            high = mid
    return min(width, high + 0.5)


def objection_contact(stored: str, committee: str, phone: str) -> str:
    """Whom the public writes to or calls: the stored contact when it names someone; a bare
    phone number becomes “{committee}党建办公室（电话：…）”."""
    stored = stored.strip()
    if stored and re.search(r"[\u4e00-\u9fff]", stored):
        return stored
    number = stored or phone
    return f"{committee}党建办公室（电话：{number}）" if number else f"{committee}党建办公室"


def short_date(text: str | None) -> str:
    return str(text)[:10].replace("-", ".") if text else ""


def plain(ctx: Context) -> NoticeLayout:
    """The plain notice, with the office's margins when it set them."""
    margin = ctx.options.page_margin
    if not margin:
        return PLAIN
    margin = min(MAX_MARGIN, max(MIN_MARGIN, margin))
    bottom = max(margin, 18.0)
    return replace(PLAIN, left=margin, top=margin, body_w=PLAIN.width - 2 * margin, body_h=PLAIN.height - margin - bottom)


def _layout(ctx: Context) -> NoticeLayout:
    return OFFICIAL if ctx.options.official_format else plain(ctx)


def _kind_short(kind: str) -> str:
    return "个人" if kind == PostKind.INDIVIDUAL.value else "集体"


def build_publicity(ctx: Context, scope: Scope) -> None:
    batch = resolve_batch(ctx, scope)
    periods = queries.publicity_periods(ctx.store, int(batch["id"]))
    if not periods:
        raise PrintError(f"{batch['name']}还没有开始公示，请先在“岗位公示”中设定公示期。")
    period = periods[0]
    posts = publicity_posts(ctx.store, int(period["id"]))
    results = {int(r["post_id"]): r for r in queries.evaluation_results(ctx.store, int(batch["id"]))}
    terms = ctx.terms
    settings = ctx.store.settings()
    org = ctx.organization
    # The line the publicized posts passed (recorded with their evaluation), not today's setting.
    lines = [str(results[int(p["id"])]["threshold_percent"]) for p in posts if int(p["id"]) in results]
    line = min(lines, key=float) if lines else settings.pass_threshold_percent
    w = NoticeWriter(ctx, _layout(ctx))
    w.owner = "公示"
    w.title(f"关于{batch['name']}党员示范岗拟确定对象的公示", keep=[str(batch["name"])])
    w.paragraph(
        f"根据{org['name']}党员示范岗创建活动安排，经各{terms.units_label}酝酿讨论、初步确定，并经岗前测评"
        f"（满意票达到{line}%以上），现将{batch['name']}党员示范岗拟确定对象{len(posts)}个予以公示（名单附后）。")
    w.paragraph(
        f"公示时间：{chinese_date(period['start_on'])}至{chinese_date(period['end_on'])}（{period['working_days']}个工作日）。")
    contact = objection_contact(str(period["contact"] or settings.objection_contact or ""), terms.committee,
                                str(org.get("supervision_phone") or ""))
    w.paragraph(
        f"公示期间，{'干部职工和患者' if terms.is_hospital else '广大干部群众'}如对公示对象有不同意见，可通过来信、来电或来访等方式向{contact}反映。"
        "反映情况应实事求是、客观公正，以个人名义反映的请署真实姓名，以单位名义反映的请加盖公章。")
    if period["channel"]:
        w.paragraph(f"公示地点：{period['channel']}。")
    w.paragraph(f"（公示期按{period['calendar_note']}计算。）", role=w.lay.body_role)
    if w.lay.official:
        w.attachment_note("拟确定党员示范岗名单")
        w.signature(str(org["name"]), chinese_date(period["start_on"]))
        w.attachment("拟确定党员示范岗名单")
    else:
        w.signature(str(org["name"]), chinese_date(period["start_on"]))
        w.blank()
        w.paragraph("附：拟确定党员示范岗名单", indent=False)
    rows = []
    for i, p in enumerate(posts, 1):
        result = results.get(int(p["id"]))
        rate = f"{result['rate'] * 100:.1f}%" if result else ""
        rows.append([str(i), str(p["name"]), _kind_short(str(p["kind"])), str(p["unit_name"]), str(p["member_names"] or ""), rate])
    w.table([Column("序号", 12), Column("示范岗名称", 50, "left"), Column("类别", 14), Column("所在单位", 38, "left"),
             Column("上岗党员", 30, "left", names=True), Column("测评满意率", 22)], rows)
    w.finish()
    ctx.count = len(posts)


def build_final_list(ctx: Context, scope: Scope) -> None:
    batch_id = None
    if scope.batch is not None:
        batch_id = int(resolve_batch(ctx, scope)["id"])
    posts = confirmed_posts(ctx.store, scope.year if batch_id is None else None, batch_id, scope.unit_id)
    posts = [p for p in posts if p["stage"] in (PostStage.ON_DUTY.value, PostStage.REVOKED.value, PostStage.WITHDRAWN.value)]
    if not posts:
        raise PrintError("所选范围内没有已确定的示范岗。")
    org = ctx.organization
    year_text = f"{scope.year}年度" if scope.year else ""
    w = NoticeWriter(ctx, _layout(ctx))
    w.owner = "示范岗名单"
    # The 名单 lists the posts that are 党员示范岗 now (seeds: 确定“党员示范岗”名单; a revoked post has lost
    # the title at once). The official notice announces only those; the plain list adds, in a separate
    # section with its own count, the posts confirmed in the same scope that have since ended.
    on_duty = [p for p in posts if p["stage"] == PostStage.ON_DUTY.value]
    ended = [p for p in posts if p["stage"] != PostStage.ON_DUTY.value]
    columns = [Column("序号", 11), Column("岗位编号", 21), Column("示范岗名称", 45, "left"), Column("类别", 11),
               Column("所在单位", 30, "left"), Column("上岗党员", 27, "left", names=True), Column("确定日期", 21)]
    rows = [[str(i), str(p["code"] or ""), str(p["name"]), _kind_short(str(p["kind"])), str(p["unit_name"]),
             str(p["member_names"] or ""), short_date(p["confirmed_on"])] for i, p in enumerate(on_duty, 1)]
    if w.lay.official:
        if not on_duty:
            raise PrintError("所选范围内没有在岗的示范岗，无法印发名单通知。")
        w.title(f"关于公布{year_text}党员示范岗名单的通知", keep=[year_text])
        w.paragraph(f"各{ctx.terms.units_label}：", indent=False)
        w.paragraph(f"经岗位设置、岗前测评、岗位公示等程序，并结合党员个人意愿，{org['name']}确定{len(on_duty)}个岗位为党员示范岗（名单见附件）。"
                    f"请各示范岗悬挂标牌、佩戴党徽胸牌，亮身份、亮职责、亮承诺、亮流程、亮业绩，自觉接受{ctx.terms.public}监督。")
        w.attachment_note("党员示范岗名单")
        w.signature(str(org["name"]), chinese_date(ctx.store.today()))
        w.attachment("党员示范岗名单")
        w.table(columns, rows, size=10)
        w.finish()
        ctx.count = len(on_duty)
        return
    w.title(f"{org['name']}{year_text}党员示范岗名单", keep=[str(org["name"]), year_text])
    if on_duty:
        w.paragraph(f"一、在岗党员示范岗（{len(on_duty)}个）", indent=False, role=FontRole.HEI)
        w.table(columns, rows, size=10)
    if ended:
        w.paragraph(f"{'二' if on_duty else '一'}、已撤销称号或已撤岗的示范岗（{len(ended)}个，已不再是党员示范岗，列此备查）",
                    indent=False, role=FontRole.HEI)
        ended_rows = [[str(i), str(p["code"] or ""), str(p["name"]), _kind_short(str(p["kind"])), str(p["unit_name"]),
                       short_date(p["confirmed_on"]), PostStage(p["stage"]).label] for i, p in enumerate(ended, 1)]
        w.table([*columns[:5], Column("确定日期", 21), Column("状态", 27)], ended_rows, size=10)
    w.finish()
    ctx.count = len(posts)


def build_results(ctx: Context, scope: Scope) -> None:
    """岗前测评结果 of a batch: each evaluation (each unit votes on its own day) with its own ballots and
    pass line, the members evaluated then, dated the day of the (last) evaluation, not the print date."""
    if scope.post_code:
        _post_record(ctx, scope.post_code)
        return
    batch = resolve_batch(ctx, scope)
    results = queries.evaluation_results(ctx.store, int(batch["id"]))
    if not results:
        raise PrintError(f"{batch['name']}还没有录入岗前测评结果。")
    sessions: dict[int, list[Row]] = {}
    for r in results:
        sessions.setdefault(int(r["evaluation_id"]), []).append(r)
    several = len(sessions) > 1
    w = NoticeWriter(ctx, plain(ctx))
    w.owner = "测评结果"
    w.title(f"{batch['name']}党员示范岗岗前测评结果", keep=[str(batch["name"])])
    columns = [Column("序号", 10), Column("示范岗名称", 40, "left"), Column("所在单位", 30, "left"),
               Column("上岗党员", 28, "left", names=True), Column("满意", 12), Column("基本满意", 15), Column("不满意", 13),
               Column("无效", 11), Column("满意率", 16), Column("结果", 15)]
    for session in sessions.values():
        first = session[0]
        basic = "计入" if first["basic_counts"] else "不计入"
        units = "、".join(dict.fromkeys(str(r["unit_name"]) for r in session))
        where = f"（{units}）" if several else ""
        w.paragraph(f"测评日期：{chinese_date(first['held_on'])}{where}；发出测评票{first['ballots_issued']}张，"
                    f"收回{first['ballots_returned']}张；通过线：满意票{first['threshold_percent']}%以上（含本数），"
                    f"“基本满意”{basic}满意票。")
        w.table(columns, [[str(i), str(r["post_name"]), str(r["unit_name"]), str(r["member_names"] or ""), str(r["satisfied"]),
                           str(r["basic"]), str(r["unsatisfied"]), str(r["invalid"]), f"{r['rate'] * 100:.1f}%",
                           "通过" if r["passed"] else "未通过"] for i, r in enumerate(session, 1)])
    passed = sum(1 for r in results if r["passed"])
    w.paragraph(f"共测评{len(results)}个岗位，通过{passed}个，未通过{len(results) - passed}个。")
    w.signature(str(ctx.organization["name"]), chinese_date(max(str(r["held_on"]) for r in results)))
    w.finish()
    ctx.count = len(results)


def _post_record(ctx: Context, code: str) -> None:
    """One post's record: satisfaction surveys, monthly scores and the five reviews."""
    post = post_by_code(ctx.store, code)
    post_id = int(post["id"])
    w = NoticeWriter(ctx, plain(ctx))
    w.owner = f"示范岗“{post['name']}”"
    w.title(f"“{post['name']}”测评考核记录")
    w.paragraph(f"岗位编号：{post['code']}　岗牌编号：{post['placard_no'] or ''}　状态：{PostStage(post['stage']).label}", indent=False)
    w.paragraph(f"一、{ctx.terms.survey_title()}", indent=False, role=FontRole.HEI)
    surveys = queries.surveys(ctx.store, post_id=post_id)
    w.table([Column("测评日期", 30), Column("发出", 16), Column("收回", 16), Column("满意", 16), Column("基本满意", 18), Column("不满意", 16),
             Column("满意率", 22), Column("预警", 16)],
            [[short_date(s["held_on"]), str(s["issued"]), str(s["returned"]), str(s["satisfied"]), str(s["basic"]),
              str(s["unsatisfied"]), f"{s['rate'] * 100:.1f}%", "低于预警线" if s["low"] else ""] for s in surveys] or [["暂无记录"] + [""] * 7])
    w.paragraph("二、月度考核", indent=False, role=FontRole.HEI)
    assessments = queries.assessments(ctx.store, post_id=post_id)
    w.table([Column("月份", 24), Column("姓名", 24, names=True), Column("得分", 18), Column("等次", 22), Column("考核人", 26), Column("备注", 52, "left")],
            [[str(a["month"]), str(a["member_name"]), f"{a['score']:g}", Grade(a["grade"]).label, str(a["assessor"]),
              str(a["comment"]) + ("（已更正）" if a["corrected"] else "")] for a in assessments] or [["暂无记录"] + [""] * 5])
    w.paragraph("三、“五评”结果", indent=False, role=FontRole.HEI)
    reviews = queries.five_reviews(ctx.store, post_id=post_id)
    w.table([Column("年度", 16), Column("姓名", 22, names=True), Column("自评", 15), Column("互评", 15), Column(f"{ctx.terms.public}测评", 20),
             Column("领导点评", 18), Column("组织考评", 18), Column("总分", 16), Column("等次", 18)],
            [[str(r["year"]), str(r["member_name"]), f"{r['score_self']:g}", f"{r['score_peer']:g}", f"{r['score_public']:g}",
              f"{r['score_leader']:g}", f"{r['score_organization']:g}", f"{r['total']:g}", Grade(r["grade"]).label] for r in reviews]
            or [["暂无记录"] + [""] * 8])
    w.finish()
    ctx.count = 1


def build_revocation(ctx: Context, scope: Scope) -> None:
    revocations = queries.revocations(ctx.store)
    if scope.post_code:
        revocations = [r for r in revocations if scope.post_code in (r["code"], r["placard_no"])]
    elif scope.year is not None:
        revocations = [r for r in revocations if str(r["decided_on"]).startswith(str(scope.year))]
    register = queries.reclaim_register(ctx.store)
    if not revocations and not register:
        raise PrintError("所选范围内没有撤销称号或收回岗牌的记录。")
    org = ctx.organization
    for n, r in enumerate(revocations):
        ctx.tick(n, len(revocations))
        w = NoticeWriter(ctx, _layout(ctx))
        w.owner = f"示范岗“{r['post_name']}”"
        w.title(f"关于撤销“{r['post_name']}”党员示范岗称号的通知")
        w.paragraph(f"{r['unit_name']}：", indent=False)
        ground = ctx.terms.veto_ground_label(VetoGround(r["ground"]))
        w.paragraph(f"经查，你单位“{r['post_name']}”（岗位编号{r['code']}，岗牌编号{r['placard_no']}）{r['description']}"
                    f"该情形属于“{ground}”。根据党员示范岗“一票否决”规定，经{r['decided_by'] or org['name']}研究决定，"
                    "撤销该岗位“党员示范岗”称号，收回岗牌和党徽胸牌。")
        w.paragraph(f"请你单位接到本通知后，及时将岗牌（编号{r['placard_no']}）交回{ctx.terms.committee}党建办公室，"
                    "并督促相关党员认真反思、切实整改。")
        w.signature(str(org["name"]), chinese_date(r["decided_on"]))
        w.finish()
        ctx.count += 1
    if register:
        w = NoticeWriter(ctx, plain(ctx))
        w.official_numbers = ctx.options.official_format and bool(revocations)  # numbered like the notices before it
        w.owner = "收牌登记"
        w.title(f"{org['name']}党员示范岗岗牌收回登记簿", keep=[str(org["name"])])
        rows = [[str(i), str(c["placard_no"]), str(c["post_name"]), str(c["unit_name"]), ReclaimReason(c["reason"]).label,
                 short_date(c["marked_on"]), short_date(c["returned_on"]) if c["returned_on"] else "待收回", str(c["received_by"]),
                 str(c["notes"])] for i, c in enumerate(register, 1)]
        w.table([Column("序号", 10), Column("岗牌编号", 24), Column("示范岗名称", 36, "left"), Column("所在单位", 28, "left"),
                 Column("收回原因", 24), Column("登记日期", 24), Column("交回日期", 24), Column("接收人", 16, names=True), Column("备注", 20)],
                rows, row_h=11, size=9.5)
        w.finish()
