"""Where a file dialog starts: the folder last used for that kind of file, else the user's 文档.

A file dialog given a bare file name opens in the process's current folder: for a desktop shortcut
that is the program folder. ``file_start_path`` gives it a real start instead: the folder last used
for that kind of file (remembered in the window's QSettings by ``remember_file_folder``), else the
user's 文档 (Documents) folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QWidget

FOLDER_KEY = "files/last_folder/"


def window_settings(owner: QWidget | None = None) -> QSettings:
    """The window's QSettings: a ``qsettings`` attribute (or ``ctx.qsettings``) of ``owner`` or one
    of its parents, as pages and dialogs of the main window have; else the application's."""
    widget = owner
    while widget is not None:
        found = getattr(widget, "qsettings", None)
        if found is None:
            found = getattr(getattr(widget, "ctx", None), "qsettings", None)
        if isinstance(found, QSettings):
            return found
        widget = widget.parentWidget()
    return QSettings()


def documents_folder() -> Path:
    """The user's 文档 folder (the home folder if the system names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def file_start_path(kind: str, suggested_name: str = "", *, owner: QWidget | None = None,
                    qsettings: QSettings | None = None) -> str:
    """Where a file dialog for ``kind`` of file ("pdf", "backup", "excel" …) should start: the
    folder last used for that kind, if it still exists (a USB stick may be gone), else 文档;
    joined with ``suggested_name`` for a save dialog."""
    settings = qsettings if qsettings is not None else window_settings(owner)
    remembered = settings.value(FOLDER_KEY + kind)
    folder = Path(str(remembered)) if isinstance(remembered, str) and remembered else None
    try:
        usable = folder is not None and folder.is_dir()
    except OSError:
        usable = False
    start = folder if usable and folder is not None else documents_folder()
    return str(start / suggested_name) if suggested_name else str(start)


def remember_file_folder(kind: str, chosen: str | Sequence[str], *, owner: QWidget | None = None,
                         qsettings: QSettings | None = None, is_folder: bool = False) -> None:
    """Remember the folder of the file(s) the clerk chose (or the chosen folder itself) for ``kind``."""
    paths = [chosen] if isinstance(chosen, str) else list(chosen)
    if not paths or not paths[0]:
        return
    first = Path(paths[0])
    folder = first if is_folder else first.parent
    settings = qsettings if qsettings is not None else window_settings(owner)
    settings.setValue(FOLDER_KEY + kind, str(folder))
