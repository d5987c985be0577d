from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import workflow
from core.enums import AdjustmentKind, MemberCategory, PostKind, PostStage, Standing, UnitKind, VetoGround
from core.errors import DomainError
from core.settings import Settings
from core.store import Store
from tests.conftest import Clock
from tests.core.helpers import (
    batch,
    bring_on_duty,
    collective_post,
    deliberation,
    individual_post,
    member,
    pass_evaluation,
    unit,
)


def stage(store: Store, post_id: int) -> PostStage:
    return PostStage(store.get("posts", post_id)["stage"])


# -- membership rules ---------------------------------------------------------------------------
def test_collective_post_needs_two_members(store: Store) -> None:
    b = batch(store)
    m = member(store)
    with pytest.raises(DomainError, match="不得少于两人"):
        collective_post(store, [m], b)
    assert store.scalar("SELECT count(*) FROM posts") == 0


def test_individual_post_has_exactly_one_member(store: Store) -> None:
    b = batch(store)
    a, c = member(store, "张三"), member(store, "李四")
    with pytest.raises(DomainError, match="只能有1名"):
        workflow.nominate_post(store, workflow.NominationInput(
            batch_id=b, kind=PostKind.INDIVIDUAL, name="窗口岗", unit_id=unit(store), member_ids=[a, c], leader_id=a,
            deliberation=deliberation(store)))


def test_collective_leader_must_be_full_member(store: Store) -> None:
    b = batch(store)
    probationary = member(store, "王五", category=MemberCategory.PROBATIONARY)
    full = member(store, "赵六")
    with pytest.raises(DomainError, match="负责人应为正式党员"):
        collective_post(store, [probationary, full], b, leader_id=probationary)
    assert collective_post(store, [probationary, full], b, leader_id=full)


def test_only_normal_standing_can_be_nominated(store: Store) -> None:
    b = batch(store)
    gone = member(store, "钱七", standing=Standing.TRANSFERRED_OUT)
    with pytest.raises(DomainError, match="已转出"):
        individual_post(store, gone, b)


def test_one_individual_post_per_year_but_again_after_failure(store: Store) -> None:
    b = batch(store)
    m = member(store)
    first = individual_post(store, m, b)
    with pytest.raises(DomainError, match="每名党员每年度只能创建一个个人示范岗"):
        individual_post(store, m, b, name="另一个岗")
    workflow.record_pre_evaluation(store, batch_id=b, held_on=store.today(), ballots_issued=50, ballots_returned=50,
                                   counts=[workflow.BallotCount(first, 30, 5, 15, 0)])
    assert stage(store, first) is PostStage.EVALUATION_FAILED
    assert individual_post(store, m, b, name="重新提名的岗")  # a failed nomination does not hold the year
    assert individual_post(store, m, batch(store, 2025), name="去年的岗")


def test_collective_post_created_by_branch_or_department(store: Store, hospital_store: Store) -> None:
    general = unit(store, "机关党总支", UnitKind.GENERAL_BRANCH)
    b = batch(store)
    ms = [member(store, "甲"), member(store, "乙")]
    with pytest.raises(DomainError, match="由党支部创建"):
        collective_post(store, ms, b, unit_id=general)
    dept = unit(hospital_store, "急诊科", UnitKind.DEPARTMENT)
    hb = batch(hospital_store)
    hm = [member(hospital_store, "甲"), member(hospital_store, "乙")]
    assert collective_post(hospital_store, hm, hb, unit_id=dept)


def test_standard_must_be_confirmed_at_deliberation(store: Store) -> None:
    b = batch(store)
    m = member(store)
    partial = workflow.Deliberation(held_on=store.today(), participants=10, summary="",
                                    standard_met=[True] * (len(store.terms().standard_items) - 1) + [False])
    with pytest.raises(DomainError, match="尚未确认"):
        workflow.nominate_post(store, workflow.NominationInput(
            batch_id=b, kind=PostKind.INDIVIDUAL, name="岗", unit_id=unit(store), member_ids=[m], leader_id=m,
            deliberation=partial))


