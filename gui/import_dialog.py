"""导入党员名册: choose a file, preview, map columns by hand, see every problem, import, add photos.

Reading and checking the file and writing the import run on a worker thread with their own
database connection (``core.store.open_store``); the dialog only shows what ``core.roster``
returns. Nothing is written until the clerk presses 导入 (and confirms any new units).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import roster
from core.store import Changes, Store
from gui import file_dialogs, widgets
from gui.models import WARN_BRUSH, Column, RowTableModel
from gui.worker import TaskRunner, run_with_own_store

ROSTER_FILTER = "名册文件 (*.xlsx *.xls *.csv);;Excel 工作簿 (*.xlsx);;Excel 97-2003 (*.xls);;CSV 文件 (*.csv)"
NOT_MAPPED = ""
SOURCE_LABELS = {"auto": "按列名识别", "remembered": "上次手动指定", "manual": "本次手动指定", "": "未识别"}
PREVIEW_LIMIT = 2000
FIELD_WIDTHS = {"id_number": 170, "unit": 160, "name": 80, "sex": 50, "phone": 110, "position": 120, "notes": 160,
                "ethnicity": 60, "category": 80, "standing": 80, "education": 90}

PROBLEM_COLUMNS = [
    Column("row", "行号", align="right", width=60),
    Column("column", "列", width=150),
    Column("name", "姓名", width=90),
    Column("reason", "问题", width=520),
]
PHOTO_COLUMNS = [
    Column("file", "照片文件", width=260),
    Column("status", "结果", width=90),
    Column("detail", "说明", width=420),
]


def _table(model: RowTableModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    for index, column in enumerate(model.columns):
        if column.width:
            view.setColumnWidth(index, column.width)
    return view


class RosterImportDialog(QDialog):
    """The roster import window opened from 文件 → 导入党员名册."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = TaskRunner(self)
        self.path: Path | None = None
        self.table: roster.RosterTable | None = None
        self.preview: roster.Preview | None = None
        self.summary: roster.ImportSummary | None = None
        self.photo_plan: roster.PhotoPlan | None = None
        self.photo_outcome: roster.PhotoOutcome | None = None
        self.changes: list[Changes] = []  # what was done, in order: the window broadcasts it on closing
        self._combos: dict[int, QComboBox] = {}
        self.busy = False
        self.setWindowTitle("导入党员名册")
        self.resize(1000, 660)
        self._build()
        self._refresh_buttons()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("名册文件："))
        self.file_edit = QLineEdit(self)
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("请选择从党员管理系统导出的 Excel（.xlsx/.xls）或 CSV 文件")
        file_row.addWidget(self.file_edit, 1)
        self.choose_button = QPushButton("选择文件…", self)
        self.choose_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.choose_button)
        self.template_button = QPushButton("保存名册模板…", self)
        self.template_button.setToolTip("没有现成名册时：保存一份党员名册 Excel 模板，填好后在这里导入")
        self.template_button.clicked.connect(self.save_template)
        file_row.addWidget(self.template_button)
        layout.addLayout(file_row)
        self.required_label = widgets.hint(
            f"必须有的列：{roster.required_columns_text()}（也认得“身份证号”“所在党支部”等常见写法，认不出的列在“列对应”中指定）；"
            "没有“党员类别”列时，新增的党员按正式党员导入。")
        self.required_label.setWordWrap(True)
        layout.addWidget(self.required_label)

        self.summary_label = QLabel("支持全国党员管理信息系统等导出的名册：表头可带提示（如“出生年月(2019/10/24)”），"
                                    "表头上方可有标题行。", self)
        self.summary_label.setWordWrap(True)
        bold = QFont(self.summary_label.font())
        bold.setBold(True)
        self.summary_label.setFont(bold)
        layout.addWidget(self.summary_label)
        self.notes_label = widgets.hint("")
        self.notes_label.setWordWrap(True)
        self.notes_label.setVisible(False)
        layout.addWidget(self.notes_label)

        self.tabs = QTabWidget(self)
        self.preview_model = RowTableModel([Column("row", "行号")], self)
        self.preview_view = _table(self.preview_model, self)
        self.tabs.addTab(self.preview_view, "预览")
        self.mapping_page = QWidget(self)
        self._build_mapping_page()
        self.tabs.addTab(self.mapping_page, "列对应")
        self.problem_model = RowTableModel(PROBLEM_COLUMNS, self)
        self.problem_view = _table(self.problem_model, self)
        self.problem_view.setWordWrap(True)
        self.tabs.addTab(self.problem_view, "问题")
        self.photo_page = QWidget(self)
        self._build_photo_page()
        self.tabs.addTab(self.photo_page, "批量导入照片")
        layout.addWidget(self.tabs, 1)

        self.valid_only = QCheckBox("只导入无误的行（有问题的行不导入，修改后可再次导入；默认有一行出错就全部不导入）", self)
        self.valid_only.toggled.connect(self._refresh_buttons)
        layout.addWidget(self.valid_only)
        buttons = QHBoxLayout()
        self.errors_button = QPushButton("保存问题清单（Excel）…", self)
        self.errors_button.setToolTip("把有问题的行和原因保存为Excel，退回给报送单位修改")
        self.errors_button.clicked.connect(self.save_errors)
        buttons.addWidget(self.errors_button)
        buttons.addStretch(1)
        self.import_button = QPushButton("导入", self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.do_import)
        buttons.addWidget(self.import_button)
        self.close_button = QPushButton("关闭", self)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def _build_mapping_page(self) -> None:
        outer = QVBoxLayout(self.mapping_page)
        outer.addWidget(widgets.hint("程序按列名自动识别各列。没有识别的列可以在这里手动指定，指定后会记住，下次导入同样的表格时自动对应。"))
        scroll = QScrollArea(self.mapping_page)
        scroll.setWidgetResizable(True)
        self.mapping_body = QWidget(scroll)
        self.mapping_grid = QGridLayout(self.mapping_body)
        self.mapping_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(self.mapping_body)
        outer.addWidget(scroll, 1)
        self.recheck_button = QPushButton("按此对应重新检查", self.mapping_page)
        self.recheck_button.clicked.connect(self.recheck)
        outer.addWidget(self.recheck_button, 0, Qt.AlignmentFlag.AlignRight)

    def _build_photo_page(self) -> None:
        outer = QVBoxLayout(self.photo_page)
        outer.addWidget(widgets.hint("照片文件名中含身份证号（如 110105198506150016.jpg）或姓名（如 张伟强.jpg）即可自动对应；"
                                     "照片会缩小并转成JPEG保存在数据库中。重名的党员请用身份证号命名。"))
        row = QHBoxLayout()
        self.photo_folder_button = QPushButton("选择照片文件夹…", self.photo_page)
        self.photo_folder_button.clicked.connect(self.choose_photo_folder)
        row.addWidget(self.photo_folder_button)
        self.photo_summary = QLabel("", self.photo_page)
        row.addWidget(self.photo_summary, 1)
        self.photo_import_button = QPushButton("保存匹配的照片", self.photo_page)
        self.photo_import_button.clicked.connect(self.import_photos)
        row.addWidget(self.photo_import_button)
        outer.addLayout(row)
        self.photo_model = RowTableModel(PHOTO_COLUMNS, self)
        self.photo_model.background = lambda r: None if r["status"] == "可导入" else WARN_BRUSH
        outer.addWidget(_table(self.photo_model, self.photo_page), 1)

    # -- choosing files (replaced in tests) -----------------------------------------------------
    def ask_open_path(self) -> str:
        start = widgets.file_start_path("roster", owner=self)
        path = file_dialogs.open_file_name(self, "选择党员名册", start, ROSTER_FILTER)
        widgets.remember_file_folder("roster", path, owner=self)
        return path

    def ask_errors_path(self) -> str:
        suggested = f"{self.path.stem}-问题清单.xlsx" if self.path else "问题清单.xlsx"
        start = widgets.file_start_path("excel", suggested, owner=self)
        path = file_dialogs.save_file_name(self, "保存问题清单", start, "Excel 工作簿 (*.xlsx)")
        widgets.remember_file_folder("excel", path, owner=self)
        return path

    def ask_photo_folder(self) -> str:
        start = widgets.file_start_path("photos", owner=self)
        folder = file_dialogs.existing_directory(self, "选择照片所在的文件夹", start)
        widgets.remember_file_folder("photos", folder, owner=self, is_folder=True)
        return folder

    # -- work ------------------------------------------------------------------------------
    def _run(self, title: str, fn: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        """Run ``fn`` with a database connection of its own on the worker (in memory: right here)."""
        self._set_busy(True)
        run_with_own_store(self.runner, self, title, self.store, fn, done, finally_=lambda: self._set_busy(False))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.choose_button, self.import_button, self.errors_button, self.recheck_button,
                       self.photo_folder_button, self.photo_import_button):
            button.setEnabled(not busy)
        if not busy:
            self._refresh_buttons()

    def choose_file(self) -> None:
        path = self.ask_open_path()
        if path:
            self.load(path)

    def save_template(self) -> None:
        from gui.help import save_roster_template

        save_roster_template(self)

    def load(self, path: str | Path) -> None:
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.summary = None

        def work(store: Store) -> roster.Preview:
            return roster.prepare_import(store, self.path or "")

        self._run("正在读取并检查名册……", work, self._show)

    def recheck(self) -> None:
        if self.table is None:
            return
        table = self.table
        manual: dict[int, str | None] = {}
        for index, box in self._combos.items():
            choice = box.currentData()
            column = next((c for c in self.preview.columns if c.index == index), None) if self.preview else None
            shown = column.field if column is not None and column.field and column.field != roster.IGNORE else NOT_MAPPED
            if column is None or choice != shown or column.source == "manual":
                manual[index] = choice or None

        def work(store: Store) -> roster.Preview:
            columns = roster.map_columns(table.headers, remembered=roster.remembered_mapping(store), manual=manual)
            return roster.check_rows(store, table, columns)

        self._run("正在按新的列对应重新检查……", work, self._show)

    def _show(self, preview: roster.Preview) -> None:
        self.preview = preview
        self.table = preview.table
        table = preview.table
        where = f"工作表“{table.sheet}”，" if table.sheet else ""
        self.summary_label.setText(f"{where}表头在第{table.header_row}行。{preview.summary()}")
        notes = list(preview.notes)
        if preview.unmapped:
            notes.append("未识别的列（不导入）：" + "、".join(c.header for c in preview.unmapped) + "。可在“列对应”中指定。")
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))
        self._fill_preview(preview)
        self._fill_mapping(preview)
        self.problem_model.set_rows([
            {"row": p.row or "整个文件", "column": p.column, "name": p.name, "reason": p.reason} for p in preview.problems
        ])
        self.tabs.setTabText(2, f"问题（{len(preview.problems)}）" if preview.problems else "问题（无）")
        if preview.problems:
            self.tabs.setCurrentIndex(2)
        self._refresh_buttons()

    def _fill_preview(self, preview: roster.Preview) -> None:
        mapped = [c for c in preview.columns if c.field and c.field != roster.IGNORE]
        columns = [Column("row", "行号", align="right", width=56), Column("status", "检查结果", width=80)]
        columns += [Column(f"c{c.index}", c.field_label, width=FIELD_WIDTHS.get(c.field or "", 90)) for c in mapped]
        bad = set(preview.bad_rows)
        plans = {p.row: p for p in preview.planned}
        rows = []
        for number, cells in preview.table.rows[:PREVIEW_LIMIT]:
            plan = plans.get(number)
            status = "有问题" if number in bad else ("更新" if plan and plan.member_id else "新增")
            row: dict[str, Any] = {"row": number, "status": status}
            for column in mapped:
                value = cells[column.index] if column.index < len(cells) else None
                row[f"c{column.index}"] = roster.cell_text(value)[:200] if value is not None else ""
            rows.append(row)
        model = RowTableModel(columns, self)
        model.background = lambda r: WARN_BRUSH if r["status"] == "有问题" else None
        model.set_rows(rows)
        self.preview_model = model
        self.preview_view.setModel(model)
        for index, shown in enumerate(columns):
            self.preview_view.setColumnWidth(index, shown.width)
        extra = f"（只显示前{PREVIEW_LIMIT}行）" if len(preview.table.rows) > PREVIEW_LIMIT else ""
        self.tabs.setTabText(0, f"预览{extra}")

    def _fill_mapping(self, preview: roster.Preview) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._combos.clear()
        for col, title in enumerate(("文件中的列", "对应到", "识别方式")):
            label = QLabel(f"<b>{title}</b>", self.mapping_body)
            self.mapping_grid.addWidget(label, 0, col)
        choices = [(NOT_MAPPED, "（不导入）")] + [(f.key, f.label) for f in roster.FIELDS if f.key != roster.IGNORE]
        for row, column in enumerate(preview.columns, start=1):
            self.mapping_grid.addWidget(QLabel(column.header, self.mapping_body), row, 0)
            current = column.field if column.field and column.field != roster.IGNORE else NOT_MAPPED
            box = widgets.combo(choices, current, self.mapping_body)
            box.setMinimumWidth(160)
            self._combos[column.index] = box
            self.mapping_grid.addWidget(box, row, 1)
            source = SOURCE_LABELS.get(column.source, "")
            if column.field == roster.IGNORE:
                source = "无需导入"
            self.mapping_grid.addWidget(QLabel(source, self.mapping_body), row, 2)
        self.mapping_grid.setColumnStretch(3, 1)

    def _refresh_buttons(self) -> None:
        preview = self.preview
        ready = preview is not None and not preview.file_problems and bool(preview.valid_rows) and self.summary is None
        if preview is not None and preview.problems and not self.valid_only.isChecked():
            ready = False
        self.import_button.setEnabled(ready)
        self.errors_button.setEnabled(preview is not None and bool(preview.problems))
        self.recheck_button.setEnabled(preview is not None)
        self.photo_import_button.setEnabled(self.photo_plan is not None and bool(self.photo_plan.matched)
                                            and self.photo_outcome is None)
        if preview is not None and preview.problems and not preview.file_problems and not self.valid_only.isChecked():
            self.import_button.setToolTip("文件中有问题，默认不导入任何数据。请修正后重新选择文件，或勾选“只导入无误的行”。")
        else:
            self.import_button.setToolTip("")

    def do_import(self) -> None:
        preview = self.preview
        if preview is None:
            return
        valid_only = self.valid_only.isChecked()
        if preview.problems and not valid_only:
            widgets.warn(self, f"文件中有{len(preview.bad_rows)}行存在问题，为保证名册完整，没有导入任何数据。"
                               "请修正后重新导入，或勾选“只导入无误的行”。")
            return
        used_units = {p.unit_name for p in preview.valid_rows}
        new_units = [u for u in preview.new_units if u in used_units]
        question = f"将导入{len(preview.valid_rows)}名党员（新增{preview.adds}人，更新{preview.updates}人）。"
        if new_units:
            question += f"\n\n以下组织单元尚不存在，将同时新建：\n{'、'.join(new_units)}"
        if preview.problems:
            question += f"\n\n有问题的{len(preview.bad_rows)}行不会导入。"
        if not widgets.ask(self, question + "\n\n确定导入吗？", "确认导入", yes="导入"):
            return

        def work(store: Store) -> roster.ImportSummary:
            summary = roster.apply_import(store, preview, valid_only=valid_only, create_units=True,
                                          source=self.path.name if self.path else "")
            roster.remember_mapping(store, preview.columns)
            return summary

        self._run("正在导入……", work, self._imported)

    def _imported(self, summary: roster.ImportSummary) -> None:
        self.summary = summary
        self.changes.append(replace(summary.changes, message=summary.message))  # the status bar says what the box says
        self.summary_label.setText(summary.message)
        self._refresh_buttons()
        widgets.info(self, summary.message, "导入完成")

    def save_errors(self) -> None:
        preview = self.preview
        if preview is None or not preview.problems:
            return
        target = self.ask_errors_path()
        if not target:
            return

        def work(_store: Store) -> Path:
            return roster.write_error_workbook(preview, target)

        self._run("正在保存问题清单……", work, lambda path: widgets.info(self, f"问题清单已保存到：\n{path}", "已保存"))

    # -- photos ----------------------------------------------------------------------------
    def choose_photo_folder(self) -> None:
        folder = self.ask_photo_folder()
        if folder:
            self.load_photos(folder)

    def load_photos(self, folder: str | Path) -> None:
        self.photo_outcome = None
        self._run("正在匹配照片……", lambda store: roster.match_photos(store, folder), self._show_photos)

    def _show_photos(self, plan: roster.PhotoPlan) -> None:
        self.photo_plan = plan
        rows = [{"file": m.path.name, "status": "可导入", "detail": f"{m.member_name}（按{m.how}）"} for m in plan.matched]
        rows += [{"file": p.name, "status": "无法确定", "detail": reason} for p, reason in plan.ambiguous]
        rows += [{"file": p.name, "status": "未匹配", "detail": reason} for p, reason in plan.unmatched]
        self.photo_model.set_rows(rows)
        self.photo_summary.setText(plan.summary())
        self._refresh_buttons()

    def import_photos(self) -> None:
        plan = self.photo_plan
        if plan is None or not plan.matched:
            return
        self._run("正在保存照片……", lambda store: roster.import_photos(store, plan), self._photos_done)

    def _photos_done(self, outcome: roster.PhotoOutcome) -> None:
        self.photo_outcome = outcome
        stored = outcome.changes or Changes("import_photos", "members", (), "")  # none stored: no record changed
        self.changes.append(replace(stored, message=outcome.message))
        text = outcome.message
        if outcome.failed:
            text += "\n" + "\n".join(f"{p.name}：{reason}" for p, reason in outcome.failed[:20])
        self.photo_summary.setText(outcome.message)
        self._refresh_buttons()
        widgets.info(self, text, "照片导入")

    # -- closing ---------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)


__all__ = ["RosterImportDialog"]
