"""五评: every score must be entered, a saved review is corrected (not re-entered), the share of 优秀
is flagged; the veto is checked before it is confirmed; settings refusals name their field."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from core import management as mg
from core import org, queries, workflow
from core.audit_view import audit_entries
from core.enums import Grade, ReviewPart, VetoGround
from core.errors import DomainError, NotFoundError
from core.settings import Settings
from core.store import Store
from tests.conftest import Clock
from tests.core.helpers import batch, bring_on_duty, individual_post, member, unit

DAY = date(2026, 11, 21)
SCORES = {ReviewPart.SELF: 95, ReviewPart.PEER: 90, ReviewPart.PUBLIC: 88, ReviewPart.LEADER: 92, ReviewPart.ORGANIZATION: 85}


def audit_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM audit_log"))


# -- entering: nothing is assumed ------------------------------------------------------------------
@pytest.mark.parametrize(("missing", "field"), [
    ((ReviewPart.SELF,), "score_self"),
    ((ReviewPart.PUBLIC, ReviewPart.LEADER), "score_public"),
    (tuple(ReviewPart), "score_self"),
])
def test_a_score_not_entered_is_refused_next_to_the_first_missing_field(
    store: Store, serving: tuple[int, int, int], missing: tuple[ReviewPart, ...], field: str
) -> None:
    p, m, _ = serving
    scores: dict[ReviewPart, float | None] = {**SCORES, **dict.fromkeys(missing, None)}
    with pytest.raises(DomainError) as caught:
        mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=scores, reviewed_on=DAY)
    assert caught.value.field == field
    assert all(part.label in str(caught.value) for part in missing)
    assert store.scalar("SELECT count(*) FROM five_reviews") == 0


@pytest.mark.parametrize(("value", "fragment"), [(100.5, "0到100"), (-1, "0到100"), ("九十", "不是数字"), ("", "请填写")])
def test_a_bad_score_is_refused_next_to_its_field(store: Store, serving: tuple[int, int, int], value: object, fragment: str) -> None:
    p, m, _ = serving
    with pytest.raises(DomainError, match=fragment) as caught:
        mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores={**SCORES, ReviewPart.PEER: value},  # type: ignore[dict-item]
                              reviewed_on=DAY)
    assert caught.value.field == "score_peer"


def test_a_second_entry_points_to_the_correction(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, _ = serving
    mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=SCORES, reviewed_on=DAY)
    with pytest.raises(DomainError, match=r"已经录入.*更正五评"):
        mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=SCORES, reviewed_on=DAY)


# -- correcting ------------------------------------------------------------------------------------
def test_correction_recomputes_total_and_grade_and_keeps_the_old_values_in_the_audit_log(
    store: Store, serving: tuple[int, int, int]
) -> None:
    p, m, _ = serving
    review_id = mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=SCORES, reviewed_on=DAY).id
    before = store.get("five_reviews", review_id)
    assert (before["total"], before["grade"]) == (89.3, "qualified")
    entries = audit_count(store)
    changes = mg.correct_five_review(store, review_id, scores={**SCORES, ReviewPart.PUBLIC: 98}, reason="群众测评分数抄错")
    after = store.get("five_reviews", review_id)
    # 95*.1 + 90*.2 + 98*.3 + 92*.2 + 85*.2 = 92.3
    assert (after["score_public"], after["total"], after["grade"]) == (98, 92.3, "excellent")
    assert (after["uid"], after["reviewed_on"], after["weights"]) == (before["uid"], before["reviewed_on"], before["weights"])
    assert "89.3→92.3" in changes.message and "合格→优秀" in changes.message
    assert changes.action == "correct_five_review" and changes.tables == frozenset({"five_reviews"})
    assert audit_count(store) == entries + 1
    entry = store.rows("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert (entry["action"], entry["entity"], entry["entity_id"]) == ("correct_five_review", "five_reviews", review_id)
    assert json.loads(entry["before"])["score_public"] == 88 and json.loads(entry["before"])["total"] == 89.3
    assert json.loads(entry["after"])["reason"] == "群众测评分数抄错"
    shown = audit_entries(store, action="correct_five_review").entries[0]
    assert shown.action_label == "更正五评结果" and "89.3 → 92.3" in shown.details and "群众测评分数抄错" in shown.details


def test_correction_uses_the_weights_the_review_was_made_with(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, _ = serving
    review_id = mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=SCORES, reviewed_on=DAY).id
    weights = dict.fromkeys((part.value for part in ReviewPart), 20)
    org.update_settings(store, replace(store.settings(), five_review_weights=weights))
    mg.correct_five_review(store, review_id, scores={**SCORES, ReviewPart.PUBLIC: 98}, reason="更正")
    assert store.get("five_reviews", review_id)["total"] == 92.3  # the 2026 weights, not the new equal ones


def test_a_correction_down_to_unqualified_says_the_placard_comes_back(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, _ = serving
    review_id = mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=SCORES, reviewed_on=DAY).id
    changes = mg.correct_five_review(store, review_id, scores=dict.fromkeys(ReviewPart, 60), reason="按评议会记录更正")
    assert store.get("five_reviews", review_id)["grade"] == Grade.UNQUALIFIED.value
    assert "收回岗牌" in changes.message
    assert any(t.entity == "five_reviews" for t in queries.todo(store, store.today()))


@pytest.mark.parametrize(("scores", "reason", "field", "fragment"), [
    ({**SCORES, ReviewPart.LEADER: 101}, "更正", "score_leader", "0到100"),
    ({**SCORES, ReviewPart.SELF: -5}, "更正", "score_self", "0到100"),
    ({**SCORES, ReviewPart.ORGANIZATION: "abc"}, "更正", "score_organization", "不是数字"),
    ({**SCORES, ReviewPart.PEER: None}, "更正", "score_peer", "请填写党员互评"),
    ({**SCORES, ReviewPart.PUBLIC: 98}, "", "reason", "请填写更正原因"),
    ({**SCORES, ReviewPart.PUBLIC: 98}, "   ", "reason", "请填写更正原因"),
    (SCORES, "没有改动", "score_self", "与原分数相同"),
])
def test_bad_corrections_are_refused_and_change_nothing(
    store: Store, serving: tuple[int, int, int], scores: dict[ReviewPart, object], reason: str, field: str, fragment: str
) -> None:
    p, m, _ = serving
    review_id = mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=SCORES, reviewed_on=DAY).id
    before, entries = store.get("five_reviews", review_id), audit_count(store)
    with pytest.raises(DomainError, match=fragment) as caught:
        mg.correct_five_review(store, review_id, scores=scores, reason=reason)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert store.get("five_reviews", review_id) == before and audit_count(store) == entries


def test_correcting_a_review_that_does_not_exist_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError, match="五评"):
        mg.correct_five_review(store, 999, scores=SCORES, reason="更正")


# -- the share of 优秀 (DOMAIN.md: usually no more than one third) ---------------------------------
def test_excellent_share_warns_once_more_than_a_third_of_everyone_to_review_is_excellent(store: Store, clock: Clock) -> None:
    b = batch(store)
    people = [member(store, name) for name in ("张一", "王二", "李三", "赵四")]
    posts = [individual_post(store, m, b, name=f"窗口{i}") for i, m in enumerate(people)]
    bring_on_duty(store, clock, posts, b)
    excellent = dict.fromkeys(ReviewPart, 95)
    mg.record_five_review(store, post_id=posts[0], member_id=people[0], year=2026, scores=excellent, reviewed_on=DAY)
    share = mg.excellent_share(store, 2026)
    assert (share.reviewed, share.excellent, share.still_to_review) == (1, 1, 3)
    assert not share.exceeded and share.warning is None  # 1 of 4 to review: the share is not yet certain
    changes = mg.record_five_review(store, post_id=posts[1], member_id=people[1], year=2026, scores=excellent,
                                    reviewed_on=DAY)
    share = mg.excellent_share(store, 2026)
    assert share.exceeded and share.warning is not None  # 2 of 4 is more than a third, whatever follows
    assert "优秀2人" in share.warning and "三分之一" in share.warning
    assert "超过应评4人的三分之一" in changes.message  # the clerk is told, the review is saved all the same
    assert store.scalar("SELECT count(*) FROM five_reviews") == 2
    qualified = dict.fromkeys(ReviewPart, 85)
    for post_id, member_id in zip(posts[2:], people[2:], strict=True):
        changes = mg.record_five_review(store, post_id=post_id, member_id=member_id, year=2026, scores=qualified,
                                        reviewed_on=DAY)
        assert "三分之一" not in changes.message  # only an 优秀 entry reminds
    assert mg.excellent_share(store, 2026).exceeded
    assert not mg.excellent_share(store, 2025).exceeded  # an empty year warns about nothing


def test_exactly_one_third_is_not_exceeded() -> None:
    assert not mg.ExcellentShare(2026, reviewed=3, excellent=1, still_to_review=0).exceeded
    assert mg.ExcellentShare(2026, reviewed=5, excellent=2, still_to_review=0).exceeded
    assert not mg.ExcellentShare(2026, reviewed=0, excellent=0, still_to_review=0).exceeded


# -- one-vote veto: checked before the clerk confirms ---------------------------------------------
@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"description": ""}, "description", "请填写情况说明"),
    ({"decided_on": date(2026, 11, 30)}, "decided_on", "晚于今天"),
    ({"decided_on": date(2020, 1, 1)}, "decided_on", "早于该岗位的确定日期"),
    ({"decided_on": None}, "decided_on", "请填写决定日期"),
])
def test_check_veto_raises_what_the_veto_would_and_writes_nothing(
    store: Store, serving: tuple[int, int, int], changes: dict[str, object], field: str, fragment: str
) -> None:
    p, _, _ = serving
    arguments: dict[str, object] = {"ground": VetoGround.PUBLIC_OUTCRY, "description": "群众反映强烈",
                                    "decided_on": DAY, "decided_by": "测试街道党工委", **changes}
    entries = audit_count(store)
    with pytest.raises(DomainError, match=fragment) as caught:
        workflow.check_veto(store, p, **arguments)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert audit_count(store) == entries and store.get("posts", p)["stage"] == "on_duty"


def test_check_veto_passes_a_valid_decision_without_revoking(store: Store, serving: tuple[int, int, int]) -> None:
    p, _, _ = serving
    entries = audit_count(store)
    head = store.rows("SELECT * FROM audit_head")
    workflow.check_veto(store, p, ground=VetoGround.OTHER, description="严重影响形象", decided_on=DAY)
    assert store.get("posts", p)["stage"] == "on_duty"
    assert store.scalar("SELECT count(*) FROM revocations") == 0
    assert store.scalar("SELECT count(*) FROM placard_reclaims") == 0
    assert audit_count(store) == entries and store.rows("SELECT * FROM audit_head") == head
    assert not store.db.conn.in_transaction
    workflow.veto_post(store, p, ground=VetoGround.OTHER, description="严重影响形象", decided_on=DAY)
    assert store.get("posts", p)["stage"] == "revoked"
    with pytest.raises(DomainError, match="只有在岗的示范岗才有称号"):
        workflow.check_veto(store, p, ground=VetoGround.OTHER, description="严重影响形象", decided_on=DAY)


# -- settings: a bad percentage names its own field -------------------------------------------------
@pytest.mark.parametrize(("key", "value", "fragment"), [
    ("pass_threshold_percent", "百分之八十", "不是数字"),
    ("pass_threshold_percent", "0", "0到100"),
    ("survey_low_threshold_percent", "120", "0到100"),
    ("survey_low_threshold_percent", "八成", "不是数字"),
])
def test_bad_percentage_is_refused_next_to_its_field(key: str, value: str, fragment: str) -> None:
    with pytest.raises(DomainError, match=fragment) as caught:
        replace(Settings(), **{key: value}).validated()
    assert caught.value.field == key


def test_holiday_and_workday_overlap_names_a_field() -> None:
    with pytest.raises(DomainError, match="不能同时设为") as caught:
        replace(Settings(), extra_holidays=("2027-02-10",), extra_workdays=("2027-02-10",)).validated()
    assert caught.value.field == "extra_workdays"


# -- same-named posts are told apart by their unit --------------------------------------------------
def test_objections_carry_the_unit_name(store: Store) -> None:
    b = batch(store)
    first = member(store, "张一", unit_id=unit(store, "第一党支部"))
    second = member(store, "王二", unit_id=unit(store, "第二党支部"))
    posts = [individual_post(store, first, b, name="便民服务窗口岗"), individual_post(store, second, b, name="便民服务窗口岗")]
    workflow.record_pre_evaluation(store, batch_id=b, held_on=DAY, ballots_issued=50, ballots_returned=50,
                                   counts=[workflow.BallotCount(p, 45, 3, 2, 0) for p in posts])
    workflow.start_publicity(store, batch_id=b, start_on=DAY, post_ids=posts)
    for p in posts:
        workflow.record_objection(store, post_id=p, received_on=DAY, content="反映服务态度", source="来电")
    rows = queries.objections(store)
    assert [(r["post_name"], r["unit_name"]) for r in rows] == [("便民服务窗口岗", "第一党支部"), ("便民服务窗口岗", "第二党支部")]
    assert {r["unit_name"] for r in queries.evaluation_results(store, b)} == {"第一党支部", "第二党支部"}