def test_nomination_snapshots_member_details(store: Store) -> None:
    from core import org

    b = batch(store)
    m = member(store, "孙八")
    pid = individual_post(store, m, b)
    row = store.get("members", m)
    org.update_member(store, m, org.MemberInput(
        name="孙八改", id_number=row["id_number"], unit_id=row["unit_id"], join_date=date(2010, 7, 1),
        full_date=date(2011, 7, 1), position="新岗位"))
    pm = store.rows("SELECT * FROM post_members WHERE post_id = ?", [pid])[0]
    assert pm["name_snapshot"] == "孙八" and pm["position_snapshot"] == "窗口服务"


def test_future_deliberation_date_refused(store: Store) -> None:
    b = batch(store)
    m = member(store)
    with pytest.raises(DomainError, match="晚于今天"):
        individual_post(store, m, b, day=store.today() + timedelta(days=1))


# -- pre-evaluation ----------------------------------------------------------------------------
@pytest.mark.parametrize(("satisfied", "valid", "passed"), [(40, 50, True), (39, 49, False), (8, 10, True), (79, 99, False)])
def test_eighty_percent_is_exact(satisfied: int, valid: int, passed: bool) -> None:
    outcome = workflow.vote_outcome(satisfied, 0, valid - satisfied, Fraction(80, 100), basic_counts=False)
    assert outcome.passed is passed


def test_basic_satisfied_counts_only_when_set() -> None:
    assert not workflow.vote_outcome(30, 10, 10, Fraction(4, 5), basic_counts=False).passed
    assert workflow.vote_outcome(30, 10, 10, Fraction(4, 5), basic_counts=True).passed


@given(s=st.integers(0, 300), b=st.integers(0, 300), u=st.integers(0, 300), basic=st.booleans(),
       pct=st.integers(1, 100))
def test_vote_outcome_matches_integer_arithmetic(s: int, b: int, u: int, basic: bool, pct: int) -> None:
    outcome = workflow.vote_outcome(s, b, u, Fraction(pct, 100), basic)
    valid = s + b + u
    favourable = s + (b if basic else 0)
    assert outcome.valid == valid
    assert outcome.passed == (valid > 0 and favourable * 100 >= pct * valid)


def test_ballot_counts_must_add_up(store: Store) -> None:
    b = batch(store)
    p = individual_post(store, member(store), b)
    with pytest.raises(DomainError, match="应等于收回票数50张"):
        workflow.record_pre_evaluation(store, batch_id=b, held_on=store.today(), ballots_issued=50, ballots_returned=50,
                                       counts=[workflow.BallotCount(p, 40, 5, 4, 0)])
    with pytest.raises(DomainError, match="超过了发出票数"):
        workflow.record_pre_evaluation(store, batch_id=b, held_on=store.today(), ballots_issued=40, ballots_returned=50,
                                       counts=[workflow.BallotCount(p, 40, 5, 5, 0)])
    with pytest.raises(DomainError, match="负数"):
        workflow.record_pre_evaluation(store, batch_id=b, held_on=store.today(), ballots_issued=50, ballots_returned=50,
                                       counts=[workflow.BallotCount(p, 52, 0, -2, 0)])
    assert stage(store, p) is PostStage.NOMINATED
    assert store.scalar("SELECT count(*) FROM pre_evaluations") == 0


def test_threshold_is_a_setting_and_stored_with_the_result(store: Store) -> None:
    from core import org

    org.update_settings(store, Settings(pass_threshold_percent="90"))
    b = batch(store)
    p = individual_post(store, member(store), b)
    workflow.record_pre_evaluation(store, batch_id=b, held_on=store.today(), ballots_issued=50, ballots_returned=50,
                                   counts=[workflow.BallotCount(p, 44, 0, 6, 0)])
    assert stage(store, p) is PostStage.EVALUATION_FAILED
    assert store.scalar("SELECT threshold_percent FROM pre_evaluations") == "90"


