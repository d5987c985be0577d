"""A new office's first steps, ticked off as the database fills."""

from __future__ import annotations

from core import org
from core.enums import OrgType
from core.setup_steps import first_steps, setup_finished
from core.store import Store, open_memory_store
from tests.conftest import Clock
from tests.core.helpers import batch, bring_on_duty, individual_post, member, unit


def done(store: Store) -> list[str]:
    return [step.key for step in first_steps(store) if step.done]


def test_the_steps_follow_the_seeds_order_and_tick_off(store: Store, clock: Clock) -> None:
    assert [s.key for s in first_steps(store)] == ["members", "batch", "nominate", "confirm"]
    assert done(store) == [] and not setup_finished(first_steps(store))
    person = member(store, unit_id=unit(store))
    assert done(store) == ["members"]
    b = batch(store)
    assert done(store) == ["members", "batch"] and not setup_finished(first_steps(store))
    post = individual_post(store, person, b)
    assert done(store) == ["members", "batch", "nominate"] and setup_finished(first_steps(store))
    bring_on_duty(store, clock, [post], b)
    assert done(store) == ["members", "batch", "nominate", "confirm"]


def test_the_words_follow_the_organization_type(hospital_store: Store) -> None:
    assert "党支部、科室和分院" in first_steps(hospital_store)[0].text
    district = open_memory_store()
    try:
        org.setup_organization(district, name="长安区委组织部", org_type=OrgType.DISTRICT)
        assert [s.key for s in first_steps(district)] == ["packages", "statistics"]
        assert not setup_finished(first_steps(district))
    finally:
        district.close()
