"""The audit log as a clerk reads it (操作记录): who did what, to which member or post, and when.

Every write appends a row to ``audit_log`` (``Store.audit``) with the action's code name and the
record before and after as JSON. This module turns those rows into Chinese: the action's label,
the thing acted on (a name, looked up with one query per table for the whole page), and the gist
of the change (a stage moving on, the fields a clerk edited, a score or a satisfaction rate).
Filtering happens in SQL; rows whose JSON is damaged are still listed, with what can be read.

``at`` holds the writing computer's local time with its UTC offset (``Store.audit`` →
``now_text``). Dates chosen by the clerk are days on this computer's clock: they are turned into
UTC instants and compared with SQLite's ``datetime(at)``, which applies the stored offset, so the
filter is right whatever offset a row was written with. Times are shown in this computer's zone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from core.enums import (
    AdjustmentKind,
    Education,
    FiveCreation,
    FiveDisplay,
    Grade,
    HighlightKind,
    LabeledEnum,
    MemberCategory,
    OrgType,
    PostKind,
    PostStage,
    ProblemCategory,
    Sex,
    Standing,
    UnitKind,
    VetoGround,
)
from core.errors import DomainError
from core.export import ColumnSpec, ExportOutcome, SheetSpec, write_sheets
from core.store import ENTITY_LABELS, Row, Store, local_time_text

__all__ = [
    "ACTION_LABELS",
    "AUDIT_SHEET",
    "ENTITY_LABELS",
    "AuditEntry",
    "AuditPage",
    "action_choices",
    "action_label",
    "audit_entries",
    "export_audit",
]

ACTION_LABELS: dict[str, str] = {
    # organization, units and the roster
    "setup_organization": "建立组织",
    "update_organization": "修改组织信息",
    "update_settings": "修改设置",
    "create_unit": "新建组织单元",
    "update_unit": "修改组织单元",
    "add_member": "登记党员",
    "update_member": "修改党员信息",
    "set_member_photo": "更新党员照片",
    "import_roster": "导入党员名册",
    "import_package": "导入交换包",
    "restore_backup": "从备份恢复",
    # the setup procedure (设岗程序)
    "create_campaign_year": "新建创建年度",
    "create_batch": "新建批次",
    "nominate_post": "提名示范岗",
    "update_post_details": "修改示范岗信息",
    "record_pre_evaluation": "录入岗前测评",
    "start_publicity": "开始公示",
    "record_objection": "登记公示异议",
    "resolve_objection": "核实处理异议",
    "record_consent": "登记个人意愿",
    "confirm_post": "确定示范岗",
    # dynamic management, supervision, reviews and promotion
    "record_monthly_assessment": "录入月度考核",
    "correct_assessment": "更正考核分数",
    "open_rectification": "督促整改",
    "close_rectification": "整改办结",
    "record_survey": "录入满意度测评",
    "record_five_review": "录入五评结果",
    "correct_five_review": "更正五评结果",
    "add_highlight": "收录宣传典型",
    # adjustment, veto and the placard
    "adjust_members": "调整上岗党员",
    "withdraw_post": "撤岗",
    "veto_post": "一票否决撤销称号",
    "record_reclaim": "登记收回岗牌",
}

_TECHNICAL = frozenset({"id", "uid", "created_at", "updated_at", "photo", "pinyin", "initials"})

_FIELD_LABELS: dict[str, str] = {
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


@dataclass(frozen=True)
class AuditEntry:
    """One audit row in words; ``row()`` feeds a table model or the Excel export."""

    id: int
    at: str
    actor: str
    action: str
    action_label: str
    entity: str
    entity_label: str
    subject: str
    details: str

    @property
    def target(self) -> str:
        """What the 对象 column shows: the name, or at least what kind of record it was."""
        return self.subject or self.entity_label

    def row(self) -> Row:
        return {**asdict(self), "target": self.target}


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    total: int

    @property
    def summary(self) -> str:
        if not self.total:
            return "没有符合条件的操作记录。"
        if self.total > len(self.entries):
            return f"共{self.total}条记录，显示最近{len(self.entries)}条。"
        return f"共{self.total}条记录。"


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def action_choices() -> list[tuple[str, str]]:
    """(code, label) for a filter list, in the order a campaign runs."""
    return list(ACTION_LABELS.items())


# -- querying ---------------------------------------------------------------------------------
def audit_entries(
    store: Store,
    *,
    start: date | None = None,
    end: date | None = None,
    action: str | None = None,
    keyword: str = "",
    limit: int | None = 2000,
) -> AuditPage:
    """The newest ``limit`` entries matching the filters (``None``: all), and how many match in all.

    ``start`` and ``end`` are days on this computer's clock, both included; ``keyword`` is looked
    for in the operator's name, in the recorded contents and in the name of the member, post,
    unit or batch the entry is about, and matches actions whose label contains it.
    """
    where, params = _filters(start, end, action, keyword.strip())
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = int(store.scalar(f"SELECT count(*) FROM audit_log{clause}", params) or 0)
    rows = store.rows(
        "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log"
        f"{clause} ORDER BY id DESC LIMIT ?",
        [*params, -1 if limit is None else max(0, limit)],
    )
    parsed = [(row, _json_object(row["before"]), _json_object(row["after"])) for row in rows]
    names = _Names.load(store, parsed)
    return AuditPage(tuple(_entry(row, before, after, names) for row, before, after in parsed), total)


def _utc_bound(day: date) -> str:
    """The start of ``day`` on this computer's clock, as the UTC text ``datetime(at)`` produces."""
    try:
        local = datetime.combine(day, time()).astimezone()
    except (OSError, OverflowError, ValueError):
        # Windows cannot convert local times before 1970 (and some near it): use today's offset.
        local = datetime.combine(day, time(), tzinfo=datetime.now().astimezone().tzinfo)
    return local.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _json_id(key: str) -> str:
    return (f"coalesce(CASE WHEN json_valid(after) THEN json_extract(after, '$.{key}') END, "
            f"CASE WHEN json_valid(before) THEN json_extract(before, '$.{key}') END)")


