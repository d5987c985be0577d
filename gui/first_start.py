"""The first start: the window has no office database to show yet.

Three situations, chosen in ``StartDialog``: a new office (the first-run form on a new database), a
move from an old PC (a backup or the old database file, verified on the worker and restored into a
new database here) and a database file kept elsewhere (opened in place and remembered as the
office's database). Every way back (a cancelled file dialog, a refused file, a declined question, a
cancelled form) returns to the choice; only 退出 ends the program. A database path that does not
lead to a file (a mistyped ``--db``, a folder that is gone) is never silently made a new empty
database: ``missing_reason`` says what is wrong, above the choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from core import backup
from core.errors import DomainError
from core.files import remove_quietly
from core.paths import remember_db_path, remembered_db_path, standard_db_path
from core.store import Store, open_store
from gui import file_dialogs, widgets
from gui.dialogs.first_run import NEW_OFFICE, OPEN_FILE, RESTORE, FirstRunDialog, StartDialog

if TYPE_CHECKING:
    from gui.main_window import MainWindow

DATABASE_FILTER = "数据库文件 (*.db);;所有文件 (*)"


class Host(Protocol):
    """What the start-up (``gui.app``) lends the first start: the window, the database lock, the end."""

    window: MainWindow

    def take(self, path: Path) -> None:
        """Hold ``path``'s lock (letting go of any other); DomainError when another program has it."""

    def release(self) -> None: ...

    def opened(self, store: Store) -> None:
        """``store`` is the office's database now: fill the window."""

    def quit(self, code: int) -> None: ...


def missing_reason(path: Path, *, explicit: bool) -> str | None:
    """Why ``path`` cannot be opened as it is, in a sentence for the clerk; None when it is a file.
    ``explicit``: the path was given (``--db`` or a file dropped on the icon), not the office's own."""
    if path.is_file():
        return None
    remembered = remembered_db_path()
    if path.is_dir():
        return f"“{path}”是一个文件夹，不是数据库文件。"
    if not explicit and remembered is not None and path == remembered:
        return (f"上次使用的数据库文件“{path}”找不到了：是否被移动、改名或删除了，或者它所在的U盘、"
                "移动硬盘、网络盘没有连接？")
    if not path.parent.is_dir():
        return (f"找不到文件夹“{path.parent}”，数据库“{path.name}”无法打开。可能是路径输错了，"
                "或者U盘、移动硬盘、网络盘没有连接。")
    if explicit:
        return (f"找不到数据库文件“{path}”。如果要打开已有的数据库，可能是文件名输错了，请选择“打开已有的数据库文件”；"
                "如果是新单位第一次使用，可以在这里新建。")
    return ""


