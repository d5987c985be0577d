"""Fixtures shared by the core tests."""

from __future__ import annotations

import pytest

from core.store import Store
from tests.conftest import Clock
from tests.core.helpers import batch, bring_on_duty, individual_post, member, unit


@pytest.fixture
def serving(store: Store, clock: Clock) -> tuple[int, int, int]:
    """(post_id, member_id, unit_id) of an individual post on duty since 2026-11."""
    b = batch(store)
    m = member(store)
    p = individual_post(store, m, b)
    bring_on_duty(store, clock, [p], b)
    return p, m, unit(store)
