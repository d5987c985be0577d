"""A campaign year in figures (the dashboard and the annual report): posts by stage and by unit, and
the year's headline counts, either today or as they stood at the end of a past day."""

from __future__ import annotations

from datetime import date

from core.enums import PostStage
from core.post_rules import CONFIRMED, SERVING, TERMINAL, stage_in
from core.queries.org import members_on
from core.queries.post_records import SERVING_NOW
from core.store import Row, Store


# -- a post's stage on a past day ----------------------------------------------------------------
def posts_with_dates(store: Store) -> list[Row]:
    """Every post with the dates of its steps (for ``stage_on``), its year, unit and unit name."""
    return store.rows(
        "SELECT p.id, p.stage, p.kind, p.unit_id, p.nominated_on, p.confirmed_on, p.ended_on, y.year, "
        "u.name AS unit_name, u.sort_order, e.held_on, pp.start_on "
        "FROM posts p JOIN batches b ON b.id = p.batch_id JOIN campaign_years y ON y.id = b.year_id "
        "JOIN units u ON u.id = p.unit_id LEFT JOIN pre_evaluation_results r ON r.post_id = p.id "
        "LEFT JOIN pre_evaluations e ON e.id = r.evaluation_id LEFT JOIN publicity_periods pp ON pp.id = p.publicity_id "
        "ORDER BY p.id"
    )


def stage_on(post: Row, day: str) -> PostStage | None:
    """The stage ``post`` (a ``posts_with_dates`` row) was in at the end of ``day`` (ISO date), from the
    dates of its steps; None when it had not been nominated yet."""
    if str(post["nominated_on"]) > day:
        return None
    if post["ended_on"] and str(post["ended_on"]) <= day and PostStage(post["stage"]) in TERMINAL:
        return PostStage(post["stage"])
    if post["confirmed_on"] and str(post["confirmed_on"]) <= day:
        return PostStage.ON_DUTY
    if post["start_on"] and str(post["start_on"]) <= day:
        return PostStage.IN_PUBLICITY
    if post["held_on"] and str(post["held_on"]) <= day:
        return PostStage.EVALUATION_PASSED
    return PostStage.NOMINATED


def count_per_unit(posts: list[Row]) -> list[Row]:
    """``{"name", "n"}`` per unit of ``posts`` (``posts_with_dates`` rows), most first."""
    counts: dict[int, Row] = {}
    for post in posts:
        entry = counts.setdefault(int(post["unit_id"]), {"name": post["unit_name"], "n": 0, "sort": post["sort_order"]})
        entry["n"] += 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1]["n"], item[1]["sort"], item[0]))
    return [{"name": entry["name"], "n": entry["n"]} for _unit, entry in ordered]


# -- posts by stage and by unit ------------------------------------------------------------------
def stage_counts(store: Store, year: int, as_of: date | None = None) -> dict[PostStage, int]:
    """Posts by stage for a campaign year; posts still on duty or ended this year count too.

    With ``as_of`` (a past year's report: its last day) each post counts in the stage it was in then,
    from its dates, and posts nominated later are left out."""
    counts = dict.fromkeys(PostStage, 0)
    if as_of is not None:
        day = as_of.isoformat()
        for post in posts_with_dates(store):
            stage = stage_on(post, day)
            ended_this_year = bool(post["ended_on"]) and str(post["ended_on"])[:4] == str(year)
            if stage is not None and (post["year"] == year or stage in SERVING or ended_this_year):
                counts[stage] += 1
        return counts
    serving, stages = stage_in("p.stage", SERVING)
    for row in store.rows(
        "SELECT p.stage, count(*) AS n FROM posts p JOIN batches b ON b.id = p.batch_id "
        f"JOIN campaign_years y ON y.id = b.year_id WHERE y.year = ? OR {serving} "
        "OR substr(p.ended_on, 1, 4) = ? GROUP BY p.stage", [year, *stages, str(year)]
    ):
        counts[PostStage(row["stage"])] = row["n"]
    return counts


def posts_per_unit(store: Store, year: int, as_of: date | None = None) -> list[Row]:
    """Per unit, the posts of the year's batches that were confirmed (on duty or revoked since); with
    ``as_of``, as they stood on that day."""
    if as_of is not None:
        day = as_of.isoformat()
        return count_per_unit([p for p in posts_with_dates(store) if p["year"] == year and stage_on(p, day) in CONFIRMED])
    confirmed, stages = stage_in("p.stage", CONFIRMED)
    return store.rows(
        "SELECT u.name, count(*) AS n FROM posts p JOIN units u ON u.id = p.unit_id JOIN batches b ON b.id = p.batch_id "
        f"JOIN campaign_years y ON y.id = b.year_id WHERE y.year = ? AND {confirmed} "
        "GROUP BY u.id ORDER BY n DESC, u.sort_order, u.id", [year, *stages],
    )


def on_duty_per_unit(store: Store, as_of: date | None = None) -> list[Row]:
    """Posts on duty now (or at the end of ``as_of``), per unit, most first (the dashboard's bar chart;
    the annual report's when the year confirmed none)."""
    if as_of is not None:
        day = as_of.isoformat()
        return count_per_unit([p for p in posts_with_dates(store) if stage_on(p, day) in SERVING])
    serving, stages = stage_in("p.stage", SERVING)
    return store.rows(
        f"SELECT u.name, count(*) AS n FROM posts p JOIN units u ON u.id = p.unit_id WHERE {serving} "
        "GROUP BY u.id ORDER BY n DESC, u.sort_order, u.id", stages,
    )


# -- the year's headline figures -----------------------------------------------------------------
def year_summary(store: Store, year: int, as_of: date | None = None) -> Row:
    """Headline figures for the annual report; with ``as_of`` (a past year's last day) the members,
    posts and statuses are those of that day, not today's."""
    ystr = str(year)
    if as_of is None:
        serving, stages = stage_in("p.stage", SERVING)
        members = store.scalar("SELECT count(*) FROM members WHERE standing = 'normal'")
        serving_members = store.scalar(
            f"SELECT count(*) FROM post_members pm JOIN posts p ON p.id = pm.post_id WHERE {SERVING_NOW} AND {serving}", stages)
        on_duty = store.scalar(f"SELECT count(*) FROM posts p WHERE {serving}", stages)
        nominated = store.scalar(
            "SELECT count(*) FROM posts p JOIN batches b ON b.id = p.batch_id JOIN campaign_years y ON y.id = b.year_id WHERE y.year = ?",
            [year])
        closed = store.scalar(
            "SELECT count(*) FROM rectifications WHERE substr(opened_on, 1, 4) = ? AND status = 'closed'", [ystr])
    else:
        day = as_of.isoformat()
        members = members_on(store, as_of)
        serving_members = store.scalar(
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
        "serving": serving_members,
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
