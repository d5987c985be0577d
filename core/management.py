"""动态管理 and 群众监督: monthly assessments, rectifications, surveys, the five reviews, highlights."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from core import validate
from core.actions import AuditAction
from core.enums import Grade, HighlightKind, ProblemCategory, ReviewPart
from core.errors import DomainError
from core.post_rules import Action, require, stage_in, stages_allowing
from core.settings import Settings
from core.store import Changes, Row, Store, new_uid
from core.workflow import VoteOutcome, vote_outcome

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SCORE_STEP = Decimal("0.1")
_SCORE_TEXT = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$")  # plain decimal: no 1e2, NaN, 9_5


def parse_score(value: float | int | str | Decimal, label: str = "考核分数", *, field: str | None = "score") -> float:
    """A score out of 100 exactly as the clerk typed it, with at most one decimal.

    89.99 is refused, never rounded to 90 (that would turn 合格 into 优秀): the grade is always taken
    from the value typed. 90.00 is 90; full-width digits and point (９５、８９．５) read as 95 and 89.5.
    The assessment grid (its preview grade too), the correction dialog and the five reviews all go
    through this one parser (so should any future import or command), so what the clerk sees graded
    is what is saved."""
    if isinstance(value, bool):
        raise DomainError(f"{label}“{value}”不是数字。", field=field)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            raise DomainError(f"请填写{label}。", field=field)
        if not _SCORE_TEXT.match(text):
            raise DomainError(f"{label}“{value}”不是数字。", field=field)
    else:
        text = repr(value) if isinstance(value, float) else str(value)  # repr: 89.9 → "89.9"
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise DomainError(f"{label}“{value}”不是数字。", field=field) from None
    if not number.is_finite():
        raise DomainError(f"{label}“{value}”不是数字。", field=field)
    if not 0 <= number <= 100:
        raise DomainError(f"{label}应在0到100分之间，现在是{text}。", field=field)
    if number != number.quantize(_SCORE_STEP):
        raise DomainError(f"{label}最多保留一位小数（填写的是“{text}”），请按考核表核对后重新填写。", field=field)
    return float(number) + 0.0  # + 0.0: "-0" is stored as 0


def grade_for(score: float, settings: Settings) -> Grade:
    if score >= settings.grade_excellent:
        return Grade.EXCELLENT
    if score >= settings.grade_qualified:
        return Grade.QUALIFIED
    if score >= settings.grade_basic:
        return Grade.BASIC
    return Grade.UNQUALIFIED


def parse_month(month: str, today: date) -> str:
    match = _MONTH.match(month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DomainError(f"考核月份“{month}”格式不对，应为“2026-03”这样的年-月。", field="month")
    if month > f"{today:%Y-%m}":
        raise DomainError(f"考核月份{month}还没到，不能提前考核。", field="month")
    return month.strip()


def month_label(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


def _post_allowing(store: Store, post_id: int, action: Action) -> Row:
    """The post, once the rule table allows ``action`` on it now."""
    post = store.get("posts", post_id)
    require(post, action)
    return post


# -- monthly assessment ------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    category: ProblemCategory
    description: str
    deadline: date | None = None


@dataclass(frozen=True)
class AssessmentEntry:
    post_id: int
    member_id: int
    score: float
    comment: str = ""
    problems: Sequence[Problem] = field(default_factory=tuple)


def _serving_in_month(store: Store, post: Row, member_id: int, month: str) -> str:
    """每月考核 belongs to those on the post in that month: a member serving now, assessed from the
    month they joined the post (a newcomer after a 调整 is not assessed for the months before).
    Returns the member's name as on the post."""
    spells = store.rows("SELECT name_snapshot, joined_on, left_on FROM post_members WHERE post_id = ? AND member_id = ? "
                        "ORDER BY id", [post["id"], member_id])
    current = next((s for s in spells if s["left_on"] is None), None)
    if current is None:
        if spells:
            raise DomainError(f"{spells[-1]['name_snapshot']}已于{spells[-1]['left_on']}离开示范岗“{post['name']}”，"
                              "离岗后不再参加该岗位的每月考核。")
        raise DomainError(f"该党员不在示范岗“{post['name']}”的在岗名单中。")
    if current["joined_on"][:7] > month:
        raise DomainError(f"{current['name_snapshot']}{current['joined_on']}才到示范岗“{post['name']}”上岗，"
                          f"不能考核{month_label(month)}；每月考核从上岗当月开始。", field="month")
    return str(current["name_snapshot"])