class FirstStart:
    """Offer the three situations until one of them gives the window a database (or the clerk leaves)."""

    def __init__(self, host: Host, requested: Path, *, explicit: bool, problem: str) -> None:
        self.host = host
        self.window = host.window
        self.explicit = explicit
        self.problem = problem
        # A new or restored database goes where it was asked for; the office's own goes to the
        # standard place when the remembered file elsewhere is gone.
        self.target = requested if explicit or requested.exists() else standard_db_path()
        self.can_create = self.target.parent.is_dir() and not self.target.is_dir()

    # -- the choice ------------------------------------------------------------------------
    def offer(self) -> None:
        self.window.loading.setText("")  # not “正在打开数据库……” while the clerk decides
        dialog = StartDialog(self.window, problem=self.problem, target=str(self.target) if self.can_create else "",
                             can_create=self.can_create, remembers=not self.explicit)
        if not widgets.exec_dialog(dialog):
            self.host.quit(0)
            return
        {NEW_OFFICE: self.new_office, RESTORE: self.restore, OPEN_FILE: self.open_file}[dialog.choice]()

    # -- file choosers (replaced in tests) ---------------------------------------------------
    def ask_backup_file(self) -> str:
        start = widgets.file_start_path("backup", owner=self.window)
        path = file_dialogs.open_file_name(self.window, "选择旧电脑的备份文件或数据库文件", start, DATABASE_FILTER)
        widgets.remember_file_folder("backup", path, owner=self.window)
        return path

    def ask_database_file(self) -> str:
        start = widgets.file_start_path("database", owner=self.window)
        path = file_dialogs.open_file_name(self.window, "打开已有的数据库文件", start, DATABASE_FILTER)
        widgets.remember_file_folder("database", path, owner=self.window)
        return path

    # -- a new office ----------------------------------------------------------------------
    def new_office(self) -> None:
        created = not self.target.exists()
        store = self._open_target()
        if store is None:
            return
        if not store.has_organization():
            dialog = FirstRunDialog(store, self.window)
            if not widgets.exec_dialog(dialog) or not store.has_organization():
                self._give_up(store, created)
                return
        self._settle_location()
        self.host.opened(store)

    # -- a move from an old PC ---------------------------------------------------------------
    def restore(self) -> None:
        source = self.ask_backup_file()
        if not source:
            self.offer()
            return

        def verified(report: backup.Verification) -> None:
            if not report.ok:
                widgets.warn(self.window, "这个文件未通过检查，不能用来恢复：\n" + "\n".join(report.problems[:5]), "无法恢复")
                self.offer()
                return
            question = (f"用下面这份备份建立这台电脑上的数据库吗？\n\n{Path(source).name}\n"
                        + "\n".join(report.facts[-1:]) + f"\n\n数据库将保存在：{self.target}")
            if not widgets.ask(self.window, question, "确认恢复", yes="恢复", no="返回"):
                self.offer()
                return
            self._restore(Path(source))

        self.window.runner.run(self.window, "正在检查备份……", lambda _progress: backup.verify_backup(source), verified,
                               self._failed(None, False))

    def _restore(self, source: Path) -> None:
        created = not self.target.exists()
        try:
            self.host.take(self.target)
        except DomainError as error:
            widgets.warn(self.window, str(error), "无法恢复")
            self.offer()
            return
        target = self.target

        def work(_progress: Any) -> backup.RestoreOutcome:
            store = open_store(target)
            try:
                return backup.restore_backup(store, source)
            finally:
                store.close()

        def restored(outcome: backup.RestoreOutcome) -> None:
            try:
                store = open_store(target)
            except DomainError as error:
                self._failed(None, created)(error, "")
                return
            self._settle_location()
            self.host.opened(store)
            widgets.info(self.window, outcome.message + "\n\n以后程序每天第一次启动时会自动备份，备份在数据库旁的“备份”文件夹里。",
                         "恢复完成")

        self.window.runner.run(self.window, "正在恢复……", work, restored, self._failed(None, created))

    # -- a database kept elsewhere -------------------------------------------------------------
    def open_file(self) -> None:
        chosen = self.ask_database_file()
        if not chosen:
            self.offer()
            return
        path = Path(chosen)
        try:
            self.host.take(path)
            store = open_store(path)
        except DomainError as error:
            self.host.release()
            widgets.warn(self.window, str(error), "无法打开数据库")
            self.offer()
            return
        if not store.has_organization():
            store.close()
            self.host.release()
            widgets.warn(self.window, f"“{path}”是一个空的数据库，还没有建立组织信息。请选择“新单位，第一次使用”，"
                                      "或者用旧电脑的备份恢复。", "无法打开数据库")
            self.offer()
            return
        if not self.explicit:
            remember_db_path(None if path.resolve() == standard_db_path().resolve() else path)
        self.host.opened(store)

    # -- helpers -----------------------------------------------------------------------------
    def _open_target(self) -> Store | None:
        try:
            self.host.take(self.target)
            return open_store(self.target)
        except DomainError as error:
            self.host.release()
            widgets.warn(self.window, str(error), "无法新建数据库")
            self.offer()
            return None

    def _settle_location(self) -> None:
        """The office's own database is in the standard place again once one is made there."""
        if not self.explicit and self.target == standard_db_path():
            remember_db_path(None)

    def _give_up(self, store: Store | None, created: bool) -> None:
        """Back to the choice, leaving no empty database behind where there was none."""
        if store is not None:
            store.close()
        self.host.release()
        if created:
            for suffix in ("", "-wal", "-shm", ".lock"):
                remove_quietly(Path(str(self.target) + suffix))
        self.offer()

    def _failed(self, store: Store | None, created: bool) -> Any:
        def failed(error: BaseException, _text: str) -> None:
            if not isinstance(error, DomainError):
                raise error
            widgets.warn(self.window, str(error), "无法恢复")
            self._give_up(store, created)

        return failed


__all__ = ["FirstStart", "missing_reason"]
