"""Pieces several documents share: photos at print resolution, cached QR codes, watermark,
titled pages with page numbers, and ruled tables."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import qrcode
from PIL import Image
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas

from reports.fonts import FontRole
from reports.layout import Box, Sheet
from reports.render import Context
from reports.text import WORD_JOINER, Align, Fitted, TextStyle, keep_numbers, keep_together, tokens, visible

RED = HexColor("#C8102E")
DARK_RED = HexColor("#9E0B0F")
GOLD = HexColor("#FFD200")
GREY = HexColor("#777777")
LIGHT = HexColor("#F6E7E7")
MAX_DPI = 300


def chinese_date(text: str | date | None) -> str:
    """2026-10-20 → 2026年10月20日; blanks to fill in by hand when there is no date."""
    if not text:
        return "　　年　　月　　日"
    day = text if isinstance(text, date) else date.fromisoformat(str(text)[:10])
    return f"{day.year}年{day.month}月{day.day}日"


class JpegImage(ImageReader):  # type: ignore[misc]
    """A JPEG handed to reportlab as it is.

    reportlab embeds a JPEG without re-encoding, but to name an ``ImageReader`` it first decodes
    the whole picture and hashes the pixels; this reader hands over the compressed bytes instead
    (unique per picture, and the same picture is still embedded only once)."""

    def __init__(self, data: bytes, width: int, height: int) -> None:  # no super(): nothing to decode
        self._data = data
        self._width = width
        self._height = height
        self._dataA = None
        self.fileName = f"jpeg-{hashlib.sha1(data).hexdigest()}"
        self.mode = "RGB"

    def getRGBData(self) -> bytes:
        return self._data

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self._data)

    def getSize(self) -> tuple[int, int]:
        return self._width, self._height


@dataclass(frozen=True)
class PreparedPhoto:
    reader: ImageReader
    aspect: float  # width / height of the image as embedded


def prepare_photo(data: bytes, width_mm: float, height_mm: float) -> PreparedPhoto | None:
    """A photo ready to embed at most at 300 dpi at its printed size.

    A JPEG already small enough is embedded as it is (no decoding or re-encoding, fast for
    20,000 badges); a larger picture is cropped to the box's proportions and downsampled."""
    px_w = max(1, round(width_mm / 25.4 * MAX_DPI))
    px_h = max(1, round(height_mm / 25.4 * MAX_DPI))
    try:
        iw, ih, channels = readJPEGInfo(io.BytesIO(data))[:3]
    except Exception:
        channels = 0
    if channels in (1, 3) and iw <= px_w * 1.05 and ih <= px_h * 1.05:
        return PreparedPhoto(JpegImage(data, iw, ih), iw / ih)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = opened.convert("RGB")
    except (OSError, ValueError):
        return None
    iw, ih = image.size
    target_ratio = px_w / px_h
    if iw / ih > target_ratio:  # too wide: crop the sides
        new_w = round(ih * target_ratio)
        image = image.crop(((iw - new_w) // 2, 0, (iw - new_w) // 2 + new_w, ih))
    elif iw / ih < target_ratio:  # too tall: keep the top, where the face is
        image = image.crop((0, 0, iw, round(iw / target_ratio)))
    if image.size[0] > px_w:
        image = image.resize((px_w, px_h), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return PreparedPhoto(JpegImage(out.getvalue(), *image.size), image.size[0] / image.size[1])


def draw_prepared(canvas: Canvas, photo: PreparedPhoto, x: float, y: float, w: float, h: float) -> None:
    """Fill the box with the photo, cropping (by clipping) what sticks out; never distorted."""
    box_aspect = w / h
    if abs(photo.aspect - box_aspect) / box_aspect < 0.01:
        canvas.drawImage(photo.reader, x, y, w, h)
        return
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, w, h)
    canvas.clipPath(path, stroke=0, fill=0)
    if photo.aspect > box_aspect:
        dw = h * photo.aspect
        canvas.drawImage(photo.reader, x - (dw - w) / 2, y, dw, h)
    else:
        dh = w / photo.aspect
        canvas.drawImage(photo.reader, x, y + h - dh, w, dh)
    canvas.restoreState()


def draw_photo(ctx: Context, sheet: Sheet, box: Box, data: bytes | None, scale: float = 1.0, key: str = "") -> None:
    """The member's photo filling ``box``; a neat empty frame reading 照片 when there is none."""
    c = ctx.canvas
    x, y, w, h = sheet.rect(box)
    cache: dict[tuple[str, float, float], PreparedPhoto | None] = ctx.extra.setdefault("photos", {})
    photo: PreparedPhoto | None = None
    if data:
        cache_key = (key or hashlib.sha1(data).hexdigest(), round(box.w * scale, 1), round(box.h * scale, 1))
        if cache_key not in cache:
            cache[cache_key] = prepare_photo(data, box.w * scale, box.h * scale)
        photo = cache[cache_key]
    if photo is not None:
        draw_prepared(c, photo, x, y, w, h)
    else:
        c.setStrokeColor(GREY)
        c.setLineWidth(0.5)
        c.setDash(2, 2)
        c.rect(x, y, w, h, stroke=1, fill=0)
        c.setDash()
        ctx.typesetter.box(sheet, "照片", box, TextStyle(FontRole.SONG, size=min(10, box.w), align="center", valign="middle",
                                                      color=GREY), owner="", field_label="照片")
    c.setStrokeColor(HexColor("#BBBBBB"))
    c.setLineWidth(0.3)
    c.rect(x, y, w, h, stroke=1, fill=0)


def draw_qr(ctx: Context, x: float, y: float, size: float, data: str) -> None:
    """A QR code as vector squares, defined once per document and placed by reference."""
    c = ctx.canvas
    forms: dict[str, str] = ctx.extra.setdefault("qr_forms", {})
    name = forms.get(data)
    if name is None:
        qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
        qr.add_data(data)
        qr.make(fit=True)
        matrix = qr.get_matrix()
        n = len(matrix)
        name = f"SFGQR{len(forms) + 1}"
        c.beginForm(name, lowerx=0, lowery=0, upperx=n, uppery=n)
        c.setFillColor(black)
        for row, cells in enumerate(matrix):
            col = 0
            while col < n:
                if cells[col]:
                    start = col
                    while col < n and cells[col]:
                        col += 1
                    c.rect(start, n - row - 1, col - start, 1, stroke=0, fill=1)
                else:
                    col += 1
        c.endForm()
        forms[data] = name
        ctx.extra.setdefault("qr_sizes", {})[name] = n
    n = ctx.extra["qr_sizes"][name]
    c.saveState()
    c.translate(x, y)
    c.scale(size / n, size / n)
    c.doForm(name)
    c.restoreState()


def watermark(ctx: Context, width_pt: float, height_pt: float, avoid_top: float = 0.0) -> None:
    """样张 across the page, below ``avoid_top`` points from the top (the emblem's area)."""
    c = ctx.canvas
    font = ctx.fonts.primary(FontRole.HEI)
    c.saveState()
    c.setFillColor(Color(0.8, 0.1, 0.1, alpha=0.18))
    size = min(width_pt, height_pt - avoid_top) / 2.6
    c.setFont(font.name, size)
    c.translate(width_pt / 2, (height_pt - avoid_top) / 2)
    c.rotate(30)
    c.drawCentredString(0, -size / 3, "样张")
    c.restoreState()


@dataclass(frozen=True)
class DocPage:
    """A plain A4 document page in millimetres: margins, title block, footer with page number."""

    width: float = 210.0
    height: float = 297.0
    left: float = 20.0
    right: float = 20.0
    top: float = 20.0
    bottom: float = 18.0
    title_h: float = 14.0
    subtitle_h: float = 8.0

    @property
    def body_w(self) -> float:
        return self.width - self.left - self.right


A4_PAGE = DocPage()
A4_LANDSCAPE_PAGE = DocPage(width=297.0, height=210.0, left=15.0, right=15.0, top=15.0, bottom=14.0)
MIN_MARGIN, MAX_MARGIN = 8.0, 40.0


def doc_page(ctx: Context, base: DocPage) -> DocPage:
    """The template's page with the office's margins, if it set any (within 8–40 mm)."""
    margin = ctx.options.page_margin
    if not margin:
        return base
    margin = min(MAX_MARGIN, max(MIN_MARGIN, margin))
    return replace(base, left=margin, right=margin, top=margin, bottom=max(margin, 14.0))


def fit_columns(columns: Sequence[Column], width: float) -> list[Column]:
    """Columns narrowed proportionally when the table is wider than the text block."""
    total = sum(col.width for col in columns)
    k = min(1.0, width / total) if total else 1.0
    return [replace(col, width=col.width * k) for col in columns]


CORNER_H = 7.0  # the copy number line above a form's title


def page_title(ctx: Context, sheet: Sheet, page: DocPage, title: str, subtitle: str = "", *, corner: str = "") -> float:
    """Draw the copy number (if any), the title and subtitle; return the y (mm) where the body starts."""
    ts = ctx.typesetter
    y = page.top
    if corner:
        ts.single(sheet, corner, Box(page.left, y, page.body_w, CORNER_H - 1), TextStyle(FontRole.SONG, size=10.5, align="right"),
                  owner="编号", field_label="编号")
        y += CORNER_H
    ts.single(sheet, title, Box(page.left, y, page.body_w, page.title_h),
              TextStyle(FontRole.TITLE, size=20, min_size=12, align="center", valign="middle"), owner="标题", field_label="标题")
    y += page.title_h
    if subtitle:
        ts.single(sheet, subtitle, Box(page.left, y, page.body_w, page.subtitle_h),
                  TextStyle(FontRole.SONG, size=11, min_size=8, align="center", valign="middle"), owner="副标题", field_label="副标题")
        y += page.subtitle_h
    return y + 3


def page_number(ctx: Context, sheet: Sheet, page: DocPage, number: int, official: bool = False) -> None:
    text = f"— {number} —" if official else f"第 {number} 页"
    ctx.typesetter.single(sheet, text, Box(page.left, page.height - page.bottom + 4, page.body_w, 6),
                          TextStyle(FontRole.SONG, size=10, align="center"), owner="页码", field_label="页码")


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm
    align: Align = "center"
    role: FontRole = FontRole.SONG
    names: bool = False  # the cells list person names (甲、乙、丙): a name never breaks, a line only after 、


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