def record_monthly_assessments(
    store: Store,
    *,
    unit_id: int,
    month: str,
    entries: Sequence[AssessmentEntry],
    assessed_on: date,
    assessor: str = "",
) -> Changes:
    """每月考核: a unit's grid for one month, saved together. Problems open rectifications."""
    today = store.today()
    settings = store.settings()
    unit = store.get("units", unit_id)
    month = parse_month(month, today)
    day = validate.day(assessed_on, "考核日期", today=today, field="assessed_on")
    assert day is not None
    if f"{day:%Y-%m}" < month:
        raise DomainError(f"考核日期{day.isoformat()}早于考核月份{month_label(month)}。", field="assessed_on")
    if not entries:
        raise DomainError("没有要保存的考核结果。")
    seen: set[tuple[int, int]] = set()
    prepared: list[tuple[Row, list[Row]]] = []
    for entry in entries:
        key = (entry.post_id, entry.member_id)
        if key in seen:
            raise DomainError("同一名党员在本次考核中录入了两次。")
        seen.add(key)
        post = _post_allowing(store, entry.post_id, Action.ASSESS)
        if post["unit_id"] != unit_id:
            raise DomainError(f"示范岗“{post['name']}”不属于{unit['name']}，应由其所在单位考核。")
        if post["confirmed_on"][:7] > month:
            raise DomainError(f"示范岗“{post['name']}”{post['confirmed_on']}才上岗，不能考核{month_label(month)}。", field="month")
        name = _serving_in_month(store, post, entry.member_id, month)
        existing = store.rows("SELECT score FROM monthly_assessments WHERE post_id = ? AND member_id = ? AND month = ?",
                              [entry.post_id, entry.member_id, month])
        if existing:
            raise DomainError(
                f"{name}{month_label(month)}已考核（{existing[0]['score']:g}分），每月只考核一次；如需更正请使用“更正考核”。"
            )
        score = parse_score(entry.score, f"{name}的考核分数")
        row = {
            "uid": new_uid(), "post_id": entry.post_id, "member_id": entry.member_id, "month": month,
            "score": score, "grade": grade_for(score, settings).value, "assessed_on": day.isoformat(),
            "assessor": validate.text(assessor, "考核人", required=False, max_len=30),
            "comment": validate.text(entry.comment, "考核意见", required=False, max_len=500),
        }
        rects = [_rectification_row(store, settings, entry.post_id, entry.member_id, p, day) for p in entry.problems]
        prepared.append((row, rects))
    ids: list[int] = []
    opened = 0
    with store.transaction():
        for row, rects in prepared:
            assessment_id = store.insert("monthly_assessments", row)
            store.audit(AuditAction.RECORD_MONTHLY_ASSESSMENT, "monthly_assessments", assessment_id, None, row)
            ids.append(assessment_id)
            for rect in rects:
                rect["assessment_id"] = assessment_id
                rect_id = store.insert("rectifications", rect)
                store.audit(AuditAction.OPEN_RECTIFICATION, "rectifications", rect_id, None, rect)
                opened += 1
    message = f"{unit['name']}{month_label(month)}考核已保存{len(ids)}人"
    message += f"，发现问题{opened}个，已督促整改。" if opened else "。"
    return Changes(AuditAction.RECORD_MONTHLY_ASSESSMENT, "monthly_assessments", tuple(ids), message,
                   frozenset({"monthly_assessments", "rectifications"}))


