"""The window and its dialogs fit small screens, and speak Chinese there: 1280×720 (a projector) and
1366×768 (the commonest office laptop). Each size runs ``screen_probe`` in its own process, since Qt
fixes the screen when the application starts; the rules of placing are also checked here on the
test screen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QMainWindow

from gui.screen import PREFERRED_SIZE, fit_dialog, fits_screen, place_main_window, restore_main_window, usable_size

ROOT = Path(__file__).resolve().parents[2]

# Dialogs the probe must have reached, so a change that stops it pressing buttons cannot pass unseen.
EXPECTED_DIALOGS = ("新增党员", "编辑党员信息", "新建党支部", "新建创建年度", "新建批次", "岗位设置：提名示范岗",
                    "编辑示范岗信息", "导入党员名册", "备份与恢复", "交换包", "操作记录", "裁剪照片（二寸）",
                    "收录先进典型或经验做法", "关于", "操作流程", "保存党员名册模板", "欢迎使用党员示范岗创建管理系统",
                    "新单位：填写本单位信息", "打印", "另存为")


def _probe(db: Path, width: int, height: int, tmp_path: Path) -> dict[str, Any]:
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(json.dumps({"screens": [{"name": "office", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "SFG_DATA_DIR": str(tmp_path / "data"),
           "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "tests.gui.screen_probe", str(db)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1366, 768)])
def test_every_page_and_dialog_fits_a_small_screen(width: int, height: int, demo_db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db_path, db)
    report = _probe(db, width, height, tmp_path)
    assert report["screen"] == [width, height]
    seen = report["dialogs"]
    assert [title for title in EXPECTED_DIALOGS if title not in seen] == []
    assert any(title.startswith("一票否决 — ") for title in seen)
    assert report["problems"] == []


def test_a_new_office_fits_a_small_screen(tmp_path: Path) -> None:
    """The empty 工作台 with its first steps, and every page and dialog of an office with no data yet."""
    from core import org
    from core.enums import OrgType
    from core.store import open_store

    db = tmp_path / "新单位.db"
    store = open_store(db)
    org.setup_organization(store, name="长安街道党工委", org_type=OrgType.STREET, supervision_phone="010-65123456")
    store.close()
    report = _probe(db, 1280, 720, tmp_path)
    assert {"导入党员名册", "新建党支部", "新建创建年度", "保存党员名册模板"} <= set(report["dialogs"])
    assert report["problems"] == []


def test_the_window_is_sized_to_the_screen(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    maximize = place_main_window(window)
    usable = usable_size(window)
    assert window.width() <= usable.width() and window.height() <= usable.height()
    small = PREFERRED_SIZE.width() > usable.width() or PREFERRED_SIZE.height() > usable.height()
    assert maximize == small
    if not small:
        assert window.size() == PREFERRED_SIZE
    assert fits_screen(window)


def test_a_saved_position_off_the_screen_is_not_restored(qtbot: Any) -> None:
    """Closed on a big monitor, opened on the laptop alone: placed afresh instead."""
    old = QMainWindow()
    qtbot.addWidget(old)
    old.setGeometry(QRect(5000, 4000, 2400, 1500))
    saved = old.saveGeometry()
    window = QMainWindow()
    qtbot.addWidget(window)
    assert not restore_main_window(window, saved)
    assert fits_screen(window)
    fitting = QMainWindow()
    qtbot.addWidget(fitting)
    fitting.setGeometry(QRect(60, 60, 300, 200))
    again = QMainWindow()
    qtbot.addWidget(again)
    assert restore_main_window(again, fitting.saveGeometry())
    assert again.geometry() == QRect(60, 60, 300, 200)
    assert not restore_main_window(QMainWindow(), None)


def test_a_dialog_larger_than_the_screen_is_shrunk(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.resize(4000, 3000)
    fit_dialog(dialog)
    usable = usable_size(dialog)
    assert dialog.width() <= usable.width() and dialog.height() <= usable.height()
    modest = QDialog()
    qtbot.addWidget(modest)
    modest.resize(300, 200)
    fit_dialog(modest)
    assert (modest.width(), modest.height()) == (300, 200)
