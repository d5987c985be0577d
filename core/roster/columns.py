"""Which column is which field: the fields a roster may have, the headers other systems give them,
and the clerk's own choices, remembered for the next file from the same system."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.store import Store

MAPPING_PREFERENCE = "roster.column_mapping"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    synonyms: tuple[str, ...]


IGNORE = "ignore"

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "姓名", ("姓名", "党员姓名", "名字", "人员姓名")),
    FieldSpec("id_number", "身份证号", ("身份证", "身份证号", "身份证号码", "公民身份号码", "公民身份证号码",
                                     "公民身份证号", "证件号码", "身份证件号码", "证件号")),
    FieldSpec("unit", "所在组织", ("所在组织", "所在党支部", "所在支部", "党支部", "支部", "所属党组织", "所属支部",
                                "所属党支部", "所在党组织", "党组织名称", "组织名称", "所在科室", "所在单位")),
    FieldSpec("category", "党员类别", ("党员类别", "人员类别", "党员类型", "类别")),
    FieldSpec("sex", "性别", ("性别",)),
    FieldSpec("birth_date", "出生年月", ("出生年月", "出生日期", "出生时间", "出生年月日", "生日")),
    FieldSpec("ethnicity", "民族", ("民族",)),
    FieldSpec("phone", "联系电话", ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码")),
    FieldSpec("standing", "党籍状态", ("党籍状态", "党籍", "党员状态")),
    FieldSpec("join_date", "入党时间", ("入党时间", "入党日期", "加入党组织日期", "加入党组织时间", "入党年月",
                                     "加入中共时间", "加入中国共产党时间")),
    FieldSpec("full_date", "转正时间", ("转正时间", "转正日期", "转为正式党员日期", "转为正式党员时间", "转正年月")),
    FieldSpec("education", "学历", ("学历", "文化程度", "最高学历", "全日制学历", "学历学位")),
    FieldSpec("position", "工作岗位", ("工作岗位", "岗位", "职务", "现任职务", "工作单位及职务", "职业", "从事工作")),
    FieldSpec("notes", "备注", ("备注", "说明")),
    FieldSpec(IGNORE, "不导入", ("序号", "编号", "档案管理单位", "年龄", "党龄", "籍贯", "照片", "工作单位")),
)
FIELD_LABELS: dict[str, str] = {f.key: f.label for f in FIELDS}
# The columns a roster cannot do without (a file lacking one is refused as a whole); 党员类别 may be
# missing (new members are then taken as 正式党员, with a note).
REQUIRED: tuple[str, ...] = ("name", "id_number", "unit")
_SYNONYMS: dict[str, str] = {syn: f.key for f in FIELDS for syn in f.synonyms}


def normalize_header(value: Any) -> str:
    """`出生年月(2019/10/24)` → `出生年月`; `*姓 名` → `姓名`; full-width forms folded."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\s+", "", text)
    text = re.split(r"[(\[<{《【〔]", text, maxsplit=1)[0]
    return text.strip("*：:#·.、").lower()


def field_for(header: str) -> str | None:
    key = normalize_header(header)
    if not key:
        return None
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    for syn, field_key in sorted(_SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        if len(syn) >= 2 and syn in key and field_key != IGNORE:
            return field_key
    return None


def header_score(headers: Sequence[str]) -> int:
    fields = {field_for(h) for h in headers} - {None, IGNORE}
    return len(fields) + (5 if "name" in fields else 0) + (5 if "id_number" in fields else 0)


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str | None
    source: str  # "auto", "remembered", "manual" or "" when not mapped

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field or "", "（未识别）")


def map_columns(headers: Sequence[str], *, remembered: Mapping[str, str] | None = None,
                manual: Mapping[int, str | None] | None = None) -> list[Column]:
    """Map each header to a field: a manual choice, then a remembered one, then by name."""
    columns = []
    remembered = remembered or {}
    manual = manual or {}
    for index, header in enumerate(headers):
        if not header:
            continue
        if index in manual:
            choice = manual[index]
            columns.append(Column(index, header, choice if choice in FIELD_LABELS else None, "manual"))
            continue
        auto = field_for(header)
        if auto is not None:
            columns.append(Column(index, header, auto, "auto"))
        elif normalize_header(header) in remembered and remembered[normalize_header(header)] in FIELD_LABELS:
            columns.append(Column(index, header, remembered[normalize_header(header)], "remembered"))
        else:
            columns.append(Column(index, header, None, ""))
    return columns


def remembered_mapping(store: Store) -> dict[str, str]:
    value = store.preference(MAPPING_PREFERENCE, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def remember_mapping(store: Store, columns: Iterable[Column]) -> None:
    """Keep the clerk's manual choices so the next file from the same system maps by itself."""
    mapping = remembered_mapping(store)
    changed = False
    for column in columns:
        if column.source == "manual" and column.field:
            key = normalize_header(column.header)
            if key and mapping.get(key) != column.field:
                mapping[key] = column.field
                changed = True
    if changed:
        store.set_preference(MAPPING_PREFERENCE, mapping)
