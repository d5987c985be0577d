"""Units and members: the lists, photos and positions, a unit named by the clerk, and how many
members were in normal standing on a past day."""

from __future__ import annotations

from datetime import date

from core.errors import DomainError
from core.store import Row, Store


def units(store: Store) -> list[Row]:
    return store.rows(
        "SELECT u.*, (SELECT count(*) FROM members m WHERE m.unit_id = u.id) AS member_count "
        "FROM units u ORDER BY u.sort_order, u.id"
    )


def unit_by_name_or_id(store: Store, text: str) -> Row:
    rows = store.rows("SELECT * FROM units WHERE name = ? OR CAST(id AS TEXT) = ? ORDER BY name = ? DESC", [text, text, text])
    if not rows:
        raise DomainError(f"找不到组织单元“{text}”。")
    return rows[0]


_MEMBER_COLUMNS = (
    "id", "uid", "name", "sex", "ethnicity", "birth_date", "id_number", "education", "category", "join_date",
    "full_date", "standing", "unit_id", "position", "phone", "notes", "pinyin", "initials",
)


def members(store: Store, *, unit_id: int | None = None) -> list[Row]:
    """Members without their photos (keeps 20,000 rows light), with the unit name."""
    where, params = ("WHERE m.unit_id = ?", [unit_id]) if unit_id is not None else ("", [])
    cols = ", ".join(f"m.{c}" for c in _MEMBER_COLUMNS)
    return store.rows(
        f"SELECT {cols}, m.photo IS NOT NULL AS has_photo, u.name AS unit_name "
        f"FROM members m JOIN units u ON u.id = m.unit_id {where} ORDER BY m.id",
        params,
    )


def member_photo(store: Store, member_id: int) -> bytes | None:
    value = store.scalar("SELECT photo FROM members WHERE id = ?", [member_id])
    return bytes(value) if value is not None else None


def members_photos(store: Store, member_ids: list[int]) -> dict[int, bytes]:
    """Photos of several members in one query (badges for thousands of members)."""
    photos: dict[int, bytes] = {}
    for start in range(0, len(member_ids), 500):
        chunk = member_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.rows(f"SELECT id, photo FROM members WHERE id IN ({marks}) AND photo IS NOT NULL", chunk):
            photos[int(row["id"])] = bytes(row["photo"])
    return photos


def member_positions(store: Store, member_ids: list[int]) -> dict[int, str]:
    positions: dict[int, str] = {}
    for start in range(0, len(member_ids), 500):
        chunk = member_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.rows(f"SELECT id, position FROM members WHERE id IN ({marks})", chunk):
            positions[int(row["id"])] = str(row["position"] or "")
    return positions


def members_on(store: Store, day: date) -> int:
    """Members in normal standing at the end of ``day``, as far as the records tell.

    Counted: members who had joined the party by then (入党时间, when known) and whose standing was
    normal then, i.e. before any later roster change recorded in the audit log. A member registered
    after ``day`` is left out when the roster was already kept by then (a transfer in or a new member);
    when nobody had been registered yet (the office started later) the 入党时间 alone decides."""
    text = day.isoformat()
    then: dict[int, str] = {}
    changes = store.rows(
        "SELECT a.id AS seq, a.entity_id AS member_id, json_extract(a.before, '$.standing') AS standing FROM audit_log a "
        "WHERE a.entity = 'members' AND a.action IN ('update_member', 'import_member') AND substr(a.at, 1, 10) > ? "
        "AND json_extract(a.before, '$.standing') IS NOT json_extract(a.after, '$.standing') "
        "UNION ALL SELECT a.id, json_extract(u.value, '$.id'), json_extract(u.value, '$.before.standing') "
        "FROM audit_log a, json_each(a.after, '$.updated') u WHERE a.action = 'import_roster' AND substr(a.at, 1, 10) > ? "
        "AND json_extract(u.value, '$.before.standing') IS NOT NULL ORDER BY seq",
        [text, text],
    )
    for change in changes:
        if change["member_id"] is not None and change["standing"]:
            then.setdefault(int(change["member_id"]), str(change["standing"]))
    kept = bool(store.scalar("SELECT 1 FROM members WHERE substr(created_at, 1, 10) <= ? LIMIT 1", [text]))
    count = 0
    for member in store.rows("SELECT id, standing, join_date, created_at FROM members"):
        if member["join_date"] and str(member["join_date"]) > text:
            continue
        if kept and str(member["created_at"])[:10] > text:
            continue
        if then.get(int(member["id"]), str(member["standing"])) == "normal":
            count += 1
    return count
