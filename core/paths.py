"""Where the office's data lives: the per-user data folder (platformdirs), shared by window and commands."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "sfg"
DB_FILE_NAME = "示范岗.db"


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


def office_db_path() -> Path:
    return user_data_dir() / DB_FILE_NAME


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