# For each table a row's name can be searched in: the id the entry points at (SQL expression).
_RELATED_IDS = {
    table: f"CASE WHEN entity = '{table}' THEN entity_id ELSE {_json_id(key)} END"
    for table, key in (("members", "member_id"), ("posts", "post_id"), ("units", "unit_id"), ("batches", "batch_id"))
}


def _filters(start: date | None, end: date | None, action: str | None, keyword: str) -> tuple[list[str], list[Any]]:
    if start is not None and end is not None and start > end:
        raise DomainError("起始日期晚于截止日期，请重新选择。", field="start")
    where: list[str] = []
    params: list[Any] = []
    if start is not None:
        where.append("datetime(at) >= ?")
        params.append(_utc_bound(start))
    if end is not None:
        where.append("datetime(at) < ?")
        params.append(_utc_bound(end + timedelta(days=1)))
    if action:
        where.append("action = ?")
        params.append(action)
    if keyword:
        pattern = "%" + keyword.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        like = "LIKE ? ESCAPE '\\'"
        either = [f"actor {like}", f"before {like}", f"after {like}"]
        either += [f"({expr}) IN (SELECT id FROM {table} WHERE name {like})" for table, expr in _RELATED_IDS.items()]
        params += [pattern] * len(either)
        labelled = [code for code, label in ACTION_LABELS.items() if keyword in label]
        if labelled:
            either.append(f"action IN ({', '.join('?' * len(labelled))})")
            params += labelled
        where.append("(" + " OR ".join(either) + ")")
    return where, params


