"""The setup procedure (设岗程序) and the life of a post afterwards.

岗位设置（酝酿提名）→ 岗前测评 → 岗位公示 → 确定岗位（在岗）, then adjustments, veto and the
placard reclaim. Each public function is one user action: it checks its rule, writes in one
transaction, appends an audit entry and returns ``Changes``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from core import validate
from core.actions import AuditAction
from core.enums import (
    AdjustmentKind,
    FiveCreation,
    FiveDisplay,
    MemberCategory,
    PostKind,
    PostStage,
    ReclaimReason,
    Role,
    Standing,
    UnitKind,
    VetoGround,
)
from core.errors import DomainError
from core.post_rules import ALLOWED, HOLDING, MEMBER_LIMITS, SERVING, Action, refusal, require, stage_in
from core.store import Changes, Row, Store, new_uid, now_text
from core.workdays import PeriodEnd, add_working_days


# -- campaign years and batches ----------------------------------------------------------------
def create_campaign_year(store: Store, year: int, title: str = "", started_on: date | None = None) -> Changes:
    today = store.today()
    if not 2000 <= year <= today.year + 1:
        raise DomainError(f"创建年度{year}不合理，应在2000年至{today.year + 1}年之间。", field="year")
    if store.scalar("SELECT id FROM campaign_years WHERE year = ?", [year]):
        raise DomainError(f"{year}年度已经建立。", field="year")
    row = {
        "uid": new_uid(),
        "year": year,
        "title": validate.text(title or f"{year}年党员示范岗创建活动", "年度名称", max_len=60),
        "started_on": (started_on or today).isoformat(),
    }
    with store.transaction():
        year_id = store.insert("campaign_years", row)
        store.audit(AuditAction.CREATE_CAMPAIGN_YEAR, "campaign_years", year_id, None, row)
    return Changes(AuditAction.CREATE_CAMPAIGN_YEAR, "campaign_years", (year_id,), f"已建立{year}年度。", frozenset({"campaign_years"}))


def create_batch(store: Store, year: int, name: str = "", created_on: date | None = None) -> Changes:
    year_id = store.scalar("SELECT id FROM campaign_years WHERE year = ?", [year])
    if year_id is None:
        raise DomainError(f"还没有建立{year}年度，请先建立年度。", field="year")
    number = int(store.scalar("SELECT coalesce(max(number), 0) + 1 FROM batches WHERE year_id = ?", [year_id]))
    row = {
        "uid": new_uid(),
        "year_id": year_id,
        "number": number,
        "name": validate.text(name or f"{year}年第{number}批", "批次名称", max_len=60),
        "created_on": (created_on or store.today()).isoformat(),
    }
    with store.transaction():
        batch_id = store.insert("batches", row)
        store.audit(AuditAction.CREATE_BATCH, "batches", batch_id, None, row)
    return Changes(AuditAction.CREATE_BATCH, "batches", (batch_id,), f"已建立“{row['name']}”。", frozenset({"batches"}))


def batch_year(store: Store, batch_id: int) -> int:
    store.get("batches", batch_id)
    return int(
        store.scalar(
            "SELECT y.year FROM batches b JOIN campaign_years y ON y.id = b.year_id WHERE b.id = ?", [batch_id]
        )
    )


# -- nomination -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deliberation:
    """The branch's 酝酿讨论: when, how many took part, what was said, the standard checked."""

    held_on: date
    participants: int
    summary: str
    standard_met: Sequence[bool]


@dataclass(frozen=True)
class NominationInput:
    batch_id: int
    kind: PostKind
    name: str
    unit_id: int
    member_ids: Sequence[int]
    leader_id: int
    deliberation: Deliberation
    location: str = ""
    displays: Mapping[FiveDisplay, str] = field(default_factory=dict)
    creations: Sequence[FiveCreation] = ()


