"""Only one program may change a database at a time: an OS lock on ``<database>.lock``.

The operating system releases the lock when the holding process ends, even by a crash or a kill,
so a stale lock never keeps the office out. The file also says who holds it (process and computer)
for the message the second program shows.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from core.errors import DatabaseLockedError

_WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte past the holder text so others can still read it


def _try_lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class DatabaseLock:
    """Hold ``<db>.lock`` while a window or a writing command has the database open."""

    def __init__(self, db_path: str | Path, *, holder: str = "党员示范岗管理程序") -> None:
        self.path = Path(str(db_path) + ".lock")
        self.holder = holder
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lock is held
        except OSError:
            raise DatabaseLockedError(
                f"无法在“{self.path.parent}”建立锁文件，请确认该文件夹可以写入。"
            ) from None
        try:
            _try_lock(handle)
        except OSError:
            handle.close()
            raise DatabaseLockedError(
                f"这个数据库已经被另一个党员示范岗管理程序打开{self._who()}。"
                "同一时间只能由一个程序修改它，请先关闭那个窗口（或等命令执行完）再试。"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n{socket.gethostname()}\n{self.holder}\n".encode())
        handle.flush()
        self._handle = handle

    def _who(self) -> str:
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        if len(lines) >= 2 and lines[0].strip().isdigit():
            return f"（进程号{lines[0].strip()}，计算机“{lines[1].strip()}”）"
        return ""

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
