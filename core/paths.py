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
