"""Reprints of past documents show the facts as of their date (DOMAIN rule 9: 台账 kept for inspection).

The scenario (tests/core/history.py): a collective post of 李红梅, 陈志刚 and 欧阳晓燕 evaluated on
2025-08-12 and publicized from 2025-08-18; in 2026 陈志刚 is replaced by 赵敏, 李红梅 is renamed
李红美 in the roster and the individual post is revoked. Every reprint below is made in November 2026.
"""

from __future__ import annotations

import pytest

from core.store import Store
from reports.render import DocumentKind, Scope, render
from tests.conftest import Clock
from tests.core.history import History, build_history
from tests.reports.conftest import SHIPPED, compact, pdf_text

PAST = Scope(year=2025, batch=1)


@pytest.fixture
def history(store: Store, clock: Clock) -> History:
    return build_history(store, clock)


def text_of(store: Store, kind: DocumentKind, scope: Scope = PAST) -> str:
    return compact(pdf_text(render(store, kind, scope, SHIPPED).pdf)).replace("\u2060", "")


def assert_nominees_of_the_time(text: str) -> None:
    assert "李红梅、陈志刚、欧阳晓燕" in text  # 陈志刚 left the post later: he was on it then
    assert "赵敏" not in text  # joined after the period
    assert "李红美" not in text  # the roster's name of today


@pytest.mark.parametrize("kind", [DocumentKind.PUBLICITY, DocumentKind.BALLOTS, DocumentKind.RESULTS], ids=lambda k: k.value)
def test_reprint_lists_the_nominees_of_the_time(store: Store, history: History, kind: DocumentKind) -> None:
    text = text_of(store, kind)
    assert_nominees_of_the_time(text)
    assert "王建国" in text  # the individual post, revoked only in 2026


def test_publicity_is_dated_its_start_and_states_the_line_it_used(store: Store, history: History) -> None:
    text = text_of(store, DocumentKind.PUBLICITY)
    assert "2025年8月18日" in text
    assert "满意票达到80%以上" in text


def test_ballot_reprint_says_when_it_was_voted(store: Store, history: History) -> None:
    text = text_of(store, DocumentKind.BALLOTS)
    assert "2025年8月12日测评" in text
    assert "满意票达到80%以上（含80%）" in text


def test_ballot_of_a_batch_awaiting_its_vote_lists_todays_members(store: Store, history: History) -> None:
    text = text_of(store, DocumentKind.BALLOTS, Scope(year=2026, batch=1))
    assert "周杰" in text and "测评）" not in text


def test_results_are_dated_the_day_of_the_evaluation(store: Store, history: History) -> None:
    text = text_of(store, DocumentKind.RESULTS)
    assert "测评日期：2025年8月12日" in text
    assert text.endswith("测试街道党工委2025年8月12日第1页") or "测试街道党工委2025年8月12日" in text
    assert "2026年11月21日" not in text  # the print date


def test_post_record_names_the_member_as_assessed(store: Store, history: History) -> None:
    code = str(store.get("posts", history.collective)["code"])
    text = text_of(store, DocumentKind.RESULTS, Scope(post_code=code))
    assert "2025-10李红梅95" in text and "李红美" not in text


def _annual_value(text: str, label: str) -> str:
    start = text.index(label) + len(label)
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[start:end]


def test_last_years_report_uses_last_years_data(store: Store, history: History) -> None:
    text = text_of(store, DocumentKind.ANNUAL_REPORT, Scope(year=2025))
    assert "截至2025年底在岗示范岗2个、上岗党员4人次" in text
    assert _annual_value(text, "2025年底党员总数（正常党籍）") == "7"
    assert _annual_value(text, "2025年底在岗示范岗") == "2"
    assert _annual_value(text, "2025年底上岗党员（人次）") == "4"
    assert _annual_value(text, "撤销称号（个）") == "0"
    assert "2025年底示范岗所处阶段" in text and "已撤销称号" not in text


def test_this_years_report_uses_todays_data(store: Store, history: History) -> None:
    text = text_of(store, DocumentKind.ANNUAL_REPORT, Scope(year=2026))
    assert "目前在岗示范岗1个、上岗党员3人次" in text
    assert _annual_value(text, "党员总数（正常党籍）") == "6"


def _two_votes(store: Store, clock: Clock) -> int:
    """One batch voted on by two branches on their own days, the office raising its line in between."""
    from dataclasses import replace
    from datetime import date

    from core import org
    from tests.core import helpers

    clock.day = date(2026, 10, 20)
    batch_id = helpers.batch(store)
    first = helpers.individual_post(store, helpers.member(store, "钱一", unit_id=helpers.unit(store, "第一党支部")), batch_id)
    second = helpers.individual_post(store, helpers.member(store, "孙二", unit_id=helpers.unit(store, "第二党支部")), batch_id)
    helpers.pass_evaluation(store, batch_id, [first], day=date(2026, 10, 20))
    org.update_settings(store, replace(store.settings(), pass_threshold_percent="90"))
    clock.day = date(2026, 11, 21)
    helpers.pass_evaluation(store, batch_id, [second], day=date(2026, 10, 27))
    return batch_id


def test_results_of_several_votes_show_each_vote_and_are_dated_the_last(store: Store, clock: Clock) -> None:
    _two_votes(store, clock)
    text = text_of(store, DocumentKind.RESULTS, Scope(year=2026, batch=1))
    assert "测评日期：2026年10月20日（第一党支部）" in text and "满意票80%以上" in text
    assert "测评日期：2026年10月27日（第二党支部）" in text and "满意票90%以上" in text
    assert text.index("钱一") < text.index("测评日期：2026年10月27日") < text.index("孙二")  # a table per vote
    assert "党工委2026年10月27日" in text


def test_ballots_of_several_votes_are_reprinted_one_per_vote(store: Store, clock: Clock) -> None:
    batch_id = _two_votes(store, clock)
    text = text_of(store, DocumentKind.BALLOTS, Scope(year=2026, batch=1))
    first, second = text.split("2026年第1批党员示范岗岗前测评表")[1:]
    assert "2026年10月20日测评" in first and "钱一" in first and "孙二" not in first and "（含80%）" in first
    assert "2026年10月27日测评" in second and "孙二" in second and "钱一" not in second and "（含90%）" in second
    # A post still awaiting its vote: the ballot for that vote alone, with today's line.
    from tests.core import helpers

    helpers.individual_post(store, helpers.member(store, "李三", unit_id=helpers.unit(store, "第一党支部")), batch_id)
    text = text_of(store, DocumentKind.BALLOTS, Scope(year=2026, batch=1))
    assert text.count("岗前测评表") == 1 and "李三" in text and "钱一" not in text and "（含90%）" in text
