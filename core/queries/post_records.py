"""Posts as recorded: the list, one post, its members (now, or on its ballot and in its notice), who
serves now, the 亮身份 check, and the adjustments, revocations and placards to take back."""

from __future__ import annotations

import json

from core.enums import PostStage
from core.errors import DomainError
from core.post_rules import SERVING, stage_in
from core.store import Row, Store

# -- which of a post's members (DOMAIN rule 9: history as it was) --------------------------------
# Conditions on ``pm``, a post_members row. Since m003 each row records whether it was on the post's
# 岗前测评 ballot (``evaluated``) and in its 公示 (``publicized``): see ``evaluation.ON_BALLOT`` and
# ``publicity.IN_NOTICE``. Rows nobody recorded (a post merged from an older exchange package) go by
# the dates: on the post on the day of the ballot or the start of the notice.
SERVING_NOW = "pm.left_on IS NULL"


def recorded_or_on(flag: str, day: str) -> str:
    """``pm`` has ``flag`` recorded, or (none of its post's rows recorded) was on the post on ``day``."""
    return (f"(pm.{flag} = 1 OR (pm.{flag} IS NULL AND NOT EXISTS (SELECT 1 FROM post_members k "
            f"WHERE k.post_id = pm.post_id AND k.{flag} IS NOT NULL) AND pm.joined_on <= {day} "
            f"AND (pm.left_on IS NULL OR pm.left_on > {day})))")


def member_names_sql(condition: str, post: str = "p.id") -> str:
    """A subquery: the snapshot names of the post's members meeting ``condition``, leader first, joined by 、."""
    return ("(SELECT group_concat(name_snapshot, '、') FROM (SELECT pm.name_snapshot FROM post_members pm "
            f"WHERE pm.post_id = {post} AND {condition} ORDER BY pm.role = 'member', pm.id))")


# -- posts ---------------------------------------------------------------------------------------
def posts(
    store: Store,
    *,
    year: int | None = None,
    batch_id: int | None = None,
    stage: PostStage | None = None,
    unit_id: int | None = None,
    kind: str | None = None,
) -> list[Row]:
    """Posts with year, batch, unit name and their current members' names and leader."""
    clauses, params = [], []
    for cond, value in (("y.year = ?", year), ("p.batch_id = ?", batch_id),
                        ("p.stage = ?", stage.value if stage else None), ("p.unit_id = ?", unit_id), ("p.kind = ?", kind)):
        if value is not None:
            clauses.append(cond)
            params.append(value)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.rows(
        "SELECT p.*, y.year, b.number AS batch_number, b.name AS batch_name, u.name AS unit_name, "
        f"{member_names_sql(SERVING_NOW)} AS member_names, "
        "(SELECT name_snapshot FROM post_members WHERE post_id = p.id AND left_on IS NULL AND role = 'leader') AS leader_name, "
        "(SELECT count(*) FROM post_members WHERE post_id = p.id AND left_on IS NULL) AS member_count "
        "FROM posts p JOIN batches b ON b.id = p.batch_id JOIN campaign_years y ON y.id = b.year_id "
        f"JOIN units u ON u.id = p.unit_id {where} ORDER BY y.year DESC, b.number, p.id",
        params,
    )


def confirmed_posts(store: Store, year: int | None = None, batch_id: int | None = None, unit_id: int | None = None) -> list[Row]:
    """Posts confirmed (on duty now, or confirmed and later ended) for the final list."""
    clauses = ["p.confirmed_on IS NOT NULL"]
    params: list[object] = []
    for cond, value in (("y.year = ?", year), ("p.batch_id = ?", batch_id), ("p.unit_id = ?", unit_id)):
        if value is not None:
            clauses.append(cond)
            params.append(value)
    return store.rows(
        f"SELECT p.*, u.name AS unit_name, y.year, b.name AS batch_name, {member_names_sql(SERVING_NOW)} AS member_names "
        "FROM posts p JOIN units u ON u.id = p.unit_id JOIN batches b ON b.id = p.batch_id "
        f"JOIN campaign_years y ON y.id = b.year_id WHERE {' AND '.join(clauses)} ORDER BY u.sort_order, p.code, p.id",
        params,
    )


def post(store: Store, post_id: int) -> Row:
    """One post with its 五创 as a list, its unit name and its year."""
    row = store.get("posts", post_id)
    row["creations_list"] = json.loads(row["creations"])
    row["unit_name"] = store.scalar("SELECT name FROM units WHERE id = ?", [row["unit_id"]])
    row["year"] = store.scalar(
        "SELECT y.year FROM batches b JOIN campaign_years y ON y.id = b.year_id WHERE b.id = ?", [row["batch_id"]])
    return row


