"""Working-day arithmetic for 公示期.

The State Council calendar comes from ``chinesecalendar`` (public holidays off, make-up working
weekends on). For years it does not know, the fallback is weekends off plus the office's own list
of holidays and make-up working days; every result says which calendar it used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

OFFICIAL = "official"
FALLBACK = "fallback"
OVERRIDE = "override"

# Statutory holidays on fixed Gregorian dates (全国年节及纪念日放假办法): 元旦, 劳动节, 国庆节.
# The lunar holidays and make-up working days of an unknown year come from the office's list.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})

CALENDAR_LABELS = {
    OFFICIAL: "国务院办公厅节假日安排",
    FALLBACK: "周末及元旦、劳动节、国庆节法定日期休息（该年度尚无国务院节假日安排数据，春节等节日和调休上班日请在设置中补充）",
    OVERRIDE: "本单位设置的节假日/调休上班日",
}


@dataclass(frozen=True)
class WorkCalendar:
    """Official calendar plus the office's overrides (which win over everything)."""

    extra_holidays: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_lists(cls, holidays: Iterable[str], workdays: Iterable[str]) -> WorkCalendar:
        return cls(
            frozenset(date.fromisoformat(d) for d in holidays),
            frozenset(date.fromisoformat(d) for d in workdays),
        )

    def classify(self, day: date) -> tuple[bool, str]:
        """Whether ``day`` is a working day, and the source of that answer."""
        if day in self.extra_holidays:
            return False, OVERRIDE
        if day in self.extra_workdays:
            return True, OVERRIDE
        try:
            return bool(chinese_calendar.is_workday(day)), OFFICIAL
        except NotImplementedError:
            fixed_holiday = (day.month, day.day) in FIXED_HOLIDAYS
            return day.weekday() < 5 and not fixed_holiday, FALLBACK

    def is_workday(self, day: date) -> bool:
        return self.classify(day)[0]


# Chinese New Year always falls between 21 January and 20 February.
SPRING_FESTIVAL_WINDOW = ((1, 21), (2, 20))


@dataclass(frozen=True)
class PeriodEnd:
    start: date
    end: date
    working_days: int
    sources: frozenset[str]
    fallback_days: frozenset[date] = frozenset()

    @property
    def calendar_note(self) -> str:
        """Chinese description of the calendars the computation relied on."""
        order = (OFFICIAL, OVERRIDE, FALLBACK)
        return "；".join(CALENDAR_LABELS[s] for s in order if s in self.sources)

    @property
    def used_fallback(self) -> bool:
        return FALLBACK in self.sources

    @property
    def fallback_warning(self) -> str:
        """What the clerk should know when days without official data were counted ("" if none)."""
        if not self.used_fallback:
            return ""
        return "注意：该期间有日期尚无国务院节假日安排数据，按周末和元旦、劳动节、国庆节休息计算。" + self.spring_festival_warning

    @property
    def spring_festival_warning(self) -> str:
        """Days without official data between 21 January and 20 February may be Spring Festival."""
        (m1, d1), (m2, d2) = SPRING_FESTIVAL_WINDOW
        if any((m1, d1) <= (day.month, day.day) <= (m2, d2) for day in self.fallback_days):
            return "该期间可能包含春节假期，请先在“设置”中补充当年春节放假和调休上班日期，再确定公示期。"
        return ""


def add_working_days(calendar: WorkCalendar, start: date, working_days: int) -> PeriodEnd:
    """The date of the ``working_days``-th working day counting ``start`` itself as day one.

    A start on a non-working day counts from the next working day.
    """
    if working_days < 1:
        raise ValueError("working_days must be positive")
    sources: set[str] = set()
    fallback: set[date] = set()
    day = start
    counted = 0
    while True:
        is_work, source = calendar.classify(day)
        sources.add(source)
        if source == FALLBACK:
            fallback.add(day)
        if is_work:
            counted += 1
            if counted == working_days:
                return PeriodEnd(start, day, working_days, frozenset(sources), frozenset(fallback))
        day += timedelta(days=1)


def count_working_days(calendar: WorkCalendar, start: date, end: date) -> int:
    """Working days in the closed interval [start, end]."""
    total = 0
    day = start
    while day <= end:
        if calendar.is_workday(day):
            total += 1
        day += timedelta(days=1)
    return total
