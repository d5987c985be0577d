"""胸牌: badges for every member serving on a confirmed post, several to a sheet with crop marks.

Common sizes are 90×54 mm and 85×54 mm (a custom size scales the nearer layout). A partly used
sheet can be continued from any slot. The emblem and the QR code are defined once per PDF and
placed by reference; photos are embedded at no more than 300 dpi at their printed size.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.units import mm

from core import queries
from core.errors import DomainError
from core.queries import member_positions, members_photos, post_by_code
from core.store import Row
from reports.common import GOLD, RED
from reports.fonts import FontRole
from reports.layout import Box, Sheet
from reports.photos import draw_photo
from reports.render import Context, PrintError, Scope
from reports.tables import CELL_WORDS
from reports.text import TextStyle, keep_together

BAND_TEXT = "党员示范岗"


@dataclass(frozen=True)
class BadgeLayout:
    """The boxes of one badge in millimetres, measured from the badge's top-left corner."""

    size: tuple[float, float]
    band: Box
    emblem: Box
    title: Box
    photo: Box
    name: Box
    post: Box
    unit: Box
    footer: Box

    def scaled(self, width: float, height: float) -> BadgeLayout:
        """The same design stretched to another badge size (box by box, text refits)."""
        kx, ky = width / self.size[0], height / self.size[1]
        k = min(kx, ky)
        values: dict[str, object] = {"size": (width, height)}
        for f in fields(self):
            if f.name == "size":
                continue
            box: Box = getattr(self, f.name)
            if f.name in ("emblem", "photo"):  # keep proportions: scale evenly, anchor left/top
                values[f.name] = Box(box.x * kx, box.y * ky, box.w * k, box.h * k)
            else:
                values[f.name] = Box(box.x * kx, box.y * ky, box.w * kx, box.h * ky)
        return BadgeLayout(**values)  # type: ignore[arg-type]


BADGE_90x54 = BadgeLayout(
    size=(90.0, 54.0),
    band=Box(0, 0, 90, 11),
    emblem=Box(3, 1.5, 8, 8),
    title=Box(14, 1.8, 62, 7.4),
    photo=Box(4, 14, 20.5, 28.7),
    name=Box(28.5, 14.5, 57.5, 11),
    post=Box(28.5, 26.5, 57.5, 10.5),
    unit=Box(28.5, 37.5, 57.5, 5.5),
    footer=Box(0, 46, 90, 8),
)

BADGE_85x54 = BadgeLayout(
    size=(85.0, 54.0),
    band=Box(0, 0, 85, 11),
    emblem=Box(3, 1.5, 8, 8),
    title=Box(13.5, 1.8, 58, 7.4),
    photo=Box(4, 14, 20.5, 28.7),
    name=Box(28, 14.5, 53, 11),
    post=Box(28, 26.5, 53, 10.5),
    unit=Box(28, 37.5, 53, 5.5),
    footer=Box(0, 46, 85, 8),
)


@dataclass(frozen=True)
class SheetLayout:
    """How badges sit on the paper: grid origin, columns and rows, crop mark geometry (mm)."""

    columns: int
    rows: int
    left: float
    top: float
    badge: BadgeLayout
    mark_gap: float = 2.0
    mark_len: float = 5.0

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


MIN_MARGIN = 10.0  # room for crop marks and the printer's unprintable edge


def badge_layout(ctx: Context) -> BadgeLayout:
    opts = ctx.options
    if opts.badge_size == "85x54":
        return BADGE_85x54
    if opts.badge_size == "custom":
        w, h = opts.badge_custom_width, opts.badge_custom_height
        base = BADGE_85x54 if abs(w / h - 85 / 54) < abs(w / h - 90 / 54) else BADGE_90x54
        return base.scaled(w, h)
    return BADGE_90x54


