"""标牌: the placard hung at each confirmed post (五亮: identity, duties, pledge, process, results).

Two reference layouts in millimetres (A4 portrait and A4 landscape); A3 and custom sizes use
the nearer one scaled proportionally to the paper. Individual posts show one member with a
large photo; collective posts a grid of members.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm

from core import queries
from core.enums import FiveDisplay, MemberCategory, PostKind, PostStage, Role
from core.errors import DomainError
from core.queries import batch_by_number, identity_mismatches, members_photos, post_by_code
from core.store import Row
from reports.common import DARK_RED, GOLD, RED, draw_qr, watermark
from reports.fonts import FontRole
from reports.layout import Box, Sheet, fit_scale
from reports.photos import draw_photo
from reports.render import Context, PrintError, Scope
from reports.tables import CELL_WORDS
from reports.text import WORD_JOINER, TextStyle, keep_together


@dataclass(frozen=True)
class PlacardLayout:
    """Every box of a placard in millimetres on its reference sheet."""

    sheet: tuple[float, float]
    frame: Box
    band: Box
    emblem: Box
    title: Box
    subtitle: Box
    post_name: Box
    unit: Box
    members: Box
    photo_individual: Box  # relative to ``members``
    displays: Box
    display_label_w: float
    footer: Box
    qr: Box


PORTRAIT = PlacardLayout(
    sheet=(210.0, 297.0),
    frame=Box(6, 6, 198, 285),
    band=Box(6, 6, 198, 50),
    emblem=Box(14, 11, 40, 40),
    title=Box(60, 12, 136, 26),
    subtitle=Box(60, 40, 136, 10),
    post_name=Box(14, 61, 182, 18),
    unit=Box(14, 80, 182, 8),
    members=Box(14, 92, 182, 64),
    photo_individual=Box(0, 0, 45, 63),
    displays=Box(14, 161, 182, 94),
    display_label_w=26,
    footer=Box(14, 261, 150, 24),
    qr=Box(170, 259, 26, 26),
)

LANDSCAPE = PlacardLayout(
    sheet=(297.0, 210.0),
    frame=Box(6, 6, 285, 198),
    band=Box(6, 6, 285, 40),
    emblem=Box(16, 9, 34, 34),
    title=Box(72, 9, 153, 22),
    subtitle=Box(72, 32, 153, 10),
    post_name=Box(14, 50, 269, 15),
    unit=Box(14, 66, 269, 7),
    members=Box(14, 77, 104, 100),
    photo_individual=Box(0, 4, 50, 70),
    displays=Box(124, 77, 159, 100),
    display_label_w=24,
    footer=Box(14, 181, 240, 20),
    qr=Box(262, 179, 22, 22),
)

DISPLAY_FIELDS: tuple[tuple[FiveDisplay, str], ...] = (
    (FiveDisplay.IDENTITY, "display_identity"),
    (FiveDisplay.DUTIES, "display_duties"),
    (FiveDisplay.PLEDGE, "display_pledge"),
    (FiveDisplay.PROCESS, "display_process"),
    (FiveDisplay.RESULTS, "display_results"),
)


def printable_posts(ctx: Context, scope: Scope) -> list[Row]:
    """Confirmed posts not revoked; with the 样张 option, posts still in the procedure too."""
    store = ctx.store
    if scope.post_code:
        rows = [queries.post(store, int(post_by_code(store, scope.post_code)["id"]))]
    else:
        batch_id = None
        if scope.batch is not None:
            if scope.year is None:
                raise DomainError("按批次打印时请同时指定年度。")
            batch_id = int(batch_by_number(store, scope.year, scope.batch)["id"])
        rows = queries.posts(store, year=scope.year if batch_id is None else None, batch_id=batch_id, unit_id=scope.unit_id)
    allowed = {PostStage.ON_DUTY.value}
    if ctx.options.sample_watermark:
        allowed |= {PostStage.NOMINATED.value, PostStage.EVALUATION_PASSED.value, PostStage.IN_PUBLICITY.value}
    chosen = [r for r in rows if r["stage"] in allowed]
    if not chosen:
        if scope.post_code and rows:
            stage = PostStage(rows[0]["stage"]).label
            raise PrintError(f"示范岗“{rows[0]['name']}”当前为“{stage}”，只有已确定且未撤销的示范岗才能打印标牌。")
        raise PrintError("所选范围内没有已确定的示范岗，无法打印标牌。")
    return chosen


def build(ctx: Context, scope: Scope) -> None:
    posts = printable_posts(ctx, scope)
    paper = ctx.options.paper_size()
    layout = LANDSCAPE if paper.landscape else PORTRAIT
    k, ox, oy = fit_scale(layout.sheet, paper)
    for i, post in enumerate(posts):
        ctx.tick(i, len(posts))
        c = ctx.canvas
        c.saveState()
        c.translate(ox * 2.834645669, oy * 2.834645669)
        c.scale(k, k)
        draw_placard(ctx, layout, post, k)
        c.restoreState()
        if post["stage"] != PostStage.ON_DUTY.value:
            pw, ph = paper.points
            watermark(ctx, pw, ph, avoid_top=ph * layout.band.bottom / layout.sheet[1])
        c.showPage()
        ctx.count += 1
    ctx.tick(len(posts), len(posts))


def draw_placard(ctx: Context, layout: PlacardLayout, post: Row, scale: float) -> None:
    c = ctx.canvas
    ts = ctx.typesetter
    opts = ctx.options
    sheet = Sheet(*layout.sheet)
    owner = f"示范岗“{post['name']}”"
    kind = PostKind(post["kind"])

    # Frame and the red band with emblem and title.
    x, y, w, h = sheet.rect(layout.frame)
    c.setStrokeColor(RED)
    c.setLineWidth(2.2)
    c.rect(x, y, w, h, stroke=1, fill=0)
    c.setLineWidth(0.6)
    c.rect(x + 4, y + 4, w - 8, h - 8, stroke=1, fill=0)
    x, y, w, h = sheet.rect(layout.band)
    c.setFillColor(RED)
    c.rect(x, y, w, h, stroke=0, fill=1)
    if opts.show_emblem:
        ex, ey, ew, eh = sheet.rect(layout.emblem)
        ctx.emblem.draw(ex, ey, min(ew, eh), background=False)
    ts.spaced(sheet, "党员示范岗", layout.title, TextStyle(FontRole.TITLE, size=60, min_size=20, color=GOLD),
              owner=owner, field_label="标题")
    ts.single(sheet, f"{kind.label}　{ctx.organization['name']}", layout.subtitle,
              TextStyle(FontRole.HEI, size=14, min_size=8, align="center", valign="middle", color=white), owner=owner, field_label="副标题")

    _post_title(ctx, sheet, layout.post_name, str(post["name"]), owner)
    ts.single(sheet, f"所在单位：{post['unit_name']}", layout.unit,
              TextStyle(FontRole.SONG, size=14, min_size=8, align="center", valign="middle"), owner=owner, field_label="所在单位")

    members = queries.post_members(ctx.store, int(post["id"]))
    photos = members_photos(ctx.store, [int(m["member_id"]) for m in members]) if opts.show_photos else {}
    if kind is PostKind.INDIVIDUAL or len(members) == 1:
        _individual(ctx, sheet, layout, post, members[0] if members else None, photos, scale)
    else:
        _collective(ctx, sheet, layout, members, photos, scale)

    if opts.show_five_displays:
        _displays(ctx, sheet, layout, post, owner)
        identity_notices(ctx, post)

    phone = str(ctx.organization.get("supervision_phone") or "")
    lines = [
        f"监督电话：{phone}" if phone else "监督电话：",
        f"岗牌编号：{post['placard_no'] or '（待确定）'}　　岗位编号：{post['code'] or '（待确定）'}",
        f"{ctx.terms.committee}　监制　　欢迎{ctx.terms.public}监督",
    ]
    ts.box(sheet, "\n".join(lines), layout.footer, TextStyle(FontRole.HEI, size=13, min_size=7, leading=1.45, valign="middle"),
           owner=owner, field_label="监督信息")
    if opts.show_qr and phone:
        qx, qy, qw, qh = sheet.rect(layout.qr)
        draw_qr(ctx, qx, qy, min(qw, qh), "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+"))


TITLE_STYLE = TextStyle(FontRole.HEI, size=30, min_size=14, leading=1.12, align="center", valign="middle", max_lines=2, color=DARK_RED)


def _post_title(ctx: Context, sheet: Sheet, box: Box, name: str, owner: str) -> None:
    """The post's name: one line when it fits large enough, else two lines balanced and broken
    between words (党员示范岗, 服务中心…), shrunk only when two lines are not enough."""
    ts = ctx.typesetter
    text = keep_together(name, CELL_WORDS)
    w, h = box.w * mm, box.h * mm
    fitted = ts.layout(text, w, h, TITLE_STYLE)
    if fitted.fits and len(fitted.lines) == 2:
        # Balance the two lines: the narrowest width that still gives two lines at this size.
        fixed = replace(TITLE_STYLE, size=fitted.size, min_size=fitted.size)
        low, high = w / 2, w
        for _ in range(12):
            mid = (low + high) / 2
            if ts.layout(text, mid, h, fixed).fits:
                high = mid
            else:
                low = mid
        width = min(box.w, high / mm + 1)
        ts.box(sheet, text, Box(box.x + (box.w - width) / 2, box.y, width, box.h), fixed, owner=owner, field_label="岗位名称")
        return
    ts.box(sheet, text, box, TITLE_STYLE, owner=owner, field_label="岗位名称")


def identity_notices(ctx: Context, post: Row) -> None:
    """Tell the clerk when 亮身份 still names a member who has left the post, or leaves out a
    current one (the text was typed at nomination); the placard is printed anyway."""
    stale, missing = identity_mismatches(ctx.store, int(post["id"]))
    where = f"示范岗“{post['name']}”的“亮身份”"
    for text in ([f"{where}仍写着已离岗的{'、'.join(stale)}，请在示范岗页修改后再打印。"] if stale else []) + (
            [f"{where}没有写上在岗的{'、'.join(missing)}，请在示范岗页修改后再打印。"] if missing else []):
        if text not in ctx.notices:
            ctx.notices.append(text)


def political_status(category: str | None) -> str:
    """政治面貌 as placards and forms write it (GB/T 4762 short names): 中共党员, or 中共预备党员
    for a probationary member."""
    return "中共预备党员" if category == MemberCategory.PROBATIONARY.value else "中共党员"


def _member_lines(member: Row) -> list[str]:
    lines = [f"姓　　名：{member['name_snapshot']}", f"政治面貌：{political_status(member.get('category_snapshot'))}"]
    if member.get("position_snapshot"):
        lines.append(f"工作岗位：{member['position_snapshot']}")
    lines.append(f"岗位职务：{Role(member['role']).label}")
    return lines


def _individual(ctx: Context, sheet: Sheet, layout: PlacardLayout, post: Row, member: Row | None, photos: dict[int, bytes],
                scale: float) -> None:
    area = layout.members
    photo = layout.photo_individual.shifted(area.x, area.y)
    if member is None:
        return
    owner = f"党员“{member['name_snapshot']}”"
    if ctx.options.show_photos:
        draw_photo(ctx, sheet, photo, photos.get(int(member["member_id"])), scale, key=f"m{member['member_id']}")
        text_box = Box(photo.right + 8, area.y + 2, area.right - photo.right - 8, area.h - 4)
    else:
        text_box = area
    lines = _member_lines(member)
    style = TextStyle(FontRole.SONG, size=16, min_size=8, leading=1.6, valign="middle")
    # Each item on one line (a value such as 中共党员 or 城市管理执法 never breaks), shrunk to fit;
    # only when that is impossible may an item wrap, after its label.
    whole = "\n".join(WORD_JOINER.join(line) for line in lines)
    if ctx.typesetter.layout(whole, text_box.w * mm, text_box.h * mm, replace(style, max_lines=len(lines))).fits:
        ctx.typesetter.box(sheet, whole, text_box, replace(style, max_lines=len(lines)), owner=owner, field_label="上岗信息")
        return
    kept = "\n".join(label + "：" + WORD_JOINER.join(value) for label, _, value in (line.partition("：") for line in lines))
    ctx.typesetter.box(sheet, kept, text_box, style, owner=owner, field_label="上岗信息")


def member_grid(n: int, area: Box, name_h: float, max_photo_h: float) -> tuple[int, int, float]:
    """Columns, rows and photo height (mm) that show ``n`` member photos (5:7) the largest."""
    best = (1, n, 0.0)
    for cols in range(1, n + 1):
        rows = -(-n // cols)
        cell_w, cell_h = area.w / cols, area.h / rows
        photo_h = min(cell_h - name_h - 2, (cell_w - 3) * 7 / 5, max_photo_h)
        if photo_h > best[2]:
            best = (cols, rows, photo_h)
    return best


MIN_GRID_PHOTO_H = 16.0  # below this the members are listed by name instead


def _collective(ctx: Context, sheet: Sheet, layout: PlacardLayout, members: list[Row], photos: dict[int, bytes], scale: float) -> None:
    area = layout.members
    ts = ctx.typesetter
    name_h = 6.0
    cols, rows, photo_h = member_grid(len(members), area, name_h, layout.photo_individual.h * 0.75)
    if not ctx.options.show_photos or photo_h < MIN_GRID_PHOTO_H:
        names = "、".join(f"{m['name_snapshot']}（{Role(m['role']).label}）" if m["role"] == Role.LEADER.value else m["name_snapshot"]
                         for m in members)
        for m in members:
            ts.check(m["name_snapshot"], FontRole.SONG, f"党员“{m['name_snapshot']}”", "姓名")
        ts.box(sheet, f"上岗党员（{len(members)}人）：{names}", area, TextStyle(FontRole.SONG, size=15, min_size=8, leading=1.5),
               owner="集体示范岗", field_label="上岗党员名单")
        return
    photo_w = photo_h * 5 / 7
    cell_w = max(photo_w + 3, min(area.w / cols, photo_w * 1.9))
    cell_h = photo_h + name_h + 2
    x0 = area.x + (area.w - cols * cell_w) / 2
    y0 = area.y + (area.h - rows * cell_h) / 2
    for i, m in enumerate(members):
        row, col = divmod(i, cols)
        in_row = min(cols, len(members) - row * cols)
        cx = x0 + (cols - in_row) * cell_w / 2 + col * cell_w  # centre a short last row
        cy = y0 + row * cell_h
        owner = f"党员“{m['name_snapshot']}”"
        photo = Box(cx + (cell_w - photo_w) / 2, cy, photo_w, photo_h)
        draw_photo(ctx, sheet, photo, photos.get(int(m["member_id"])), scale, key=f"m{m['member_id']}")
        label = m["name_snapshot"] + ("（负责人）" if m["role"] == Role.LEADER.value else "")
        ts.single(sheet, label, Box(cx + 1, photo.bottom + 0.8, cell_w - 2, name_h),
                  TextStyle(FontRole.SONG, size=12, min_size=6, align="center", valign="middle"), owner=owner, field_label="姓名")


_STEP_SEPARATORS = re.compile(r"(\s*(?:→|->|—>|⇒|➔|、|，|,|；|;|。)\s*|\s+|(?=(?:\d+[.、．]|[（(]\d+[)）]|[①-⑳])))")


def keep_steps(text: str) -> str:
    """A 亮流程 text whose steps never break inside (接待登记 → 分管领导审批 → …): a line breaks only
    between steps, at an arrow, 、 or before a numbered item."""
    parts = _STEP_SEPARATORS.split(text)
    out = []
    for i, part in enumerate(parts):
        if not part:
            continue
        out.append(part if i % 2 else WORD_JOINER.join(part))
    return "".join(out)


DISPLAY_STYLE = TextStyle(FontRole.SONG, size=16, min_size=7, leading=1.4, valign="middle")
DISPLAY_LEGIBLE = 10.0  # pt on the A4 reference: below this the five boxes share the height by content
DISPLAY_GAP = 1.2  # mm between the boxes
DISPLAY_INSET = 2.2  # mm inside a box


def display_texts(post: Row) -> list[str]:
    texts = []
    for display, column in DISPLAY_FIELDS:
        text = str(post.get(column) or "").strip() or "　"
        texts.append(keep_steps(text) if display is FiveDisplay.PROCESS else keep_together(text, CELL_WORDS))
    return texts


def display_heights(ctx: Context, layout: PlacardLayout, texts: list[str]) -> tuple[list[float], float]:
    """Heights (mm) of the five boxes and the size their texts share.

    Equal heights when every text fits at a legible size that way; otherwise the height is
    distributed by content at the largest common size that fits (so a long 亮职责 does not shrink
    to 7.5 pt beside a short 亮身份 at 16 pt). Overflow is left to the boxes only when even the
    smallest size does not fit."""
    area = layout.displays
    n = len(texts)
    text_w = (area.w - layout.display_label_w - 1.5 - 2 * DISPLAY_INSET) * mm
    equal = area.h / n
    ts = ctx.typesetter
    fits_equal = [ts.layout(t, text_w, (equal - DISPLAY_GAP - 2 * DISPLAY_INSET) * mm, DISPLAY_STYLE) for t in texts]
    common = min(f.size for f in fits_equal)
    if all(f.fits for f in fits_equal) and common >= min(DISPLAY_LEGIBLE, max(f.size for f in fits_equal)):
        return [equal] * n, DISPLAY_STYLE.size
    min_row = 11.0  # the label (亮身份) needs this much
    size = DISPLAY_STYLE.size
    while size >= DISPLAY_STYLE.min_size:
        fixed = replace(DISPLAY_STYLE, size=size, min_size=size)
        needs = []
        for t in texts:
            block = ts.layout(t, text_w, 10_000, fixed).height(fixed.leading) / mm
            needs.append(max(min_row, block + 2 * DISPLAY_INSET + DISPLAY_GAP + 1.0))
        if sum(needs) <= area.h:
            spare = (area.h - sum(needs)) / n
            return [need + spare for need in needs], size
        size -= 0.5
    return [equal] * n, DISPLAY_STYLE.size


def _displays(ctx: Context, sheet: Sheet, layout: PlacardLayout, post: Row, owner: str) -> None:
    c = ctx.canvas
    ts = ctx.typesetter
    area = layout.displays
    texts = display_texts(post)
    heights, size = display_heights(ctx, layout, texts)
    style = replace(DISPLAY_STYLE, size=size)
    y = area.y
    for (display, _column), text, row_h in zip(DISPLAY_FIELDS, texts, heights, strict=True):
        label_box = Box(area.x, y, layout.display_label_w, row_h - DISPLAY_GAP)
        text_box = Box(area.x + layout.display_label_w + 1.5, y, area.w - layout.display_label_w - 1.5, row_h - DISPLAY_GAP)
        x, by, w, h = sheet.rect(label_box)
        c.setFillColor(RED)
        c.rect(x, by, w, h, stroke=0, fill=1)
        x, by, w, h = sheet.rect(text_box)
        c.setFillColor(HexColor("#FFF6F0"))
        c.setStrokeColor(HexColor("#E3B5B5"))
        c.setLineWidth(0.5)
        c.rect(x, by, w, h, stroke=1, fill=1)
        ts.single(sheet, display.label, label_box.inset(1.5),
                  TextStyle(FontRole.HEI, size=17, min_size=8, align="center", valign="middle", color=white), owner=owner, field_label=display.label)
        ts.box(sheet, text, text_box.inset(DISPLAY_INSET), style, owner=owner, field_label=display.label)
        y += row_h
