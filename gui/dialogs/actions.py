"""One dialog per workflow action on a post; each returns the FormDialog to execute, which runs the
action through ``gui.actions.run_action`` (refusals next to their field, the pages told on success)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from core import queries
from core.enums import AdjustmentKind, Standing, VetoGround
from core.errors import DomainError
from core.store import Changes
from core.workflow import (
    adjust_members,
    allowed_actions,
    check_veto,
    confirm_post,
    record_consent,
    record_objection,
    record_reclaim,
    resolve_objection,
    veto_post,
    withdraw_post,
)
from gui import widgets
from gui.context import AppContext
from gui.widgets import FormDialog


def objection_dialog(ctx: AppContext, parent: QWidget | None, post_id: int) -> FormDialog:
    store = ctx.store
    post = store.get("posts", post_id)
    dialog = FormDialog(f"登记公示异议 — {post['name']}", parent, lambda v: record_objection(
        store, post_id=post_id, received_on=v["received_on"], content=v["content"], source=v["source"]), ctx=ctx,
        intro="公示期内收到的意见和反映，登记后须核实处理；有未处理的异议时不能确定岗位。")
    dialog.add_date("received_on", "受理日期：", store.today())
    dialog.add_text("source", "反映人：", placeholder="可填匿名、来信、来电等")
    dialog.add_text("content", "异议内容：", multiline=True)
    return dialog


def resolve_dialog(ctx: AppContext, parent: QWidget | None, objection_id: int) -> FormDialog:
    store = ctx.store
    objection = store.get("objections", objection_id)
    post = store.get("posts", objection["post_id"])
    dialog = FormDialog(f"核实处理异议 — {post['name']}", parent, lambda v: resolve_objection(
        store, objection_id, upheld=v["upheld"] == "upheld", resolution=v["resolution"], resolved_on=v["resolved_on"]),
        ctx=ctx, intro=f"异议内容：{objection['content']}")
    dialog.add_combo("upheld", "核实结论：", [("rejected", "异议不成立，公示继续"), ("upheld", "异议成立，撤回该提名")])
    dialog.add_text("resolution", "核实处理意见：", multiline=True)
    dialog.add_date("resolved_on", "处理日期：", store.today())
    return dialog


def consent_dialog(ctx: AppContext, parent: QWidget | None, post_id: int, member_id: int, name: str) -> FormDialog:
    store = ctx.store
    dialog = FormDialog(f"登记个人意愿 — {name}", parent, lambda v: record_consent(
        store, post_id=post_id, member_id=member_id, consent=v["consent"] == "yes", on=v["on"], note=v["note"]),
        ctx=ctx, intro="确定岗位要结合党员个人意愿。")
    dialog.add_combo("consent", "本人意愿：", [("yes", "愿意上岗"), ("no", "不愿上岗")])
    dialog.add_date("on", "登记日期：", store.today())
    dialog.add_text("note", "说明：")
    return dialog


def confirm_dialog(ctx: AppContext, parent: QWidget | None, post_id: int) -> FormDialog:
    store = ctx.store
    post = store.get("posts", post_id)
    dialog = FormDialog(f"确定岗位 — {post['name']}", parent, lambda v: confirm_post(
        store, post_id, confirmed_on=v["confirmed_on"], notes=v["notes"]), ctx=ctx,
        intro="确定后示范岗即上岗，并获得岗位编号和标牌编号。", ok_text="确定岗位")
    dialog.add_date("confirmed_on", "确定日期：", store.today())
    dialog.add_text("notes", "备注：")
    return dialog


def withdraw_dialog(ctx: AppContext, parent: QWidget | None, post_id: int) -> FormDialog:
    store = ctx.store
    post = store.get("posts", post_id)
    dialog = FormDialog(f"撤岗 — {post['name']}", parent, lambda v: withdraw_post(
        store, post_id, reason=v["reason"], on=v["on"]), ctx=ctx,
        intro="达不到示范岗标准的及时调整撤岗；在岗的示范岗撤岗后须收回岗牌。", ok_text="撤岗")
    dialog.add_text("reason", "撤岗原因：", multiline=True)
    dialog.add_date("on", "撤岗日期：", store.today())
    return dialog


def adjust_dialog(ctx: AppContext, parent: QWidget | None, post_id: int) -> FormDialog:
    store = ctx.store
    post = store.get("posts", post_id)
    current = queries.post_members(store, post_id)
    current_ids = {m["member_id"] for m in current}
    # Newcomers come from the post's own unit (a 20,000-name list would be unusable).
    others = [(m["id"], f"{m['name']}（{m['id_number'][-4:]}）") for m in queries.members(store, unit_id=post["unit_id"])
              if m["standing"] == Standing.NORMAL.value and m["id"] not in current_ids]
    # Adding or replacing brings a newcomer in: offered only when the stage lets one join.
    join_refused = allowed_actions(store, post_id)["join"]
    joining = (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.ADD_MEMBER)
    kinds = [(k.value, k.label) for k in AdjustmentKind
             if k is not AdjustmentKind.WITHDRAW and not (join_refused and k in joining)]

    def save(v: dict[str, Any]) -> Changes:
        kind = AdjustmentKind(v["kind"])
        member_in = v["member_in_id"] if kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.ADD_MEMBER) else v["leader_id"]
        member_out = v["member_out_id"] if kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.REMOVE_MEMBER) else None
        return adjust_members(store, post_id, kind=kind, reason=v["reason"], on=v["on"],
                              member_out_id=member_out, member_in_id=member_in, newcomer_consents=v["newcomer_consents"])

    dialog = FormDialog(f"调整上岗人员 — {post['name']}", parent, save, ctx=ctx, intro=join_refused or "")
    kind_box = dialog.add_combo("kind", "调整方式：", kinds)
    dialog.add_combo("member_out_id", "调出党员：", [(m["member_id"], m["name_snapshot"]) for m in current])
    dialog.add_combo("member_in_id", "调入党员：", others)
    dialog.add_check("newcomer_consents", "本人意愿：", "调入的党员本人同意上岗")
    dialog.add_combo("leader_id", "新负责人：", [(m["member_id"], m["name_snapshot"]) for m in current])
    dialog.add_text("reason", "调整原因：", multiline=True)
    dialog.add_date("on", "调整日期：", store.today())

    def sync() -> None:
        kind = AdjustmentKind(kind_box.currentData())
        dialog.field("member_out_id").setEnabled(kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.REMOVE_MEMBER))
        dialog.field("member_in_id").setEnabled(kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.ADD_MEMBER))
        dialog.field("newcomer_consents").setEnabled(kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.ADD_MEMBER))
        dialog.field("leader_id").setEnabled(kind is AdjustmentKind.CHANGE_LEADER)

    kind_box.currentIndexChanged.connect(lambda _i: sync())
    sync()
    return dialog


class VetoDialog(FormDialog):
    """一票否决: the rules are checked first; only a complete, valid decision is confirmed (once)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, post_id: int) -> None:
        store = ctx.store
        post = store.get("posts", post_id)
        self.store = store
        self.post_id = post_id
        self.post_name = post["name"]
        super().__init__(f"一票否决 — {post['name']}", parent, self._veto, ctx=ctx, min_width=620,
                         intro="有下列情形之一的，实行一票否决，立即撤销“党员示范岗”称号，收回岗牌。",
                         ok_text="撤销称号")
        terms = store.terms()
        organization = store.organization()["name"]
        self.add_combo("ground", "否决情形：", [(g.value, terms.veto_ground_label(g)) for g in VetoGround])
        self.add_text("description", "情况说明：", multiline=True)
        self.add_date("decided_on", "决定日期：", store.today())
        # The printed revocation notice says "经…研究决定" and is signed by the organization: both must match.
        self.add_text("decided_by", "决定机构：", organization, placeholder=organization)

    def _arguments(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"ground": VetoGround(v["ground"]), "description": v["description"], "decided_on": v["decided_on"],
                "decided_by": v["decided_by"]}

    def _veto(self, v: dict[str, Any]) -> Changes:
        return veto_post(self.store, self.post_id, **self._arguments(v))

    def submit(self) -> None:
        try:
            check_veto(self.store, self.post_id, **self._arguments(self.values()))
        except DomainError as error:
            self.show_error(error)
            return
        for label in (*self._errors.values(), self.general_error):
            label.show_text("")
        if not widgets.ask(self, f"一票否决将立即撤销“{self.post_name}”的称号，并收回岗牌。确定吗？",
                           title="一票否决", yes="撤销称号", no="再想想"):
            return  # back to the dialog as it was: nothing to report
        super().submit()


def veto_dialog(ctx: AppContext, parent: QWidget | None, post_id: int) -> FormDialog:
    return VetoDialog(ctx, parent, post_id)


def reclaim_dialog(ctx: AppContext, parent: QWidget | None, reclaim_id: int) -> FormDialog:
    store = ctx.store
    reclaim = store.get("placard_reclaims", reclaim_id)
    dialog = FormDialog(f"登记收回岗牌 — {reclaim['placard_no'] or '无编号'}", parent, lambda v: record_reclaim(
        store, reclaim_id, returned_on=v["returned_on"], received_by=v["received_by"], notes=v["notes"]), ctx=ctx)
    dialog.add_date("returned_on", "收回日期：", store.today())
    dialog.add_text("received_by", "经办人：", store.operator_name())
    dialog.add_text("notes", "备注：", placeholder="例如：岗牌及党徽胸牌一并收回")
    return dialog
