"""五评: self, peer, public, leader and organization scores with the weights in force, the
weighted total and the grade."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from core import queries
from core.enums import Grade, ReviewPart
from core.errors import DomainError
from core.management import five_review_total, grade_for, record_five_review
from gui import widgets
from gui.models import WARN_BRUSH, Column
from gui.pages.base import Page
from gui.widgets import DateEdit, TableView, heading, hint, score_box, spin


class ReviewsPage(Page):
    title = "五评"
    watches = frozenset({"posts", "post_members", "five_reviews"})

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("五评"))
        self.weights = hint("")
        self.layout_.addWidget(self.weights)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("评议年度："))
        self.year = spin(self.store.today().year, 2100, minimum=2000)
        self.year.valueChanged.connect(lambda _v: self._load_table())
        top.addWidget(self.year)
        top.addStretch(1)
        self.count = QLabel()
        top.addWidget(self.count)
        left_layout.addLayout(top)
        columns = [
            Column("post_name", "示范岗", width=180),
            Column("member_name", "党员", width=70),
            *[Column(f"score_{p.value}", p.label, align="right", width=66) for p in ReviewPart],
            Column("total", "总分", align="right", width=56),
            Column("grade", "等次", lambda r: Grade(r["grade"]).label, align="center"),
        ]
        self.table = TableView(columns, "reviews.table", ctx.qsettings)
        self.table.source.background = lambda r: WARN_BRUSH if r["grade"] == Grade.UNQUALIFIED.value else None
        left_layout.addWidget(self.table)
        splitter.addWidget(left)
        box = QGroupBox("录入五评")
        form = QFormLayout(box)
        self.who = QComboBox()
        self.who.setMinimumWidth(220)
        form.addRow("示范岗和党员：", self.who)
        self.scores: dict[ReviewPart, Any] = {}
        for part in ReviewPart:
            field = score_box(90.0)
            field.valueChanged.connect(lambda _v: self._update_total())
            self.scores[part] = field
            form.addRow(f"{part.label}：", field)
        self.reviewed_on = DateEdit(self.store.today())
        form.addRow("评议日期：", self.reviewed_on)
        self.total = QLabel()
        form.addRow("加权总分：", self.total)
        self.error = QLabel()
        self.error.setStyleSheet(widgets.ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow("", self.error)
        self.save = QPushButton("保存五评")
        self.save.clicked.connect(self.submit)
        form.addRow("", self.save)
        splitter.addWidget(box)
        splitter.setSizes([750, 380])
        self.layout_.addWidget(splitter, 1)

    def refresh(self) -> None:
        settings = self.ctx.settings()
        weights = settings.five_review_weights
        self.weights.setText("现行权重：" + "，".join(f"{p.label}{weights[p.value]}%" for p in ReviewPart)
                             + f"。等次：{settings.grade_excellent}分以上优秀，{settings.grade_qualified}分以上合格，"
                               f"{settings.grade_basic}分以上基本合格，以下为不合格（应调整并收回岗牌）。")
        current = self.who.currentData()
        self.who.clear()
        for m in queries.serving_members(self.store):
            self.who.addItem(f"{m['post_name']} — {m['name_snapshot']}", (m["post_id"], m["member_id"]))
        index = self.who.findData(current)
        self.who.setCurrentIndex(max(0, index))
        self.save.setEnabled(self.who.count() > 0)
        self._load_table()
        self._update_total()

    def _load_table(self) -> None:
        year = self.year.value()
        rows = queries.five_reviews(self.store, year=year)
        self.table.set_rows(rows)
        if rows:
            self.count.setText(f"{year}年度共{len(rows)}人")
            return
        earlier = queries.five_reviews(self.store, year=year - 1)
        self.count.setText(f"{year}年度尚未录入；{year - 1}年度有{len(earlier)}人，可调整评议年度查看。" if earlier
                           else f"{year}年度尚未录入。")

    def _update_total(self) -> None:
        settings = self.ctx.settings()
        total = five_review_total({p: f.value() for p, f in self.scores.items()}, settings.five_review_weights)
        self.total.setText(f"{total} 分，{grade_for(float(total), settings).label}")

    def submit(self) -> None:
        who = self.who.currentData()
        if who is None:
            return
        post_id, member_id = who
        reviewed_on = self.reviewed_on.value()
        assert reviewed_on is not None
        try:
            changes = record_five_review(self.store, post_id=post_id, member_id=member_id, year=self.year.value(),
                                         scores={p: f.value() for p, f in self.scores.items()}, reviewed_on=reviewed_on)
        except DomainError as error:
            self.error.setText(str(error))
            return
        self.error.setText("")
        self.ctx.notify(changes)