def nominate_post(store: Store, data: NominationInput) -> Changes:
    """岗位设置: the branch tentatively sets up a post and nominates its member(s)."""
    today = store.today()
    terms = store.terms()
    year = batch_year(store, data.batch_id)
    kind = PostKind(data.kind)
    name = validate.text(data.name, "岗位名称", max_len=40, field="name")
    unit = store.get("units", data.unit_id)
    delib = data.deliberation
    held_on = validate.day(delib.held_on, "酝酿讨论日期", today=today, field="held_on")
    assert held_on is not None
    if not year - 1 <= held_on.year <= year + 1:
        # A nomination for year N is deliberated around year N (late in N-1 ahead of the batch, or a
        # record entered after the turn of the year); 2000 for a 2026 batch is a typing error, and it
        # would also become the earliest date allowed for the ballot.
        raise DomainError(f"酝酿讨论日期{held_on.isoformat()}不在{year}年度创建活动期间，请核对"
                          f"（应在{year - 1}年至{year + 1}年之间）。", field="held_on")
    if validate.count(delib.participants, "参加讨论人数", field="participants") < 1:
        raise DomainError("请填写参加酝酿讨论的人数。", field="participants")
    items = terms.standard_items
    if len(delib.standard_met) != len(items):
        raise DomainError("酝酿讨论记录的标准核对项不完整。", field="standard_met")
    missing = [item for item, ok in zip(items, delib.standard_met, strict=True) if not ok]
    if missing:
        raise DomainError(
            "“党员示范岗”必须符合标准，以下各项尚未确认：" + "；".join(missing) + "。", field="standard_met"
        )
    if kind is PostKind.COLLECTIVE and UnitKind(unit["kind"]) not in terms.collective_creators:
        creators = "或".join(k.label for k in terms.collective_creators)
        raise DomainError(f"党员集体示范岗由{creators}创建，“{unit['name']}”是{UnitKind(unit['kind']).label}。", field="unit_id")
    members = _check_membership(store, kind, list(data.member_ids), data.leader_id, year, exclude_post_id=None)
    if kind is PostKind.INDIVIDUAL and members[0]["unit_id"] != unit["id"]:
        raise DomainError(
            f"党员个人示范岗由党员本人创建，所在单位应为{members[0]['name']}所在的组织。", field="unit_id"
        )
    creations = _creations(store, data.creations)
    displays = _displays(data.displays)
    now = now_text()
    post: Row = {
        "uid": new_uid(),
        "batch_id": data.batch_id,
        "kind": kind.value,
        "name": name,
        "unit_id": unit["id"],
        "location": validate.text(data.location, "岗位地点", required=False, max_len=60, field="location"),
        **displays,
        "creations": json.dumps([c.value for c in creations]),
        "stage": PostStage.NOMINATED.value,
        "nominated_on": held_on.isoformat(),
        "created_at": now,
        "updated_at": now,
    }
    with store.transaction():
        post_id = store.insert("posts", post)
        for member in members:
            _insert_post_member(store, post_id, member, data.leader_id, held_on)
        delib_row = {
            "uid": new_uid(),
            "post_id": post_id,
            "held_on": held_on.isoformat(),
            "participants": delib.participants,
            "summary": validate.text(delib.summary, "讨论情况", required=False, max_len=2000),
            "checklist": json.dumps(dict(zip(items, [bool(x) for x in delib.standard_met], strict=True)), ensure_ascii=False),
        }
        store.insert("deliberations", delib_row)
        store.audit(AuditAction.NOMINATE_POST, "posts", post_id, None, {**post, "members": [m["id"] for m in members]})
    return Changes(AuditAction.NOMINATE_POST, "posts", (post_id,), f"已提名示范岗“{name}”。", frozenset({"posts", "post_members"}))


def _insert_post_member(store: Store, post_id: int, member: Row, leader_id: int, on: date) -> int:
    unit_name = store.scalar("SELECT name FROM units WHERE id = ?", [member["unit_id"]])
    row = {
        "uid": new_uid(),
        "post_id": post_id,
        "member_id": member["id"],
        "role": (Role.LEADER if member["id"] == leader_id else Role.MEMBER).value,
        "name_snapshot": member["name"],
        "unit_snapshot": unit_name,
        "position_snapshot": member["position"],
        "category_snapshot": member["category"],
        "joined_on": on.isoformat(),
    }
    return store.insert("post_members", row)


def _check_membership(
    store: Store,
    kind: PostKind,
    member_ids: list[int],
    leader_id: int,
    year: int,
    exclude_post_id: int | None,
) -> list[Row]:
    if len(set(member_ids)) != len(member_ids):
        raise DomainError("上岗党员名单中有重复的人。", field="member_ids")
    if not MEMBER_LIMITS[kind].allows(len(member_ids)):
        raise DomainError(f"{kind.label}的上岗党员{MEMBER_LIMITS[kind].wording}，现在有{len(member_ids)}人。",
                          field="member_ids")
    if leader_id not in member_ids:
        raise DomainError("岗位负责人必须是上岗党员之一。", field="leader_id")
    members = [store.get("members", mid) for mid in member_ids]
    for member in members:
        if member["standing"] != Standing.NORMAL.value:
            raise DomainError(
                f"{member['name']}的党籍状态为“{Standing(member['standing']).label}”，只有党籍状态正常的党员才能上岗。",
                field="member_ids",
            )
    leader = next(m for m in members if m["id"] == leader_id)
    if kind is PostKind.COLLECTIVE and leader["category"] != MemberCategory.FULL.value:
        raise DomainError(
            f"集体示范岗的负责人应为正式党员，{leader['name']}是预备党员。", field="leader_id"
        )
    if kind is PostKind.INDIVIDUAL:
        member = members[0]
        holding, holding_stages = stage_in("p.stage", HOLDING)
        serving, serving_stages = stage_in("p.stage", SERVING)
        held = store.rows(
            "SELECT p.name, p.stage, y.year FROM posts p "
            "JOIN post_members pm ON pm.post_id = p.id AND pm.left_on IS NULL "
            "JOIN batches b ON b.id = p.batch_id JOIN campaign_years y ON y.id = b.year_id "
            f"WHERE pm.member_id = ? AND p.kind = 'individual' AND p.id IS NOT ? "
            f"AND ((y.year = ? AND {holding}) OR {serving})",
            [member["id"], exclude_post_id, year, *holding_stages, *serving_stages],
        )
        if held:
            raise DomainError(
                f"{member['name']}已有个人示范岗“{held[0]['name']}”（{PostStage(held[0]['stage']).label}），"
                f"每名党员每年度只能创建一个个人示范岗，且不能同时在两个个人示范岗上岗。",
                field="member_ids",
            )
    return members


