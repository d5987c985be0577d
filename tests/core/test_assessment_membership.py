"""Monthly assessments belong to the members who were on the post in that month.

After a replacement (调整) the departed member gets no assessments for the months after leaving and
the newcomer is assessed from the month of joining. The action refuses anything else, ``check``
reports any such record that got into the database some other way, and the demo keeps to it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core import management as mg
from core import workflow
from core.check import assessments_outside_service, check_database
from core.enums import AdjustmentKind, VetoGround
from core.errors import DomainError
from core.store import Store, new_uid
from tests.conftest import TODAY, Clock
from tests.core.helpers import batch, bring_on_duty, collective_post, member, unit

ROOT = Path(__file__).resolve().parents[2]


def _assess(store: Store, post_id: int, member_id: int, month: str, on: date = TODAY) -> None:
    mg.record_monthly_assessments(store, unit_id=unit(store), month=month,
                                  entries=[mg.AssessmentEntry(post_id, member_id, 88)], assessed_on=on)


@pytest.fixture
def replaced(store: Store, clock: Clock) -> tuple[int, int, int, int]:
    """A collective post on duty since August 2026 whose 甲 was replaced by 丁 on 2026-10-15:
    (post, 甲 who left, 乙 who stayed, 丁 who joined)."""
    clock.day = date(2026, 9, 1)
    b = batch(store)
    a, c, d = member(store, "甲"), member(store, "乙"), member(store, "丁")
    p = collective_post(store, [a, c], b)
    bring_on_duty(store, clock, [p], b)
    assert store.get("posts", p)["confirmed_on"][:7] == "2026-08"
    clock.day = date(2026, 10, 15)
    workflow.adjust_members(store, p, kind=AdjustmentKind.REPLACE_MEMBER, member_out_id=a, member_in_id=d,
                            reason="工作调动", on=clock.day, newcomer_consents=True)
    clock.day = TODAY
    return p, a, c, d


def test_newcomer_is_assessed_from_the_month_of_joining(store: Store, replaced: tuple[int, int, int, int]) -> None:
    p, _a, c, d = replaced
    with pytest.raises(DomainError, match="丁2026-10-15才到示范岗“党员示范窗口”上岗，不能考核2026年9月；每月考核从上岗当月开始") as refused:
        _assess(store, p, d, "2026-09")
    assert refused.value.field == "month"
    _assess(store, p, d, "2026-10")
    _assess(store, p, d, "2026-11")
    _assess(store, p, c, "2026-09")  # 乙 has been on the post all along
    assert check_database(store).ok


def test_departed_member_is_not_assessed_after_leaving(store: Store, replaced: tuple[int, int, int, int]) -> None:
    p, a, _c, _d = replaced
    for month in ("2026-10", "2026-11"):
        with pytest.raises(DomainError, match="甲已于2026-10-15离开示范岗“党员示范窗口”，离岗后不再参加该岗位的每月考核"):
            _assess(store, p, a, month)
    assert store.scalar("SELECT count(*) FROM monthly_assessments") == 0
    # nobody who was never on the post, either
    stranger = member(store, "戊")
    with pytest.raises(DomainError, match="不在示范岗“党员示范窗口”的在岗名单中"):
        _assess(store, p, stranger, "2026-11")


def _insert(store: Store, post_id: int, member_id: int, month: str) -> None:
    """An assessment written straight into the file (an old version, a hand edit, a merge)."""
    store.db.execute(
        "INSERT INTO monthly_assessments (uid, post_id, member_id, month, score, grade, assessed_on) "
        "VALUES (?, ?, ?, ?, 90, 'excellent', ?)", [new_uid(), post_id, member_id, month, f"{month}-28"])
    store.db.conn.commit()


def test_check_reports_assessments_outside_the_time_on_the_post(store: Store, replaced: tuple[int, int, int, int]) -> None:
    p, a, c, d = replaced
    _assess(store, p, c, "2026-10")
    _insert(store, p, a, "2026-10")  # the month 甲 left: 甲 was on the post part of it
    _insert(store, p, d, "2026-10")  # the month 丁 joined
    assert check_database(store).ok
    _insert(store, p, a, "2026-11")  # after leaving
    _insert(store, p, d, "2026-09")  # before joining
    _insert(store, p, c, "2026-07")  # before the post was confirmed
    report = check_database(store)
    assert not report.ok
    assert report.problems == [
        "示范岗“党员示范窗口”有甲2026年11月的每月考核记录，但该党员当月不在这个岗位上（在岗期间：" + _since(store, p) + "至2026-10-15）。",
        "示范岗“党员示范窗口”有丁2026年9月的每月考核记录，但该党员当月不在这个岗位上（在岗期间：2026-10-15起）。",
        "示范岗“党员示范窗口”有乙2026年7月的每月考核记录，但该党员当月不在这个岗位上（在岗期间：" + _since(store, p) + "起）。",
    ]


def _since(store: Store, post_id: int) -> str:
    return str(store.get("posts", post_id)["confirmed_on"])


def test_check_reports_assessments_after_the_post_ended(store: Store, replaced: tuple[int, int, int, int]) -> None:
    p, _a, c, _d = replaced
    _assess(store, p, c, "2026-10")
    workflow.veto_post(store, p, ground=VetoGround.VIOLATION, description="违反工作纪律", decided_on=date(2026, 10, 20))
    assert check_database(store).ok  # October: still on duty until the 20th
    _insert(store, p, c, "2026-11")
    problems = assessments_outside_service(store)
    assert len(problems) == 1 and "乙2026年11月" in problems[0] and "2026-10-20）" in problems[0]


def test_many_bad_records_are_counted_not_all_listed(store: Store, replaced: tuple[int, int, int, int]) -> None:
    p, _a, _c, d = replaced
    for year in range(2001, 2004):
        for month in range(1, 13):
            _insert(store, p, d, f"{year}-{month:02d}")
    problems = assessments_outside_service(store)
    assert len(problems) == 21 and problems[-1] == "……不在岗月份的考核记录共36条，只列出前20条。"


def test_demo_assesses_the_members_of_each_month(demo_store: Store) -> None:
    """The demo's replacement: the departed member has no assessment after the month of leaving, the
    newcomer has them from the month of joining on; revoked and withdrawn posts stop being assessed."""
    assert assessments_outside_service(demo_store) == []
    assert check_database(demo_store).ok
    adj = demo_store.rows("SELECT * FROM adjustments WHERE kind = 'replace_member'")[0]
    left = str(demo_store.scalar("SELECT left_on FROM post_members WHERE post_id = ? AND member_id = ?",
                                 [adj["post_id"], adj["member_out_id"]]))
    months_out = [r["month"] for r in demo_store.rows(
        "SELECT month FROM monthly_assessments WHERE post_id = ? AND member_id = ?", [adj["post_id"], adj["member_out_id"]])]
    months_in = [r["month"] for r in demo_store.rows(
        "SELECT month FROM monthly_assessments WHERE post_id = ? AND member_id = ?", [adj["post_id"], adj["member_in_id"]])]
    assert months_out and max(months_out) <= left[:7]
    assert months_in and min(months_in) >= adj["adjusted_on"][:7]
    assert not demo_store.rows(
        "SELECT a.id FROM monthly_assessments a JOIN posts p ON p.id = a.post_id "
        "WHERE p.ended_on IS NOT NULL AND a.month > substr(p.ended_on, 1, 7)")


def test_cli_check_reports_an_assessment_after_leaving(demo_db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "bad.db"
    shutil.copy(demo_db_path, db)
    conn = sqlite3.connect(db)
    post_id, out_id, adjusted_on = conn.execute(
        "SELECT post_id, member_out_id, adjusted_on FROM adjustments WHERE kind = 'replace_member'").fetchone()
    month = f"{int(adjusted_on[:4]) + 1}-01"  # certainly after leaving, and not yet assessed
    conn.execute("INSERT INTO monthly_assessments (uid, post_id, member_id, month, score, grade, assessed_on) "
                 "VALUES ('x', ?, ?, ?, 95, 'excellent', ?)", [post_id, out_id, month, f"{month}-05"])
    conn.commit()
    conn.close()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", "--db", str(db)], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 1
    year, mon = month.split("-")
    assert f"{year}年{int(mon)}月的每月考核记录，但该党员当月不在这个岗位上" in result.stderr
    assert "检查未通过" in result.stderr


def test_a_leaving_or_ending_date_before_a_month_already_assessed_is_refused(store: Store, clock: Clock) -> None:
    """Back-dating a departure, a withdrawal or a veto would strand assessments already saved."""
    clock.day = date(2026, 9, 1)
    b = batch(store)
    a, c, d = member(store, "甲"), member(store, "乙"), member(store, "丁")
    p = collective_post(store, [a, c], b)
    bring_on_duty(store, clock, [p], b)
    clock.day = TODAY
    _assess(store, p, a, "2026-10")
    _assess(store, p, c, "2026-11")
    with pytest.raises(DomainError, match="甲在示范岗“党员示范窗口”已有2026年10月的每月考核记录，调出日期不能早于2026年10月") as refused:
        workflow.adjust_members(store, p, kind=AdjustmentKind.REPLACE_MEMBER, member_out_id=a, member_in_id=d,
                                reason="工作调动", on=date(2026, 9, 30), newcomer_consents=True)
    assert refused.value.field == "on"
    with pytest.raises(DomainError, match="已有2026年11月的每月考核记录，撤岗日期不能早于2026年11月"):
        workflow.withdraw_post(store, p, reason="不再符合标准", on=date(2026, 10, 31))
    with pytest.raises(DomainError, match="已有2026年11月的每月考核记录，决定日期不能早于2026年11月") as vetoed:
        workflow.veto_post(store, p, ground=VetoGround.VIOLATION, description="违纪",
                           decided_on=date(2026, 10, 31))
    assert vetoed.value.field == "decided_on"
    assert store.get("posts", p)["stage"] == "on_duty" and not store.rows("SELECT id FROM adjustments")
    workflow.adjust_members(store, p, kind=AdjustmentKind.REPLACE_MEMBER, member_out_id=a, member_in_id=d,
                            reason="工作调动", on=date(2026, 10, 20), newcomer_consents=True)  # the month assessed: fine
    workflow.veto_post(store, p, ground=VetoGround.VIOLATION, description="违纪", decided_on=date(2026, 11, 5))
    assert check_database(store).ok


def test_a_backup_holding_such_records_of_an_earlier_version_still_restores(
        store: Store, replaced: tuple[int, int, int, int], tmp_path: Path) -> None:
    """Earlier versions accepted an assessment after the member left: their backups must stay restorable."""
    from core.backup import verify_backup, write_backup

    p, a, _c, _d = replaced
    _insert(store, p, a, "2026-11")
    assert not check_database(store).ok
    report = verify_backup(write_backup(store, tmp_path / "旧版本的备份.db"))
    assert report.ok, report.problems
    assert any(fact.startswith("提示：") and "2026年11月的每月考核记录" in fact for fact in report.facts)
