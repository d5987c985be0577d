"""Optional date fields (出生日期、入党时间、转正时间): typing into an empty field keeps the date, the
field can be emptied again, and the calendar of an empty field opens at a sensible month."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from core.enums import Sex, UnitKind
from core.idcard import make_id_number
from core.org import create_unit
from core.store import Store
from gui.dialogs.member import MemberDialog
from gui.widgets import DateEdit
from tests.conftest import TODAY
from tests.gui.conftest import OFFSCREEN_NOISE, context


def shown_field(qtbot: Any, **kwargs: Any) -> DateEdit:
    field = DateEdit(None, optional=True, **kwargs)
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.setFocus()
    return field


def type_into(field: DateEdit, keys: str) -> None:
    QTest.mouseClick(field.lineEdit(), Qt.MouseButton.LeftButton)
    for key in keys:
        QTest.keyClick(field, key)
    QTest.keyClick(field, Qt.Key.Key_Tab)


def test_empty_optional_field_shows_not_filled(qtbot: Any) -> None:
    field = shown_field(qtbot)
    assert field.text() == "未填写" and field.value() is None


def test_typing_into_an_empty_field_keeps_the_date(qtbot: Any) -> None:
    field = shown_field(qtbot, default=date(1996, 11, 21))
    for typed in ("20010701", "2001-07-01", "2001/07/01"):
        field.clear_value()
        type_into(field, typed)
        assert field.value() == date(2001, 7, 1), typed
        assert field.text() == "2001-07-01"


def test_select_all_then_type_and_arrow_keys_start_from_the_default(qtbot: Any) -> None:
    field = shown_field(qtbot, default=date(1996, 11, 21))
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field, "19850301")
    assert field.value() == date(1985, 3, 1)
    field.clear_value()
    QTest.keyClick(field, Qt.Key.Key_Up)
    assert field.value() == date(1996, 11, 21)


def test_a_date_can_be_cleared(qtbot: Any) -> None:
    field = shown_field(qtbot)
    field.set_value(date(2001, 7, 1))
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Delete)
    assert field.value() is None and field.text() == "未填写"

    field.set_value(date(2001, 7, 1))
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    QTest.keyClick(field, Qt.Key.Key_Tab)
    assert field.value() is None

    # the clear button in the field
    field.set_value(date(2001, 7, 1))
    assert field.lineEdit().isClearButtonEnabled()
    clear = next(b for b in field.lineEdit().findChildren(QToolButton) if b.isVisible())
    QTest.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert field.value() is None and field.text() == "未填写"
    assert not field.lineEdit().isClearButtonEnabled()


def test_required_field_is_never_empty(qtbot: Any) -> None:
    field = DateEdit(None)
    qtbot.addWidget(field)
    assert field.value() == date.today()
    field.clear_value()
    assert field.value() == date.today()


# A calendar popup on the offscreen platform: Qt says it cannot raise it or grab the keyboard.
POPUP_NOISE = (OFFSCREEN_NOISE, r"^This plugin does not support raise\(\)$", r"^This plugin does not support grabbing the keyboard$")


@pytest.mark.qt_log_ignore(*POPUP_NOISE)
def test_calendar_of_an_empty_field_opens_at_the_default_month(qtbot: Any) -> None:
    field = shown_field(qtbot, default=date(1996, 5, 21))
    calendar = field.calendarWidget()
    assert (calendar.yearShown(), calendar.monthShown()) == (1996, 5)
    arrow = QPoint(field.width() - 6, field.height() // 2)
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=arrow)
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (1996, 5)
    assert field.value() is None  # opening the calendar alone fills in nothing
    QTest.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert field.value() is None and field.text() == "未填写"
    # picking a day fills the field: open again, move one day on and press Enter
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=arrow)
    qtbot.waitUntil(calendar.isVisible)
    target = calendar.focusWidget() or calendar
    QTest.keyClick(target, Qt.Key.Key_Right)
    QTest.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert field.value() == date(1996, 5, 22)


def test_member_dialog_keeps_typed_dates(store: Store, qsettings: Any, qtbot: Any) -> None:
    unit = create_unit(store, name="第一党支部", kind=UnitKind.BRANCH).id
    number = make_id_number("110105", date(1980, 3, 5), 11, Sex.MALE)
    dialog = MemberDialog(context(store, qsettings), unit_id=unit)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    join = dialog.field("join_date")
    full = dialog.field("full_date")
    birth = dialog.field("birth_date")
    assert isinstance(join, DateEdit) and isinstance(full, DateEdit) and isinstance(birth, DateEdit)
    # the calendars of empty fields: 出生日期 thirty years back, the others at today
    assert (birth.calendarWidget().yearShown(), birth.calendarWidget().monthShown()) == (TODAY.year - 30, TODAY.month)
    assert (join.calendarWidget().yearShown(), join.calendarWidget().monthShown()) == (TODAY.year, TODAY.month)
    dialog.field("name").setText("张伟强")
    dialog.field("id_number").setText(number)
    assert birth.default == date(1980, 3, 5)  # a valid ID number moves 出生日期's starting point
    join.setFocus()
    type_into(join, "2001-07-01")
    full.setFocus()
    type_into(full, "20020701")
    dialog.submit()
    assert dialog.result() == 1, dialog.general_error.text()
    row = store.rows("SELECT join_date, full_date FROM members WHERE id = ?", [dialog.member_id])[0]
    assert (row["join_date"], row["full_date"]) == ("2001-07-01", "2002-07-01")
