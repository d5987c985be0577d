"""操作记录: every audited action has a Chinese label; filters, names and change summaries; Excel export."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from core import audit_view, org
from core.actions import ACTIONS, AuditAction
from core.audit_view import ENTITY_LABELS, audit_entries
from core.enums import Standing, UnitKind
from core.errors import DomainError
from core.export import write_sheets
from core.store import Store, new_uid
from tests.core import helpers

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def raw_entry(store: Store, action: str, entity: str, entity_id: int | None, before: Any = None, after: Any = None,
              at: str = "2026-11-21T12:00:00+00:00", actor: str = "党建办") -> None:
    """An audit row written as is (text or JSON-able), for shapes the actions never produce."""
    def text(value: Any) -> str | None:
        return value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    with store.transaction():
        store.db.execute(
            "INSERT INTO audit_log (uid, at, actor, action, entity, entity_id, before, after, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '')",
            [new_uid(), at, actor, action, entity, entity_id, text(before), text(after)],
        )


def only(store: Store, **filters: Any) -> audit_view.AuditEntry:
    page = audit_entries(store, **filters)
    assert page.total == 1 and len(page.entries) == 1, [e.action for e in page.entries]
    return page.entries[0]


@pytest.fixture
def shanghai() -> Iterator[None]:
    """This computer's clock in China (the entries below are written with other offsets too)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture
def demo(demo_store: Store) -> Store:
    return demo_store


# -- labels -----------------------------------------------------------------------------------
def test_the_filter_list_and_the_entries_take_their_labels_from_the_table_of_actions(store: Store) -> None:
    from core.actions import RETIRED

    assert audit_view.action_choices() == [(action.value, spec.label) for action, spec in ACTIONS.items()] + [
        (code, spec.label) for code, spec in RETIRED.items()]
    helpers.member(store, "王秀英")
    entry = only(store, action="add_member")
    assert (entry.action_label, entry.entity_label) == (AuditAction.ADD_MEMBER.label, ENTITY_LABELS["members"])
    assert all(not ENGLISH.search(label) for label in ENTITY_LABELS.values())


def test_an_entry_an_earlier_version_recorded_reads_in_chinese(store: Store) -> None:
    unit = helpers.unit(store)
    raw_entry(store, "import_member", "members", 7, None, {"name": "赵敏", "category": "full", "unit_id": unit})
    entry = only(store, action="import_member")
    assert entry.action_label == "导入党员" and "正式党员" in entry.details
    assert only(store, keyword="导入党员").action == "import_member"


def test_an_unknown_action_is_shown_by_its_name(store: Store) -> None:
    raw_entry(store, "merge_offices", "mystery_table", 3, None, {"a": 1})
    entry = only(store, action="merge_offices")
    assert (entry.action_label, entry.entity_label, entry.target) == ("merge_offices", "mystery_table", "mystery_table")


# -- what an entry says -------------------------------------------------------------------------
def test_nomination_stage_change_and_member_update_read_as_sentences(store: Store) -> None:
    member_id = helpers.member(store, "王秀英")
    batch_id = helpers.batch(store)
    post_id = helpers.individual_post(store, member_id, batch_id, name="便民服务窗口岗")
    helpers.pass_evaluation(store, batch_id, [post_id])
    other_id = helpers.member(store, "李建国")
    current = store.get("members", other_id)
    data = org.MemberInput(
        name="李建国", id_number=current["id_number"], unit_id=current["unit_id"], join_date=date(2010, 7, 1),
        full_date=date(2011, 7, 1), position=current["position"], phone="13800138000", standing=Standing.TRANSFERRED_OUT,
    )
    org.update_member(store, other_id, data)

    nominated = only(store, action="nominate_post")
    assert (nominated.action_label, nominated.entity_label, nominated.subject) == ("提名示范岗", "示范岗", "便民服务窗口岗")
    assert nominated.details == "党员个人示范岗，第一党支部，上岗党员1人"

    evaluated = only(store, action="record_pre_evaluation")
    assert evaluated.subject == "便民服务窗口岗"  # looked up by the post's id: the entry only holds the stage
    assert evaluated.details.startswith("阶段：酝酿提名 → 测评通过待公示；满意45票，基本满意3票，不满意2票")

    updated = only(store, action="update_member")
    assert (updated.action_label, updated.subject) == ("修改党员信息", "李建国")
    assert updated.details == "党籍状态：正常 → 已转出；联系电话：空 → 13800138000"
    for entry in audit_entries(store).entries:
        assert not ENGLISH.search(entry.subject + entry.details), entry
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", entry.at), entry.at