def correct_assessment(store: Store, assessment_id: int, *, score: float, reason: str) -> Changes:
    """更正考核: a correction is kept as such, with the old score and the reason."""
    row = store.get("monthly_assessments", assessment_id)
    new_score = parse_score(score, "更正后的分数")
    text = validate.text(reason, "更正原因", max_len=500, field="reason")
    if new_score == row["score"]:
        raise DomainError("更正后的分数与原分数相同。", field="score")
    grade = grade_for(new_score, store.settings()).value
    update = {"score": new_score, "grade": grade, "corrected": 1}
    with store.transaction():
        store.insert("assessment_corrections", {
            "uid": new_uid(), "assessment_id": assessment_id, "old_score": row["score"], "new_score": new_score,
            "reason": text, "corrected_on": store.today().isoformat(),
        })
        store.update("monthly_assessments", assessment_id, update)
        store.audit(AuditAction.CORRECT_ASSESSMENT, "monthly_assessments", assessment_id, row, {**update, "reason": text})
    return Changes(AuditAction.CORRECT_ASSESSMENT, "monthly_assessments", (assessment_id,),
                   f"考核分数已由{row['score']:g}更正为{new_score:g}。", frozenset({"monthly_assessments"}))


# -- rectification -----------------------------------------------------------------------------
def _rectification_row(
    store: Store, settings: Settings, post_id: int, member_id: int | None, problem: Problem, opened_on: date
) -> Row:
    deadline = problem.deadline or opened_on + timedelta(days=settings.rectification_days)
    if deadline < opened_on:
        raise DomainError(f"整改期限{deadline.isoformat()}早于发现问题的日期{opened_on.isoformat()}。", field="deadline")
    if (deadline - opened_on).days > 365:
        raise DomainError("整改期限超过一年，请核对。", field="deadline")
    return {
        "uid": new_uid(), "post_id": post_id, "member_id": member_id, "assessment_id": None,
        "category": ProblemCategory(problem.category).value,
        "description": validate.text(problem.description, "问题描述", max_len=1000, field="description"),
        "opened_on": opened_on.isoformat(), "deadline": deadline.isoformat(), "status": "open",
    }


def open_rectification(
    store: Store, *, post_id: int, member_id: int | None, problem: Problem, opened_on: date
) -> Changes:
    post = _post_allowing(store, post_id, Action.RECTIFY)
    if member_id is not None and not store.scalar(
        "SELECT 1 FROM post_members WHERE post_id = ? AND member_id = ? AND left_on IS NULL", [post_id, member_id]
    ):
        raise DomainError(f"该党员不在示范岗“{post['name']}”的在岗名单中。", field="member_id")
    day = validate.day(opened_on, "发现问题日期", today=store.today(), field="opened_on")
    assert day is not None
    row = _rectification_row(store, store.settings(), post_id, member_id, problem, day)
    with store.transaction():
        rect_id = store.insert("rectifications", row)
        store.audit(AuditAction.OPEN_RECTIFICATION, "rectifications", rect_id, None, row)
    return Changes(AuditAction.OPEN_RECTIFICATION, "rectifications", (rect_id,), f"已登记整改事项，期限{row['deadline']}。", frozenset({"rectifications"}))


def close_rectification(store: Store, rectification_id: int, *, closed_on: date, result: str) -> Changes:
    rect = store.get("rectifications", rectification_id)
    if rect["status"] != "open":
        raise DomainError("这项整改已经办结。")
    day = validate.day(closed_on, "办结日期", today=store.today(), field="closed_on")
    assert day is not None
    if day.isoformat() < rect["opened_on"]:
        raise DomainError("办结日期早于发现问题的日期。", field="closed_on")
    update = {"status": "closed", "closed_on": day.isoformat(),
              "result": validate.text(result, "整改结果", max_len=1000, field="result")}
    with store.transaction():
        store.update("rectifications", rectification_id, update)
        store.audit(AuditAction.CLOSE_RECTIFICATION, "rectifications", rectification_id, rect, update)
    late = "（逾期办结）" if day.isoformat() > rect["deadline"] else ""
    return Changes(AuditAction.CLOSE_RECTIFICATION, "rectifications", (rectification_id,), f"整改已办结{late}。", frozenset({"rectifications"}))


# -- satisfaction surveys ---------------------------------------------------------------------
@dataclass(frozen=True)
class SurveyCounts:
    issued: int
    returned: int
    satisfied: int
    basic: int
    unsatisfied: int
    invalid: int