def _creations(store: Store, creations: Sequence[FiveCreation]) -> list[FiveCreation]:
    allowed = store.terms().creations
    result = []
    for creation in creations:
        value = FiveCreation(creation)
        if value not in allowed:
            raise DomainError(f"“{value.label}”不属于本单位的创建目标。", field="creations")
        if value not in result:
            result.append(value)
    return result


def _displays(displays: Mapping[FiveDisplay, str]) -> Row:
    limits = {FiveDisplay.IDENTITY: 200, FiveDisplay.DUTIES: 1000, FiveDisplay.PLEDGE: 1000,
              FiveDisplay.PROCESS: 1000, FiveDisplay.RESULTS: 1000}
    return {
        f"display_{d.value}": validate.text(displays.get(d, ""), d.label, required=False, max_len=limits[d], field=f"display_{d.value}")
        for d in FiveDisplay
    }


def update_post_details(
    store: Store,
    post_id: int,
    *,
    name: str,
    location: str,
    displays: Mapping[FiveDisplay, str],
    creations: Sequence[FiveCreation],
) -> Changes:
    """Edit what the placard shows (五亮) and the post's goals (五创)."""
    post = store.get("posts", post_id)
    require(post, Action.EDIT)
    row = {
        "name": validate.text(name, "岗位名称", max_len=40, field="name"),
        "location": validate.text(location, "岗位地点", required=False, max_len=60, field="location"),
        **_displays(displays),
        "creations": json.dumps([c.value for c in _creations(store, creations)]),
        "updated_at": now_text(),
    }
    with store.transaction():
        store.update("posts", post_id, row)
        store.audit(AuditAction.UPDATE_POST_DETAILS, "posts", post_id, post, row)
    return Changes(AuditAction.UPDATE_POST_DETAILS, "posts", (post_id,), f"已保存示范岗“{row['name']}”。", frozenset({"posts"}))


# -- pre-evaluation ---------------------------------------------------------------------------
@dataclass(frozen=True)
class BallotCount:
    post_id: int
    satisfied: int
    basic: int
    unsatisfied: int
    invalid: int


@dataclass(frozen=True)
class VoteOutcome:
    valid: int
    favourable: int
    rate: Fraction
    passed: bool

    @property
    def percent_text(self) -> str:
        return f"{float(self.rate * 100):.1f}%"


def vote_outcome(satisfied: int, basic: int, unsatisfied: int, threshold: Fraction, basic_counts: bool) -> VoteOutcome:
    """满意率 over valid ballots, compared exactly with the threshold (40/50 passes, 39/49 fails)."""
    valid = satisfied + basic + unsatisfied
    favourable = satisfied + (basic if basic_counts else 0)
    if valid == 0:
        return VoteOutcome(0, 0, Fraction(0), False)
    rate = Fraction(favourable, valid)
    return VoteOutcome(valid, favourable, rate, rate >= threshold)


def check_ballots(issued: int, returned: int, counts: Sequence[BallotCount]) -> None:
    """The arithmetic of a ballot: refuse counts that do not add up."""
    validate.count(issued, "发出票数", field="issued")
    validate.count(returned, "收回票数", field="returned")
    if issued == 0:
        raise DomainError("发出票数不能为0。", field="issued")
    if returned > issued:
        raise DomainError(f"收回票数{returned}超过了发出票数{issued}。", field="returned")
    if returned == 0:
        raise DomainError("收回票数为0，无法计算测评结果。", field="returned")
    for c in counts:
        for value, label in ((c.satisfied, "满意票"), (c.basic, "基本满意票"), (c.unsatisfied, "不满意票"), (c.invalid, "弃权或无效票")):
            validate.count(value, label)
        total = c.satisfied + c.basic + c.unsatisfied + c.invalid
        if total != returned:
            raise DomainError(
                f"第{counts.index(c) + 1}位被测评对象的满意、基本满意、不满意、弃权或无效票合计{total}张，"
                f"应等于收回票数{returned}张。",
                field="counts",
            )


