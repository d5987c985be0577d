"""The 操作记录 dialog: lists the audit log in Chinese, filters it, exports it; opened from the 文件 menu."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit

from core.audit_view import audit_entries
from core.store import Store
from gui import widgets
from gui.audit_dialog import AuditDialog
from tests.gui.conftest import DialogDriver, make_window

ENGLISH = re.compile(r"[A-Za-z]{3,}")
ALLOWED = re.compile(r"^(SFG|Excel)$")  # the placard number prefix; Excel is what offices call it


def make_dialog(qtbot: Any, store: Store) -> AuditDialog:
    dialog = AuditDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def shown(dialog: AuditDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_lists_everything_newest_first_then_filters_by_action_keyword_and_dates(
    qtbot: Any, demo_store: Store, qtmodeltester: Any
) -> None:
    dialog = make_dialog(qtbot, demo_store)
    total = audit_entries(demo_store).total
    assert dialog.model.rowCount() == total > 100
    assert dialog.status_label.text() == f"共{total}条记录。"
    ids = [dialog.model.row_at(i)["id"] for i in range(dialog.model.rowCount())]
    assert ids == sorted(ids, reverse=True)
    assert all(shown(dialog, 3)) and all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", t) for t in shown(dialog, 0))
    qtmodeltester.check(dialog.model)

    widgets.set_combo(dialog.action_combo, "confirm_post")
    dialog.query_button.click()
    confirmed = audit_entries(demo_store, action="confirm_post").total
    assert dialog.model.rowCount() == confirmed > 0 and set(shown(dialog, 2)) == {"确定示范岗"}
    post = dialog.model.row_at(0)["subject"]
    assert all(d.startswith("阶段：公示中 → 在岗") for d in shown(dialog, 4))

    widgets.set_combo(dialog.action_combo, None)
    dialog.keyword_edit.setText(post)
    qtbot.keyClick(dialog.keyword_edit, Qt.Key.Key_Return)  # Enter runs the query
    about_post = audit_entries(demo_store, keyword=post).total
    assert dialog.model.rowCount() == about_post and about_post > confirmed
    assert {"提名示范岗", "录入岗前测评", "开始公示", "确定示范岗"} <= set(shown(dialog, 2))
    assert dialog.status_label.text() == f"共{about_post}条记录。"

    dialog.keyword_edit.clear()
    dialog.start_check.setChecked(True)
    dialog.start_edit.set_value(date.today() + timedelta(days=1))
    dialog.query_button.click()
    assert dialog.model.rowCount() == 0 and not dialog.export_button.isEnabled()
    assert dialog.status_label.text() == "没有符合条件的操作记录。"
    dialog.end_check.setChecked(True)
    dialog.end_edit.set_value(date.today() - timedelta(days=1))
    dialog.query_button.click()
    assert "起始日期晚于截止日期" in dialog.status_label.text()  # said next to the filters, no message box
    dialog.start_edit.set_value(date(2000, 1, 1))
    dialog.end_edit.set_value(date(2099, 12, 31))
    dialog.query_button.click()
    assert dialog.model.rowCount() == total and dialog.export_button.isEnabled()
    dialog.close()


def test_export_writes_the_filtered_list(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, demo_store)
    widgets.set_combo(dialog.action_combo, "record_survey")
    dialog.query_button.click()
    target = tmp_path / "导出" / "操作记录"
    dialog.ask_export_target = lambda: str(target)  # type: ignore[method-assign]
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(driver.infos), timeout=30000)
    assert "操作记录已导出到" in driver.infos[-1] and not driver.warnings
    sheet = load_workbook(target.with_suffix(".xlsx"))["操作记录"]
    assert [c.value for c in sheet[1]] == ["时间", "操作人", "操作", "对象类型", "对象", "说明"]
    assert sheet.max_row == dialog.model.rowCount() + 1
    assert {sheet.cell(r, 3).value for r in range(2, sheet.max_row + 1)} == {"录入满意度测评"}
    dialog.ask_export_target = lambda: ""  # type: ignore[method-assign]  # 取消 in the file dialog
    dialog.export_button.click()
    assert len(driver.infos) == 1
    dialog.close()


def test_no_english_a_clerk_could_see(qtbot: Any, demo_store: Store) -> None:
    dialog = make_dialog(qtbot, demo_store)
    texts = [dialog.windowTitle()]
    texts += [w.text() for w in dialog.findChildren(QLabel)]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.placeholderText() for w in dialog.findChildren(QLineEdit)]
    for box in dialog.findChildren(QComboBox):
        texts += [box.itemText(i) for i in range(box.count())]
    model = dialog.model
    texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for column in range(model.columnCount()):
        texts += shown(dialog, column)
    texts += [model.data(model.index(r, 0), Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]
    found = [f"{word} in {text[:50]!r}" for text in texts for word in ENGLISH.findall(text or "") if not ALLOWED.match(word)]
    assert not found, found
    assert dialog.action_combo.count() > 30 and dialog.action_combo.itemText(0) == "全部"
    dialog.close()


def test_opened_from_the_file_menu(qtbot: Any, demo_store: Store, qsettings: Any, driver: DialogDriver) -> None:
    window = make_window(demo_store, qsettings, qtbot)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert texts[texts.index("检查数据库") + 1] == "操作记录…"
    opened: list[AuditDialog] = []

    def look(dialog: Any) -> None:
        assert isinstance(dialog, AuditDialog) and dialog.store is demo_store
        assert dialog.model.rowCount() > 0
        opened.append(dialog)
        dialog.reject()

    driver.expect(look)
    file_menu.actions()[texts.index("操作记录…")].trigger()
    assert opened and not driver.handlers
    window.close()
