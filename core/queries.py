"""Read-only views of the records for the window and the reports. All SQL stays in core/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from core.enums import PostStage
from core.management import month_label
from core.post_rules import TERMINAL
from core.store import Row, Store


def units(store: Store) -> list[Row]:
    return store.rows(
        "SELECT u.*, (SELECT count(*) FROM members m WHERE m.unit_id = u.id) AS member_count "
        "FROM units u ORDER BY u.sort_order, u.id"
    )


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


def campaign_years(store: Store) -> list[Row]:
    return store.rows("SELECT * FROM campaign_years ORDER BY year DESC")


def batches(store: Store, year: int | None = None) -> list[Row]:
    sql = ("SELECT b.*, y.year FROM batches b JOIN campaign_years y ON y.id = b.year_id "
           + ("WHERE y.year = ? " if year is not None else "") + "ORDER BY y.year DESC, b.number")
    return store.rows(sql, [year] if year is not None else [])


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
        "(SELECT group_concat(name_snapshot, '、') FROM (SELECT name_snapshot FROM post_members "
        "  WHERE post_id = p.id AND left_on IS NULL ORDER BY role = 'member', id)) AS member_names, "
        "(SELECT name_snapshot FROM post_members WHERE post_id = p.id AND left_on IS NULL AND role = 'leader') AS leader_name, "
        "(SELECT count(*) FROM post_members WHERE post_id = p.id AND left_on IS NULL) AS member_count "
        "FROM posts p JOIN batches b ON b.id = p.batch_id JOIN campaign_years y ON y.id = b.year_id "
        f"JOIN units u ON u.id = p.unit_id {where} ORDER BY y.year DESC, b.number, p.id",
        params,
    )


def post(store: Store, post_id: int) -> Row:
    row = store.get("posts", post_id)
    row["creations_list"] = json.loads(row["creations"])
    row["unit_name"] = store.scalar("SELECT name FROM units WHERE id = ?", [row["unit_id"]])
    row["year"] = store.scalar(
        "SELECT y.year FROM batches b JOIN campaign_years y ON y.id = b.year_id WHERE b.id = ?", [row["batch_id"]])
    return row


def post_members(store: Store, post_id: int, *, current_only: bool = True) -> list[Row]:
    cond = "AND pm.left_on IS NULL" if current_only else ""
    return store.rows(
        "SELECT pm.*, m.sex, m.birth_date, m.phone, m.category, m.photo IS NOT NULL AS has_photo "
        f"FROM post_members pm JOIN members m ON m.id = pm.member_id WHERE pm.post_id = ? {cond} "
        "ORDER BY pm.role = 'member', pm.id",
        [post_id],
    )


def serving_members(store: Store, *, unit_id: int | None = None) -> list[Row]:
    """Everyone currently serving on an on-duty post (badges, monthly grid)."""
    extra = "AND p.unit_id = ?" if unit_id is not None else ""
    return store.rows(
        "SELECT pm.*, p.name AS post_name, p.code, p.placard_no, p.unit_id, u.name AS unit_name, p.kind "
        "FROM post_members pm JOIN posts p ON p.id = pm.post_id JOIN units u ON u.id = p.unit_id "
        f"WHERE pm.left_on IS NULL AND p.stage = 'on_duty' {extra} ORDER BY p.unit_id, p.id, pm.role = 'member', pm.id",
        [unit_id] if unit_id is not None else [],
    )


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
            if stage is not None and (post["year"] == year or stage is PostStage.ON_DUTY or ended_this_year):
                counts[stage] += 1
        return counts
    for row in store.rows(
        "SELECT p.stage, count(*) AS n FROM posts p JOIN batches b ON b.id = p.batch_id "
        "JOIN campaign_years y ON y.id = b.year_id WHERE y.year = ? OR p.stage = 'on_duty' "
        "OR substr(p.ended_on, 1, 4) = ? GROUP BY p.stage", [year, str(year)]
    ):
        counts[PostStage(row["stage"])] = row["n"]
    return counts


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


# -- who was on a post's ballot and in its notice (DOMAIN rule 9: history as it was) -------------
# Since m003 each post_members row records whether it was on the post's 岗前测评 ballot (``evaluated``)
# and in its 公示 (``publicized``). Rows nobody recorded (a post merged from an older exchange
# package) go by the dates: on the post on the day of the ballot or the start of the notice.
EVALUATION_DAY = ("(SELECT e.held_on FROM pre_evaluation_results r JOIN pre_evaluations e ON e.id = r.evaluation_id "
                  "WHERE r.post_id = pm.post_id)")
PUBLICITY_DAY = ("(SELECT pp.start_on FROM posts px JOIN publicity_periods pp ON pp.id = px.publicity_id "
                 "WHERE px.id = pm.post_id)")


def _recorded_or_on(flag: str, day: str) -> str:
    return (f"(pm.{flag} = 1 OR (pm.{flag} IS NULL AND NOT EXISTS (SELECT 1 FROM post_members k "
            f"WHERE k.post_id = pm.post_id AND k.{flag} IS NOT NULL) AND pm.joined_on <= {day} "
            f"AND (pm.left_on IS NULL OR pm.left_on > {day})))")


# Conditions on ``pm``, a post_members row.
ON_BALLOT = _recorded_or_on("evaluated", EVALUATION_DAY)
IN_NOTICE = _recorded_or_on("publicized", PUBLICITY_DAY)
SERVING_NOW = "pm.left_on IS NULL"
# The ballot of a post: as evaluated once it has a result, else (awaiting its vote) today's members.
ON_BALLOT_OR_AWAITING = (f"(CASE WHEN EXISTS (SELECT 1 FROM pre_evaluation_results rr WHERE rr.post_id = pm.post_id) "
                         f"THEN {ON_BALLOT} ELSE {SERVING_NOW} END)")


def member_names_sql(condition: str, post: str = "p.id") -> str:
    """A subquery: the snapshot names of the post's members meeting ``condition``, leader first, joined by 、."""
    return ("(SELECT group_concat(name_snapshot, '、') FROM (SELECT pm.name_snapshot FROM post_members pm "
            f"WHERE pm.post_id = {post} AND {condition} ORDER BY pm.role = 'member', pm.id))")


