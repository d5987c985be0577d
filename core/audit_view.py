"""The audit log as a clerk reads it (操作记录): who did what, to which member or post, and when.

Every write appends a row to ``audit_log`` (``Store.audit``) with the action's code name and the
record before and after as JSON. This module turns those rows into Chinese: the action's label,
the thing acted on (a name, looked up with one query per table for the whole page), and the gist
of the change (a stage moving on, the fields a clerk edited, a score or a satisfaction rate). The
labels and each action's describer come from the table of audited actions, ``core.actions``.
Filtering happens in SQL; rows whose JSON is damaged are still listed, with what can be read.

``at`` holds the writing computer's local time with its UTC offset (``Store.audit`` →
``now_text``). Dates chosen by the clerk are days on this computer's clock: they are turned into
UTC instants and compared with SQLite's ``datetime(at)``, which applies the stored offset, so the
filter is right whatever offset a row was written with. Times are shown in this computer's zone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from core.actions import AuditAction, action_label, known_labels, spec_of
from core.audit_words import Change, as_int, json_object, label, text
from core.enums import PostStage
from core.errors import DomainError
from core.export import ColumnSpec, ExportOutcome, SheetSpec, write_sheets
from core.store import ENTITY_LABELS, Row, Store, local_time_text

__all__ = [
    "AUDIT_SHEET",
    "ENTITY_LABELS",
    "AuditEntry",
    "AuditPage",
    "action_choices",
    "action_label",
    "audit_entries",
    "export_audit",
]


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


def action_choices() -> list[tuple[str, str]]:
    """(code, label) for a filter list, in the order a campaign runs."""
    return known_labels()


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
    parsed = [(row, json_object(row["before"]), json_object(row["after"])) for row in rows]
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
        labelled = [code for code, label in known_labels() if keyword in label]
        if labelled:
            either.append(f"action IN ({', '.join('?' * len(labelled))})")
            params += labelled
        where.append("(" + " OR ".join(either) + ")")
    return where, params


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
            entity_id = as_int(row["entity_id"])
            if row["entity"] in wanted and entity_id is not None:
                wanted[row["entity"]].add(entity_id)
            for data in (before, after):
                for key, table in keys.items():
                    value = as_int(data.get(key))
                    if value is not None:
                        wanted[table].add(value)
                if row["action"] == AuditAction.ADJUST_MEMBERS and isinstance(data.get("members"), list):
                    wanted["members"].update(i for i in map(as_int, data["members"]) if i is not None)
        names = cls()
        for table, ids in wanted.items():
            found = store.rows(f"SELECT id, name FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                               [json.dumps(sorted(ids))]) if ids else []
            names.tables[table] = {int(r["id"]): str(r["name"]) for r in found}
        if any(row["entity"] == "organization" for row, _before, _after in parsed):
            names.organization = str(store.scalar("SELECT name FROM organization WHERE id = 1") or "")
        return names

    def of(self, table: str, value: Any) -> str:
        key = as_int(value)
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


def _subject(entity: str, entity_id: Any, before: Mapping[str, Any], after: Mapping[str, Any], names: _Names) -> str:
    data = {**before, **after}
    own = next((text(data.get(k)) for k in ("name", "title", "office", "file") if text(data.get(k))), "")
    if own:
        return own
    looked_up = names.of(entity, entity_id)
    if looked_up:
        return looked_up
    person = text(data.get("name_snapshot")) or names.of("members", data.get("member_id"))
    post = names.of("posts", data.get("post_id"))
    if person and post:
        return f"{person}（{post}）"
    return person or post or names.of("batches", data.get("batch_id"))


def _details(action: str, entity: str, before: dict[str, Any], after: dict[str, Any], names: _Names) -> str:
    parts: list[str] = []
    if text(before.get("stage")) and text(after.get("stage")) and before["stage"] != after["stage"]:
        parts.append(f"阶段：{label(PostStage, before['stage'])} → {label(PostStage, after['stage'])}")
    spec = spec_of(action)
    if spec is not None and spec.describe is not None:
        parts.append("，".join(p for p in spec.describe(Change(entity, before, after, names)) if p))
    return "；".join(p for p in parts if p)


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