def test_evaluation_cannot_happen_twice(store: Store) -> None:
    b = batch(store)
    p = individual_post(store, member(store), b)
    pass_evaluation(store, b, [p])
    with pytest.raises(DomainError, match="不能录入岗前测评"):
        pass_evaluation(store, b, [p])


# -- publicity and confirmation ----------------------------------------------------------------
def test_publicity_needs_a_passed_evaluation(store: Store) -> None:
    b = batch(store)
    p = individual_post(store, member(store), b)
    with pytest.raises(DomainError, match="须先通过岗前测评"):
        workflow.start_publicity(store, batch_id=b, start_on=store.today(), post_ids=[p])
    with pytest.raises(DomainError, match="没有测评通过"):
        workflow.start_publicity(store, batch_id=b, start_on=store.today())


def test_publicity_end_date_and_calendar_are_recorded(store: Store) -> None:
    b = batch(store)
    p = individual_post(store, member(store), b, day=date(2026, 9, 1))
    pass_evaluation(store, b, [p], day=date(2026, 9, 20))
    changes = workflow.start_publicity(store, batch_id=b, start_on=date(2026, 9, 28))
    period = store.get("publicity_periods", changes.id)
    assert period["end_on"] == "2026-10-09" and "国务院" in period["calendar_note"]
    assert "2026-10-09" in changes.message


def test_publicity_shorter_than_minimum_refused(store: Store) -> None:
    b = batch(store)
    p = individual_post(store, member(store), b)
    pass_evaluation(store, b, [p])
    with pytest.raises(DomainError, match="不得少于5个工作日"):
        workflow.start_publicity(store, batch_id=b, start_on=store.today(), working_days=3)


def test_confirmation_waits_for_period_objections_and_consent(store: Store, clock: Clock) -> None:
    b = batch(store)
    m = member(store)
    p = individual_post(store, m, b)
    pass_evaluation(store, b, [p])
    period_id = workflow.start_publicity(store, batch_id=b, start_on=date(2026, 11, 16)).id
    end = store.get("publicity_periods", period_id)["end_on"]
    assert end == "2026-11-20"
    with pytest.raises(DomainError, match="公示期满后"):
        workflow.confirm_post(store, p, confirmed_on=date(2026, 11, 20))
    obj = workflow.record_objection(store, post_id=p, received_on=date(2026, 11, 18), content="反映工作作风问题")
    with pytest.raises(DomainError, match=r"尚未登记个人意愿|异议未处理完"):
        workflow.confirm_post(store, p, confirmed_on=date(2026, 11, 21))
    assert "异议未处理完" in (workflow.confirmation_blocker(store, store.get("posts", p), date(2026, 11, 21)) or "")
    workflow.resolve_objection(store, obj.id, upheld=False, resolution="不属实", resolved_on=date(2026, 11, 19))
    with pytest.raises(DomainError, match="尚未登记个人意愿"):
        workflow.confirm_post(store, p, confirmed_on=date(2026, 11, 21))
    workflow.record_consent(store, post_id=p, member_id=m, consent=False, on=date(2026, 11, 20))
    with pytest.raises(DomainError, match="不愿上岗"):
        workflow.confirm_post(store, p, confirmed_on=date(2026, 11, 21))
    workflow.record_consent(store, post_id=p, member_id=m, consent=True, on=date(2026, 11, 20))
    changes = workflow.confirm_post(store, p, confirmed_on=date(2026, 11, 21))
    row = store.get("posts", p)
    assert row["stage"] == "on_duty" and row["code"] == "2026-001" and row["placard_no"] == "SFG2026001"
    assert "2026-001" in changes.message