def survey_outcome(counts: SurveyCounts, settings: Settings) -> VoteOutcome:
    return vote_outcome(counts.satisfied, counts.basic, counts.unsatisfied,
                        settings.survey_low_threshold, settings.survey_counts_basic)


def record_survey(store: Store, *, post_id: int, held_on: date, counts: SurveyCounts, notes: str = "") -> Changes:
    """群众满意度测评: the rate is computed; below the warning line the post is flagged."""
    post = _post_allowing(store, post_id, Action.SURVEY)
    day = validate.day(held_on, "测评日期", today=store.today(), field="held_on")
    assert day is not None
    if day.isoformat() < post["confirmed_on"]:
        raise DomainError(f"测评日期早于该岗位的上岗日期{post['confirmed_on']}。", field="held_on")
    for value, label in ((counts.issued, "发放问卷数"), (counts.returned, "收回问卷数"), (counts.satisfied, "满意"),
                         (counts.basic, "基本满意"), (counts.unsatisfied, "不满意"), (counts.invalid, "无效")):
        validate.count(value, label)
    if counts.returned > counts.issued:
        raise DomainError(f"收回问卷{counts.returned}份超过了发放的{counts.issued}份。", field="returned")
    total = counts.satisfied + counts.basic + counts.unsatisfied + counts.invalid
    if total != counts.returned:
        raise DomainError(f"满意、基本满意、不满意、无效合计{total}份，应等于收回问卷{counts.returned}份。", field="counts")
    settings = store.settings()
    outcome = survey_outcome(counts, settings)
    if outcome.valid == 0:
        raise DomainError("没有有效问卷，无法计算满意率。", field="counts")
    low = not outcome.passed
    row = {
        "uid": new_uid(), "post_id": post_id, "held_on": day.isoformat(), "issued": counts.issued,
        "returned": counts.returned, "satisfied": counts.satisfied, "basic": counts.basic,
        "unsatisfied": counts.unsatisfied, "invalid": counts.invalid, "rate": float(outcome.rate),
        "threshold_percent": settings.survey_low_threshold_percent, "low": int(low),
        "notes": validate.text(notes, "备注", required=False, max_len=500),
    }
    with store.transaction():
        survey_id = store.insert("surveys", row)
        store.audit(AuditAction.RECORD_SURVEY, "surveys", survey_id, None, row)
    message = f"“{post['name']}”满意率{outcome.percent_text}"
    message += f"，低于{settings.survey_low_threshold_percent}%预警线，请督促整改。" if low else "。"
    return Changes(AuditAction.RECORD_SURVEY, "surveys", (survey_id,), message, frozenset({"surveys"}))


# -- five reviews ------------------------------------------------------------------------------
# 民主评议党员的惯例（见 DOMAIN.md）：优秀一般不超过三分之一。只提醒，不阻止保存。
EXCELLENT_SHARE_LIMIT = Fraction(1, 3)


def five_review_total(scores: Mapping[ReviewPart, float], weights: Mapping[str, int]) -> Decimal:
    total = sum((Decimal(str(scores[part])) * weights[part.value] for part in ReviewPart), Decimal(0)) / 100
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _review_scores(scores: Mapping[ReviewPart, float | str | None]) -> dict[ReviewPart, float]:
    """All five scores present (a missing one is named next to its field) and each 0–100."""
    missing = [p for p in ReviewPart if scores.get(p) is None or str(scores.get(p)).strip() == ""]
    if missing:
        raise DomainError("请填写" + "、".join(p.label for p in missing) + "的分数。", field=f"score_{missing[0].value}")
    clean: dict[ReviewPart, float] = {}
    for p in ReviewPart:
        value = scores[p]
        assert value is not None
        clean[p] = parse_score(value, p.label, field=f"score_{p.value}")
    return clean


