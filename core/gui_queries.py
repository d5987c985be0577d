"""Read-only queries the window needs beyond ``core.queries`` (SQL stays in core/, no Qt here)."""

from __future__ import annotations

from core.store import Row, Store


def on_duty_per_unit(store: Store) -> list[Row]:
    """Posts on duty now, per unit (the dashboard's bar chart)."""
    return store.rows(
        "SELECT u.name, count(*) AS n FROM posts p JOIN units u ON u.id = p.unit_id WHERE p.stage = 'on_duty' "
        "GROUP BY u.id ORDER BY n DESC, u.sort_order, u.id"
    )


def highlight_photo(store: Store, highlight_id: int) -> bytes | None:
    value = store.scalar("SELECT photo FROM highlights WHERE id = ?", [highlight_id])
    return bytes(value) if value is not None else None


def highlight_body(store: Store, highlight_id: int) -> str:
    return str(store.scalar("SELECT body FROM highlights WHERE id = ?", [highlight_id]) or "")


def survey_summary(store: Store) -> list[Row]:
    """Each on-duty post with its survey count, latest date and latest and average rate."""
    return store.rows(
        "SELECT p.id, p.code, p.name, u.name AS unit_name, count(s.id) AS surveys, max(s.held_on) AS last_on, "
        "avg(s.rate) AS avg_rate, (SELECT rate FROM surveys WHERE post_id = p.id ORDER BY held_on DESC, id DESC LIMIT 1) "
        "AS last_rate, (SELECT low FROM surveys WHERE post_id = p.id ORDER BY held_on DESC, id DESC LIMIT 1) AS last_low "
        "FROM posts p JOIN units u ON u.id = p.unit_id LEFT JOIN surveys s ON s.post_id = p.id "
        "WHERE p.stage = 'on_duty' GROUP BY p.id ORDER BY u.sort_order, u.id, p.id"
    )
