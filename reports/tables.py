"""Ruled tables: columns narrowed to the text block, cells that wrap between words (never inside a
campaign term or a name) or shrink to stay on one line, and a titled table over as many numbered
pages as it needs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reportlab.lib.colors import black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from reports.common import A4_PAGE, LIGHT, DocPage, page_number, page_title
from reports.fonts import FontRole
from reports.layout import Box, Sheet
from reports.render import Context
from reports.text import WORD_JOINER, Align, Fitted, TextStyle, keep_numbers, keep_together, tokens, visible


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm
    align: Align = "center"
    role: FontRole = FontRole.SONG
    names: bool = False  # the cells list person names (甲、乙、丙): a name never breaks, a line only after 、


def fit_columns(columns: Sequence[Column], width: float) -> list[Column]:
    """Columns narrowed proportionally when the table is wider than the text block."""
    total = sum(col.width for col in columns)
    k = min(1.0, width / total) if total else 1.0
    return [replace(col, width=col.width * k) for col in columns]


# Words a table cell never breaks inside (campaign terms and the usual endings of unit and post names).
CELL_WORDS = ["党员示范岗", "党员示范窗口", "示范岗", "示范窗口", "党支部", "党总支", "党委", "党工委", "服务站", "服务中心",
              "服务大厅", "便民服务", "社区", "窗口", "突击队", "先锋岗", "网格化", "执法队", "在岗", "已撤岗", "已撤销称号",
              "撤销称号", "待收回", "城市管理", "综合执法", "退役军人", "党群服务", "社保服务", "网格化服务", "基本满意", "不满意", "满意", "基本合格", "不合格", "合格", "优秀", "通过", "未通过"]
CELL_MIN = 6.5  # pt: the smallest any cell text goes
SHORT_CELL = 6  # characters: a cell this short (or one unbreakable word) is set on one line, shrunk if need be


def cell_text(value: str, column: Column) -> str:
    """The cell's text with word joiners where it must not break."""
    if column.names:
        return "、".join(WORD_JOINER.join(name) for name in value.split("、"))
    return keep_numbers(keep_together(value, CELL_WORDS))


def _one_line(text: str) -> bool:
    return len(visible(text)) <= SHORT_CELL or len(tokens(text)) <= 1


def fit_cell(ctx: Context, text: str, box: Box, style: TextStyle, *, header: bool = False) -> Fitted:
    """A cell's lines: a header or short cell shrinks to stay on one line; a longer one wraps
    between words (names only after 、) and shrinks only when the cell is too low."""
    ts = ctx.typesetter
    w, h = box.w * mm, box.h * mm
    if header or _one_line(text):
        one = ts.layout(text, w, h, replace(style, max_lines=1, min_size=min(style.size, CELL_MIN)))
        if one.fits:
            return one
    return ts.layout(text, w, h, replace(style, min_size=min(style.size, CELL_MIN)))


def column_sizes(ctx: Context, columns: Sequence[Column], rows: Sequence[Sequence[str]], size: float) -> list[float]:
    """One type size per column: the largest at which every short cell of the column fits on one
    line (not below 7.5 pt; a cell that needs less still shrinks on its own)."""
    sizes = []
    for j, col in enumerate(columns):
        best = size
        for row in rows:
            value = row[j]
            text = cell_text(value, col) if value else ""
            if not text or not _one_line(text):
                continue
            style = TextStyle(col.role, size=size, min_size=CELL_MIN, leading=1.2)
            fitted = ctx.typesetter.layout(text, (col.width - 2) * mm, 1000, replace(style, max_lines=1))
            best = min(best, fitted.size)
        sizes.append(max(min(size, 7.5), best))
    return sizes


def row_height(ctx: Context, columns: Sequence[Column], values: Sequence[str], height: float, sizes: Sequence[float],
               max_height: float | None = None) -> float:
    """The row's height (mm): ``height``, or more when a cell needs more lines at its column's size."""
    need = height
    limit = max_height if max_height is not None else height * 3
    for col, value, size in zip(columns, values, sizes, strict=True):
        if not value:
            continue
        text = cell_text(value, col)
        style = TextStyle(col.role, size=size, min_size=size, leading=1.2)
        fitted = fit_cell(ctx, text, Box(0, 0, col.width - 2, 1000), style)
        need = max(need, fitted.height(1.2) / mm + 2 + 1.6)
    return min(limit, need)


def table_header(ctx: Context, sheet: Sheet, x: float, y: float, columns: Sequence[Column], height: float) -> float:
    c = ctx.canvas
    total = sum(col.width for col in columns)
    bx, by, bw, bh = sheet.rect(Box(x, y, total, height))
    c.setFillColor(LIGHT)
    c.rect(bx, by, bw, bh, stroke=0, fill=1)
    titles = [col.title for col in columns]
    # One size for the whole header row: the largest at which every title fits on one line (≥ 8.5 pt).
    size = 10.5
    for col in columns:
        fitted = ctx.typesetter.layout(keep_together(col.title, CELL_WORDS), (col.width - 2) * mm, (height - 2) * mm,
                                       TextStyle(FontRole.HEI, size=10.5, min_size=CELL_MIN, max_lines=1))
        size = min(size, fitted.size)
    size = max(size, 8.5)
    return table_row(ctx, sheet, x, y, columns, titles, height, header=True, sizes=[size] * len(columns))


