"""History as it was (DOMAIN rule 9): who was on a ballot and in a notice is recorded when it
happens, older databases are backfilled, and a past year is counted as it stood at its end."""

from __future__ import annotations

from datetime import date

from core import queries, workflow
from core.enums import AdjustmentKind, PostStage
from core.schema import migrations
from core.store import Store
from tests.conftest import Clock
from tests.core import helpers
from tests.core.history import EVALUATED_ON, build_history

NAMES_THEN = "李红梅、陈志刚、欧阳晓燕"


def flags(store: Store, post_id: int) -> dict[int, tuple[int | None, int | None]]:
    return {int(r["member_id"]): (r["evaluated"], r["publicized"]) for r in store.rows(
        "SELECT member_id, evaluated, publicized FROM post_members WHERE post_id = ? ORDER BY id", [post_id])}


def test_ballot_and_notice_are_recorded_and_a_newcomer_is_on_neither(store: Store, clock: Clock) -> None:
    h = build_history(store, clock)
    assert flags(store, h.collective) == {
        h.leader: (1, 1), h.departs: (1, 1), h.stays: (1, 1), h.newcomer: (None, None)}


def test_past_result_tables_list_the_nominees_of_the_time(store: Store, clock: Clock) -> None:
    h = build_history(store, clock)
    results = {r["post_id"]: r for r in queries.evaluation_results(store, h.batch_id)}
    assert results[h.collective]["member_names"] == NAMES_THEN
    assert results[h.individual]["member_names"] == "王建国"
    period = queries.publicity_periods(store, h.batch_id)[0]
    assert "便民服务中心党员示范窗口（李红梅、陈志刚、欧阳晓燕）" in period["nominees"]
    assert "社保服务党员示范岗（王建国）" in period["nominees"]
    # Today's lists still show today's members.
    assert queries.posts(store, batch_id=h.batch_id, stage=PostStage.ON_DUTY)[0]["member_names"] == "李红梅、欧阳晓燕、赵敏"


def test_assessments_keep_the_name_the_member_had_on_the_post(store: Store, clock: Clock) -> None:
    h = build_history(store, clock)
    assert [a["member_name"] for a in queries.assessments(store, post_id=h.collective)] == ["李红梅"]


def _same_day_post(store: Store, clock: Clock) -> tuple[int, int, list[int]]:
    """A replacement on the day of the vote but before it, and a removal that day after it: only
    the order of the actions tells who was on the ballot; the dates alone cannot."""
    clock.day = date(2026, 9, 10)
    unit_id = helpers.unit(store)
    a, b, c, e = (helpers.member(store, n, unit_id=unit_id) for n in ("甲一", "乙二", "丙三", "丁四"))
    batch_id = helpers.batch(store)
    post = helpers.collective_post(store, [a, b, c], batch_id, unit_id=unit_id)
    vote = date(2026, 9, 10)
    workflow.adjust_members(store, post, kind=AdjustmentKind.REPLACE_MEMBER, reason="本人调岗", on=vote,
                            member_out_id=b, member_in_id=e)
    helpers.pass_evaluation(store, batch_id, [post], day=vote)
    workflow.adjust_members(store, post, kind=AdjustmentKind.REMOVE_MEMBER, reason="身体原因", on=vote, member_out_id=c)
    workflow.start_publicity(store, batch_id=batch_id, start_on=date(2026, 9, 14), post_ids=[post])
    return post, batch_id, [a, b, c, e]


def test_the_order_of_actions_on_one_day_decides(store: Store, clock: Clock) -> None:
    post, batch_id, (a, b, c, e) = _same_day_post(store, clock)
    assert flags(store, post) == {a: (1, 1), b: (0, 0), c: (1, 0), e: (1, 1)}
    assert queries.evaluation_results(store, batch_id)[0]["member_names"] == "甲一、丙三、丁四"
    assert queries.publicity_posts(store, int(store.get("posts", post)["publicity_id"]))[0]["member_names"] == "甲一、丁四"


def _undo_m003(store: Store) -> None:
    """Turn the database back into one written before m003 (columns, triggers and record gone)."""
    db = store.db
    with store.transaction():
        db.execute("DROP TRIGGER post_members_evaluated")
        db.execute("DROP TRIGGER post_members_publicized")
        db.execute("ALTER TABLE post_members DROP COLUMN evaluated")
        db.execute("ALTER TABLE post_members DROP COLUMN publicized")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_nominee_records'")
    assert [m.name for m in migrations.pending(db)] == ["m003_nominee_records"]


