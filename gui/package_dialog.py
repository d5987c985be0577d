"""文件 → 交换包: export this office's records for the 区委, merge other offices' packages, compare offices.

All the work is core.package's; the dialog chooses files, runs the job on the worker with its own
connection and shows the outcome: what was added, the conflicts left untouched, figures per office.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import package
from core.actions import AuditAction
from core.errors import DomainError
from core.store import Changes, Store
from gui import file_dialogs, widgets
from gui.models import DONE_BRUSH, WARN_BRUSH, Column, RowTableModel
from gui.worker import TaskRunner, run_with_own_store

PACKAGE_FILTER = "交换包 (*.sfgpkg);;所有文件 (*)"


def _percent(row: dict[str, Any]) -> str:
    value = row.get("average_satisfaction")
    return "" if value is None else f"{value * 100:.1f}%"


COLUMNS = (
    Column("office", "单位", width=170),
    Column("imported_at", "导入日期", width=90),
    Column("units", "组织单元", align="right", width=66),
    Column("members", "党员", align="right", width=50),
    Column("posts", "示范岗", align="right", width=56),
    Column("on_duty", "在岗", align="right", width=46),
    Column("serving_members", "在岗党员", align="right", width=66),
    Column("revoked", "撤销称号", align="right", width=66),
    Column("average_score", "考核平均分", align="right", width=84),
    Column("average_satisfaction", "平均满意率", _percent, align="right", width=84),
)


@dataclass
class FileResult:
    """What became of one chosen file: merged (``outcome``) or not imported (``error``)."""

    path: str
    outcome: package.MergeOutcome | None
    error: str = ""

    @property
    def name(self) -> str:
        return Path(self.path).name

    def row(self) -> dict[str, Any]:
        outcome = self.outcome
        if outcome is None:
            return {"file": self.name, "result": "没有导入", "office": "", "added": None, "unchanged": None,
                    "conflicts": None, "detail": self.error, "ok": False}
        return {"file": self.name, "result": "已合并", "office": outcome.office, "added": outcome.added_total,
                "unchanged": sum(outcome.unchanged.values()), "conflicts": len(outcome.conflicts),
                "detail": outcome.message, "ok": True}

    def report_lines(self) -> list[str]:
        if self.outcome is None:
            return [f"【没有导入】{self.name}", f"  原因：{self.error}", "  本库没有因这个文件发生任何改动。"]
        lines = [f"【已合并】{self.name}", f"  {self.outcome.message}"]
        lines.extend(f"  冲突（未覆盖）：{conflict.text}" for conflict in self.outcome.conflicts)
        lines.extend(f"  提示：{note}" for note in self.outcome.notes)
        return lines


RESULT_COLUMNS = (
    Column("file", "文件", width=180),
    Column("result", "结果", width=70),
    Column("office", "单位", width=150),
    Column("added", "新增记录", align="right", width=70),
    Column("unchanged", "相同记录", align="right", width=70),
    Column("conflicts", "冲突", align="right", width=50),
    Column("detail", "说明", width=200),
)


def _result_background(row: dict[str, Any]) -> QBrush | None:
    return DONE_BRUSH if row.get("ok") else WARN_BRUSH


class PackageDialog(QDialog):
    """Opened from 文件 → 交换包."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = TaskRunner(self)
        self.last_outcome: package.MergeOutcome | None = None
        self.last_message = ""
        self.changes: list[Changes] = []  # what was done, in order: the window broadcasts it on closing
        self.setWindowTitle("交换包")
        self.resize(960, 680)
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(widgets.hint(
            "交换包用于向区委报送本单位的全部记录，也用于区委把多个单位的数据合并到一起统计。"
            "合并时按记录的唯一编号比对：相同的记录不会重复导入，内容不同的记录列为冲突，不会覆盖本库的数据。"))
        buttons = QHBoxLayout()
        self.export_button = QPushButton("导出本单位交换包…", self)
        self.export_button.clicked.connect(self.export_package)
        buttons.addWidget(self.export_button)
        self.import_button = QPushButton("导入交换包…", self)
        self.import_button.clicked.connect(self.import_packages)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("各单位情况", self))
        self.model = RowTableModel(COLUMNS, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        for index, column in enumerate(COLUMNS):
            self.view.setColumnWidth(index, column.width)
        layout.addWidget(self.view, 2)
        layout.addWidget(QLabel("最近一次导入的结果（每个文件一行）和冲突清单", self))
        self.result_model = RowTableModel(RESULT_COLUMNS, self)
        self.result_model.background = _result_background
        self.result_model.tooltip = lambda row: str(row.get("detail") or "")
        self.results = QTableView(self)
        self.results.setModel(self.result_model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        self.results.horizontalHeader().setStretchLastSection(True)
        for index, column in enumerate(RESULT_COLUMNS):
            self.results.setColumnWidth(index, column.width)
        layout.addWidget(self.results, 1)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("导入交换包后，这里逐个文件列出新增的记录、未覆盖的冲突、提示和没有导入的原因。")
        layout.addWidget(self.report, 1)
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

    def refresh(self) -> None:
        self.model.set_rows([asdict(stats) for stats in package.office_statistics(self.store)])

    # -- file choosers (replaced in tests) ---------------------------------------------------
    def ask_export_target(self) -> str:
        start = widgets.file_start_path("package", package.default_package_name(self.store), owner=self)
        path = file_dialogs.save_file_name(self, "导出交换包到", start, PACKAGE_FILTER)
        widgets.remember_file_folder("package", path, owner=self)
        return path

    def ask_import_sources(self) -> list[str]:
        start = widgets.file_start_path("package", owner=self)
        paths = file_dialogs.open_file_names(self, "选择要导入的交换包（可多选）", start, PACKAGE_FILTER)
        widgets.remember_file_folder("package", paths, owner=self)
        return paths

    # -- work ------------------------------------------------------------------------------
    def _run(self, title: str, fn: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        run_with_own_store(self.runner, self, title, self.store, fn, done)

    def _say(self, text: str) -> None:
        self.last_message = text
        self.status_label.setText(text)

    def export_package(self) -> None:
        target = self.ask_export_target()
        if not target:
            return
        self._run("正在导出交换包……", lambda store: package.export_package(store, target), self._exported)

    def _exported(self, info: package.PackageInfo) -> None:
        self.changes.append(Changes("export_package", "organization", (), info.message))  # a file written, no record changed
        self._say(info.message)

    def import_packages(self) -> None:
        sources = self.ask_import_sources()
        if not sources:
            return

        def work(store: Store) -> list[FileResult]:
            # Each package is merged in its own transaction: a bad file is reported and skipped,
            # the others are merged all the same.
            results: list[FileResult] = []
            for source in sources:
                try:
                    results.append(FileResult(source, package.import_package(store, source)))
                except DomainError as error:
                    results.append(FileResult(source, None, str(error)))
            return results

        self._run("正在合并交换包……", work, self.show_results)

    def show_results(self, results: list[FileResult]) -> None:
        """One line per file in the result table, the details per file in the report below."""
        merged = [r.outcome for r in results if r.outcome is not None]
        failed = [r for r in results if r.outcome is None]
        self.last_outcome = merged[-1] if merged else None
        self.result_model.set_rows([r.row() for r in results])
        lines: list[str] = []
        for result in results:
            if lines:
                lines.append("")
            lines.extend(result.report_lines())
        self.report.setPlainText("\n".join(lines))
        conflicts = sum(len(o.conflicts) for o in merged)
        if merged:
            text = f"已导入{len(merged)}个交换包"
            text += f"，共{conflicts}处冲突未覆盖本库数据" if conflicts else ""
            text += f"；{len(failed)}个文件没有导入，原因见上表。" if failed else "。"
        else:
            text = f"没有导入任何交换包：{len(failed)}个文件都没有导入，原因见上表。"
        self.status_label.setStyleSheet(widgets.ERROR_STYLE if failed else "")
        tables = frozenset().union(*(o.tables for o in merged))
        self.changes.append(Changes(AuditAction.IMPORT_PACKAGE, "organization", (), text, tables))
        self._say(text)
        self.refresh()

    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)
