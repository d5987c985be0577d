"""Writing a checked roster: every row in one transaction (all or nothing), members matched by ID
number and updated, confirmed new units created, and one audit entry listing every change."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.actions import AuditAction
from core.enums import UnitKind
from core.errors import DomainError
from core.org import create_unit
from core.roster.check import Preview
from core.store import Changes, Row, Store, now_text


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    skipped_rows: tuple[int, ...]
    new_units: tuple[str, ...]
    member_ids: tuple[int, ...]
    changes: Changes

    @property
    def message(self) -> str:
        text = f"导入完成：新增党员{self.added}人，更新{self.updated}人"
        if self.new_units:
            text += f"；新建组织单元{len(self.new_units)}个（{'、'.join(self.new_units)}）"
        if self.skipped_rows:
            text += f"；有问题的{len(self.skipped_rows)}行未导入"
        return text + "。"


# The file's field each member column comes from (sex and birth date are read from the ID number).
_SOURCE_FIELD = {"unit_id": "unit", "pinyin": "name", "initials": "name", "sex": "id_number", "birth_date": "id_number"}
_MEMBER_WRITE = ("name", "sex", "ethnicity", "birth_date", "id_number", "education", "category", "join_date",
                 "full_date", "standing", "unit_id", "position", "phone", "notes", "pinyin", "initials", "updated_at")


def apply_import(store: Store, preview: Preview, *, valid_only: bool = False, create_units: bool = False,
                 source: str = "") -> ImportSummary:
    """Write the checked rows in ONE transaction (all or nothing), creating confirmed new units.

    With problems and without ``valid_only`` nothing is written. Rows are matched to existing
    members by ID number and updated; the whole import is one audit entry listing every change.
    """
    if preview.file_problems:
        raise DomainError(preview.file_problems[0].reason)
    if preview.problems and not valid_only:
        raise DomainError(f"文件中有{len(preview.bad_rows)}行存在问题，为保证名册完整，本次没有导入任何数据。"
                          "请修正后重新导入，或选择“只导入无误的行”。")
    rows = preview.valid_rows
    if not rows:
        raise DomainError("没有可以导入的行。")
    used_units = {r.unit_name for r in rows}
    needed = [u for u in preview.new_units if u in used_units]
    stamp = now_text()
    added_ids: list[int] = []
    updated_ids: list[int] = []
    with store.transaction():
        units = {r[0]: r[1] for r in store.db.execute("SELECT name, id FROM units")}
        missing = [u for u in needed if u not in units]
        if missing and not create_units:
            raise DomainError(f"以下组织单元尚不存在：{'、'.join(missing)}。请确认新建后再导入。")
        kinds = store.terms().unit_kinds
        for unit_name in missing:
            units[unit_name] = create_unit(store, name=unit_name, kind=unit_kind_for(unit_name, kinds)).id
        existing = {r[0]: r[1] for r in store.db.execute("SELECT id_number, id FROM members")}
        before_rows = _rows_by_id(store, [existing[r.values["id_number"]] for r in rows
                                         if r.values["id_number"] in existing])
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        audit_added: list[list[Any]] = []
        audit_updated: list[Row] = []
        fresh = sum(1 for r in rows if r.values["id_number"] not in existing)
        uids = iter(_new_uids(fresh))
        for planned in rows:
            values = {**planned.values, "unit_id": units[planned.unit_name], "updated_at": stamp}
            member_id = existing.get(values["id_number"])
            if member_id is None:
                uid = next(uids)
                inserts.append((uid, *(values[k] for k in _MEMBER_WRITE), stamp))
                audit_added.append([uid, planned.row, *(values[k] for k in _AUDIT_FIELDS)])
            else:
                before = before_rows[member_id]
                # A column the file does not have keeps what is registered (a short roster of names and
                # phones must not wipe join dates or turn 预备党员 into 正式党员).
                for key in _MEMBER_WRITE:
                    if key != "updated_at" and _SOURCE_FIELD.get(key, key) not in preview.present:
                        values[key] = before.get(key)
                changed = {k: values[k] for k in _MEMBER_WRITE if k != "updated_at" and before.get(k) != values[k]}
                if changed:
                    changed["updated_at"] = stamp
                    updates.append((*(values[k] for k in _MEMBER_WRITE), member_id))
                    audit_updated.append({"id": member_id, "row": planned.row,
                                          "before": {k: before.get(k) for k in changed if k != "updated_at"},
                                          "after": {k: v for k, v in changed.items() if k != "updated_at"}})
                updated_ids.append(member_id)
        columns = ", ".join(("uid", *_MEMBER_WRITE, "created_at"))
        marks = ", ".join("?" * (len(_MEMBER_WRITE) + 2))
        store.db.conn.executemany(f"INSERT INTO members ({columns}) VALUES ({marks})", inserts)
        assignments = ", ".join(f"{k} = ?" for k in _MEMBER_WRITE)
        store.db.conn.executemany(f"UPDATE members SET {assignments} WHERE id = ?", updates)
        if inserts:
            ids = dict(store.db.execute("SELECT id_number, id FROM members").fetchall())
            added_ids = [ids[values[2 + _AUDIT_FIELDS.index("id_number")]] for values in audit_added]
        store.audit(AuditAction.IMPORT_ROSTER, "members", None, None, {
            "file": source or preview.table.path.name,
            "added": {"fields": ["uid", "row", *_AUDIT_FIELDS], "rows": audit_added}, "updated": audit_updated,
            "unchanged": len(updated_ids) - len(audit_updated), "new_units": missing,
        })
    skipped = tuple(preview.bad_rows)
    member_ids = tuple(added_ids + updated_ids)
    tables = frozenset({"members", "units"} if missing else {"members"})
    summary_text = f"已导入党员：新增{len(added_ids)}人，更新{len(updated_ids)}人。"
    changes = Changes(AuditAction.IMPORT_ROSTER, "members", member_ids, summary_text, tables)
    return ImportSummary(len(added_ids), len(updated_ids), skipped, tuple(missing), member_ids, changes)


# What the audit entry records of each added member (pinyin keys are derived, so left out).
_AUDIT_FIELDS = tuple(k for k in _MEMBER_WRITE if k not in ("pinyin", "initials", "updated_at"))


def _new_uids(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs from one call to the system's random source."""
    raw = bytearray(os.urandom(16 * count))
    result = []
    for start in range(0, 16 * count, 16):
        raw[start + 6] = (raw[start + 6] & 0x0F) | 0x40
        raw[start + 8] = (raw[start + 8] & 0x3F) | 0x80
        h = raw[start:start + 16].hex()
        result.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return result


def _rows_by_id(store: Store, ids: list[int]) -> dict[int, Row]:
    result: dict[int, Row] = {}
    cols = ", ".join(("id", *_MEMBER_WRITE))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in store.rows(f"SELECT {cols} FROM members WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            result[int(row["id"])] = row
    return result


def unit_kind_for(name: str, kinds: Sequence[UnitKind]) -> UnitKind:
    """Guess the kind of a unit named in a roster: 党总支, 分院, 科/室 (hospital) or 党支部."""
    if name.endswith("党总支") and UnitKind.GENERAL_BRANCH in kinds:
        return UnitKind.GENERAL_BRANCH
    if name.endswith("分院") and UnitKind.BRANCH_HOSPITAL in kinds:
        return UnitKind.BRANCH_HOSPITAL
    if name.endswith(("科", "室", "部", "中心")) and "支部" not in name and UnitKind.DEPARTMENT in kinds:
        return UnitKind.DEPARTMENT
    return UnitKind.BRANCH
