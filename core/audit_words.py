"""Recorded values in a clerk's words, for the audit viewer (操作记录).

An audit entry holds a record before and after as JSON. The describers in ``core.actions`` and the
viewer in ``core.audit_view`` turn those into Chinese with these helpers: a field's label, an enum's
label, a value quoted short, the list of fields a clerk edited (``changed_fields``). Every helper
takes whatever the JSON holds and never raises on an unexpected shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from core.enums import (
    Education,
    FiveCreation,
    FiveDisplay,
    LabeledEnum,
    MemberCategory,
    OrgType,
    PostKind,
    Sex,
    Standing,
    UnitKind,
)


class Names(Protocol):
    """The names of the records a page of entries refers to (looked up once per table)."""

    def of(self, table: str, value: Any) -> str: ...


@dataclass(frozen=True)
class Change:
    """One entry's contents as a describer sees them."""

    entity: str
    before: dict[str, Any]
    after: dict[str, Any]
    names: Names


Describer = Callable[[Change], Iterable[str]]
"""The gist of one kind of change: phrases joined with "，" in the 说明 column (empty ones dropped)."""

TECHNICAL = frozenset({"id", "uid", "created_at", "updated_at", "photo", "pinyin", "initials"})

FIELD_LABELS: dict[str, str] = {
    "name": "名称",
    "sex": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_number": "身份证号",
    "category": "党员类别",
    "standing": "党籍状态",
    "unit_id": "所在组织",
    "position": "工作岗位",
    "education": "学历",
    "join_date": "入党时间",
    "full_date": "转正时间",
    "phone": "联系电话",
    "kind": "类型",
    "parent_id": "上级组织",
    "secretary": "书记",
    "org_type": "组织类型",
    "supervision_phone": "监督电话",
    "address": "地址",
    "operator": "操作员",
    "location": "岗位地点",
    **{f"display_{d.value}": d.label for d in FiveDisplay},
    "creations": "五创",
    "notes": "备注",
    # settings (修改设置)
    "pass_threshold_percent": "岗前测评通过线",
    "basic_counts_as_satisfied": "基本满意票计入满意票",
    "publicity_working_days": "公示期工作日数",
    "publicity_channel": "默认公示方式",
    "objection_contact": "异议受理方式",
    "survey_low_threshold_percent": "满意度预警线",
    "survey_counts_basic": "满意度测评中基本满意计入满意",
    "rectification_days": "默认整改期限",
    "survey_interval_days": "满意度测评周期",
    "grade_excellent": "优秀线",
    "grade_qualified": "合格线",
    "grade_basic": "基本合格线",
    "five_review_weights": "五评权重",
    "extra_holidays": "另行放假的日期",
    "extra_workdays": "调休上班的日期",
}
_NAME_LABELS = {"members": "姓名", "posts": "岗位名称", "organization": "组织名称"}
_ENUM_FIELDS: dict[str, type[LabeledEnum]] = {
    "sex": Sex,
    "category": MemberCategory,
    "standing": Standing,
    "education": Education,
    "org_type": OrgType,
}
_KIND_ENUMS: dict[str, type[LabeledEnum]] = {"units": UnitKind, "posts": PostKind}
_SHORT = 20  # values longer than this are named, not quoted, in a change list


# -- one value ----------------------------------------------------------------------------------
def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def short(value: Any, limit: int = 40) -> str:
    """A clerk's sentence cut to fit a line, without its closing full stop (the line goes on)."""
    words = " ".join(text(value).split()).rstrip("。；;，,. ")
    return words if len(words) <= limit else words[: limit - 1] + "…"


def number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def label(enum: type[LabeledEnum], value: Any) -> str:
    try:
        return enum(value).label
    except ValueError:
        return text(value)


def month(value: Any) -> str:
    year, _, month_number = text(value).partition("-")
    return f"{year}年{int(month_number)}月" if year.isdigit() and month_number.isdigit() else text(value)


def as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def json_object(value: Any) -> dict[str, Any]:
    """Recorded contents as a dict; anything unreadable counts as nothing recorded."""
    if not isinstance(value, str) or not value:
        return {}
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def json_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return []
    return data if isinstance(data, list) else []


# -- describers shared by several actions ---------------------------------------------------------
def simple(*pairs: tuple[str, Callable[[Any], str]]) -> Describer:
    """Each named value of the record after the change, in words."""
    return lambda c: [fmt(c.after.get(key)) for key, fmt in pairs]


def changed_fields(c: Change) -> list[str]:
    """修改: the fields a clerk changed, quoting old and new values when they are short."""
    if c.entity == "organization" and "settings" in c.after:
        old, new = json_object(c.before.get("settings")), json_object(c.after.get("settings"))
    else:
        old, new = c.before, c.after
    changed = [k for k in new if k not in TECHNICAL and _blank(old.get(k)) != _blank(new.get(k))]
    labelled = [k for k in FIELD_LABELS if k in changed]
    if not labelled:
        return ["修改了其他信息" if changed else "内容未变"]
    quoted: list[str] = []
    named: list[str] = []
    for key in labelled:
        name = _NAME_LABELS.get(c.entity, FIELD_LABELS[key]) if key == "name" else FIELD_LABELS[key]
        was, now = _value(c, key, old.get(key)), _value(c, key, new.get(key))
        if was is not None and now is not None and max(len(was), len(now)) <= _SHORT:
            quoted.append(f"{name}：{was} → {now}")
        else:
            named.append(name)
    return ["；".join([*quoted, "修改" + "、".join(named)] if named else quoted)]


def _blank(value: Any) -> Any:
    return None if value == "" else value


def _value(c: Change, key: str, value: Any) -> str | None:
    """A field's value in words, or None when it cannot be quoted in a line (a list, a table)."""
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in ("unit_id", "parent_id"):
        return c.names.of("units", value) or "空"
    if key == "kind" and c.entity in _KIND_ENUMS:
        return label(_KIND_ENUMS[c.entity], value)
    if key in _ENUM_FIELDS:
        return label(_ENUM_FIELDS[key], value)
    if key == "creations":
        codes = json_list(value)
        return "、".join(label(FiveCreation, v) for v in codes) if codes else "空"
    if isinstance(value, (dict, list)):
        return None
    return number(value) or str(value)


__all__ = [
    "FIELD_LABELS",
    "TECHNICAL",
    "Change",
    "Describer",
    "Names",
    "as_int",
    "changed_fields",
    "json_list",
    "json_object",
    "label",
    "month",
    "number",
    "short",
    "simple",
    "text",
]
