"""Where the window's database and logs live; the rule itself is core.paths."""

from __future__ import annotations

from pathlib import Path

from core.paths import APP_DIR_NAME, DB_FILE_NAME, office_db_path, user_data_dir

__all__ = ["APP_DIR_NAME", "DB_FILE_NAME", "log_dir", "office_db_path", "user_data_dir"]


def log_dir() -> Path:
    path = user_data_dir() / "日志"
    path.mkdir(parents=True, exist_ok=True)
    return path
