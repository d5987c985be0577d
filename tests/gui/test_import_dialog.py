"""The roster import dialog: choose, preview, map by hand, problems, error workbook, import, photos."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PIL import Image
from PySide6.QtWidgets import QApplication

from core.store import Store
from gui.import_dialog import RosterImportDialog
from tests.conftest import TODAY
from tests.core.test_roster import person, write_xls, write_xlsx
from tests.gui.conftest import DialogDriver


def make_dialog(qtbot: Any, store: Store) -> RosterImportDialog:
    dialog = RosterImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def wait(qtbot: Any, condition: Any) -> None:
    qtbot.waitUntil(condition, timeout=20000)


def rows(n: int, start: int = 1, unit_name: str = "新建第一党支部") -> list[list[Any]]:
    return [person(i, unit_name=unit_name, birth=date(1960 + i % 30, 1 + i % 12, 1 + i % 27)) for i in range(start, start + n)]


def members(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM members"))


def test_preview_confirm_new_units_and_import(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, demo_store)
    path = write_xlsx(tmp_path / "名册.xlsx", rows(12))
    dialog.ask_open_path = lambda: str(path)  # type: ignore[method-assign]
    dialog.choose_button.click()
    wait(qtbot, lambda: dialog.preview is not None)
    assert "共12行：可导入12行（新增12人" in dialog.summary_label.text()
    assert "表头在第3行" in dialog.summary_label.text()
    assert dialog.preview_model.rowCount() == 12 and dialog.import_button.isEnabled()
    before = members(demo_store)
    dialog.import_button.click()
    assert "以下组织单元尚不存在，将同时新建" in driver.questions[0] and "新建第一党支部" in driver.questions[0]
    wait(qtbot, lambda: dialog.summary is not None)
    assert members(demo_store) == before + 12
    assert "新建组织单元1个（新建第一党支部）" in driver.infos[-1]
    assert not dialog.import_button.isEnabled()
    [imported] = dialog.changes  # what the window is told when the dialog closes
    assert imported.message == dialog.summary.message and imported.tables == {"members", "units"}
    assert len(imported.ids) == 12
    dialog.close()


def test_declining_the_confirmation_writes_nothing(qtbot: Any, demo_store: Store, driver: DialogDriver,
                                                   tmp_path: Path) -> None:
    driver.answer = False
    dialog = make_dialog(qtbot, demo_store)
    dialog.load(write_xlsx(tmp_path / "名册.xlsx", rows(3)))
    wait(qtbot, lambda: dialog.preview is not None)
    before = members(demo_store)
    dialog.import_button.click()
    assert not dialog.runner.busy, "declined: nothing was sent to the worker"
    assert members(demo_store) == before and dialog.summary is None
    dialog.close()


def test_problems_are_listed_and_saved_and_valid_only_imports_the_rest(qtbot: Any, demo_store: Store,
                                                                       driver: DialogDriver, tmp_path: Path) -> None:
    data = [*rows(4), person(50, category="群众")]
    dialog = make_dialog(qtbot, demo_store)
    dialog.load(write_xls(tmp_path / "旧版.xls", data))
    wait(qtbot, lambda: dialog.preview is not None)
    assert dialog.tabs.currentIndex() == 2 and dialog.tabs.tabText(2) == "问题（1）"
    problem = dialog.problem_model.row_at(0)
    assert problem["row"] == 7 and problem["column"] == "党员类别" and "不在可选范围内" in problem["reason"]
    assert not dialog.import_button.isEnabled()
    target = tmp_path / "退回.xlsx"
    dialog.ask_errors_path = lambda: str(target)  # type: ignore[method-assign]
    dialog.errors_button.click()
    wait(qtbot, lambda: target.exists())
    assert load_workbook(target)["问题清单"].cell(2, 1).value == 7
    dialog.valid_only.setChecked(True)
    assert dialog.import_button.isEnabled()
    before = members(demo_store)
    dialog.import_button.click()
    wait(qtbot, lambda: dialog.summary is not None)
    assert members(demo_store) == before + 4 and "有问题的1行未导入" in driver.infos[-1]
    dialog.close()


def test_unknown_column_mapped_by_hand_is_remembered(qtbot: Any, demo_store: Store, driver: DialogDriver,
                                                      tmp_path: Path) -> None:
    headers = ["姓名", "身份证号", "所属机构", "联络方式甲"]
    data = [[r[1], r[3], "第一党支部", "13912345678"] for r in rows(2)]
    path = write_xlsx(tmp_path / "a.xlsx", data, headers=headers, title=False)
    dialog = make_dialog(qtbot, demo_store)
    dialog.load(path)
    wait(qtbot, lambda: dialog.preview is not None)
    assert dialog.preview is not None and dialog.preview.file_problems
    assert "所属机构" in dialog.notes_label.text()
    first = dialog.preview
    dialog._combos[2].setCurrentIndex(dialog._combos[2].findData("unit"))
    dialog._combos[3].setCurrentIndex(dialog._combos[3].findData("phone"))
    dialog.recheck_button.click()
    wait(qtbot, lambda: dialog.preview is not first)
    assert dialog.preview is not None and not dialog.preview.problems
    dialog.import_button.click()
    wait(qtbot, lambda: dialog.summary is not None)
    dialog.close()
    again = make_dialog(qtbot, demo_store)
    again.load(path)
    wait(qtbot, lambda: again.preview is not None)
    assert again.preview is not None and not again.preview.file_problems
    assert {c.header: c.source for c in again.preview.columns}["联络方式甲"] == "remembered"
    again.close()


def test_unreadable_file_is_a_clear_message(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"garbage")
    dialog = make_dialog(qtbot, demo_store)
    dialog.load(bad)
    wait(qtbot, lambda: bool(driver.warnings))
    assert "已损坏" in driver.warnings[0] and dialog.preview is None
    dialog.close()


def test_bulk_photos_tab(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    folder = tmp_path / "照片"
    folder.mkdir()
    numbers = [r[0] for r in demo_store.db.execute("SELECT id_number FROM members WHERE photo IS NULL LIMIT 3")]
    for number in numbers:
        Image.new("RGB", (800, 1000), "white").save(folder / f"{number}.jpg")
    Image.new("RGB", (80, 100), "white").save(folder / "查无此人.jpg")
    dialog = make_dialog(qtbot, demo_store)
    dialog.ask_photo_folder = lambda: str(folder)  # type: ignore[method-assign]
    dialog.photo_folder_button.click()
    wait(qtbot, lambda: dialog.photo_plan is not None)
    assert dialog.photo_model.rowCount() == 4 and "可匹配照片3张，未匹配1张" in dialog.photo_summary.text()
    dialog.photo_import_button.click()
    wait(qtbot, lambda: dialog.photo_outcome is not None)
    assert demo_store.scalar(f"SELECT count(*) FROM members WHERE photo IS NOT NULL AND id_number IN "
                             f"({','.join('?' * 3)})", numbers) == 3
    [stored] = dialog.changes
    assert stored.message == dialog.photo_outcome.message == "已保存照片3张。" and stored.tables == {"members"}
    dialog.close()


def test_screenshot_is_chinese_and_readable(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    data = [*rows(6), person(60, category="积极分子"), person(61, phone="12345abc")]
    dialog = make_dialog(qtbot, demo_store)
    dialog.load(write_xlsx(tmp_path / "名册.xlsx", data))
    wait(qtbot, lambda: dialog.preview is not None)
    QApplication.processEvents()
    out = Path(os.environ.get("SFG_SCREENSHOT_DIR", tmp_path))  # set it to keep the pictures for a look
    out.mkdir(parents=True, exist_ok=True)
    dialog.tabs.setCurrentIndex(2)
    assert dialog.grab().save(str(out / "import_dialog_problems.png"))
    dialog.tabs.setCurrentIndex(0)
    assert dialog.grab().save(str(out / "import_dialog_preview.png"))
    dialog.tabs.setCurrentIndex(1)
    assert dialog.grab().save(str(out / "import_dialog_mapping.png"))
    for button in (dialog.choose_button, dialog.import_button, dialog.errors_button):
        assert not button.text().isascii()
        assert button.sizeHint().width() <= button.width() + 1, button.text()
    assert TODAY  # the demo store's clock is the fixture's day
    dialog.close()
