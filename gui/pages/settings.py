"""设置: the organization (its type decides the wording everywhere) and the campaign settings:
thresholds, weights, publicity length, holiday and make-up-day overrides."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.enums import OrgType, ReviewPart
from core.errors import DomainError
from core.org import update_organization, update_settings
from core.settings import SEED_PASS_PERCENT, Settings
from core.workdays import CALENDAR_LABELS, OFFICIAL
from gui.actions import run_action
from gui.context import AppContext
from gui.pages.base import Page
from gui.widgets import FieldError, button, combo, heading, hint, set_combo, spin, with_field_error

_W = TypeVar("_W", bound=QWidget)

class _Section(QGroupBox):
    """A titled form whose rows can show a rule's refusal under the field it names."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.form = QFormLayout(self)
        self.errors: dict[str, FieldError] = {}
        self.general = FieldError()

    def add(self, name: str, label: str, widget: _W) -> _W:
        box, error = with_field_error(widget)
        self.form.addRow(label, box)
        self.errors[name] = error
        return widget

    def finish(self, *buttons: QWidget) -> None:
        self.form.addRow("", self.general)
        row = QHBoxLayout()
        row.addStretch(1)
        for widget in buttons:
            row.addWidget(widget)
        self.form.addRow(row)

    def show_error(self, error: DomainError | None) -> None:
        for label in [*self.errors.values(), self.general]:
            label.show_text("")
        if error is None:
            return
        target = self.errors.get(error.field or "", self.general)
        target.show_text(str(error))


