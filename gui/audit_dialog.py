"""文件 → 操作记录: read the audit log in Chinese, filter it by date, action and keyword, export it.

The words come from core.audit_view; this dialog only collects the filters, shows the page of
entries it returns and writes the same selection to Excel on the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import audit_view
from core.errors import DomainError
from core.export import ExportOutcome
from core.store import Changes, Store
from gui import file_dialogs, widgets
from gui.models import Column, RowTableModel
from gui.worker import TaskRunner, run_with_own_store

EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"
COLUMNS = (
    Column("at", "时间", width=128),
    Column("actor", "操作人", width=80),
    Column("action_label", "操作", width=120),
    Column("target", "对象", width=250),
    Column("details", "说明", width=400),
)


def _tooltip(row: dict[str, Any]) -> str:
    """The whole entry, one change a line: a long 说明 is cut off in its column."""
    lines = [f"{row['action_label']}（{row['entity_label']}）", row["subject"], *row["details"].split("；")]
    return "\n".join(line for line in lines if line)


class AuditDialog(QDialog):
    """Opened from 文件 → 操作记录."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = TaskRunner(self)
        self.page: audit_view.AuditPage | None = None
        self.filters: dict[str, Any] = {}
        # As every 文件-menu dialog, what it changed; reading the log and exporting it change no record.
        self.changes: list[Changes] = []
        self.setWindowTitle("操作记录")
        self.resize(1100, 650)
        self._build()
        self.run_query()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(widgets.hint("每一次修改数据都自动记入操作记录，从新到旧排列，不能修改或删除。关键字可查姓名、"
                                      "示范岗或支部名称、操作人等；说明显示不全时，把鼠标停在该行上可看全文。"))
        today = self.store.today()
        self.start_check = QCheckBox("起始日期", self)
        self.start_edit = widgets.DateEdit(today - timedelta(days=30), parent=self)
        self.end_check = QCheckBox("截止日期", self)
        self.end_edit = widgets.DateEdit(today, parent=self)
        for check, edit in ((self.start_check, self.start_edit), (self.end_check, self.end_edit)):
            check.setToolTip("不勾选则不限日期")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        self.action_combo: QComboBox = widgets.combo([(None, "全部"), *audit_view.action_choices()], parent=self)
        self.action_combo.setMaxVisibleItems(20)
        self.keyword_edit = QLineEdit(self)
        self.keyword_edit.setPlaceholderText("姓名、岗位名称、操作人……")
        self.keyword_edit.setClearButtonEnabled(True)
        self.keyword_edit.returnPressed.connect(self.run_query)
        self.query_button = QPushButton("查询", self)
        self.query_button.setDefault(True)
        self.query_button.clicked.connect(self.run_query)
        filters = QHBoxLayout()
        for widget in (self.start_check, self.start_edit, self.end_check, self.end_edit):
            filters.addWidget(widget)
        filters.addSpacing(12)
        filters.addWidget(QLabel("操作", self))
        filters.addWidget(self.action_combo)
        filters.addSpacing(12)
        filters.addWidget(QLabel("关键字", self))
        filters.addWidget(self.keyword_edit, 1)
        filters.addWidget(self.query_button)
        layout.addLayout(filters)

        self.model = RowTableModel(COLUMNS, self)
        self.model.tooltip = _tooltip
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)  # as the pages' tables (widgets.TableView)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setStretchLastSection(True)
        for index, column in enumerate(COLUMNS):
            self.view.setColumnWidth(index, column.width)
        layout.addWidget(self.view, 1)

        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("导出Excel…", self)
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip("把符合当前查询条件的全部记录导出为Excel表格")
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        close = QPushButton("关闭", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    # -- querying --------------------------------------------------------------------------
    def current_filters(self) -> dict[str, Any]:
        return {
            "start": self.start_edit.value() if self.start_check.isChecked() else None,
            "end": self.end_edit.value() if self.end_check.isChecked() else None,
            "action": self.action_combo.currentData(),
            "keyword": self.keyword_edit.text().strip(),
        }

    def run_query(self) -> None:
        filters = self.current_filters()
        try:
            page = audit_view.audit_entries(self.store, **filters)
        except DomainError as error:
            self._say(str(error), error=True)
            return
        self.page, self.filters = page, filters
        self.model.set_rows([entry.row() for entry in page.entries])
        self.view.scrollToTop()
        self.export_button.setEnabled(page.total > 0)
        self._say(page.summary)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setStyleSheet(widgets.ERROR_STYLE if error else "")
        self.status_label.setText(text)

    # -- export ----------------------------------------------------------------------------
    def ask_export_target(self) -> str:
        start = widgets.file_start_path("excel", f"操作记录-{date.today():%Y%m%d}.xlsx", owner=self)
        path = file_dialogs.save_file_name(self, "导出操作记录", start, EXCEL_FILTER)
        widgets.remember_file_folder("excel", path, owner=self)
        return path

    def export(self) -> None:
        target = self.ask_export_target()
        if not target:
            return
        filters = dict(self.filters)

        def done(outcome: ExportOutcome) -> None:
            widgets.info(self, f"操作记录已导出到：\n{outcome.path}", "已导出")

        self._run("正在导出操作记录……", lambda store: audit_view.export_audit(store, target, **filters), done)

    def _run(self, title: str, fn: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        run_with_own_store(self.runner, self, title, self.store, fn, done)

    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)


__all__ = ["AuditDialog"]
