"""每月考核: a score is graded on the value the clerk typed. More than one decimal is refused (89.99 is
never rounded up to 90, 优秀); full-width digits are read as digits."""

from __future__ import annotations

from datetime import date

import pytest

from core import management as mg
from core.enums import Grade, ReviewPart
from core.errors import DomainError
from core.settings import Settings
from core.store import Store

ON = date(2026, 11, 21)


@pytest.mark.parametrize(("typed", "value", "grade"), [
    ("89.9", 89.9, Grade.QUALIFIED), ("90", 90.0, Grade.EXCELLENT), ("90.0", 90.0, Grade.EXCELLENT),
    ("90.00", 90.0, Grade.EXCELLENT), ("100", 100.0, Grade.EXCELLENT), ("0", 0.0, Grade.UNQUALIFIED),
    ("69.9", 69.9, Grade.UNQUALIFIED), ("70", 70.0, Grade.BASIC), (" 79.9 ", 79.9, Grade.BASIC),
    ("９５", 95.0, Grade.EXCELLENT), ("８９．５", 89.5, Grade.QUALIFIED), (89.9, 89.9, Grade.QUALIFIED),
    (90, 90.0, Grade.EXCELLENT), ("-0", 0.0, Grade.UNQUALIFIED),
])
def test_accepted_scores_keep_the_typed_value(typed: object, value: float, grade: Grade) -> None:
    parsed = mg.parse_score(typed)  # type: ignore[arg-type]
    assert parsed == value and str(parsed) != "-0.0"
    assert mg.grade_for(parsed, Settings()) is grade


@pytest.mark.parametrize(("typed", "fragment"), [
    ("89.99", "最多保留一位小数"), ("89.95", "最多保留一位小数"), ("99.99", "最多保留一位小数"),
    (89.99, "最多保留一位小数"), ("100.1", "0到100"), ("-1", "0到100"), (101, "0到100"), ("", "请填写"),
    ("   ", "请填写"), ("abc", "不是数字"), ("八十", "不是数字"), ("1e2", "不是数字"), ("NaN", "不是数字"),
    (float("nan"), "不是数字"), ("9_5", "不是数字"), (True, "不是数字"),
])
def test_refused_scores_name_the_field(typed: object, fragment: str) -> None:
    with pytest.raises(DomainError, match=fragment) as caught:
        mg.parse_score(typed, "张三的考核分数")  # type: ignore[arg-type]
    assert caught.value.field == "score"
    assert str(caught.value).startswith(("张三的考核分数", "请填写张三的考核分数"))


def test_the_message_for_two_decimals(store: Store) -> None:
    with pytest.raises(DomainError) as caught:
        mg.parse_score("89.99")
    assert "考核分数最多保留一位小数" in str(caught.value) and "89.99" in str(caught.value)


@pytest.mark.parametrize("typed", ["89.99", "89.95", 89.99, 89.95])
def test_a_monthly_score_with_two_decimals_is_refused_and_nothing_saved(
    store: Store, serving: tuple[int, int, int], typed: object
) -> None:
    p, m, u = serving
    with pytest.raises(DomainError, match="考核分数最多保留一位小数") as caught:
        mg.record_monthly_assessments(store, unit_id=u, month="2026-11", assessed_on=ON,
                                      entries=[mg.AssessmentEntry(p, m, typed)])  # type: ignore[arg-type]
    assert caught.value.field == "score"
    assert store.scalar("SELECT count(*) FROM monthly_assessments") == 0


@pytest.mark.parametrize(("typed", "score", "grade"), [
    (89.9, 89.9, "qualified"), (90, 90, "excellent"), ("90.0", 90, "excellent"), ("９５", 95, "excellent"),
    (100, 100, "excellent"), (69.9, 69.9, "unqualified"),
])
def test_the_saved_grade_is_that_of_the_typed_value(
    store: Store, serving: tuple[int, int, int], typed: object, score: float, grade: str
) -> None:
    p, m, u = serving
    mg.record_monthly_assessments(store, unit_id=u, month="2026-11", assessed_on=ON,
                                  entries=[mg.AssessmentEntry(p, m, typed)])  # type: ignore[arg-type]
    row = store.rows("SELECT score, grade FROM monthly_assessments")[0]
    assert (row["score"], row["grade"]) == (score, grade)
    assert mg.grade_for(mg.parse_score(typed), store.settings()).value == grade  # type: ignore[arg-type]


def test_a_correction_follows_the_same_rule(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, u = serving
    mg.record_monthly_assessments(store, unit_id=u, month="2026-11", assessed_on=ON, entries=[mg.AssessmentEntry(p, m, 85)])
    aid = store.scalar("SELECT id FROM monthly_assessments")
    with pytest.raises(DomainError, match="更正后的分数最多保留一位小数") as caught:
        mg.correct_assessment(store, aid, score=89.99, reason="复核")
    assert caught.value.field == "score"
    assert store.get("monthly_assessments", aid)["score"] == 85
    assert store.scalar("SELECT count(*) FROM assessment_corrections") == 0
    mg.correct_assessment(store, aid, score=89.9, reason="复核")
    assert (store.get("monthly_assessments", aid)["score"], store.get("monthly_assessments", aid)["grade"]) == (89.9, "qualified")


def test_five_review_scores_use_the_same_parser(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, _u = serving
    scores: dict[ReviewPart, float | None] = dict.fromkeys(ReviewPart, 90.0)
    scores[ReviewPart.PEER] = 89.95
    with pytest.raises(DomainError, match="最多保留一位小数") as caught:
        mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=scores, reviewed_on=ON)
    assert caught.value.field == "score_peer"
    assert store.scalar("SELECT count(*) FROM five_reviews") == 0
