"""岗前测评: a batch's results and the posts on its ballot, each with the members who were on the
ballot then (not the post's members of today)."""

from __future__ import annotations

from core.post_rules import Action, stage_in, stages_allowing
from core.queries.post_records import SERVING_NOW, member_names_sql, recorded_or_on
from core.store import Row, Store

EVALUATION_DAY = ("(SELECT e.held_on FROM pre_evaluation_results r JOIN pre_evaluations e ON e.id = r.evaluation_id "
                  "WHERE r.post_id = pm.post_id)")

ON_BALLOT = recorded_or_on("evaluated", EVALUATION_DAY)
"""A condition on ``pm``: the post_members row was on the post's ballot."""

ON_BALLOT_OR_AWAITING = (f"(CASE WHEN EXISTS (SELECT 1 FROM pre_evaluation_results rr WHERE rr.post_id = pm.post_id) "
                         f"THEN {ON_BALLOT} ELSE {SERVING_NOW} END)")
"""The ballot of a post: as evaluated once it has a result, else (awaiting its vote) today's members."""


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


def ballot_posts(store: Store, batch_id: int) -> list[Row]:
    """The posts on a batch's 岗前测评表, each as it stood on its ballot (DOMAIN rule 9).

    An evaluated post comes with the members who were on its ballot and its evaluation
    (``evaluation_id``, ``held_on``, ``threshold_percent``: each unit votes on its own day); a post
    awaiting its vote comes with today's members and no evaluation. Posts that ended without a vote
    (withdrawn while nominated) are left out. Ordered by evaluation, those awaiting last."""
    awaiting, stages = stage_in("p.stage", stages_allowing(Action.EVALUATE))
    return store.rows(
        "SELECT p.*, u.name AS unit_name, e.id AS evaluation_id, e.held_on, e.threshold_percent, "
        f"{member_names_sql(ON_BALLOT_OR_AWAITING)} AS member_names "
        "FROM posts p JOIN units u ON u.id = p.unit_id LEFT JOIN pre_evaluation_results r ON r.post_id = p.id "
        "LEFT JOIN pre_evaluations e ON e.id = r.evaluation_id "
        f"WHERE p.batch_id = ? AND (r.id IS NOT NULL OR {awaiting}) "
        "ORDER BY e.id IS NULL, e.held_on, e.id, u.sort_order, p.id",
        [batch_id, *stages],
    )
