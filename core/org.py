"""Actions on the organization, its units and its members (the roster); what a member must satisfy is in core.member_rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core import validate
from core.actions import AuditAction
from core.enums import OrgType, Terms, UnitKind
from core.errors import DomainError
from core.member_rules import MemberInput as MemberInput
from core.member_rules import check_member
from core.member_search import pinyin_keys as pinyin_keys
from core.post_rules import ACTIVE, stage_in
from core.settings import Settings
from core.store import Changes, Row, Store, new_uid, now_text


def setup_organization(
    store: Store,
    *,
    name: str,
    org_type: OrgType,
    supervision_phone: str = "",
    address: str = "",
    operator: str = "",
    settings: Settings | None = None,
) -> Changes:
    """First-run: create the organization row."""
    if store.has_organization():
        raise DomainError("组织信息已经建立，如需修改请到“设置”页。")
    row = {
        "id": 1,
        "uid": new_uid(),
        "name": validate.text(name, "组织名称", max_len=60, field="name"),
        "org_type": OrgType(org_type).value,
        "supervision_phone": validate.phone(supervision_phone, "监督电话", field="supervision_phone"),
        "address": validate.text(address, "地址", required=False, max_len=100),
        "operator": validate.text(operator, "操作员", required=False, max_len=20),
        "settings": (settings or Settings()).validated().to_json(),
        "created_at": now_text(),
    }
    with store.transaction():
        store.insert("organization", row)
        store.audit(AuditAction.SETUP_ORGANIZATION, "organization", 1, None, row)
    return Changes(AuditAction.SETUP_ORGANIZATION, "organization", (1,), f"已建立组织“{row['name']}”。", frozenset({"organization"}))


def update_organization(
    store: Store,
    *,
    name: str,
    org_type: OrgType,
    supervision_phone: str,
    address: str = "",
    operator: str = "",
) -> Changes:
    before = store.organization()
    new_type = OrgType(org_type)
    if new_type is not OrgType(before["org_type"]):
        # Units of kinds the new type does not have (a hospital's 科室 under a street) would be stranded.
        allowed = Terms(new_type).unit_kinds
        used = [UnitKind(kind) for (kind,) in store.db.execute("SELECT DISTINCT kind FROM units ORDER BY kind")]
        stranded = [kind.label for kind in used if kind not in allowed]
        if stranded:
            raise DomainError(f"已有{'或'.join(stranded)}，不能把组织类型改为{new_type.label}。请先调整这些组织单元。",
                              field="org_type")
    changes = {
        "name": validate.text(name, "组织名称", max_len=60, field="name"),
        "org_type": new_type.value,
        "supervision_phone": validate.phone(supervision_phone, "监督电话", field="supervision_phone"),
        "address": validate.text(address, "地址", required=False, max_len=100),
        "operator": validate.text(operator, "操作员", required=False, max_len=20),
    }
    with store.transaction():
        store.update("organization", 1, changes)
        store.audit(AuditAction.UPDATE_ORGANIZATION, "organization", 1, before, changes)
    return Changes(AuditAction.UPDATE_ORGANIZATION, "organization", (1,), "组织信息已保存。", frozenset({"organization"}))


def update_settings(store: Store, settings: Settings) -> Changes:
    before = store.settings()
    text = settings.validated().to_json()
    with store.transaction():
        store.update("organization", 1, {"settings": text})
        store.audit(AuditAction.UPDATE_SETTINGS, "organization", 1, {"settings": before.to_json()}, {"settings": text})
    return Changes(AuditAction.UPDATE_SETTINGS, "organization", (1,), "设置已保存。", frozenset({"organization"}))


# -- units ------------------------------------------------------------------------------------
def create_unit(
    store: Store, *, name: str, kind: UnitKind, parent_id: int | None = None, secretary: str = ""
) -> Changes:
    row = _unit_row(store, name=name, kind=kind, parent_id=parent_id, secretary=secretary, unit_id=None)
    row.update({"uid": new_uid(), "created_at": now_text(), "active": 1})
    with store.transaction():
        unit_id = store.insert("units", row)
        store.audit(AuditAction.CREATE_UNIT, "units", unit_id, None, row)
    return Changes(AuditAction.CREATE_UNIT, "units", (int(unit_id),), f"已新建{UnitKind(kind).label}“{row['name']}”。", frozenset({"units"}))


def update_unit(
    store: Store, unit_id: int, *, name: str, kind: UnitKind, parent_id: int | None, secretary: str = ""
) -> Changes:
    before = store.get("units", unit_id)
    row = _unit_row(store, name=name, kind=kind, parent_id=parent_id, secretary=secretary, unit_id=unit_id)
    with store.transaction():
        store.update("units", unit_id, row)
        store.audit(AuditAction.UPDATE_UNIT, "units", unit_id, before, row)
    return Changes(AuditAction.UPDATE_UNIT, "units", (unit_id,), f"已保存“{row['name']}”。", frozenset({"units"}))


def _unit_row(
    store: Store, *, name: str, kind: UnitKind, parent_id: int | None, secretary: str, unit_id: int | None
) -> Row:
    clean = validate.text(name, "单位名称", max_len=60, field="name")
    unit_kind = UnitKind(kind)
    terms = store.terms()
    # A unit merged from another office's package (a hospital's 科室 in a street database) keeps its kind.
    current_kind = store.scalar("SELECT kind FROM units WHERE id = ?", [unit_id]) if unit_id is not None else None
    if unit_kind not in terms.unit_kinds and unit_kind.value != current_kind:
        allowed = "、".join(k.label for k in terms.unit_kinds)
        raise DomainError(f"{terms.committee}下的组织单元只能是{allowed}，不能是{unit_kind.label}。", field="kind")
    clash = store.scalar(
        "SELECT id FROM units WHERE name = ? AND id IS NOT ?", [clean, unit_id]
    )
    if clash:
        raise DomainError(f"已经有名为“{clean}”的组织单元，请换一个名称。", field="name")
    if parent_id is not None:
        store.get("units", parent_id)
        ancestor: int | None = parent_id
        while ancestor is not None:
            if ancestor == unit_id:
                raise DomainError("上级单位不能是它自己或它的下级单位。", field="parent_id")
            ancestor = store.scalar("SELECT parent_id FROM units WHERE id = ?", [ancestor])
    return {
        "name": clean,
        "kind": unit_kind.value,
        "parent_id": parent_id,
        "secretary": validate.text(secretary, "书记", required=False, max_len=30),
    }


# -- members ----------------------------------------------------------------------------------
def serving_posts(store: Store, member_id: int | None = None) -> dict[int, list[Row]]:
    """Posts each member (or just ``member_id``) is on now, in any stage that is not over (ACTIVE)."""
    only = "AND pm.member_id = ? " if member_id is not None else ""
    active, stages = stage_in("p.stage", ACTIVE)
    result: dict[int, list[Row]] = {}
    for row in store.rows(
        "SELECT pm.member_id, p.name, p.stage, p.kind, pm.role FROM post_members pm JOIN posts p ON p.id = pm.post_id "
        f"WHERE pm.left_on IS NULL {only}AND {active}",
        [*([member_id] if member_id is not None else []), *stages],
    ):
        result.setdefault(int(row["member_id"]), []).append(row)
    return result


class _RegisteredInStore:
    """The registered members as the form's check sees them: looked up one at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def holder(self, id_number: str) -> tuple[int, str] | None:
        row = self.store.db.execute("SELECT id, name FROM members WHERE id_number = ?", [id_number]).fetchone()
        return (int(row[0]), str(row[1])) if row is not None else None

    def serving(self, member_id: int) -> Sequence[Row]:
        return serving_posts(self.store, member_id).get(member_id, [])