def table_row(ctx: Context, sheet: Sheet, x: float, y: float, columns: Sequence[Column], values: Sequence[str], height: float,
              *, header: bool = False, owner: str = "表格", size: float = 10.5, sizes: Sequence[float] | None = None) -> float:
    """One ruled row; a header or short cell shrinks to stay on one line, a longer one wraps
    between words (``sizes``: one size per column). Returns the y below the row."""
    c = ctx.canvas
    c.setStrokeColor(black)
    c.setLineWidth(0.6)
    cx = x
    for j, (col, value) in enumerate(zip(columns, values, strict=True)):
        box = Box(cx, y, col.width, height)
        rx, ry, rw, rh = sheet.rect(box)
        c.setStrokeColor(black)
        c.rect(rx, ry, rw, rh, stroke=1, fill=0)
        cell_size = sizes[j] if sizes is not None else size
        style = TextStyle(FontRole.HEI if header else col.role, size=cell_size, min_size=CELL_MIN, leading=1.2,
                          align="center" if header else col.align, valign="middle")
        if value:
            text = keep_together(value, CELL_WORDS) if header else cell_text(value, col)
            inner = box.inset(1.0)
            ctx.typesetter.box(sheet, text, inner, style, owner=owner, field_label=col.title,
                               fitted=fit_cell(ctx, text, inner, style, header=header))
        cx += col.width
    c.setFillColor(black)
    return y + height


def check_box(canvas: Canvas, x: float, y: float, size: float) -> None:
    """An empty tick box drawn as a vector square (x, y: lower left in points)."""
    canvas.setStrokeColor(black)
    canvas.setFillColor(white)
    canvas.setLineWidth(0.8)
    canvas.rect(x, y, size, size, stroke=1, fill=1)
    canvas.setFillColor(black)


CellHook = Callable[[int, int, Box], None]


def table_pages(
    ctx: Context,
    *,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    subtitle: str = "",
    intro: str = "",
    closing: str = "",
    row_h: float = 10.0,
    page: DocPage = A4_PAGE,
    cell_hook: CellHook | None = None,
    corner: str = "",
    owner: str = "表格",
) -> int:
    """A titled table over as many pages as it needs, header repeated, pages numbered.

    ``cell_hook(row, column, box)`` draws extra vector content into a cell (tick boxes).
    Returns the number of pages drawn."""
    c = ctx.canvas
    ts = ctx.typesetter
    sheet = Sheet(page.width, page.height)
    columns = fit_columns(columns, page.body_w)
    total_w = sum(col.width for col in columns)
    x0 = page.left + (page.body_w - total_w) / 2
    body_bottom = page.height - page.bottom
    sizes = column_sizes(ctx, columns, rows, 10.5)
    heights = [row_height(ctx, columns, row, row_h, sizes) for row in rows]
    pages = 0
    index = 0
    first = True
    while first or index < len(rows):
        pages += 1
        y = page_title(ctx, sheet, page, title, subtitle, corner=corner)
        if intro and first:
            intro_style = TextStyle(FontRole.SONG, size=11, min_size=8, leading=1.5)
            fitted = ts.layout(intro, page.body_w * mm, 60 * mm, intro_style)
            intro_h = fitted.height(intro_style.leading) / mm + 2
            ts.box(sheet, intro, Box(page.left, y, page.body_w, intro_h), intro_style, owner=owner, field_label="说明")
            y += intro_h + 2
        first = False
        y = table_header(ctx, sheet, x0, y, columns, row_h)
        closing_h = 0.0
        if closing:
            closing_style = TextStyle(FontRole.SONG, size=11, min_size=8, leading=1.6)
            closing_h = ts.layout(closing, page.body_w * mm, 80 * mm, closing_style).height(closing_style.leading) / mm + 6
        drawn = 0
        while index < len(rows):
            last = index == len(rows) - 1
            height = heights[index]
            need = height + (closing_h if last else 0)
            if drawn and y + need > body_bottom - 2:
                break
            drawn += 1
            table_row(ctx, sheet, x0, y, columns, rows[index], height, owner=owner, sizes=sizes)
            if cell_hook is not None:
                cx = x0
                for ci, col in enumerate(columns):
                    cell_hook(index, ci, Box(cx, y, col.width, height))
                    cx += col.width
            y += height
            index += 1
        if index >= len(rows) and closing:
            ts.box(sheet, closing, Box(page.left, y + 4, page.body_w, closing_h), TextStyle(FontRole.SONG, size=11, min_size=8, leading=1.6),
                   owner=owner, field_label="落款")
        page_number(ctx, sheet, page, pages)
        c.showPage()
    return pages


def tick_boxes(ctx: Context, sheet: Sheet, box: Box, size_mm: float = 4.2) -> None:
    """One vector tick box centred in a table cell."""
    x, y, w, h = sheet.rect(box)
    s = size_mm * mm
    check_box(ctx.canvas, x + (w - s) / 2, y + (h - s) / 2, s)
