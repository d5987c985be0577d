"""The campaign's settings: thresholds, weights, publicity length, calendar overrides.

Stored as JSON on the organization row; validated here so a bad value never reaches the rules.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from fractions import Fraction
from typing import Any

from core.enums import ReviewPart
from core.errors import DomainError
from core.workdays import WorkCalendar

DEFAULT_WEIGHTS: dict[str, int] = {
    ReviewPart.SELF.value: 10,
    ReviewPart.PEER.value: 20,
    ReviewPart.PUBLIC.value: 30,
    ReviewPart.LEADER.value: 20,
    ReviewPart.ORGANIZATION.value: 20,
}

# 岗前测评: the seeds require satisfied votes of 80% or more (以上 includes 80%). An office may set a
# stricter line, never a lower one.
SEED_PASS_PERCENT = 80


@dataclass(frozen=True)
class Settings:
    pass_threshold_percent: str = "80"
    basic_counts_as_satisfied: bool = False
    publicity_working_days: int = 5
    survey_low_threshold_percent: str = "80"
    survey_counts_basic: bool = True
    grade_excellent: int = 90
    grade_qualified: int = 80
    grade_basic: int = 70
    five_review_weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    rectification_days: int = 30
    survey_interval_days: int = 120
    extra_holidays: tuple[str, ...] = ()
    extra_workdays: tuple[str, ...] = ()
    publicity_channel: str = "单位公示栏"
    objection_contact: str = ""
    # A pass line below the seeds' 80% that an older version let the office store: it is not used
    # (``from_json`` loads 80 instead) and is kept only so the settings page can say what happened.
    # Not an init field, so ``replace`` never carries it into settings typed on the page.
    stored_pass_threshold_percent: str = field(default="", init=False, compare=False, repr=False)

    @property
    def pass_threshold(self) -> Fraction:
        """The line every evaluation is judged by: never below the seeds' 80%."""
        return max(Fraction(self.pass_threshold_percent) / 100, Fraction(SEED_PASS_PERCENT, 100))

    @property
    def survey_low_threshold(self) -> Fraction:
        return Fraction(self.survey_low_threshold_percent) / 100

    def calendar(self) -> WorkCalendar:
        return WorkCalendar.from_lists(self.extra_holidays, self.extra_workdays)

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("stored_pass_threshold_percent", None)
        data["extra_holidays"] = list(self.extra_holidays)
        data["extra_workdays"] = list(self.extra_workdays)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Settings:
        raw: dict[str, Any] = json.loads(text) if text else {}
        known = {f.name for f in fields(cls) if f.init}
        values = {k: v for k, v in raw.items() if k in known}
        for key in ("extra_holidays", "extra_workdays"):
            if key in values:
                values[key] = tuple(values[key])
        stored = values.get("pass_threshold_percent")
        lowered = stored is not None and _below_seed_line(stored)
        if lowered:
            # An older version accepted a lower line (e.g. 70). From now on the seeds' 80% applies;
            # evaluations already recorded keep the line and outcome they were recorded with.
            values["pass_threshold_percent"] = str(SEED_PASS_PERCENT)
        settings = cls(**values)
        if lowered:
            object.__setattr__(settings, "stored_pass_threshold_percent", str(stored))
        return settings

    def validated(self) -> Settings:
        """Return self when every value is sensible, else raise a DomainError in Chinese."""
        if _percent(self.pass_threshold_percent, "岗前测评通过线", "pass_threshold_percent") < SEED_PASS_PERCENT:
            raise DomainError(
                f"岗前测评通过线不能低于创建方案规定的{SEED_PASS_PERCENT}%（满意票达到{SEED_PASS_PERCENT}%以上方可通过），"
                f"只能提高，例如85或90；现在填的是{self.pass_threshold_percent}%。",
                field="pass_threshold_percent",
            )
        _percent(self.survey_low_threshold_percent, "满意度预警线", "survey_low_threshold_percent")
        if not 1 <= self.publicity_working_days <= 30:
            raise DomainError("公示期应为1至30个工作日。", field="publicity_working_days")
        if not 0 < self.grade_basic < self.grade_qualified < self.grade_excellent <= 100:
            raise DomainError(
                "等次分数线应满足：0 < 基本合格线 < 合格线 < 优秀线 ≤ 100。", field="grade_excellent"
            )
        if set(self.five_review_weights) != set(DEFAULT_WEIGHTS):
            raise DomainError("五评权重必须包含个人自评、党员互评、群众测评、领导点评、组织考评五项。",
                              field="five_review_weights")
        if any(not isinstance(w, int) or w < 0 for w in self.five_review_weights.values()):
            raise DomainError("五评权重必须是不小于0的整数百分比。", field="five_review_weights")
        total = sum(self.five_review_weights.values())
        if total != 100:
            raise DomainError(
                f"五评权重合计应为100%，现在是{total}%。", field="five_review_weights"
            )
        if not 1 <= self.rectification_days <= 365:
            raise DomainError("整改期限应为1至365天。", field="rectification_days")
        if not 7 <= self.survey_interval_days <= 366:
            raise DomainError("满意度测评周期应为7至366天。", field="survey_interval_days")
        days: dict[str, tuple[str, ...]] = {}
        for key, label in (("extra_holidays", "节假日"), ("extra_workdays", "调休上班日")):
            found = set()
            for text in getattr(self, key):
                try:
                    found.add(date.fromisoformat(str(text).strip()).isoformat())  # 20270210 → 2027-02-10
                except ValueError:
                    raise DomainError(f"{label}“{text}”不是有效日期（格式：2027-02-10）。", field=key) from None
            days[key] = tuple(sorted(found))
        overlap = set(days["extra_holidays"]) & set(days["extra_workdays"])
        if overlap:
            raise DomainError(f"{'、'.join(sorted(overlap))}不能同时设为节假日和调休上班日。", field="extra_workdays")
        if days["extra_holidays"] != tuple(self.extra_holidays) or days["extra_workdays"] != tuple(self.extra_workdays):
            return replace(self, extra_holidays=days["extra_holidays"], extra_workdays=days["extra_workdays"])
        return self


def _below_seed_line(text: object) -> bool:
    """A stored pass line lower than the seeds' 80% (a fraction such as 0.7 or 0.8 counts as below)."""
    try:
        return Fraction(str(text).strip().rstrip("%")) < SEED_PASS_PERCENT
    except (TypeError, ValueError, ZeroDivisionError):
        return False  # not a number: left for ``validated`` to name


def _percent(text: str, label: str, field: str) -> Fraction:
    try:
        value = Fraction(text)
    except (TypeError, ValueError, ZeroDivisionError):
        raise DomainError(f"{label}“{text}”不是数字，请填写如“80”或“85.5”这样的百分数。", field=field) from None
    if 0 < value < 1:
        raise DomainError(f"{label}请按百分数填写，例如“80”表示80%；“{text}”会被当作{text}%。", field=field)
    if not 0 < value <= 100:
        raise DomainError(f"{label}应在0到100之间（百分比）。", field=field)
    return value
