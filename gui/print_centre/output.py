"""Opening a document in the system's PDF viewer: a copy under a new name in a temp folder that is
cleared of older copies, since a viewer may still hold the one opened before (Windows then refuses
to overwrite or delete it)."""

from __future__ import annotations

import contextlib
import tempfile
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

OPEN_FOLDER_NAME = "党员示范岗打印"
OPEN_KEEP_SECONDS = 600  # PDFs opened in the viewer are deleted from the temp folder after this long


def viewer_folder() -> Path:
    return Path(tempfile.gettempdir()) / OPEN_FOLDER_NAME


def viewer_file(folder: Path, label: str) -> Path:
    """A new name each time (``label``-date-time), never one already there."""
    stem = f"{label}-{datetime.now():%Y%m%d-%H%M%S}"
    target = folder / f"{stem}.pdf"
    number = 2
    while target.exists():
        target = folder / f"{stem}-{number}.pdf"
        number += 1
    return target


def clean_viewer_folder(folder: Path, keep: Path, *, older_than: float = OPEN_KEEP_SECONDS) -> None:
    """Delete PDFs opened earlier (best effort: one still open in a viewer stays)."""
    limit = time.time() - older_than
    with contextlib.suppress(OSError):
        for old in folder.glob("*.pdf"):
            if old == keep:
                continue
            with contextlib.suppress(OSError):
                if old.stat().st_mtime < limit:
                    old.unlink()


def open_in_viewer(path: Path) -> bool:
    """Open ``path`` with the system's PDF program; whether one was found."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
