"""岗前测评通过线: the seeds fix satisfied ≥ 80%; an office may raise the line, never lower it.

A database written by an older version may still store a lower line (70): from now on 80% applies,
while evaluations already recorded keep the line and outcome they were recorded with."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from fractions import Fraction

import pytest

from core import org, workflow
from core.enums import PostStage
from core.errors import DomainError
from core.settings import SEED_PASS_PERCENT, Settings
from core.store import Store
from tests.core.helpers import batch, individual_post, member


def _store_raw_line(store: Store, percent: str) -> None:
    """What an older version could leave in the database: a line below 80, written without the rule."""
    raw = json.loads(store.scalar("SELECT settings FROM organization WHERE id = 1"))
    raw["pass_threshold_percent"] = percent
    with store.transaction():
        store.db.execute("UPDATE organization SET settings = ? WHERE id = 1", [json.dumps(raw, ensure_ascii=False)])


def _evaluate(store: Store, batch_id: int, post_id: int, satisfied: int, unsatisfied: int) -> None:
    workflow.record_pre_evaluation(
        store, batch_id=batch_id, held_on=store.today() - timedelta(days=1), ballots_issued=satisfied + unsatisfied,
        ballots_returned=satisfied + unsatisfied, counts=[workflow.BallotCount(post_id, satisfied, 0, unsatisfied, 0)])


@pytest.mark.parametrize("value", ["70", "79.9", "79", "50", "1"])
def test_a_line_below_the_seeds_is_refused_naming_the_rule(value: str) -> None:
    with pytest.raises(DomainError) as caught:
        Settings(pass_threshold_percent=value).validated()
    assert caught.value.field == "pass_threshold_percent"
    assert "不能低于创建方案规定的80%" in str(caught.value) and "只能提高" in str(caught.value)
    assert f"{value}%" in str(caught.value)


@pytest.mark.parametrize(("value", "expected"), [("0.8", "百分数"), ("0", "0到100"), ("120", "0到100"),
                                                 ("八十", "不是数字"), ("", "不是数字")])
def test_other_bad_lines_keep_their_own_message(value: str, expected: str) -> None:
    with pytest.raises(DomainError, match=expected) as caught:
        Settings(pass_threshold_percent=value).validated()
    assert caught.value.field == "pass_threshold_percent"


@pytest.mark.parametrize("value", ["80", "80.0", "85", "90", "95.5", "100"])
def test_the_office_may_raise_the_line(store: Store, value: str) -> None:
    org.update_settings(store, replace(store.settings(), pass_threshold_percent=value))
    assert store.settings().pass_threshold_percent == value
    assert store.settings().pass_threshold == Fraction(value) / 100


def test_saving_a_lower_line_changes_nothing(store: Store) -> None:
    before = store.scalar("SELECT settings FROM organization WHERE id = 1")
    audits = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(DomainError, match="80%"):
        org.update_settings(store, replace(store.settings(), pass_threshold_percent="70"))
    assert store.scalar("SELECT settings FROM organization WHERE id = 1") == before
    assert store.scalar("SELECT count(*) FROM audit_log") == audits


def test_a_lower_stored_line_is_read_as_the_seeds_line(store: Store) -> None:
    _store_raw_line(store, "70")
    settings = store.settings()
    assert settings.pass_threshold_percent == str(SEED_PASS_PERCENT)
    assert settings.pass_threshold == Fraction(4, 5)
    assert settings.stored_pass_threshold_percent == "70"  # for the settings page's note
    assert settings.validated() is settings  # the loaded settings can be saved as they are
    assert '"pass_threshold_percent": "80"' in settings.to_json()
    assert "stored_pass_threshold_percent" not in settings.to_json()
    # Settings typed on the page start from the loaded ones: the old value is not carried along.
    assert replace(settings, publicity_working_days=6).stored_pass_threshold_percent == ""
    org.update_settings(store, settings)
    assert store.settings().stored_pass_threshold_percent == ""
    assert json.loads(store.scalar("SELECT settings FROM organization WHERE id = 1"))["pass_threshold_percent"] == "80"


@pytest.mark.parametrize("stored", ["0.8", "0.7", 70])
def test_a_fraction_or_number_stored_by_an_old_version_is_read_as_80(store: Store, stored: object) -> None:
    raw = json.loads(store.scalar("SELECT settings FROM organization WHERE id = 1"))
    raw["pass_threshold_percent"] = stored
    assert Settings.from_json(json.dumps(raw)).pass_threshold_percent == "80"


def test_a_higher_stored_line_is_kept(store: Store) -> None:
    _store_raw_line(store, "90")
    assert store.settings().pass_threshold_percent == "90"
    assert store.settings().stored_pass_threshold_percent == ""


def test_the_line_itself_never_falls_below_80_percent() -> None:
    # Even a Settings built in code without validation judges votes at 80% at least.
    assert Settings(pass_threshold_percent="70").pass_threshold == Fraction(4, 5)


def test_recorded_evaluations_keep_their_outcome_and_new_ones_use_80(store: Store) -> None:
    b = batch(store)
    old = individual_post(store, member(store, "张伟强"), b, name="便民服务窗口岗")
    # Recorded while the old version allowed a 70% line: 75% satisfied passed then.
    _store_raw_line(store, "70")
    with store.transaction():  # the row as the old version wrote it (today's code would refuse 70)
        evaluation_id = store.insert("pre_evaluations", {
            "uid": "old-evaluation", "batch_id": b, "held_on": (store.today() - timedelta(days=2)).isoformat(),
            "ballots_issued": 20, "ballots_returned": 20, "threshold_percent": "70", "basic_counts": 0, "notes": ""})
        store.insert("pre_evaluation_results", {
            "uid": "old-result", "evaluation_id": evaluation_id, "post_id": old, "satisfied": 15, "basic": 0,
            "unsatisfied": 5, "invalid": 0, "rate": 0.75, "passed": 1})
        store.update("posts", old, {"stage": PostStage.EVALUATION_PASSED.value})
    new = individual_post(store, member(store, "李明"), batch(store), name="社保窗口岗")
    new_batch = store.get("posts", new)["batch_id"]
    _evaluate(store, new_batch, new, satisfied=15, unsatisfied=5)  # 75% again, now below the line
    assert store.get("posts", new)["stage"] == PostStage.EVALUATION_FAILED.value
    assert "低于80%" in store.get("posts", new)["end_reason"]
    assert store.scalar("SELECT threshold_percent FROM pre_evaluations WHERE batch_id = ?", [new_batch]) == "80"
    # History is not rewritten.
    assert store.get("posts", old)["stage"] == PostStage.EVALUATION_PASSED.value
    assert store.scalar("SELECT threshold_percent FROM pre_evaluations WHERE id = ?", [evaluation_id]) == "70"
    assert store.scalar("SELECT passed FROM pre_evaluation_results WHERE evaluation_id = ?", [evaluation_id]) == 1


def test_exactly_80_percent_passes_under_a_lower_stored_line(store: Store) -> None:
    _store_raw_line(store, "60")
    b = batch(store)
    p = individual_post(store, member(store), b)
    _evaluate(store, b, p, satisfied=16, unsatisfied=4)  # 以上 includes 80%
    assert store.get("posts", p)["stage"] == PostStage.EVALUATION_PASSED.value


def test_survey_warning_line_is_a_different_setting() -> None:
    # 满意度预警线 only flags a survey for attention; it is not the seeds' pass line and may be lower.
    assert Settings(survey_low_threshold_percent="70").validated().survey_low_threshold == Fraction(7, 10)
