"""The first start knows three situations (a new office, a move from an old PC, a database kept
elsewhere), always returns to the choice when a step is cancelled or refused, and never turns a
mistyped database path into a new empty database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel

from core.paths import remembered_db_path, standard_db_path
from core.store import open_store
from gui.dialogs.first_run import NEW_OFFICE, OPEN_FILE, RESTORE, StartDialog
from gui.first_start import FirstStart
from tests.gui.conftest import fill

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _window_settings_in_temp(tmp_path: Path) -> None:
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def start(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """Run the start-up as ``main.py`` would, with the given window arguments, up to the first page."""
    from gui.app import _parser, _Startup
    from gui.main_window import MainWindow
    from gui.paths import office_db_path

    started: list[Any] = []

    def run(*args: str) -> Any:
        options = _parser().parse_args(list(args))
        db = Path(options.db) if options.db else office_db_path()
        startup = _Startup(QApplication.instance(), db, "", options, 0.0)  # type: ignore[arg-type]
        startup.window = MainWindow()
        qtbot.addWidget(startup.window)
        startup.window.show()
        started.append(startup)
        startup.load()
        return startup

    yield run
    for startup in started:
        startup.window.close()
        startup.close()


def choose(choice: str, *, problem: str = "", disabled: tuple[str, ...] = ()) -> Callable[[Any], None]:
    """A handler for the start dialog: checks what it says, then takes ``choice`` ("" leaves)."""

    def handler(dialog: Any) -> None:
        assert isinstance(dialog, StartDialog)
        if problem:
            assert problem in _texts(dialog)
        assert [c for c, b in dialog.buttons.items() if not b.isEnabled()] == list(disabled)
        if choice:
            dialog.buttons[choice].click()
        else:
            dialog.reject()

    return handler


def _texts(dialog: Any) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def cancel(dialog: Any) -> None:
    dialog.reject()


ORG = {"name": "长安街道党工委", "org_type": "street", "supervision_phone": "010-65123456"}


def test_a_new_office_starts_with_its_own_details(start: Any, driver: Any, tmp_path: Path) -> None:
    db = tmp_path / "党建" / "示范岗.db"
    db.parent.mkdir()
    driver.expect(choose(NEW_OFFICE, problem="找不到数据库文件"))
    driver.expect(cancel)  # the form cancelled: back to the choice, no empty database left behind
    driver.expect(choose(NEW_OFFICE))
    driver.expect(fill(ORG))
    startup = start("--db", str(db))
    assert startup.store.organization()["name"] == "长安街道党工委"
    assert startup.window.nav.isEnabled() and startup.window.current_key() == "dashboard"
    assert not driver.handlers


def test_cancelling_the_form_leaves_nothing_behind(start: Any, driver: Any, tmp_path: Path) -> None:
    db = tmp_path / "示范岗.db"
    driver.expect(choose(NEW_OFFICE))
    driver.expect(cancel)
    driver.expect(choose(""))
    startup = start("--db", str(db))
    assert startup.code == 0 and startup.store is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("示范岗")) == []


def test_moving_from_an_old_pc_restores_its_backup(start: Any, driver: Any, demo_db_path: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    old = tmp_path / "U盘" / "示范岗-手动-20261120-093000.db"
    old.parent.mkdir()
    shutil.copy(demo_db_path, old)
    not_a_backup = tmp_path / "U盘" / "名册.db"
    not_a_backup.write_bytes(b"not a database at all")
    answers = iter(["", str(not_a_backup), str(old)])
    monkeypatch.setattr(FirstStart, "ask_backup_file", lambda self: next(answers))
    driver.expect(choose(RESTORE))  # the file dialog cancelled: back to the choice
    driver.expect(choose(RESTORE))  # a file that is no backup: said so, back to the choice
    driver.expect(choose(RESTORE))
    startup = start()
    qtbot.waitUntil(lambda: startup.store is not None, timeout=30000)
    office = standard_db_path()
    assert startup.store.path == office and office.exists()
    source = open_store(old)
    try:
        assert startup.store.organization()["uid"] == source.organization()["uid"]
        members = source.scalar("SELECT count(*) FROM members")
    finally:
        source.close()
    assert startup.store.scalar("SELECT count(*) FROM members") == members
    assert any("未通过检查" in text for text in driver.warnings)
    assert driver.questions and "数据库将保存在" in driver.questions[-1] and str(office) in driver.questions[-1]
    assert any(text.startswith("已从“示范岗-手动-") for text in driver.infos)
    assert not list(office.parent.glob("备份/*恢复前*"))  # no copy of the empty database it replaced
    assert not driver.handlers


def test_a_declined_restore_returns_to_the_choice(start: Any, driver: Any, demo_db_path: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    monkeypatch.setattr(FirstStart, "ask_backup_file", lambda self: str(demo_db_path))
    driver.answer = False
    driver.expect(choose(RESTORE))
    left: list[bool] = []
    driver.expect(lambda dialog: (left.append(True), choose("")(dialog)))
    startup = start()
    qtbot.waitUntil(lambda: bool(left), timeout=30000)
    assert startup.code == 0 and startup.store is None and not standard_db_path().exists()


def test_a_database_kept_elsewhere_is_opened_and_remembered(start: Any, driver: Any, demo_db_path: Path,
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = tmp_path / "D盘" / "党建" / "示范岗.db"
    kept.parent.mkdir(parents=True)
    shutil.copy(demo_db_path, kept)
    empty = tmp_path / "空的.db"
    open_store(empty).close()
    answers = iter([str(empty), str(kept)])
    monkeypatch.setattr(FirstStart, "ask_database_file", lambda self: next(answers))
    driver.expect(choose(OPEN_FILE))  # an empty database: said so, back to the choice
    driver.expect(choose(OPEN_FILE))
    first = start()
    assert first.store.path == kept and any("空的数据库" in text for text in driver.warnings)
    assert remembered_db_path() == kept.resolve()
    first.window.close()
    first.close()
    again = start()  # the next start opens it without asking
    assert again.store.path == kept.resolve() and not driver.handlers


def test_a_missing_folder_is_said_and_nothing_is_created(start: Any, driver: Any, tmp_path: Path) -> None:
    db = tmp_path / "没有这个文件夹" / "示范岗.db"
    driver.expect(choose("", problem="找不到文件夹", disabled=(NEW_OFFICE, RESTORE)))
    startup = start("--db", str(db))
    assert startup.code == 0 and startup.store is None
    assert not db.parent.exists()


def test_a_remembered_database_that_is_gone_is_said(start: Any, driver: Any, tmp_path: Path) -> None:
    from core.paths import remember_db_path

    remember_db_path(tmp_path / "U盘" / "示范岗.db")
    driver.expect(choose("", problem="上次使用的数据库文件"))
    startup = start()
    assert startup.store is None and not (tmp_path / "U盘").exists()


@pytest.mark.parametrize(("where", "said"), [("没有的文件夹/示范岗.db", "找不到文件夹"), ("示范岗.db", "找不到数据库文件")])
def test_the_program_never_makes_a_mistyped_path_a_new_database(where: str, said: str, tmp_path: Path) -> None:
    db = tmp_path / where
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SFG_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "main.py", "--db", str(db), "--smoke-test"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and said in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
