"""The rules a party member's entry in the roster must satisfy, checked in one place.

``check_member`` is the one check: the member form (``org.add_member``, ``org.update_member``)
and the roster import (``roster.check_rows``, which the demo data also goes through) call it.
It finds every problem, each naming its field with a Chinese reason: the form shows the first
next to its field, the import lists them all against the row and column of the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Protocol, TypeVar

from core import validate
from core.enums import Education, MemberCategory, PostStage, Sex, Standing
from core.errors import DomainError
from core.idcard import IdInfo, check_consistency, parse_id_number
from core.member_search import pinyin_keys
from core.store import Row

_E = TypeVar("_E", bound=Enum)

MAX_PROBATION_YEARS = 2  # one year, extended by at most one more
MIN_JOIN_AGE = 18

# The free texts of a member: field, label, longest length (the phone has its own check).
_FREE_TEXTS = (("ethnicity", "民族", 20), ("position", "工作岗位", 60), ("phone", "联系电话", 0), ("notes", "备注", 500))


@dataclass(frozen=True)
class MemberInput:
    """What a clerk types (or a roster row gives) for one party member."""

    name: str
    id_number: str
    unit_id: int
    category: MemberCategory = MemberCategory.FULL
    sex: Sex | None = None
    birth_date: date | None = None
    ethnicity: str = "汉族"
    education: Education | None = None
    join_date: date | None = None
    full_date: date | None = None
    standing: Standing = Standing.NORMAL
    position: str = ""
    phone: str = ""
    notes: str = ""


@dataclass(frozen=True)
class MemberProblem:
    field: str  # a MemberInput field; "unit" for the unit a roster row names
    reason: str  # Chinese, as the import lists it

    def error(self) -> DomainError:
        """The refusal the form shows next to the field, as a full sentence."""
        return DomainError(self.reason if self.reason.endswith("。") else self.reason + "。", field=self.field)


@dataclass(slots=True)
class CheckedMember:
    """What ``check_member`` found: the member's values to write, or the problems."""

    values: Row | None  # every column of ``members`` but unit_id and the timestamps; None with problems
    problems: list[MemberProblem]
    id_number: str | None  # the ID number as read (normalized), None when it could not be read
    name: str | None  # the name as checked, None when it is not acceptable
    member_id: int | None  # the registered member the entry is saved to, None for a new one


class Registered(Protocol):
    """What the check needs to know of the members already registered (looked up one at a time for
    the form, all at once for an import)."""

    def holder(self, id_number: str) -> tuple[int, str] | None:
        """The id and name of the member registered with this ID number."""

    def serving(self, member_id: int) -> Sequence[Row]:
        """The posts the member is on now (``org.serving_posts``)."""


