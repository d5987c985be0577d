"""年度统计报告: the year's figures and charts (reportlab graphics) for the district committee."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing
from reportlab.lib.units import mm

from core import queries
from core.enums import Grade, ProblemCategory
from core.queries import (
    grade_counts,
    latest_year,
    monthly_average_scores,
    on_duty_per_unit,
    problem_categories,
    year_end,
    year_summary,
)
from reports.common import A4_PAGE, RED, page_number, page_title
from reports.fonts import FontRole
from reports.layout import Box, Sheet
from reports.render import Context, PrintError, Scope
from reports.tables import Column, table_header, table_row
from reports.text import Problem, TextStyle


@dataclass(frozen=True)
class AnnualLayout:
    """Chart boxes in millimetres on A4 portrait pages."""

    chart_units: Box
    chart_stages: Box
    chart_grades: Box
    chart_survey: Box
    chart_scores: Box


LAYOUT = AnnualLayout(
    chart_units=Box(20, 165, 170, 105),
    chart_stages=Box(20, 56, 80, 72),
    chart_grades=Box(110, 56, 80, 72),
    chart_survey=Box(20, 142, 170, 54),
    chart_scores=Box(20, 206, 170, 54),
)


class ChartFonts:
    """Chart labels are drawn in one font (no per-character fallback inside reportlab
    graphics), so each label is checked against that font and a missing character reported."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.font = ctx.fonts.primary(FontRole.HEI)

    @property
    def name(self) -> str:
        return self.font.name

    def label(self, text: str, where: str) -> str:
        for ch in text:
            if ord(ch) >= 0x20 and ord(ch) not in self.font.chars:
                self.ctx.problems.add(Problem("missing_char", where, "图表标签", f"“{ch}”（U+{ord(ch):04X}）"))
        return text


def _caption(ctx: Context, sheet: Sheet, box: Box, text: str) -> None:
    ctx.typesetter.single(sheet, text, Box(box.x, box.y - 8, box.w, 7), TextStyle(FontRole.HEI, size=12, align="center"),
                          owner="年度统计报告", field_label="图表标题")


def _place(ctx: Context, sheet: Sheet, drawing: Drawing, box: Box) -> None:
    """Draw a chart; reportlab graphics start from Helvetica (never embedded), so the chart's
    default font is switched to the document's Chinese font while it draws."""
    x, y, _w, _h = sheet.rect(box)
    previous = STATE_DEFAULTS["fontName"]
    STATE_DEFAULTS["fontName"] = ctx.fonts.primary(FontRole.HEI).name
    try:
        renderPDF.draw(drawing, ctx.canvas, x, y)
    finally:
        STATE_DEFAULTS["fontName"] = previous


