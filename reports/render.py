"""One entry point for every printed document: choose a kind and a scope, get a PDF or problems.

The command line and the print centre both call ``render``. Nothing here imports Qt. A
document with a character no font can draw is refused before anything is printed
(``PrintBlocked`` names the person and the character); text cut to fit is reported with the
PDF so the clerk can decide.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from core.enums import Terms
from core.store import Row, Store
from reports.emblem import Emblem
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
    emblem_image: str = ""
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


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    problems: Problems
    kind: DocumentKind
    count: int = 0  # how many items (posts, badges, forms) were printed

    @property
    def warnings(self) -> list[str]:
        return [p.message for p in self.problems.overflows]

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.write_bytes(self.pdf)
        return target


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
    emblem = Emblem(canvas, options.emblem_image or None)
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
    )
    _builders()[kind](ctx, scope)
    if problems.blocking:
        raise PrintBlocked(problems)
    pages = canvas.getPageNumber() - 1
    canvas.save()
    return RenderResult(buffer.getvalue(), pages, problems, kind, ctx.count)
