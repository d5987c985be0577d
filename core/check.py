"""`check`: SQLite integrity, foreign keys, the audit chain and the campaign's invariants."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.enums import PostKind, PostStage
from core.post_rules import ACTIVE, MEMBER_LIMITS, PUBLICIZED
from core.store import Store, audit_hash


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_audit_chain(store: Store) -> list[str]:
    """Recompute every hash; a changed, inserted or deleted entry breaks the chain."""
    problems: list[str] = []
    prev = ""
    count = 0
    cursor = store.db.execute(
        "SELECT id, uid, at, actor, action, entity, entity_id, before, after, prev_hash, hash FROM audit_log ORDER BY id"
    )
    names = [c[0] for c in cursor.description]
    for values in cursor:
        entry = dict(zip(names, values, strict=True))
        count += 1
        if entry["prev_hash"] != prev:
            problems.append(f"操作日志第{entry['id']}条之前的记录被删除或改动过（链接断开）。")
        elif audit_hash(prev, entry) != entry["hash"]:
            problems.append(f"操作日志第{entry['id']}条（{entry['action']}）的内容被改动过。")
        prev = entry["hash"]
        if len(problems) >= 20:
            problems.append("……问题过多，只列出前20条。")
            return problems
    head = store.db.execute("SELECT count, head_hash FROM audit_head WHERE id = 1").fetchone()
    if head is None:
        problems.append("操作日志的校验记录丢失。")
    elif head[0] != count or head[1] != prev:
        problems.append(f"操作日志应有{head[0]}条，实际{count}条：末尾的记录被删除或改动过。")
    return problems


def check_database(store: Store) -> CheckReport:
    report = CheckReport()
    integrity = [r[0] for r in store.db.execute("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        report.problems.append("数据库文件完整性检查未通过：" + "；".join(integrity[:5]))
        return report
    report.facts.append("数据库文件完整性：正常")
    fk = store.db.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        tables = sorted({row[0] for row in fk})
        report.problems.append(f"有{len(fk)}条记录引用了不存在的数据（涉及表：{'、'.join(tables)}）。")
    else:
        report.facts.append("数据关联：正常")
    chain = verify_audit_chain(store)
    report.problems.extend(chain)
    if not chain:
        n = store.scalar("SELECT count(*) FROM audit_log")
        report.facts.append(f"操作日志：{n}条，校验链完整")
    report.problems.extend(_invariants(store))
    if report.ok:
        report.facts.append("示范岗状态与规则：一致")
    return report


def _invariants(store: Store) -> list[str]:
    """States the seeds forbid, found by looking at the data as a whole."""
    problems: list[str] = []
    for row in store.rows(
        "SELECT p.id, p.name, p.kind, p.stage, "
        "(SELECT count(*) FROM post_members pm WHERE pm.post_id = p.id AND pm.left_on IS NULL) AS n, "
        "(SELECT count(*) FROM post_members pm WHERE pm.post_id = p.id AND pm.left_on IS NULL AND pm.role = 'leader') AS leaders, "
        "(SELECT passed FROM pre_evaluation_results r WHERE r.post_id = p.id) AS passed, "
        "(SELECT end_on FROM publicity_periods pp WHERE pp.id = p.publicity_id) AS publicity_end "
        "FROM posts p"
    ):
        name = f"示范岗“{row['name']}”"
        stage = PostStage(row["stage"])
        kind = PostKind(row["kind"])
        limits = MEMBER_LIMITS[kind]
        # An individual post's one member never changes, so it is held to that in every stage but
        # withdrawn; a collective post's members only while it is active.
        held_to_limits = stage is not PostStage.WITHDRAWN if limits.fixed else stage in ACTIVE
        if held_to_limits and not limits.allows(row["n"]):
            problems.append(f"{name}是{kind.label}，上岗党员{limits.wording}，现有{row['n']}人。")
        if row["leaders"] != 1:
            problems.append(f"{name}的负责人人数为{row['leaders']}，应为1人。")
        reached_publicity = stage in PUBLICIZED
        if reached_publicity and row["passed"] != 1:
            problems.append(f"{name}没有通过岗前测评，却已进入公示或上岗。")
        if reached_publicity and row["publicity_end"] is None:
            problems.append(f"{name}没有公示记录，却已进入公示或上岗。")
        if stage is PostStage.REVOKED and not store.scalar("SELECT 1 FROM revocations WHERE post_id = ?", [row["id"]]):
            problems.append(f"{name}已撤销称号，但没有撤销决定记录。")
    for row in store.rows(
        "SELECT p.name, c.confirmed_on, pp.end_on FROM confirmations c JOIN posts p ON p.id = c.post_id "
        "JOIN publicity_periods pp ON pp.id = p.publicity_id WHERE c.confirmed_on <= pp.end_on"
    ):
        problems.append(f"示范岗“{row['name']}”在公示期满（{row['end_on']}）前就确定了岗位。")
    problems.extend(assessments_outside_service(store))
    return problems


_SHOWN = 20


def assessments_outside_service(store: Store) -> list[str]:
    """每月考核 of a member for a month in which they were not on that post.

    A member is on a post in a month when the month lies within the post's time on duty (from the
    month it was confirmed to the month it was revoked or withdrawn) and within the member's own
    time on it (from the month they joined to the month they left, both included): after a 调整
    the departed member has no later assessments and the newcomer none before joining.
    """
    rows = store.rows(
        "SELECT a.id, a.post_id, a.member_id, a.month, p.name AS post_name, p.confirmed_on, p.ended_on, "
        "coalesce((SELECT pm.name_snapshot FROM post_members pm WHERE pm.post_id = a.post_id "
        "AND pm.member_id = a.member_id ORDER BY pm.id DESC LIMIT 1), m.name, '编号' || a.member_id) AS member_name "
        "FROM monthly_assessments a JOIN posts p ON p.id = a.post_id LEFT JOIN members m ON m.id = a.member_id "
        "WHERE p.confirmed_on IS NULL OR a.month < substr(p.confirmed_on, 1, 7) "
        "OR (p.ended_on IS NOT NULL AND a.month > substr(p.ended_on, 1, 7)) "
        "OR NOT EXISTS (SELECT 1 FROM post_members pm WHERE pm.post_id = a.post_id AND pm.member_id = a.member_id "
        "AND substr(pm.joined_on, 1, 7) <= a.month AND (pm.left_on IS NULL OR substr(pm.left_on, 1, 7) >= a.month)) "
        "ORDER BY a.id"
    )
    problems: list[str] = []
    for row in rows[:_SHOWN]:
        year, month = row["month"].split("-")
        problems.append(
            f"示范岗“{row['post_name']}”有{row['member_name']}{year}年{int(month)}月的每月考核记录，"
            f"但该党员当月不在这个岗位上（在岗期间：{_service_text(store, row)}）。"
        )
    if len(rows) > _SHOWN:
        problems.append(f"……不在岗月份的考核记录共{len(rows)}条，只列出前{_SHOWN}条。")
    return problems


def _service_text(store: Store, row: dict[str, object]) -> str:
    """The member's time on the post, within the post's time on duty, e.g. “2025-03-20至2026-01-10”."""
    confirmed = row["confirmed_on"]
    if not confirmed:
        return "该岗位尚未确定上岗"
    spans: list[str] = []
    for spell in store.rows("SELECT joined_on, left_on FROM post_members WHERE post_id = ? AND member_id = ? ORDER BY id",
                            [row["post_id"], row["member_id"]]):
        begin = max(str(spell["joined_on"]), str(confirmed))
        ends = [str(e) for e in (spell["left_on"], row["ended_on"]) if e]
        end = min(ends) if ends else None
        if end is not None and end < begin:
            continue
        spans.append(f"{begin}至{end}" if end else f"{begin}起")
    return "、".join(spans) if spans else "无"
