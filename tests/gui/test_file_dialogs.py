"""The window's file dialogs: Chinese labels, and nothing listed is opened (see gui/file_dialogs.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog

from gui import file_dialogs


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps its native dialog")
def test_every_label_of_the_dialog_is_chinese(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def look(dialog: QFileDialog) -> int:
        seen["labels"] = [dialog.labelText(label) for label in QFileDialog.DialogLabel]
        seen["provider"] = dialog.iconProvider()
        seen["native"] = not dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        return int(QFileDialog.DialogCode.Rejected)

    monkeypatch.setattr(QFileDialog, "exec", look)
    assert file_dialogs.save_file_name(None, "另存为", str(tmp_path / "名单.pdf"), "PDF 文件 (*.pdf)") == ""
    assert seen["labels"] == ["查找范围：", "文件名：", "文件类型：", "保存", "取消"]
    assert isinstance(seen["provider"], file_dialogs.NameOnlyIconProvider) and not seen["native"]
    assert file_dialogs.existing_directory(None, "选择照片所在的文件夹", str(tmp_path)) == ""
    assert seen["labels"][1] == "文件夹：" and seen["labels"][3] == "选择"


def test_the_type_of_a_file_comes_from_its_name_alone(qtbot: Any, tmp_path: Path) -> None:
    database = tmp_path / "示范岗.db"
    database.write_bytes(b"SQLite format 3\x00")
    provider = file_dialogs.NameOnlyIconProvider()
    assert provider.type(QFileInfo(str(database))) == "DB 文件"
    assert provider.type(QFileInfo(str(tmp_path / "示范岗.db-wal"))) == "DB-WAL 文件"
    assert provider.type(QFileInfo(str(tmp_path))) == "文件夹"
    assert not provider.icon(QFileInfo(str(database))).isNull()