def post_by_code(store: Store, code: str) -> Row:
    """The post (a posts row) with this 岗位编号 or 岗牌编号."""
    rows = store.rows("SELECT id FROM posts WHERE code = ? OR placard_no = ?", [code, code])
    if not rows:
        raise DomainError(f"找不到编号为“{code}”的示范岗。")
    return store.get("posts", int(rows[0]["id"]))


def post_members(store: Store, post_id: int, *, current_only: bool = True) -> list[Row]:
    cond = "AND pm.left_on IS NULL" if current_only else ""
    return store.rows(
        "SELECT pm.*, m.sex, m.birth_date, m.phone, m.category, m.photo IS NOT NULL AS has_photo "
        f"FROM post_members pm JOIN members m ON m.id = pm.member_id WHERE pm.post_id = ? {cond} "
        "ORDER BY pm.role = 'member', pm.id",
        [post_id],
    )


def serving_members(store: Store, *, unit_id: int | None = None) -> list[Row]:
    """Everyone serving now on a post on duty, of one unit or all, in the units' order (badges, the
    monthly grid and assessment form, the 五评 form, the export)."""
    serving, stages = stage_in("p.stage", SERVING)
    params: list[object] = [*stages]
    if unit_id is not None:
        serving += " AND p.unit_id = ?"
        params.append(unit_id)
    return store.rows(
        "SELECT pm.*, p.name AS post_name, p.code, p.placard_no, p.unit_id, u.name AS unit_name, p.kind, "
        "u.kind AS unit_kind FROM post_members pm JOIN posts p ON p.id = pm.post_id JOIN units u ON u.id = p.unit_id "
        f"WHERE {SERVING_NOW} AND {serving} ORDER BY u.sort_order, u.id, p.id, pm.role = 'member', pm.id",
        params,
    )


def identity_mismatches(store: Store, post_id: int) -> tuple[list[str], list[str]]:
    """The post's 亮身份 text against its members: names of members who have left the post that it
    still shows, and names of current members it does not show (both in post_members order).

    亮身份 is free text entered at nomination (“中共党员 翟国成”); after an adjustment it may still
    name the former member. A name that only appears inside a current member's longer name is
    not counted."""
    post = store.rows("SELECT display_identity FROM posts WHERE id = ?", [post_id])
    if not post:
        return [], []
    text = str(post[0]["display_identity"] or "")
    rows = store.rows("SELECT name_snapshot, left_on FROM post_members WHERE post_id = ? ORDER BY id", [post_id])
    current = [str(r["name_snapshot"]) for r in rows if r["left_on"] is None]
    left = [str(r["name_snapshot"]) for r in rows if r["left_on"] is not None]
    rest = text
    for name in sorted(current, key=len, reverse=True):
        rest = rest.replace(name, "\0")
    stale = list(dict.fromkeys(n for n in left if n and n not in current and n in rest))
    # Missing names matter only when the text lists members at all (not e.g. “综合执法队全体党员”).
    names_any = any(n and n in text for n in current + left)
    missing = list(dict.fromkeys(n for n in current if n and n not in text)) if names_any else []
    return stale, missing


# -- what changed a post -------------------------------------------------------------------------
def adjustments(store: Store, *, post_id: int | None = None) -> list[Row]:
    where = "WHERE a.post_id = ?" if post_id is not None else ""
    return store.rows(
        "SELECT a.*, p.name AS post_name, mo.name AS member_out_name, mi.name AS member_in_name FROM adjustments a "
        "JOIN posts p ON p.id = a.post_id LEFT JOIN members mo ON mo.id = a.member_out_id "
        f"LEFT JOIN members mi ON mi.id = a.member_in_id {where} ORDER BY a.adjusted_on DESC, a.id DESC",
        [post_id] if post_id is not None else [],
    )


def revocations(store: Store) -> list[Row]:
    return store.rows(
        "SELECT r.*, p.name AS post_name, p.code, p.placard_no, u.name AS unit_name FROM revocations r "
        "JOIN posts p ON p.id = r.post_id JOIN units u ON u.id = p.unit_id ORDER BY r.decided_on DESC"
    )


def reclaim_register(store: Store, *, pending_only: bool = False) -> list[Row]:
    where = "WHERE c.returned_on IS NULL" if pending_only else ""
    return store.rows(
        "SELECT c.*, p.name AS post_name, p.code, u.name AS unit_name FROM placard_reclaims c "
        f"JOIN posts p ON p.id = c.post_id JOIN units u ON u.id = p.unit_id {where} ORDER BY c.marked_on DESC, c.id"
    )
