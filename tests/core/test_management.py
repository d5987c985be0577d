from datetime import date

import pytest

from core import management as mg
from core import org, queries, workflow
from core.enums import Grade, ProblemCategory, ReviewPart, VetoGround
from core.errors import DomainError
from core.settings import Settings
from core.store import Store
from tests.conftest import Clock
from tests.core.helpers import member, unit


def test_grades(store: Store) -> None:
    s = Settings()
    assert [mg.grade_for(x, s) for x in (95, 90, 85, 70, 69.9)] == [
        Grade.EXCELLENT, Grade.EXCELLENT, Grade.QUALIFIED, Grade.BASIC, Grade.UNQUALIFIED]


def test_monthly_assessment_once_per_month_and_correction(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, u = serving
    mg.record_monthly_assessments(store, unit_id=u, month="2026-11", entries=[mg.AssessmentEntry(p, m, 88)],
                                  assessed_on=date(2026, 11, 21))
    with pytest.raises(DomainError, match="已考核（88分），每月只考核一次"):
        mg.record_monthly_assessments(store, unit_id=u, month="2026-11", entries=[mg.AssessmentEntry(p, m, 90)],
                                      assessed_on=date(2026, 11, 21))
    aid = store.scalar("SELECT id FROM monthly_assessments")
    mg.correct_assessment(store, aid, score=92, reason="录入错误")
    row = store.get("monthly_assessments", aid)
    assert row["score"] == 92 and row["grade"] == "excellent" and row["corrected"] == 1
    assert store.rows("SELECT old_score, new_score FROM assessment_corrections") == [{"old_score": 88, "new_score": 92}]


@pytest.mark.parametrize(
    ("month", "score", "fragment"),
    [("2026-13", 80, "格式不对"), ("2026-12", 80, "还没到"), ("2026-10", 80, "才上岗"), ("2026-11", 101, "0到100"),
     ("2026-11", "八十", "不是数字")],
)
def test_bad_assessments_refused(store: Store, serving: tuple[int, int, int], month: str, score: object, fragment: str) -> None:
    p, m, u = serving
    with pytest.raises(DomainError, match=fragment):
        mg.record_monthly_assessments(store, unit_id=u, month=month, entries=[mg.AssessmentEntry(p, m, score)],  # type: ignore[arg-type]
                                      assessed_on=date(2026, 11, 21))
    assert store.scalar("SELECT count(*) FROM monthly_assessments") == 0


def test_problem_opens_rectification_and_overdue_listed(store: Store, serving: tuple[int, int, int], clock: Clock) -> None:
    p, m, u = serving
    problem = mg.Problem(ProblemCategory.BUREAUCRATISM, "办事拖拉", date(2026, 11, 25))
    changes = mg.record_monthly_assessments(store, unit_id=u, month="2026-11",
                                            entries=[mg.AssessmentEntry(p, m, 72, problems=[problem])],
                                            assessed_on=date(2026, 11, 21))
    assert "发现问题1个" in changes.message
    assert queries.overdue_rectifications(store, date(2026, 11, 25)) == []
    overdue = queries.overdue_rectifications(store, date(2026, 11, 26))
    assert len(overdue) == 1 and overdue[0]["category"] == "bureaucratism"
    with pytest.raises(DomainError, match="早于"):
        mg.close_rectification(store, overdue[0]["id"], closed_on=date(2026, 11, 1), result="x")
    mg.close_rectification(store, overdue[0]["id"], closed_on=date(2026, 11, 21), result="已整改")
    assert queries.overdue_rectifications(store, date(2026, 12, 30)) == []


def test_rectification_deadline_before_opening_refused(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, _ = serving
    with pytest.raises(DomainError, match="早于发现问题"):
        mg.open_rectification(store, post_id=p, member_id=m, opened_on=date(2026, 11, 20),
                              problem=mg.Problem(ProblemCategory.OTHER, "x", date(2026, 11, 1)))


def test_units_missing_assessment(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, u = serving
    assert [r["id"] for r in queries.units_missing_assessment(store, "2026-11")] == [u]
    assert queries.units_missing_assessment(store, "2026-10") == []  # not yet on duty in October
    mg.record_monthly_assessments(store, unit_id=u, month="2026-11", entries=[mg.AssessmentEntry(p, m, 90)],
                                  assessed_on=date(2026, 11, 21))
    assert queries.units_missing_assessment(store, "2026-11") == []


def test_assessment_by_another_unit_refused(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, _ = serving
    other = unit(store, "第二党支部")
    with pytest.raises(DomainError, match="应由其所在单位考核"):
        mg.record_monthly_assessments(store, unit_id=other, month="2026-11", entries=[mg.AssessmentEntry(p, m, 90)],
                                      assessed_on=date(2026, 11, 21))


def test_survey_rate_and_low_flag(store: Store, serving: tuple[int, int, int]) -> None:
    p, _, _ = serving
    ok = mg.record_survey(store, post_id=p, held_on=date(2026, 11, 21), counts=mg.SurveyCounts(30, 30, 25, 3, 2, 0))
    assert "93.3%" in ok.message
    low = mg.record_survey(store, post_id=p, held_on=date(2026, 11, 21), counts=mg.SurveyCounts(30, 30, 15, 5, 9, 1))
    assert "预警线" in low.message
    assert store.rows("SELECT low FROM surveys ORDER BY id") == [{"low": 0}, {"low": 1}]
    assert any(t.kind == "满意度" for t in queries.todo(store, date(2026, 11, 21)))


def test_survey_counts_must_add_up(store: Store, serving: tuple[int, int, int]) -> None:
    p, _, _ = serving
    with pytest.raises(DomainError, match="应等于收回问卷"):
        mg.record_survey(store, post_id=p, held_on=date(2026, 11, 21), counts=mg.SurveyCounts(30, 30, 20, 3, 2, 0))
    with pytest.raises(DomainError, match="超过了发放"):
        mg.record_survey(store, post_id=p, held_on=date(2026, 11, 21), counts=mg.SurveyCounts(20, 30, 25, 3, 2, 0))


def test_five_review_total_with_weights_stored(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, _ = serving
    scores = {ReviewPart.SELF: 95, ReviewPart.PEER: 90, ReviewPart.PUBLIC: 88, ReviewPart.LEADER: 92, ReviewPart.ORGANIZATION: 85}
    changes = mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=scores, reviewed_on=date(2026, 11, 21))
    row = store.rows("SELECT total, grade, weights FROM five_reviews")[0]
    # 95*.1 + 90*.2 + 88*.3 + 92*.2 + 85*.2 = 89.3
    assert row["total"] == 89.3 and row["grade"] == "qualified" and '"public": 30' in row["weights"]
    assert "89.3" in changes.message
    with pytest.raises(DomainError, match="已经录入"):
        mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores=scores, reviewed_on=date(2026, 11, 21))
    with pytest.raises(DomainError, match="请填写个人自评"):
        mg.record_five_review(store, post_id=p, member_id=m, year=2026, scores={}, reviewed_on=date(2026, 11, 21))


def test_revoked_post_cannot_be_assessed_surveyed_or_reviewed(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, u = serving
    workflow.veto_post(store, p, ground=VetoGround.OTHER, description="严重影响形象", decided_on=date(2026, 11, 21))
    with pytest.raises(DomainError, match="已撤销称号"):
        mg.record_monthly_assessments(store, unit_id=u, month="2026-11", entries=[mg.AssessmentEntry(p, m, 90)],
                                      assessed_on=date(2026, 11, 21))
    with pytest.raises(DomainError, match="已撤销称号"):
        mg.record_survey(store, post_id=p, held_on=date(2026, 11, 21), counts=mg.SurveyCounts(1, 1, 1, 0, 0, 0))
    with pytest.raises(DomainError, match="已撤销称号"):
        mg.record_five_review(store, post_id=p, member_id=m, year=2026,
                              scores=dict.fromkeys(ReviewPart, 90), reviewed_on=date(2026, 11, 21))


def test_highlight(store: Store, serving: tuple[int, int, int]) -> None:
    from core.enums import HighlightKind

    p, _, _ = serving
    mg.add_highlight(store, kind=HighlightKind.CASE, title="优秀事迹", body="事迹内容", published_on=date(2026, 11, 1), post_id=p)
    assert queries.highlights(store)[0]["post_name"] == "便民服务窗口岗"
    with pytest.raises(DomainError, match="请填写标题"):
        mg.add_highlight(store, kind=HighlightKind.CASE, title="", body="x", published_on=date(2026, 11, 1))


def test_org_type_changes_wording(store: Store, hospital_store: Store) -> None:
    assert store.terms().public == "群众" and hospital_store.terms().public == "患者"
    assert len(store.terms().creations) == 4 and len(hospital_store.terms().creations) == 5
    assert hospital_store.terms().units_label == "党支部、科室和分院"
    org.update_organization(store, name="测试镇党委", org_type=store.terms().org_type.TOWN, supervision_phone="010-12345678")
    assert store.terms().committee == "镇党委"


def test_rectification_for_someone_not_on_the_post_is_refused(store: Store, serving: tuple[int, int, int]) -> None:
    p, _, _ = serving
    stranger = member(store, "路人甲")
    with pytest.raises(DomainError, match="不在示范岗"):
        mg.open_rectification(store, post_id=p, member_id=stranger, opened_on=date(2026, 11, 20),
                              problem=mg.Problem(ProblemCategory.OTHER, "x"))
    with pytest.raises(DomainError, match="不在示范岗"):
        mg.open_rectification(store, post_id=p, member_id=99999, opened_on=date(2026, 11, 20),
                              problem=mg.Problem(ProblemCategory.OTHER, "x"))


def test_below_standard_and_overdue_survey_show_on_the_todo_list(store: Store, serving: tuple[int, int, int]) -> None:
    p, m, u = serving
    mg.record_monthly_assessments(store, unit_id=u, month="2026-11", entries=[mg.AssessmentEntry(p, m, 65)],
                                  assessed_on=date(2026, 11, 21))
    todo = queries.todo(store, date(2026, 11, 21))
    assert any(t.kind == "不合格" and "65分" in t.text for t in todo)
    assert not any(t.kind == "满意度" for t in todo)
    later = queries.todo(store, date(2027, 4, 1))  # no survey for more than 120 days since going on duty
    assert any(t.kind == "满意度" and "超过120天未开展群众满意度测评" in t.text for t in later)
    mg.record_survey(store, post_id=p, held_on=date(2026, 11, 21), counts=mg.SurveyCounts(10, 10, 10, 0, 0, 0))
    assert not any("超过120天" in t.text for t in queries.todo(store, date(2027, 3, 1)))


def test_survey_interval_setting_is_validated(store: Store) -> None:
    with pytest.raises(DomainError, match="满意度测评周期"):
        org.update_settings(store, Settings(survey_interval_days=3))