def test_objection_outside_period_refused_and_upheld_ends_nomination(store: Store) -> None:
    b = batch(store)
    m = member(store)
    p = individual_post(store, m, b)
    pass_evaluation(store, b, [p])
    workflow.start_publicity(store, batch_id=b, start_on=date(2026, 11, 16))
    with pytest.raises(DomainError, match="不在公示期"):
        workflow.record_objection(store, post_id=p, received_on=date(2026, 11, 21), content="x")
    obj = workflow.record_objection(store, post_id=p, received_on=date(2026, 11, 17), content="违规收受礼品")
    workflow.resolve_objection(store, obj.id, upheld=True, resolution="属实", resolved_on=date(2026, 11, 18))
    assert stage(store, p) is PostStage.OBJECTION_UPHELD
    with pytest.raises(DomainError, match="已经处理过"):
        workflow.resolve_objection(store, obj.id, upheld=False, resolution="x", resolved_on=date(2026, 11, 18))
    # the member can be nominated again later
    assert individual_post(store, m, b, name="再次提名")


def test_codes_are_sequential_per_year(store: Store, clock: Clock) -> None:
    b = batch(store)
    posts = [individual_post(store, member(store, n), b, name=f"{n}的岗") for n in ("甲", "乙", "丙")]
    bring_on_duty(store, clock, posts, b)
    assert [store.get("posts", p)["code"] for p in posts] == ["2026-001", "2026-002", "2026-003"]


# -- adjustment, veto, reclaim ------------------------------------------------------------------
def test_replace_member_on_collective_post(store: Store, clock: Clock) -> None:
    b = batch(store)
    a, c, d = member(store, "甲"), member(store, "乙"), member(store, "丙")
    p = collective_post(store, [a, c], b)
    bring_on_duty(store, clock, [p], b)
    with pytest.raises(DomainError, match="不得少于两人"):
        workflow.adjust_members(store, p, kind=AdjustmentKind.REMOVE_MEMBER, member_out_id=c, reason="调走", on=store.today())
    with pytest.raises(DomainError, match="本人同意"):
        workflow.adjust_members(store, p, kind=AdjustmentKind.REPLACE_MEMBER, member_out_id=a, member_in_id=d,
                                reason="工作调动", on=store.today())
    workflow.adjust_members(store, p, kind=AdjustmentKind.REPLACE_MEMBER, member_out_id=a, member_in_id=d,
                            reason="工作调动", on=store.today(), newcomer_consents=True)
    current = store.rows("SELECT member_id, role FROM post_members WHERE post_id = ? AND left_on IS NULL ORDER BY id", [p])
    assert {r["member_id"] for r in current} == {c, d}
    assert next(r for r in current if r["member_id"] == d)["role"] == "leader"
    assert store.scalar("SELECT count(*) FROM adjustments WHERE post_id = ?", [p]) == 1


def test_individual_post_cannot_change_member(store: Store, clock: Clock) -> None:
    b = batch(store)
    a, c = member(store, "甲"), member(store, "乙")
    p = individual_post(store, a, b)
    with pytest.raises(DomainError, match="个人示范岗由党员本人创建"):
        workflow.adjust_members(store, p, kind=AdjustmentKind.REPLACE_MEMBER, member_out_id=a, member_in_id=c,
                                reason="x", on=store.today())


def test_veto_revokes_and_marks_placard_then_reclaim(store: Store, clock: Clock) -> None:
    b = batch(store)
    p = individual_post(store, member(store), b)
    with pytest.raises(DomainError, match="只有在岗的示范岗才有称号"):
        workflow.veto_post(store, p, ground=VetoGround.ACCIDENT, description="x", decided_on=store.today())
    bring_on_duty(store, clock, [p], b)
    workflow.veto_post(store, p, ground=VetoGround.ACCIDENT, description="发生重大责任事故", decided_on=store.today())
    assert stage(store, p) is PostStage.REVOKED
    reclaim = store.rows("SELECT * FROM placard_reclaims WHERE post_id = ?", [p])[0]
    assert reclaim["placard_no"] == "SFG2026001" and reclaim["returned_on"] is None
    assert workflow.allowed_actions(store, p)["print"] is not None
    with pytest.raises(DomainError, match="早于"):
        workflow.record_reclaim(store, reclaim["id"], returned_on=date(2026, 1, 1), received_by="党建办")
    workflow.record_reclaim(store, reclaim["id"], returned_on=store.today(), received_by="党建办")
    with pytest.raises(DomainError, match="已于"):
        workflow.record_reclaim(store, reclaim["id"], returned_on=store.today(), received_by="党建办")


