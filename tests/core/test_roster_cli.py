"""The headless data commands through ``main.py``'s entry: Chinese messages and exit codes, no Qt."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli import run
from core.store import open_store
from tests.core.test_roster import person, write_csv, write_xlsx


@pytest.fixture
def db(demo_db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db_path, path)
    return path


def members(path: Path) -> int:
    store = open_store(path)
    try:
        return int(store.scalar("SELECT count(*) FROM members"))
    finally:
        store.close()


def rows(n: int) -> list[list[object]]:
    return [person(i, unit_name="机关第一党支部", birth=date(1960 + i % 30, 1 + i % 12, 1 + i % 27)) for i in range(1, n + 1)]


def test_import_roster_all_or_nothing_with_error_workbook(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [*rows(5), person(70, category="群众")])
    before = members(db)
    errors = tmp_path / "问题.xlsx"
    assert run(["import-roster", str(path), "--db", str(db), "--errors", str(errors)]) == 1
    out, err = capsys.readouterr()
    assert "第9行“党员类别”列" in err and "没有导入任何数据" in err
    assert "表头在第3行" in out and errors.exists()
    assert load_workbook(errors)["问题清单"].cell(2, 1).value == 9
    assert members(db) == before
    assert run(["import-roster", str(path), "--db", str(db), "--valid-only"]) == 0
    out, _ = capsys.readouterr()
    assert "新增党员5人" in out and "有问题的1行未导入" in out
    assert members(db) == before + 5


def test_import_roster_dry_run_writes_nothing(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "名册.csv", rows(3), encoding="gbk")
    before = members(db)
    assert run(["import-roster", str(path), "--db", str(db), "--dry-run"]) == 0
    assert "试运行：没有写入数据库" in capsys.readouterr().out
    assert members(db) == before
    assert run(["import-roster", str(path), "--db", str(db)]) == 0
    assert run(["import-roster", str(path), "--db", str(db)]) == 0
    assert "新增党员0人，更新3人" in capsys.readouterr().out
    assert members(db) == before + 3


def test_import_roster_refuses_missing_things(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["import-roster", str(tmp_path / "无.xlsx"), "--db", str(db)]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert run(["import-roster", str(tmp_path / "无.xlsx"), "--db", str(tmp_path / "无.db")]) == 2
    assert "找不到数据库文件" in capsys.readouterr().err


def test_backup_restore_export_and_packages_from_the_command_line(db: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["backup", "--db", str(db), "-o", str(tmp_path / "b.db")]) == 0
    assert run(["export", "--db", str(db), "-o", str(tmp_path / "名单.xlsx")]) == 0
    assert "党员名册200条" in capsys.readouterr().out
    assert run(["restore", str(tmp_path / "b.db"), "--db", str(db)]) == 0
    assert "恢复前的数据已另存为" in capsys.readouterr().out
    (tmp_path / "坏.db").write_bytes(b"x" * 5000)
    assert run(["restore", str(tmp_path / "坏.db"), "--db", str(db)]) == 2
    assert "没有恢复" in capsys.readouterr().err
    assert run(["package-export", "--db", str(db), "-o", str(tmp_path / "p.sfgpkg")]) == 0
    assert run(["package-import", str(tmp_path / "p.sfgpkg"), "--db", str(tmp_path / "区委.db")]) == 0
    out = capsys.readouterr().out
    assert "新增" in out and "各单位统计" in out
    assert members(tmp_path / "区委.db") == 200


def test_data_commands_do_not_load_qt(db: Path, tmp_path: Path) -> None:
    import subprocess

    code = ("import sys, main; rc = main.main(['export', '--db', sys.argv[1], '-o', sys.argv[2]]);"
            "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(rc)")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code, str(db), str(tmp_path / "x.xlsx")], cwd=root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_a_district_database_is_named_before_it_merges(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``package-import --district``: a new 区委 database keeps its own name, not the first office's."""
    package = tmp_path / "p.sfgpkg"
    assert run(["package-export", "--db", str(db), "-o", str(package)]) == 0
    district = tmp_path / "区委.db"
    assert run(["package-import", str(package), "--db", str(district), "--district", "长安区委组织部"]) == 0
    assert "已建立组织“长安区委组织部”" in capsys.readouterr().out
    assert run(["package-import", str(package), "--db", str(district), "--district", "长安区委组织部"]) == 0
    assert run(["package-import", str(package), "--db", str(district), "--district", "另一个区委"]) == 2
    assert "已经是“长安区委组织部”的数据库" in capsys.readouterr().err
    store = open_store(district)
    try:
        assert store.organization()["name"] == "长安区委组织部" and store.terms().is_district
    finally:
        store.close()
