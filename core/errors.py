"""Errors raised by core: a DomainError carries a Chinese sentence meant for the clerk."""

from __future__ import annotations

import errno


class DomainError(Exception):
    """A refused action. ``str(error)`` is a complete Chinese sentence shown to the user as is.

    ``field`` optionally names the input that caused the refusal so the window can show the
    message next to it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFoundError(DomainError):
    """The record the action refers to does not exist (any more)."""


class DatabaseTooNewError(DomainError):
    """The database file was written by a newer version of the program."""


class DatabaseLockedError(DomainError):
    """Another copy of the program has the database open."""


_OS_ERRORS = {
    errno.ENOENT: "找不到该文件或文件夹",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有操作权限",
    errno.EROFS: "位置是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.EEXIST: "文件已存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EIO: "磁盘读写出错",
    errno.ENAMETOOLONG: "文件名太长",
}


def os_error_text(error: BaseException) -> str:
    """A Chinese phrase for an operating-system error (never the system's English message)."""
    # Windows reports a file another program has open (sharing/lock violation) as EACCES: check first.
    if getattr(error, "winerror", None) in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return "文件正被其他程序占用，请关闭该程序后重试"
    code = getattr(error, "errno", None)
    if code in _OS_ERRORS:
        return _OS_ERRORS[code]
    return f"系统错误（代码{code}）" if code else "系统错误"
