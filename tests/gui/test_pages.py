"""Every page opens on the demo database without a Qt warning; models pass qtmodeltester."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QLabel

from gui.main_window import PAGES, PlaceholderPage
from tests.gui.conftest import make_window


def test_every_page_opens_on_the_demo_database(demo_store: Any, qsettings: Any, qtbot: Any) -> None:
    window = make_window(demo_store, qsettings, qtbot)
    for spec in PAGES:
        window.go_to(spec.key)
        QApplication.processEvents()
        page = window.page(spec.key)
        assert page.isVisible(), spec.key
        if spec.key != "print":
            assert not isinstance(page, PlaceholderPage)
    window.close()


def test_visible_text_is_chinese(demo_store: Any, qsettings: Any, qtbot: Any) -> None:
    """No English word in any label, button, header or menu a clerk sees."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QTableView

    window = make_window(demo_store, qsettings, qtbot)
    english = re.compile(r"[A-Za-z]{3,}")
    allowed = re.compile(r"^(SFG\d+|zwq|Tab)$")  # key names are printed on the keyboard
    found: list[str] = []
    for spec in PAGES:
        if spec.key == "print":
            continue
        window.go_to(spec.key)
        page = window.page(spec.key)
        texts: list[str] = []
        texts += [w.text() for w in page.findChildren(QLabel)]
        texts += [w.text() for w in page.findChildren(QAbstractButton)]
        texts += [w.title() for w in page.findChildren(QGroupBox)]
        for view in page.findChildren(QTableView):
            model = view.model()
            texts += [str(model.headerData(c, view.horizontalHeader().orientation())) for c in range(model.columnCount())]
        for text in texts:
            plain = re.sub(r"<[^>]+>", "", text or "")
            for word in english.findall(plain):
                if not allowed.match(word):
                    found.append(f"{spec.key}: {word} in {plain[:60]!r}")
    for action in window.menuBar().actions():
        assert not english.search(action.text().replace("&", "")), action.text()
        for sub in action.menu().actions():
            assert not english.search(sub.text()), sub.text()
    assert not found, found
    window.close()


def test_smoke_test_command(demo_db_path: Any, tmp_path: Any) -> None:
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    db = tmp_path / "smoke.db"
    shutil.copy(demo_db_path, db)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SFG_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "main.py", "--db", str(db), "--smoke-test"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "文字服务检查：通过" in result.stdout  # pinyin collation, Chinese time-zone names, GB codecs
    seconds = float(result.stdout.strip().splitlines()[-1])
    assert 0 < seconds < 120
    from core.lock import DatabaseLock

    with DatabaseLock(db) as lock:  # the window let go of the database when it closed
        assert lock.held


def test_every_page_opens_on_an_empty_hospital_database(hospital_store: Any, qsettings: Any, qtbot: Any) -> None:
    """A new office has no units, members or posts yet: nothing may break, wording is the hospital's."""
    window = make_window(hospital_store, qsettings, qtbot)
    for spec in PAGES:
        window.go_to(spec.key)
        QApplication.processEvents()
    assert "患者" in window.page("supervision").heading.text()
    window.close()


def test_missing_print_centre_and_dialog_modules_are_explained(demo_store: Any, qsettings: Any, qtbot: Any, driver: Any,
                                                              monkeypatch: Any) -> None:
    from gui import main_window

    pages = tuple(spec if spec.key != "print" else main_window.PageSpec("print", "打印中心", "gui.no_such_module", "X")
                  for spec in main_window.PAGES)
    monkeypatch.setattr(main_window, "PAGES", pages)
    window = make_window(demo_store, qsettings, qtbot)
    window.go_to("print")
    page = window.page("print")
    assert isinstance(page, PlaceholderPage)
    assert "暂不可用" in page.findChild(QLabel).text()
    window._external_dialog("gui.no_such_dialog", "X", "导入党员名册")
    assert driver.infos and "尚未安装" in driver.infos[-1]
    window.close()
