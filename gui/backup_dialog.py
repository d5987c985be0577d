"""备份与恢复: back up now (to the 备份 folder or a chosen file), list backups, restore with confirmation.

Backups and restores run on a worker thread with their own database connection; a restore is
verified first (``core.backup``), asks the clerk to confirm with what the backup contains, and
keeps a copy of the data it replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import backup
from core.errors import DomainError
from core.store import Changes, Store
from gui import file_dialogs, widgets
from gui.models import Column, RowTableModel
from gui.worker import TaskRunner, run_with_own_store, with_own_store

BACKUP_FILTER = "数据库备份 (*.db);;所有文件 (*)"
COLUMNS = [
    Column("created", "备份时间", width=150),
    Column("kind", "类型", width=70),
    Column("size", "大小", align="right", width=80),
    Column("file", "文件", width=360),
]


class BackupDialog(QDialog):
    """Opened from 文件 → 备份与恢复."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = TaskRunner(self)
        self.backups: list[backup.BackupInfo] = []
        self.last_message = ""
        self.restored: backup.RestoreOutcome | None = None
        self.changes: list[Changes] = []  # what was done, in order: the window broadcasts it on closing
        self.setWindowTitle("备份与恢复")
        self.resize(820, 480)
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.where_label = QLabel(self)
        self.where_label.setWordWrap(True)
        layout.addWidget(self.where_label)
        layout.addWidget(widgets.hint("程序每天第一次启动时自动备份，保留最近的若干份；恢复前会先检查备份是否完好，"
                                      "并把当前数据另存一份“恢复前”备份，恢复错了也可以再恢复回去。"))
        self.model = RowTableModel(COLUMNS, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        for index, column in enumerate(COLUMNS):
            self.view.setColumnWidth(index, column.width)
        self.view.selectionModel().selectionChanged.connect(self._refresh_buttons)
        self.view.doubleClicked.connect(self.restore_selected)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("立即备份", self)
        self.backup_button.clicked.connect(self.backup_now)
        buttons.addWidget(self.backup_button)
        self.backup_to_button = QPushButton("备份到U盘或其他位置…", self)
        self.backup_to_button.clicked.connect(self.backup_to)
        buttons.addWidget(self.backup_to_button)
        self.open_button = QPushButton("打开备份文件夹", self)
        self.open_button.clicked.connect(self.open_folder)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.restore_button = QPushButton("从选中的备份恢复…", self)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.addWidget(self.restore_button)
        self.restore_file_button = QPushButton("从文件恢复…", self)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        buttons.addWidget(self.restore_file_button)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

    # -- listing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.store.path is None:
            self.where_label.setText("当前是内存数据库，不能备份。")
            self.backups = []
        else:
            try:
                folder = str(backup.backup_dir(self.store))
            except DomainError as error:
                folder = error.message
            self.where_label.setText(f"数据库文件：{self.store.path}\n备份文件夹：{folder}"
                                     f"（自动备份保留最近{backup.keep_count(self.store)}份）")
            self.backups = backup.list_backups(self.store)
        self.model.set_rows([
            {"created": f"{b.created:%Y-%m-%d %H:%M:%S}", "kind": b.kind, "size": b.size_text, "file": b.path.name,
             "info": b} for b in self.backups
        ])
        self._refresh_buttons()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        info = self.model.row_at(rows[0].row()).get("info")
        return info if isinstance(info, backup.BackupInfo) else None

    def _refresh_buttons(self, *_args: Any) -> None:
        has_file = self.store.path is not None
        for button in (self.backup_button, self.backup_to_button, self.open_button, self.restore_file_button):
            button.setEnabled(has_file)
        self.restore_button.setEnabled(has_file and self.selected() is not None)

    # -- file choosers (replaced in tests) ---------------------------------------------------
    def ask_backup_target(self) -> str:
        assert self.store.path is not None
        name = f"{self.store.path.stem}-备份-{datetime.now():%Y%m%d-%H%M}.db"
        start = widgets.file_start_path("backup", name, owner=self)
        path = file_dialogs.save_file_name(self, "备份到", start, BACKUP_FILTER)
        widgets.remember_file_folder("backup", path, owner=self)
        return path

    def ask_restore_source(self) -> str:
        start = widgets.file_start_path("backup", owner=self)
        path = file_dialogs.open_file_name(self, "选择要恢复的备份文件", start, BACKUP_FILTER)
        widgets.remember_file_folder("backup", path, owner=self)
        return path

    # -- work ------------------------------------------------------------------------------
    def _run(self, title: str, fn: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        if self.store.path is None:
            return
        run_with_own_store(self.runner, self, title, self.store, fn, done)

    def _say(self, text: str) -> None:
        self.last_message = text
        self.status_label.setText(text)

    def backup_now(self) -> None:
        def done(info: backup.BackupInfo) -> None:
            self.refresh()
            self._backed_up(info.path)

        self._run("正在备份……", lambda store: backup.make_backup(store), done)

    def backup_to(self) -> None:
        target = self.ask_backup_target()
        if not target:
            return

        self._run("正在备份……", lambda store: backup.write_backup(store, target), self._backed_up)

    def _backed_up(self, path: Path) -> None:
        message = f"已备份到：{path}"
        self.changes.append(Changes("backup", "organization", (), message))  # a file written, no record changed
        self._say(message)
        widgets.info(self, f"备份完成。\n\n{path}", "备份")

    def open_folder(self) -> None:
        try:
            folder = backup.backup_dir(self.store)
        except DomainError as error:
            widgets.warn(self, str(error))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def restore_selected(self, *_args: Any) -> None:
        info = self.selected()
        if info is not None:
            self.restore_from(info.path)

    def restore_from_file(self) -> None:
        source = self.ask_restore_source()
        if source:
            self.restore_from(Path(source))

    def restore_from(self, source: Path) -> None:
        """Verify on the worker, ask with what the backup holds, then restore on the worker."""

        def verified(report: backup.Verification) -> None:
            if not report.ok:
                widgets.warn(self, "这个备份未通过检查，不能用来恢复：\n" + "\n".join(report.problems[:5]))
                return
            facts = "\n".join(report.facts[-1:])
            question = (f"确定要用下面这个备份替换当前的全部数据吗？\n\n{source.name}\n{facts}\n\n"
                        "恢复前，程序会把当前数据另存为一份“恢复前”备份。")
            if not widgets.ask(self, question, "确认恢复", yes="恢复"):
                return
            foreign = backup.other_office(self.store, report)
            if foreign:
                here = self.store.organization()["name"]
                warning = (f"注意：这个备份是“{foreign}”的数据库，不是本单位“{here}”的。\n\n"
                           f"恢复后，本单位的全部数据会被“{foreign}”的数据替换（恢复前的数据会另存一份）。")
                if not widgets.ask(self, warning, "其他单位的备份", yes="仍要恢复", no="不恢复"):
                    return
            self._run("正在恢复……", lambda store: backup.restore_backup(store, source, other_office_ok=bool(foreign)),
                      restored)

        def restored(outcome: backup.RestoreOutcome) -> None:
            self.restored = outcome
            self.changes.append(outcome.changes)
            self.refresh()
            self._say(outcome.message)
            widgets.info(self, outcome.message + "\n\n各页面将刷新为恢复后的数据。", "恢复完成")

        self._run("正在检查备份……", lambda _store: backup.verify_backup(source), verified)

    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)


def start_daily_backup(store: Store, runner: TaskRunner, parent: QWidget | None,
                       report: Callable[[str, bool], None]) -> None:
    """For the main window at start: today's automatic backup on the worker with its own connection.

    ``report(message, failed)`` gets the outcome (nothing when today's backup already exists); a
    failure is a message for the status bar, never a reason not to start.
    """
    if store.path is None:
        return

    def done(outcome: backup.DailyOutcome) -> None:
        if outcome.message:
            report(outcome.message, outcome.failed)

    def failed(error: BaseException, _text: str) -> None:
        report(f"今天的自动备份没有完成：{error}", True)

    runner.run(parent, "正在自动备份……", with_own_store(store, "正在自动备份……", backup.daily_backup), done, failed)


__all__ = ["BackupDialog", "start_daily_backup"]
