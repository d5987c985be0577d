"""Reading one roster cell: dates written the ways other systems write them, texts, ID numbers kept
as text, and choices from a list (党员类别, 党籍状态, 学历, 性别) with the other systems' words for them.

A cell that cannot be read raises ``CellError`` whose message is the Chinese reason.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from core import validate
from core.enums import Education, MemberCategory, Sex, Standing
from core.member_rules import date_problem


class CellError(ValueError):
    """A cell that cannot be understood; the message is the Chinese reason."""


# The words other systems (and clerks) write for each choice.
CATEGORY_WORDS = {"正式党员": MemberCategory.FULL, "正式": MemberCategory.FULL,
                  "预备党员": MemberCategory.PROBATIONARY, "预备": MemberCategory.PROBATIONARY}
STANDING_WORDS = {
    "正常": Standing.NORMAL, "": Standing.NORMAL,
    "已转出": Standing.TRANSFERRED_OUT, "转出": Standing.TRANSFERRED_OUT, "组织关系已转出": Standing.TRANSFERRED_OUT,
    "已死亡": Standing.DECEASED, "死亡": Standing.DECEASED, "已去世": Standing.DECEASED, "去世": Standing.DECEASED,
    "已停止党籍": Standing.STOPPED, "停止党籍": Standing.STOPPED,
    "已出党": Standing.EXPELLED, "出党": Standing.EXPELLED, "开除党籍": Standing.EXPELLED, "已开除党籍": Standing.EXPELLED,
    "失联": Standing.LOST_CONTACT, "失去联系": Standing.LOST_CONTACT, "已失联": Standing.LOST_CONTACT,
}
_EDUCATION_WORDS = {
    **{e.label: e for e in Education},
    "博士": Education.POSTGRADUATE, "硕士": Education.POSTGRADUATE, "博士研究生": Education.POSTGRADUATE,
    "硕士研究生": Education.POSTGRADUATE, "研究生及以上": Education.POSTGRADUATE,
    "本科": Education.UNIVERSITY, "大学": Education.UNIVERSITY, "大学学历": Education.UNIVERSITY,
    "专科": Education.COLLEGE, "大专": Education.COLLEGE,
    "中专": Education.SECONDARY, "中技": Education.SECONDARY, "技校": Education.SECONDARY, "职高": Education.SECONDARY,
    "中等专科": Education.SECONDARY, "高中": Education.HIGH_SCHOOL, "初中": Education.MIDDLE_SCHOOL,
    "小学": Education.PRIMARY, "小学及以下": Education.PRIMARY, "文盲": Education.PRIMARY,
}
_SEX_WORDS = {"男": Sex.MALE, "男性": Sex.MALE, "女": Sex.FEMALE, "女性": Sex.FEMALE}
_STANDING_ALLOWED = "、".join(s.label for s in Standing)
_EDUCATION_ALLOWED = "、".join(e.label for e in Education)

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def parse_date(value: Any) -> tuple[date | None, bool]:
    """A roster date → (date, month_only). Raises CellError with a Chinese reason."""
    if type(value) is datetime:
        return value.date(), False
    if value is None:
        return None, False
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是日期")
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise CellError("不是日期")
        if 1900 <= number < 2200 and not number.is_integer():
            whole, _, fraction = repr(number).partition(".")
            if fraction == "1":
                raise CellError(f"“{number:g}”含义不明确（是{whole}年1月还是10月？）。请把该列设为文本格式后填写，如{whole}.10")
            if len(fraction) > 2:
                raise CellError(f"“{short(value)}”不是日期")
            return _make_date(whole, fraction, "1", short(value)), True
        if number.is_integer() and 19000101 <= number <= 21991231:
            return parse_date(str(int(number)))
        if number.is_integer() and 190001 <= number <= 219912:
            return parse_date(str(int(number)))
        if 1 <= number < 120000:
            return (_EXCEL_EPOCH + timedelta(days=int(number))).date(), False
        raise CellError(f"“{short(value)}”不是日期")
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    if not text:
        return None, False
    for pattern_index, pattern in enumerate(_DATE_PATTERNS):
        match = pattern.match(text)
        if match:
            parts = match.groups()
            if pattern_index < 2:
                return _make_date(parts[0], parts[1], parts[2], text), False
            return _make_date(parts[0], parts[1], "1", text), True
    raise CellError(f"“{short(text)}”不是可识别的日期（可写作2019-10-24、2019/10/24、2019.10.24、2019年10月24日、2019.10或2019年10月）")


def _make_date(year: str, month: str, day: str, shown: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"日期“{shown}”不存在") from None


def short(value: Any, limit: int = 30) -> str:
    """A cell's content as a reason quotes it: one line, no control characters, at most ``limit`` characters."""
    text = str(value).replace("\n", " ")
    text = validate._CONTROL.sub("?", text)
    return text if len(text) <= limit else text[:limit] + "…"


def text_value(value: Any) -> str:
    """A cell read as text (a whole number without “.0”); CellError for true/false, NaN or infinity."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是文字")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CellError("不是有效内容")
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def id_text(value: Any) -> str:
    """An ID number cell as text; one that Excel stored as a number has lost its last digits."""
    if isinstance(value, float) and value >= 1e16:
        raise CellError("身份证号被Excel存成了数字，后几位已经丢失。请把该列设为文本格式后重新填写身份证号")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10**16:
        return str(value)
    text = text_value(value)
    return text.replace("'", "").replace("‘", "").replace("’", "")


def cell_text(value: Any) -> str:
    """A cell as the clerk sees it (headers, the preview table); never raises."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    return str(value).strip()


# -- each field's cell, as the row check reads it ------------------------------------------------
def unit_cell(value: Any) -> str:
    return validate.text(text_value(value), "所在组织", max_len=60)


def category_cell(value: Any) -> MemberCategory:
    return _choice(value, CATEGORY_WORDS, "党员类别", "正式党员、预备党员", required=True)  # type: ignore[no-any-return]


def standing_cell(value: Any) -> Standing | None:
    return _choice(value, STANDING_WORDS, "党籍状态", _STANDING_ALLOWED)  # type: ignore[no-any-return]


def education_cell(value: Any) -> Education | None:
    return _choice(value, _EDUCATION_WORDS, "学历", _EDUCATION_ALLOWED)  # type: ignore[no-any-return]


def sex_cell(value: Any) -> Sex | None:
    return _choice(value, _SEX_WORDS, "性别", "男、女")  # type: ignore[no-any-return]


def id_cell(value: Any) -> str:
    text = id_text(value)
    if not text:
        raise CellError("请填写身份证号")
    return text


def day_cell(value: Any) -> date | None:
    """A date cell; whether the date is plausible is for the member check to say."""
    return parse_date(value)[0]


def date_cell(value: Any, label: str, today: date) -> date | None:
    """A date cell that must be a plausible past date (the birth date, which only a roster gives)."""
    day = parse_date(value)[0]
    problem = date_problem(day, label, today) if day is not None else None
    if problem:
        raise CellError(problem)
    return day


def _choice(value: Any, words: Mapping[str, Any], label: str, allowed: str, *, required: bool = False) -> Any:
    text = text_value(value)
    if text in words:
        return words[text]
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not text:
        if required:
            raise CellError(f"请填写{label}（{allowed}）")
        return None
    if text in words:
        return words[text]
    raise CellError(f"{label}“{short(text, 20)}”不在可选范围内（{allowed}）")