def test_hospital_accident_wording(hospital_store: Store) -> None:
    assert hospital_store.terms().veto_ground_label(VetoGround.ACCIDENT) == "在管理和服务中发生重大责任事故"


def test_withdraw_on_duty_post_marks_reclaim(store: Store, clock: Clock) -> None:
    b = batch(store)
    p = individual_post(store, member(store), b)
    bring_on_duty(store, clock, [p], b)
    workflow.withdraw_post(store, p, reason="岗位撤并", on=store.today())
    assert stage(store, p) is PostStage.WITHDRAWN
    assert store.scalar("SELECT reason FROM placard_reclaims WHERE post_id = ?", [p]) == "withdrawn"
    with pytest.raises(DomainError, match="无需撤岗"):
        workflow.withdraw_post(store, p, reason="再撤", on=store.today())


def test_allowed_actions_explain_why_not(store: Store) -> None:
    b = batch(store)
    p = individual_post(store, member(store), b)
    actions = workflow.allowed_actions(store, p)
    assert actions["evaluate"] is None
    assert actions["publicize"] is not None and "酝酿提名" in actions["publicize"]
    assert actions["confirm"] is not None


def test_nobody_joins_between_evaluation_and_confirmation(store: Store) -> None:
    """A newcomer must not skip the ballot and the publicity the others went through."""
    b = batch(store)
    a, c, d = member(store, "甲"), member(store, "乙"), member(store, "丙")
    p = collective_post(store, [a, c], b)
    pass_evaluation(store, b, [p])
    for stage_name in ("evaluation_passed", "in_publicity"):
        if stage_name == "in_publicity":
            workflow.start_publicity(store, batch_id=b, start_on=store.today() - timedelta(days=2))
        with pytest.raises(DomainError, match="跳过岗前测评和公示"):
            workflow.adjust_members(store, p, kind=AdjustmentKind.ADD_MEMBER, member_in_id=d, reason="加人",
                                    on=store.today(), newcomer_consents=True)
    # removing someone who was evaluated is still possible (two remain)
    e = member(store, "丁")
    q = collective_post(store, [a, c, e], b, name="三人岗")
    workflow.adjust_members(store, q, kind=AdjustmentKind.ADD_MEMBER, member_in_id=d, reason="酝酿阶段加人", on=store.today())
    assert store.scalar("SELECT count(*) FROM post_members WHERE post_id = ? AND left_on IS NULL", [q]) == 4


def test_individual_post_still_on_duty_from_last_year_blocks_a_second(store: Store, clock: Clock) -> None:
    last_year = batch(store, 2025)
    m = member(store)
    p = individual_post(store, m, last_year)
    bring_on_duty(store, clock, [p], last_year)
    with pytest.raises(DomainError, match="不能同时在两个个人示范岗上岗"):
        individual_post(store, m, batch(store, 2026), name="今年的岗")
    workflow.withdraw_post(store, p, reason="岗位撤并", on=store.today())
    assert individual_post(store, m, batch(store, 2026), name="今年的岗")


def test_deliberation_date_must_belong_to_the_campaign_year(store: Store) -> None:
    from datetime import date

    from tests.core.helpers import deliberation

    b = batch(store)  # 2026
    m = member(store)
    branch = int(store.scalar("SELECT unit_id FROM members WHERE id = ?", [m]))

    def nominate(day: date) -> int:
        changes = workflow.nominate_post(store, workflow.NominationInput(
            batch_id=b, kind=PostKind.INDIVIDUAL, name="岗", unit_id=branch, member_ids=[m],
            leader_id=m, deliberation=deliberation(store, day)))
        return changes.id

    with pytest.raises(DomainError, match="不在2026年度创建活动期间") as caught:
        nominate(date(2000, 3, 1))
    assert caught.value.field == "held_on"
    assert store.scalar("SELECT count(*) FROM posts") == 0
    assert nominate(date(2025, 12, 20))  # late in the year before, ahead of the batch
