"""示范岗: posts filtered by year, batch, stage, unit and kind; the details and the workflow buttons.

Each button is enabled only when ``core.workflow.allowed_actions`` allows the action now; a
disabled button carries the reason as its tooltip and the hint line names the next step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import queries
from core.enums import FiveDisplay, PostKind, PostStage, Role
from core.post_rules import Action, stages_allowing
from core.workflow import allowed_actions
from gui import widgets
from gui.context import AppContext
from gui.dialogs import actions
from gui.dialogs.post import creations_text
from gui.models import DONE_BRUSH, WARN_BRUSH, Column
from gui.pages.base import Page
from gui.widgets import TableView, button, heading, hint

POST_COLUMNS = [
    Column("code", "编号", width=76),
    Column("name", "岗位名称", width=200),
    Column("kind", "类型", lambda r: "个人" if r["kind"] == PostKind.INDIVIDUAL.value else "集体", align="center", width=48),
    Column("unit_name", "所在单位", width=150),
    Column("member_names", "上岗党员", width=160),
    Column("stage", "阶段", lambda r: PostStage(r["stage"]).label, width=110),
    Column("batch_name", "批次", width=110),
    Column("nominated_on", "提名日期", width=92),
    Column("confirmed_on", "确定日期", width=92),
]

# (action key, button text, how to do it)
ACTIONS = (
    ("edit", "编辑岗位信息…"),
    ("evaluate", "录入岗前测评"),
    ("publicize", "开始公示"),
    ("object", "登记公示异议…"),
    ("consent", "登记个人意愿"),
    ("confirm", "确定岗位…"),
    ("adjust", "调整上岗人员…"),
    ("withdraw", "撤岗…"),
    ("veto", "一票否决…"),
    ("print", "打印标牌胸牌"),
)

NEXT_STEP = {
    PostStage.NOMINATED: "下一步：组织岗前测评，满意票须达到通过线。",
    PostStage.EVALUATION_PASSED: "下一步：开始岗位公示。",
    PostStage.IN_PUBLICITY: "下一步：公示期满、异议处理完毕并登记本人意愿后确定岗位。",
    PostStage.ON_DUTY: "在岗：每月考核、定期满意度测评、年度五评。",
    PostStage.EVALUATION_FAILED: "岗前测评未通过，流程已结束。",
    PostStage.OBJECTION_UPHELD: "公示异议成立，提名已撤回。",
    PostStage.WITHDRAWN: "已撤岗。",
    PostStage.REVOKED: "已一票否决撤销称号。",
}


def stage_brush(row: dict[str, Any]) -> Any:
    stage = PostStage(row["stage"])
    if stage is PostStage.ON_DUTY:
        return DONE_BRUSH
    if stage in (PostStage.REVOKED, PostStage.EVALUATION_FAILED, PostStage.OBJECTION_UPHELD):
        return WARN_BRUSH
    return None


class PostsPage(Page):
    title = "示范岗"
    watches = frozenset({"posts", "post_members", "batches", "campaign_years", "units", "objections", "adjustments",
                         "publicity_periods", "confirmations"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        top = QHBoxLayout()
        top.addWidget(heading("示范岗"))
        top.addStretch(1)
        top.addWidget(button("新建年度…", self.new_year))
        top.addWidget(button("新建批次…", self.new_batch))
        top.addWidget(button("提名示范岗…", self.nominate))
        self.layout_.addLayout(top)
        filters = QHBoxLayout()
        self.f_year, self.f_batch, self.f_stage, self.f_unit, self.f_kind = (QComboBox() for _ in range(5))
        for label, box in (("年度", self.f_year), ("批次", self.f_batch), ("阶段", self.f_stage), ("单位", self.f_unit),
                           ("类型", self.f_kind)):
            filters.addWidget(QLabel(label + "："))
            filters.addWidget(box, 1)
            box.currentIndexChanged.connect(lambda _i, b=box: self._filter_changed(b))
        self.layout_.addLayout(filters)
        self.splitter = QSplitter()
        self.table = TableView(POST_COLUMNS, "posts.table", ctx.qsettings)
        self.table.source.background = stage_brush
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.table.activated_row.connect(lambda _r: self.do_action("edit"))
        self.splitter.addWidget(self.table)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 0, 0)
        self.info = QLabel("请在左侧选择一个示范岗。")
        self.info.setWordWrap(True)
        self.info.setTextFormat(self.info.textFormat().RichText)
        self.info.setMinimumWidth(300)
        detail_layout.addWidget(self.info)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text) in enumerate(ACTIONS):
            widget = QPushButton(text)
            widget.clicked.connect(lambda _c=False, k=key: self.do_action(k))
            widget.setEnabled(False)
            self.buttons[key] = widget
            grid.addWidget(widget, i // 2, i % 2)
        detail_layout.addLayout(grid)
        self.next_step = hint("")
        detail_layout.addWidget(self.next_step)
        self.reasons = hint("")
        detail_layout.addWidget(self.reasons)
        detail_layout.addStretch(1)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([800, 360])
        state = ctx.qsettings.value("posts/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        self.layout_.addWidget(self.splitter, 1)
        self.count = QLabel()
        self.layout_.addWidget(self.count)
        self._loading = False

    def save_state(self) -> None:
        self.ctx.qsettings.setValue("posts/splitter", self.splitter.saveState())

    # -- filters --------------------------------------------------------------------------
    def _fill(self, box: QComboBox, items: list[tuple[Any, str]], all_label: str) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(all_label, None)
        for value, label in items:
            box.addItem(label, value)
        index = box.findData(current)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.blockSignals(False)

    def _filter_changed(self, box: QComboBox) -> None:
        if self._loading:
            return
        if box is self.f_year:
            self._fill_batches()
        self._load_posts()

    def _fill_batches(self) -> None:
        self._fill(self.f_batch, [(b["id"], b["name"]) for b in queries.batches(self.store, self.f_year.currentData())], "全部批次")

    def refresh(self) -> None:
        self._loading = True
        years = [int(r["year"]) for r in queries.campaign_years(self.store)]
        self._fill(self.f_year, [(y, f"{y}年度") for y in years], "全部年度")
        self._fill_batches()
        self._fill(self.f_stage, [(s.value, s.label) for s in PostStage], "全部阶段")
        self._fill(self.f_unit, [(u["id"], u["name"]) for u in queries.units(self.store)], "全部单位")
        self._fill(self.f_kind, PostKind.choices(), "全部类型")
        self._loading = False
        self._load_posts()

    def _load_posts(self) -> None:
        stage = self.f_stage.currentData()
        rows = queries.posts(self.store, year=self.f_year.currentData(), batch_id=self.f_batch.currentData(),
                             stage=PostStage(stage) if stage else None, unit_id=self.f_unit.currentData(),
                             kind=self.f_kind.currentData())
        self.table.set_rows(rows)
        if self.table.current_row() is None and rows:
            self.table.selectRow(0)
        self.count.setText(f"共{len(rows)}个示范岗")
        self._show_detail()

    # -- details --------------------------------------------------------------------------
    def _show_detail(self) -> None:
        row = self.table.current_row()
        if row is None:
            self.info.setText("请在左侧选择一个示范岗。")
            for widget in self.buttons.values():
                widget.setEnabled(False)
                widget.setToolTip("请先选择一个示范岗。")
            self.next_step.setText("")
            self.reasons.setText("")
            return
        post = queries.post(self.store, row["id"])
        members = queries.post_members(self.store, row["id"])
        names = "、".join(f"{m['name_snapshot']}{'（负责人）' if m['role'] == Role.LEADER.value else ''}" for m in members)
        consent = "、".join(
            f"{m['name_snapshot']}：{'愿意' if m['consent'] == 1 else '不愿意' if m['consent'] == 0 else '未登记'}" for m in members)
        displays = "".join(
            f"<br><b>{d.label}：</b>{_esc(post[f'display_{d.value}'] or '（未填写）')[:60]}" for d in FiveDisplay)
        self.info.setText(
            f"<h3>{_esc(post['name'])}</h3>"
            f"<b>类型：</b>{PostKind(post['kind']).label}<br><b>所在单位：</b>{_esc(post['unit_name'])}"
            f"<br><b>阶段：</b>{PostStage(post['stage']).label}"
            + (f"<br><b>编号：</b>{post['code']}　<b>标牌：</b>{post['placard_no']}" if post["code"] else "")
            + f"<br><b>上岗党员：</b>{_esc(names)}<br><b>个人意愿：</b>{_esc(consent)}"
            + f"<br><b>岗位地点：</b>{_esc(post['location'] or '')}<br><b>五创：</b>{creations_text(post) or '（未选）'}"
            + displays
            + (f"<br><b>结束原因：</b>{_esc(post['end_reason'])}" if post["end_reason"] else "")
        )
        allowed = allowed_actions(self.store, row["id"])
        for key, widget in self.buttons.items():
            reason = allowed[key]
            widget.setEnabled(reason is None)
            widget.setToolTip(reason or widget.text().rstrip("…"))
        # In the stage that allows confirming, say what still stands in its way.
        blocker = allowed["confirm"] if PostStage(post["stage"]) in stages_allowing(Action.CONFIRM) else None
        self.next_step.setText(NEXT_STEP[PostStage(post["stage"])])
        self.reasons.setText(f"暂不能确定岗位：{blocker}" if blocker else "")

    def selected_id(self) -> int | None:
        row = self.table.current_row()
        return None if row is None else int(row["id"])

    def focus_entity(self, entity_id: Any) -> None:
        if not self.table.select_where("id", entity_id):
            for box in (self.f_batch, self.f_stage, self.f_unit, self.f_kind, self.f_year):
                box.setCurrentIndex(0)
            self.table.select_where("id", entity_id)

    # -- actions --------------------------------------------------------------------------
    def do_action(self, key: str) -> None:
        post_id = self.selected_id()
        if post_id is None or not self.buttons[key].isEnabled():
            if post_id is not None:
                self.ctx.status.emit(self.buttons[key].toolTip())
            return
        row = self.table.current_row() or {}
        if key == "edit":
            from gui.dialogs.post import PostDialog

            widgets.exec_dialog(PostDialog(self.ctx, self, post_id=post_id))
        elif key == "evaluate":
            self.ctx.navigate.emit("evaluation", row.get("batch_id"))
        elif key == "publicize":
            self.ctx.navigate.emit("publicity", row.get("batch_id"))
        elif key == "consent":
            self.ctx.navigate.emit("confirmation", post_id)
        elif key == "print":
            # The print centre shows this post's placard (its badges one click away), not every post.
            self.ctx.navigate.emit("print", ("posts", post_id))
        else:
            factory = {"object": actions.objection_dialog, "confirm": actions.confirm_dialog,
                       "adjust": actions.adjust_dialog, "withdraw": actions.withdraw_dialog, "veto": actions.veto_dialog}[key]
            widgets.exec_dialog(factory(self.ctx, self, post_id))

    def nominate(self) -> None:
        from gui.dialogs.post import PostDialog

        if not queries.batches(self.store):
            widgets.info(self, "还没有创建年度和批次。请先点“新建年度…”和“新建批次…”。")
            return
        dialog = PostDialog(self.ctx, self, batch_id=self.f_batch.currentData())
        if widgets.exec_dialog(dialog) and dialog.result_changes:
            self.focus_entity(dialog.result_changes.id)

    def new_year(self) -> None:
        from gui.dialogs.simple import YearDialog

        widgets.exec_dialog(YearDialog(self.ctx, self))

    def new_batch(self) -> None:
        from gui.dialogs.simple import BatchDialog

        widgets.exec_dialog(BatchDialog(self.ctx, self, year=self.f_year.currentData()))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
