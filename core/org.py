"""Actions on the organization, its units and its members (the roster)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from core import validate
from core.enums import Education, MemberCategory, OrgType, PostStage, Sex, Standing, UnitKind
from core.errors import DomainError
from core.idcard import check_consistency, parse_id_number
from core.member_search import pinyin_keys as pinyin_keys
from core.post_rules import ACTIVE, stage_in
from core.settings import Settings
from core.store import Changes, Row, Store, new_uid, now_text

MAX_PROBATION_YEARS = 2  # one year, extended by at most one more
MIN_JOIN_AGE = 18


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
        store.audit("setup_organization", "organization", 1, None, row)
    return Changes("setup_organization", "organization", (1,), f"已建立组织“{row['name']}”。", frozenset({"organization"}))


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
    if new_type is not OrgType(before["org_type"]) and (new_type is OrgType.HOSPITAL) != (
        before["org_type"] == OrgType.HOSPITAL.value
    ):
        used = store.scalar(
            "SELECT count(*) FROM units WHERE kind IN (?, ?)",
            [UnitKind.DEPARTMENT.value, UnitKind.BRANCH_HOSPITAL.value],
        )
        if used and new_type is not OrgType.HOSPITAL:
            raise DomainError("已有科室或分院，不能把组织类型改为非医院类型。请先调整这些组织单元。")
    changes = {
        "name": validate.text(name, "组织名称", max_len=60, field="name"),
        "org_type": new_type.value,
        "supervision_phone": validate.phone(supervision_phone, "监督电话", field="supervision_phone"),
        "address": validate.text(address, "地址", required=False, max_len=100),
        "operator": validate.text(operator, "操作员", required=False, max_len=20),
    }
    with store.transaction():
        store.update("organization", 1, changes)
        store.audit("update_organization", "organization", 1, before, changes)
    return Changes("update_organization", "organization", (1,), "组织信息已保存。", frozenset({"organization"}))


def update_settings(store: Store, settings: Settings) -> Changes:
    before = store.settings()
    text = settings.validated().to_json()
    with store.transaction():
        store.update("organization", 1, {"settings": text})
        store.audit("update_settings", "organization", 1, {"settings": before.to_json()}, {"settings": text})
    return Changes("update_settings", "organization", (1,), "设置已保存。", frozenset({"organization"}))


# -- units ------------------------------------------------------------------------------------
def create_unit(
    store: Store, *, name: str, kind: UnitKind, parent_id: int | None = None, secretary: str = ""
) -> Changes:
    row = _unit_row(store, name=name, kind=kind, parent_id=parent_id, secretary=secretary, unit_id=None)
    row.update({"uid": new_uid(), "created_at": now_text(), "active": 1})
    with store.transaction():
        unit_id = store.insert("units", row)
        store.audit("create_unit", "units", unit_id, None, row)
    return Changes("create_unit", "units", (int(unit_id),), f"已新建{UnitKind(kind).label}“{row['name']}”。", frozenset({"units"}))


def update_unit(
    store: Store, unit_id: int, *, name: str, kind: UnitKind, parent_id: int | None, secretary: str = ""
) -> Changes:
    before = store.get("units", unit_id)
    row = _unit_row(store, name=name, kind=kind, parent_id=parent_id, secretary=secretary, unit_id=unit_id)
    with store.transaction():
        store.update("units", unit_id, row)
        store.audit("update_unit", "units", unit_id, before, row)
    return Changes("update_unit", "units", (unit_id,), f"已保存“{row['name']}”。", frozenset({"units"}))


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
@dataclass(frozen=True)
class MemberInput:
    """What a clerk types (or a roster row gives) for one party member."""

    name: str
    id_number: str
    unit_id: int
    category: MemberCategory = MemberCategory.FULL
    sex: Sex | None = None
    birth_date: date | None = None
    ethnicity: str = "汉族"
    education: Education | None = None
    join_date: date | None = None
    full_date: date | None = None
    standing: Standing = Standing.NORMAL
    position: str = ""
    phone: str = ""
    notes: str = ""


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


def underage_problem(birth: date, today: date) -> str | None:
    """Only people of at least 18 can be party members (党章), whether or not a join date is given."""
    if validate.age_on(birth, today) < MIN_JOIN_AGE:
        return (f"按身份证号，此人出生于{birth.isoformat()}，现在未满{MIN_JOIN_AGE}周岁，不能登记为党员；"
                "请核对身份证号")
    return None


def probation_problem(category: MemberCategory, join: date | None, today: date) -> str | None:
    """预备期为一年，最多延长一年 (党章): a member who joined more than two years ago cannot still be
    probationary — the category or the join date is wrong."""
    if category is MemberCategory.PROBATIONARY and join is not None and validate.age_on(join, today) >= MAX_PROBATION_YEARS:
        return (f"入党时间为{join.isoformat()}，预备期（一年，最多延长一年）早已届满，不应仍是预备党员；"
                "已转正的请把党员类别改为正式党员并填写转正时间，否则请核对入党时间")
    return None


def serving_conflict(posts: Sequence[Row], name: str, standing: Standing, category: MemberCategory) -> str | None:
    """Why a roster change may not be saved while the member serves (None when it may).

    Only members in normal standing serve on a post, and a collective post's person in charge is a
    full member: such a change must go through an adjustment (调整) of the post first.
    """
    if not posts:
        return None
    if standing is not Standing.NORMAL:
        post = posts[0]
        return (f"{name}正在示范岗“{post['name']}”（{PostStage(post['stage']).label}）上，党籍状态不能直接改为"
                f"“{standing.label}”：请先在示范岗中调整人员或撤岗，再修改。")
    leading = [p for p in posts if p["kind"] == "collective" and p["role"] == "leader"]
    if category is MemberCategory.PROBATIONARY and leading:
        return (f"{name}是集体示范岗“{leading[0]['name']}”的负责人，负责人应为正式党员，"
                "不能改为预备党员：请先更换负责人。")
    return None


def member_row(store: Store, data: MemberInput, *, member_id: int | None) -> Row:
    """Validate one member; return the row to write. Raises DomainError naming the field."""
    today = store.today()
    name = validate.name(data.name)
    info = parse_id_number(data.id_number, today=today)
    underage = underage_problem(info.birth_date, today)
    if underage:
        raise DomainError(underage + "。", field="id_number")
    check_consistency(info, data.birth_date, data.sex)
    clash = store.scalar("SELECT name FROM members WHERE id_number = ? AND id IS NOT ?", [info.number, member_id])
    if clash is not None:
        raise DomainError(f"身份证号{info.number}已登记在党员“{clash}”名下，不能重复登记。", field="id_number")
    unit = store.get("units", data.unit_id)
    category = MemberCategory(data.category)
    join = validate.day(data.join_date, "入党时间", today=today, required=False, field="join_date")
    full = validate.day(data.full_date, "转正时间", today=today, required=False, field="full_date")
    if join is not None:
        if join <= info.birth_date:
            raise DomainError("入党时间早于出生日期，请核对。", field="join_date")
        if validate.age_on(info.birth_date, join) < MIN_JOIN_AGE:
            raise DomainError(
                f"入党时间{join.isoformat()}时未满{MIN_JOIN_AGE}周岁，请核对入党时间或身份证号。", field="join_date"
            )
    if full is not None:
        if category is MemberCategory.PROBATIONARY:
            raise DomainError("预备党员不应有转正时间；已转正的请把党员类别改为正式党员。", field="full_date")
        if join is not None and full <= join:
            raise DomainError("转正时间应晚于入党时间。", field="full_date")
    overdue = probation_problem(category, join, today)
    if overdue:
        raise DomainError(overdue + "。", field="category")
    if member_id is not None:
        conflict = serving_conflict(serving_posts(store, member_id).get(member_id, []), name, Standing(data.standing), category)
        if conflict:
            raise DomainError(conflict, field="standing" if Standing(data.standing) is not Standing.NORMAL else "category")
    education = Education(data.education).value if data.education else ""
    pinyin, initials = pinyin_keys(name)
    return {
        "name": name,
        "sex": info.sex.value,
        "ethnicity": validate.text(data.ethnicity, "民族", required=False, max_len=20),
        "birth_date": info.birth_date.isoformat(),
        "id_number": info.number,
        "education": education,
        "category": category.value,
        "join_date": join.isoformat() if join else None,
        "full_date": full.isoformat() if full else None,
        "standing": Standing(data.standing).value,
        "unit_id": unit["id"],
        "position": validate.text(data.position, "工作岗位", required=False, max_len=60, field="position"),
        "phone": validate.phone(data.phone),
        "notes": validate.text(data.notes, "备注", required=False, max_len=500, field="notes"),
        "pinyin": pinyin,
        "initials": initials,
        "updated_at": now_text(),
    }


def add_member(store: Store, data: MemberInput) -> Changes:
    row = member_row(store, data, member_id=None)
    row.update({"uid": new_uid(), "created_at": row["updated_at"]})
    with store.transaction():
        member_id = store.insert("members", row)
        store.audit("add_member", "members", member_id, None, row)
    return Changes("add_member", "members", (member_id,), f"已登记党员{row['name']}。", frozenset({"members"}))


def update_member(store: Store, member_id: int, data: MemberInput) -> Changes:
    before = store.get("members", member_id)
    row = member_row(store, data, member_id=member_id)
    with store.transaction():
        store.update("members", member_id, row)
        store.audit("update_member", "members", member_id, before, row)
    return Changes("update_member", "members", (member_id,), f"已保存党员{row['name']}的信息。", frozenset({"members"}))


def set_member_photo(store: Store, member_id: int, jpeg: bytes | None) -> Changes:
    """Store a (normalized) photo; ``None`` removes it."""
    before = store.get("members", member_id)
    if jpeg is not None and not jpeg.startswith(b"\xff\xd8"):
        raise DomainError("照片须为JPEG格式。", field="photo")
    if jpeg is not None and len(jpeg) > 2_000_000:
        raise DomainError("照片太大（超过2MB），请压缩后再上传。", field="photo")
    with store.transaction():
        store.update("members", member_id, {"photo": jpeg, "updated_at": now_text()})
        store.audit("set_member_photo", "members", member_id, {"photo": before["photo"]}, {"photo": jpeg})
    return Changes("set_member_photo", "members", (member_id,), f"已更新{before['name']}的照片。", frozenset({"members"}))


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
            store.audit("set_member_photo", "members", member_id, None, {"photo": jpeg})
    ids = tuple(photos)
    return Changes("set_member_photos", "members", ids, f"已更新{len(ids)}张照片。", frozenset({"members"}))


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    updated: int
    member_ids: tuple[int, ...]


def import_members(store: Store, items: Sequence[MemberInput]) -> tuple[Changes, ImportOutcome]:
    """Add or update many members in one transaction, matched by ID number.

    Every row is validated first; one bad row refuses the whole batch with its position.
    """
    seen: dict[str, int] = {}
    prepared: list[tuple[int | None, Row]] = []
    existing = {r[0]: r[1] for r in store.db.execute("SELECT id_number, id FROM members")}
    for index, item in enumerate(items, start=1):
        number = item.id_number.strip().upper()
        if number in seen:
            raise DomainError(f"第{index}条与第{seen[number]}条的身份证号相同（{number}）。")
        seen[number] = index
        member_id = existing.get(number)
        try:
            row = member_row(store, replace(item), member_id=member_id)
        except DomainError as error:
            raise DomainError(f"第{index}条（{item.name}）：{error.message}", field=error.field) from None
        prepared.append((member_id, row))
    ids: list[int] = []
    added = updated = 0
    with store.transaction():
        for member_id, row in prepared:
            if member_id is None:
                row.update({"uid": new_uid(), "created_at": row["updated_at"]})
                new_id = store.insert("members", row)
                store.audit("import_member", "members", new_id, None, row)
                ids.append(new_id)
                added += 1
            else:
                before = store.get("members", member_id)
                store.update("members", member_id, row)
                store.audit("import_member", "members", member_id, before, row)
                ids.append(member_id)
                updated += 1
    outcome = ImportOutcome(added, updated, tuple(ids))
    return (
        Changes("import_members", "members", tuple(ids), f"已导入党员：新增{added}人，更新{updated}人。", frozenset({"members"})),
        outcome,
    )


