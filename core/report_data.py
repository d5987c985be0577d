"""Read-only queries the printed documents need beyond ``core.queries`` (all SQL stays in core/)."""

from __future__ import annotations

from datetime import date

from core.enums import PostStage
from core.errors import DomainError
from core.queries import (
    IN_NOTICE,
    ON_BALLOT_OR_AWAITING,
    count_per_unit,
    member_names_sql,
    posts_with_dates,
    stage_on,
)
from core.store import Row, Store


def batch_by_number(store: Store, year: int, number: int) -> Row:
    rows = store.rows(
        "SELECT b.*, y.year FROM batches b JOIN campaign_years y ON y.id = b.year_id WHERE y.year = ? AND b.number = ?",
        [year, number],
    )
    if not rows:
        raise DomainError(f"{year}年没有第{number}批。")
    return rows[0]


def latest_batch(store: Store, year: int | None = None) -> Row | None:
    """The most recent batch (of ``year`` when given)."""
    sql = "SELECT b.*, y.year FROM batches b JOIN campaign_years y ON y.id = b.year_id "
    params: list[object] = []
    if year is not None:
        sql += "WHERE y.year = ? "
        params.append(year)
    rows = store.rows(sql + "ORDER BY y.year DESC, b.number DESC LIMIT 1", params)
    return rows[0] if rows else None


def unit_by_name_or_id(store: Store, text: str) -> Row:
    rows = store.rows("SELECT * FROM units WHERE name = ? OR CAST(id AS TEXT) = ? ORDER BY name = ? DESC", [text, text, text])
    if not rows:
        raise DomainError(f"找不到组织单元“{text}”。")
    return rows[0]


def post_by_code(store: Store, code: str) -> Row:
    rows = store.rows("SELECT id FROM posts WHERE code = ? OR placard_no = ?", [code, code])
    if not rows:
        raise DomainError(f"找不到编号为“{code}”的示范岗。")
    return store.get("posts", int(rows[0]["id"]))


def latest_year(store: Store) -> int | None:
    value = store.scalar("SELECT max(year) FROM campaign_years")
    return int(value) if value is not None else None


def ballot_posts(store: Store, batch_id: int) -> list[Row]:
    """The posts on a batch's 岗前测评表, each as it stood on its ballot (DOMAIN rule 9).

    An evaluated post comes with the members who were on its ballot and its evaluation
    (``evaluation_id``, ``held_on``, ``threshold_percent``: each unit votes on its own day); a post
    awaiting its vote comes with today's members and no evaluation. Posts that ended without a vote
    (withdrawn while nominated) are left out. Ordered by evaluation, those awaiting last."""
    return store.rows(
        "SELECT p.*, u.name AS unit_name, e.id AS evaluation_id, e.held_on, e.threshold_percent, "
        f"{member_names_sql(ON_BALLOT_OR_AWAITING)} AS member_names "
        "FROM posts p JOIN units u ON u.id = p.unit_id LEFT JOIN pre_evaluation_results r ON r.post_id = p.id "
        "LEFT JOIN pre_evaluations e ON e.id = r.evaluation_id "
        "WHERE p.batch_id = ? AND (r.id IS NOT NULL OR p.stage = 'nominated') "
        "ORDER BY e.id IS NULL, e.held_on, e.id, u.sort_order, p.id",
        [batch_id],
    )


def publicity_posts(store: Store, publicity_id: int) -> list[Row]:
    """The posts of a publicity period with the members who were publicized (not today's members)."""
    return store.rows(
        f"SELECT p.*, u.name AS unit_name, {member_names_sql(IN_NOTICE)} AS member_names "
        "FROM posts p JOIN units u ON u.id = p.unit_id WHERE p.publicity_id = ? ORDER BY u.sort_order, p.id",
        [publicity_id],
    )


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


def unit_serving_members(store: Store, unit_id: int | None) -> list[Row]:
    """Serving members of on-duty posts of a unit, for the monthly assessment form."""
    extra = "AND p.unit_id = ?" if unit_id is not None else ""
    return store.rows(
        "SELECT pm.member_id, pm.name_snapshot, pm.role, p.name AS post_name, p.code, u.name AS unit_name, u.id AS unit_id, "
        "u.kind AS unit_kind "
        "FROM post_members pm JOIN posts p ON p.id = pm.post_id JOIN units u ON u.id = p.unit_id "
        f"WHERE pm.left_on IS NULL AND p.stage = 'on_duty' {extra} ORDER BY u.sort_order, u.id, p.id, pm.role = 'member', pm.id",
        [unit_id] if unit_id is not None else [],
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
        "SELECT p.*, u.name AS unit_name, y.year, b.name AS batch_name, "
        "(SELECT group_concat(name_snapshot, '、') FROM (SELECT name_snapshot FROM post_members "
        "  WHERE post_id = p.id AND left_on IS NULL ORDER BY role = 'member', id)) AS member_names "
        "FROM posts p JOIN units u ON u.id = p.unit_id JOIN batches b ON b.id = p.batch_id "
        f"JOIN campaign_years y ON y.id = b.year_id WHERE {' AND '.join(clauses)} ORDER BY u.sort_order, p.code, p.id",
        params,
    )


