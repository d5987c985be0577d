"""设置: the pass line of 岗前测评 can be raised, not lowered; an old lower line is shown as the 80% in force."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import make_window


def _open_settings(store: Any, qsettings: Any, qtbot: Any) -> tuple[Any, Any]:
    window = make_window(store, qsettings, qtbot)
    window.go_to("settings")
    QApplication.processEvents()
    return window, window.page("settings")


def test_a_lower_line_is_refused_under_its_input(store: Any, qsettings: Any, qtbot: Any) -> None:
    window, page = _open_settings(store, qsettings, qtbot)
    assert "80%以上（含80%）" in page.pass_note.text() and "不能降低" in page.pass_note.text()
    page.pass_threshold.setText("70")
    page.save_settings()
    assert "不能低于创建方案规定的80%" in page.rules.errors["pass_threshold_percent"].text()
    assert store.settings().pass_threshold_percent == "80"
    page.pass_threshold.setText("85%")
    page.save_settings()
    assert not page.rules.errors["pass_threshold_percent"].text()
    assert store.settings().pass_threshold_percent == "85"
    window.close()


def test_a_stored_lower_line_shows_as_80_with_a_note(store: Any, qsettings: Any, qtbot: Any) -> None:
    raw = json.loads(store.scalar("SELECT settings FROM organization WHERE id = 1"))
    raw["pass_threshold_percent"] = "70"  # saved by an older version
    with store.transaction():
        store.db.execute("UPDATE organization SET settings = ? WHERE id = 1", [json.dumps(raw)])
    window, page = _open_settings(store, qsettings, qtbot)
    page.refresh()
    assert page.pass_threshold.text() == "80"
    assert "原设置的70%低于这一规定，现按80%执行" in page.pass_note.text()
    assert not page.has_unsaved()  # showing the line in force is not an unsaved edit
    page.save_settings()
    assert json.loads(store.scalar("SELECT settings FROM organization WHERE id = 1"))["pass_threshold_percent"] == "80"
    page.refresh()
    assert "原设置" not in page.pass_note.text()
    window.close()
