"""Every file dialog of the window: choose a file to open or save, or a folder.

On Linux (UOS, Kylin) the dialog is Qt's own, with an icon provider that names a file's type by
its name alone. Qt's default provider and the desktops' native dialogs (GTK, in this process)
read the first bytes of each listed file to guess its type; opening and closing the database, its
``-wal`` or its ``-shm`` in this process releases every POSIX lock SQLite holds on them, after
which a command run from outside could take the database as unused and delete the WAL the window
still writes into. Windows locks files differently and keeps its native dialog.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

_READS_FILES = sys.platform != "win32"


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from a file's name and kind only: it never opens a file."""

    def icon(self, target: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:
        if isinstance(target, QFileInfo):
            kind = QAbstractFileIconProvider.IconType.Folder if target.isDir() else QAbstractFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(target)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "文件夹"
        suffix = info.suffix()
        return f"{suffix.upper()} 文件" if suffix else "文件"


_PROVIDER: NameOnlyIconProvider | None = None


def _provider() -> NameOnlyIconProvider:
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def _run(parent: QWidget | None, caption: str, start: str, name_filter: str, mode: QFileDialog.FileMode,
         accept: QFileDialog.AcceptMode) -> list[str]:
    dialog = QFileDialog(parent, caption, start, name_filter)
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if _READS_FILES:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(_provider())
        # Qt's own dialog leaves "Look in:" and "Files of type:" in English even with its Chinese
        # translation loaded: every label is set here.
        save = accept == QFileDialog.AcceptMode.AcceptSave
        for label, text in ((QFileDialog.DialogLabel.LookIn, "查找范围："),
                            (QFileDialog.DialogLabel.FileName, "文件夹：" if mode == QFileDialog.FileMode.Directory else "文件名："),
                            (QFileDialog.DialogLabel.FileType, "文件类型："),
                            (QFileDialog.DialogLabel.Accept, "保存" if save else "选择" if mode == QFileDialog.FileMode.Directory else "打开"),
                            (QFileDialog.DialogLabel.Reject, "取消")):
            dialog.setLabelText(label, text)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return [path for path in dialog.selectedFiles() if path]
    finally:
        dialog.deleteLater()


def open_file_name(parent: QWidget | None, caption: str, start: str = "", name_filter: str = "") -> str:
    """The file chosen to open, or "" when the clerk cancelled."""
    chosen = _run(parent, caption, start, name_filter, QFileDialog.FileMode.ExistingFile, QFileDialog.AcceptMode.AcceptOpen)
    return chosen[0] if chosen else ""


def open_file_names(parent: QWidget | None, caption: str, start: str = "", name_filter: str = "") -> list[str]:
    """The files chosen to open (several at once), or [] when the clerk cancelled."""
    return _run(parent, caption, start, name_filter, QFileDialog.FileMode.ExistingFiles, QFileDialog.AcceptMode.AcceptOpen)


def save_file_name(parent: QWidget | None, caption: str, start: str = "", name_filter: str = "") -> str:
    """The file to save to, or "" when the clerk cancelled (the dialog asks before replacing a file)."""
    chosen = _run(parent, caption, start, name_filter, QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave)
    return chosen[0] if chosen else ""


def existing_directory(parent: QWidget | None, caption: str, start: str = "") -> str:
    """The folder chosen, or "" when the clerk cancelled."""
    chosen = _run(parent, caption, start, "", QFileDialog.FileMode.Directory, QFileDialog.AcceptMode.AcceptOpen)
    return chosen[0] if chosen else ""
