"""动态管理: the monthly assessment grid per unit and month, rectifications (overdue ones
highlighted), and the record of adjustments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import queries
from core.enums import AdjustmentKind, Grade, ProblemCategory
from core.errors import DomainError
from core.management import (
    AssessmentEntry,
    Problem,
    close_rectification,
    correct_assessment,
    grade_for,
    month_label,
    open_rectification,
    parse_score,
    record_monthly_assessments,
)
from core.store import Changes
from gui import widgets
from gui.actions import RefusalLine, run_action
from gui.context import AppContext
from gui.grid import EditGridView, GridModel, Index
from gui.models import DONE_BRUSH, WARN_BRUSH, Column
from gui.pages.base import Page, unpack
from gui.widgets import DateEdit, FormDialog, TableView, button, heading, hint

LOCKED_BRUSH = QBrush(QColor("#eeeeee"))
EDIT_BRUSH = QBrush(QColor("#fffbe6"))


@dataclass
class AssessRow:
    post_id: int
    member_id: int
    post_name: str
    member_name: str
    done_score: float | None = None
    score: str = ""
    comment: str = ""
    category: str = ""
    problem: str = ""
    deadline: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def locked(self) -> bool:
        return self.done_score is not None


class AssessmentGridModel(GridModel):
    HEADERS = ("示范岗", "党员", "分数", "等次", "考核意见", "发现问题类别", "问题描述", "整改期限")
    EDITABLE: ClassVar[dict[int, str]] = {2: "score", 4: "comment", 5: "category", 6: "problem", 7: "deadline"}
    edited = Signal()
    refused = Signal(str)  # a typed score core refuses (e.g. 89.99: at most one decimal), in Chinese

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AssessRow] = []
        self.settings: Any = None

    def set_rows(self, rows: list[AssessRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        self.edited.emit()

    def editable(self, row: int, column: int) -> bool:
        return column in self.EDITABLE and not self.rows[row].locked

    def _grade(self, row: AssessRow) -> str:
        """The grade the save will record: the same core parser and ``grade_for`` as the save."""
        value = row.done_score if row.locked else _score(row.score)
        if value is None or self.settings is None:
            return ""
        return grade_for(value, self.settings).label

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return row.post_name
            if column == 1:
                return row.member_name
            if column == 2:
                return f"{row.done_score:g}（已考核）" if row.locked and role == Qt.ItemDataRole.DisplayRole else row.score
            if column == 3:
                return self._grade(row)
            if column == 5 and role == Qt.ItemDataRole.DisplayRole:
                return ProblemCategory(row.category).label if row.category else ""
            return getattr(row, self.EDITABLE[column]) if column in self.EDITABLE else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.locked:
                return LOCKED_BRUSH
            if column == 3 and self._grade(row) == Grade.UNQUALIFIED.label:
                return WARN_BRUSH
            if column in self.EDITABLE:
                return EDIT_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in self.EDITABLE:
            return False
        row = self.rows[index.row()]
        if row.locked:
            return False
        text = str(value or "").strip()
        if index.column() == 2 and text:
            try:
                text = f"{parse_score(text, f'{row.member_name}的考核分数'):g}"  # ９５ → 95
            except DomainError as error:
                self.refused.emit(str(error))
                return False
        setattr(row, self.EDITABLE[index.column()], text)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.HEADERS) - 1))
        self.edited.emit()
        return True

    def entries(self, assessed_on: date, rectification_days: int) -> list[AssessmentEntry]:
        result = []
        for i, row in enumerate(self.rows, start=1):
            if row.locked or not row.score:
                if row.problem and not row.locked:
                    raise DomainError(f"第{i}行（{row.member_name}）填写了问题但没有分数。")
                continue
            problems = []
            if row.problem:
                if not row.category:
                    raise DomainError(f"第{i}行（{row.member_name}）请选择发现问题的类别。")
                deadline = None
                if row.deadline:
                    try:
                        deadline = date.fromisoformat(row.deadline)
                    except ValueError:
                        raise DomainError(f"第{i}行的整改期限“{row.deadline}”不是有效日期（格式：2026-12-31）。") from None
                problems.append(Problem(ProblemCategory(row.category), row.problem,
                                        deadline or assessed_on + timedelta(days=rectification_days)))
            score = parse_score(row.score, f"第{i}行（{row.member_name}）的考核分数")
            result.append(AssessmentEntry(row.post_id, row.member_id, score, row.comment, tuple(problems)))
        return result


def _score(text: str) -> float | None:
    try:
        return parse_score(text)
    except DomainError:
        return None


class CategoryDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:
        box = QComboBox(parent)
        box.addItem("（无问题）", "")
        for value, label in ProblemCategory.choices():
            box.addItem(label, value)
        return box

    def setEditorData(self, editor: QWidget, index: Any) -> None:
        assert isinstance(editor, QComboBox)
        value = index.model().data(index, Qt.ItemDataRole.EditRole) or ""
        editor.setCurrentIndex(max(0, editor.findData(value)))

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def recent_months(today: date, count: int = 12) -> list[str]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months


class ManagementPage(Page):
    title = "动态管理"
    watches = frozenset({"posts", "post_members", "monthly_assessments", "rectifications", "adjustments", "units"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("动态管理"))
        self.tabs = QTabWidget()
        self.layout_.addWidget(self.tabs, 1)
        self._build_assessment()
        self._build_rectifications()
        self._build_adjustments()

    # -- monthly assessment ---------------------------------------------------------------
    def _build_assessment(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.unit = QComboBox()
        self.unit.setMinimumWidth(180)
        self.month = QComboBox()
        for box in (self.unit, self.month):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.assessed_on = DateEdit(self.store.today())
        self.assessor = QLineEdit()
        self.assessor.setPlaceholderText("考核人（可不填）")
        for label, widget in (("单位：", self.unit), ("考核月份：", self.month), ("考核日期：", self.assessed_on)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.assessor)
        top.addStretch(1)
        self.unit.currentIndexChanged.connect(lambda _i: self._load_grid())
        self.month.currentIndexChanged.connect(lambda _i: self._month_changed())
        layout.addLayout(top)
        layout.addWidget(hint("直接输入分数（0–100），按Tab键向右、回车键向下。发现问题时选择类别并填写问题描述，"
                              "保存后自动登记整改事项；整改期限不填则按设置中的天数计算。灰色行为本月已考核。"))
        self.grid_model = AssessmentGridModel(self)
        self.grid_model.edited.connect(self._grid_state)
        self.grid_model.refused.connect(self._show_refusal)
        self.grid = EditGridView()
        self.grid.setModel(self.grid_model)
        self.grid.setItemDelegateForColumn(5, CategoryDelegate(self.grid))
        for column, width in enumerate((200, 80, 110, 70, 160, 110, 220)):
            self.grid.setColumnWidth(column, width)
        layout.addWidget(self.grid, 1)
        bottom = QHBoxLayout()
        self.grid_state = QLabel()
        self.grid_state.setWordWrap(True)
        bottom.addWidget(self.grid_state, 1)
        bottom.addWidget(button("更正已考核分数…", self.correct_selected))
        self.save_grid = QPushButton("保存本月考核")
        self.save_grid.clicked.connect(self.submit_assessments)
        bottom.addWidget(self.save_grid)
        layout.addLayout(bottom)
        self.tabs.addTab(page, "月度考核")

    def _load_units(self) -> None:
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        missing = {u["id"]: u["missing"] for u in queries.units_missing_assessment(self.store, self.month.currentData() or "")}
        for u in queries.units(self.store):
            suffix = f"（未考核{missing[u['id']]}人）" if u["id"] in missing else ""
            self.unit.addItem(u["name"] + suffix, u["id"])
        index = self.unit.findData(current)
        if index < 0 and missing:
            index = self.unit.findData(next(iter(missing)))
        self.unit.setCurrentIndex(max(0, index))
        self.unit.blockSignals(False)

    def _month_changed(self) -> None:
        """The unit list's "（未考核N人）" counts are per month: recount them, keeping the chosen unit."""
        self._load_units()
        self._load_grid()

    def _load_grid(self) -> None:
        unit_id = self.unit.currentData()
        month = self.month.currentData()
        self.grid_model.settings = self.ctx.settings()
        if unit_id is None or month is None:
            self.grid_model.set_rows([])
            return
        done = {(a["post_id"], a["member_id"]): a for a in queries.assessments(self.store, month=month, unit_id=unit_id)}
        rows = []
        for m in queries.serving_members(self.store, unit_id=unit_id):
            post = self.store.get("posts", m["post_id"])
            if (post["confirmed_on"] or "")[:7] > month:
                continue
            assessed = done.get((m["post_id"], m["member_id"]))
            rows.append(AssessRow(m["post_id"], m["member_id"], m["post_name"], m["name_snapshot"],
                                  assessed["score"] if assessed else None, extra=dict(assessed or {})))
        self.grid_model.set_rows(rows)
        first = self.grid.first_editable()
        if first.isValid():
            self.grid.setCurrentIndex(first)

    def _grid_state(self) -> None:
        rows = self.grid_model.rows
        todo = [r for r in rows if not r.locked]
        filled = [r for r in todo if r.score]
        if not rows:
            text = "该单位这个月没有在岗的上岗党员。"
        elif not todo:
            text = "该单位本月已全部考核。"
        else:
            text = f"本月待考核{len(todo)}人，已填写{len(filled)}人。"
        self.grid_state.setStyleSheet("")
        self.grid_state.setText(text)
        self.save_grid.setEnabled(bool(filled))

    def _show_refusal(self, message: str) -> None:
        self.grid_state.setStyleSheet(widgets.ERROR_STYLE)
        self.grid_state.setText(message)

    def has_unsaved(self) -> bool:
        return any(not r.locked and (r.score or r.comment or r.problem) for r in self.grid_model.rows)

    def submit_assessments(self) -> None:
        unit_id = self.unit.currentData()
        month = self.month.currentData()
        assessed_on = self.assessed_on.value()
        assert assessed_on is not None

        def record() -> Changes:
            entries = self.grid_model.entries(assessed_on, self.ctx.settings().rectification_days)
            return record_monthly_assessments(self.store, unit_id=unit_id, month=month, entries=entries,
                                              assessed_on=assessed_on, assessor=self.assessor.text())

        run_action(self.ctx, RefusalLine(self.grid_state), record)

    def correct_selected(self) -> None:
        index = self.grid.currentIndex()
        row = self.grid_model.rows[index.row()] if index.isValid() else None
        if row is None or not row.locked:
            widgets.info(self, "请先在考核表中选中一行已考核（灰色）的记录。")
            return
        assessment_id = row.extra["id"]
        dialog = FormDialog(f"更正考核 — {row.member_name}", self, lambda v: correct_assessment(
            self.store, assessment_id, score=v["score"], reason=v["reason"]), ctx=self.ctx,
            intro=f"原分数{row.done_score:g}分。更正会连同原分数和原因一并留痕。")
        dialog.add_score("score", "更正后的分数：", row.done_score or 0)
        dialog.add_text("reason", "更正原因：", multiline=True)
        widgets.exec_dialog(dialog)

    # -- rectifications -------------------------------------------------------------------
    def _build_rectifications(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.open_only = QCheckBox("只显示未办结的")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _c: self._load_rectifications())
        top.addWidget(self.open_only)
        self.rect_count = QLabel()
        top.addWidget(self.rect_count)
        top.addStretch(1)
        top.addWidget(button("登记整改事项…", self.add_rectification))
        top.addWidget(button("整改办结…", self.close_selected))
        layout.addLayout(top)
        self.rects = TableView([
            Column("opened_on", "发现日期", width=92),
            Column("post_name", "示范岗", width=180),
            Column("member_name", "党员", width=70),
            Column("unit_name", "单位", width=140),
            Column("category", "问题类别", lambda r: ProblemCategory(r["category"]).label, width=80),
            Column("description", "问题描述", width=200),
            Column("deadline", "整改期限", width=92),
            Column("state", "状态", width=70),
            Column("closed_on", "办结日期", width=92),
            Column("result", "整改结果"),
        ], "management.rectifications", self.ctx.qsettings)
        self.rects.source.background = lambda r: WARN_BRUSH if r["state"] == "已逾期" else (
            DONE_BRUSH if r["state"] == "已办结" else None)
        self.rects.source.tooltip = lambda r: r["description"]
        self.rects.activated_row.connect(lambda r: self.close_rectification(r["id"]))
        layout.addWidget(self.rects, 1)
        self.tabs.addTab(page, "督促整改")

    def _load_rectifications(self) -> None:
        today = self.store.today().isoformat()
        rows = queries.rectifications(self.store, open_only=self.open_only.isChecked())
        overdue = 0
        for row in rows:
            if row["status"] == "closed":
                row["state"] = "已办结"
            elif row["deadline"] < today:
                row["state"] = "已逾期"
                overdue += 1
            else:
                row["state"] = "整改中"
        self.rects.set_rows(rows)
        self.rect_count.setText(f"共{len(rows)}项，其中逾期{overdue}项（红色）" if overdue else f"共{len(rows)}项")
        self.tabs.setTabText(1, f"督促整改（逾期{overdue}）" if overdue else "督促整改")

    def add_rectification(self) -> None:
        serving = queries.serving_members(self.store)
        if not serving:
            widgets.info(self, "目前没有在岗的示范岗。")
            return
        choices = [(f"{m['post_id']}:{m['member_id']}", f"{m['post_name']} — {m['name_snapshot']}") for m in serving]

        def save(v: dict[str, Any]) -> Changes:
            post_id, member_id = (int(x) for x in v["who"].split(":"))
            return open_rectification(self.store, post_id=post_id, member_id=member_id, opened_on=v["opened_on"],
                                      problem=Problem(ProblemCategory(v["category"]), v["description"], v["deadline"]))

        dialog = FormDialog("登记整改事项", self, save, ctx=self.ctx)
        dialog.add_combo("who", "示范岗和党员：", choices)
        dialog.add_combo("category", "问题类别：", ProblemCategory.choices())
        dialog.add_text("description", "问题描述：", multiline=True)
        dialog.add_date("opened_on", "发现日期：", self.store.today())
        dialog.add_date("deadline", "整改期限：", self.store.today() + timedelta(days=self.ctx.settings().rectification_days))
        widgets.exec_dialog(dialog)

    def close_selected(self) -> None:
        row = self.rects.current_row()
        if row is None:
            widgets.info(self, "请先在表格中选择一项整改。")
            return
        self.close_rectification(row["id"])

    def close_rectification(self, rect_id: int) -> None:
        rect = self.store.get("rectifications", rect_id)
        if rect["status"] != "open":
            widgets.info(self, "这项整改已经办结。")
            return
        dialog = FormDialog("整改办结", self, lambda v: close_rectification(
            self.store, rect_id, closed_on=v["closed_on"], result=v["result"]), ctx=self.ctx, intro=f"问题：{rect['description']}")
        dialog.add_date("closed_on", "办结日期：", self.store.today())
        dialog.add_text("result", "整改结果：", multiline=True)
        widgets.exec_dialog(dialog)

    # -- adjustments ----------------------------------------------------------------------
    def _build_adjustments(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(hint("调整上岗人员、更换负责人和撤岗在“示范岗”页选中岗位后操作；这里是全部调整记录。"))
        self.adjustments = TableView([
            Column("adjusted_on", "调整日期", width=92),
            Column("post_name", "示范岗", width=200),
            Column("kind", "调整方式", lambda r: AdjustmentKind(r["kind"]).label, width=90),
            Column("member_out_name", "调出", width=70),
            Column("member_in_name", "调入/新负责人", width=100),
            Column("reason", "原因"),
        ], "management.adjustments", self.ctx.qsettings)
        layout.addWidget(self.adjustments, 1)
        self.tabs.addTab(page, "调整记录")

    # -- page -----------------------------------------------------------------------------
    def refresh(self) -> None:
        today = self.store.today()
        current = self.month.currentData()
        self.month.blockSignals(True)
        self.month.clear()
        for month in recent_months(today):
            self.month.addItem(month_label(month), month)
        index = self.month.findData(current or queries.previous_month(today))
        self.month.setCurrentIndex(max(0, index))
        self.month.blockSignals(False)
        self._load_units()
        self._load_grid()
        self._load_rectifications()
        self.adjustments.set_rows(queries.adjustments(self.store))

    def focus_entity(self, entity_id: Any) -> None:
        entity, key = unpack(entity_id)
        if entity == "rectifications":
            self.tabs.setCurrentIndex(1)
            if not self.rects.select_where("id", key):
                self.open_only.setChecked(False)
                self.rects.select_where("id", key)
        elif entity == "units":
            self.tabs.setCurrentIndex(0)
            index = self.unit.findData(key)
            if index >= 0:
                self.unit.setCurrentIndex(index)
