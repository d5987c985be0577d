"""One entry point for every printed document: choose a kind and a scope, get a PDF or problems.

The command line and the print centre both call ``render``. Nothing here imports Qt. A
document with a character no font can draw is refused before anything is printed
(``PrintBlocked`` names the person and the character); text cut to fit is reported with the
PDF so the clerk can decide.
"""

from __future__ import annotations

import base64
import binascii
import errno
import io
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from core.enums import Terms
from core.errors import DomainError, os_error_text
from core.files import write_bytes_atomically
from core.store import Row, Store
from reports.emblem import Emblem, prepare_emblem_image
from reports.fonts import FontRole, FontSet
from reports.layout import Paper, PaperName
from reports.text import Problems, Typesetter


class DocumentKind(StrEnum):
    PLACARDS = "placards"
    BADGES = "badges"
    BALLOTS = "ballots"
    SURVEY_FORMS = "survey-forms"
    REVIEW_FORMS = "review-forms"
    ASSESSMENT_FORMS = "assessment-forms"
    PUBLICITY = "publicity"
    FINAL_LIST = "final-list"
    RESULTS = "results"
    REVOCATION = "revocation"
    ANNUAL_REPORT = "annual-report"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.PLACARDS: "示范岗标牌",
    DocumentKind.BADGES: "党徽胸牌",
    DocumentKind.BALLOTS: "岗前测评表",
    DocumentKind.SURVEY_FORMS: "满意度测评表",
    DocumentKind.REVIEW_FORMS: "五评表",
    DocumentKind.ASSESSMENT_FORMS: "月度考核表",
    DocumentKind.PUBLICITY: "公示",
    DocumentKind.FINAL_LIST: "示范岗名单",
    DocumentKind.RESULTS: "测评结果",
    DocumentKind.REVOCATION: "撤销通知及收牌登记",
    DocumentKind.ANNUAL_REPORT: "年度统计报告",
}

# Which scope fields each document uses (the print centre shows only these).
KIND_SCOPES: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.PLACARDS: ("year", "batch", "unit", "post"),
    DocumentKind.BADGES: ("unit", "post", "member"),
    DocumentKind.BALLOTS: ("year", "batch"),
    DocumentKind.SURVEY_FORMS: ("unit", "post"),
    DocumentKind.REVIEW_FORMS: ("year", "unit", "post"),
    DocumentKind.ASSESSMENT_FORMS: ("month", "unit"),
    DocumentKind.PUBLICITY: ("year", "batch"),
    DocumentKind.FINAL_LIST: ("year", "batch", "unit"),
    DocumentKind.RESULTS: ("year", "batch", "post"),
    DocumentKind.REVOCATION: ("year", "post"),
    DocumentKind.ANNUAL_REPORT: ("year",),
}


@dataclass(frozen=True)
class Scope:
    """Which records a document covers; ``None`` means all (or the current year/batch)."""

    year: int | None = None
    batch: int | None = None  # the batch number within the year
    unit_id: int | None = None
    post_code: str | None = None
    member_id: int | None = None
    month: str | None = None  # "2026-11"


@dataclass(frozen=True)
class PrintOptions:
    """Template settings the office can change; kept as a preference per document kind."""

    paper: str = PaperName.A4.value
    landscape: bool = False
    custom_width: float = 210.0
    custom_height: float = 297.0
    badge_size: str = "90x54"  # "90x54", "85x54" or "custom"
    badge_custom_width: float = 90.0
    badge_custom_height: float = 54.0
    start_position: int = 1  # first free slot on a partly used badge sheet (1-based)
    show_photos: bool = True
    show_qr: bool = True
    show_emblem: bool = True
    show_five_displays: bool = True
    crop_marks: bool = True
    official_format: bool = False  # GB/T 9704 公文 layout for notices
    sample_watermark: bool = False  # 样张: a preview of posts not yet confirmed
    copies: int = 1  # ballots and survey forms: numbered copies
    emblem_image: str = ""  # older versions: a path to the office's emblem image (now kept in the database)
    font_song: str = ""
    font_hei: str = ""
    use_system_fonts: bool = True
    page_margin: float = 0.0  # mm on every side of forms, lists and plain notices; 0: the template's own
    print_offset_x: float = 0.0  # mm: moves the printout right on this office's printer
    print_offset_y: float = 0.0  # mm: moves the printout down

    def paper_size(self) -> Paper:
        custom = (self.custom_width, self.custom_height)
        return Paper.named(self.paper, landscape=self.landscape, custom=custom)

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> PrintOptions:
        if not data:
            return cls()
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        defaults = cls()
        for key, value in data.items():
            if key not in known:
                continue
            default = getattr(defaults, key)
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if isinstance(value, type(default)):
                values[key] = value
        return replace(defaults, **values)


