from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.workdays import FALLBACK, OFFICIAL, OVERRIDE, WorkCalendar, add_working_days, count_working_days

CAL = WorkCalendar()


def test_national_day_holiday_is_skipped() -> None:
    # 2026: 10月1日–7日 off; the period started on Monday 28 Sep needs the days after the holiday.
    result = add_working_days(CAL, date(2026, 9, 28), 5)
    assert result.end == date(2026, 10, 9)
    assert result.sources == {OFFICIAL}
    assert "国务院" in result.calendar_note


def test_weekend_start_counts_from_monday() -> None:
    result = add_working_days(CAL, date(2026, 11, 21), 5)  # a Saturday
    assert result.end == date(2026, 11, 27)


def test_make_up_working_saturday_counts() -> None:
    # chinesecalendar knows the make-up working days; a weekend it marks as a workday must count.
    saturday_workdays = [d for d in (date(2026, 1, 1) + timedelta(days=i) for i in range(365))
                         if d.weekday() >= 5 and CAL.is_workday(d)]
    assert saturday_workdays, "2026 has make-up working weekend days"
    day = saturday_workdays[0]
    assert add_working_days(CAL, day, 1).end == day


def test_unknown_year_uses_fallback_and_says_so() -> None:
    result = add_working_days(CAL, date(2027, 3, 1), 5)
    assert result.end == date(2027, 3, 5)
    assert result.used_fallback
    assert "春节" in result.calendar_note  # tells the clerk to add the lunar holidays


def test_fallback_knows_fixed_statutory_holidays() -> None:
    # 2027-10-01..03 are statutory holidays by law even without the State Council schedule.
    result = add_working_days(CAL, date(2027, 9, 30), 2)
    assert result.end == date(2027, 10, 4)


def test_period_spanning_new_year_mixes_calendars() -> None:
    result = add_working_days(CAL, date(2026, 12, 28), 5)
    assert result.sources == {OFFICIAL, FALLBACK}
    assert result.end == date(2027, 1, 4)


def test_office_overrides_win() -> None:
    cal = WorkCalendar.from_lists(["2027-02-08", "2027-02-09"], ["2027-02-13"])
    result = add_working_days(cal, date(2027, 2, 8), 3)
    # 8, 9 off (override); 10, 11, 12 work → end 12
    assert result.end == date(2027, 2, 12)
    assert OVERRIDE in result.sources
    assert cal.is_workday(date(2027, 2, 13))


@given(start=st.dates(min_value=date(2005, 1, 1), max_value=date(2028, 12, 1)), n=st.integers(1, 15))
def test_period_has_exactly_n_working_days(start: date, n: int) -> None:
    result = add_working_days(CAL, start, n)
    assert result.end >= start
    assert CAL.is_workday(result.end)
    assert count_working_days(CAL, start, result.end) == n
    # the end is the earliest such day
    assert count_working_days(CAL, start, result.end - timedelta(days=1)) == n - 1


def test_fallback_warning_names_spring_festival_when_it_may_fall_inside() -> None:
    from core.workdays import WorkCalendar, add_working_days

    calendar = WorkCalendar()
    far = 2100  # chinesecalendar has no data for it
    summer = add_working_days(calendar, date(far, 7, 5), 5)
    assert summer.used_fallback and "春节" not in summer.fallback_warning
    assert "元旦、劳动节、国庆节" in summer.fallback_warning
    winter = add_working_days(calendar, date(far, 2, 3), 5)
    assert "可能包含春节" in winter.fallback_warning
    official = add_working_days(calendar, date(2025, 2, 3), 5)
    assert not official.used_fallback and official.fallback_warning == ""


def test_settings_dates_are_normalised_so_one_day_cannot_be_both() -> None:
    import pytest

    from core.errors import DomainError
    from core.settings import Settings

    clean = Settings(extra_holidays=("20270210", "2027-02-11"), extra_workdays=()).validated()
    assert clean.extra_holidays == ("2027-02-10", "2027-02-11")
    with pytest.raises(DomainError, match="2027-02-10不能同时"):
        Settings(extra_holidays=("20270210",), extra_workdays=("2027-02-10",)).validated()
    with pytest.raises(DomainError, match="按百分数填写") as caught:
        Settings(pass_threshold_percent="0.8").validated()
    assert caught.value.field == "pass_threshold_percent"