@dataclass(frozen=True)
class ExcellentShare:
    """How many of a year's five reviews are 优秀, against everyone reviewed or still to be reviewed."""

    year: int
    reviewed: int
    excellent: int
    still_to_review: int

    @property
    def base(self) -> int:
        return self.reviewed + self.still_to_review

    @property
    def exceeded(self) -> bool:
        return self.base > 0 and Fraction(self.excellent, self.base) > EXCELLENT_SHARE_LIMIT

    @property
    def warning(self) -> str | None:
        if not self.exceeded:
            return None
        percent = f"{Decimal(self.excellent * 100) / self.base:.1f}%"
        still = f"（已录入{self.reviewed}人，尚未录入{self.still_to_review}人）" if self.still_to_review else ""
        return (f"{self.year}年度五评优秀{self.excellent}人，占应评{self.base}人{still}的{percent}，超过三分之一"
                "（民主评议惯例：优秀一般不超过三分之一），请核对评定是否从严。")


    @property
    def short_warning(self) -> str:
        """For the status bar after a save (the page shows the full sentence)."""
        return f"注意：{self.year}年度优秀{self.excellent}人，已超过应评{self.base}人的三分之一。" if self.exceeded else ""


def excellent_share(store: Store, year: int) -> ExcellentShare:
    """优秀 share of a year's five reviews. People serving now who could still be reviewed for the
    year count in the base, so entering reviews one by one does not warn before the share is certain."""
    reviewed, excellent = store.db.execute(
        "SELECT count(*), coalesce(sum(grade = ?), 0) FROM five_reviews WHERE year = ?", [Grade.EXCELLENT.value, year]
    ).fetchone()
    still = 0
    if year <= store.today().year:
        reviewable, stages = stage_in("p.stage", stages_allowing(Action.REVIEW))
        still = store.scalar(
            "SELECT count(*) FROM post_members pm JOIN posts p ON p.id = pm.post_id WHERE pm.left_on IS NULL "
            f"AND {reviewable} AND substr(p.confirmed_on, 1, 4) <= ? AND NOT EXISTS (SELECT 1 FROM five_reviews f "
            "WHERE f.post_id = pm.post_id AND f.member_id = pm.member_id AND f.year = ?)", [*stages, str(year), year]) or 0
    return ExcellentShare(year, int(reviewed), int(excellent), int(still))


def review_weights(review: Row, settings: Settings) -> dict[str, int]:
    """The weights a saved review was made with (a correction keeps them), else those in force."""
    try:
        weights = {str(k): int(v) for k, v in json.loads(review["weights"]).items()}
    except (TypeError, ValueError, AttributeError):
        weights = {}
    return weights if set(weights) == {p.value for p in ReviewPart} else dict(settings.five_review_weights)


def record_five_review(
    store: Store, *, post_id: int, member_id: int, year: int, scores: Mapping[ReviewPart, float | None],
    reviewed_on: date,
) -> Changes:
    """五评: self, peer, public, leader and organization scores → weighted total and grade."""
    post = _post_allowing(store, post_id, Action.REVIEW)
    clean = _review_scores(scores)
    day = validate.day(reviewed_on, "评议日期", today=store.today(), field="reviewed_on")
    assert day is not None
    if not int(post["confirmed_on"][:4]) <= year <= day.year:
        raise DomainError(f"评议年度{year}不合理：该岗位{post['confirmed_on'][:4]}年上岗。", field="year")
    pm = store.rows("SELECT name_snapshot FROM post_members WHERE post_id = ? AND member_id = ? AND left_on IS NULL",
                    [post_id, member_id])
    if not pm:
        raise DomainError("该党员不在这个示范岗的在岗名单中。")
    if store.scalar("SELECT id FROM five_reviews WHERE post_id = ? AND member_id = ? AND year = ?", [post_id, member_id, year]):
        raise DomainError(f"{pm[0]['name_snapshot']}{year}年度的五评已经录入；如需修改，请在五评表中选中该记录，点“更正五评”。")
    settings = store.settings()
    weights = dict(settings.five_review_weights)
    total = five_review_total(clean, weights)
    grade = grade_for(float(total), settings)
    row = {
        "uid": new_uid(), "post_id": post_id, "member_id": member_id, "year": year,
        **{f"score_{p.value}": clean[p] for p in ReviewPart},
        "weights": json.dumps(weights, sort_keys=True), "total": float(total), "grade": grade.value,
        "reviewed_on": day.isoformat(),
    }
    with store.transaction():
        review_id = store.insert("five_reviews", row)
        store.audit(AuditAction.RECORD_FIVE_REVIEW, "five_reviews", review_id, None, row)
    message = f"{pm[0]['name_snapshot']}五评总分{total}，等次：{grade.label}。"
    if grade is Grade.UNQUALIFIED:
        message += "低于合格标准，应及时调整，收回岗牌。"
    if grade is Grade.EXCELLENT:
        message += excellent_share(store, year).short_warning
    return Changes(AuditAction.RECORD_FIVE_REVIEW, "five_reviews", (review_id,), message, frozenset({"five_reviews"}))