def evaluation_results(store: Store, batch_id: int) -> list[Row]:
    """A batch's 岗前测评 results with the members on each ballot (not the post's members of today)."""
    return store.rows(
        "SELECT r.*, e.held_on, e.ballots_issued, e.ballots_returned, e.threshold_percent, e.basic_counts, "
        "p.name AS post_name, p.kind, u.name AS unit_name, "
        f"{member_names_sql(ON_BALLOT)} AS member_names "
        "FROM pre_evaluation_results r JOIN pre_evaluations e ON e.id = r.evaluation_id "
        "JOIN posts p ON p.id = r.post_id JOIN units u ON u.id = p.unit_id WHERE e.batch_id = ? ORDER BY e.id, r.id",
        [batch_id],
    )


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


# A record's member by the name they had on the post (the snapshot), not as the roster reads today.
_NAME_ON_POST = ("coalesce((SELECT pm.name_snapshot FROM post_members pm WHERE pm.post_id = {t}.post_id "
                 "AND pm.member_id = {t}.member_id ORDER BY pm.id DESC LIMIT 1), m.name)")


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


def units_missing_assessment(store: Store, month: str) -> list[Row]:
    """Units with serving members that have no assessment for ``month`` (each with how many)."""
    return store.rows(
        "SELECT u.id, u.name, count(*) AS missing FROM post_members pm JOIN posts p ON p.id = pm.post_id "
        "JOIN units u ON u.id = p.unit_id WHERE pm.left_on IS NULL AND p.stage = 'on_duty' "
        "AND substr(p.confirmed_on, 1, 7) <= ? AND NOT EXISTS (SELECT 1 FROM monthly_assessments a "
        "WHERE a.post_id = pm.post_id AND a.member_id = pm.member_id AND a.month = ?) GROUP BY u.id ORDER BY u.sort_order, u.id",
        [month, month],
    )


def surveys(store: Store, *, post_id: int | None = None) -> list[Row]:
    where = "WHERE s.post_id = ?" if post_id is not None else ""
    return store.rows(
        f"SELECT s.*, p.name AS post_name FROM surveys s JOIN posts p ON p.id = s.post_id {where} ORDER BY s.held_on, s.id",
        [post_id] if post_id is not None else [],
    )


