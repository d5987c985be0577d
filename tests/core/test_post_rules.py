"""The post-rule table is the rule: what ``allowed_actions()`` says is what each action does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from core import management as mg
from core import post_rules, workflow
from core.check import check_database
from core.enums import AdjustmentKind, OrgType, PostKind, PostStage, ProblemCategory, ReviewPart, VetoGround
from core.errors import DomainError
from core.org import setup_organization
from core.post_rules import MEMBER_LIMITS, Action, NotAllowed
from core.store import Store, open_memory_store
from tests.conftest import Clock
from tests.core.helpers import batch, bring_on_duty, collective_post, individual_post, member, pass_evaluation, unit


@dataclass
class Case:
    """One post of ``kind`` brought to ``stage`` in a store of its own, and a newcomer to add."""

    store: Store
    post: int
    batch: int
    unit: int
    newcomer: int

    def members(self) -> list[int]:
        return [int(r["member_id"]) for r in self.store.rows(
            "SELECT member_id FROM post_members WHERE post_id = ? AND left_on IS NULL ORDER BY role = 'member', id",
            [self.post])]


@contextmanager
def _bring_to(stage: PostStage, kind: PostKind, clock: Clock) -> Iterator[Case]:
    store = open_memory_store(clock=clock)
    try:
        setup_organization(store, name="测试街道党工委", org_type=OrgType.STREET, supervision_phone="010-12345678")
        u = unit(store)
        b = batch(store)
        people = [member(store, name, unit_id=u) for name in ("甲", "乙", "丙", "丁")]
        post = (individual_post(store, people[0], b) if kind is PostKind.INDIVIDUAL
                else collective_post(store, people[:3], b, unit_id=u))
        today = store.today()
        if stage is PostStage.EVALUATION_PASSED:
            pass_evaluation(store, b, [post])
        elif stage is PostStage.EVALUATION_FAILED:
            workflow.record_pre_evaluation(store, batch_id=b, held_on=today - timedelta(days=25), ballots_issued=50,
                                           ballots_returned=50, counts=[workflow.BallotCount(post, 20, 0, 30, 0)])
        elif stage in (PostStage.IN_PUBLICITY, PostStage.OBJECTION_UPHELD):
            # Publicized, the period over and every member willing: in publicity nothing but the stage may refuse.
            pass_evaluation(store, b, [post])
            publicity = workflow.start_publicity(store, batch_id=b, start_on=today - timedelta(days=20), post_ids=[post]).id
            start = date.fromisoformat(store.get("publicity_periods", publicity)["start_on"])
            for m in Case(store, post, b, u, people[3]).members():
                workflow.record_consent(store, post_id=post, member_id=m, consent=True, on=start)
            if stage is PostStage.OBJECTION_UPHELD:
                objection = workflow.record_objection(store, post_id=post, received_on=start, content="反映问题").id
                workflow.resolve_objection(store, objection, upheld=True, resolution="属实", resolved_on=today)
        elif stage in (PostStage.ON_DUTY, PostStage.WITHDRAWN, PostStage.REVOKED):
            bring_on_duty(store, clock, [post], b)
            if stage is PostStage.WITHDRAWN:
                workflow.withdraw_post(store, post, reason="岗位撤并", on=store.today())
            elif stage is PostStage.REVOKED:
                workflow.veto_post(store, post, ground=VetoGround.OTHER, description="严重影响形象",
                                   decided_on=store.today())
        assert store.get("posts", post)["stage"] == stage.value
        yield Case(store, post, b, u, people[3])
    finally:
        store.close()


def _objection_day(case: Case) -> date:
    publicity = case.store.get("posts", case.post)["publicity_id"]
    if publicity is None:
        return case.store.today()
    return date.fromisoformat(case.store.get("publicity_periods", publicity)["start_on"])


# Each action done on the case's post with inputs that are otherwise valid.
DO: dict[Action, Callable[[Case], object]] = {
    Action.EDIT: lambda c: workflow.update_post_details(c.store, c.post, name="新岗位名称", location="", displays={},
                                                        creations=[]),
    Action.EVALUATE: lambda c: workflow.record_pre_evaluation(
        c.store, batch_id=c.batch, held_on=c.store.today(), ballots_issued=50, ballots_returned=50,
        counts=[workflow.BallotCount(c.post, 45, 3, 2, 0)]),
    Action.PUBLICIZE: lambda c: workflow.start_publicity(c.store, batch_id=c.batch, start_on=c.store.today(),
                                                         post_ids=[c.post]),
    Action.OBJECT: lambda c: workflow.record_objection(c.store, post_id=c.post, received_on=_objection_day(c),
                                                       content="反映问题"),
    Action.CONSENT: lambda c: workflow.record_consent(c.store, post_id=c.post, member_id=c.members()[0], consent=True,
                                                      on=c.store.today()),
    Action.CONFIRM: lambda c: workflow.confirm_post(c.store, c.post, confirmed_on=c.store.today()),
    Action.ADJUST: lambda c: workflow.adjust_members(c.store, c.post, kind=AdjustmentKind.REMOVE_MEMBER,
                                                     member_out_id=c.members()[-1], reason="工作调动",
                                                     on=c.store.today()),
    Action.JOIN: lambda c: workflow.adjust_members(c.store, c.post, kind=AdjustmentKind.ADD_MEMBER,
                                                   member_in_id=c.newcomer, reason="充实力量", on=c.store.today(),
                                                   newcomer_consents=True),
    Action.WITHDRAW: lambda c: workflow.withdraw_post(c.store, c.post, reason="岗位撤并", on=c.store.today()),
    Action.VETO: lambda c: workflow.veto_post(c.store, c.post, ground=VetoGround.OTHER, description="严重影响形象",
                                              decided_on=c.store.today()),
    Action.ASSESS: lambda c: mg.record_monthly_assessments(
        c.store, unit_id=c.unit, month=f"{c.store.today():%Y-%m}",
        entries=[mg.AssessmentEntry(c.post, c.members()[0], 92)], assessed_on=c.store.today()),
    Action.RECTIFY: lambda c: mg.open_rectification(
        c.store, post_id=c.post, member_id=None, opened_on=c.store.today(),
        problem=mg.Problem(ProblemCategory.ATTITUDE, "态度生硬", c.store.today() + timedelta(days=30))),
    Action.SURVEY: lambda c: mg.record_survey(c.store, post_id=c.post, held_on=c.store.today(),
                                              counts=mg.SurveyCounts(30, 30, 25, 3, 2, 0)),
    Action.REVIEW: lambda c: mg.record_five_review(c.store, post_id=c.post, member_id=c.members()[0],
                                                   year=c.store.today().year,
                                                   scores=dict.fromkeys(ReviewPart, 90.0), reviewed_on=c.store.today()),
}
# 打印标牌和胸牌 has no action in core: reports.placards chooses what it prints.
UNDONE_IN_CORE = {Action.PRINT}


def test_every_action_has_a_wording_and_every_stage_a_row() -> None:
    assert set(post_rules.WORDING) == set(Action)
    assert set(post_rules.ALLOWED) == set(PostStage)
    assert set(DO) | UNDONE_IN_CORE == set(Action)


@pytest.mark.parametrize("kind", list(PostKind))
@pytest.mark.parametrize("stage", list(PostStage))
def test_allowed_actions_says_what_each_action_does(stage: PostStage, kind: PostKind) -> None:
    """For every stage and action: allowed exactly when the action does not refuse on the table's
    grounds, and when it refuses, with the very sentence the button shows."""
    for action, do in DO.items():
        with _bring_to(stage, kind, Clock()) as case:
            allowed = workflow.allowed_actions(case.store, case.post)
            assert set(allowed) == {a.value for a in Action}
            try:
                do(case)
            except NotAllowed as refused:
                assert allowed[action] == str(refused), (stage, kind, action)
            else:
                assert allowed[action] is None, (stage, kind, action, allowed[action])


def test_the_table_refuses_an_individual_posts_adjustment_in_every_active_stage() -> None:
    individual = {"name": "便民服务窗口岗", "kind": PostKind.INDIVIDUAL.value}
    collective = {"name": "党员示范窗口", "kind": PostKind.COLLECTIVE.value}
    for stage in post_rules.ACTIVE:
        assert post_rules.refusal({**individual, "stage": stage.value}, Action.ADJUST) is not None
        assert post_rules.refusal({**collective, "stage": stage.value}, Action.ADJUST) is None


def test_named_stage_sets_agree_with_the_table() -> None:
    rules = post_rules
    assert {s for s, actions in rules.ALLOWED.items() if not actions} == rules.TERMINAL
    assert frozenset(PostStage) - rules.TERMINAL == rules.ACTIVE
    assert rules.stages_allowing(Action.CONSENT) == rules.SETUP
    for action in (Action.VETO, Action.ASSESS, Action.RECTIFY, Action.SURVEY, Action.REVIEW, Action.PRINT):
        assert rules.stages_allowing(action) == rules.SERVING
    assert rules.SERVING <= rules.CONFIRMED <= rules.PUBLICIZED
    assert rules.ACTIVE <= rules.HOLDING


@pytest.mark.parametrize("kind", list(PostKind))
def test_member_limits_come_from_the_table(store: Store, kind: PostKind, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nominating refuses exactly the counts the table refuses, in the table's words; change the table
    and the rule changes with it."""
    u = unit(store)
    b = batch(store)
    people = [member(store, name, unit_id=u) for name in "甲乙丙丁戊"]
    limits = MEMBER_LIMITS[kind]
    assert limits == {PostKind.INDIVIDUAL: post_rules.MemberLimits(1, 1),
                      PostKind.COLLECTIVE: post_rules.MemberLimits(2)}[kind]

    def nominate(count: int) -> None:
        workflow.nominate_post(store, workflow.NominationInput(
            batch_id=b, kind=kind, name=f"{count}人岗", unit_id=u, member_ids=people[:count], leader_id=people[0],
            deliberation=workflow.Deliberation(store.today() - timedelta(days=3), 10, "同意",
                                               [True] * len(store.terms().standard_items))))

    for count in (1, 2, 3):
        if limits.allows(count):
            nominate(count)
            workflow.withdraw_post(store, int(store.scalar("SELECT max(id) FROM posts")), reason="试毕", on=store.today())
        else:
            with pytest.raises(DomainError, match=limits.wording) as refused:
                nominate(count)
            assert refused.value.field == "member_ids"
    looser = {**MEMBER_LIMITS, kind: post_rules.MemberLimits(1, None)}
    monkeypatch.setattr(workflow, "MEMBER_LIMITS", looser)
    if kind is PostKind.COLLECTIVE:
        nominate(1)  # the table, not a literal in the action, said "at least two"


def test_member_limits_words() -> None:
    assert MEMBER_LIMITS[PostKind.INDIVIDUAL].wording == "只能有1名"
    assert MEMBER_LIMITS[PostKind.COLLECTIVE].wording == "不得少于两人"
    assert post_rules.MemberLimits(2, 5).wording == "应为2至5人"
    assert post_rules.MemberLimits(12).wording == "不得少于12人"


def test_check_holds_posts_to_the_same_limits(store: Store, clock: Clock) -> None:
    u = unit(store)
    b = batch(store)
    a, c = member(store, "甲", unit_id=u), member(store, "乙", unit_id=u)
    post = collective_post(store, [a, c], b, unit_id=u)
    assert check_database(store).ok
    store.db.execute("UPDATE post_members SET left_on = ? WHERE post_id = ? AND member_id = ?",
                     [store.today().isoformat(), post, c])
    problems = check_database(store).problems
    assert any(MEMBER_LIMITS[PostKind.COLLECTIVE].wording in p for p in problems), problems
