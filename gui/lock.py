"""Only one program may have a database open: a lock file beside it (QLockFile, stale-safe)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from core.errors import DatabaseLockedError


class DatabaseLock:
    """Hold ``<db>.lock`` while the window is open; a crashed holder's lock is detected as stale."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(str(db_path) + ".lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)

    def acquire(self) -> None:
        if self._lock.tryLock(100):
            return
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            info = self._lock.getLockInfo()
            pid, host = (info[-3], info[-2]) if isinstance(info, tuple) and len(info) >= 3 else (0, "")
            who = f"（进程号{pid}，计算机“{host}”）" if pid else ""
            raise DatabaseLockedError(
                f"这个数据库已经被另一个党员示范岗管理程序打开{who}。"
                "同一时间只能由一个程序打开，请先关闭那个窗口再试。"
            )
        raise DatabaseLockedError(f"无法在“{self.path.parent}”建立锁文件，请确认该文件夹可以写入。")

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