def test_migration_backfills_from_the_audit_log(store: Store, clock: Clock) -> None:
    post, _batch_id, _members = _same_day_post(store, clock)
    h = build_history(store, clock)
    recorded = (flags(store, post), flags(store, h.collective), flags(store, h.individual))
    _undo_m003(store)
    migrations.apply(store.db)
    assert (flags(store, post), flags(store, h.collective), flags(store, h.individual)) == recorded
    # The triggers are back: the next vote is recorded as it happens.
    clock.day = date(2026, 11, 21)
    batch_id = helpers.batch(store)
    later = helpers.collective_post(store, [helpers.member(store, "钱七"), helpers.member(store, "吴八")], batch_id, name="新窗口")
    helpers.pass_evaluation(store, batch_id, [later])
    assert {v[0] for v in flags(store, later).values()} == {1}


def test_migration_goes_by_the_dates_without_a_log(store: Store, clock: Clock) -> None:
    """A post merged from an older exchange package has no audit entries here: the dates decide."""
    h = build_history(store, clock)
    _undo_m003(store)
    with store.transaction():
        store.db.execute("DELETE FROM audit_log WHERE entity = 'posts' AND entity_id = ?", [h.collective])
    migrations.apply(store.db)
    assert flags(store, h.collective) == {
        h.leader: (1, 1), h.departs: (1, 1), h.stays: (1, 1), h.newcomer: (None, None)}


def test_rows_nobody_recorded_are_read_by_the_dates(store: Store, clock: Clock) -> None:
    h = build_history(store, clock)
    with store.transaction():
        store.db.execute("UPDATE post_members SET evaluated = NULL, publicized = NULL WHERE post_id = ?", [h.collective])
    assert queries.evaluation_results(store, h.batch_id)[0]["member_names"] == NAMES_THEN
    period_id = int(store.get("posts", h.collective)["publicity_id"])
    assert queries.publicity_posts(store, period_id)[0]["member_names"] == NAMES_THEN


def test_ballot_lists_the_evaluated_posts_as_voted_and_waiting_ones_as_now(store: Store, clock: Clock) -> None:
    h = build_history(store, clock)
    evaluated = queries.ballot_posts(store, h.batch_id)
    assert [(p["name"], p["member_names"], p["held_on"]) for p in evaluated] == [
        ("便民服务中心党员示范窗口", NAMES_THEN, EVALUATED_ON.isoformat()), ("社保服务党员示范岗", "王建国", EVALUATED_ON.isoformat())]
    waiting = queries.ballot_posts(store, int(queries.batch_by_number(store, 2026, 1)["id"]))
    assert [(p["member_names"], p["held_on"]) for p in waiting] == [("周杰", None)]


def test_a_past_year_is_counted_as_it_stood_at_its_end(store: Store, clock: Clock) -> None:
    build_history(store, clock)
    end = queries.year_end(store, 2025)
    assert end == date(2025, 12, 31)
    assert queries.year_end(store, 2026) is None
    then = queries.year_summary(store, 2025, end)
    assert (then["on_duty"], then["serving"], then["nominated"], then["confirmed"], then["revoked"]) == (2, 4, 2, 2, 0)
    assert then["members"] == 7  # 孙丽 transferred out only in 2026
    assert queries.stage_counts(store, 2025, end)[PostStage.ON_DUTY] == 2
    assert queries.stage_counts(store, 2025, end)[PostStage.REVOKED] == 0
    assert queries.posts_per_unit(store, 2025, end) == [{"name": "便民服务中心党支部", "n": 2}]
    assert queries.on_duty_per_unit(store, end) == [{"name": "便民服务中心党支部", "n": 2}]
    now = queries.year_summary(store, 2025)
    assert (now["on_duty"], now["serving"], now["members"]) == (1, 3, 6)
    assert queries.stage_counts(store, 2025)[PostStage.REVOKED] == 1


def test_stage_on_follows_the_dates_of_each_step(store: Store, clock: Clock) -> None:
    h = build_history(store, clock)
    post = next(p for p in queries.posts_with_dates(store) if p["id"] == h.individual)
    steps = [("2025-08-01", None), ("2025-08-02", PostStage.NOMINATED), ("2025-08-12", PostStage.EVALUATION_PASSED),
             ("2025-08-18", PostStage.IN_PUBLICITY), (h.confirmed_on.isoformat(), PostStage.ON_DUTY),
             ("2026-03-01", PostStage.ON_DUTY), ("2026-03-02", PostStage.REVOKED)]
    assert [queries.stage_on(post, day) for day, _ in steps] == [stage for _, stage in steps]


def test_members_registered_after_the_year_count_only_if_the_roster_was_not_kept_yet(store: Store, clock: Clock) -> None:
    build_history(store, clock)
    end = date(2025, 12, 31)
    assert queries.members_on(store, end) == 7  # nobody registered by then: the 入党时间 decides
    with store.transaction():
        store.db.execute("UPDATE members SET created_at = '2025-06-01T09:00:00+08:00' WHERE name != '周杰'")
    assert queries.members_on(store, end) == 6  # 周杰 was registered later: a transfer in
    with store.transaction():
        store.db.execute("UPDATE members SET join_date = '2026-01-10' WHERE name = '赵敏'")
    assert queries.members_on(store, end) == 5  # joined the party in 2026
