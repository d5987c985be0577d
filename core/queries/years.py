"""Campaign years and their batches: which year to show or print, and the day a year's report describes."""

from __future__ import annotations

from datetime import date

from core.errors import DomainError
from core.store import Row, Store


def campaign_years(store: Store) -> list[Row]:
    return store.rows("SELECT * FROM campaign_years ORDER BY year DESC")


def current_year(store: Store, today: date) -> int:
    """The campaign year to show: this year if it exists, else the latest one."""
    years = [int(r["year"]) for r in campaign_years(store)]
    if today.year in years or not years:
        return today.year
    return max(years)


def latest_year(store: Store) -> int | None:
    value = store.scalar("SELECT max(year) FROM campaign_years")
    return int(value) if value is not None else None


def year_end(store: Store, year: int) -> date | None:
    """The day a year's report describes: the last day of a past year; None for this year (today's data)."""
    return date(year, 12, 31) if year < store.today().year else None


_BATCHES = "SELECT b.*, y.year FROM batches b JOIN campaign_years y ON y.id = b.year_id "


def batches(store: Store, year: int | None = None) -> list[Row]:
    sql = _BATCHES + ("WHERE y.year = ? " if year is not None else "") + "ORDER BY y.year DESC, b.number"
    return store.rows(sql, [year] if year is not None else [])


def batch_by_number(store: Store, year: int, number: int) -> Row:
    rows = store.rows(_BATCHES + "WHERE y.year = ? AND b.number = ?", [year, number])
    if not rows:
        raise DomainError(f"{year}年没有第{number}批。")
    return rows[0]


def latest_batch(store: Store, year: int | None = None) -> Row | None:
    """The most recent batch (of ``year`` when given)."""
    sql = _BATCHES
    params: list[object] = []
    if year is not None:
        sql += "WHERE y.year = ? "
        params.append(year)
    rows = store.rows(sql + "ORDER BY y.year DESC, b.number DESC LIMIT 1", params)
    return rows[0] if rows else None
