import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import DatabaseLockedError
from core.lock import DatabaseLock

ROOT = Path(__file__).resolve().parents[2]


def test_second_holder_is_refused_with_who_holds_it(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    with DatabaseLock(db), pytest.raises(DatabaseLockedError, match=f"进程号{os.getpid()}"):
        DatabaseLock(db).acquire()
    with DatabaseLock(db) as again:  # released: free again
        assert again.held


def test_lock_of_a_killed_process_is_not_stale(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    code = f"from core.lock import DatabaseLock; DatabaseLock({str(db)!r}).acquire(); import os; os._exit(0)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
    with DatabaseLock(db) as lock:  # the operating system released it when the holder died
        assert lock.held


def test_writing_command_refused_while_the_window_holds_the_database(tmp_path: Path, demo_db_path: Path) -> None:
    import shutil

    db = tmp_path / "office.db"
    shutil.copy(demo_db_path, db)
    backup = tmp_path / "backup.db"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    subprocess.run([sys.executable, "main.py", "backup", "--db", str(db), "-o", str(backup)], cwd=ROOT, check=True,
                   env=env, capture_output=True, timeout=120)
    with DatabaseLock(db):
        result = subprocess.run([sys.executable, "main.py", "restore", str(backup), "--db", str(db)], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2 and "已经被另一个" in result.stderr
        readonly = subprocess.run([sys.executable, "main.py", "check", "--db", str(db)], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)
        assert readonly.returncode == 0  # reading is fine while the window is open


def test_unwritable_folder_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(DatabaseLockedError, match="无法在"):
        DatabaseLock(tmp_path / "missing-folder" / "office.db").acquire()
