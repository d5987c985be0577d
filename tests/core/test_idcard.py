from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.enums import Sex
from core.errors import DomainError
from core.idcard import check_consistency, check_digit, make_id_number, parse_id_number


def test_known_valid_number() -> None:
    # The GB 11643 example number.
    info = parse_id_number("11010519491231002X")
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex is Sex.FEMALE


def test_lowercase_x_and_spaces_are_normalized() -> None:
    assert parse_id_number(" 11010519491231002x ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("1101051949123100", "应为18位"),
        ("11010519491231002A", "格式不对"),
        ("110105194912310021", "校验位错误"),
        ("110105194902300020", "不存在"),
    ],
)
def test_bad_numbers_are_refused_in_chinese(number: str, fragment: str) -> None:
    with pytest.raises(DomainError, match=fragment):
        parse_id_number(number)


def test_future_birth_date_is_refused() -> None:
    number = make_id_number("110105", date(2030, 1, 1), 11, Sex.MALE)
    with pytest.raises(DomainError, match="不合理"):
        parse_id_number(number, today=date(2026, 11, 21))


def test_consistency_with_roster() -> None:
    info = parse_id_number(make_id_number("110105", date(1980, 5, 6), 3, Sex.MALE))
    check_consistency(info, date(1980, 5, 6), Sex.MALE)
    check_consistency(info, date(1980, 5, 1), None)  # 出生年月 only
    with pytest.raises(DomainError, match="出生日期"):
        check_consistency(info, date(1980, 6, 6), None)
    with pytest.raises(DomainError, match="性别"):
        check_consistency(info, None, Sex.FEMALE)


@given(
    birth=st.dates(min_value=date(1920, 1, 1), max_value=date(2008, 12, 31)),
    seq=st.integers(0, 999),
    sex=st.sampled_from(list(Sex)),
)
def test_made_numbers_round_trip(birth: date, seq: int, sex: Sex) -> None:
    number = make_id_number("320102", birth, seq, sex)
    info = parse_id_number(number, today=date(2026, 1, 1))
    assert info.birth_date == birth and info.sex is sex
    assert check_digit(number[:17]) == number[17]


@given(st.text(max_size=30))
def test_garbage_never_crashes(text: str) -> None:
    try:
        parse_id_number(text)
    except DomainError as error:
        assert error.field == "id_number"


def test_full_width_id_numbers_are_the_same_person() -> None:
    """Typed with a Chinese input method in full-width mode: １１０…４４８ is 110…448, not a new person."""
    from datetime import date

    from core.enums import Sex
    from core.idcard import make_id_number, parse_id_number

    number = make_id_number("110105", date(1980, 1, 2), 12, Sex.MALE)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert parse_id_number(full_width).number == number
    with_x = next(make_id_number("110105", date(2008, 12, 1), n, Sex.FEMALE) for n in range(0, 400, 2)
                  if make_id_number("110105", date(2008, 12, 1), n, Sex.FEMALE).endswith("X"))
    assert parse_id_number(with_x[:-1].translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}) + "ｘ").number == with_x


def test_phone_numbers_written_the_usual_ways() -> None:
    from core import validate

    for written, stored in [("(010)12345678", "010-12345678"), ("（010）12345678", "010-12345678"),
                            ("+86 13812345678", "13812345678"), ("0086-13812345678", "13812345678"),
                            ("１３８１２３４５６７８", "13812345678")]:
        assert validate.phone(written) == stored