class SettingsPage(Page):
    title = "设置"
    watches = frozenset({"organization"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("设置"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        scroll.setWidget(body)
        self.layout_.addWidget(scroll, 1)
        columns = QHBoxLayout()
        body_layout.addLayout(columns)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.org = _Section("组织信息")
        self.name = self.org.add("name", "组织名称：", QLineEdit())
        self.org_type = self.org.add("org_type", "组织类型：", combo(OrgType.choices()))
        self.org.form.addRow("", hint("医院党委：组织单元为党支部、科室和分院，五创含“创优质服务品牌”，服务对象称“患者”；"
                                      "街道（镇）：组织单元为党支部，称“群众”。"))
        self.phone = self.org.add("supervision_phone", "监督电话：", QLineEdit())
        self.address = self.org.add("address", "地址：", QLineEdit())
        self.operator = self.org.add("operator", "操作员：", QLineEdit())
        self.org.finish(button("保存组织信息", self.save_org))
        left.addWidget(self.org)

        self.rules = _Section("测评与公示")
        self.pass_threshold = self.rules.add("pass_threshold_percent", "岗前测评通过线：", QLineEdit())
        self.pass_note = hint("")
        self.rules.form.addRow("", self.pass_note)
        self.basic_counts = self.rules.add("basic_counts_as_satisfied", "", QCheckBox("基本满意票计入满意票"))
        self.publicity_days = self.rules.add("publicity_working_days", "公示期：", spin(5, 30, minimum=1, suffix=" 个工作日"))
        self.channel = self.rules.add("publicity_channel", "默认公示方式：", QLineEdit())
        self.contact = self.rules.add("objection_contact", "异议受理方式：", QLineEdit())
        self.survey_threshold = self.rules.add("survey_low_threshold_percent", "满意度预警线：", QLineEdit())
        self.survey_basic = self.rules.add("survey_counts_basic", "", QCheckBox("满意度测评中基本满意计入满意"))
        self.rect_days = self.rules.add("rectification_days", "默认整改期限：", spin(30, 365, minimum=1, suffix=" 天"))
        self.survey_interval = self.rules.add("survey_interval_days", "满意度测评周期：", spin(120, 366, minimum=7, suffix=" 天"))
        left.addWidget(self.rules)
        left.addStretch(1)

        self.grades = _Section("等次与五评权重")
        self.excellent = self.grades.add("grade_excellent", "优秀线：", spin(90, 100, suffix=" 分"))
        self.qualified = self.grades.add("grade_qualified", "合格线：", spin(80, 100, suffix=" 分"))
        self.basic_line = self.grades.add("grade_basic", "基本合格线：", spin(70, 100, suffix=" 分"))
        self.weights: dict[ReviewPart, QSpinBox] = {}
        for part in ReviewPart:
            self.weights[part] = spin(0, 100, suffix=" %")
            self.grades.form.addRow(f"{self.store.terms().review_part_label(part)}权重：", self.weights[part])
        self.grades.errors["five_review_weights"] = FieldError()
        self.grades.form.addRow("", self.grades.errors["five_review_weights"])
        right.addWidget(self.grades)

        self.calendar = _Section("节假日与调休")
        self.calendar.form.addRow("", hint(f"公示期按工作日计算，默认依据{CALENDAR_LABELS[OFFICIAL]}。没有官方数据的年份，"
                                           "或本单位另有安排时，在下面每行填一个日期（如 2027-02-10）。"))
        self.holidays = self.calendar.add("extra_holidays", "另行放假的日期：", QPlainTextEdit())
        self.workdays = self.calendar.add("extra_workdays", "调休上班的日期：", QPlainTextEdit())
        for edit in (self.holidays, self.workdays):
            edit.setMaximumHeight(90)
            edit.setTabChangesFocus(True)
        right.addWidget(self.calendar)
        right.addStretch(1)

        # One button saves the three groups above (测评与公示, 等次与五评权重, 节假日与调休): it sits under
        # the whole page, not inside any one group. A refusal without a field of its own shows here.
        self.settings_error = FieldError()
        for section in (self.rules, self.grades, self.calendar):
            section.general = self.settings_error
        bottom = QHBoxLayout()
        bottom.addWidget(hint("“保存设置”保存测评与公示、等次与五评权重、节假日与调休三组设置；"
                              "组织信息请用“保存组织信息”保存。"), 1)
        bottom.addWidget(button("撤销未保存的修改", self.refresh))
        self.save_settings_button = button("保存设置", self.save_settings)
        bottom.addWidget(self.save_settings_button)
        self.layout_.addWidget(self.settings_error)
        self.layout_.addLayout(bottom)

    def refresh(self) -> None:
        org = self.store.organization()
        self.name.setText(org["name"])
        set_combo(self.org_type, org["org_type"])
        self.phone.setText(org["supervision_phone"] or "")
        self.address.setText(org["address"] or "")
        self.operator.setText(org["operator"] or "")
        s = self.ctx.settings()
        self.pass_threshold.setText(s.pass_threshold_percent)
        note = f"创建方案规定满意票达到{SEED_PASS_PERCENT}%以上（含{SEED_PASS_PERCENT}%）方可通过；本单位可以提高，不能降低。"
        if s.stored_pass_threshold_percent:
            note += (f"原设置的{s.stored_pass_threshold_percent}%低于这一规定，现按{s.pass_threshold_percent}%执行；"
                     "已录入的测评结果不变。保存设置后不再提示。")
        self.pass_note.setText(note)
        self.basic_counts.setChecked(s.basic_counts_as_satisfied)
        self.publicity_days.setValue(s.publicity_working_days)
        self.channel.setText(s.publicity_channel)
        self.contact.setText(s.objection_contact)
        self.survey_threshold.setText(s.survey_low_threshold_percent)
        self.survey_basic.setChecked(s.survey_counts_basic)
        self.rect_days.setValue(s.rectification_days)
        self.survey_interval.setValue(s.survey_interval_days)
        self.excellent.setValue(s.grade_excellent)
        self.qualified.setValue(s.grade_qualified)
        self.basic_line.setValue(s.grade_basic)
        for part, box in self.weights.items():
            box.setValue(int(s.five_review_weights.get(part.value, 0)))
        self.holidays.setPlainText("\n".join(s.extra_holidays))
        self.workdays.setPlainText("\n".join(s.extra_workdays))
        for section in (self.org, self.rules, self.grades, self.calendar):
            section.show_error(None)

    def has_unsaved(self) -> bool:
        org = self.store.organization()
        typed_org = (self.name.text(), self.org_type.currentData(), self.phone.text(), self.address.text(),
                     self.operator.text())
        stored_org = (org["name"], org["org_type"], org["supervision_phone"] or "", org["address"] or "", org["operator"] or "")
        return typed_org != stored_org or self._typed_settings() != self.ctx.settings()

    def save_org(self) -> None:
        if run_action(self.ctx, self.org, update_organization, self.store, name=self.name.text(),
                      org_type=OrgType(self.org_type.currentData()), supervision_phone=self.phone.text(),
                      address=self.address.text(), operator=self.operator.text()) is not None:
            self.org.show_error(None)

    def _typed_settings(self) -> Settings:
        def lines(edit: QPlainTextEdit) -> tuple[str, ...]:
            return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())

        return replace(
            self.ctx.settings(),
            pass_threshold_percent=self.pass_threshold.text().strip().rstrip("%"),
            basic_counts_as_satisfied=self.basic_counts.isChecked(),
            publicity_working_days=self.publicity_days.value(),
            publicity_channel=self.channel.text().strip(),
            objection_contact=self.contact.text().strip(),
            survey_low_threshold_percent=self.survey_threshold.text().strip().rstrip("%"),
            survey_counts_basic=self.survey_basic.isChecked(),
            rectification_days=self.rect_days.value(),
            survey_interval_days=self.survey_interval.value(),
            grade_excellent=self.excellent.value(),
            grade_qualified=self.qualified.value(),
            grade_basic=self.basic_line.value(),
            five_review_weights={p.value: box.value() for p, box in self.weights.items()},
            extra_holidays=lines(self.holidays),
            extra_workdays=lines(self.workdays),
        )

    def show_error(self, error: DomainError) -> None:
        """Each group shows a refused setting under the input it names; one without a field goes under the first."""
        section = next((s for s in (self.rules, self.grades, self.calendar) if (error.field or "") in s.errors), self.rules)
        section.show_error(error)

    def save_settings(self) -> None:
        settings = self._typed_settings()
        for section in (self.rules, self.grades, self.calendar):
            section.show_error(None)
        run_action(self.ctx, self, update_settings, self.store, settings)
