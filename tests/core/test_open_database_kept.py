"""Nothing the program writes may replace a database it has open (a PDF, an export, a package
saved over 示范岗.db would leave the window writing into a deleted file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.errors import DomainError
from core.export import export_workbook
from core.files import write_bytes_atomically
from core.package import export_package
from core.store import open_store


@pytest.mark.parametrize("companion", ["", "-wal", "-shm", ".lock"])
def test_the_open_database_and_its_files_are_never_a_target(demo_db_path: Path, tmp_path: Path, companion: str) -> None:
    db = tmp_path / "示范岗.db"
    shutil.copy(demo_db_path, db)
    store = open_store(db)
    try:
        target = Path(f"{db}{companion}")
        with pytest.raises(DomainError, match="正在使用的数据库文件"):
            write_bytes_atomically(target, b"%PDF-1.4")
        for export in (export_workbook, export_package):
            try:  # refused, or written beside it under its own suffix: never over the database
                export(store, target)
            except DomainError as error:
                assert "正在使用的数据库文件" in str(error)
        assert db.read_bytes()[:15] == b"SQLite format 3"
        assert store.scalar("SELECT count(*) FROM members") > 0
    finally:
        store.close()
    write_bytes_atomically(tmp_path / "另一个.pdf", b"%PDF-1.4")
    write_bytes_atomically(db, b"closed: no longer protected")
    assert db.read_bytes() == b"closed: no longer protected"


def test_a_pdf_saved_over_the_open_database_is_refused_in_chinese(demo_db_path: Path, tmp_path: Path) -> None:
    from reports.render import DocumentKind, PrintOptions, SaveFailed, Scope, render

    db = tmp_path / "示范岗.db"
    shutil.copy(demo_db_path, db)
    store = open_store(db)
    try:
        result = render(store, DocumentKind.FINAL_LIST, Scope(), PrintOptions(use_system_fonts=False))
        with pytest.raises(SaveFailed, match="正在使用的数据库文件"):
            result.save(db)
    finally:
        store.close()