def record_pre_evaluation(
    store: Store,
    *,
    batch_id: int,
    held_on: date,
    ballots_issued: int,
    ballots_returned: int,
    counts: Sequence[BallotCount],
    notes: str = "",
) -> Changes:
    """岗前测评: record the ballot of a batch; each post passes or fails on its own count."""
    today = store.today()
    day = validate.day(held_on, "测评日期", today=today, field="held_on")
    assert day is not None
    if not counts:
        raise DomainError("请至少录入一个被测评的示范岗。")
    check_ballots(ballots_issued, ballots_returned, counts)
    if len({c.post_id for c in counts}) != len(counts):
        raise DomainError("同一示范岗在本次测评中录入了两次。")
    posts = [store.get("posts", c.post_id) for c in counts]
    for post in posts:
        if post["batch_id"] != batch_id:
            raise DomainError(f"示范岗“{post['name']}”不属于本批次。")
        require(post, Action.EVALUATE)
        if day < date.fromisoformat(post["nominated_on"]):
            raise DomainError(f"测评日期早于示范岗“{post['name']}”的酝酿提名日期{post['nominated_on']}。", field="held_on")
    settings = store.settings()
    evaluation = {
        "uid": new_uid(),
        "batch_id": batch_id,
        "held_on": day.isoformat(),
        "ballots_issued": ballots_issued,
        "ballots_returned": ballots_returned,
        "threshold_percent": settings.pass_threshold_percent,
        "basic_counts": int(settings.basic_counts_as_satisfied),
        "notes": validate.text(notes, "备注", required=False, max_len=500),
    }
    passed_names: list[str] = []
    failed_names: list[str] = []
    with store.transaction():
        evaluation_id = store.insert("pre_evaluations", evaluation)
        for c, post in zip(counts, posts, strict=True):
            outcome = vote_outcome(c.satisfied, c.basic, c.unsatisfied, settings.pass_threshold, settings.basic_counts_as_satisfied)
            store.insert("pre_evaluation_results",
                {
                    "uid": new_uid(),
                    "evaluation_id": evaluation_id,
                    "post_id": post["id"],
                    "satisfied": c.satisfied,
                    "basic": c.basic,
                    "unsatisfied": c.unsatisfied,
                    "invalid": c.invalid,
                    "rate": float(outcome.rate),
                    "passed": int(outcome.passed),
                }
            )
            if outcome.passed:
                stage = PostStage.EVALUATION_PASSED
                update: Row = {"stage": stage.value, "updated_at": now_text()}
                passed_names.append(post["name"])
            else:
                stage = PostStage.EVALUATION_FAILED
                update = {
                    "stage": stage.value,
                    "ended_on": day.isoformat(),
                    "end_reason": f"岗前测评满意票{outcome.percent_text}，低于{settings.pass_threshold_percent}%",
                    "updated_at": now_text(),
                }
                failed_names.append(post["name"])
            store.update("posts", post["id"], update)
            store.audit(AuditAction.RECORD_PRE_EVALUATION, "posts", post["id"], {"stage": post["stage"]},
                        {**update, "satisfied": c.satisfied, "basic": c.basic, "unsatisfied": c.unsatisfied, "invalid": c.invalid})
    message = f"岗前测评已保存：通过{len(passed_names)}个，未通过{len(failed_names)}个。"
    return Changes(AuditAction.RECORD_PRE_EVALUATION, "pre_evaluations", (evaluation_id,), message,
                   frozenset({"posts", "pre_evaluations", "pre_evaluation_results"}))


# -- publicity --------------------------------------------------------------------------------
def publicity_end(store: Store, start_on: date, working_days: int | None = None) -> PeriodEnd:
    settings = store.settings()
    days = settings.publicity_working_days if working_days is None else working_days
    if not 1 <= days <= 30:
        raise DomainError("公示期应为1至30个工作日。", field="working_days")
    return add_working_days(settings.calendar(), start_on, days)


def start_publicity(
    store: Store,
    *,
    batch_id: int,
    start_on: date,
    post_ids: Sequence[int] | None = None,
    working_days: int | None = None,
    channel: str = "",
    contact: str = "",
) -> Changes:
    """岗位公示: publicize the passed nominees of a batch for N working days."""
    settings = store.settings()
    if working_days is not None and working_days < settings.publicity_working_days:
        raise DomainError(
            f"公示期不得少于{settings.publicity_working_days}个工作日。", field="working_days"
        )
    today = store.today()
    start = validate.day(start_on, "公示开始日期", today=today, allow_future=True, field="start_on")
    assert start is not None
    if (start - today).days > 90:
        raise DomainError("公示开始日期离今天超过90天，请核对。", field="start_on")
    if post_ids is None:
        ids = [int(r["id"]) for r in store.rows(
            "SELECT id FROM posts WHERE batch_id = ? AND stage = ? ORDER BY id",
            [batch_id, PostStage.EVALUATION_PASSED.value],
        )]
    else:
        ids = list(post_ids)
    if not ids:
        raise DomainError("本批次没有测评通过、等待公示的示范岗。")
    posts = [store.get("posts", pid) for pid in ids]
    for post in posts:
        if post["batch_id"] != batch_id:
            raise DomainError(f"示范岗“{post['name']}”不属于本批次。")
        require(post, Action.PUBLICIZE)
        evaluated_on = store.scalar(
            "SELECT e.held_on FROM pre_evaluation_results r JOIN pre_evaluations e ON e.id = r.evaluation_id WHERE r.post_id = ?",
            [post["id"]],
        )
        if evaluated_on and start < date.fromisoformat(evaluated_on):
            raise DomainError(f"公示开始日期早于岗前测评日期{evaluated_on}。", field="start_on")
    period = publicity_end(store, start, working_days)
    org = store.organization()
    row = {
        "uid": new_uid(),
        "batch_id": batch_id,
        "start_on": start.isoformat(),
        "end_on": period.end.isoformat(),
        "working_days": period.working_days,
        "calendar_note": period.calendar_note,
        "used_fallback": int(period.used_fallback),
        "channel": validate.text(channel or settings.publicity_channel, "公示方式", required=False, max_len=100),
        "contact": validate.text(contact or settings.objection_contact or org["supervision_phone"], "异议受理方式", required=False, max_len=200),
        "created_at": now_text(),
    }
    with store.transaction():
        publicity_id = store.insert("publicity_periods", row)
        for post in posts:
            update = {"stage": PostStage.IN_PUBLICITY.value, "publicity_id": publicity_id, "updated_at": now_text()}
            store.update("posts", post["id"], update)
            store.audit(AuditAction.START_PUBLICITY, "posts", post["id"], {"stage": post["stage"]}, update)
        store.audit(AuditAction.START_PUBLICITY, "publicity_periods", publicity_id, None, row)
    message = f"已开始公示{len(posts)}个示范岗，公示期{start.isoformat()}至{period.end.isoformat()}（{period.working_days}个工作日）。"
    message += period.fallback_warning
    return Changes(AuditAction.START_PUBLICITY, "publicity_periods", (publicity_id,), message, frozenset({"posts", "publicity_periods"}))


