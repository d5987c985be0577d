"""Where the office's database is: the standard file in the data folder, or the one the clerk chose."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import paths


def test_the_chosen_database_is_remembered_for_window_and_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SFG_DATA_DIR", str(tmp_path / "数据"))
    standard = tmp_path / "数据" / "示范岗.db"
    assert paths.office_db_path() == paths.standard_db_path() == standard
    chosen = tmp_path / "D盘" / "党建" / "示范岗.db"
    paths.remember_db_path(chosen)
    assert paths.office_db_path() == chosen.resolve()
    assert (tmp_path / "数据" / paths.LOCATION_FILE_NAME).read_text(encoding="utf-8").strip() == str(chosen.resolve())
    paths.remember_db_path(None)
    assert paths.office_db_path() == standard and paths.remembered_db_path() is None