def correct_five_review(
    store: Store, review_id: int, *, scores: Mapping[ReviewPart, float | None], reason: str
) -> Changes:
    """更正五评: new scores for a saved review, with a reason; the total is recomputed with the weights
    the review was made with and the grade with the current grade lines. The old values stay in the
    audit log."""
    row = store.get("five_reviews", review_id)
    clean = _review_scores(scores)
    text = validate.text(reason, "更正原因", max_len=500, field="reason")
    if all(clean[p] == row[f"score_{p.value}"] for p in ReviewPart):
        raise DomainError("更正后的五项分数与原分数相同。", field=f"score_{next(iter(ReviewPart)).value}")
    settings = store.settings()
    total = five_review_total(clean, review_weights(row, settings))
    grade = grade_for(float(total), settings)
    update = {**{f"score_{p.value}": clean[p] for p in ReviewPart}, "total": float(total), "grade": grade.value}
    with store.transaction():
        store.update("five_reviews", review_id, update)
        store.audit(AuditAction.CORRECT_FIVE_REVIEW, "five_reviews", review_id, row, {**update, "reason": text})
    name = store.scalar(
        "SELECT coalesce((SELECT name_snapshot FROM post_members WHERE post_id = ? AND member_id = ? ORDER BY id DESC "
        "LIMIT 1), (SELECT name FROM members WHERE id = ?))", [row["post_id"], row["member_id"], row["member_id"]]) or ""
    message = (f"{name}{row['year']}年度五评已更正：总分{row['total']:g}→{total}，"
               f"等次：{Grade(row['grade']).label}→{grade.label}。")
    if grade is Grade.UNQUALIFIED:
        message += "低于合格标准，应及时调整，收回岗牌。"
    if grade is Grade.EXCELLENT:
        message += excellent_share(store, row["year"]).short_warning
    return Changes(AuditAction.CORRECT_FIVE_REVIEW, "five_reviews", (review_id,), message, frozenset({"five_reviews"}))


# -- highlights --------------------------------------------------------------------------------
def add_highlight(
    store: Store, *, kind: HighlightKind, title: str, body: str, published_on: date, channel: str = "",
    post_id: int | None = None, member_id: int | None = None, photo: bytes | None = None,
) -> Changes:
    """宣传典型: an exemplary case or a good practice to promote."""
    if post_id is not None:
        store.get("posts", post_id)
    if member_id is not None:
        store.get("members", member_id)
    if photo is not None and not photo.startswith(b"\xff\xd8"):
        raise DomainError("照片须为JPEG格式。", field="photo")
    day = validate.day(published_on, "宣传日期", today=store.today(), field="published_on")
    clean_title = validate.text(title, "标题", max_len=80, field="title")
    row = {
        "uid": new_uid(), "kind": HighlightKind(kind).value,
        "title": clean_title,
        "post_id": post_id, "member_id": member_id,
        "body": validate.text(body, "内容", max_len=20000, field="body"),
        "channel": validate.text(channel, "宣传途径", required=False, max_len=100),
        "published_on": day.isoformat() if day else "", "photo": photo,
    }
    with store.transaction():
        highlight_id = store.insert("highlights", row)
        store.audit(AuditAction.ADD_HIGHLIGHT, "highlights", highlight_id, None, row)
    return Changes(AuditAction.ADD_HIGHLIGHT, "highlights", (highlight_id,), f"已收录“{clean_title}”。", frozenset({"highlights"}))
