"""The window's command line: a database given as a plain file name (dropped on the icon), and
wrong arguments explained in Chinese."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SFG_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_database_dropped_on_the_icon_opens(demo_db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "拖到图标上.db"
    shutil.copy(demo_db_path, db)
    result = _run([str(db), "--smoke-test"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "data" / "示范岗.db").exists()  # the office database was not created instead


def test_two_databases_are_refused_in_chinese(tmp_path: Path) -> None:
    result = _run([str(tmp_path / "a.db"), "--db", str(tmp_path / "b.db")], tmp_path)
    assert result.returncode == 2
    assert "数据库文件只能指定一个" in result.stderr and "usage" not in result.stderr
