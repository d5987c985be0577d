"""A window process for tests/gui/test_database_kept.py: it opens the main window on a database the way
``python main.py --db`` does, lists the database's folder in the save dialog (with ``lose-locks``
it then drops its SQLite locks on purpose), records an action when told to (one line on standard
input) and waits to be killed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from core import org
from core.enums import UnitKind
from core.lock import DatabaseLock
from core.store import open_store
from gui import file_dialogs
from gui.app import make_application
from gui.context import AppContext
from gui.main_window import MainWindow


def main() -> None:
    db = Path(sys.argv[1])
    app = make_application()
    lock = DatabaseLock(db)
    lock.acquire()
    store = open_store(db)
    ctx = AppContext(store, QSettings(str(db.parent / "window.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ctx)
    window.show()
    ctx.notify(org.create_unit(store, name="窗口打开时新建的支部", kind=UnitKind.BRANCH))

    def close_dialog_later() -> None:
        # Let the dialog list the folder (its file-info thread) for a while, then cancel it.
        QTimer.singleShot(1500, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().reject())

    QTimer.singleShot(0, close_dialog_later)
    chosen = file_dialogs.save_file_name(window, "另存为", str(db.parent / "输出.pdf"), "PDF 文件 (*.pdf)")
    if sys.argv[2:] == ["lose-locks"]:
        # What any stray descriptor does on Linux: closing it drops the process's locks on the file.
        for name in (db, Path(f"{db}-shm")):
            os.close(os.open(name, os.O_RDONLY))
    print(f"LISTED {chosen!r}", flush=True)
    sys.stdin.readline()  # the test runs commands from outside meanwhile
    ctx.notify(org.create_unit(store, name="命令运行之后新建的支部", kind=UnitKind.BRANCH))
    print("RECORDED", flush=True)
    sys.stdin.readline()  # killed here
    app.quit()


if __name__ == "__main__":
    main()