def record_objection(
    store: Store, *, post_id: int, received_on: date, content: str, source: str = ""
) -> Changes:
    post = store.get("posts", post_id)
    require(post, Action.OBJECT)
    period = store.get("publicity_periods", post["publicity_id"])
    day = validate.day(received_on, "受理日期", today=store.today(), field="received_on")
    assert day is not None
    if not period["start_on"] <= day.isoformat() <= period["end_on"]:
        raise DomainError(
            f"受理日期{day.isoformat()}不在公示期{period['start_on']}至{period['end_on']}内。", field="received_on"
        )
    row = {
        "uid": new_uid(),
        "publicity_id": period["id"],
        "post_id": post_id,
        "received_on": day.isoformat(),
        "source": validate.text(source, "反映人", required=False, max_len=60),
        "content": validate.text(content, "异议内容", max_len=2000, field="content"),
        "status": "open",
    }
    with store.transaction():
        objection_id = store.insert("objections", row)
        store.audit(AuditAction.RECORD_OBJECTION, "objections", objection_id, None, row)
    return Changes(AuditAction.RECORD_OBJECTION, "objections", (objection_id,), f"已登记对“{post['name']}”的异议，待核实处理。", frozenset({"objections"}))


def resolve_objection(
    store: Store, objection_id: int, *, upheld: bool, resolution: str, resolved_on: date
) -> Changes:
    """Objection verified: upheld ends the nomination, rejected lets it continue."""
    objection = store.get("objections", objection_id)
    if objection["status"] != "open":
        raise DomainError("这条异议已经处理过了。")
    post = store.get("posts", objection["post_id"])
    day = validate.day(resolved_on, "处理日期", today=store.today(), field="resolved_on")
    assert day is not None
    if day.isoformat() < objection["received_on"]:
        raise DomainError("处理日期早于受理日期。", field="resolved_on")
    text = validate.text(resolution, "核实处理意见", max_len=2000, field="resolution")
    update = {"status": "upheld" if upheld else "rejected", "resolved_on": day.isoformat(), "resolution": text}
    with store.transaction():
        store.update("objections", objection_id, update)
        store.audit(AuditAction.RESOLVE_OBJECTION, "objections", objection_id, objection, update)
        if upheld and post["stage"] == PostStage.IN_PUBLICITY.value:
            post_update = {
                "stage": PostStage.OBJECTION_UPHELD.value,
                "ended_on": day.isoformat(),
                "end_reason": f"公示异议经核实成立：{text}",
                "updated_at": now_text(),
            }
            store.update("posts", post["id"], post_update)
            store.audit(AuditAction.RESOLVE_OBJECTION, "posts", post["id"], {"stage": post["stage"]}, post_update)
    verdict = "异议成立，该提名已撤回" if upheld else "异议不成立，公示继续"
    return Changes(AuditAction.RESOLVE_OBJECTION, "objections", (objection_id,), f"“{post['name']}”：{verdict}。", frozenset({"objections", "posts"}))


# -- confirmation -----------------------------------------------------------------------------
def record_consent(
    store: Store, *, post_id: int, member_id: int, consent: bool, on: date, note: str = ""
) -> Changes:
    """确定岗位结合党员个人意愿: record whether the member wishes to serve."""
    post = store.get("posts", post_id)
    require(post, Action.CONSENT)
    pm = store.rows("SELECT * FROM post_members WHERE post_id = ? AND member_id = ? AND left_on IS NULL", [post_id, member_id])
    if not pm:
        raise DomainError("该党员不在这个示范岗的上岗名单中。")
    day = validate.day(on, "意愿登记日期", today=store.today(), field="on")
    assert day is not None
    update = {"consent": int(consent), "consent_on": day.isoformat(),
              "consent_note": validate.text(note, "说明", required=False, max_len=200)}
    with store.transaction():
        store.update("post_members", pm[0]["id"], update)
        store.audit(AuditAction.RECORD_CONSENT, "post_members", pm[0]["id"], pm[0], update)
    word = "愿意上岗" if consent else "不愿上岗"
    return Changes(AuditAction.RECORD_CONSENT, "post_members", (pm[0]["id"],), f"已登记{pm[0]['name_snapshot']}{word}。", frozenset({"post_members"}))