def build(ctx: Context, scope: Scope) -> None:
    year = scope.year or latest_year(ctx.store) or ctx.store.today().year
    # A past year is reported as it stood on its last day (DOMAIN rule 9), this year as it stands today.
    as_of = year_end(ctx.store, year)
    summary = year_summary(ctx.store, year, as_of)
    now = f"截至{year}年底" if as_of else "目前"
    end = f"{year}年底" if as_of else ""
    if not summary["nominated"] and not summary["on_duty"]:
        raise PrintError(f"{year}年没有示范岗记录，无法生成年度统计报告。")
    fonts = ChartFonts(ctx)
    page = A4_PAGE
    sheet = Sheet(page.width, page.height)
    org = ctx.organization
    lay = LAYOUT
    terms = ctx.terms

    # Page 1: headline figures and posts per unit.
    y = page_title(ctx, sheet, page, f"{year}年度党员示范岗创建工作统计报告", str(org["name"]))
    rate = summary["survey_rate"]
    intro = (f"{year}年，{org['name']}共提名党员示范岗{summary['nominated']}个，确定{summary['confirmed']}个；"
             f"{now}在岗示范岗{summary['on_duty']}个、上岗党员{summary['serving']}人次。全年开展{terms.survey_title()}{summary['surveys']}次，"
             f"综合满意率{rate * 100:.1f}%；" if rate is not None else
             f"{year}年，{org['name']}共提名党员示范岗{summary['nominated']}个，确定{summary['confirmed']}个；"
             f"{now}在岗示范岗{summary['on_duty']}个、上岗党员{summary['serving']}人次；")
    intro += (f"月度考核{summary['assessments']}人次，督促整改{summary['rectifications']}件（已完成{summary['rectifications_closed']}件），"
              f"一票否决撤销称号{summary['revoked']}个，宣传先进典型和经验做法{summary['highlights']}篇。")
    ctx.typesetter.box(sheet, "　　" + intro, Box(page.left, y, page.body_w, 30), TextStyle(FontRole.SONG, size=12, min_size=9, leading=1.7),
                       owner="年度统计报告", field_label="概述")
    rows = [
        (f"{end}党员总数（正常党籍）", summary["members"]), ("当年提名示范岗", summary["nominated"]),
        ("当年确定示范岗", summary["confirmed"]), (f"{end}在岗示范岗", summary["on_duty"]),
        (f"{end}上岗党员（人次）", summary["serving"]), (f"{terms.survey_title()}（次）", summary["surveys"]),
        ("综合满意率", f"{rate * 100:.1f}%" if rate is not None else "—"), ("月度考核（人次）", summary["assessments"]),
        ("督促整改（件）", summary["rectifications"]), ("撤销称号（个）", summary["revoked"]),
    ]
    columns = [Column("项目", 110, "left"), Column("数量", 60)]
    ty = table_header(ctx, sheet, page.left, y + 34, columns, 8.5)
    for label, value in rows:
        ty = table_row(ctx, sheet, page.left, ty, columns, [label, str(value)], 8.5, owner="年度统计报告")
    units = queries.posts_per_unit(ctx.store, year, as_of)
    caption = f"各单位{year}年确定的示范岗数量"
    if not units:
        units, caption = on_duty_per_unit(ctx.store, as_of), f"各单位{end}在岗示范岗数量"
    if units:
        box = Box(lay.chart_units.x, ty + 14, lay.chart_units.w, page.height - page.bottom - ty - 20)
        _caption(ctx, sheet, box, caption)
        _place(ctx, sheet, _units_chart(fonts, units, box), box)
    page_number(ctx, sheet, page, 1)
    ctx.canvas.showPage()
    ctx.tick(1, 2)

    # Page 2: stages, grades, satisfaction by month, average monthly score.
    page_title(ctx, sheet, page, f"{year}年度党员示范岗创建工作统计图表", str(org["name"]))
    stages = [(s.label, n) for s, n in queries.stage_counts(ctx.store, year, as_of).items() if n]
    if stages:
        _caption(ctx, sheet, lay.chart_stages, f"{end}示范岗所处阶段")
        stage_rows: list[dict[str, Any]] = [{"name": label, "n": n} for label, n in stages]
        _place(ctx, sheet, _units_chart(fonts, stage_rows, lay.chart_stages, label_width=30), lay.chart_stages)
    counted = {str(r["grade"]): int(r["n"]) for r in grade_counts(ctx.store, year)}
    if counted:
        _caption(ctx, sheet, lay.chart_grades, "月度考核等次分布（人次）")
        grade_rows: list[dict[str, Any]] = [{"name": g.label, "n": counted.get(g.value, 0)} for g in Grade]
        _place(ctx, sheet, _units_chart(fonts, grade_rows, lay.chart_grades, label_width=22), lay.chart_grades)
    survey = queries.survey_by_month(ctx.store, year)
    if survey:
        _caption(ctx, sheet, lay.chart_survey, f"各月{terms.public}满意率（%）")
        points = [(f"{int(r['month'][5:])}月", round(float(r["rate"]) * 100, 1)) for r in survey]
        _place(ctx, sheet, _line(fonts, points, lay.chart_survey, 50), lay.chart_survey)
    scores = monthly_average_scores(ctx.store, year)
    if scores:
        _caption(ctx, sheet, lay.chart_scores, "各月考核平均分")
        points = [(f"{int(r['month'][5:])}月", round(float(r["score"]), 1)) for r in scores]
        _place(ctx, sheet, _line(fonts, points, lay.chart_scores, 60), lay.chart_scores)
    problems = problem_categories(ctx.store, year)
    if problems:
        text = "；".join(f"{ProblemCategory(r['category']).label}{r['n']}件" for r in problems)
        ctx.typesetter.box(sheet, f"整改问题类别：{text}。", Box(page.left, lay.chart_scores.bottom + 3, page.body_w,
                                                                         page.height - page.bottom - 3 - lay.chart_scores.bottom - 3),
                           TextStyle(FontRole.SONG, size=11, min_size=8), owner="年度统计报告", field_label="整改问题")
    page_number(ctx, sheet, page, 2)
    ctx.canvas.showPage()
    ctx.count = 1
    ctx.tick(2, 2)


def nice_step(rough: float) -> int:
    """1, 2, 5, 10, 20, 50 … : the smallest round step not below ``rough``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= rough:
                return factor * magnitude
        magnitude *= 10


def _units_chart(fonts: ChartFonts, units: list[dict[str, Any]], box: Box, label_width: float = 45) -> Drawing:
    w, h = box.w * mm, box.h * mm
    d = Drawing(w, h)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width * mm, 8 * mm
    chart.width, chart.height = w - (label_width + 8) * mm, h - 12 * mm
    data = [int(u["n"]) for u in units][:15]
    chart.data = [data]
    chart.categoryAxis.categoryNames = [fonts.label(str(u["name"]), "年度统计报告") for u in units][:15]
    chart.categoryAxis.labels.fontName = fonts.name
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.reverseDirection = 1
    chart.valueAxis.labels.fontName = fonts.name
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = nice_step(max(data) / 5)
    chart.valueAxis.valueMax = max(data) + chart.valueAxis.valueStep
    chart.bars[0].fillColor = RED
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.name
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 7
    d.add(chart)
    return d


def _line(fonts: ChartFonts, points: list[tuple[str, float]], box: Box, floor: float) -> Drawing:
    w, h = box.w * mm, box.h * mm
    d = Drawing(w, h)
    chart = HorizontalLineChart() if len(points) > 1 else VerticalBarChart()
    chart.x, chart.y = 14 * mm, 9 * mm
    chart.width, chart.height = w - 22 * mm, h - 14 * mm
    chart.data = [[v for _, v in points]]
    chart.categoryAxis.categoryNames = [fonts.label(label, "年度统计报告") for label, _ in points]
    chart.categoryAxis.labels.fontName = fonts.name
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = fonts.name
    chart.valueAxis.labels.fontSize = 8
    low = min(v for _, v in points)
    chart.valueAxis.valueMin = min(floor, (int(low) // 10) * 10)
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 10
    if isinstance(chart, HorizontalLineChart):
        chart.lines[0].strokeColor = RED
        chart.lines[0].strokeWidth = 1.6
    else:
        chart.bars[0].fillColor = RED
    d.add(chart)
    return d
