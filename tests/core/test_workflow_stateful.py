"""No sequence of actions reaches a state the seeds forbid."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from core import management as mg
from core import workflow
from core.check import check_database
from core.enums import AdjustmentKind, MemberCategory, OrgType, PostKind, VetoGround
from core.errors import DomainError
from core.org import setup_organization
from core.store import open_memory_store
from tests.conftest import Clock
from tests.core.helpers import batch, deliberation, member, unit


class CampaignMachine(RuleBasedStateMachine):
    @initialize()
    def setup(self) -> None:
        self.clock = Clock(date(2026, 3, 2))
        self.store = open_memory_store(clock=self.clock)
        setup_organization(self.store, name="街道党工委", org_type=OrgType.STREET)
        self.unit = unit(self.store)
        self.members = [member(self.store, n, category=MemberCategory.PROBATIONARY if i == 5 else MemberCategory.FULL)
                        for i, n in enumerate("甲乙丙丁戊己庚辛")]
        self.batch = batch(self.store)

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.close()

    def _posts(self, stage: str | None = None) -> list[int]:
        if stage is None:
            return [r["id"] for r in self.store.rows("SELECT id FROM posts ORDER BY id")]
        return [r["id"] for r in self.store.rows("SELECT id FROM posts WHERE stage = ? ORDER BY id", [stage])]

    def _try(self, action: object, *args: object, **kwargs: object) -> None:
        # a refusal is a legal outcome; the invariant checks what got through
        with contextlib.suppress(DomainError):
            action(*args, **kwargs)  # type: ignore[operator]

    @rule(days=st.integers(1, 12))
    def time_passes(self, days: int) -> None:
        self.clock.day += timedelta(days=days)

    @rule(i=st.integers(0, 7))
    def nominate_individual(self, i: int) -> None:
        m = self.members[i]
        self._try(workflow.nominate_post, self.store, workflow.NominationInput(
            batch_id=self.batch, kind=PostKind.INDIVIDUAL, name=f"个人岗{i}", unit_id=self.unit, member_ids=[m],
            leader_id=m, deliberation=deliberation(self.store, self.clock.day)))

    @rule(picks=st.lists(st.integers(0, 7), min_size=1, max_size=4), lead=st.integers(0, 3))
    def nominate_collective(self, picks: list[int], lead: int) -> None:
        ids = [self.members[i] for i in picks]
        self._try(workflow.nominate_post, self.store, workflow.NominationInput(
            batch_id=self.batch, kind=PostKind.COLLECTIVE, name="集体岗", unit_id=self.unit, member_ids=ids,
            leader_id=ids[min(lead, len(ids) - 1)], deliberation=deliberation(self.store, self.clock.day)))

    @rule(k=st.integers(0, 20), satisfied=st.integers(30, 50))
    def evaluate(self, k: int, satisfied: int) -> None:
        posts = self._posts()
        if posts:
            pid = posts[k % len(posts)]
            self._try(workflow.record_pre_evaluation, self.store, batch_id=self.batch, held_on=self.clock.day,
                      ballots_issued=50, ballots_returned=50,
                      counts=[workflow.BallotCount(pid, satisfied, 0, 50 - satisfied, 0)])

    @rule(k=st.integers(0, 20))
    def publicize(self, k: int) -> None:
        posts = self._posts()
        if posts:
            self._try(workflow.start_publicity, self.store, batch_id=self.batch, start_on=self.clock.day,
                      post_ids=[posts[k % len(posts)]])

    @rule(k=st.integers(0, 20), upheld=st.booleans())
    def objection(self, k: int, upheld: bool) -> None:
        posts = self._posts()
        if not posts:
            return
        pid = posts[k % len(posts)]
        try:
            oid = workflow.record_objection(self.store, post_id=pid, received_on=self.clock.day, content="反映问题").id
        except DomainError:
            return
        self._try(workflow.resolve_objection, self.store, oid, upheld=upheld, resolution="已核实", resolved_on=self.clock.day)

    @rule(k=st.integers(0, 20), yes=st.booleans())
    def consent_and_confirm(self, k: int, yes: bool) -> None:
        posts = self._posts()
        if not posts:
            return
        pid = posts[k % len(posts)]
        for pm in self.store.rows("SELECT member_id FROM post_members WHERE post_id = ? AND left_on IS NULL", [pid]):
            self._try(workflow.record_consent, self.store, post_id=pid, member_id=pm["member_id"], consent=yes,
                      on=self.clock.day)
        self._try(workflow.confirm_post, self.store, pid, confirmed_on=self.clock.day)

    @rule(k=st.integers(0, 20), i=st.integers(0, 7), j=st.integers(0, 7), kind=st.sampled_from(list(AdjustmentKind)),
          consents=st.booleans())
    def adjust(self, k: int, i: int, j: int, kind: AdjustmentKind, consents: bool) -> None:
        posts = self._posts()
        if posts:
            self._try(workflow.adjust_members, self.store, posts[k % len(posts)], kind=kind, reason="调整",
                      on=self.clock.day, member_out_id=self.members[i], member_in_id=self.members[j],
                      newcomer_consents=consents)

    @rule(k=st.integers(0, 20))
    def push_through(self, k: int) -> None:
        """Take one post as far along the procedure as the rules let it go."""
        posts = self._posts()
        if not posts:
            return
        pid = posts[k % len(posts)]
        self._try(workflow.record_pre_evaluation, self.store, batch_id=self.batch, held_on=self.clock.day,
                  ballots_issued=50, ballots_returned=50, counts=[workflow.BallotCount(pid, 45, 0, 5, 0)])
        self._try(workflow.start_publicity, self.store, batch_id=self.batch, start_on=self.clock.day, post_ids=[pid])
        self.clock.day += timedelta(days=10)
        self.consent_and_confirm(k, True)

    @rule(k=st.integers(0, 20))
    def veto(self, k: int) -> None:
        posts = self._posts("on_duty")
        if posts:
            self._try(workflow.veto_post, self.store, posts[k % len(posts)], ground=VetoGround.OTHER,
                      description="严重影响形象", decided_on=self.clock.day)

    @rule(k=st.integers(0, 20), score=st.integers(0, 100))
    def assess(self, k: int, score: int) -> None:
        posts = self._posts("on_duty") + self._posts("revoked")
        if not posts:
            return
        pid = posts[k % len(posts)]
        for pm in self.store.rows("SELECT member_id FROM post_members WHERE post_id = ?", [pid]):
            self._try(mg.record_monthly_assessments, self.store, unit_id=self.unit, month=f"{self.clock.day:%Y-%m}",
                      entries=[mg.AssessmentEntry(pid, pm["member_id"], score)], assessed_on=self.clock.day)

    @invariant()
    def nothing_forbidden(self) -> None:
        report = check_database(self.store)
        assert report.ok, report.problems
        # at most one individual post per member per year among the posts that hold the year
        held = self.store.rows(
            "SELECT pm.member_id, count(*) AS n FROM posts p JOIN post_members pm ON pm.post_id = p.id "
            "WHERE p.kind = 'individual' AND pm.left_on IS NULL AND p.stage IN "
            "('nominated','evaluation_passed','in_publicity','on_duty','revoked') GROUP BY pm.member_id")
        assert all(r["n"] == 1 for r in held)
        # everyone on a post that reached publicity was on it when the ballot was counted, or joined once on duty
        assert not self.store.rows(
            "SELECT pm.id FROM post_members pm JOIN posts p ON p.id = pm.post_id "
            "JOIN pre_evaluation_results r ON r.post_id = p.id JOIN pre_evaluations e ON e.id = r.evaluation_id "
            "WHERE pm.joined_on > e.held_on AND (p.confirmed_on IS NULL OR pm.joined_on < p.confirmed_on)")
        # assessments only for posts that went on duty
        assert not self.store.rows(
            "SELECT a.id FROM monthly_assessments a JOIN posts p ON p.id = a.post_id WHERE p.confirmed_on IS NULL")
        # a probationary member never leads a collective post
        assert not self.store.rows(
            "SELECT pm.id FROM post_members pm JOIN posts p ON p.id = pm.post_id JOIN members m ON m.id = pm.member_id "
            "WHERE p.kind = 'collective' AND pm.role = 'leader' AND pm.left_on IS NULL AND m.category = 'probationary'")


CampaignMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
TestCampaign = CampaignMachine.TestCase
