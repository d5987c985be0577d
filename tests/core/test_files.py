"""Writing a file safely: the target is either the old file or the whole new one, never half of one,
and no temporary file is left behind."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from core import files


def test_the_new_content_replaces_the_old_through_a_hidden_file_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "名单.xlsx"
    target.write_bytes(b"old")
    seen: list[Path] = []

    def write(temp: Path) -> str:
        seen.append(temp)
        temp.write_bytes(b"new")
        return "written"

    assert files.write_atomically(target, write) == "written"
    assert target.read_bytes() == b"new"
    temp = seen[0]
    assert temp.parent == tmp_path and temp.name.startswith(".名单.xlsx.") and temp.name.endswith(".part")
    assert [p.name for p in tmp_path.iterdir()] == ["名单.xlsx"]
    assert files.write_bytes_atomically(str(target), b"newer") == target and target.read_bytes() == b"newer"


@pytest.mark.parametrize("where", ["write", "replace"])
def test_a_failure_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    where: str) -> None:
    target = tmp_path / "备份.db"
    target.write_bytes(b"old")
    full = OSError(errno.ENOSPC, "No space left on device")

    def write(temp: Path) -> None:
        temp.write_bytes(b"half")
        if where == "write":
            raise full

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise full

    monkeypatch.setattr(files, "replace_file", refuse)
    with pytest.raises(OSError) as caught:
        files.write_atomically(target, write)
    assert caught.value is full
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["备份.db"]
    assert "磁盘空间已满" in files.storage_message(caught.value, "备份")


def test_a_missing_folder_is_an_os_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        files.write_bytes_atomically(tmp_path / "U盘" / "标牌.pdf", b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_storage_messages_say_why_in_chinese(tmp_path: Path) -> None:
    in_use = PermissionError(errno.EACCES, "The process cannot access the file")
    in_use.winerror = 32  # type: ignore[attr-defined]
    assert "占用" in files.storage_message(in_use, "导出")
    assert "只读" in files.storage_message(OSError(errno.EROFS, "Read-only file system"), "导出")
    assert "找不到目标文件夹" in files.storage_message(FileNotFoundError(errno.ENOENT, "x"), "导出")
    assert "Excel" in files.workbook_in_use_message(tmp_path / "名单.xlsx")
