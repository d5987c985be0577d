"""`check`: SQLite integrity, foreign keys, the audit chain and the campaign's invariants."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.enums import PostKind, PostStage
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
        if row["kind"] == PostKind.INDIVIDUAL.value and row["n"] != 1 and stage is not PostStage.WITHDRAWN:
            problems.append(f"{name}是个人示范岗，却有{row['n']}名上岗党员。")
        if row["kind"] == PostKind.COLLECTIVE.value and row["n"] < 2 and not stage.is_terminal:
            problems.append(f"{name}是集体示范岗，上岗党员少于两人。")
        if row["leaders"] != 1:
            problems.append(f"{name}的负责人人数为{row['leaders']}，应为1人。")
        reached_publicity = stage in (PostStage.IN_PUBLICITY, PostStage.ON_DUTY, PostStage.OBJECTION_UPHELD, PostStage.REVOKED)
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
    return problems
