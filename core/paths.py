"""Where the office's data lives: the per-user data folder (platformdirs), shared by window and commands."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "sfg"
DB_FILE_NAME = "示范岗.db"
LOCATION_FILE_NAME = "数据库位置.txt"


def user_data_dir() -> Path:
    """The per-user data folder; ``SFG_DATA_DIR`` overrides it (tests, portable installs)."""
    override = os.environ.get("SFG_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_DIR_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def standard_db_path() -> Path:
    """Where a new office's database is created: ``示范岗.db`` in the data folder."""
    return user_data_dir() / DB_FILE_NAME


def office_db_path() -> Path:
    """The office's database: the one the clerk chose at the first start (“打开已有的数据库文件”,
    kept in ``数据库位置.txt`` in the data folder), else the standard one. Window and commands agree."""
    return remembered_db_path() or standard_db_path()


def remembered_db_path() -> Path | None:
    try:
        text = (user_data_dir() / LOCATION_FILE_NAME).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text else None


def remember_db_path(path: Path | None) -> None:
    """Make ``path`` the office's database from now on (``None``: the standard one again)."""
    from core.files import remove_quietly, write_bytes_atomically

    pointer = user_data_dir() / LOCATION_FILE_NAME
    if path is None:
        remove_quietly(pointer)
    else:
        write_bytes_atomically(pointer, (str(path.resolve()) + "\n").encode("utf-8"))


def read_only_uri(path: Path) -> str:
    """An SQLite URI opening ``path`` read-only; ``Path.as_uri`` escapes characters such as % and #
    that a plain ``file:`` string would misread (a user folder named “张%”)."""
    return path.resolve().as_uri() + "?mode=ro"


def replace_file(source: str | Path, target: str | Path, *, attempts: int = 5, pause: float = 0.1) -> None:
    """``os.replace`` that waits a moment on Windows, where an antivirus scan, the search indexer or
    OneDrive often holds a file that was just written (PermissionError) for a fraction of a second."""
    import sys
    import time

    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == attempts - 1:
                raise
            time.sleep(pause * (attempt + 1))