def survey_by_month(store: Store, year: int) -> list[Row]:
    return store.rows(
        "SELECT substr(held_on, 1, 7) AS month, sum(satisfied) AS satisfied, sum(basic) AS basic, "
        "sum(unsatisfied) AS unsatisfied, avg(rate) AS rate, count(*) AS n FROM surveys "
        "WHERE substr(held_on, 1, 4) = ? GROUP BY month ORDER BY month", [str(year)],
    )


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


def adjustments(store: Store, *, post_id: int | None = None) -> list[Row]:
    where = "WHERE a.post_id = ?" if post_id is not None else ""
    return store.rows(
        "SELECT a.*, p.name AS post_name, mo.name AS member_out_name, mi.name AS member_in_name FROM adjustments a "
        "JOIN posts p ON p.id = a.post_id LEFT JOIN members mo ON mo.id = a.member_out_id "
        f"LEFT JOIN members mi ON mi.id = a.member_in_id {where} ORDER BY a.adjusted_on DESC, a.id DESC",
        [post_id] if post_id is not None else [],
    )


def highlights(store: Store) -> list[Row]:
    return store.rows(
        "SELECT h.id, h.uid, h.kind, h.title, h.post_id, h.member_id, h.body, h.channel, h.published_on, "
        "h.photo IS NOT NULL AS has_photo, p.name AS post_name, m.name AS member_name FROM highlights h "
        "LEFT JOIN posts p ON p.id = h.post_id LEFT JOIN members m ON m.id = h.member_id ORDER BY h.published_on DESC, h.id DESC"
    )


def posts_per_unit(store: Store, year: int, as_of: date | None = None) -> list[Row]:
    """Per unit, the posts of the year's batches that were confirmed (on duty or revoked since); with
    ``as_of``, as they stood on that day."""
    if as_of is not None:
        day = as_of.isoformat()
        return count_per_unit([p for p in posts_with_dates(store) if p["year"] == year
                               and stage_on(p, day) in (PostStage.ON_DUTY, PostStage.REVOKED)])
    return store.rows(
        "SELECT u.name, count(*) AS n FROM posts p JOIN units u ON u.id = p.unit_id JOIN batches b ON b.id = p.batch_id "
        "JOIN campaign_years y ON y.id = b.year_id WHERE y.year = ? AND p.stage IN ('on_duty', 'revoked') "
        "GROUP BY u.id ORDER BY n DESC, u.sort_order", [year],
    )


def previous_month(today: date) -> str:
    """The month whose assessment is due now (a month is assessed early in the next one)."""
    first = today.replace(day=1)
    return f"{first - timedelta(days=1):%Y-%m}"


@dataclass(frozen=True)
class TodoItem:
    due: str
    kind: str
    text: str
    entity: str
    entity_id: int | None


