"""工作台: the year's posts by stage, the to-do list with dates, two charts."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from core import queries
from core.enums import PostStage
from core.setup_steps import first_steps
from gui.charts import BarChart, LineChart
from gui.context import AppContext
from gui.first_steps import FirstStepsPanel
from gui.models import WARN_BRUSH, Column
from gui.pages.base import Page
from gui.widgets import TableView, heading, hint

TODO_PAGES = {
    "publicity_periods": "confirmation",
    "objections": "publicity",
    "units": "management",
    "rectifications": "management",
    "placard_reclaims": "revocation",
    "surveys": "supervision",
}

CARD_STYLE = ("QFrame#card { background: #fbf7f2; border: 1px solid #e6ddd0; border-radius: 6px; }"
              "QLabel#cardValue { font-size: 24px; font-weight: bold; color: #c8102e; }"
              "QLabel#cardLabel { color: #444444; }")


class StageCard(QFrame):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.value = QLabel("0")
        self.value.setObjectName("cardValue")
        caption = QLabel(label)
        caption.setObjectName("cardLabel")
        layout.addWidget(self.value)
        layout.addWidget(caption)


class DashboardPage(Page):
    title = "工作台"
    watches = frozenset({"posts", "publicity_periods", "objections", "monthly_assessments", "rectifications",
                         "placard_reclaims", "surveys", "campaign_years", "batches", "units", "members", "post_members"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setStyleSheet(CARD_STYLE)
        top = QHBoxLayout()
        self.heading = heading("工作台")
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(QLabel("创建年度："))
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _i: self._load_year())
        top.addWidget(self.year)
        self.layout_.addLayout(top)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.cards: dict[PostStage, StageCard] = {}
        for i, stage in enumerate(PostStage):
            card = StageCard(stage.label)
            self.cards[stage] = card
            grid.addWidget(card, 0, i)
        self.layout_.addLayout(grid)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 6, 0, 0)
        left_layout.addWidget(QLabel("待办事项（双击转到相应页面）"))
        self.todo = TableView([
            Column("due", "日期", width=96),
            Column("kind", "类别", width=72),
            Column("text", "事项"),
        ], "dashboard.todo", ctx.qsettings)
        self.todo.activated_row.connect(self._open_todo)
        self.todo.source.background = lambda row: WARN_BRUSH if row["kind"] in ("整改逾期", "满意度") else None
        self.todo.source.tooltip = lambda row: row["text"]
        left_layout.addWidget(self.todo)
        self.todo_hint = hint("")
        left_layout.addWidget(self.todo_hint)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 0, 0)
        self.per_unit = BarChart("各单位目前在岗的示范岗数")
        self.satisfaction = LineChart("满意度测评平均满意率（按月）")
        right_layout.addWidget(self.per_unit)
        right_layout.addWidget(self.satisfaction)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([660, 440])
        self.layout_.addWidget(splitter, 1)
        # A new office's first steps take the place of the (still empty) to-do list and charts.
        self.overview = splitter
        self.first_steps = FirstStepsPanel(self)
        self.layout_.addWidget(self.first_steps, 1)

    def refresh(self) -> None:
        today = self.store.today()
        current = self.year.currentData()
        years = [int(r["year"]) for r in queries.campaign_years(self.store)]
        chosen = current if current in years else queries.current_year(self.store, today)
        self.year.blockSignals(True)
        self.year.clear()
        for year in years or [chosen]:
            self.year.addItem(f"{year}年度", year)
        index = self.year.findData(chosen)
        self.year.setCurrentIndex(max(0, index))
        self.year.blockSignals(False)
        self.heading.setText(f"工作台 — {self.store.organization()['name']}")
        items = queries.todo(self.store, today)
        self.todo.set_rows([
            {"id": i, "due": item.due, "kind": item.kind, "text": item.text, "entity": item.entity, "entity_id": item.entity_id}
            for i, item in enumerate(items)
        ])
        self.todo_hint.setText(f"共{len(items)}项待办。" if items else "暂无待办事项。")
        self.overview.setVisible(not self.first_steps.show_steps(first_steps(self.store)))
        self._load_year()

    def _load_year(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        counts = queries.stage_counts(self.store, year)
        for stage, card in self.cards.items():
            card.value.setText(str(counts.get(stage, 0)))
        self.per_unit.set_items([(r["name"], r["n"]) for r in queries.on_duty_per_unit(self.store)])
        threshold = float(self.ctx.settings().survey_low_threshold_percent)
        points = [(f"{int(r['month'][5:])}月", round(float(r["rate"]) * 100, 1)) for r in queries.survey_by_month(self.store, year)]
        self.satisfaction.title = f"{year}年度{self.ctx.terms().public}满意率（按月平均，虚线为预警线）"
        self.satisfaction.set_points(points, threshold)

    def _open_todo(self, row: dict[str, Any]) -> None:
        page = TODO_PAGES.get(row["entity"])
        if page:
            self.ctx.navigate.emit(page, (row["entity"], row["entity_id"]))
