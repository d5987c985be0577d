"""Small input checks shared by the actions: dates, texts, phone numbers, scores."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from core.errors import DomainError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8}|12345|\d{3,4}-\d{3,4}-\d{4})$")


def text(value: str | None, label: str, *, required: bool = True, max_len: int = 200, field: str | None = None) -> str:
    """Strip and check a free text: required, length, no control characters."""
    result = (value or "").strip()
    if required and not result:
        raise DomainError(f"请填写{label}。", field=field)
    if len(result) > max_len:
        raise DomainError(f"{label}太长了（{len(result)}字），最多{max_len}字。", field=field)
    if _CONTROL.search(result):
        raise DomainError(f"{label}中含有不可见的控制字符，请重新输入。", field=field)
    return result


def name(value: str | None, label: str = "姓名", *, field: str | None = "name") -> str:
    result = text(value, label, max_len=30, field=field)
    if re.search(r"[0-9<>\\/|@#$%^&*=+\[\]{}]", result):
        raise DomainError(f"{label}“{result}”含有数字或特殊符号，请核对。", field=field)
    return result


def phone(value: str | None, label: str = "联系电话", *, field: str | None = "phone") -> str:
    """A mobile or fixed-line number, written the usual ways: full-width digits, (010)12345678,
    +86 138…, 0086-138… are turned into the plain form before checking."""
    result = unicodedata.normalize("NFKC", value or "").strip().replace(" ", "")
    result = re.sub(r"^(\+86|0086)-?(?=1\d{10}$)", "", result)
    result = re.sub(r"^\((0\d{2,3})\)-?", r"\1-", result)
    if result and not _PHONE.match(result):
        raise DomainError(
            f"{label}“{result}”格式不对：应为11位手机号或带区号的固定电话（如 010-12345678）。",
            field=field,
        )
    return result


def day(value: date | str | None, label: str, *, today: date, required: bool = True,
        allow_future: bool = False, field: str | None = None) -> date | None:
    """Parse an ISO date (or take a date) and refuse impossible or future ones."""
    if value is None or value == "":
        if required:
            raise DomainError(f"请填写{label}。", field=field)
        return None
    if isinstance(value, str):
        try:
            result = date.fromisoformat(value)
        except ValueError:
            raise DomainError(f"{label}“{value}”不是有效日期（格式：2026-03-15）。", field=field) from None
    else:
        result = value
    if result.year < 1900:
        raise DomainError(f"{label}{result.isoformat()}不合理。", field=field)
    if not allow_future and result > today:
        raise DomainError(f"{label}{result.isoformat()}晚于今天（{today.isoformat()}），请核对。", field=field)
    return result


def count(value: int, label: str, *, field: str | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"{label}必须是整数。", field=field)
    if value < 0:
        raise DomainError(f"{label}不能是负数。", field=field)
    if value > 1_000_000:
        raise DomainError(f"{label}{value}太大了，请核对。", field=field)
    return value


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
