"""Nothing outside may take the database from under the window (issue 10 §2).

On Linux a process loses every POSIX lock SQLite holds on a file as soon as it closes any descriptor
of that file; Qt's file dialog used to open the files it lists. A command run from outside then saw
the database as unused and, closing, deleted the WAL the window was still writing into: a crash
afterwards lost every action since. The window process here lists the database's folder in the save
dialog, commands run from outside, the window records an action and is killed with SIGKILL: the
action must be in the database.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from core.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def _posix_locks(pid: int) -> set[int]:
    """Inodes on which ``pid`` holds a POSIX (fcntl) lock."""
    inodes = set()
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 6 and parts[1] == "POSIX" and parts[4] == str(pid):
            inodes.add(int(parts[5].split(":")[-1]))
    return inodes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX lock semantics (Linux desktops)")
@pytest.mark.parametrize("locks", ["kept", "lost"])
def test_the_window_keeps_its_database_while_commands_run_and_a_kill_loses_nothing(locks: str, demo_db_path: Path,
                                                                                   tmp_path: Path) -> None:
    """``kept``: the save dialog lists the folder and the window keeps its locks. ``lost``: the window
    loses them anyway (a stray descriptor closed): the commands still leave its WAL alone."""
    folder = tmp_path / "办公室"
    folder.mkdir()
    db = folder / "示范岗.db"
    shutil.copy(demo_db_path, db)
    for name in ("旧的公示.pdf", "名册.xlsx", "说明"):  # files the dialog lists beside the database
        (folder / name).write_bytes(b"%PDF-1.4 not really" if name.endswith(".pdf") else b"\x00\x01")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen",
           "SFG_DATA_DIR": str(tmp_path / "userdata")}
    window = subprocess.Popen([sys.executable, str(ROOT / "tests" / "gui" / "window_holder.py"), str(db),
                               *(["lose-locks"] if locks == "lost" else [])], cwd=ROOT,
                              env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert window.stdout is not None and window.stdin is not None
        line = window.stdout.readline()
        assert line.startswith("LISTED"), line + window.stderr.read() if window.poll() is not None else line
        shm = (folder / "示范岗.db-shm").stat().st_ino
        held = shm in _posix_locks(window.pid)
        assert held == (locks == "kept"), "listing the folder released the window's SQLite locks"

        def command(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([sys.executable, "main.py", *args, "--db", str(db)], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=300)

        checked = command("check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
        printed = command("print", "final-list", "-o", str(tmp_path / "名单.pdf"))
        assert printed.returncode == 0, printed.stderr
        exported = command("export", "-o", str(tmp_path / "导出.xlsx"))
        assert exported.returncode == 0, exported.stderr
        assert (folder / "示范岗.db-wal").exists(), "a command deleted the WAL the window writes into"

        window.stdin.write("go\n")
        window.stdin.flush()
        assert window.stdout.readline().strip() == "RECORDED"
        os.kill(window.pid, signal.SIGKILL)
        window.wait(timeout=30)
    finally:
        if window.poll() is None:
            window.kill()
        window.communicate(timeout=30)  # closes the pipes

    store = open_store(db)
    try:
        names = {str(row["name"]) for row in store.db["units"].rows}
    finally:
        store.close()
    assert {"窗口打开时新建的支部", "命令运行之后新建的支部"} <= names
    after = subprocess.run([sys.executable, "main.py", "check", "--db", str(db)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert after.returncode == 0, after.stdout + after.stderr
