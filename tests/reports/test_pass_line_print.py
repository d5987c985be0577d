"""The printed 岗前测评表 states the line the votes are judged by: never below the seeds' 80%."""

from __future__ import annotations

import json
from dataclasses import replace

from core import org
from core.store import Store
from reports.render import DocumentKind, Scope, render
from tests.core.helpers import batch, individual_post, member
from tests.reports.conftest import SHIPPED, compact, pdf_text


def _ballot_text(store: Store) -> str:
    return compact(pdf_text(render(store, DocumentKind.BALLOTS, Scope(), SHIPPED).pdf))


def test_ballot_of_a_database_that_stored_70_prints_80(store: Store) -> None:
    individual_post(store, member(store), batch(store))
    raw = json.loads(store.scalar("SELECT settings FROM organization WHERE id = 1"))
    raw["pass_threshold_percent"] = "70"  # as an older version let the office save it
    with store.transaction():
        store.db.execute("UPDATE organization SET settings = ? WHERE id = 1", [json.dumps(raw)])
    text = _ballot_text(store)
    assert "满意票达到80%以上（含80%）" in text
    assert "70%" not in text


def test_ballot_prints_a_raised_line(store: Store) -> None:
    individual_post(store, member(store), batch(store))
    org.update_settings(store, replace(store.settings(), pass_threshold_percent="90"))
    assert "满意票达到90%以上（含90%）" in _ballot_text(store)