def sheet_layout(paper_w: float, paper_h: float, badge: BadgeLayout) -> SheetLayout:
    bw, bh = badge.size
    columns = int((paper_w - 2 * MIN_MARGIN) // bw)
    rows = int((paper_h - 2 * MIN_MARGIN) // bh)
    if columns < 1 or rows < 1:
        raise PrintError(f"胸牌尺寸{bw:g}×{bh:g}毫米超过了纸张可打印范围，请调小胸牌尺寸或改用更大的纸张。")
    return SheetLayout(columns, rows, (paper_w - columns * bw) / 2, (paper_h - rows * bh) / 2, badge)


def badge_members(ctx: Context, scope: Scope) -> list[Row]:
    store = ctx.store
    rows = queries.serving_members(store, unit_id=scope.unit_id)
    if scope.post_code:
        post = post_by_code(store, scope.post_code)
        rows = [r for r in rows if r["post_id"] == post["id"]]
    if scope.member_id is not None:
        rows = [r for r in rows if r["member_id"] == scope.member_id]
    if not rows:
        raise PrintError("所选范围内没有在岗党员（只有已确定且未撤销的示范岗上的党员才能打印胸牌）。")
    return rows


def build(ctx: Context, scope: Scope) -> None:
    members = badge_members(ctx, scope)
    paper = ctx.options.paper_size()
    grid = sheet_layout(paper.width, paper.height, badge_layout(ctx))
    start = ctx.options.start_position - 1
    if not 0 <= start < grid.per_sheet:
        raise DomainError(f"起始位置应在1到{grid.per_sheet}之间（每张纸{grid.columns}列×{grid.rows}行）。")
    ids = [int(m["member_id"]) for m in members]
    photos = members_photos(ctx.store, ids) if ctx.options.show_photos else {}
    positions = member_positions(ctx.store, ids)
    sheet = Sheet(paper.width, paper.height)
    c = ctx.canvas
    slot = start
    total = len(members)
    for i, member in enumerate(members):
        if i % 50 == 0:
            ctx.tick(i, total)
        if slot == grid.per_sheet:
            if ctx.options.crop_marks:
                crop_marks(ctx, sheet, grid)
            c.showPage()
            slot = 0
        col, row = slot % grid.columns, slot // grid.columns
        bw, bh = grid.badge.size
        ox, oy = grid.left + col * bw, grid.top + row * bh
        c.saveState()
        c.translate(ox * mm, (paper.height - oy - bh) * mm)
        draw_badge(ctx, grid.badge, member, photos.get(int(member["member_id"])), positions.get(int(member["member_id"]), ""))
        c.restoreState()
        slot += 1
        ctx.count += 1
    if ctx.options.crop_marks:
        crop_marks(ctx, sheet, grid)
    c.showPage()
    ctx.tick(total, total)


def draw_badge(ctx: Context, layout: BadgeLayout, member: Row, photo: bytes | None, position: str) -> None:
    c = ctx.canvas
    ts = ctx.typesetter
    sheet = Sheet(*layout.size)
    name = str(member["name_snapshot"])
    owner = f"党员“{name}”"
    x, y, w, h = sheet.rect(layout.band)
    c.setFillColor(RED)
    c.rect(x, y, w, h, stroke=0, fill=1)
    if ctx.options.show_emblem:
        ex, ey, ew, eh = sheet.rect(layout.emblem)
        ctx.emblem.draw(ex, ey, min(ew, eh), background=False)
    ts.spaced(sheet, BAND_TEXT, layout.title, TextStyle(FontRole.TITLE, size=17, min_size=8, color=GOLD), owner=owner, field_label="标题")
    if ctx.options.show_photos:
        draw_photo(ctx, sheet, layout.photo, photo, key=f"m{member['member_id']}")
        text_left = None
    else:
        text_left = layout.photo.x
    name_box, post_box, unit_box = layout.name, layout.post, layout.unit
    if text_left is not None:
        name_box = Box(text_left, name_box.y, name_box.right - text_left, name_box.h)
        post_box = Box(text_left, post_box.y, post_box.right - text_left, post_box.h)
        unit_box = Box(text_left, unit_box.y, unit_box.right - text_left, unit_box.h)
    ts.single(sheet, name, name_box, TextStyle(FontRole.HEI, size=22, min_size=10, valign="middle", color=black),
              owner=owner, field_label="姓名")
    ts.box(sheet, keep_together(str(member["post_name"]), CELL_WORDS), post_box, TextStyle(FontRole.HEI, size=11, min_size=6.5, leading=1.2, valign="middle", color=RED),
           owner=owner, field_label="岗位名称")
    detail = str(member["unit_name"]) + (f"　{position}" if position else "")
    ts.single(sheet, detail, unit_box, TextStyle(FontRole.SONG, size=8.5, min_size=5.5, valign="middle"), owner=owner, field_label="所在单位")
    x, y, w, h = sheet.rect(layout.footer)
    c.setFillColor(HexColor("#FBE9E9"))
    c.rect(x, y, w, h, stroke=0, fill=1)
    c.setFillColor(RED)
    c.rect(x, y, w, 0.6 * mm, stroke=0, fill=1)
    footer = f"{ctx.organization['name']}　编号 {member['placard_no'] or ''}"
    ts.single(sheet, footer, layout.footer.inset(1.2), TextStyle(FontRole.SONG, size=7.5, min_size=5, align="center", valign="middle"),
              owner=owner, field_label="编号")
    # The badge outline helps when cutting by hand; it sits exactly on the cut line.
    c.setStrokeColor(HexColor("#DDDDDD"))
    c.setLineWidth(0.25)
    c.rect(0, 0, layout.size[0] * mm, layout.size[1] * mm, stroke=1, fill=0)
    c.setFillColor(white)


def crop_marks(ctx: Context, sheet: Sheet, grid: SheetLayout) -> None:
    """Short hairlines in the margins on every cut line, clear of the badges themselves."""
    c = ctx.canvas
    c.setStrokeColor(black)
    c.setLineWidth(0.25)
    bw, bh = grid.badge.size
    left, top = grid.left, grid.top
    right, bottom = left + grid.columns * bw, top + grid.rows * bh
    gap, length = grid.mark_gap, grid.mark_len
    for col in range(grid.columns + 1):
        x = left + col * bw
        for y0, y1 in ((top - gap - length, top - gap), (bottom + gap, bottom + gap + length)):
            c.line(*sheet.point(x, y0), *sheet.point(x, y1))
    for row in range(grid.rows + 1):
        y = top + row * bh
        for x0, x1 in ((left - gap - length, left - gap), (right + gap, right + gap + length)):
            c.line(*sheet.point(x0, y), *sheet.point(x1, y))
