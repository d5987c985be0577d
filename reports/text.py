"""Chinese typesetting on a reportlab canvas: line breaking, shrink-to-fit and problem reports.

Line breaking follows the usual 避头尾 rules: no line starts with closing punctuation
(，。、；：！？）》」』”’ …) and none ends with opening punctuation (（《「『“‘ …). Latin words
and numbers stay whole. A text that may be long is shrunk until it fits its box, down to a
minimum size; what still does not fit is cut with an ellipsis *and* reported, never silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from reportlab.lib.colors import Color, black
from reportlab.pdfgen.canvas import Canvas

from reports.fonts import FontRole, FontSet, describe_char
from reports.layout import Box, Sheet

# Characters that may not start a line (closing brackets and quotes, stops, and the like).
NO_LINE_START = frozenset("，。、；：！？）》」』”’】〕〉｝］．,.;:!?)]}%％…—～·・゜ー々〻ゝゞ〟")
# Characters that may not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("（《「『“‘【〔〈｛［([{〝￥$")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-+/@_#&'%:")
# Unicode WORD JOINER: no line break between the characters it joins; never drawn or measured.
WORD_JOINER = "\u2060"

Align = Literal["left", "center", "right", "justify"]


def keep_together(text: str, words: list[str]) -> str:
    """``text`` with the characters of each of ``words`` joined so that no line breaks inside
    them (a title must not break 党员示/范岗). Longer words first; words not in the text are ignored."""
    for word in sorted({w for w in words if len(w) > 1}, key=len, reverse=True):
        if word in text:
            text = text.replace(word, WORD_JOINER.join(word))
    # A word inside a longer one was joined twice.
    while WORD_JOINER * 2 in text:
        text = text.replace(WORD_JOINER * 2, WORD_JOINER)
    return text


_NUMBER_UNIT = re.compile(r"(\d[\d.,]*%?)(?=[个件人名次张份项天年月日批岗号页条位届])")


def keep_numbers(text: str) -> str:
    """``text`` with every number joined to the measure word after it (86个, 5个工作日, 2030件),
    so that no line breaks between them."""
    return _NUMBER_UNIT.sub(lambda m: m.group(1) + WORD_JOINER, text)


def visible(text: str) -> str:
    """``text`` without word joiners (for checks, measurements and messages)."""
    return text.replace(WORD_JOINER, "")


def tokens(text: str) -> list[str]:
    """Split a paragraph into unbreakable units: one CJK character (with its attached
    punctuation), one Latin word or number, a run of characters joined by WORD_JOINER, or one space."""
    raw: list[str] = []
    glue = False
    for ch in text:
        if ch == WORD_JOINER:
            glue = bool(raw)
            continue
        if raw and (glue or (ch in _WORD and raw[-1] and raw[-1][-1] in _WORD and raw[-1][0] not in NO_LINE_END)):
            raw[-1] += ch
        else:
            raw.append(ch)
        glue = False
    units: list[str] = []
    pending_open = ""
    for unit in raw:
        if unit in NO_LINE_END:
            pending_open += unit
            continue
        if unit[0] in NO_LINE_START and units and not pending_open:
            units[-1] += unit
            continue
        units.append(pending_open + unit)
        pending_open = ""
    if pending_open:
        if units:
            units[-1] += pending_open
        else:
            units.append(pending_open)
    return units


def break_lines(fonts: FontSet, text: str, role: FontRole, size: float, width: float) -> list[str]:
    """Greedy line filling with the 避头尾 rules; explicit newlines start new paragraphs."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        start = len(lines)
        line = ""
        line_width = 0.0
        for unit in tokens(paragraph):
            unit_width = fonts.width(unit, role, size)
            if line and line_width + unit_width > width + 0.01:
                lines.append(line.rstrip())
                line, line_width = "", 0.0
                if unit == " ":
                    continue
            if not line and unit_width > width + 0.01:
                # A single unit wider than the box (a long number): split it by character.
                for ch in unit:
                    ch_width = fonts.width(ch, role, size)
                    # Closing punctuation hangs past the edge (悬挂) rather than start a line.
                    if line and line_width + ch_width > width + 0.01 and ch not in NO_LINE_START:
                        lines.append(line)
                        line, line_width = "", 0.0
                    line += ch
                    line_width += ch_width
                continue
            line += unit
            line_width += unit_width
        lines.append(line.rstrip())
        _avoid_orphan(fonts, lines, start, role, size, width)
    return lines