def preference_key(kind: DocumentKind) -> str:
    return f"print.{kind.value}"


def load_options(store: Store, kind: DocumentKind) -> PrintOptions:
    return PrintOptions.from_json(store.preference(preference_key(kind)))


def save_options(store: Store, kind: DocumentKind, options: PrintOptions) -> None:
    store.set_preference(preference_key(kind), options.to_json())


# -- the office's emblem image ------------------------------------------------------------------
# Kept in the database (preference ``print.emblem``: file name, format and the bytes in base64),
# so it moves with the data to another PC. Older versions stored a file path in every document's
# options (``PrintOptions.emblem_image``); that path is still read when no image is stored.
EMBLEM_KEY = "print.emblem"


@dataclass(frozen=True)
class EmblemImage:
    name: str  # the file name the clerk chose (shown in the print centre)
    data: bytes
    format: str  # "png" or "jpeg"


def stored_emblem(store: Store) -> EmblemImage | None:
    """The emblem image kept in the database, or None (the drawn emblem or an old path)."""
    value = store.preference(EMBLEM_KEY)
    if not isinstance(value, dict) or not value.get("data"):
        return None
    try:
        data = base64.b64decode(str(value["data"]), validate=True)
    except (binascii.Error, ValueError):
        return None
    return EmblemImage(str(value.get("name") or "党徽图片"), data, str(value.get("format") or ""))


def set_emblem_image(store: Store, data: bytes, name: str = "") -> EmblemImage:
    """Keep the office's emblem picture in the database for every document (checked and scaled
    down by ``prepare_emblem_image``; raises ``DomainError`` in Chinese when it is not usable).
    The old per-document file paths are cleared."""
    prepared, kind = prepare_emblem_image(data)
    image = EmblemImage(name or f"党徽图片.{'png' if kind == 'png' else 'jpg'}", prepared, kind)
    store.set_preference(EMBLEM_KEY, {"name": image.name, "format": kind,
                                      "data": base64.b64encode(prepared).decode("ascii")})
    _clear_emblem_paths(store)
    return image


