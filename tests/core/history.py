"""A campaign that spans two years, for the "history as it was" tests (DOMAIN rule 9).

2025: a collective post (李红梅 in charge, 陈志刚, 欧阳晓燕) and an individual post (王建国) are
nominated, evaluated on 2025-08-12, publicized from 2025-08-18 and confirmed; 李红梅 is assessed for
October. 2026: 陈志刚 is replaced by 赵敏, 李红梅's name is corrected to 李红美 in the roster, the
individual post is revoked, 孙丽 (not on a post) transfers out and a 2026 post is nominated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core import management, org, workflow
from core.enums import AdjustmentKind, Standing, VetoGround
from core.store import Store
from tests.conftest import Clock
from tests.core import helpers

EVALUATED_ON = date(2025, 8, 12)
PUBLICITY_START = date(2025, 8, 18)
ADJUSTED_ON = date(2026, 3, 2)


@dataclass(frozen=True)
class History:
    batch_id: int
    collective: int
    individual: int
    leader: int
    departs: int
    stays: int
    newcomer: int
    solo: int
    bystander: int
    confirmed_on: date


def rename(store: Store, member_id: int, name: str) -> None:
    row = store.get("members", member_id)
    org.update_member(store, member_id, org.MemberInput(
        name=name, id_number=row["id_number"], unit_id=row["unit_id"], join_date=date(2010, 7, 1),
        full_date=date(2011, 7, 1), position=row["position"]))


def build_history(store: Store, clock: Clock) -> History:
    clock.day = date(2025, 9, 1)
    unit_id = helpers.unit(store, "便民服务中心党支部")
    leader, departs, stays, newcomer, solo, bystander = (
        helpers.member(store, name, unit_id=unit_id) for name in ("李红梅", "陈志刚", "欧阳晓燕", "赵敏", "王建国", "孙丽"))
    batch_id = helpers.batch(store, 2025)
    collective = helpers.collective_post(store, [leader, departs, stays], batch_id, unit_id=unit_id,
                                         name="便民服务中心党员示范窗口")
    individual = helpers.individual_post(store, solo, batch_id, name="社保服务党员示范岗")
    helpers.pass_evaluation(store, batch_id, [collective, individual], day=EVALUATED_ON)
    period_id = workflow.start_publicity(store, batch_id=batch_id, start_on=PUBLICITY_START,
                                         post_ids=[collective, individual]).id
    end = date.fromisoformat(store.get("publicity_periods", period_id)["end_on"])
    for post_id in (collective, individual):
        for pm in store.rows("SELECT member_id FROM post_members WHERE post_id = ?", [post_id]):
            workflow.record_consent(store, post_id=post_id, member_id=pm["member_id"], consent=True, on=end)
    confirmed_on = end + timedelta(days=1)
    for post_id in (collective, individual):
        workflow.confirm_post(store, post_id, confirmed_on=confirmed_on)
    clock.day = date(2025, 11, 5)
    management.record_monthly_assessments(
        store, unit_id=unit_id, month="2025-10", assessed_on=date(2025, 11, 5),
        entries=[management.AssessmentEntry(collective, leader, 95)])

    clock.day = ADJUSTED_ON
    workflow.adjust_members(store, collective, kind=AdjustmentKind.REPLACE_MEMBER, reason="工作调动", on=ADJUSTED_ON,
                            member_out_id=departs, member_in_id=newcomer, newcomer_consents=True)
    rename(store, leader, "李红美")
    workflow.veto_post(store, individual, ground=VetoGround.PUBLIC_OUTCRY, description="群众反映强烈。",
                       decided_on=ADJUSTED_ON)
    row = store.get("members", bystander)
    org.update_member(store, bystander, org.MemberInput(
        name=row["name"], id_number=row["id_number"], unit_id=row["unit_id"], join_date=date(2010, 7, 1),
        full_date=date(2011, 7, 1), standing=Standing.TRANSFERRED_OUT))
    later = helpers.batch(store, 2026)
    helpers.individual_post(store, helpers.member(store, "周杰", unit_id=unit_id), later, name="综治调解党员示范岗")
    clock.day = date(2026, 11, 21)
    return History(batch_id, collective, individual, leader, departs, stays, newcomer, solo, bystander, confirmed_on)
