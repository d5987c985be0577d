"""Supervising the posts on duty: monthly assessments (and which are missing), rectifications,
satisfaction surveys, five reviews and the published highlights."""

from __future__ import annotations

from datetime import date, timedelta

from core.post_rules import SERVING, stage_in
from core.queries.post_records import SERVING_NOW
from core.store import Row, Store

# A record's member by the name they had on the post (the snapshot), not as the roster reads today.
_NAME_ON_POST = ("coalesce((SELECT pm.name_snapshot FROM post_members pm WHERE pm.post_id = {t}.post_id "
                 "AND pm.member_id = {t}.member_id ORDER BY pm.id DESC LIMIT 1), m.name)")


# -- monthly assessments -------------------------------------------------------------------------
def previous_month(today: date) -> str:
    """The month whose assessment is due now (a month is assessed early in the next one)."""
    first = today.replace(day=1)
    return f"{first - timedelta(days=1):%Y-%m}"


def assessments(store: Store, *, month: str | None = None, unit_id: int | None = None, post_id: int | None = None) -> list[Row]:
    clauses, params = [], []
    for cond, value in (("a.month = ?", month), ("p.unit_id = ?", unit_id), ("a.post_id = ?", post_id)):
        if value is not None:
            clauses.append(cond)
            params.append(value)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.rows(
        f"SELECT a.*, p.name AS post_name, p.unit_id, {_NAME_ON_POST.format(t='a')} AS member_name FROM monthly_assessments a "
        f"JOIN posts p ON p.id = a.post_id JOIN members m ON m.id = a.member_id {where} ORDER BY a.month, p.id, a.id",
        params,
    )


def units_missing_assessment(store: Store, month: str) -> list[Row]:
    """Units with serving members that have no assessment for ``month`` (each with how many)."""
    serving, stages = stage_in("p.stage", SERVING)
    return store.rows(
        "SELECT u.id, u.name, count(*) AS missing FROM post_members pm JOIN posts p ON p.id = pm.post_id "
        f"JOIN units u ON u.id = p.unit_id WHERE {SERVING_NOW} AND {serving} "
        "AND substr(p.confirmed_on, 1, 7) <= ? AND NOT EXISTS (SELECT 1 FROM monthly_assessments a "
        "WHERE a.post_id = pm.post_id AND a.member_id = pm.member_id AND a.month = ?) GROUP BY u.id ORDER BY u.sort_order, u.id",
        [*stages, month, month],
    )


def grade_counts(store: Store, year: int) -> list[Row]:
    return store.rows(
        "SELECT grade, count(*) AS n FROM monthly_assessments WHERE substr(month, 1, 4) = ? GROUP BY grade", [str(year)])


def monthly_average_scores(store: Store, year: int) -> list[Row]:
    return store.rows(
        "SELECT month, avg(score) AS score, count(*) AS n FROM monthly_assessments WHERE substr(month, 1, 4) = ? "
        "GROUP BY month ORDER BY month", [str(year)])


# -- rectifications ------------------------------------------------------------------------------
def rectifications(store: Store, *, open_only: bool = False, post_id: int | None = None) -> list[Row]:
    clauses, params = [], []
    if open_only:
        clauses.append("r.status = 'open'")
    if post_id is not None:
        clauses.append("r.post_id = ?")
        params.append(post_id)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.rows(
        "SELECT r.*, p.name AS post_name, u.name AS unit_name, m.name AS member_name FROM rectifications r "
        "JOIN posts p ON p.id = r.post_id JOIN units u ON u.id = p.unit_id LEFT JOIN members m ON m.id = r.member_id "
        f"{where} ORDER BY r.deadline, r.id", params,
    )


def overdue_rectifications(store: Store, today: date) -> list[Row]:
    return [r for r in rectifications(store, open_only=True) if r["deadline"] < today.isoformat()]


def problem_categories(store: Store, year: int) -> list[Row]:
    return store.rows(
        "SELECT category, count(*) AS n FROM rectifications WHERE substr(opened_on, 1, 4) = ? GROUP BY category ORDER BY n DESC",
        [str(year)])


# -- satisfaction surveys ------------------------------------------------------------------------
def surveys(store: Store, *, post_id: int | None = None) -> list[Row]:
    where = "WHERE s.post_id = ?" if post_id is not None else ""
    return store.rows(
        f"SELECT s.*, p.name AS post_name FROM surveys s JOIN posts p ON p.id = s.post_id {where} ORDER BY s.held_on, s.id",
        [post_id] if post_id is not None else [],
    )


def survey_summary(store: Store) -> list[Row]:
    """Each on-duty post with its survey count, latest date and latest and average rate."""
    serving, stages = stage_in("p.stage", SERVING)
    return store.rows(
        "SELECT p.id, p.code, p.name, u.name AS unit_name, count(s.id) AS surveys, max(s.held_on) AS last_on, "
        "avg(s.rate) AS avg_rate, (SELECT rate FROM surveys WHERE post_id = p.id ORDER BY held_on DESC, id DESC LIMIT 1) "
        "AS last_rate, (SELECT low FROM surveys WHERE post_id = p.id ORDER BY held_on DESC, id DESC LIMIT 1) AS last_low "
        "FROM posts p JOIN units u ON u.id = p.unit_id LEFT JOIN surveys s ON s.post_id = p.id "
        f"WHERE {serving} GROUP BY p.id ORDER BY u.sort_order, u.id, p.id",
        stages,
    )


def survey_by_month(store: Store, year: int) -> list[Row]:
    return store.rows(
        "SELECT substr(held_on, 1, 7) AS month, sum(satisfied) AS satisfied, sum(basic) AS basic, "
        "sum(unsatisfied) AS unsatisfied, avg(rate) AS rate, count(*) AS n FROM surveys "
        "WHERE substr(held_on, 1, 4) = ? GROUP BY month ORDER BY month", [str(year)],
    )


# -- five reviews --------------------------------------------------------------------------------
def five_reviews(store: Store, *, year: int | None = None, post_id: int | None = None) -> list[Row]:
    clauses, params = [], []
    for cond, value in (("f.year = ?", year), ("f.post_id = ?", post_id)):
        if value is not None:
            clauses.append(cond)
            params.append(value)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.rows(
        f"SELECT f.*, p.name AS post_name, {_NAME_ON_POST.format(t='f')} AS member_name FROM five_reviews f "
        "JOIN posts p ON p.id = f.post_id "
        f"JOIN members m ON m.id = f.member_id {where} ORDER BY f.year, p.id, f.id", params,
    )


# -- highlights ----------------------------------------------------------------------------------
def highlights(store: Store) -> list[Row]:
    return store.rows(
        "SELECT h.id, h.uid, h.kind, h.title, h.post_id, h.member_id, h.body, h.channel, h.published_on, "
        "h.photo IS NOT NULL AS has_photo, p.name AS post_name, m.name AS member_name FROM highlights h "
        "LEFT JOIN posts p ON p.id = h.post_id LEFT JOIN members m ON m.id = h.member_id ORDER BY h.published_on DESC, h.id DESC"
    )


def highlight_photo(store: Store, highlight_id: int) -> bytes | None:
    value = store.scalar("SELECT photo FROM highlights WHERE id = ?", [highlight_id])
    return bytes(value) if value is not None else None