def set_emblem_image_file(store: Store, path: str | Path) -> EmblemImage:
    """``set_emblem_image`` with the picture read from ``path`` (a Chinese message if unreadable)."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise DomainError(f"无法读取党徽图片“{source.name}”：{os_error_text(error)}。", field="emblem") from None
    return set_emblem_image(store, data, source.name)


def clear_emblem_image(store: Store) -> None:
    """Back to the drawn (vector) emblem in every document."""
    store.set_preference(EMBLEM_KEY, None)
    _clear_emblem_paths(store)


def _clear_emblem_paths(store: Store) -> None:
    for kind in DocumentKind:
        options = load_options(store, kind)
        if options.emblem_image:
            save_options(store, kind, replace(options, emblem_image=""))


def adopt_old_emblem_path(store: Store) -> bool:
    """An emblem path stored by an older version whose file is still there goes into the
    database, so it keeps working after the file moves. True when something was adopted."""
    if stored_emblem(store) is not None:
        return False
    for kind in DocumentKind:
        path = load_options(store, kind).emblem_image
        if path:
            try:
                set_emblem_image_file(store, path)
            except DomainError:
                return False  # left as it is: documents fall back with a notice
            return True
    return False


def emblem_choice_text(store: Store, options: PrintOptions) -> str:
    """What the print centre shows as the emblem in use."""
    stored = stored_emblem(store)
    if stored is not None:
        return f"本单位的党徽图片：{stored.name}（已保存在数据库中）"
    if options.emblem_image:
        path = Path(options.emblem_image)
        if path.is_file():
            return f"党徽图片：{path}"
        return f"找不到党徽图片“{path}”，打印时使用矢量党徽。请重新选择党徽图片。"
    return "矢量党徽（程序绘制）"


def resolve_emblem(store: Store, options: PrintOptions) -> tuple[bytes | None, list[str]]:
    """The emblem image a document uses (None: the drawn emblem) and notices for the clerk.

    A stored image wins; else an old file path, which may no longer exist (another PC, a USB
    stick taken out): then the drawn emblem is used and the notice says so, nothing fails."""
    stored = stored_emblem(store)
    if stored is not None:
        return stored.data, []
    if not options.emblem_image:
        return None, []
    path = Path(options.emblem_image)
    again = "本次使用程序绘制的矢量党徽；请在打印中心点“选择党徽图片…”重新选择，图片会保存在数据库中。"
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = "文件已不存在（可能换了电脑或拔出了U盘）" if isinstance(error, FileNotFoundError) else os_error_text(error)
        return None, [f"党徽图片“{path}”无法读取：{reason}。{again}"]
    try:
        return prepare_emblem_image(data)[0], []  # an old path was never checked: check it now
    except DomainError as error:
        return None, [f"党徽图片“{path}”不能使用：{error}{again}"]


class PrintError(Exception):
    """A problem the clerk must solve before printing; the message is Chinese."""


class PrintBlocked(PrintError):
    """Characters no font can draw: nothing is printed until they are solved."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        lines = [p.message for p in problems.blocking]
        super().__init__("以下内容无法正确打印，已停止生成：\n" + "\n".join(lines))


class Cancelled(Exception):
    """The clerk cancelled a long batch."""


class SaveFailed(PrintError):
    """The PDF could not be written (file open in another program, no permission, disk full)."""


def save_error_text(target: Path, error: OSError) -> str:
    """A Chinese sentence for a PDF that could not be written to ``target``."""
    code = getattr(error, "errno", None)
    if code == errno.EINVAL and getattr(error, "winerror", None) in (None, 123):  # ERROR_INVALID_NAME
        reason = "文件名或路径中有不允许的字符（\\ / : * ? \" < > |）"
    else:
        reason = os_error_text(error)
    if "占用" in reason:
        advice = ""
    elif code in (errno.EACCES, errno.EPERM) and _exists(target):
        # Windows reports a PDF open in a viewer (Acrobat, WPS) like this too, without saying so.
        advice = "如果这个文件正在PDF阅读器（如WPS）中打开，请先关闭它再保存，或换一个文件名。"
    elif code == errno.ENOSPC:
        advice = "请清理磁盘或换一个磁盘保存。"
    else:
        advice = "请换一个文件夹或文件名后重试。"
    return f"无法保存到“{target}”：{reason}。{advice}"