def confirmation_blocker(store: Store, post: Row, on: date) -> str | None:
    """Why ``post`` cannot be confirmed on ``on``, or None when it can."""
    stage_refusal = refusal(post, Action.CONFIRM)
    if stage_refusal is not None:
        return stage_refusal
    period = store.get("publicity_periods", post["publicity_id"])
    if on.isoformat() <= period["end_on"]:
        return f"公示期到{period['end_on']}才结束，公示期满后才能确定岗位。"
    open_count = store.scalar("SELECT count(*) FROM objections WHERE post_id = ? AND status = 'open'", [post["id"]])
    if open_count:
        return f"还有{open_count}条公示异议未处理完，处理后才能确定岗位。"
    members = store.rows("SELECT name_snapshot, consent FROM post_members WHERE post_id = ? AND left_on IS NULL", [post["id"]])
    pending = [m["name_snapshot"] for m in members if m["consent"] is None]
    if pending:
        return "尚未登记个人意愿：" + "、".join(pending) + "。"
    declined = [m["name_snapshot"] for m in members if m["consent"] == 0]
    if declined:
        return "、".join(declined) + "不愿上岗，请先调整上岗人员或撤岗。"
    return None


def confirm_post(store: Store, post_id: int, *, confirmed_on: date, notes: str = "") -> Changes:
    """确定岗位: the post goes on duty and gets its code and placard number."""
    post = store.get("posts", post_id)
    require(post, Action.CONFIRM)
    day = validate.day(confirmed_on, "确定日期", today=store.today(), field="confirmed_on")
    assert day is not None
    blocker = confirmation_blocker(store, post, day)
    if blocker:
        raise DomainError(blocker)
    year = batch_year(store, post["batch_id"])
    with store.transaction():
        seq = 1 + int(store.scalar(
            "SELECT coalesce(max(CAST(substr(code, 6) AS INTEGER)), 0) FROM posts WHERE code LIKE ?", [f"{year}-%"]
        ))
        code = f"{year}-{seq:03d}"
        placard_no = f"SFG{year}{seq:03d}"
        update = {"stage": PostStage.ON_DUTY.value, "code": code, "placard_no": placard_no,
                  "confirmed_on": day.isoformat(), "updated_at": now_text()}
        store.update("posts", post_id, update)
        store.insert("confirmations", {
            "uid": new_uid(), "post_id": post_id, "confirmed_on": day.isoformat(), "code": code,
            "placard_no": placard_no, "notes": validate.text(notes, "备注", required=False, max_len=500),
        })
        store.audit(AuditAction.CONFIRM_POST, "posts", post_id, {"stage": post["stage"]}, update)
    return Changes(AuditAction.CONFIRM_POST, "posts", (post_id,), f"示范岗“{post['name']}”已确定上岗，编号{code}。", frozenset({"posts", "confirmations"}))


# -- adjustment -------------------------------------------------------------------------------
def _active_members(store: Store, post_id: int) -> list[Row]:
    return store.rows("SELECT * FROM post_members WHERE post_id = ? AND left_on IS NULL ORDER BY id", [post_id])


def _refuse_assessed_after(store: Store, post: Row, day: date, *, member_id: int | None, doing: str) -> None:
    """A member leaving a post on ``day`` (or the post ending then) is assessed up to that month; a
    date before a month already assessed would leave those assessments outside anyone's time on it."""
    month = f"{day.year:04d}-{day.month:02d}"
    params: list[object] = [post["id"], month]
    sql = "SELECT month FROM monthly_assessments WHERE post_id = ? AND month > ?"
    if member_id is not None:
        sql += " AND member_id = ?"
        params.append(member_id)
    latest = store.rows(sql + " ORDER BY month DESC LIMIT 1", params)
    if not latest:
        return
    year, later = str(latest[0]["month"]).split("-")
    if member_id is None:
        whose = f"示范岗“{post['name']}”"
    else:
        spell = store.rows("SELECT name_snapshot FROM post_members WHERE post_id = ? AND member_id = ? ORDER BY id DESC LIMIT 1",
                           [post["id"], member_id])
        whose = f"{spell[0]['name_snapshot'] if spell else '该党员'}在示范岗“{post['name']}”"
    raise DomainError(f"{whose}已有{year}年{int(later)}月的每月考核记录，{doing}不能早于{year}年{int(later)}月；请核对日期。",
                      field="on" if doing != "决定日期" else "decided_on")


