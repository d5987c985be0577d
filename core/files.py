"""Writing a file safely, and the Chinese sentence for why storage failed.

``write_atomically`` is the one way a file the clerk keeps (a backup, an exchange package, an
Excel export, a PDF, the demo database, an unpacked resource) is written: into a hidden temporary
file in the target's folder, flushed to the disk, then renamed over the target
(``core.paths.replace_file``, which waits out a scanner on Windows). A full disk, a kill or a
refused rename therefore never leaves half a file under the target's name, and the temporary file
is removed on any failure.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from core.errors import DomainError, os_error_text
from core.paths import replace_file

TEMP_SUFFIX = ".part"
T = TypeVar("T")

# Databases this process has open (a count per file): nothing may be written over one of them or
# its companions. Replacing the file under an open connection loses everything written since.
_OPEN_DATABASES: dict[Path, int] = {}
_COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")


def database_opened(path: Path) -> None:
    key = _key(path)
    _OPEN_DATABASES[key] = _OPEN_DATABASES.get(key, 0) + 1


def database_closed(path: Path) -> None:
    key = _key(path)
    left = _OPEN_DATABASES.get(key, 0) - 1
    if left > 0:
        _OPEN_DATABASES[key] = left
    else:
        _OPEN_DATABASES.pop(key, None)


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def refuse_open_database(target: Path) -> None:
    """Raise ``DomainError`` when ``target`` is a database this process has open, or one of its files."""
    wanted = _key(target)
    for database in _OPEN_DATABASES:
        if any(wanted == database.with_name(database.name + tail) for tail in _COMPANIONS):
            raise DomainError(f"“{target}”是正在使用的数据库文件，不能用其他内容覆盖它，否则全部数据都会丢失。"
                              "请换一个文件名或位置。")


def write_atomically(target: str | Path, write: Callable[[Path], T], *, temp_suffix: str = TEMP_SUFFIX) -> T:
    """Have ``write(temp)`` create the file's content at a hidden temporary path beside ``target``
    (``.<name>.<pid>-<random><temp_suffix>``), then put it in place of ``target``; returns what
    ``write`` returned.

    A database this process has open (or its -wal, -shm, lock) is never a target: ``DomainError``.
    The folder must exist. Whatever ``write`` or the file system raises passes through unchanged
    (the caller says it in Chinese, e.g. with ``storage_message``); the temporary file is gone by then."""
    path = Path(target)
    refuse_open_database(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}{temp_suffix}")
    try:
        outcome = write(temp)
        _fsync_file(temp)
        replace_file(temp, path)
    except BaseException:
        remove_quietly(temp)
        raise
    _fsync_folder(path.parent)
    return outcome


def write_bytes_atomically(target: str | Path, data: bytes) -> Path:
    """``data`` as the whole content of ``target``, written as ``write_atomically`` does; returns
    ``target`` as a Path."""
    path = Path(target)
    write_atomically(path, lambda temp: temp.write_bytes(data))
    return path


def remove_quietly(path: Path) -> None:
    """Delete ``path`` if it is there; a file a scanner holds for a moment (Windows) is left, hidden."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def storage_message(error: BaseException, doing: str) -> str:
    """A clear Chinese sentence for a file in use, a read-only location, a full disk or another
    I/O failure while ``doing`` (备份, 导出, 生成交换包 …)."""
    text = str(error).lower()
    code = getattr(error, "errno", None)
    if getattr(error, "winerror", None) in (32, 33):  # Windows: another program has the file open
        return f"{doing}失败：目标文件正被其他程序（例如Excel或杀毒软件）占用。请关闭后重试。已保存的数据不受影响。"
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text \
            or "read-only" in text:
        return f"{doing}失败：目标位置是只读的或没有写入权限。请换一个位置（例如U盘或“文档”文件夹）。已保存的数据不受影响。"
    if code == errno.ENOSPC or "disk is full" in text or "no space" in text:
        return f"{doing}失败：磁盘空间已满。请清理磁盘或换一个位置后重试。已保存的数据不受影响。"
    if isinstance(error, FileNotFoundError):
        return f"{doing}失败：找不到目标文件夹。请确认U盘已插好或文件夹存在。已保存的数据不受影响。"
    return f"{doing}失败：{os_error_text(error)}。已保存的数据不受影响。"


def workbook_in_use_message(path: Path) -> str:
    """An Excel file that could not be written because of permissions: usually open in Excel."""
    return f"无法写入“{path}”：文件可能正在Excel中打开，或该位置是只读的。请关闭文件或换一个位置。"


def save_workbook(workbook: Any, path: Path, failed: Callable[[OSError], str]) -> None:
    """Save an openpyxl ``workbook`` as ``write_atomically`` does (its folder made first). A workbook
    open in Excel/WPS is told as such; any other failure in the caller's words, ``failed(error)``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, workbook.save)
    except PermissionError:
        raise DomainError(workbook_in_use_message(path)) from None
    except OSError as error:
        raise DomainError(failed(error)) from None
