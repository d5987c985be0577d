"""岗位公示: start publicity for a batch's passed nominees (end date in working days, and which
calendar it came from); objections entered and resolved."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from core import queries
from core.enums import PostStage
from core.errors import DomainError
from core.workflow import publicity_end, start_publicity
from gui import widgets
from gui.actions import RefusalLine, run_action
from gui.context import AppContext
from gui.dialogs import actions
from gui.models import DONE_BRUSH, WARN_BRUSH, Column
from gui.pages.base import Page, unpack
from gui.widgets import DateEdit, TableView, button, heading, spin

STATUS = {"open": "待核实", "upheld": "异议成立", "rejected": "异议不成立"}


class PublicityPage(Page):
    title = "岗位公示"
    watches = frozenset({"posts", "batches", "publicity_periods", "objections", "pre_evaluation_results"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("岗位公示"))
        start_box = QGroupBox("开始公示")
        start_layout = QVBoxLayout(start_box)
        row = QHBoxLayout()
        row.addWidget(QLabel("批次："))
        self.batch = QComboBox()
        self.batch.setMinimumWidth(180)
        self.batch.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.batch.currentIndexChanged.connect(lambda _i: self._load_waiting())
        row.addWidget(self.batch)
        row.addWidget(QLabel("开始日期："))
        self.start_on = DateEdit(self.store.today())
        self.start_on.dateChanged.connect(lambda _d: self._update_end())
        row.addWidget(self.start_on)
        row.addWidget(QLabel("公示期："))
        self.days = spin(5, 30, minimum=1, suffix=" 个工作日")
        self.days.valueChanged.connect(lambda _v: self._update_end())
        row.addWidget(self.days)
        row.addStretch(1)
        start_layout.addLayout(row)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel("公示方式："))
        self.channel = QLineEdit()
        row2.addWidget(self.channel, 1)
        row2.addWidget(QLabel("异议受理："))
        self.contact = QLineEdit()
        row2.addWidget(self.contact, 1)
        start_layout.addLayout(row2)
        self.end_label = QLabel()
        self.end_label.setWordWrap(True)
        start_layout.addWidget(self.end_label)
        self.waiting = TableView([
            Column("name", "测评通过、等待公示的示范岗", width=240),
            Column("unit_name", "所在单位", width=160),
            Column("member_names", "上岗党员"),
        ], "publicity.waiting", ctx.qsettings)
        self.waiting.setMaximumHeight(130)
        start_layout.addWidget(self.waiting)
        buttons = QHBoxLayout()
        self.error = QLabel()
        self.error.setStyleSheet(widgets.ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons.addWidget(self.error, 1)
        self.start_button = QPushButton("开始公示")
        self.start_button.clicked.connect(self.submit)
        buttons.addWidget(self.start_button)
        start_layout.addLayout(buttons)
        self.layout_.addWidget(start_box)
        self.layout_.addWidget(QLabel("公示记录"))
        self.periods = TableView([
            Column("batch_name", "批次", width=120),
            Column("start_on", "开始日期", width=92),
            Column("end_on", "结束日期", width=92),
            Column("working_days", "工作日", align="right", width=56),
            Column("post_count", "示范岗数", align="right", width=70),
            # Who was publicized then: a member who joined a post later is not listed, one who left still is.
            Column("nominees", "公示对象", width=260),
            Column("channel", "公示方式", width=140),
            Column("calendar_note", "日历依据", lambda r: r["calendar_note"] or ""),
        ], "publicity.periods", ctx.qsettings)
        self.periods.source.tooltip = lambda r: r["nominees"] or ""
        self.layout_.addWidget(self.periods, 1)
        objection_head = QHBoxLayout()
        objection_head.addWidget(QLabel("公示异议"))
        objection_head.addStretch(1)
        objection_head.addWidget(button("登记异议…", self.add_objection))
        objection_head.addWidget(button("核实处理…", self.resolve_selected))
        self.layout_.addLayout(objection_head)
        self.objections = TableView([
            Column("received_on", "受理日期", width=92),
            Column("post_name", "示范岗", width=190),
            Column("unit_name", "所在单位", width=130),
            Column("source", "反映人", width=80),
            Column("content", "异议内容", width=230),
            Column("status", "状态", lambda r: STATUS.get(r["status"], r["status"]), width=80),
            Column("resolved_on", "处理日期", width=92),
            Column("resolution", "核实处理意见"),
        ], "publicity.objections", ctx.qsettings)
        self.objections.source.background = lambda r: WARN_BRUSH if r["status"] == "open" else DONE_BRUSH
        self.objections.source.tooltip = lambda r: f"{r['post_name']}（{r['unit_name']}）：{r['content']}"
        self.objections.activated_row.connect(lambda r: self.resolve(r["id"]))
        self.layout_.addWidget(self.objections, 1)

    def refresh(self) -> None:
        settings = self.ctx.settings()
        self.days.setMinimum(settings.publicity_working_days)
        self.days.setValue(max(self.days.value(), settings.publicity_working_days))
        org = self.store.organization()
        self.channel.setPlaceholderText(settings.publicity_channel)
        self.contact.setPlaceholderText(settings.objection_contact or f"监督电话：{org['supervision_phone']}")
        current = self.batch.currentData()
        self.batch.blockSignals(True)
        self.batch.clear()
        for b in queries.batches(self.store):
            waiting = len(queries.posts(self.store, batch_id=b["id"], stage=PostStage.EVALUATION_PASSED))
            self.batch.addItem(f"{b['name']}（待公示{waiting}个）", b["id"])
        index = self.batch.findData(current)
        if index < 0:
            index = next((i for i in range(self.batch.count()) if "待公示0个" not in self.batch.itemText(i)), 0)
        self.batch.setCurrentIndex(index)
        self.batch.blockSignals(False)
        self._load_waiting()
        self.periods.set_rows(queries.publicity_periods(self.store))
        self.objections.set_rows(queries.objections(self.store))

    def focus_entity(self, entity_id: Any) -> None:
        entity, key = unpack(entity_id)
        if entity == "objections":
            self.objections.select_where("id", key)
            return
        index = self.batch.findData(key)
        if index >= 0:
            self.batch.setCurrentIndex(index)

    def _load_waiting(self) -> None:
        batch_id = self.batch.currentData()
        rows = queries.posts(self.store, batch_id=batch_id, stage=PostStage.EVALUATION_PASSED) if batch_id else []
        self.waiting.set_rows(rows)
        self.start_button.setEnabled(bool(rows))
        self.start_button.setToolTip("" if rows else "本批次没有测评通过、等待公示的示范岗。")
        self._update_end()

    def _update_end(self) -> None:
        start = self.start_on.value()
        assert start is not None
        try:
            period = publicity_end(self.store, start, self.days.value())
        except DomainError as error:
            self.end_label.setText(str(error))
            return
        label = period.calendar_note  # already says what a year without official data assumes
        festival = period.spring_festival_warning
        warn = f"<br><span style='color:#b00020'><b>{festival}</b></span>" if festival else ""
        self.end_label.setText(f"公示期：{start.isoformat()} 至 <b>{period.end.isoformat()}</b>"
                               f"（{period.working_days}个工作日）。日历依据：{label}{warn}")

    def submit(self) -> None:
        batch_id = self.batch.currentData()
        if batch_id is None:
            return
        if run_action(self.ctx, RefusalLine(self.error), start_publicity, self.store, batch_id=batch_id,
                      start_on=self.start_on.value() or date.today(), working_days=self.days.value(),
                      channel=self.channel.text(), contact=self.contact.text()) is not None:
            self.error.setText("")

    def add_objection(self) -> None:
        posts = queries.posts(self.store, stage=PostStage.IN_PUBLICITY)
        if not posts:
            widgets.info(self, "目前没有正在公示的示范岗。")
            return
        chooser = widgets.FormDialog("登记公示异议", self, None, ok_text="下一步")
        chooser.add_combo("post_id", "针对的示范岗：", [(p["id"], f"{p['name']}（{p['unit_name']}）") for p in posts])
        if not widgets.exec_dialog(chooser):
            return
        post_id = chooser.values()["post_id"]
        widgets.exec_dialog(actions.objection_dialog(self.ctx, self, post_id))

    def resolve_selected(self) -> None:
        row = self.objections.current_row()
        if row is None:
            widgets.info(self, "请先在异议表中选择一条异议。")
            return
        self.resolve(row["id"])

    def resolve(self, objection_id: int) -> None:
        row = self.store.get("objections", objection_id)
        if row["status"] != "open":
            widgets.info(self, "这条异议已经处理过了。")
            return
        widgets.exec_dialog(actions.resolve_dialog(self.ctx, self, objection_id))