def adjust_members(
    store: Store,
    post_id: int,
    *,
    kind: AdjustmentKind,
    reason: str,
    on: date,
    member_out_id: int | None = None,
    member_in_id: int | None = None,
    newcomer_consents: bool = False,
) -> Changes:
    """调整: replace, add or remove a member of a post, or change its person in charge.

    A newcomer may join only before the 岗前测评 (then the ballot and the publicity cover them) or
    once the post is on duty (a branch decision, with the newcomer's own consent): never in between,
    where they would skip evaluation and publicity.
    """
    kind = AdjustmentKind(kind)
    if kind is AdjustmentKind.WITHDRAW:
        return withdraw_post(store, post_id, reason=reason, on=on)
    post = store.get("posts", post_id)
    joining = kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.ADD_MEMBER)
    require(post, Action.JOIN if joining else Action.ADJUST)
    post_kind = PostKind(post["kind"])
    # Past the stages that record the members' own wishes, a newcomer gives theirs when joining.
    consent_now = Action.CONSENT not in ALLOWED[PostStage(post["stage"])]
    if joining and consent_now and not newcomer_consents:
        raise DomainError("调入的党员须本人同意上岗（结合党员个人意愿），请确认后再调整。", field="newcomer_consents")
    day = validate.day(on, "调整日期", today=store.today(), field="on")
    assert day is not None
    text = validate.text(reason, "调整原因", max_len=500, field="reason")
    current = _active_members(store, post_id)
    ids = [m["member_id"] for m in current]
    leader = next(m["member_id"] for m in current if m["role"] == Role.LEADER.value)
    if kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.REMOVE_MEMBER) and member_out_id is None:
        raise DomainError("请选择要调出的党员。", field="member_out_id")
    if member_out_id is not None and member_out_id not in ids and kind is not AdjustmentKind.CHANGE_LEADER:
        raise DomainError("要调出的党员不在这个示范岗上。", field="member_out_id")
    if kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.REMOVE_MEMBER):
        _refuse_assessed_after(store, post, day, member_id=member_out_id, doing="调出日期")
    if kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.ADD_MEMBER):
        if member_in_id is None:
            raise DomainError("请选择要调入的党员。", field="member_in_id")
        if member_in_id in ids:
            raise DomainError("要调入的党员已经在这个示范岗上。", field="member_in_id")
    new_ids = list(ids)
    new_leader = leader
    if kind is AdjustmentKind.REPLACE_MEMBER:
        assert member_out_id is not None and member_in_id is not None
        new_ids[new_ids.index(member_out_id)] = member_in_id
        if leader == member_out_id:
            new_leader = member_in_id
    elif kind is AdjustmentKind.ADD_MEMBER:
        assert member_in_id is not None
        new_ids.append(member_in_id)
    elif kind is AdjustmentKind.REMOVE_MEMBER:
        assert member_out_id is not None
        new_ids.remove(member_out_id)
        if leader == member_out_id:
            raise DomainError("不能直接调出负责人，请先更换负责人。", field="member_out_id")
    else:
        if member_in_id is None or member_in_id not in ids:
            raise DomainError("新负责人必须是这个示范岗现有的上岗党员。", field="member_in_id")
        new_leader = member_in_id
    year = batch_year(store, post["batch_id"])
    members = _check_membership(store, post_kind, new_ids, new_leader, year, exclude_post_id=post_id)
    adjustment = {
        "uid": new_uid(), "post_id": post_id, "kind": kind.value, "member_out_id": member_out_id,
        "member_in_id": member_in_id, "reason": text, "adjusted_on": day.isoformat(),
    }
    with store.transaction():
        if kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.REMOVE_MEMBER):
            out_row = next(m for m in current if m["member_id"] == member_out_id)
            store.update("post_members", out_row["id"], {"left_on": day.isoformat(), "left_reason": text})
        if kind in (AdjustmentKind.REPLACE_MEMBER, AdjustmentKind.ADD_MEMBER):
            newcomer = next(m for m in members if m["id"] == member_in_id)
            pm_id = _insert_post_member(store, post_id, newcomer, new_leader, day)
            if consent_now:
                store.update("post_members", pm_id, {"consent": 1, "consent_on": day.isoformat(), "consent_note": "调整时本人同意"})
        for m in _active_members(store, post_id):
            role = (Role.LEADER if m["member_id"] == new_leader else Role.MEMBER).value
            if m["role"] != role:
                store.update("post_members", m["id"], {"role": role})
        adjustment_id = store.insert("adjustments", adjustment)
        store.update("posts", post_id, {"updated_at": now_text()})
        store.audit(AuditAction.ADJUST_MEMBERS, "posts", post_id, {"members": ids, "leader": leader},
                    {"members": new_ids, "leader": new_leader, "kind": kind.value, "reason": text})
    return Changes(AuditAction.ADJUST_MEMBERS, "adjustments", (adjustment_id,), f"示范岗“{post['name']}”已{kind.label}。",
                   frozenset({"posts", "post_members", "adjustments"}))


def withdraw_post(store: Store, post_id: int, *, reason: str, on: date) -> Changes:
    """撤岗: withdraw a post that no longer meets the standard (or a nomination)."""
    post = store.get("posts", post_id)
    require(post, Action.WITHDRAW)
    day = validate.day(on, "撤岗日期", today=store.today(), field="on")
    assert day is not None
    _refuse_assessed_after(store, post, day, member_id=None, doing="撤岗日期")
    text = validate.text(reason, "撤岗原因", max_len=500, field="reason")
    update = {"stage": PostStage.WITHDRAWN.value, "ended_on": day.isoformat(), "end_reason": text, "updated_at": now_text()}
    with store.transaction():
        store.update("posts", post_id, update)
        adjustment_id = store.insert("adjustments", {
            "uid": new_uid(), "post_id": post_id, "kind": AdjustmentKind.WITHDRAW.value,
            "member_out_id": None, "member_in_id": None, "reason": text, "adjusted_on": day.isoformat(),
        })
        if PostStage(post["stage"]) in SERVING:  # its placard hangs
            _mark_reclaim(store, post, ReclaimReason.WITHDRAWN, day)
        store.audit(AuditAction.WITHDRAW_POST, "posts", post_id, {"stage": post["stage"]}, update)
    return Changes(AuditAction.WITHDRAW_POST, "adjustments", (adjustment_id,), f"示范岗“{post['name']}”已撤岗。",
                   frozenset({"posts", "adjustments", "placard_reclaims"}))