def member_row(store: Store, data: MemberInput, *, member_id: int | None) -> Row:
    """Validate one member (``member_rules.check_member``); return the row to write. Raises the
    first problem as a DomainError naming the field."""
    checked = check_member(data, _RegisteredInStore(store), today=store.today(), member_id=member_id)
    if checked.values is None:
        raise checked.problems[0].error()
    unit = store.get("units", data.unit_id)
    return {**checked.values, "unit_id": unit["id"], "updated_at": now_text()}


def add_member(store: Store, data: MemberInput) -> Changes:
    row = member_row(store, data, member_id=None)
    row.update({"uid": new_uid(), "created_at": row["updated_at"]})
    with store.transaction():
        member_id = store.insert("members", row)
        store.audit(AuditAction.ADD_MEMBER, "members", member_id, None, row)
    return Changes(AuditAction.ADD_MEMBER, "members", (member_id,), f"已登记党员{row['name']}。", frozenset({"members"}))


def update_member(store: Store, member_id: int, data: MemberInput) -> Changes:
    before = store.get("members", member_id)
    row = member_row(store, data, member_id=member_id)
    with store.transaction():
        store.update("members", member_id, row)
        store.audit(AuditAction.UPDATE_MEMBER, "members", member_id, before, row)
    return Changes(AuditAction.UPDATE_MEMBER, "members", (member_id,), f"已保存党员{row['name']}的信息。", frozenset({"members"}))


def set_member_photo(store: Store, member_id: int, jpeg: bytes | None) -> Changes:
    """Store a (normalized) photo; ``None`` removes it."""
    before = store.get("members", member_id)
    if jpeg is not None and not jpeg.startswith(b"\xff\xd8"):
        raise DomainError("照片须为JPEG格式。", field="photo")
    if jpeg is not None and len(jpeg) > 2_000_000:
        raise DomainError("照片太大（超过2MB），请压缩后再上传。", field="photo")
    with store.transaction():
        store.update("members", member_id, {"photo": jpeg, "updated_at": now_text()})
        store.audit(AuditAction.SET_MEMBER_PHOTO, "members", member_id, {"photo": before["photo"]}, {"photo": jpeg})
    return Changes(AuditAction.SET_MEMBER_PHOTO, "members", (member_id,), f"已更新{before['name']}的照片。", frozenset({"members"}))


def set_member_photos(store: Store, photos: Mapping[int, bytes]) -> Changes:
    """Store many (normalized) JPEG photos in one transaction (bulk photo import)."""
    for member_id, jpeg in photos.items():
        store.get("members", member_id)
        if not jpeg.startswith(b"\xff\xd8"):
            raise DomainError(f"编号{member_id}的照片不是JPEG格式。", field="photo")
    stamp = now_text()
    with store.transaction():
        for member_id, jpeg in photos.items():
            store.update("members", member_id, {"photo": jpeg, "updated_at": stamp})
            store.audit(AuditAction.SET_MEMBER_PHOTO, "members", member_id, None, {"photo": jpeg})
    ids = tuple(photos)
    return Changes(AuditAction.SET_MEMBER_PHOTO, "members", ids, f"已更新{len(ids)}张照片。", frozenset({"members"}))
