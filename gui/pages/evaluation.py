"""岗前测评: one grid of a batch's nominees × 满意/基本满意/不满意/弃权或无效, with the live rate and
pass/fail per nominee; saving is possible only when every row adds up to the returned ballots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from core import queries
from core.enums import PostKind, PostStage
from core.errors import DomainError
from core.store import Changes
from core.workflow import BallotCount, record_pre_evaluation, vote_outcome
from gui import widgets
from gui.actions import run_action
from gui.context import AppContext
from gui.grid import EditGridView, GridModel, Index
from gui.models import DONE_BRUSH, WARN_BRUSH, Column
from gui.pages.base import Page
from gui.widgets import DateEdit, TableView, heading, hint, spin

COUNT_KEYS = ("satisfied", "basic", "unsatisfied", "invalid")


@dataclass
class BallotRow:
    post_id: int
    name: str
    kind: str
    members: str
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0
    invalid: int = 0

    @property
    def total(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied + self.invalid


class BallotGridModel(GridModel):
    """Editable counts; rate and result computed with the core's own ``vote_outcome``."""

    HEADERS = ("岗位名称", "类型", "上岗党员", "满意", "基本满意", "不满意", "弃权或无效", "合计", "满意率", "结果")
    totals_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[BallotRow] = []
        self.returned = 0
        self.threshold: Any = None
        self.basic_counts = False

    def set_rows(self, rows: list[BallotRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        self.totals_changed.emit()

    def set_returned(self, returned: int) -> None:
        self.returned = returned
        if self.rows:
            self.dataChanged.emit(self.index(0, 7), self.index(len(self.rows) - 1, 9))
        self.totals_changed.emit()

    def editable(self, row: int, column: int) -> bool:
        return 3 <= column <= 6

    def outcome(self, row: BallotRow) -> Any:
        return vote_outcome(row.satisfied, row.basic, row.unsatisfied, self.threshold, self.basic_counts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and 3 <= column <= 6:
            return getattr(row, COUNT_KEYS[column - 3])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.name
            if column == 1:
                return row.kind
            if column == 2:
                return row.members
            if 3 <= column <= 6:
                return str(getattr(row, COUNT_KEYS[column - 3]))
            if column == 7:
                return str(row.total)
            outcome = self.outcome(row)
            if column == 8:
                return outcome.percent_text if outcome.valid else "—"
            if not outcome.valid:
                return "—"
            if row.total != self.returned:
                return "票数不符"
            return "通过" if outcome.passed else "未通过"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == 7 and row.total != self.returned:
                return WARN_BRUSH
            if column == 9 and row.total == self.returned and self.outcome(row).valid:
                return DONE_BRUSH if self.outcome(row).passed else WARN_BRUSH
            if 3 <= column <= 6:
                return QBrush(QColor("#fffbe6"))
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and row.total != self.returned:
            return f"合计{row.total}张，应等于收回票数{self.returned}张"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not 3 <= index.column() <= 6:
            return False
        try:
            number = int(value)
        except (TypeError, ValueError):
            return False
        if number < 0:
            return False
        setattr(self.rows[index.row()], COUNT_KEYS[index.column() - 3], number)
        self.dataChanged.emit(self.index(index.row(), 3), self.index(index.row(), 9))
        self.totals_changed.emit()
        return True

    def problem(self) -> str | None:
        if not self.rows:
            return "本批次没有等待测评的示范岗。"
        for i, row in enumerate(self.rows, start=1):
            if row.total != self.returned:
                return f"第{i}行“{row.name}”合计{row.total}张，应等于收回票数{self.returned}张。"
        return None


class EvaluationPage(Page):
    title = "岗前测评"
    watches = frozenset({"posts", "batches", "pre_evaluations", "pre_evaluation_results"})
    model: BallotGridModel  # made after the fields whose signals already refer to it

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("岗前测评"))
        top = QHBoxLayout()
        top.addWidget(QLabel("批次："))
        self.batch = QComboBox()
        self.batch.setMinimumWidth(180)
        self.batch.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.batch.currentIndexChanged.connect(lambda _i: self._load_batch())
        top.addWidget(self.batch)
        top.addStretch(1)
        self.layout_.addLayout(top)
        form = QFormLayout()
        row = QHBoxLayout()
        self.held_on = DateEdit(self.store.today())
        self.issued = spin(0, 100000, suffix=" 张")
        self.returned = spin(0, 100000, suffix=" 张")
        self.returned.valueChanged.connect(lambda v: self.model.set_returned(v))
        for label, widget in (("测评日期：", self.held_on), ("发出票数：", self.issued), ("收回票数：", self.returned)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addStretch(1)
        form.addRow(row)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("备注（可不填），例如：测评范围为本支部全体党员和服务对象代表")
        form.addRow("备注：", self.notes)
        self.layout_.addLayout(form)
        self.rule = hint("")
        self.layout_.addWidget(self.rule)
        self.model = BallotGridModel(self)
        self.model.totals_changed.connect(self._update_state)
        self.grid = EditGridView()
        self.grid.setModel(self.model)
        for column, width in enumerate((260, 48, 160, 70, 76, 70, 86, 60, 70)):
            self.grid.setColumnWidth(column, width)
        self.layout_.addWidget(self.grid, 2)
        bottom = QHBoxLayout()
        self.state = QLabel()
        self.state.setWordWrap(True)
        bottom.addWidget(self.state, 1)
        self.save = QPushButton("保存测评结果")
        self.save.clicked.connect(self.submit)
        bottom.addWidget(self.save)
        self.layout_.addLayout(bottom)
        self.layout_.addWidget(QLabel("本批次已录入的测评结果"))
        self.results = TableView([
            Column("held_on", "测评日期", width=92),
            Column("post_name", "岗位名称", width=200),
            Column("unit_name", "所在单位", width=130),
            Column("member_names", "上岗党员", width=140),
            Column("satisfied", "满意", align="right", width=56),
            Column("basic", "基本满意", align="right", width=70),
            Column("unsatisfied", "不满意", align="right", width=60),
            Column("invalid", "弃权或无效", align="right", width=80),
            Column("rate", "满意率", lambda r: f"{r['rate'] * 100:.1f}%", align="right", width=70),
            Column("passed", "结果", lambda r: "通过" if r["passed"] else "未通过", align="center"),
        ], "evaluation.results", ctx.qsettings)
        self.results.source.background = lambda r: DONE_BRUSH if r["passed"] else WARN_BRUSH
        self.results.source.tooltip = lambda r: f"{r['post_name']}（{r['unit_name']}）：{r['member_names'] or ''}"
        self.layout_.addWidget(self.results, 1)

    def refresh(self) -> None:
        settings = self.ctx.settings()
        self.model.threshold = settings.pass_threshold
        self.model.basic_counts = settings.basic_counts_as_satisfied
        basic = "计入" if settings.basic_counts_as_satisfied else "不计入"
        self.rule.setText(f"满意率 = 满意票 ÷ 有效票（满意＋基本满意＋不满意），达到{settings.pass_threshold_percent}%"
                          f"（含）为通过；基本满意票{basic}满意票（可在“设置”页修改）。每行合计须等于收回票数。")
        current = self.batch.currentData()
        self.batch.blockSignals(True)
        self.batch.clear()
        for b in queries.batches(self.store):
            waiting = len(queries.posts(self.store, batch_id=b["id"], stage=PostStage.NOMINATED))
            self.batch.addItem(f"{b['name']}（待测评{waiting}个）", b["id"])
        index = self.batch.findData(current)
        if index < 0:
            index = next((i for i in range(self.batch.count()) if "待测评0个" not in self.batch.itemText(i)), 0)
        self.batch.setCurrentIndex(index)
        self.batch.blockSignals(False)
        self._load_batch()

    def focus_entity(self, entity_id: Any) -> None:
        index = self.batch.findData(entity_id)
        if index >= 0:
            self.batch.setCurrentIndex(index)

    def _load_batch(self) -> None:
        batch_id = self.batch.currentData()
        posts = queries.posts(self.store, batch_id=batch_id, stage=PostStage.NOMINATED) if batch_id else []
        self.model.set_rows([
            # The unit tells apart posts of the same name (two branches may both run a "便民服务窗口岗").
            BallotRow(p["id"], f"{p['name']}（{p['unit_name']}）", "个人" if p["kind"] == PostKind.INDIVIDUAL.value else "集体",
                      p["member_names"] or "")
            for p in posts
        ])
        self.results.set_rows(queries.evaluation_results(self.store, batch_id) if batch_id else [])
        self.model.set_returned(self.returned.value())

    def _update_state(self) -> None:
        if not self.model.rows:
            # Nothing to enter is a state, not an error: say so plainly (green once all are recorded).
            self.save.setEnabled(False)
            self.save.setToolTip("本批次没有等待测评的示范岗。")
            done = self.results.source.total() > 0
            self.state.setStyleSheet("color: #2e7d32;" if done else "color: #555555;")
            self.state.setText("本批次的示范岗都已录入测评结果，见下表。" if done else "本批次没有等待测评的示范岗。")
            return
        problem = self.model.problem()
        if problem is None and self.returned.value() > self.issued.value():
            problem = f"收回票数{self.returned.value()}超过了发出票数{self.issued.value()}。"
        if problem is None and self.returned.value() == 0:
            problem = "请填写发出和收回的票数。"
        self.save.setEnabled(problem is None)
        self.save.setToolTip(problem or "保存本批次的测评结果")
        if problem:
            self.state.setStyleSheet(widgets.ERROR_STYLE)
            self.state.setText(problem)
        else:
            self.state.setStyleSheet("color: #2e7d32;")
            self.state.setText("各行合计与收回票数一致，可以保存。")

    def has_unsaved(self) -> bool:
        return any(row.total for row in self.model.rows)

    def show_error(self, error: DomainError) -> None:
        """A refused ballot is said under the grid and in a message box."""
        self.state.setStyleSheet(widgets.ERROR_STYLE)
        self.state.setText(str(error))
        widgets.warn(self, str(error))

    def submit(self) -> None:
        batch_id = self.batch.currentData()
        if batch_id is None:
            return
        counts = [BallotCount(r.post_id, r.satisfied, r.basic, r.unsatisfied, r.invalid) for r in self.model.rows]

        def record() -> Changes:
            held_on = self.held_on.value()
            assert held_on is not None  # a required date field always holds a date
            changes = record_pre_evaluation(
                self.store, batch_id=batch_id, held_on=held_on, ballots_issued=self.issued.value(),
                ballots_returned=self.returned.value(), counts=counts, notes=self.notes.text())
            # The next ballot starts from nothing: counts typed for this one are never carried over.
            self.notes.clear()
            self.issued.setValue(0)
            self.returned.setValue(0)
            return changes

        run_action(self.ctx, self, record)