def check_member(
    data: MemberInput,
    registered: Registered,
    *,
    today: date,
    member_id: int | None = None,
    match_by_id: bool = False,
    unreadable: Mapping[str, str] | None = None,
) -> CheckedMember:
    """Check one member against every rule; the problems come in the order of the fields.

    The form saves the entry as ``member_id`` (None: a new member) and refuses an ID number that
    another member has. An import (``match_by_id``) saves it to whoever has its ID number.
    ``unreadable`` gives the reason for each field whose roster cell could not be read: it is
    reported in the field's place and the rules that need that field are left out. ``unit_id``
    is not checked here: the form chooses an existing unit, a roster names its unit.
    """
    problems: list[MemberProblem] = []
    cells = unreadable or {}

    def note(field: str, reason: str) -> None:
        problems.append(MemberProblem(field, reason))

    def unread(field: str) -> bool:
        """Whether the field's roster cell could not be read; the reason is noted in the field's place.
        (Called as ``cells and unread(...)``: most rows have every cell read.)"""
        reason = cells.get(field)
        if reason is not None:
            note(field, reason)
        return reason is not None

    name: str | None = None
    if not (cells and unread("name")):
        try:
            name = validate.name(data.name)
        except DomainError as error:
            note("name", error.message)
    info: IdInfo | None = None
    if not (cells and unread("id_number")):
        try:
            info = parse_id_number(data.id_number, today=today)
        except DomainError as error:
            note("id_number", error.message)
    if info is not None:
        underage = underage_problem(info.birth_date, today)
        if underage:
            note("id_number", underage)
    if cells:
        unread("sex")
        unread("birth_date")
    if info is not None and (data.birth_date is not None or data.sex is not None):
        try:
            check_consistency(info, data.birth_date, data.sex)
        except DomainError as error:
            note("sex" if error.field == "sex" else "birth_date", error.message)
            if error.field != "sex" and data.sex is not None:
                try:
                    check_consistency(info, None, data.sex)
                except DomainError as sex_error:
                    note("sex", sex_error.message)
    holder = registered.holder(info.number) if info is not None else None
    if match_by_id:
        member_id = holder[0] if holder is not None else None
    elif info is not None and holder is not None and holder[0] != member_id:
        note("id_number", f"身份证号{info.number}已登记在党员“{holder[1]}”名下，不能重复登记。")
    if cells:
        unread("unit")
    category = None if cells and unread("category") else _enum(MemberCategory, data.category)
    if cells:
        unread("standing")
        unread("education")
    standing = _enum(Standing, data.standing)
    education = _enum(Education, data.education).value if data.education else ""
    dates: dict[str, date | None] = {}
    for key, label in (("join_date", "入党时间"), ("full_date", "转正时间")):
        day: date | None = None if cells and unread(key) else getattr(data, key)
        problem = date_problem(day, label, today) if day is not None else None
        if problem:
            note(key, problem)
        dates[key] = None if problem else day
    join, full = dates["join_date"], dates["full_date"]
    birth = info.birth_date if info is not None else data.birth_date
    if join is not None and birth is not None:
        if join <= birth:
            note("join_date", "入党时间早于出生日期，请核对")
        elif validate.age_on(birth, join) < MIN_JOIN_AGE:
            note("join_date", f"入党时间{join.isoformat()}时未满{MIN_JOIN_AGE}周岁，请核对入党时间或身份证号")
    if full is not None:
        if category is MemberCategory.PROBATIONARY:
            note("full_date", "预备党员不应有转正时间；已转正的请把党员类别改为正式党员")
        elif join is not None and full <= join:
            note("full_date", "转正时间应晚于入党时间")
    if category is not None:
        overdue = probation_problem(category, join, today)
        if overdue:
            note("category", overdue)
    texts: dict[str, str] = {}
    for key, label, max_len in _FREE_TEXTS:
        texts[key] = ""
        if not (cells and unread(key)):
            value = getattr(data, key)
            try:
                texts[key] = validate.phone(value) if key == "phone" else validate.text(value, label, required=False, max_len=max_len)
            except DomainError as error:
                note(key, error.message)
    if member_id is not None:
        # An import names the registered member it matched; the form, the name as typed.
        who = holder[1] if match_by_id and holder is not None else name or ""
        conflict = serving_conflict(registered.serving(member_id), who, standing, category or MemberCategory.FULL)
        if conflict:
            note("standing" if standing is not Standing.NORMAL else "category", conflict.removesuffix("。"))
    number = info.number if info is not None else None
    if problems or info is None or name is None or category is None:
        return CheckedMember(None, problems, number, name, member_id)
    pinyin, initials = pinyin_keys(name)
    values: Row = {
        "name": name,
        "sex": info.sex.value,
        "ethnicity": texts["ethnicity"],
        "birth_date": info.birth_date.isoformat(),
        "id_number": info.number,
        "education": education,
        "category": category.value,
        "join_date": join.isoformat() if join else None,
        "full_date": full.isoformat() if full else None,
        "standing": standing.value,
        "position": texts["position"],
        "phone": texts["phone"],
        "notes": texts["notes"],
        "pinyin": pinyin,
        "initials": initials,
    }
    return CheckedMember(values, problems, number, name, member_id)


def _enum(kind: type[_E], value: _E | str) -> _E:
    """``value`` as a member of ``kind`` (a caller may give the stored text); cheap for a member."""
    return value if type(value) is kind else kind(value)


def date_problem(day: date, label: str, today: date) -> str | None:
    """Why a date of a member's record cannot be right (before 1900 or after today), if it cannot."""
    if day.year < 1900:
        return f"{label}{day.isoformat()}不合理"
    if day > today:
        return f"{label}{day.isoformat()}晚于今天（{today.isoformat()}），请核对"
    return None


def underage_problem(birth: date, today: date) -> str | None:
    """Only people of at least 18 can be party members (党章), whether or not a join date is given."""
    if validate.age_on(birth, today) < MIN_JOIN_AGE:
        return (f"按身份证号，此人出生于{birth.isoformat()}，现在未满{MIN_JOIN_AGE}周岁，不能登记为党员；"
                "请核对身份证号")
    return None


def probation_problem(category: MemberCategory, join: date | None, today: date) -> str | None:
    """预备期为一年，最多延长一年 (党章): a member who joined more than two years ago cannot still be
    probationary — the category or the join date is wrong."""
    if category is MemberCategory.PROBATIONARY and join is not None and validate.age_on(join, today) >= MAX_PROBATION_YEARS:
        return (f"入党时间为{join.isoformat()}，预备期（一年，最多延长一年）早已届满，不应仍是预备党员；"
                "已转正的请把党员类别改为正式党员并填写转正时间，否则请核对入党时间")
    return None


def serving_conflict(posts: Sequence[Row], name: str, standing: Standing, category: MemberCategory) -> str | None:
    """Why a roster change may not be saved while the member serves (None when it may).

    Only members in normal standing serve on a post, and a collective post's person in charge is a
    full member: such a change must go through an adjustment (调整) of the post first.
    """
    if not posts:
        return None
    if standing is not Standing.NORMAL:
        post = posts[0]
        return (f"{name}正在示范岗“{post['name']}”（{PostStage(post['stage']).label}）上，党籍状态不能直接改为"
                f"“{standing.label}”：请先在示范岗中调整人员或撤岗，再修改。")
    leading = [p for p in posts if p["kind"] == "collective" and p["role"] == "leader"]
    if category is MemberCategory.PROBATIONARY and leading:
        return (f"{name}是集体示范岗“{leading[0]['name']}”的负责人，负责人应为正式党员，"
                "不能改为预备党员：请先更换负责人。")
    return None
