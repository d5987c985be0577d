"""Read-only queries for the window, the reports, the command line and the export, one module per
subject. All SQL stays in core/.

Callers import from the package (``from core import queries``; ``queries.posts(store)``); the
subject modules say where each query lives:

``org``           units and members (lists, photos, positions, members in standing on a past day)
``years``         campaign years and batches; which year to show; the day a year's report describes
``post_records``  posts, one post, its members, who serves now, 亮身份, adjustments, revocations, placards
``evaluation``    岗前测评 results and ballots, with the members who were on each ballot
``publicity``     公示 periods, their posts and nominees, objections
``management``    monthly assessments, rectifications, surveys, five reviews, highlights
``figures``       a year in figures: posts by stage and unit (today or on a past day), headline counts
``pending``       the to-do list
"""

from core.queries.evaluation import ballot_posts, evaluation_results
from core.queries.figures import on_duty_per_unit, posts_per_unit, posts_with_dates, stage_counts, stage_on, year_summary
from core.queries.management import (
    assessments,
    five_reviews,
    grade_counts,
    highlight_photo,
    highlights,
    monthly_average_scores,
    overdue_rectifications,
    previous_month,
    problem_categories,
    rectifications,
    survey_by_month,
    survey_summary,
    surveys,
    units_missing_assessment,
)
from core.queries.org import member_photo, member_positions, members, members_on, members_photos, unit_by_name_or_id, units
from core.queries.pending import TodoItem, todo
from core.queries.post_records import (
    adjustments,
    confirmed_posts,
    identity_mismatches,
    post,
    post_by_code,
    post_members,
    posts,
    reclaim_register,
    revocations,
    serving_members,
)
from core.queries.publicity import objections, publicity_periods, publicity_posts
from core.queries.years import batch_by_number, batches, campaign_years, current_year, latest_batch, latest_year, year_end

__all__ = [
    "TodoItem",
    "adjustments",
    "assessments",
    "ballot_posts",
    "batch_by_number",
    "batches",
    "campaign_years",
    "confirmed_posts",
    "current_year",
    "evaluation_results",
    "five_reviews",
    "grade_counts",
    "highlight_photo",
    "highlights",
    "identity_mismatches",
    "latest_batch",
    "latest_year",
    "member_photo",
    "member_positions",
    "members",
    "members_on",
    "members_photos",
    "monthly_average_scores",
    "objections",
    "on_duty_per_unit",
    "overdue_rectifications",
    "post",
    "post_by_code",
    "post_members",
    "posts",
    "posts_per_unit",
    "posts_with_dates",
    "previous_month",
    "problem_categories",
    "publicity_periods",
    "publicity_posts",
    "reclaim_register",
    "rectifications",
    "revocations",
    "serving_members",
    "stage_counts",
    "stage_on",
    "survey_by_month",
    "survey_summary",
    "surveys",
    "todo",
    "unit_by_name_or_id",
    "units",
    "units_missing_assessment",
    "year_end",
    "year_summary",
]
