"""The one member check: every problem in the order of the fields, the form's sentence from the import's reason."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.enums import MemberCategory, Sex
from core.idcard import make_id_number
from core.member_rules import MemberInput, check_member
from core.store import Row

TODAY = date(2026, 11, 20)
NUMBER = make_id_number("110105", date(1990, 3, 8), 22, Sex.FEMALE)


class Nobody:
    def holder(self, id_number: str) -> tuple[int, str] | None:
        return None

    def serving(self, member_id: int) -> Sequence[Row]:
        return []


def test_every_problem_in_field_order_and_the_form_sentence() -> None:
    data = MemberInput(name="李娜3", id_number=NUMBER, unit_id=1, sex=Sex.MALE, join_date=date(2030, 1, 1),
                       category=MemberCategory.PROBATIONARY, full_date=date(2020, 1, 1), phone="abc")
    checked = check_member(data, Nobody(), today=TODAY)
    assert checked.values is None and checked.id_number == NUMBER and checked.name is None
    assert [p.field for p in checked.problems] == ["name", "sex", "join_date", "full_date", "phone"]
    late = checked.problems[2]
    assert late.reason == "入党时间2030-01-01晚于今天（2026-11-20），请核对"
    error = late.error()
    assert (error.message, error.field) == (late.reason + "。", "join_date")
    assert checked.problems[0].error().message == checked.problems[0].reason  # already a sentence


def test_an_unreadable_cell_is_reported_in_its_place_and_its_rules_left_out() -> None:
    data = MemberInput(name="李娜", id_number=NUMBER, unit_id=1, category=MemberCategory.PROBATIONARY,
                       join_date=date(2010, 1, 1))
    checked = check_member(data, Nobody(), today=TODAY, unreadable={"category": "党员类别“群众”不在可选范围内", "unit": "请填写所在组织。"})
    assert [(p.field, p.reason) for p in checked.problems] == [
        ("unit", "请填写所在组织。"), ("category", "党员类别“群众”不在可选范围内")]  # no 预备期 problem without a category


def test_a_good_member_gives_the_values_to_write() -> None:
    checked = check_member(MemberInput(name=" 张伟强 ", id_number=NUMBER.lower(), unit_id=1), Nobody(), today=TODAY)
    assert not checked.problems and checked.values is not None
    assert (checked.values["name"], checked.values["sex"], checked.values["birth_date"]) == ("张伟强", "female", "1990-03-08")
    assert (checked.values["pinyin"], checked.values["initials"]) == ("zhangweiqiang", "zwq")