def _exists(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    problems: Problems
    kind: DocumentKind
    count: int = 0  # how many items (posts, badges, forms) were printed
    notices: list[str] = field(default_factory=list)  # said to the clerk, printing goes on (e.g. emblem fallback)

    @property
    def warnings(self) -> list[str]:
        """Text cut to fit (the command line's exit code 4)."""
        return [p.message for p in self.problems.overflows]

    def save(self, path: str | Path) -> Path:
        """Write the PDF to ``path``. It is written next to the target first and then moved over
        it, so a full disk never leaves half a file in place of the old one. Raises
        ``SaveFailed`` with a Chinese message (the file open in Acrobat/WPS, no permission,
        disk full …)."""
        target = Path(path)
        try:
            return write_bytes_atomically(target, self.pdf)
        except OSError as error:
            raise SaveFailed(save_error_text(target, error)) from error
        except DomainError as error:  # the open database itself was chosen
            raise SaveFailed(str(error)) from error


Progress = Callable[[int, int], None]


@dataclass
class Context:
    """Everything a document builder needs: data access, canvas, fonts, typesetter, emblem."""

    store: Store
    options: PrintOptions
    fonts: FontSet
    canvas: Canvas
    typesetter: Typesetter
    emblem: Emblem
    problems: Problems
    terms: Terms
    organization: Row
    progress: Progress | None = None
    cancelled: Callable[[], bool] | None = None
    count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # said to the clerk with the PDF; printing goes on

    def tick(self, done: int, total: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled
        if self.progress is not None:
            self.progress(done, total)


Builder = Callable[[Context, Scope], None]


def _builders() -> dict[DocumentKind, Builder]:
    from reports import annual, badges, forms, notices, placards

    return {
        DocumentKind.PLACARDS: placards.build,
        DocumentKind.BADGES: badges.build,
        DocumentKind.BALLOTS: forms.build_ballots,
        DocumentKind.SURVEY_FORMS: forms.build_survey_forms,
        DocumentKind.REVIEW_FORMS: forms.build_review_forms,
        DocumentKind.ASSESSMENT_FORMS: forms.build_assessment_forms,
        DocumentKind.PUBLICITY: notices.build_publicity,
        DocumentKind.FINAL_LIST: notices.build_final_list,
        DocumentKind.RESULTS: notices.build_results,
        DocumentKind.REVOCATION: notices.build_revocation,
        DocumentKind.ANNUAL_REPORT: annual.build,
    }


_FONT_SETS: dict[tuple[bool, str, str], FontSet] = {}


def font_set(options: PrintOptions) -> FontSet:
    """Font sets are reused between documents: finding and loading fonts takes time."""
    key = (options.use_system_fonts, options.font_song, options.font_hei)
    if key not in _FONT_SETS:
        preferred = {role: value for role, value in ((FontRole.SONG, options.font_song), (FontRole.HEI, options.font_hei)) if value}
        _FONT_SETS[key] = FontSet(system=options.use_system_fonts, preferred=preferred)
    return _FONT_SETS[key]


def new_canvas(buffer: io.BytesIO, fonts: FontSet, options: PrintOptions, title: str) -> Canvas:
    canvas = Canvas(
        buffer,
        pagesize=options.paper_size().points,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.primary(FontRole.SONG).name,
        initialFontSize=12,
    )
    canvas.setTitle(title)
    canvas.setAuthor("党员示范岗创建管理系统")
    canvas.setCreator("党员示范岗创建管理系统")
    canvas.setSubject(title)
    return canvas


def render(
    store: Store,
    kind: DocumentKind | str,
    scope: Scope | None = None,
    options: PrintOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    fonts: FontSet | None = None,
) -> RenderResult:
    """Build one document. Raises ``PrintBlocked`` when a character cannot be drawn,
    ``PrintError`` when the scope holds nothing to print, ``Cancelled`` when cancelled."""
    kind = DocumentKind(kind)
    scope = scope or Scope()
    options = options or load_options(store, kind)
    fonts = fonts or font_set(options)
    problems = Problems()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, options, kind.label)
    emblem_image, notices = resolve_emblem(store, options)
    try:
        emblem = Emblem(canvas, emblem_image)
    except Exception:  # reportlab/PIL cannot read the picture: never let the emblem stop every document
        emblem = Emblem(canvas, None)
        notices.append("党徽图片无法读取（文件可能已损坏），本次使用程序绘制的矢量党徽；请在打印中心重新选择党徽图片。")
    ctx = Context(
        store=store,
        options=options,
        fonts=fonts,
        canvas=canvas,
        typesetter=Typesetter(canvas, fonts, problems),
        emblem=emblem,
        problems=problems,
        terms=store.terms(),
        organization=store.organization(),
        progress=progress,
        cancelled=cancelled,
        notices=notices,
    )
    _builders()[kind](ctx, scope)
    if problems.blocking:
        raise PrintBlocked(problems)
    pages = canvas.getPageNumber() - 1
    canvas.save()
    return RenderResult(buffer.getvalue(), pages, problems, kind, ctx.count, notices)