def todo(store: Store, today: date) -> list[TodoItem]:
    """The dashboard's to-do list, soonest first."""
    items: list[TodoItem] = []
    for pp in store.rows(
        "SELECT pp.*, b.name AS batch_name FROM publicity_periods pp JOIN batches b ON b.id = pp.batch_id "
        "WHERE EXISTS (SELECT 1 FROM posts p WHERE p.publicity_id = pp.id AND p.stage = 'in_publicity')"
    ):
        if pp["end_on"] >= today.isoformat():
            text = f"{pp['batch_name']}公示期至{pp['end_on']}结束，期满后确定岗位"
        else:
            text = f"{pp['batch_name']}公示期已于{pp['end_on']}结束，请确定岗位"
        items.append(TodoItem(pp["end_on"], "公示", text, "publicity_periods", pp["id"]))
    for o in objections(store, open_only=True):
        items.append(TodoItem(o["received_on"], "异议", f"“{o['post_name']}”有公示异议待核实处理", "objections", o["id"]))
    month = previous_month(today)
    for unit in units_missing_assessment(store, month):
        items.append(TodoItem(f"{today:%Y-%m}-10", "考核", f"{unit['name']}尚未提交{month_label(month)}考核（{unit['missing']}人）",
                              "units", unit["id"]))
    for r in overdue_rectifications(store, today):
        who = f"{r['member_name']}，" if r["member_name"] else ""
        items.append(TodoItem(r["deadline"], "整改逾期", f"“{r['post_name']}”（{who}{r['unit_name']}）整改已逾期：{r['description']}",
                              "rectifications", r["id"]))
    for c in reclaim_register(store, pending_only=True):
        items.append(TodoItem(c["marked_on"], "收牌", f"岗牌{c['placard_no']}（{c['post_name']}）待收回", "placard_reclaims", c["id"]))
    for s in store.rows(
        "SELECT s.held_on, s.rate, s.id, p.name FROM surveys s JOIN posts p ON p.id = s.post_id "
        "WHERE s.low = 1 AND p.stage = 'on_duty' AND s.id = (SELECT max(id) FROM surveys WHERE post_id = s.post_id)"
    ):
        items.append(TodoItem(s["held_on"], "满意度", f"“{s['name']}”最近一次满意率{s['rate'] * 100:.1f}%，低于预警线", "surveys", s["id"]))
    items.extend(_below_standard(store, today))
    items.extend(_surveys_due(store, today))
    items.sort(key=lambda i: i.due)
    return items


def _below_standard(store: Store, today: date) -> list[TodoItem]:
    """On-duty posts whose last monthly assessment or five reviews fell below the 基本合格 line."""
    basic = store.settings().grade_basic
    items: list[TodoItem] = []
    for row in store.rows(
        "SELECT a.id, a.month, a.score, p.name AS post_name, m.name AS member_name FROM monthly_assessments a "
        "JOIN posts p ON p.id = a.post_id JOIN members m ON m.id = a.member_id JOIN post_members pm "
        "ON pm.post_id = a.post_id AND pm.member_id = a.member_id AND pm.left_on IS NULL "
        "WHERE p.stage = 'on_duty' AND a.score < ? AND a.month = (SELECT max(month) FROM monthly_assessments b "
        "WHERE b.post_id = a.post_id AND b.member_id = a.member_id)", [basic]
    ):
        items.append(TodoItem(
            f"{row['month']}-28", "不合格",
            f"“{row['post_name']}”{row['member_name']}{month_label(row['month'])}考核{row['score']:g}分，"
            "不符合示范岗标准，请及时督促整改或调整", "monthly_assessments", row["id"]))
    for row in store.rows(
        "SELECT f.id, f.year, f.total, f.reviewed_on, p.name AS post_name, m.name AS member_name FROM five_reviews f "
        "JOIN posts p ON p.id = f.post_id JOIN members m ON m.id = f.member_id JOIN post_members pm "
        "ON pm.post_id = f.post_id AND pm.member_id = f.member_id AND pm.left_on IS NULL "
        "WHERE p.stage = 'on_duty' AND f.grade = 'unqualified'"
    ):
        items.append(TodoItem(
            row["reviewed_on"], "不合格", f"“{row['post_name']}”{row['member_name']}{row['year']}年度五评{row['total']:g}分，"
            "等次不合格，应及时调整、收回岗牌", "five_reviews", row["id"]))
    return items


def _surveys_due(store: Store, today: date) -> list[TodoItem]:
    """On-duty posts without a satisfaction survey for longer than the office's survey period."""
    interval = store.settings().survey_interval_days
    limit = (today - timedelta(days=interval)).isoformat()
    public = store.terms().public
    return [
        TodoItem(row["since"], "满意度", f"“{row['name']}”已超过{interval}天未开展{public}满意度测评（上次：{row['since']}）",
                 "posts", row["id"])
        for row in store.rows(
            "SELECT p.id, p.name, coalesce((SELECT max(held_on) FROM surveys s WHERE s.post_id = p.id), p.confirmed_on) "
            "AS since FROM posts p WHERE p.stage = 'on_duty'"
        )
        if row["since"] and row["since"] < limit
    ]


def current_year(store: Store, today: date) -> int:
    """The campaign year to show: this year if it exists, else the latest one."""
    years = [int(r["year"]) for r in campaign_years(store)]
    if today.year in years or not years:
        return today.year
    return max(years)
