"""What is waiting for the clerk: the dashboard's to-do list, soonest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.management import month_label
from core.post_rules import SERVING, Action, stage_in, stages_allowing
from core.queries.management import overdue_rectifications, previous_month, units_missing_assessment
from core.queries.post_records import SERVING_NOW, reclaim_register
from core.queries.publicity import objections
from core.store import Store


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
    awaiting, stages = stage_in("p.stage", stages_allowing(Action.CONFIRM))
    for pp in store.rows(
        "SELECT pp.*, b.name AS batch_name FROM publicity_periods pp JOIN batches b ON b.id = pp.batch_id "
        f"WHERE EXISTS (SELECT 1 FROM posts p WHERE p.publicity_id = pp.id AND {awaiting})", stages
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
    serving, serving_stages = stage_in("p.stage", SERVING)
    for s in store.rows(
        "SELECT s.held_on, s.rate, s.id, p.name FROM surveys s JOIN posts p ON p.id = s.post_id "
        f"WHERE s.low = 1 AND {serving} AND s.id = (SELECT max(id) FROM surveys WHERE post_id = s.post_id)", serving_stages
    ):
        items.append(TodoItem(s["held_on"], "满意度", f"“{s['name']}”最近一次满意率{s['rate'] * 100:.1f}%，低于预警线", "surveys", s["id"]))
    items.extend(_below_standard(store, today))
    items.extend(_surveys_due(store, today))
    items.sort(key=lambda i: i.due)
    return items


def _below_standard(store: Store, today: date) -> list[TodoItem]:
    """On-duty posts whose last monthly assessment or five reviews fell below the 基本合格 line."""
    basic = store.settings().grade_basic
    serving, stages = stage_in("p.stage", SERVING)
    items: list[TodoItem] = []
    for row in store.rows(
        "SELECT a.id, a.month, a.score, p.name AS post_name, m.name AS member_name FROM monthly_assessments a "
        "JOIN posts p ON p.id = a.post_id JOIN members m ON m.id = a.member_id JOIN post_members pm "
        f"ON pm.post_id = a.post_id AND pm.member_id = a.member_id AND {SERVING_NOW} "
        f"WHERE {serving} AND a.score < ? AND a.month = (SELECT max(month) FROM monthly_assessments b "
        "WHERE b.post_id = a.post_id AND b.member_id = a.member_id)", [*stages, basic]
    ):
        items.append(TodoItem(
            f"{row['month']}-28", "不合格",
            f"“{row['post_name']}”{row['member_name']}{month_label(row['month'])}考核{row['score']:g}分，"
            "不符合示范岗标准，请及时督促整改或调整", "monthly_assessments", row["id"]))
    for row in store.rows(
        "SELECT f.id, f.year, f.total, f.reviewed_on, p.name AS post_name, m.name AS member_name FROM five_reviews f "
        "JOIN posts p ON p.id = f.post_id JOIN members m ON m.id = f.member_id JOIN post_members pm "
        f"ON pm.post_id = f.post_id AND pm.member_id = f.member_id AND {SERVING_NOW} "
        f"WHERE {serving} AND f.grade = 'unqualified'", stages
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
    serving, stages = stage_in("p.stage", SERVING)
    return [
        TodoItem(row["since"], "满意度", f"“{row['name']}”已超过{interval}天未开展{public}满意度测评（上次：{row['since']}）",
                 "posts", row["id"])
        for row in store.rows(
            "SELECT p.id, p.name, coalesce((SELECT max(held_on) FROM surveys s WHERE s.post_id = p.id), p.confirmed_on) "
            f"AS since FROM posts p WHERE {serving}", stages
        )
        if row["since"] and row["since"] < limit
    ]
