"""Builders for core tests: units, members and posts through the real actions."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from core import org, workflow
from core.enums import FiveDisplay, MemberCategory, PostKind, Sex, Standing, UnitKind
from core.idcard import make_id_number
from core.store import Store

_seq = count(1)


def unit(store: Store, name: str = "第一党支部", kind: UnitKind = UnitKind.BRANCH) -> int:
    existing = store.scalar("SELECT id FROM units WHERE name = ?", [name])
    if existing:
        return int(existing)
    return org.create_unit(store, name=name, kind=kind).id


def member(
    store: Store,
    name: str = "张伟强",
    *,
    unit_id: int | None = None,
    category: MemberCategory = MemberCategory.FULL,
    standing: Standing = Standing.NORMAL,
    sex: Sex = Sex.MALE,
    birth: date = date(1985, 6, 15),
) -> int:
    n = next(_seq)
    data = org.MemberInput(
        name=name, id_number=make_id_number("110105", birth, n * 2, sex), unit_id=unit_id or unit(store),
        category=category, sex=sex, birth_date=birth,
        join_date=date(2010, 7, 1) if category is MemberCategory.FULL else store.today() - timedelta(days=200),
        full_date=date(2011, 7, 1) if category is MemberCategory.FULL else None, standing=standing,
        position="窗口服务",
    )
    return org.add_member(store, data).id


def deliberation(store: Store, day: date | None = None) -> workflow.Deliberation:
    return workflow.Deliberation(
        held_on=day or store.today() - timedelta(days=30), participants=12, summary="一致同意",
        standard_met=[True] * len(store.terms().standard_items),
    )


def batch(store: Store, year: int = 2026) -> int:
    if not store.scalar("SELECT id FROM campaign_years WHERE year = ?", [year]):
        workflow.create_campaign_year(store, year, started_on=date(year, 1, 5))
    return workflow.create_batch(store, year).id


def individual_post(store: Store, member_id: int, batch_id: int, name: str = "便民服务窗口岗", day: date | None = None) -> int:
    unit_id = store.get("members", member_id)["unit_id"]
    return workflow.nominate_post(store, workflow.NominationInput(
        batch_id=batch_id, kind=PostKind.INDIVIDUAL, name=name, unit_id=unit_id, member_ids=[member_id],
        leader_id=member_id, deliberation=deliberation(store, day), displays={FiveDisplay.PLEDGE: "热情服务"},
    )).id


def collective_post(store: Store, member_ids: list[int], batch_id: int, leader_id: int | None = None,
                    unit_id: int | None = None, name: str = "党员示范窗口") -> int:
    return workflow.nominate_post(store, workflow.NominationInput(
        batch_id=batch_id, kind=PostKind.COLLECTIVE, name=name, unit_id=unit_id or unit(store),
        member_ids=member_ids, leader_id=leader_id or member_ids[0], deliberation=deliberation(store),
    )).id


def pass_evaluation(store: Store, batch_id: int, post_ids: list[int], day: date | None = None) -> None:
    workflow.record_pre_evaluation(
        store, batch_id=batch_id, held_on=day or store.today() - timedelta(days=25), ballots_issued=50,
        ballots_returned=50, counts=[workflow.BallotCount(pid, 45, 3, 2, 0) for pid in post_ids],
    )


def bring_on_duty(store: Store, clock: object, post_ids: list[int], batch_id: int) -> None:
    """Evaluate, publicize, consent and confirm, moving the clock past the publicity end."""
    pass_evaluation(store, batch_id, post_ids)
    start = store.today() - timedelta(days=20)
    pid = workflow.start_publicity(store, batch_id=batch_id, start_on=start, post_ids=post_ids).id
    end = date.fromisoformat(store.get("publicity_periods", pid)["end_on"])
    for post_id in post_ids:
        for pm in store.rows("SELECT member_id FROM post_members WHERE post_id = ?", [post_id]):
            workflow.record_consent(store, post_id=post_id, member_id=pm["member_id"], consent=True, on=end)
        workflow.confirm_post(store, post_id, confirmed_on=end + timedelta(days=1))
