"""确定岗位: each member's own wish, confirmation after publicity, and the final list."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from core import queries
from core.enums import PostKind, PostStage, Role
from core.workflow import allowed_actions, confirmation_blocker
from gui import widgets
from gui.context import AppContext
from gui.dialogs import actions
from gui.models import DONE_BRUSH, WARN_BRUSH, Column
from gui.pages.base import Page, unpack
from gui.widgets import CONTENT_ROWS, TableView, button, heading, hint


class ConfirmationPage(Page):
    title = "确定岗位"
    watches = frozenset({"posts", "post_members", "publicity_periods", "objections", "confirmations", "adjustments"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("确定岗位"))
        self.layout_.addWidget(hint("公示期满、异议处理完毕、上岗党员本人愿意上岗后，即可确定岗位。确定后生成岗位编号和标牌编号。"))
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("待确定的示范岗（公示中）"))
        self.pending = TableView([
            Column("name", "岗位名称", width=170),
            Column("unit_name", "所在单位", width=140),
            Column("end_on", "公示结束", width=92),
            Column("blocker", "状态", lambda r: r["blocker"] or "可以确定"),
        ], "confirmation.pending", ctx.qsettings)
        self.pending.source.background = lambda r: DONE_BRUSH if not r["blocker"] else None
        self.pending.source.tooltip = lambda r: f"{r['name']}（{r['unit_name']}）：{r['blocker'] or '可以确定'}"
        # The reason a post cannot be confirmed yet is a sentence: give it the spare width and let it wrap.
        header = self.pending.horizontalHeader()
        header.setStretchLastSection(False)
        for column, mode in enumerate((QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        header.setResizeContentsPrecision(CONTENT_ROWS)
        self.pending.setWordWrap(True)
        self.pending.verticalHeader().setResizeContentsPrecision(CONTENT_ROWS)
        self.pending.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.pending.selectionModel().selectionChanged.connect(lambda *_: self._load_members())
        left_layout.addWidget(self.pending)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("上岗党员及本人意愿"))
        self.members = TableView([
            Column("name_snapshot", "姓名", width=80),
            Column("role", "角色", lambda r: Role(r["role"]).label, width=60),
            Column("consent", "本人意愿", lambda r: {1: "愿意上岗", 0: "不愿上岗"}.get(r["consent"], "未登记"), width=80),
            Column("consent_on", "登记日期", width=92),
            Column("consent_note", "说明"),
        ], "confirmation.members", ctx.qsettings)
        self.members.source.background = lambda r: (DONE_BRUSH if r["consent"] == 1 else WARN_BRUSH if r["consent"] == 0
                                                    else None)
        self.members.activated_row.connect(lambda _r: self.consent())
        right_layout.addWidget(self.members)
        buttons = QHBoxLayout()
        self.consent_button = button("登记个人意愿…", self.consent)
        self.confirm_button = QPushButton("确定岗位…")
        self.confirm_button.clicked.connect(self.confirm)
        buttons.addWidget(self.consent_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        right_layout.addLayout(buttons)
        self.reason = hint("")
        right_layout.addWidget(self.reason)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([600, 500])
        self.layout_.addWidget(splitter, 1)
        self.layout_.addWidget(QLabel("示范岗名单（在岗）"))
        self.final = TableView([
            Column("code", "岗位编号", width=80),
            Column("placard_no", "标牌编号", width=100),
            Column("name", "岗位名称", width=200),
            Column("kind", "类型", lambda r: PostKind(r["kind"]).label, width=110),
            Column("unit_name", "所在单位", width=150),
            Column("leader_name", "负责人", width=70),
            Column("member_names", "上岗党员", width=200),
            Column("confirmed_on", "确定日期"),
        ], "confirmation.final", ctx.qsettings)
        self.final.source.tooltip = lambda r: f"{r['name']}（{r['unit_name']}）：{r['member_names'] or ''}"
        final_header = self.final.horizontalHeader()
        final_header.setStretchLastSection(False)
        final_header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)  # 上岗党员: a collective's names are long
        final_header.setResizeContentsPrecision(CONTENT_ROWS)
        final_header.setSectionResizeMode(7, QHeaderView.ResizeMode.ResizeToContents)
        self.layout_.addWidget(self.final, 1)

    def refresh(self) -> None:
        today = self.store.today()
        rows = queries.posts(self.store, stage=PostStage.IN_PUBLICITY)
        periods = {p["id"]: p for p in queries.publicity_periods(self.store)}
        for row in rows:
            row["end_on"] = periods.get(row["publicity_id"], {}).get("end_on", "")
            row["blocker"] = confirmation_blocker(self.store, self.store.get("posts", row["id"]), today)
        self.pending.set_rows(rows)
        if self.pending.current_row() is None and rows:
            self.pending.selectRow(0)
        self._load_members()
        self.final.set_rows(queries.posts(self.store, stage=PostStage.ON_DUTY))

    def focus_entity(self, entity_id: Any) -> None:
        entity, key = unpack(entity_id)
        if entity == "publicity_periods":
            self.pending.select_where("publicity_id", key)
        else:
            self.pending.select_where("id", key)

    def _load_members(self) -> None:
        row = self.pending.current_row()
        if row is None:
            self.members.set_rows([])
            self.confirm_button.setEnabled(False)
            self.consent_button.setEnabled(False)
            self.reason.setText("")
            return
        self.members.set_rows(queries.post_members(self.store, row["id"]))
        if self.members.current_row() is None and self.members.source.rowCount():
            self.members.selectRow(0)
        allowed = allowed_actions(self.store, row["id"])
        self.confirm_button.setEnabled(allowed["confirm"] is None)
        self.confirm_button.setToolTip(allowed["confirm"] or "确定岗位")
        self.consent_button.setEnabled(allowed["consent"] is None)
        self.consent_button.setToolTip(allowed["consent"] or "登记个人意愿")
        self.reason.setText(allowed["confirm"] or "条件已具备，可以确定岗位。")

    def consent(self) -> None:
        post = self.pending.current_row()
        member = self.members.current_row()
        if post is None or member is None:
            widgets.info(self, "请先选择示范岗和上岗党员。")
            return
        widgets.exec_dialog(actions.consent_dialog(self.ctx, self, post["id"], member["member_id"], member["name_snapshot"]))

    def confirm(self) -> None:
        post = self.pending.current_row()
        if post is None:
            return
        widgets.exec_dialog(actions.confirm_dialog(self.ctx, self, post["id"]))