# -- veto and reclaim -------------------------------------------------------------------------
@dataclass(frozen=True)
class _VetoPlan:
    post: Row
    row: Row
    update: Row
    ground: VetoGround
    day: date


def _plan_veto(
    store: Store, post_id: int, *, ground: VetoGround, description: str, decided_on: date, decided_by: str
) -> _VetoPlan:
    """Every check of 一票否决, and what it would write (nothing is written here)."""
    post = store.get("posts", post_id)
    require(post, Action.VETO)
    day = validate.day(decided_on, "决定日期", today=store.today(), field="decided_on")
    assert day is not None
    if post["confirmed_on"] and day.isoformat() < post["confirmed_on"]:
        raise DomainError(f"决定日期早于该岗位的确定日期{post['confirmed_on']}。", field="decided_on")
    _refuse_assessed_after(store, post, day, member_id=None, doing="决定日期")
    ground = VetoGround(ground)
    row = {
        "uid": new_uid(), "post_id": post_id, "ground": ground.value,
        "description": validate.text(description, "情况说明", max_len=2000, field="description"),
        "decided_on": day.isoformat(),
        "decided_by": validate.text(decided_by, "决定机构", required=False, max_len=60),
    }
    update = {"stage": PostStage.REVOKED.value, "ended_on": day.isoformat(),
              "end_reason": store.terms().veto_ground_label(ground), "updated_at": now_text()}
    return _VetoPlan(post, row, update, ground, day)


def check_veto(
    store: Store, post_id: int, *, ground: VetoGround, description: str, decided_on: date, decided_by: str = ""
) -> None:
    """Raise the DomainError ``veto_post`` would raise, writing nothing: the veto dialog asks
    "确定吗？" only after this passes, so the clerk never confirms and then learns a field is missing."""
    _plan_veto(store, post_id, ground=ground, description=description, decided_on=decided_on, decided_by=decided_by)


def veto_post(
    store: Store, post_id: int, *, ground: VetoGround, description: str, decided_on: date, decided_by: str = ""
) -> Changes:
    """一票否决: revoke the title at once and mark the placard for reclaiming."""
    plan = _plan_veto(store, post_id, ground=ground, description=description, decided_on=decided_on,
                      decided_by=decided_by)
    post = plan.post
    with store.transaction():
        revocation_id = store.insert("revocations", plan.row)
        store.update("posts", post_id, plan.update)
        _mark_reclaim(store, post, ReclaimReason.REVOKED, plan.day)
        store.audit(AuditAction.VETO_POST, "posts", post_id, {"stage": post["stage"]}, {**plan.update, "ground": plan.ground.value})
    return Changes(AuditAction.VETO_POST, "revocations", (revocation_id,),
                   f"示范岗“{post['name']}”已一票否决、撤销称号，岗牌待收回。",
                   frozenset({"posts", "revocations", "placard_reclaims"}))


def _mark_reclaim(store: Store, post: Row, reason: ReclaimReason, day: date) -> None:
    store.insert("placard_reclaims", {
        "uid": new_uid(), "post_id": post["id"], "placard_no": post["placard_no"] or "",
        "reason": reason.value, "marked_on": day.isoformat(),
    })


def record_reclaim(store: Store, reclaim_id: int, *, returned_on: date, received_by: str, notes: str = "") -> Changes:
    """收回岗牌: the placard has been returned."""
    reclaim = store.get("placard_reclaims", reclaim_id)
    if reclaim["returned_on"]:
        raise DomainError(f"岗牌{reclaim['placard_no']}已于{reclaim['returned_on']}收回。")
    day = validate.day(returned_on, "收回日期", today=store.today(), field="returned_on")
    assert day is not None
    if day.isoformat() < reclaim["marked_on"]:
        raise DomainError("收回日期早于撤销（撤岗）日期。", field="returned_on")
    update = {"returned_on": day.isoformat(),
              "received_by": validate.text(received_by, "经办人", max_len=30, field="received_by"),
              "notes": validate.text(notes, "备注", required=False, max_len=200)}
    with store.transaction():
        store.update("placard_reclaims", reclaim_id, update)
        store.audit(AuditAction.RECORD_RECLAIM, "placard_reclaims", reclaim_id, reclaim, update)
    return Changes(AuditAction.RECORD_RECLAIM, "placard_reclaims", (reclaim_id,), f"岗牌{reclaim['placard_no']}已登记收回。", frozenset({"placard_reclaims"}))


# -- what can be done now (for enabling buttons) ---------------------------------------------
def allowed_actions(store: Store, post_id: int) -> dict[str, str | None]:
    """For each action of ``post_rules.Action``, None when it is allowed now, else the Chinese reason
    why not: the refusal the action itself would give (confirming also needs the publicity over,
    objections settled and every member's consent)."""
    post = store.get("posts", post_id)
    result = {action.value: refusal(post, action) for action in Action}
    result[Action.CONFIRM.value] = confirmation_blocker(store, post, store.today())
    return result