def test_units_settings_and_long_fields_name_what_changed(store: Store) -> None:
    unit_id = helpers.unit(store, "第一党支部")
    org.update_unit(store, unit_id, name="向阳社区党支部", kind=UnitKind.BRANCH, parent_id=None, secretary="李梅")
    entry = only(store, action="update_unit")
    assert entry.subject == "向阳社区党支部"
    assert entry.details == "名称：第一党支部 → 向阳社区党支部；书记：空 → 李梅"

    org.update_settings(store, replace(store.settings(), pass_threshold_percent="85", extra_holidays=("2026-12-31",)))
    settings = only(store, action="update_settings")
    assert settings.subject == "测试街道党工委"
    assert settings.details == "岗前测评通过线：80 → 85；修改另行放假的日期"

    raw_entry(store, "update_post_details", "posts", None, {"name": "甲", "display_pledge": "短", "updated_at": "x"},
              {"name": "甲", "display_pledge": "热情服务群众，" * 5, "updated_at": "y", "pinyin": "jia"})
    assert only(store, action="update_post_details").details == "修改亮承诺"
    raw_entry(store, "update_unit", "units", None, {"name": "乙", "updated_at": "x"}, {"name": "乙", "updated_at": "y"})
    assert only(store, action="update_unit", keyword="乙").details == "内容未变"


def test_names_are_looked_up_with_one_query_per_table(demo: Store) -> None:
    statements: list[str] = []
    demo.db.conn.set_trace_callback(statements.append)
    try:
        page = audit_entries(demo)
    finally:
        demo.db.conn.set_trace_callback(None)
    assert page.total == len(page.entries) > 300
    lookups = [s for s in statements if "json_each" in s]
    assert sorted(re.search(r"FROM (\w+)", s).group(1) for s in lookups) == ["batches", "members", "posts", "units"]  # type: ignore[union-attr]
    assert all(e.subject and e.details for e in page.entries)
    by_action = {e.action: e for e in page.entries}
    assert by_action["record_monthly_assessment"].details.count("，") == 2  # 月份，得分，等次
    assert "（" in by_action["record_monthly_assessment"].subject  # 姓名（示范岗）
    assert by_action["record_survey"].details.startswith("满意率")
    assert by_action["confirm_post"].details.startswith("阶段：公示中 → 在岗；岗位编号")
    assert by_action["veto_post"].details.startswith("阶段：在岗 → 已撤销称号；否决情形：")


def test_damaged_contents_never_stop_the_list(store: Store) -> None:
    raw_entry(store, "update_member", "members", 99999, "{not json", "[1, 2]", at="not a time")
    for action in ACTIONS:
        raw_entry(store, action, "posts", 1, {"stage": 5, "score": "abc", "members": "x", "settings": "{"},
                  {"stage": ["on_duty"], "score": None, "rate": "high", "members": [None, "3"], "kind": {"a": 1},
                   "added": [1], "updated": 7, "creations": "{bad", "month": "2026-xx", "post_id": "7",
                   "settings": "[]", "photo": None, "ground": "nonsense", "name": 12})
    assert audit_entries(store, keyword="党员").total >= 1  # the keyword reaches into the damaged JSON too
    page = audit_entries(store, start=date(2026, 11, 20), end=date(2026, 11, 22), limit=None)
    assert sum(e.entity == "posts" for e in page.entries) == len(ACTIONS)
    assert all(e.entity != "members" for e in page.entries)  # an unreadable time is outside every date range
    [broken] = [e for e in audit_entries(store, action="update_member").entries if e.entity == "members"]
    assert (broken.at, broken.subject, broken.target) == ("not a time", "", "党员")


