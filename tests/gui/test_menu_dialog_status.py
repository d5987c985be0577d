"""文件 menu dialogs (导入党员名册, 备份与恢复, 交换包): the status bar tells what was done, and
nothing when the dialog was cancelled."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from core.store import Store
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


def test_finished_import_is_reported(store: Store, qsettings: Any, qtbot: Any, driver: DialogDriver) -> None:
    class Summary:
        message = "导入完成：新增党员3人，更新0人。"

    def imported(dialog: Any) -> None:
        dialog.summary = Summary()  # as the dialog keeps its finished import
        dialog.reject()

    window = make_window(store, qsettings, qtbot)
    driver.expect(imported)
    window.import_roster()
    assert window.statusBar().currentMessage() == "导入完成：新增党员3人，更新0人。"
    window.close()