def _avoid_orphan(fonts: FontSet, lines: list[str], start: int, role: FontRole, size: float, width: float) -> None:
    """A paragraph should not end with one character alone on its last line (孤字): take one
    more from the line above when that line keeps at least three."""
    if len(lines) - start < 2:
        return
    last_units = tokens(lines[-1])
    prev_units = tokens(lines[-2])
    if len(last_units) != 1 or len(prev_units) < 4:
        return
    moved = prev_units[-1]
    if moved == " " or fonts.width(moved + lines[-1], role, size) > width + 0.01:
        return
    lines[-2] = "".join(prev_units[:-1]).rstrip()
    lines[-1] = moved + lines[-1]


@dataclass(frozen=True)
class TextStyle:
    """How a text box is set: font role, largest and smallest size (pt), leading, alignment."""

    role: FontRole = FontRole.SONG
    size: float = 12
    min_size: float = 7
    leading: float = 1.35
    align: Align = "left"
    valign: Literal["top", "middle", "bottom"] = "top"
    max_lines: int = 0  # 0: as many as the height allows
    color: Color = black

    def sized(self, size: float, min_size: float | None = None) -> TextStyle:
        return replace(self, size=size, min_size=min_size if min_size is not None else min(self.min_size, size))


@dataclass(frozen=True)
class Fitted:
    lines: list[str]
    size: float
    fits: bool

    def height(self, leading: float) -> float:
        if not self.lines:
            return 0.0
        return self.size + (len(self.lines) - 1) * self.size * leading