def _json_object(text: Any) -> dict[str, Any]:
    """The recorded contents as a dict; anything unreadable counts as nothing recorded."""
    if not isinstance(text, str) or not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class _Names:
    """Names of the records a page of entries refers to: one query per table."""

    tables: dict[str, dict[int, str]] = field(default_factory=dict)
    organization: str = ""

    @classmethod
    def load(cls, store: Store, parsed: Sequence[tuple[Row, dict[str, Any], dict[str, Any]]]) -> _Names:
        wanted: dict[str, set[int]] = {"members": set(), "posts": set(), "units": set(), "batches": set()}
        keys = {"member_id": "members", "post_id": "posts", "unit_id": "units", "parent_id": "units", "batch_id": "batches"}
        for row, before, after in parsed:
            entity_id = _int(row["entity_id"])
            if row["entity"] in wanted and entity_id is not None:
                wanted[row["entity"]].add(entity_id)
            for data in (before, after):
                for key, table in keys.items():
                    value = _int(data.get(key))
                    if value is not None:
                        wanted[table].add(value)
                if row["action"] == "adjust_members" and isinstance(data.get("members"), list):
                    wanted["members"].update(i for i in map(_int, data["members"]) if i is not None)
        names = cls()
        for table, ids in wanted.items():
            found = store.rows(f"SELECT id, name FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                               [json.dumps(sorted(ids))]) if ids else []
            names.tables[table] = {int(r["id"]): str(r["name"]) for r in found}
        if any(row["entity"] == "organization" for row, _before, _after in parsed):
            names.organization = str(store.scalar("SELECT name FROM organization WHERE id = 1") or "")
        return names

    def of(self, table: str, value: Any) -> str:
        key = _int(value)
        if key is None:
            return ""
        if table == "organization":
            return self.organization
        return self.tables.get(table, {}).get(key, "")


# -- one entry in words -----------------------------------------------------------------------
def _entry(row: Row, before: dict[str, Any], after: dict[str, Any], names: _Names) -> AuditEntry:
    action, entity = str(row["action"]), str(row["entity"])
    try:
        subject = _subject(entity, row["entity_id"], before, after, names)
        details = _details(action, entity, before, after, names)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
        # contents of an unexpected shape: still list the entry, with what its columns say
        subject, details = "", ""
    return AuditEntry(
        id=int(row["id"]),
        at=local_time_text(row["at"]),
        actor=str(row["actor"] or ""),
        action=action,
        action_label=action_label(action),
        entity=entity,
        entity_label=ENTITY_LABELS.get(entity, entity),
        subject=subject,
        details=details,
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _short(value: Any, limit: int = 40) -> str:
    """A clerk's sentence cut to fit a line, without its closing full stop (the line goes on)."""
    text = " ".join(_text(value).split()).rstrip("。；;，,. ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def _label(enum: type[LabeledEnum], value: Any) -> str:
    try:
        return enum(value).label
    except ValueError:
        return _text(value)


def _subject(entity: str, entity_id: Any, before: Mapping[str, Any], after: Mapping[str, Any], names: _Names) -> str:
    data = {**before, **after}
    own = next((_text(data.get(k)) for k in ("name", "title", "office", "file") if _text(data.get(k))), "")
    if own:
        return own
    looked_up = names.of(entity, entity_id)
    if looked_up:
        return looked_up
    person = _text(data.get("name_snapshot")) or names.of("members", data.get("member_id"))
    post = names.of("posts", data.get("post_id"))
    if person and post:
        return f"{person}（{post}）"
    return person or post or names.of("batches", data.get("batch_id"))


def _details(action: str, entity: str, before: dict[str, Any], after: dict[str, Any], names: _Names) -> str:
    parts: list[str] = []
    if _text(before.get("stage")) and _text(after.get("stage")) and before["stage"] != after["stage"]:
        parts.append(f"阶段：{_label(PostStage, before['stage'])} → {_label(PostStage, after['stage'])}")
    describe = _DESCRIBE.get(action)
    if describe is not None:
        parts.append("，".join(p for p in describe(_Change(entity, before, after, names)) if p))
    return "；".join(p for p in parts if p)


@dataclass(frozen=True)
class _Change:
    entity: str
    before: dict[str, Any]
    after: dict[str, Any]
    names: _Names


def _changed_fields(c: _Change) -> list[str]:
    """修改: the fields a clerk changed, quoting old and new values when they are short."""
    if c.entity == "organization" and "settings" in c.after:
        old, new = _json_object(c.before.get("settings")), _json_object(c.after.get("settings"))
    else:
        old, new = c.before, c.after
    changed = [k for k in new if k not in _TECHNICAL and _blank(old.get(k)) != _blank(new.get(k))]
    labelled = [k for k in _FIELD_LABELS if k in changed]
    if not labelled:
        return ["修改了其他信息" if changed else "内容未变"]
    quoted: list[str] = []
    named: list[str] = []
    for key in labelled:
        label = _NAME_LABELS.get(c.entity, _FIELD_LABELS[key]) if key == "name" else _FIELD_LABELS[key]
        was, now = _value(c, key, old.get(key)), _value(c, key, new.get(key))
        if was is not None and now is not None and max(len(was), len(now)) <= _SHORT:
            quoted.append(f"{label}：{was} → {now}")
        else:
            named.append(label)
    return ["；".join([*quoted, "修改" + "、".join(named)] if named else quoted)]


def _blank(value: Any) -> Any:
    return None if value == "" else value


def _value(c: _Change, key: str, value: Any) -> str | None:
    """A field's value in words, or None when it cannot be quoted in a line (a list, a table)."""
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in ("unit_id", "parent_id"):
        return c.names.of("units", value) or "空"
    if key == "kind" and c.entity in _KIND_ENUMS:
        return _label(_KIND_ENUMS[c.entity], value)
    if key in _ENUM_FIELDS:
        return _label(_ENUM_FIELDS[key], value)
    if key == "creations":
        codes = _json_list(value)
        return "、".join(_label(FiveCreation, v) for v in codes) if codes else "空"
    if isinstance(value, (dict, list)):
        return None
    return _number(value) or str(value)


def _json_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return []
    return data if isinstance(data, list) else []


def _new_member(c: _Change) -> list[str]:
    return [_label(MemberCategory, c.after.get("category")), c.names.of("units", c.after.get("unit_id"))]


def _photo(c: _Change) -> list[str]:
    if c.after.get("photo") is None:
        return ["清除照片"]
    return ["更换照片" if c.before.get("photo") else "上传照片"]


def _nomination(c: _Change) -> list[str]:
    members = c.after.get("members")
    count = f"上岗党员{len(members)}人" if isinstance(members, list) else ""
    return ["，".join(p for p in (_label(PostKind, c.after.get("kind")), c.names.of("units", c.after.get("unit_id")), count) if p)]


def _votes(c: _Change) -> list[str]:
    votes = [(label, c.after.get(key)) for key, label in
             (("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意"), ("invalid", "无效"))]
    return ["，".join(f"{label}{_number(n)}票" for label, n in votes if _number(n) and (label != "无效" or n))]


def _publicity(c: _Change) -> list[str]:
    if c.entity != "publicity_periods":
        return []
    days = _number(c.after.get("working_days"))
    return [f"公示期{_text(c.after.get('start_on'))}至{_text(c.after.get('end_on'))}" + (f"（{days}个工作日）" if days else "")]


def _objection(c: _Change) -> list[str]:
    source = _text(c.after.get("source"))
    return [(f"{source}：" if source else "") + _short(c.after.get("content"))]


def _resolution(c: _Change) -> list[str]:
    if c.entity != "objections":
        return []
    verdict = {"upheld": "异议成立", "rejected": "异议不成立"}.get(_text(c.after.get("status")), "")
    return [verdict, _short(c.after.get("resolution"))]


def _consent(c: _Change) -> list[str]:
    consent = c.after.get("consent")
    return ["" if consent is None else ("愿意上岗" if consent else "不愿上岗"), _short(c.after.get("consent_note"))]


def _confirmation(c: _Change) -> list[str]:
    return [f"岗位编号{_text(c.after.get('code'))}" if _text(c.after.get("code")) else "",
            f"岗牌编号{_text(c.after.get('placard_no'))}" if _text(c.after.get("placard_no")) else ""]


def _adjustment(c: _Change) -> list[str]:
    def ids(data: Mapping[str, Any]) -> list[int]:
        members = data.get("members")
        return [i for i in map(_int, members) if i is not None] if isinstance(members, list) else []

    old, new = ids(c.before), ids(c.after)
    out = "、".join(c.names.of("members", i) for i in old if i not in new)
    came = "、".join(c.names.of("members", i) for i in new if i not in old)
    return [_label(AdjustmentKind, c.after.get("kind")), f"调出：{out}" if out else "", f"调入：{came}" if came else "",
            f"原因：{_short(c.after.get('reason'))}" if _text(c.after.get("reason")) else ""]


def _reason(c: _Change) -> list[str]:
    return [f"原因：{_short(c.after.get('end_reason'))}" if _text(c.after.get("end_reason")) else ""]


def _veto(c: _Change) -> list[str]:
    # end_reason holds the ground as worded for this office (a hospital's accident ground differs).
    reason = _text(c.after.get("end_reason"))
    ground = c.after.get("ground")
    return [f"否决情形：{_short(reason) if reason else _label(VetoGround, ground)}"]


def _reclaim(c: _Change) -> list[str]:
    received = _text(c.after.get("received_by"))
    return [f"收回日期{_text(c.after.get('returned_on'))}", f"经手人：{received}" if received else ""]


def _month(value: Any) -> str:
    year, _, month = _text(value).partition("-")
    return f"{year}年{int(month)}月" if year.isdigit() and month.isdigit() else _text(value)


def _assessment(c: _Change) -> list[str]:
    return [_month(c.after.get("month")), f"得分{_number(c.after.get('score'))}", _label(Grade, c.after.get("grade"))]


def _correction(c: _Change) -> list[str]:
    return [f"得分：{_number(c.before.get('score'))} → {_number(c.after.get('score'))}",
            f"原因：{_short(c.after.get('reason'))}" if _text(c.after.get("reason")) else ""]


def _rectification(c: _Change) -> list[str]:
    category = _label(ProblemCategory, c.after.get("category"))
    return [f"{category}：{_short(c.after.get('description'))}" if category else _short(c.after.get("description")),
            f"期限{_text(c.after.get('deadline'))}" if _text(c.after.get("deadline")) else ""]


def _closing(c: _Change) -> list[str]:
    return [f"办结日期{_text(c.after.get('closed_on'))}", _short(c.after.get("result"))]


def _survey(c: _Change) -> list[str]:
    rate = c.after.get("rate")
    if not isinstance(rate, (int, float)):
        return []
    returned = _number(c.after.get("returned"))
    text = f"满意率{float(rate) * 100:.1f}%" + (f"（收回{returned}份）" if returned else "")
    return [text, "低于预警线" if c.after.get("low") else ""]


def _five_review(c: _Change) -> list[str]:
    return [f"总分{_number(c.after.get('total'))}", _label(Grade, c.after.get("grade"))]


def _five_review_correction(c: _Change) -> list[str]:
    return [f"总分：{_number(c.before.get('total'))} → {_number(c.after.get('total'))}",
            _label(Grade, c.after.get("grade")),
            f"原因：{_short(c.after.get('reason'))}" if _text(c.after.get("reason")) else ""]


def _highlight(c: _Change) -> list[str]:
    channel = _text(c.after.get("channel"))
    return [_label(HighlightKind, c.after.get("kind")), f"发布渠道：{channel}" if channel else ""]


def _package(c: _Change) -> list[str]:
    added = c.after.get("added")
    count = sum(n for n in added.values() if _int(n)) if isinstance(added, dict) else 0
    conflicts = c.after.get("conflicts")
    clashes = len(conflicts) if isinstance(conflicts, list) else 0
    return [f"文件：{_text(c.after.get('file'))}", f"新增{count}条记录", f"冲突{clashes}处" if clashes else ""]


def _restore(c: _Change) -> list[str]:
    other = _text(c.after.get("other_office"))
    safety = _text(c.after.get("safety_copy"))
    return [f"备份文件：{_text(c.after.get('file'))}", f"其他单位“{other}”的数据" if other else "",
            f"恢复前的数据另存为：{safety}" if safety else ""]


def _roster(c: _Change) -> list[str]:
    added, updated = c.after.get("added"), c.after.get("updated")
    rows = added.get("rows") if isinstance(added, dict) else None
    new_units = c.after.get("new_units")
    return [f"新增{len(rows) if isinstance(rows, list) else 0}人",
            f"更新{len(updated) if isinstance(updated, list) else 0}人",
            f"新建组织单元{len(new_units)}个" if isinstance(new_units, list) and new_units else ""]


def _simple(*pairs: tuple[str, Callable[[Any], str]]) -> Callable[[_Change], list[str]]:
    return lambda c: [fmt(c.after.get(key)) for key, fmt in pairs]


_DESCRIBE: dict[str, Callable[[_Change], Iterable[str]]] = {
    "setup_organization": _simple(("org_type", lambda v: _label(OrgType, v))),
    "update_organization": _changed_fields,
    "update_settings": _changed_fields,
    "create_unit": _simple(("kind", lambda v: _label(UnitKind, v))),
    "update_unit": _changed_fields,
    "add_member": _new_member,
    "update_member": _changed_fields,
    "set_member_photo": _photo,
    "import_roster": _roster,
    "import_package": _package,
    "restore_backup": _restore,
    "create_campaign_year": _simple(("started_on", lambda v: f"开始日期{_text(v)}" if _text(v) else "")),
    "create_batch": _simple(("created_on", lambda v: f"建立日期{_text(v)}" if _text(v) else "")),
    "nominate_post": _nomination,
    "update_post_details": _changed_fields,
    "record_pre_evaluation": _votes,
    "start_publicity": _publicity,
    "record_objection": _objection,
    "resolve_objection": _resolution,
    "record_consent": _consent,
    "confirm_post": _confirmation,
    "record_monthly_assessment": _assessment,
    "correct_assessment": _correction,
    "open_rectification": _rectification,
    "close_rectification": _closing,
    "record_survey": _survey,
    "record_five_review": _five_review,
    "correct_five_review": _five_review_correction,
    "add_highlight": _highlight,
    "adjust_members": _adjustment,
    "withdraw_post": _reason,
    "veto_post": _veto,
    "record_reclaim": _reclaim,
}


# -- export -----------------------------------------------------------------------------------
_C = ColumnSpec
AUDIT_SHEET = SheetSpec("audit", "操作记录", (
    _C("时间", "at", width=17), _C("操作人", "actor", width=10), _C("操作", "action_label", width=16),
    _C("对象类型", "entity_label", width=12), _C("对象", "subject", width=30), _C("说明", "details", width=60),
), lambda store: [e.row() for e in audit_entries(store, limit=None).entries])


def export_audit(
    store: Store,
    target: str | Path,
    *,
    start: date | None = None,
    end: date | None = None,
    action: str | None = None,
    keyword: str = "",
) -> ExportOutcome:
    """Every entry matching the filters (not only the ones on screen), newest first, to an .xlsx."""
    page = audit_entries(store, start=start, end=end, action=action, keyword=keyword, limit=None)
    return write_sheets(target, [(AUDIT_SHEET, [e.row() for e in page.entries])])
