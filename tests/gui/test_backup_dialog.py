"""The backup dialog: back up now, list, restore with confirmation (verified, with a safety copy)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel

from core.check import check_database
from core.store import Store
from gui.backup_dialog import BackupDialog
from tests.gui.conftest import DialogDriver


def make_dialog(qtbot: Any, store: Store) -> BackupDialog:
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def select(dialog: BackupDialog, row: int) -> None:
    index = dialog.model.index(row, 0)
    dialog.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                        | QItemSelectionModel.SelectionFlag.Rows)


def test_backup_now_lists_it_and_restore_brings_data_back(qtbot: Any, demo_store: Store, driver: DialogDriver) -> None:
    dialog = make_dialog(qtbot, demo_store)
    assert dialog.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20000)
    assert "备份完成" in driver.infos[-1] and dialog.model.row_at(0)["kind"] == "手动"
    with demo_store.transaction():
        demo_store.db.execute("DELETE FROM highlights")
    select(dialog, 0)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.restored is not None, timeout=20000)
    assert "确定要用下面这个备份替换当前的全部数据吗" in driver.questions[-1] and "党员200人" in driver.questions[-1]
    assert demo_store.scalar("SELECT count(*) FROM highlights") > 0
    assert check_database(demo_store).ok
    kinds = sorted(dialog.model.row_at(i)["kind"] for i in range(dialog.model.rowCount()))
    assert kinds == ["恢复前", "手动"]
    # what the window is told when the dialog closes: a backup written (no record changed), then everything replaced
    backed_up, restored = dialog.changes
    assert backed_up.message.startswith("已备份到：") and not backed_up.tables
    assert restored == dialog.restored.changes and restored.message == dialog.restored.message
    assert {"members", "posts", "highlights", "organization"} <= restored.tables
    dialog.close()


def test_declined_restore_changes_nothing(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, demo_store)
    target = tmp_path / "u盘" / "备份.db"
    dialog.ask_backup_target = lambda: str(target)  # type: ignore[method-assign]
    dialog.backup_to_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    driver.answer = False
    with demo_store.transaction():
        demo_store.db.execute("DELETE FROM highlights")
    dialog.ask_restore_source = lambda: str(target)  # type: ignore[method-assign]
    dialog.restore_file_button.click()
    qtbot.waitUntil(lambda: bool(driver.questions), timeout=20000)
    qtbot.waitUntil(lambda: not dialog.runner.busy, timeout=20000)  # every job it started has ended
    assert dialog.restored is None and demo_store.scalar("SELECT count(*) FROM highlights") == 0
    assert [c.message for c in dialog.changes] == [f"已备份到：{target}"]
    dialog.close()


def test_bad_backup_is_refused_with_a_reason(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    bad = tmp_path / "坏备份.db"
    bad.write_bytes(b"not a database" * 300)
    dialog = make_dialog(qtbot, demo_store)
    dialog.ask_restore_source = lambda: str(bad)  # type: ignore[method-assign]
    dialog.restore_file_button.click()
    qtbot.waitUntil(lambda: bool(driver.warnings), timeout=20000)
    assert "未通过检查" in driver.warnings[0] and not driver.questions
    dialog.close()


def test_screenshot(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, demo_store)
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20000)
    out = Path(os.environ.get("SFG_SCREENSHOT_DIR", tmp_path))  # set it to keep the pictures for a look
    out.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(out / "backup_dialog.png"))
    for button in (dialog.backup_button, dialog.backup_to_button, dialog.restore_button, dialog.restore_file_button):
        assert button.sizeHint().width() <= button.width() + 1, button.text()
    dialog.close()


def test_daily_backup_at_start_runs_on_the_worker(qtbot: Any, demo_store: Store) -> None:
    from gui.backup_dialog import start_daily_backup
    from gui.worker import TaskRunner

    runner = TaskRunner()
    messages: list[tuple[str, bool]] = []
    start_daily_backup(demo_store, runner, None, lambda text, failed: messages.append((text, failed)))
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert "已自动备份到" in messages[0][0] and not messages[0][1]
    start_daily_backup(demo_store, runner, None, lambda text, failed: messages.append((text, failed)))
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)  # the second job has ended and reported
    runner.shutdown()
    assert len(messages) == 1, "only once a day"