def year_end(store: Store, year: int) -> date | None:
    """The day a year's report describes: the last day of a past year; None for this year (today's data)."""
    return date(year, 12, 31) if year < store.today().year else None


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


def year_summary(store: Store, year: int, as_of: date | None = None) -> Row:
    """Headline figures for the annual report; with ``as_of`` (a past year's last day) the members,
    posts and statuses are those of that day, not today's."""
    ystr = str(year)
    if as_of is None:
        members = store.scalar("SELECT count(*) FROM members WHERE standing = 'normal'")
        serving = store.scalar(
            "SELECT count(*) FROM post_members pm JOIN posts p ON p.id = pm.post_id WHERE pm.left_on IS NULL AND p.stage = 'on_duty'")
        on_duty = store.scalar("SELECT count(*) FROM posts WHERE stage = 'on_duty'")
        nominated = store.scalar(
            "SELECT count(*) FROM posts p JOIN batches b ON b.id = p.batch_id JOIN campaign_years y ON y.id = b.year_id WHERE y.year = ?",
            [year])
        closed = store.scalar(
            "SELECT count(*) FROM rectifications WHERE substr(opened_on, 1, 4) = ? AND status = 'closed'", [ystr])
    else:
        day = as_of.isoformat()
        members = members_on(store, as_of)
        serving = store.scalar(
            "SELECT count(*) FROM post_members pm JOIN posts p ON p.id = pm.post_id WHERE p.confirmed_on <= ? "
            "AND (p.ended_on IS NULL OR p.ended_on > ?) AND pm.joined_on <= ? AND (pm.left_on IS NULL OR pm.left_on > ?)",
            [day, day, day, day])
        on_duty = store.scalar(
            "SELECT count(*) FROM posts WHERE confirmed_on <= ? AND (ended_on IS NULL OR ended_on > ?)", [day, day])
        nominated = store.scalar(
            "SELECT count(*) FROM posts p JOIN batches b ON b.id = p.batch_id JOIN campaign_years y ON y.id = b.year_id "
            "WHERE y.year = ? AND p.nominated_on <= ?", [year, day])
        closed = store.scalar(
            "SELECT count(*) FROM rectifications WHERE substr(opened_on, 1, 4) = ? AND closed_on <= ?", [ystr, day])
    return {
        "members": members,
        "serving": serving,
        "on_duty": on_duty,
        "nominated": nominated,
        "confirmed": store.scalar("SELECT count(*) FROM posts WHERE substr(confirmed_on, 1, 4) = ?", [ystr]),
        "revoked": store.scalar("SELECT count(*) FROM revocations WHERE substr(decided_on, 1, 4) = ?", [ystr]),
        "surveys": store.scalar("SELECT count(*) FROM surveys WHERE substr(held_on, 1, 4) = ?", [ystr]),
        "survey_rate": store.scalar(
            "SELECT sum(satisfied + basic) * 1.0 / nullif(sum(satisfied + basic + unsatisfied), 0) FROM surveys WHERE substr(held_on, 1, 4) = ?",
            [ystr]),
        "assessments": store.scalar("SELECT count(*) FROM monthly_assessments WHERE substr(month, 1, 4) = ?", [ystr]),
        "rectifications": store.scalar("SELECT count(*) FROM rectifications WHERE substr(opened_on, 1, 4) = ?", [ystr]),
        "rectifications_closed": closed,
        "highlights": store.scalar("SELECT count(*) FROM highlights WHERE substr(published_on, 1, 4) = ?", [ystr]),
    }


def grade_counts(store: Store, year: int) -> list[Row]:
    return store.rows(
        "SELECT grade, count(*) AS n FROM monthly_assessments WHERE substr(month, 1, 4) = ? GROUP BY grade", [str(year)])


def monthly_average_scores(store: Store, year: int) -> list[Row]:
    return store.rows(
        "SELECT month, avg(score) AS score, count(*) AS n FROM monthly_assessments WHERE substr(month, 1, 4) = ? "
        "GROUP BY month ORDER BY month", [str(year)])


def problem_categories(store: Store, year: int) -> list[Row]:
    return store.rows(
        "SELECT category, count(*) AS n FROM rectifications WHERE substr(opened_on, 1, 4) = ? GROUP BY category ORDER BY n DESC",
        [str(year)])


def on_duty_per_unit(store: Store, as_of: date | None = None) -> list[Row]:
    """Posts on duty now (or at the end of ``as_of``), per unit (the annual report's chart when the
    year confirmed none)."""
    if as_of is not None:
        day = as_of.isoformat()
        return count_per_unit([p for p in posts_with_dates(store) if stage_on(p, day) is PostStage.ON_DUTY])
    return store.rows(
        "SELECT u.name, count(*) AS n FROM posts p JOIN units u ON u.id = p.unit_id WHERE p.stage = 'on_duty' "
        "GROUP BY u.id ORDER BY n DESC, u.sort_order"
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
