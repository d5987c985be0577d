"""群众监督: satisfaction surveys (群众/患者满意度测评) entered per post, and their results."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import queries
from core.management import SurveyCounts, record_survey, survey_outcome
from core.store import Changes
from gui import widgets
from gui.actions import RefusalLine, run_action
from gui.context import AppContext
from gui.models import WARN_BRUSH, Column
from gui.pages.base import Page, unpack
from gui.widgets import CONTENT_ROWS, DateEdit, TableView, heading, hint, spin


def _rate(value: Any) -> str:
    return "" if value is None else f"{float(value) * 100:.1f}%"


def fit_columns(table: TableView, *, stretch: int, interactive: tuple[int, ...] = ()) -> None:
    """Short columns (dates, counts, rates) take the width of their contents and the long text column
    takes the rest, so at 1280×800 no figure is pushed out of sight; long text is in the tooltip."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(40)
    header.setResizeContentsPrecision(CONTENT_ROWS)  # measure a sample, not every row, of a long list
    for column in range(header.count()):
        mode = (QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.Interactive
                if column in interactive else QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(column, mode)


class SupervisionPage(Page):
    title = "群众监督"
    watches = frozenset({"posts", "surveys"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.heading = heading("群众监督")
        self.layout_.addWidget(self.heading)
        self.rule = hint("")
        self.layout_.addWidget(self.rule)
        splitter = QSplitter()
        self.posts = TableView([
            Column("code", "编号", width=76),
            Column("name", "示范岗", width=200),
            Column("unit_name", "所在单位", width=140),
            Column("surveys", "测评次数", align="right", width=70),
            Column("last_on", "最近测评", width=92),
            Column("last_rate", "最近满意率", lambda r: _rate(r["last_rate"]), align="right", width=80),
            Column("avg_rate", "平均满意率", lambda r: _rate(r["avg_rate"]), align="right"),
        ], "supervision.posts", ctx.qsettings)
        self.posts.source.background = lambda r: WARN_BRUSH if r["last_low"] else None
        self.posts.source.tooltip = lambda r: f"{r['name']}（{r['unit_name']}）"
        fit_columns(self.posts, stretch=1)
        self.posts.selectionModel().selectionChanged.connect(lambda *_: self._load_post())
        splitter.addWidget(self.posts)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.form_box = QGroupBox("录入满意度测评")
        form = QFormLayout(self.form_box)
        self.post_label = QLabel("请在左侧选择示范岗")
        self.post_label.setWordWrap(True)
        form.addRow("示范岗：", self.post_label)
        self.held_on = DateEdit(self.store.today())
        form.addRow("测评日期：", self.held_on)
        self.fields: dict[str, Any] = {}
        for key, label in (("issued", "发放问卷"), ("returned", "收回问卷"), ("satisfied", "满意"), ("basic", "基本满意"),
                           ("unsatisfied", "不满意"), ("invalid", "无效")):
            box = spin(0, 100000, suffix=" 份")
            box.valueChanged.connect(lambda _v: self._update_rate())
            self.fields[key] = box
            form.addRow(f"{label}：", box)
        self.notes = QLineEdit()
        form.addRow("备注：", self.notes)
        self.rate = QLabel()
        self.rate.setWordWrap(True)
        form.addRow("", self.rate)
        self.save = QPushButton("保存测评结果")
        self.save.clicked.connect(self.submit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save)
        form.addRow(row)
        right_layout.addWidget(self.form_box)
        right_layout.addWidget(QLabel("该岗位的测评记录"))
        self.history = TableView([
            Column("held_on", "测评日期", width=92),
            Column("returned", "收回", align="right", width=50),
            Column("satisfied", "满意", align="right", width=50),
            Column("basic", "基本满意", align="right", width=66),
            Column("unsatisfied", "不满意", align="right", width=56),
            Column("rate", "满意率", lambda r: _rate(r["rate"]), align="right", width=66),
            Column("low", "预警", lambda r: "低于预警线" if r["low"] else ""),
        ], "supervision.history", ctx.qsettings)
        self.history.source.background = lambda r: WARN_BRUSH if r["low"] else None
        self.history.source.tooltip = lambda r: (r["notes"] or None)
        fit_columns(self.history, stretch=6)
        right_layout.addWidget(self.history, 1)
        splitter.addWidget(right)
        splitter.setSizes([630, 470])
        self.layout_.addWidget(splitter, 1)

    def refresh(self) -> None:
        terms = self.ctx.terms()
        settings = self.ctx.settings()
        self.heading.setText(f"群众监督 — {terms.survey_title()}")
        basic = "计入" if settings.survey_counts_basic else "不计入"
        self.rule.setText(f"满意率 = 满意票（基本满意{basic}）÷ 有效问卷；低于{settings.survey_low_threshold_percent}%"
                          f"为预警（红色），应督促整改。测评结果是考核示范岗的重要依据。")
        self.posts.set_rows(queries.survey_summary(self.store))
        if self.posts.current_row() is None and self.posts.source.rowCount():
            self.posts.selectRow(0)
        self._load_post()

    def focus_entity(self, entity_id: Any) -> None:
        entity, key = unpack(entity_id)
        if entity == "surveys":
            key = self.store.get("surveys", key)["post_id"]
        self.posts.select_where("id", key)

    def _load_post(self) -> None:
        row = self.posts.current_row()
        self.save.setEnabled(row is not None)
        if row is None:
            self.post_label.setText("请在左侧选择示范岗")
            self.history.set_rows([])
            return
        self.post_label.setText(f"{row['name']}（{row['unit_name']}）")
        self.history.set_rows(queries.surveys(self.store, post_id=row["id"]))
        self._update_rate()

    def counts(self) -> SurveyCounts:
        return SurveyCounts(**{key: box.value() for key, box in self.fields.items()})

    def _update_rate(self) -> None:
        counts = self.counts()
        total = counts.satisfied + counts.basic + counts.unsatisfied + counts.invalid
        if counts.returned and total != counts.returned:
            self.rate.setStyleSheet(widgets.ERROR_STYLE)
            self.rate.setText(f"满意、基本满意、不满意、无效合计{total}份，应等于收回问卷{counts.returned}份。")
            return
        outcome = survey_outcome(counts, self.ctx.settings())
        if not outcome.valid:
            self.rate.setStyleSheet("")
            self.rate.setText("")
            return
        self.rate.setStyleSheet("color: #2e7d32;" if outcome.passed else widgets.ERROR_STYLE)
        self.rate.setText(f"满意率 {outcome.percent_text}" + ("" if outcome.passed else "，低于预警线"))

    def submit(self) -> None:
        row = self.posts.current_row()
        if row is None:
            return
        held_on = self.held_on.value()
        assert held_on is not None

        def record() -> Changes:
            changes = record_survey(self.store, post_id=row["id"], held_on=held_on, counts=self.counts(), notes=self.notes.text())
            for box in self.fields.values():
                box.setValue(0)
            self.notes.clear()
            return changes

        run_action(self.ctx, RefusalLine(self.rate), record)