def fit(fonts: FontSet, text: str, width: float, height: float, style: TextStyle) -> Fitted:
    """The largest size from ``style.size`` down to ``style.min_size`` at which ``text`` fits."""
    size = style.size
    step = 0.5 if style.size <= 24 else 1.0
    while True:
        lines = break_lines(fonts, text, style.role, size, width)
        block = size + (len(lines) - 1) * size * style.leading
        too_many = style.max_lines and len(lines) > style.max_lines
        if block <= height + 0.01 and not too_many:
            return Fitted(lines, size, True)
        if size - step < style.min_size - 1e-6:
            break
        size -= step
    size = style.min_size
    lines = break_lines(fonts, text, style.role, size, width)
    room = max(1, int((height - size) // (size * style.leading)) + 1) if height >= size else 1
    if style.max_lines:
        room = min(room, style.max_lines)
    kept = lines[:room]
    if kept:
        last = kept[-1]
        while last and fonts.width(last + "…", style.role, size) > width:
            last = last[:-1]
        kept[-1] = last + "…"
    return Fitted(kept, size, False)


@dataclass(frozen=True)
class Problem:
    """Something that would print wrong: a character no font has, or text that does not fit."""

    kind: Literal["missing_char", "overflow"]
    owner: str
    field: str
    detail: str

    @property
    def blocking(self) -> bool:
        return self.kind == "missing_char"

    @property
    def message(self) -> str:
        if self.kind == "missing_char":
            return f"{self.owner}的{self.field}中{self.detail}在本机所有字体中都没有，无法打印。请安装含该字的字体（如宋体-ExtB）后重试。"
        return f"{self.owner}的{self.field}太长，缩到最小字号仍放不下，打印时末尾已截断：“{self.detail}”。请精简内容或改用更大的纸张。"


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        if problem not in self.items:
            self.items.append(problem)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.items if p.blocking]

    @property
    def overflows(self) -> list[Problem]:
        return [p for p in self.items if not p.blocking]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class Typesetter:
    """Draws text into boxes of a ``Sheet`` with fallback fonts, fitting and reporting."""

    def __init__(self, canvas: Canvas, fonts: FontSet, problems: Problems) -> None:
        self.canvas = canvas
        self.fonts = fonts
        self.problems = problems
        self._fit_cache: dict[tuple[str, float, float, TextStyle], Fitted] = {}

    def check(self, text: str, role: FontRole, owner: str, field_label: str) -> None:
        for ch in self.fonts.missing(visible(text), role):
            self.problems.add(Problem("missing_char", owner, field_label, describe_char(ch)))

    def layout(self, text: str, width: float, height: float, style: TextStyle) -> Fitted:
        key = (text, round(width, 2), round(height, 2), style)
        cached = self._fit_cache.get(key)
        if cached is None:
            if len(self._fit_cache) > 20_000:
                self._fit_cache.clear()
            cached = fit(self.fonts, text, width, height, style)
            self._fit_cache[key] = cached
        return cached

    def box(self, sheet: Sheet, text: str, box: Box, style: TextStyle, *, owner: str, field_label: str,
            fitted: Fitted | None = None) -> Fitted:
        """Fit ``text`` into ``box`` (millimetres on ``sheet``) and draw it; ``fitted`` is a layout the
        caller already chose (table cells), reported and drawn the same way."""
        self.check(text, style.role, owner, field_label)
        x, y, w, h = sheet.rect(box)
        if fitted is None:
            fitted = self.layout(text, w, h, style)
        if not fitted.fits:
            text = visible(text)
            self.problems.add(Problem("overflow", owner, field_label, text if len(text) <= 40 else text[:40] + "…"))
        self.draw_lines(fitted, x, y, w, h, style)
        return fitted

    def draw_lines(self, fitted: Fitted, x: float, y: float, w: float, h: float, style: TextStyle) -> None:
        size = fitted.size
        block = fitted.height(style.leading)
        if style.valign == "middle":
            top = y + h - (h - block) / 2
        elif style.valign == "bottom":
            top = y + block
        else:
            top = y + h
        baseline = top - size * 0.86
        c = self.canvas
        c.setFillColor(style.color)
        for i, line in enumerate(fitted.lines):
            last = i == len(fitted.lines) - 1
            self.line(line, x, baseline, w, size, style.role, style.align if not (last and style.align == "justify") else "left")
            baseline -= size * style.leading

    def line(self, text: str, x: float, baseline: float, width: float, size: float, role: FontRole, align: Align) -> None:
        """One line at ``baseline``, each run in the font that has its characters."""
        runs = self.fonts.runs(text, role)
        total = sum(f.width(t, size) if f else 0.0 for t, f in runs)
        extra = 0.0
        if align == "center":
            x += (width - total) / 2
        elif align == "right":
            x += width - total
        elif align == "justify" and len(text) > 1:
            extra = max(0.0, (width - total) / (len(text) - 1))
        c = self.canvas
        for run, font in runs:
            if font is None:
                continue  # reported by check(); the document is not printed
            c.setFont(font.name, size)
            if extra:
                c.drawString(x, baseline, run, charSpace=extra)
                x += font.width(run, size) + extra * len(run)
            else:
                c.drawString(x, baseline, run)
                x += font.width(run, size)

    def single(self, sheet: Sheet, text: str, box: Box, style: TextStyle, *, owner: str, field_label: str) -> Fitted:
        """A one-line text that shrinks to the box width (names, numbers, titles)."""
        return self.box(sheet, text, box, replace(style, max_lines=1), owner=owner, field_label=field_label)

    def spaced(self, sheet: Sheet, text: str, box: Box, style: TextStyle, *, owner: str, field_label: str) -> None:
        """A short title spread across its box (e.g. 党 员 示 范 岗)."""
        self.check(text, style.role, owner, field_label)
        x, y, w, h = sheet.rect(box)
        fitted = self.layout(text, w, h, replace(style, max_lines=1))
        size = fitted.size
        baseline = y + (h - size) / 2 + size * 0.14
        self.canvas.setFillColor(style.color)
        self.line(text, x, baseline, w, size, style.role, "justify")
