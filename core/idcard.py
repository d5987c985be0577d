"""Citizen ID numbers (GB 11643-1999): check digit, birth date and sex."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from core.enums import Sex
from core.errors import DomainError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(ch) * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    sex: Sex


def normalize(number: str) -> str:
    """Full-width digits and letters to ASCII (NFKC), upper-case x, drop spaces (full-width too)."""
    return unicodedata.normalize("NFKC", number).strip().replace(" ", "").upper()


def parse_id_number(number: str, *, today: date | None = None) -> IdInfo:
    """Validate an 18-character ID number and return the birth date and sex it encodes."""
    value = normalize(number)
    if len(value) != 18:
        raise DomainError(f"身份证号“{number}”应为18位，实际为{len(value)}位。", field="id_number")
    if not _SHAPE.match(value):
        raise DomainError(
            f"身份证号“{number}”格式不对：前17位须为数字，最后一位为数字或X。", field="id_number"
        )
    expected = check_digit(value[:17])
    if value[17] != expected:
        raise DomainError(
            f"身份证号“{number}”校验位错误（应为{expected}），请核对是否录错。", field="id_number"
        )
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise DomainError(
            f"身份证号“{number}”中的出生日期{value[6:14]}不存在。", field="id_number"
        ) from None
    limit = today or date.today()
    if birth > limit or birth.year < 1900:
        raise DomainError(
            f"身份证号“{number}”中的出生日期{birth.isoformat()}不合理。", field="id_number"
        )
    sex = Sex.MALE if int(value[16]) % 2 == 1 else Sex.FEMALE
    return IdInfo(value, birth, sex)


def check_consistency(info: IdInfo, birth_date: date | None, sex: Sex | None) -> None:
    """Refuse a roster entry whose birth date or sex disagrees with its ID number."""
    if birth_date is not None:
        same_month = (birth_date.year, birth_date.month) == (
            info.birth_date.year,
            info.birth_date.month,
        )
        # Rosters often give only 出生年月: a first-of-month date matches on year and month.
        if birth_date != info.birth_date and not (same_month and birth_date.day == 1):
            raise DomainError(
                f"出生日期{birth_date.isoformat()}与身份证号中的"
                f"{info.birth_date.isoformat()}不一致。",
                field="birth_date",
            )
    if sex is not None and sex is not info.sex:
        raise DomainError(
            f"性别“{sex.label}”与身份证号（{info.sex.label}）不一致。", field="sex"
        )


def make_id_number(region: str, birth: date, sequence: int, sex: Sex) -> str:
    """Build a valid ID number (used by the demo data and tests)."""
    seq = sequence % 1000
    if (seq % 2 == 1) != (sex is Sex.MALE):
        seq = (seq + 1) % 1000
        if (seq % 2 == 1) != (sex is Sex.MALE):
            seq = (seq + 1) % 1000
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)
