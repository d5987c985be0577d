"""文件 menu dialogs (导入党员名册, 备份与恢复, 交换包, 操作记录): the window is told the Changes of what
they did, so the status bar says it and the pages it touched refresh; nothing when nothing was done."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from core.actions import AuditAction
from core.store import Changes, Store
from tests.gui.conftest import DialogDriver, make_window


def close_untouched(dialog: QDialog) -> None:
    dialog.reject()


@pytest.mark.parametrize(("method", "dialog_class"), [
    ("import_roster", "RosterImportDialog"),
    ("backup", "BackupDialog"),
    ("exchange", "PackageDialog"),
])
def test_cancelled_dialog_says_nothing_done(method: str, dialog_class: str, store: Store, qsettings: Any,
                                             qtbot: Any, driver: DialogDriver) -> None:
    window = make_window(store, qsettings, qtbot)
    window.statusBar().clearMessage()
    seen: list[str] = []
    driver.expect(lambda dialog: (seen.append(type(dialog).__name__), close_untouched(dialog)))
    getattr(window, method)()
    assert seen == [dialog_class]
    assert window.statusBar().currentMessage() == ""
    assert "已完成" not in window.statusBar().currentMessage()
    window.close()


def test_finished_work_is_reported_and_refreshes_what_it_touched(store: Store, qsettings: Any, qtbot: Any,
                                                                 driver: DialogDriver) -> None:
    imported = Changes(AuditAction.IMPORT_ROSTER, "members", (1, 2, 3), "导入完成：新增党员3人，更新0人。",
                       frozenset({"members"}))
    photos = Changes(AuditAction.SET_MEMBER_PHOTO, "members", (2,), "已保存照片1张。", frozenset({"members"}))

    def imported_twice(dialog: Any) -> None:
        dialog.changes += [imported, photos]  # as the dialog records its finished jobs
        dialog.reject()

    window = make_window(store, qsettings, qtbot)
    told: list[Changes] = []
    window.ctx.changed.connect(told.append)
    driver.expect(imported_twice)
    window.import_roster()
    assert window.statusBar().currentMessage() == "导入完成：新增党员3人，更新0人。 已保存照片1张。"
    assert [c.tables for c in told] == [frozenset({"members"})]  # one refresh, of what was touched

    def read_only(dialog: Any) -> None:
        assert dialog.changes == []
        dialog.reject()

    driver.expect(read_only)
    window.audit_log()
    assert len(told) == 1
    window.close()
