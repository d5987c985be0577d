"""Every action the audit log records, in one table: its code name, its Chinese label, the tables its
entries are about, and how the audit viewer (操作记录) describes the change.

An action function (``workflow.veto_post`` …) records itself with ``store.audit(AuditAction.VETO_POST,
"posts", …)``; ``Store.audit`` refuses a name or table this table does not list. The viewer takes the
label, the filter list and the 说明 column from here. Adding an action therefore touches its own
module and this one: a member of ``AuditAction`` and its row in ``ACTIONS`` (with a describer built
from ``core.audit_words`` when the stage change alone does not say enough).

Code names are stored in every database's log: a name, once released, is never changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from core.audit_words import Change, Describer, as_int, changed_fields, label, month, number, short, simple, text
from core.enums import (
    AdjustmentKind,
    Grade,
    HighlightKind,
    MemberCategory,
    OrgType,
    PostKind,
    ProblemCategory,
    UnitKind,
    VetoGround,
)


class AuditAction(StrEnum):
    """The code name an audit entry records (``audit_log.action``)."""

    # organization, units and the roster
    SETUP_ORGANIZATION = "setup_organization"
    UPDATE_ORGANIZATION = "update_organization"
    UPDATE_SETTINGS = "update_settings"
    CREATE_UNIT = "create_unit"
    UPDATE_UNIT = "update_unit"
    ADD_MEMBER = "add_member"
    UPDATE_MEMBER = "update_member"
    SET_MEMBER_PHOTO = "set_member_photo"
    IMPORT_ROSTER = "import_roster"
    IMPORT_PACKAGE = "import_package"
    RESTORE_BACKUP = "restore_backup"
    # the setup procedure (设岗程序)
    CREATE_CAMPAIGN_YEAR = "create_campaign_year"
    CREATE_BATCH = "create_batch"
    NOMINATE_POST = "nominate_post"
    UPDATE_POST_DETAILS = "update_post_details"
    RECORD_PRE_EVALUATION = "record_pre_evaluation"
    START_PUBLICITY = "start_publicity"
    RECORD_OBJECTION = "record_objection"
    RESOLVE_OBJECTION = "resolve_objection"
    RECORD_CONSENT = "record_consent"
    CONFIRM_POST = "confirm_post"
    # dynamic management, supervision, reviews and promotion
    RECORD_MONTHLY_ASSESSMENT = "record_monthly_assessment"
    CORRECT_ASSESSMENT = "correct_assessment"
    OPEN_RECTIFICATION = "open_rectification"
    CLOSE_RECTIFICATION = "close_rectification"
    RECORD_SURVEY = "record_survey"
    RECORD_FIVE_REVIEW = "record_five_review"
    CORRECT_FIVE_REVIEW = "correct_five_review"
    ADD_HIGHLIGHT = "add_highlight"
    # adjustment, veto and the placard
    ADJUST_MEMBERS = "adjust_members"
    WITHDRAW_POST = "withdraw_post"
    VETO_POST = "veto_post"
    RECORD_RECLAIM = "record_reclaim"

    @property
    def spec(self) -> ActionSpec:
        return ACTIONS[self]

    @property
    def label(self) -> str:
        return ACTIONS[self].label


@dataclass(frozen=True)
class ActionSpec:
    """``label``: the 操作 column and the filter list. ``entities``: the tables its entries may be
    about (an action that moves a post on records the post and the record it adds). ``describe``:
    the gist of the change after the stage change, if any (``None``: the stage change says it all)."""

    label: str
    entities: frozenset[str]
    describe: Describer | None = None


# -- describers ---------------------------------------------------------------------------------
def _new_member(c: Change) -> list[str]:
    return [label(MemberCategory, c.after.get("category")), c.names.of("units", c.after.get("unit_id"))]


def _photo(c: Change) -> list[str]:
    if c.after.get("photo") is None:
        return ["清除照片"]
    return ["更换照片" if c.before.get("photo") else "上传照片"]


def _roster(c: Change) -> list[str]:
    added, updated = c.after.get("added"), c.after.get("updated")
    rows = added.get("rows") if isinstance(added, dict) else None
    new_units = c.after.get("new_units")
    return [f"新增{len(rows) if isinstance(rows, list) else 0}人",
            f"更新{len(updated) if isinstance(updated, list) else 0}人",
            f"新建组织单元{len(new_units)}个" if isinstance(new_units, list) and new_units else ""]


def _package(c: Change) -> list[str]:
    added = c.after.get("added")
    count = sum(n for n in added.values() if as_int(n)) if isinstance(added, dict) else 0
    conflicts = c.after.get("conflicts")
    clashes = len(conflicts) if isinstance(conflicts, list) else 0
    return [f"文件：{text(c.after.get('file'))}", f"新增{count}条记录", f"冲突{clashes}处" if clashes else ""]


def _restore(c: Change) -> list[str]:
    other = text(c.after.get("other_office"))
    safety = text(c.after.get("safety_copy"))
    return [f"备份文件：{text(c.after.get('file'))}", f"其他单位“{other}”的数据" if other else "",
            f"恢复前的数据另存为：{safety}" if safety else ""]


def _nomination(c: Change) -> list[str]:
    members = c.after.get("members")
    count = f"上岗党员{len(members)}人" if isinstance(members, list) else ""
    return ["，".join(p for p in (label(PostKind, c.after.get("kind")), c.names.of("units", c.after.get("unit_id")), count) if p)]


def _votes(c: Change) -> list[str]:
    votes = [(kind, c.after.get(key)) for key, kind in
             (("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意"), ("invalid", "无效"))]
    return ["，".join(f"{kind}{number(n)}票" for kind, n in votes if number(n) and (kind != "无效" or n))]


def _publicity(c: Change) -> list[str]:
    if c.entity != "publicity_periods":
        return []
    days = number(c.after.get("working_days"))
    return [f"公示期{text(c.after.get('start_on'))}至{text(c.after.get('end_on'))}" + (f"（{days}个工作日）" if days else "")]


def _objection(c: Change) -> list[str]:
    source = text(c.after.get("source"))
    return [(f"{source}：" if source else "") + short(c.after.get("content"))]


def _resolution(c: Change) -> list[str]:
    if c.entity != "objections":
        return []
    verdict = {"upheld": "异议成立", "rejected": "异议不成立"}.get(text(c.after.get("status")), "")
    return [verdict, short(c.after.get("resolution"))]


def _consent(c: Change) -> list[str]:
    consent = c.after.get("consent")
    return ["" if consent is None else ("愿意上岗" if consent else "不愿上岗"), short(c.after.get("consent_note"))]


def _confirmation(c: Change) -> list[str]:
    return [f"岗位编号{text(c.after.get('code'))}" if text(c.after.get("code")) else "",
            f"岗牌编号{text(c.after.get('placard_no'))}" if text(c.after.get("placard_no")) else ""]


def _assessment(c: Change) -> list[str]:
    return [month(c.after.get("month")), f"得分{number(c.after.get('score'))}", label(Grade, c.after.get("grade"))]


def _correction(c: Change) -> list[str]:
    return [f"得分：{number(c.before.get('score'))} → {number(c.after.get('score'))}",
            f"原因：{short(c.after.get('reason'))}" if text(c.after.get("reason")) else ""]


def _rectification(c: Change) -> list[str]:
    category = label(ProblemCategory, c.after.get("category"))
    return [f"{category}：{short(c.after.get('description'))}" if category else short(c.after.get("description")),
            f"期限{text(c.after.get('deadline'))}" if text(c.after.get("deadline")) else ""]


def _closing(c: Change) -> list[str]:
    return [f"办结日期{text(c.after.get('closed_on'))}", short(c.after.get("result"))]


def _survey(c: Change) -> list[str]:
    rate = c.after.get("rate")
    if not isinstance(rate, (int, float)):
        return []
    returned = number(c.after.get("returned"))
    shown = f"满意率{float(rate) * 100:.1f}%" + (f"（收回{returned}份）" if returned else "")
    return [shown, "低于预警线" if c.after.get("low") else ""]


def _five_review(c: Change) -> list[str]:
    return [f"总分{number(c.after.get('total'))}", label(Grade, c.after.get("grade"))]


def _five_review_correction(c: Change) -> list[str]:
    return [f"总分：{number(c.before.get('total'))} → {number(c.after.get('total'))}",
            label(Grade, c.after.get("grade")),
            f"原因：{short(c.after.get('reason'))}" if text(c.after.get("reason")) else ""]


def _highlight(c: Change) -> list[str]:
    channel = text(c.after.get("channel"))
    return [label(HighlightKind, c.after.get("kind")), f"发布渠道：{channel}" if channel else ""]


def _adjustment(c: Change) -> list[str]:
    def ids(data: Mapping[str, Any]) -> list[int]:
        members = data.get("members")
        return [i for i in map(as_int, members) if i is not None] if isinstance(members, list) else []

    old, new = ids(c.before), ids(c.after)
    out = "、".join(c.names.of("members", i) for i in old if i not in new)
    came = "、".join(c.names.of("members", i) for i in new if i not in old)
    return [label(AdjustmentKind, c.after.get("kind")), f"调出：{out}" if out else "", f"调入：{came}" if came else "",
            f"原因：{short(c.after.get('reason'))}" if text(c.after.get("reason")) else ""]


def _reason(c: Change) -> list[str]:
    return [f"原因：{short(c.after.get('end_reason'))}" if text(c.after.get("end_reason")) else ""]


def _veto(c: Change) -> list[str]:
    # end_reason holds the ground as worded for this office (a hospital's accident ground differs).
    reason = text(c.after.get("end_reason"))
    ground = c.after.get("ground")
    return [f"否决情形：{short(reason) if reason else label(VetoGround, ground)}"]


def _reclaim(c: Change) -> list[str]:
    received = text(c.after.get("received_by"))
    return [f"收回日期{text(c.after.get('returned_on'))}", f"经手人：{received}" if received else ""]


def _on(*tables: str) -> frozenset[str]:
    return frozenset(tables)


# -- the table (in the order a campaign runs: the viewer's filter list) ---------------------------------
_A = AuditAction
_S = ActionSpec
ACTIONS: Mapping[AuditAction, ActionSpec] = MappingProxyType({
    _A.SETUP_ORGANIZATION: _S("建立组织", _on("organization"), simple(("org_type", lambda v: label(OrgType, v)))),
    _A.UPDATE_ORGANIZATION: _S("修改组织信息", _on("organization"), changed_fields),
    _A.UPDATE_SETTINGS: _S("修改设置", _on("organization"), changed_fields),
    _A.CREATE_UNIT: _S("新建组织单元", _on("units"), simple(("kind", lambda v: label(UnitKind, v)))),
    _A.UPDATE_UNIT: _S("修改组织单元", _on("units"), changed_fields),
    _A.ADD_MEMBER: _S("登记党员", _on("members"), _new_member),
    _A.UPDATE_MEMBER: _S("修改党员信息", _on("members"), changed_fields),
    _A.SET_MEMBER_PHOTO: _S("更新党员照片", _on("members"), _photo),
    _A.IMPORT_ROSTER: _S("导入党员名册", _on("members"), _roster),
    _A.IMPORT_PACKAGE: _S("导入交换包", _on("organization"), _package),
    _A.RESTORE_BACKUP: _S("从备份恢复", _on("organization"), _restore),
    _A.CREATE_CAMPAIGN_YEAR: _S("新建创建年度", _on("campaign_years"),
                                simple(("started_on", lambda v: f"开始日期{text(v)}" if text(v) else ""))),
    _A.CREATE_BATCH: _S("新建批次", _on("batches"), simple(("created_on", lambda v: f"建立日期{text(v)}" if text(v) else ""))),
    _A.NOMINATE_POST: _S("提名示范岗", _on("posts"), _nomination),
    _A.UPDATE_POST_DETAILS: _S("修改示范岗信息", _on("posts"), changed_fields),
    _A.RECORD_PRE_EVALUATION: _S("录入岗前测评", _on("posts"), _votes),
    _A.START_PUBLICITY: _S("开始公示", _on("posts", "publicity_periods"), _publicity),
    _A.RECORD_OBJECTION: _S("登记公示异议", _on("objections"), _objection),
    _A.RESOLVE_OBJECTION: _S("核实处理异议", _on("objections", "posts"), _resolution),
    _A.RECORD_CONSENT: _S("登记个人意愿", _on("post_members"), _consent),
    _A.CONFIRM_POST: _S("确定示范岗", _on("posts"), _confirmation),
    _A.RECORD_MONTHLY_ASSESSMENT: _S("录入月度考核", _on("monthly_assessments"), _assessment),
    _A.CORRECT_ASSESSMENT: _S("更正考核分数", _on("monthly_assessments"), _correction),
    _A.OPEN_RECTIFICATION: _S("督促整改", _on("rectifications"), _rectification),
    _A.CLOSE_RECTIFICATION: _S("整改办结", _on("rectifications"), _closing),
    _A.RECORD_SURVEY: _S("录入满意度测评", _on("surveys"), _survey),
    _A.RECORD_FIVE_REVIEW: _S("录入五评结果", _on("five_reviews"), _five_review),
    _A.CORRECT_FIVE_REVIEW: _S("更正五评结果", _on("five_reviews"), _five_review_correction),
    _A.ADD_HIGHLIGHT: _S("收录宣传典型", _on("highlights"), _highlight),
    _A.ADJUST_MEMBERS: _S("调整上岗党员", _on("posts"), _adjustment),
    _A.WITHDRAW_POST: _S("撤岗", _on("posts"), _reason),
    _A.VETO_POST: _S("一票否决撤销称号", _on("posts"), _veto),
    _A.RECORD_RECLAIM: _S("登记收回岗牌", _on("placard_reclaims"), _reclaim),
})


def _imported_member(c: Change) -> list[str]:
    return changed_fields(c) if c.before else _new_member(c)


# Code names earlier versions recorded and this one no longer does: their entries stay in every
# office's log (台账), so they keep their Chinese label and description.
RETIRED: Mapping[str, ActionSpec] = MappingProxyType({
    "import_member": _S("导入党员", _on("members"), _imported_member),  # one entry per member, until the roster path
})


def spec_of(code: str) -> ActionSpec | None:
    """The row of a recorded code name (a retired one's too); ``None`` for one this version does not know."""
    try:
        return ACTIONS[AuditAction(code)]
    except ValueError:
        return RETIRED.get(code)


def known_labels() -> list[tuple[str, str]]:
    """(code, label) of every code name a log may hold: this version's in campaign order, then retired ones."""
    return [(action.value, spec.label) for action, spec in ACTIONS.items()] + [
        (code, spec.label) for code, spec in RETIRED.items()]


def action_label(code: str) -> str:
    """The Chinese label of a recorded code name; an unknown one (a later version's) as it is."""
    spec = spec_of(code)
    return code if spec is None else spec.label


__all__ = ["ACTIONS", "RETIRED", "ActionSpec", "AuditAction", "action_label", "known_labels", "spec_of"]
