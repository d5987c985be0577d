"""Fuzzing roster rows: garbage, wrong types, huge strings, control characters.

Whatever a row holds, checking never crashes; every row is either importable or has at least
one problem with its row number; and whatever is importable really imports into a sound DB.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import roster
from core.check import check_database
from core.enums import Sex
from core.idcard import make_id_number
from core.store import Store, open_memory_store
from tests.conftest import Clock
from tests.core.test_roster import HEADERS, person

GOOD = [person(i) for i in range(1, 4)]

garbage_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Lo", "Nd", "P")), max_size=60),
    st.text(min_size=5000, max_size=20000, alphabet="党员示范岗abc\n\t"),
    st.sampled_from(["", " ", "\x00", "正式党员", "预备党员", "男", "女", "已转出", "2019.10", "2019年13月", "=1+1",
                     "#N/A", "NULL", "None", "0", "-1", "１３８００１３８０００"]),
)
any_cell = st.one_of(
    st.none(), garbage_text, st.integers(min_value=-(10**20), max_value=10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.dates(min_value=date(1, 1, 1)), st.datetimes(min_value=datetime(1, 1, 1)),
)
id_cell = st.one_of(
    any_cell,
    st.builds(lambda d, n, s: make_id_number("110105", d, n, s),
              st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 20)), st.integers(0, 999),
              st.sampled_from(list(Sex))),
)


@st.composite
def rows(draw: st.DrawFn) -> list[Any]:
    """A row that starts from a valid one and has some cells replaced with garbage."""
    base = list(draw(st.sampled_from(GOOD)))
    for index in draw(st.sets(st.integers(0, len(HEADERS) - 1), max_size=len(HEADERS))):
        base[index] = draw(id_cell if index == 3 else any_cell)
    extra = draw(st.lists(any_cell, max_size=3))
    return base + extra if draw(st.booleans()) else base[: draw(st.integers(0, len(base)))]


def _table(data: list[list[Any]]) -> roster.RosterTable:
    return roster.RosterTable(Path("fuzz.xlsx"), "Sheet1", 1, list(HEADERS), [(n, r) for n, r in enumerate(data, start=2)])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(rows(), min_size=1, max_size=8))
def test_any_row_gets_a_row_level_answer(data: list[list[Any]]) -> None:
    store: Store = open_memory_store(clock=Clock())
    try:
        from core.enums import OrgType
        from core.org import setup_organization

        setup_organization(store, name="测试街道党工委", org_type=OrgType.STREET, supervision_phone="010-12345678")
        table = _table(data)
        preview = roster.prepare_import(store, table)
        bad = set(preview.bad_rows)
        planned = {p.row for p in preview.planned}
        for number, _ in table.rows:
            assert number in bad or number in planned, f"row {number} has neither a plan nor a problem"
        for problem in preview.problems:
            assert problem.row in {n for n, _ in table.rows}
            assert problem.reason and not problem.reason.isascii()
            assert "Error" not in problem.reason, problem.reason
        if preview.valid_rows:
            before = store.scalar("SELECT count(*) FROM members")
            summary = roster.apply_import(store, preview, valid_only=True, create_units=True)
            assert store.scalar("SELECT count(*) FROM members") == before + summary.added
            assert check_database(store).ok
    finally:
        store.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=30), max_size=16), min_size=1, max_size=6), st.sampled_from(["gbk", "utf-8"]))
def test_garbage_csv_never_crashes(tmp_path: Path, data: list[list[str]], encoding: str) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(data)
    path = tmp_path / "fuzz.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    store = open_memory_store(clock=Clock())
    try:
        try:
            preview = roster.prepare_import(store, path)
        except roster.RosterError as error:
            assert not str(error).isascii()
            return
        assert all(p.reason for p in preview.problems)
    finally:
        store.close()