# -- filters ----------------------------------------------------------------------------------
def test_date_range_uses_this_computers_days_whatever_offset_a_row_was_written_with(store: Store, shanghai: None) -> None:
    raw_entry(store, "record_survey", "surveys", None, None, {"rate": 0.9}, at="2026-11-20T17:30:00+00:00")  # 11-21 01:30
    raw_entry(store, "record_survey", "surveys", None, None, {"rate": 0.8}, at="2026-11-21T23:30:00+08:00")  # 11-21 23:30
    raw_entry(store, "record_survey", "surveys", None, None, {"rate": 0.7}, at="2026-11-21T16:30:00+00:00")  # 11-22 00:30
    day = date(2026, 11, 21)
    page = audit_entries(store, start=day, end=day, action="record_survey")
    assert [(e.at, e.details) for e in page.entries] == [("2026-11-21 23:30", "满意率80.0%"), ("2026-11-21 01:30", "满意率90.0%")]
    assert audit_entries(store, start=date(2026, 11, 22), action="record_survey").total == 1
    assert audit_entries(store, end=date(2026, 11, 20), action="record_survey").total == 0
    with pytest.raises(DomainError, match="起始日期晚于截止日期"):
        audit_entries(store, start=date(2026, 11, 22), end=day)


def test_action_keyword_and_limit(store: Store) -> None:
    helpers.member(store, "王秀英")
    helpers.member(store, "李建国")
    third = helpers.member(store, "赵刚")
    org.set_member_photo(store, third, b"\xff\xd8" + b"0" * 100)
    assert audit_entries(store, action="add_member").total == 3
    assert only(store, keyword="李建国").action == "add_member"
    assert only(store, action="set_member_photo", keyword="赵刚").subject == "赵刚"  # found by the member's id
    assert audit_entries(store, keyword="王%英").total == audit_entries(store, keyword="王_英").total == 0  # plain characters
    assert audit_entries(store, keyword="操作员").total == audit_entries(store).total  # the operator's name
    assert {e.action for e in audit_entries(store, keyword="照片").entries} == {"set_member_photo"}  # the action's label
    page = audit_entries(store, limit=2)
    total = audit_entries(store).total
    assert len(page.entries) == 2 and page.total == total > 2
    assert page.entries[0].id > page.entries[1].id  # newest first
    assert page.summary == f"共{total}条记录，显示最近2条。"
    assert audit_entries(store).summary == f"共{total}条记录。"
    assert audit_entries(store, keyword="无此人").summary == "没有符合条件的操作记录。"


# -- export -----------------------------------------------------------------------------------
def test_export_writes_what_matches_with_chinese_headers(demo: Store, tmp_path: Path) -> None:
    outcome = audit_view.export_audit(demo, tmp_path / "操作记录", action="confirm_post")
    assert outcome.path.suffix == ".xlsx"
    sheet = load_workbook(outcome.path)["操作记录"]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in audit_view.AUDIT_SHEET.columns]
    assert all(isinstance(h, str) and not h.isascii() for h in headers), headers
    confirmed = audit_entries(demo, action="confirm_post").total
    assert sheet.max_row == confirmed + 1
    assert {sheet.cell(r, 3).value for r in range(2, sheet.max_row + 1)} == {"确定示范岗"}
    everything = write_sheets(tmp_path / "全部.xlsx", [(audit_view.AUDIT_SHEET, audit_view.AUDIT_SHEET.rows(demo))])
    assert everything.counts == (("操作记录", audit_entries(demo).total),)
