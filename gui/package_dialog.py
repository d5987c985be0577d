"""文件 → 交换包: export this office's records for the 区委, merge other offices' packages, compare offices.

All the work is core.package's; the dialog chooses files, runs the job on the worker with its own
connection and shows the outcome: what was added, the conflicts left untouched, figures per office.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import package
from core.store import Store
from gui import widgets
from gui.models import Column, RowTableModel
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


class PackageDialog(QDialog):
    """Opened from 文件 → 交换包."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = TaskRunner(self)
        self.last_outcome: package.MergeOutcome | None = None
        self.last_message = ""
        self.setWindowTitle("交换包")
        self.resize(900, 560)
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
        layout.addWidget(QLabel("最近一次导入的结果和冲突清单", self))
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("导入交换包后，这里列出新增的记录、未覆盖的冲突和提示。")
        layout.addWidget(self.report, 1)
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

    def refresh(self) -> None:
        self.model.set_rows([asdict(stats) for stats in package.office_statistics(self.store)])

    # -- file choosers (replaced in tests) ---------------------------------------------------
    def ask_export_target(self) -> str:
        start = widgets.file_start_path("package", package.default_package_name(self.store), owner=self)
        path = QFileDialog.getSaveFileName(self, "导出交换包到", start, PACKAGE_FILTER)[0]
        widgets.remember_file_folder("package", path, owner=self)
        return path

    def ask_import_sources(self) -> list[str]:
        start = widgets.file_start_path("package", owner=self)
        paths = QFileDialog.getOpenFileNames(self, "选择要导入的交换包（可多选）", start, PACKAGE_FILTER)[0]
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
        self._run("正在导出交换包……", lambda store: package.export_package(store, target),
                  lambda info: self._say(info.message))

    def import_packages(self) -> None:
        sources = self.ask_import_sources()
        if not sources:
            return

        def work(store: Store) -> list[package.MergeOutcome]:
            return [package.import_package(store, source) for source in sources]

        def done(outcomes: list[package.MergeOutcome]) -> None:
            lines: list[str] = []
            for outcome in outcomes:
                lines.append(outcome.message)
                lines.extend(f"  冲突（未覆盖）：{conflict.text}" for conflict in outcome.conflicts)
                lines.extend(f"  提示：{note}" for note in outcome.notes)
            self.last_outcome = outcomes[-1] if outcomes else None
            self.report.setPlainText("\n".join(lines))
            conflicts = sum(len(o.conflicts) for o in outcomes)
            self._say(f"已导入{len(outcomes)}个交换包" + (f"，共{conflicts}处冲突未覆盖本库数据。" if conflicts else "。"))
            self.refresh()

        self._run("正在合并交换包……", work, done)

    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)
