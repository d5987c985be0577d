"""撤销与收牌: one-vote veto on one of the four grounds, the revocations, the placard reclaim register."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from core import queries
from core.enums import PostStage, ReclaimReason, VetoGround
from gui import widgets
from gui.context import AppContext
from gui.dialogs import actions
from gui.models import DONE_BRUSH, WARN_BRUSH, Column
from gui.pages.base import Page, unpack
from gui.widgets import TableView, button, heading, hint


class RevocationPage(Page):
    title = "撤销与收牌"
    watches = frozenset({"posts", "revocations", "placard_reclaims", "adjustments"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("撤销与收牌"))
        self.grounds = hint("")
        self.layout_.addWidget(self.grounds)
        veto_row = QHBoxLayout()
        veto_row.addWidget(QLabel("在岗示范岗："))
        self.post = QComboBox()
        self.post.setMinimumWidth(320)
        veto_row.addWidget(self.post, 1)
        self.veto_button = QPushButton("一票否决…")
        self.veto_button.clicked.connect(self.veto)
        veto_row.addWidget(self.veto_button)
        self.layout_.addLayout(veto_row)
        self.layout_.addWidget(QLabel("撤销称号记录"))
        self.revocations = TableView([
            Column("decided_on", "决定日期", width=92),
            Column("code", "编号", width=76),
            Column("post_name", "示范岗", width=200),
            Column("unit_name", "所在单位", width=140),
            Column("ground", "否决情形", lambda r: self.ctx.terms().veto_ground_label(VetoGround(r["ground"])), width=260),
            Column("description", "情况说明", width=200),
            Column("decided_by", "决定机构"),
        ], "revocation.revocations", ctx.qsettings)
        self.revocations.source.tooltip = lambda r: r["description"]
        self.layout_.addWidget(self.revocations, 1)
        reclaim_row = QHBoxLayout()
        reclaim_row.addWidget(QLabel("岗牌收回登记"))
        self.pending_only = QCheckBox("只显示待收回的")
        self.pending_only.toggled.connect(lambda _c: self._load_reclaims())
        reclaim_row.addWidget(self.pending_only)
        reclaim_row.addStretch(1)
        reclaim_row.addWidget(button("登记收回…", self.reclaim_selected))
        self.layout_.addLayout(reclaim_row)
        self.reclaims = TableView([
            Column("placard_no", "标牌编号", width=100),
            Column("post_name", "示范岗", width=200),
            Column("unit_name", "所在单位", width=140),
            Column("reason", "收回原因", lambda r: ReclaimReason(r["reason"]).label, width=130),
            Column("marked_on", "撤销/撤岗日期", width=100),
            Column("returned_on", "收回日期", lambda r: r["returned_on"] or "待收回", width=92),
            Column("received_by", "经办人", width=80),
            Column("notes", "备注"),
        ], "revocation.reclaims", ctx.qsettings)
        self.reclaims.source.background = lambda r: DONE_BRUSH if r["returned_on"] else WARN_BRUSH
        self.reclaims.activated_row.connect(lambda r: self.reclaim(r["id"]))
        self.layout_.addWidget(self.reclaims, 1)

    def refresh(self) -> None:
        terms = self.ctx.terms()
        self.grounds.setText("一票否决情形：" + "；".join(f"（{i}）{terms.veto_ground_label(g)}" for i, g in enumerate(VetoGround, 1))
                             + "。有其中之一的，立即撤销称号，收回岗牌。")
        current = self.post.currentData()
        self.post.clear()
        for p in queries.posts(self.store, stage=PostStage.ON_DUTY):
            self.post.addItem(f"{p['code'] or ''} {p['name']}（{p['unit_name']}）", p["id"])
        self.post.setCurrentIndex(max(0, self.post.findData(current)))
        self.veto_button.setEnabled(self.post.count() > 0)
        self.veto_button.setToolTip("" if self.post.count() else "没有在岗的示范岗。")
        self.revocations.set_rows(queries.revocations(self.store))
        self._load_reclaims()

    def _load_reclaims(self) -> None:
        self.reclaims.set_rows(queries.reclaim_register(self.store, pending_only=self.pending_only.isChecked()))

    def focus_entity(self, entity_id: Any) -> None:
        _entity, key = unpack(entity_id)
        self.reclaims.select_where("id", key)

    def veto(self) -> None:
        post_id = self.post.currentData()
        if post_id is None:
            return
        widgets.exec_dialog(actions.veto_dialog(self.ctx, self, post_id))

    def reclaim_selected(self) -> None:
        row = self.reclaims.current_row()
        if row is None:
            widgets.info(self, "请先在岗牌收回登记表中选择一行。")
            return
        self.reclaim(row["id"])

    def reclaim(self, reclaim_id: int) -> None:
        row = self.store.get("placard_reclaims", reclaim_id)
        if row["returned_on"]:
            widgets.info(self, f"岗牌{row['placard_no']}已于{row['returned_on']}收回。")
            return
        widgets.exec_dialog(actions.reclaim_dialog(self.ctx, self, reclaim_id))
