"""Fields and small widgets the pages and forms share: a date field that may be left empty, choice
boxes, number boxes, hints, headings, buttons and rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

EMPTY_DATE = QDate(1900, 1, 1)


def to_qdate(value: date | str | None) -> QDate:
    if value is None or value == "":
        return EMPTY_DATE
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return QDate(value.year, value.month, value.day)


class DateEdit(QDateEdit):
    """A date field with a calendar popup in yyyy-MM-dd; ``optional`` allows “未填写”.

    An optional field that is empty shows “未填写”. Typing a digit into it, an arrow key or picking a
    day in the calendar starts from ``default`` (today unless given), so what the clerk types is
    kept; the calendar of an empty field opens at the month of ``default``. Deleting the whole text
    (select all, then Delete or Backspace) or the clear button in the field empties it again.
    """

    def __init__(self, value: date | str | None = None, *, optional: bool = False,
                 default: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.default = default
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(EMPTY_DATE)
        self.setMaximumDate(QDate(2099, 12, 31))
        if optional:
            self.setSpecialValueText("未填写")
            line = self.lineEdit()
            line.textChanged.connect(self._on_text_changed)
            self.dateChanged.connect(self._on_date_changed)
            self.calendarWidget().installEventFilter(self)
        self.set_value(value)
        if optional:
            self._on_date_changed(self.date())

    # -- value --------------------------------------------------------------------------
    def set_value(self, value: date | str | None) -> None:
        if value in (None, "") and not self.optional:
            value = date.today()
        self.setDate(to_qdate(value))

    def value(self) -> date | None:
        current = self.date()
        if self.optional and current == EMPTY_DATE:
            return None
        return date(current.year(), current.month(), current.day())

    def is_empty(self) -> bool:
        return self.optional and self.date() == EMPTY_DATE

    def clear_value(self) -> None:
        """Empty an optional field (a required one keeps its date)."""
        if self.optional:
            self.setDate(EMPTY_DATE)
            self.lineEdit().setText(self.specialValueText())

    def default_date(self) -> QDate:
        start = self.default or date.today()
        return QDate(start.year, start.month, start.day)

    # -- empty optional field -------------------------------------------------------------
    def _start_from_default(self) -> None:
        """Leave the empty state: show the default date with the year selected for typing over."""
        self.setDate(self.default_date())
        self.setCurrentSection(QDateEdit.Section.YearSection)
        self.setSelectedSection(QDateEdit.Section.YearSection)

    def _update_clear_button(self) -> None:
        if self.optional:
            self.lineEdit().setClearButtonEnabled(not self.is_empty())

    def _show_default_page(self) -> None:
        """Put the calendar of an empty field on ``default`` without filling the field: the calendar
        would otherwise tell the field its new selection."""
        calendar = self.calendarWidget()
        start = self.default_date()
        blocked = calendar.blockSignals(True)
        try:
            calendar.setSelectedDate(start)
            calendar.setCurrentPage(start.year(), start.month())
        finally:
            calendar.blockSignals(blocked)

    def _on_date_changed(self, _value: QDate) -> None:
        self._update_clear_button()
        if self.is_empty():
            self._show_default_page()

    def _on_text_changed(self, text: str) -> None:
        # The clear button (or deleting every character) leaves no digit behind: the field is empty.
        if text != self.specialValueText() and not any(ch.isdigit() for ch in text):
            self.clear_value()

    def keyPressEvent(self, event: Any) -> None:
        if self.optional:
            key = event.key()
            text = event.text()
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                line = self.lineEdit()
                if self.is_empty() or (line.hasSelectedText() and line.selectedText() == line.text()):
                    self.clear_value()
                    event.accept()
                    return
            elif self.is_empty() and text and text.isdigit():
                self._start_from_default()
        if self._skip_separator(event.text()):
            event.accept()
            return
        super().keyPressEvent(event)

    def _skip_separator(self, text: str) -> bool:
        """“2001-07-01” typed in full: after the four digits of the year Qt has already moved on to
        the month, so the “-” the clerk types next must not move on once more."""
        if text not in ("-", "/", ".") or self.is_empty():
            return False
        line = self.lineEdit()
        position = line.cursorPosition()
        if line.hasSelectedText():
            position = line.selectionStart()
        return position > 0 and line.text()[position - 1] == "-"

    def stepBy(self, steps: int) -> None:
        if self.is_empty():
            self._start_from_default()
            return
        super().stepBy(steps)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        if self.is_empty():
            return QAbstractSpinBox.StepEnabledFlag.StepUpEnabled | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return super().stepEnabled()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        # The calendar of an empty field would open at January 1900: show the default month instead.
        if event.type() == QEvent.Type.Show and self.is_empty() and watched is self.calendarWidget():
            self._show_default_page()
        return super().eventFilter(watched, event)


def combo(choices: Sequence[tuple[Any, str]], current: Any = None, parent: QWidget | None = None) -> QComboBox:
    box = QComboBox(parent)
    for value, label in choices:
        box.addItem(label, value)
    if current is not None:
        set_combo(box, current)
    return box


def set_combo(box: QComboBox, value: Any) -> None:
    for i in range(box.count()):
        if box.itemData(i) == value:
            box.setCurrentIndex(i)
            return


def spin(value: int = 0, maximum: int = 100000, minimum: int = 0, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


def score_box(value: float = 90.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 100)
    box.setDecimals(1)
    box.setValue(value)
    box.setSuffix(" 分")
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555555;")
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 16px; font-weight: bold; padding: 2px 0 6px 0;")
    return label


def button(text: str, slot: Callable[[], Any] | None = None, *, shortcut: str | None = None) -> QPushButton:
    widget = QPushButton(text)
    if slot is not None:
        widget.clicked.connect(lambda _checked=False: slot())
    if shortcut:
        widget.setShortcut(QKeySequence(shortcut))
        widget.setToolTip(f"{text}（{shortcut}）")
    return widget


def row_layout(*widgets: QWidget | None, stretch: bool = True) -> QHBoxLayout:
    layout = QHBoxLayout()
    for widget in widgets:
        if widget is None:
            layout.addStretch(1)
        else:
            layout.addWidget(widget)
    if stretch and None not in widgets:
        layout.addStretch(1)
    return layout
