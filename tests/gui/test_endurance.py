"""A long day in one process: thousands of clerk actions and hundreds of print previews.

The pinned Qt binding once aborted the interpreter after a few hundred signal emissions, a fault
that no short test reaches. Here one window on the demo database goes through the paths the widgets
use — a dialog saved and its ``Changes`` broadcast through ``AppContext.notify``, a core action and
its notification, navigation that refreshes the pages marked stale — 3,000 times, and builds 300
print previews on the worker. Memory is read from /proc (Linux) after a warm-up and at the end: it
must not keep growing.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from core import org, queries
from core.enums import UnitKind
from core.store import Store
from gui.main_window import PAGES
from reports.render import DocumentKind
from tests.gui.conftest import DialogDriver, errors_of, make_window, set_field

ACTIONS = 3_000
PREVIEWS = 300
WARM_UP = 300  # actions (and a tenth as many previews) before the first memory reading
GROWTH_LIMIT_MB = 40.0  # measured: +7 MB; each dialog kept by its page once cost 1 MB
PREVIEW_KINDS = (DocumentKind.FINAL_LIST, DocumentKind.PLACARDS, DocumentKind.RESULTS, DocumentKind.BALLOTS)


def _rss_mb() -> float | None:
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


@pytest.mark.slow
def test_a_long_day_of_actions_and_previews_in_one_window(demo_store: Store, qsettings: QSettings, qtbot: Any,
                                                          driver: DialogDriver) -> None:
    window = make_window(demo_store, qsettings, qtbot)
    members = window.page("members")
    member_ids = [int(row["id"]) for row in queries.members(demo_store)][:20]
    unit = next(row for row in queries.units(demo_store) if row["kind"] == UnitKind.BRANCH.value)
    page_keys = [spec.key for spec in PAGES if spec.key != "print"]
    centre = window.page("print")
    done = {"actions": 0, "previews": 0}

    def edit_member(step: int) -> None:
        def save_phone(dialog: Any) -> None:
            set_field(dialog, "phone", f"1390000{step % 10_000:04d}")
            dialog.submit()
            assert dialog.result() == 1, errors_of(dialog)

        driver.expect(save_phone)
        members.edit_member(member_ids[step % len(member_ids)])

    def rename_unit(step: int) -> None:
        name = f"{unit['name']}{'（临时）' if step % 2 else ''}"
        window.ctx.notify(org.update_unit(demo_store, int(unit["id"]), name=name, kind=UnitKind(unit["kind"]),
                                          parent_id=unit["parent_id"], secretary=unit.get("secretary") or ""))

    def navigate(step: int) -> None:
        window.go_to(page_keys[step % len(page_keys)])

    steps = (edit_member, rename_unit, navigate)

    def act(count: int) -> None:
        for _ in range(count):
            step = done["actions"]
            steps[step % len(steps)](step)
            done["actions"] += 1
            if step % 25 == 0:
                qtbot.wait(1)  # the event loop runs between a clerk's clicks: deferred deletes, repaints

    def preview(count: int) -> None:
        window.go_to("print")
        for _ in range(count):
            centre.set_kind(PREVIEW_KINDS[done["previews"] % len(PREVIEW_KINDS)])
            with qtbot.waitSignals([centre.built], timeout=60_000):
                centre.generate()
            assert centre.result is not None
            done["previews"] += 1

    act(WARM_UP)
    preview(PREVIEWS // 10)
    gc.collect()
    start = _rss_mb()
    while done["actions"] < ACTIONS or done["previews"] < PREVIEWS:
        act(min(300, ACTIONS - done["actions"]))
        preview(min(30, PREVIEWS - done["previews"]))
    qtbot.wait(50)
    gc.collect()
    end = _rss_mb()
    assert done == {"actions": ACTIONS, "previews": PREVIEWS}
    assert not driver.handlers and not driver.warnings, driver.warnings
    with demo_store.db.conn:
        saved_phone = demo_store.get("members", member_ids[(ACTIONS - 3) % len(member_ids)])["phone"]
    assert saved_phone == f"1390000{(ACTIONS - 3) % 10_000:04d}"
    if start is not None and end is not None:
        print(f"\n长时间运行：{ACTIONS}次操作、{PREVIEWS}次预览；内存 {start:.0f} MB → {end:.0f} MB", file=sys.stderr)
        assert end - start < GROWTH_LIMIT_MB, f"memory grew from {start:.0f} MB to {end:.0f} MB"
    centre.shutdown()
    window.close()
