"""公示: the publicity periods with the posts and members they publicized, and the objections."""

from __future__ import annotations

from core.queries.post_records import member_names_sql, recorded_or_on
from core.store import Row, Store

PUBLICITY_DAY = ("(SELECT pp.start_on FROM posts px JOIN publicity_periods pp ON pp.id = px.publicity_id "
                 "WHERE px.id = pm.post_id)")

IN_NOTICE = recorded_or_on("publicized", PUBLICITY_DAY)
"""A condition on ``pm``: the post_members row was in the post's notice."""


def publicity_periods(store: Store, batch_id: int | None = None) -> list[Row]:
    """Publicity periods, newest first, each with the posts and members it publicized (``nominees``)."""
    where = "WHERE pp.batch_id = ?" if batch_id is not None else ""
    nominees = ("(SELECT group_concat(label, '；') FROM (SELECT x.name || '（' || "
                f"coalesce({member_names_sql(IN_NOTICE, 'x.id')}, '') || '）' AS label "
                "FROM posts x WHERE x.publicity_id = pp.id ORDER BY x.id))")
    return store.rows(
        "SELECT pp.*, b.name AS batch_name, (SELECT count(*) FROM posts WHERE publicity_id = pp.id) AS post_count, "
        f"{nominees} AS nominees "
        f"FROM publicity_periods pp JOIN batches b ON b.id = pp.batch_id {where} ORDER BY pp.start_on DESC",
        [batch_id] if batch_id is not None else [],
    )


def publicity_posts(store: Store, publicity_id: int) -> list[Row]:
    """The posts of a publicity period with the members who were publicized (not today's members)."""
    return store.rows(
        f"SELECT p.*, u.name AS unit_name, {member_names_sql(IN_NOTICE)} AS member_names "
        "FROM posts p JOIN units u ON u.id = p.unit_id WHERE p.publicity_id = ? ORDER BY u.sort_order, p.id",
        [publicity_id],
    )


def objections(store: Store, *, publicity_id: int | None = None, open_only: bool = False) -> list[Row]:
    clauses, params = [], []
    if publicity_id is not None:
        clauses.append("o.publicity_id = ?")
        params.append(publicity_id)
    if open_only:
        clauses.append("o.status = 'open'")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.rows(
        f"SELECT o.*, p.name AS post_name, u.name AS unit_name FROM objections o JOIN posts p ON p.id = o.post_id "
        f"JOIN units u ON u.id = p.unit_id {where} ORDER BY o.id", params
    )
