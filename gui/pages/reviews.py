"""五评: self, peer, public, leader and organization scores with the weights in force, the
weighted total and the grade; a saved review is corrected (with a reason) rather than re-entered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import queries
from core.enums import Grade, ReviewPart
from core.errors import DomainError
from core.management import (
    correct_five_review,
    excellent_share,
    five_review_total,
    grade_for,
    record_five_review,
    review_weights,
)
from core.store import Changes
from gui import widgets
from gui.actions import run_action
from gui.context import AppContext
from gui.models import WARN_BRUSH, Column
from gui.pages.base import Page
from gui.widgets import (
    CONTENT_ROWS,
    DateEdit,
    FieldError,
    FormDialog,
    TableView,
    button,
    heading,
    hint,
    spin,
    with_field_error,
)

NOTICE_STYLE = "color: #9a6700;"  # a warning that does not stop anything (not the red of a refusal)


class ScoreInput(QDoubleSpinBox):
    """A 0–100 score that starts empty: nothing typed means "not entered", never a default score."""

    UNSET = -1.0

    def __init__(self) -> None:
        super().__init__()
        self.setRange(self.UNSET, 100)
        self.setDecimals(1)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setValue(self.UNSET)
        self.lineEdit().setPlaceholderText("未填写（0–100分）")
        self.setToolTip("填写0到100之间的分数")

    def score(self) -> float | None:
        return None if self.value() < 0 else self.value()

    def clear_score(self) -> None:
        self.setValue(self.UNSET)

    def textFromValue(self, value: float) -> str:
        return "" if value < 0 else super().textFromValue(value)

    def valueFromText(self, text: str) -> float:
        return self.UNSET if not text.strip() else super().valueFromText(text)

    def validate(self, text: str, pos: int) -> Any:
        if not text.strip():
            return QValidator.State.Acceptable, text, pos  # emptied again: back to "not entered"
        if text.strip().startswith("-"):
            return QValidator.State.Invalid, text, pos
        return super().validate(text, pos)

    def fixup(self, text: str) -> str:
        return "" if not text.strip() else super().fixup(text)


def _find(box: QComboBox, data: Any) -> int:
    """``QComboBox.findData`` compares Python tuples by identity, so a rebuilt list never matches."""
    for i in range(box.count()):
        if box.itemData(i) == data:
            return i
    return -1


class ReviewsPage(Page):
    title = "五评"
    watches = frozenset({"posts", "post_members", "five_reviews"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("五评"))
        self.weights = hint("")
        self.layout_.addWidget(self.weights)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("评议年度："))
        self.year = spin(self.store.today().year, 2100, minimum=2000)
        self.year.valueChanged.connect(lambda _v: self._year_changed())
        top.addWidget(self.year)
        top.addStretch(1)
        self.count = QLabel()
        top.addWidget(self.count)
        left_layout.addLayout(top)
        self.share = QLabel()
        self.share.setWordWrap(True)
        self.share.setStyleSheet(NOTICE_STYLE)
        self.share.hide()
        left_layout.addWidget(self.share)
        columns = [
            Column("post_name", "示范岗", width=180),
            Column("member_name", "党员", width=70),
            *[Column(f"score_{p.value}", self.store.terms().review_part_label(p), align="right", width=66)
              for p in ReviewPart],
            Column("total", "总分", align="right", width=56),
            Column("grade", "等次", lambda r: Grade(r["grade"]).label, align="center"),
        ]
        self.table = TableView(columns, "reviews.table", ctx.qsettings)
        self.table.source.background = lambda r: WARN_BRUSH if r["grade"] == Grade.UNQUALIFIED.value else None
        self.table.source.tooltip = lambda r: f"{r['post_name']} — {r['member_name']}：双击更正"
        self.table.activated_row.connect(lambda r: self.correct(r["id"]))
        # Scores, total and grade are short: they keep their width and the post name takes the rest,
        # so the 等次 column is never pushed out of sight.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(CONTENT_ROWS)
        for column in range(len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 0
                                        else QHeaderView.ResizeMode.ResizeToContents)
        left_layout.addWidget(self.table)
        table_buttons = QHBoxLayout()
        table_buttons.addWidget(hint("录错的五评不能重新录入，请选中后更正；更正会连同原分数和原因记入操作记录。"), 1)
        table_buttons.addWidget(button("更正选中的五评…", self.correct_selected))
        left_layout.addLayout(table_buttons)
        splitter.addWidget(left)

        box = QGroupBox("录入五评")
        form = QFormLayout(box)
        self.who = QComboBox()
        self.who.setMinimumWidth(220)
        self.who.currentIndexChanged.connect(lambda _i: self._update_existing())
        form.addRow("示范岗和党员：", self.who)
        self.existing = hint("")
        self.existing.setStyleSheet(NOTICE_STYLE)
        self.existing.hide()
        form.addRow(self.existing)
        self.correct_existing = button("更正此人的五评…", self._correct_current)
        self.correct_existing.hide()
        existing_row = QHBoxLayout()
        existing_row.addStretch(1)
        existing_row.addWidget(self.correct_existing)
        form.addRow(existing_row)
        self.scores: dict[ReviewPart, ScoreInput] = {}
        self.field_errors: dict[str, FieldError] = {}
        for part in ReviewPart:
            field = ScoreInput()
            field.valueChanged.connect(lambda _v: self._update_total())
            self.scores[part] = field
            form.addRow(f"{self.store.terms().review_part_label(part)}：", self._with_error(f"score_{part.value}", field))
        self.reviewed_on = DateEdit(self.store.today())
        form.addRow("评议日期：", self._with_error("reviewed_on", self.reviewed_on))
        self.total = QLabel()
        form.addRow("加权总分：", self.total)
        self.error = QLabel()
        self.error.setStyleSheet(widgets.ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow("", self.error)
        self.clear_button = button("清空分数", self.clear_scores)
        self.save = QPushButton("保存五评")
        self.save.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save)
        form.addRow("", buttons)
        splitter.addWidget(box)
        splitter.setSizes([750, 380])
        self.layout_.addWidget(splitter, 1)

    def _with_error(self, name: str, widget: QWidget) -> QWidget:
        holder, error = with_field_error(widget)
        self.field_errors[name] = error
        return holder

    # -- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        settings = self.ctx.settings()
        weights = settings.five_review_weights
        terms = self.store.terms()
        self.weights.setText("现行权重：" + "，".join(f"{terms.review_part_label(p)}{weights[p.value]}%" for p in ReviewPart)
                             + f"。等次（“以上”含本数）：{settings.grade_excellent}分以上优秀，{settings.grade_qualified}分以上合格，"
                               f"{settings.grade_basic}分以上基本合格，不足{settings.grade_basic}分为不合格（应调整并收回岗牌）。")
        current = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        for m in queries.serving_members(self.store):
            self.who.addItem(f"{m['post_name']} — {m['name_snapshot']}", (m["post_id"], m["member_id"]))
        self.who.setCurrentIndex(max(0, _find(self.who, current)))
        self.who.blockSignals(False)
        self.save.setEnabled(self.who.count() > 0)
        self._load_table()
        self._update_existing()
        self._update_total()

    def _year_changed(self) -> None:
        self._load_table()
        self._update_existing()

    def _load_table(self) -> None:
        year = self.year.value()
        rows = queries.five_reviews(self.store, year=year)
        self.table.set_rows(rows)
        if rows:
            excellent = sum(r["grade"] == Grade.EXCELLENT.value for r in rows)
            self.count.setText(f"{year}年度共{len(rows)}人，其中优秀{excellent}人")
        else:
            earlier = queries.five_reviews(self.store, year=year - 1)
            self.count.setText(f"{year}年度尚未录入；{year - 1}年度有{len(earlier)}人，可调整评议年度查看。" if earlier
                               else f"{year}年度尚未录入。")
        warning = excellent_share(self.store, year).warning
        self.share.setText(warning or "")
        self.share.setVisible(bool(warning))

    def _review_of_current(self) -> dict[str, Any] | None:
        who = self.who.currentData()
        if who is None:
            return None
        post_id, member_id = who
        return next((r for r in self.table.source.all_rows()
                     if r["post_id"] == post_id and r["member_id"] == member_id), None)

    def _update_existing(self) -> None:
        review = self._review_of_current()
        if review is None:
            self.existing.hide()
            self.correct_existing.hide()
            self.save.setEnabled(self.who.count() > 0)
            self.save.setToolTip("")
            return
        text = (f"{review['member_name']}{review['year']}年度的五评已录入（总分{review['total']:g}，"
                f"{Grade(review['grade']).label}），不能再次录入；如有错误请点“更正此人的五评”。")
        self.existing.setText(text)
        self.existing.show()
        self.correct_existing.show()
        self.save.setEnabled(False)
        self.save.setToolTip(text)

    def _update_total(self) -> None:
        values = {p: f.score() for p, f in self.scores.items()}
        missing = [self.store.terms().review_part_label(p) for p, v in values.items() if v is None]
        if missing:
            self.total.setText(f"待填写：{'、'.join(missing)}")
            return
        settings = self.ctx.settings()
        total = five_review_total({p: v for p, v in values.items() if v is not None}, settings.five_review_weights)
        self.total.setText(f"{total} 分，{grade_for(float(total), settings).label}")

    def show_error(self, error: DomainError | None) -> None:
        for label in self.field_errors.values():
            label.show_text("")
        self.error.setText("")
        if error is None:
            return
        target = self.field_errors.get(error.field or "")
        if target is None:
            self.error.setText(str(error))
            return
        target.show_text(str(error))
        part = next((p for p in ReviewPart if f"score_{p.value}" == error.field), None)
        (self.scores[part] if part is not None else self.reviewed_on).setFocus()

    def has_unsaved(self) -> bool:
        return any(f.score() is not None for f in self.scores.values())

    # -- actions ---------------------------------------------------------------------------
    def clear_scores(self) -> None:
        for field in self.scores.values():
            field.clear_score()
        self.show_error(None)

    def submit(self) -> None:
        who = self.who.currentData()
        if who is None:
            return
        post_id, member_id = who
        reviewed_on = self.reviewed_on.value()
        assert reviewed_on is not None

        def record() -> Changes:
            changes = record_five_review(self.store, post_id=post_id, member_id=member_id, year=self.year.value(),
                                         scores={p: f.score() for p, f in self.scores.items()}, reviewed_on=reviewed_on)
            self.clear_scores()  # the next person's scores are typed afresh, never carried over
            return changes

        run_action(self.ctx, self, record)

    def correct_selected(self) -> None:
        row = self.table.current_row()
        if row is None:
            widgets.info(self, "请先在五评表中选中要更正的记录。")
            return
        self.correct(row["id"])

    def _correct_current(self) -> None:
        review = self._review_of_current()
        if review is not None:
            self.correct(review["id"])

    def correct(self, review_id: int) -> None:
        widgets.exec_dialog(correction_dialog(self, review_id))


def correction_dialog(page: ReviewsPage, review_id: int) -> FormDialog:
    store = page.store
    review = store.get("five_reviews", review_id)
    row = next((r for r in queries.five_reviews(store, year=review["year"]) if r["id"] == review_id), review)
    terms = store.terms()
    old = "，".join(f"{terms.review_part_label(p)}{review[f'score_{p.value}']:g}" for p in ReviewPart)
    dialog = FormDialog(
        f"更正五评 — {row.get('member_name', '')}（{row.get('post_name', '')}，{review['year']}年度）", page,
        lambda v: correct_five_review(store, review_id, scores={p: v[f"score_{p.value}"] for p in ReviewPart},
                                      reason=v["reason"]),
        ctx=page.ctx, intro=f"原分数：{old}；总分{review['total']:g}，{Grade(review['grade']).label}。"
              "总分按录入时的权重重新计算；更正会连同原分数和原因记入操作记录。",
        ok_text="保存更正")
    for part in ReviewPart:
        dialog.add_score(f"score_{part.value}", f"{terms.review_part_label(part)}：", review[f"score_{part.value}"])
    total = dialog.add_note("")
    dialog.add_text("reason", "更正原因：", multiline=True)

    def update_total() -> None:
        settings = page.ctx.settings()
        scores = {p: dialog.values()[f"score_{p.value}"] for p in ReviewPart}
        value = five_review_total(scores, review_weights(review, settings))
        total.setText(f"更正后总分：{value} 分，{grade_for(float(value), settings).label}")

    for part in ReviewPart:
        dialog.field(f"score_{part.value}").valueChanged.connect(lambda _v: update_total())  # type: ignore[attr-defined]
    update_total()
    return dialog

