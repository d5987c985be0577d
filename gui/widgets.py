"""Small building blocks shared by the pages: message boxes in Chinese, a date field, tables that
remember their column widths, and ``FormDialog`` which shows a rule's refusal next to its field and
asks before throwing away typed changes.

Message boxes and ``exec_dialog`` are looked up through this module at call time so tests can
replace them (a modal dialog would otherwise block the test).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.errors import DomainError
from gui.models import Column, RowProxy, RowTableModel

if TYPE_CHECKING:
    from core.store import Changes

ERROR_STYLE = "color: #c0392b;"
EMPTY_DATE = QDate(1900, 1, 1)

# Columns sized to their contents look at this many rows (Qt's default, 1000, makes a page of
# a 20,000-member office slow to show).
CONTENT_ROWS = 50


# -- message boxes ------------------------------------------------------------------------------
def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    return box


def warn(parent: QWidget | None, text: str, title: str = "无法完成操作") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    exec_dialog(box)


def info(parent: QWidget | None, text: str, title: str = "提示") -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    exec_dialog(box)


def ask(parent: QWidget | None, text: str, title: str = "请确认", yes: str = "确定", no: str = "取消") -> bool:
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    exec_dialog(box)
    return box.clickedButton() is yes_button


def exec_dialog(dialog: QDialog) -> int:
    """Run ``dialog`` modally and return its result. It is deleted once control is back in the event
    loop: a dialog parented to a page would otherwise live as long as the page (a megabyte for each
    member edited, over a day). Its Python attributes stay readable for the caller meanwhile."""
    try:
        return run_modal(dialog)
    finally:
        dialog.deleteLater()


def run_modal(dialog: QDialog) -> int:
    """The modal loop itself (tests answer dialogs in its place)."""
    return dialog.exec()


def chinese_buttons(box: QDialogButtonBox) -> None:
    """Standard button texts in Chinese even when no Qt translation is available."""
    texts = {
        QDialogButtonBox.StandardButton.Ok: "确定",
        QDialogButtonBox.StandardButton.Cancel: "取消",
        QDialogButtonBox.StandardButton.Save: "保存",
        QDialogButtonBox.StandardButton.Close: "关闭",
        QDialogButtonBox.StandardButton.Yes: "是",
        QDialogButtonBox.StandardButton.No: "否",
    }
    for kind, text in texts.items():
        button = box.button(kind)
        if button is not None:
            button.setText(text)


# -- file dialogs -------------------------------------------------------------------------------
# A file dialog given a bare file name opens in the process's current folder: for a desktop
# shortcut that is the program folder. ``file_start_path`` gives it a real start instead: the
# folder last used for that kind of file (remembered in QSettings by ``remember_file_folder``),
# else the user's 文档 (Documents) folder.
FOLDER_KEY = "files/last_folder/"


def window_settings(owner: QWidget | None = None) -> QSettings:
    """The window's QSettings: a ``qsettings`` attribute (or ``ctx.qsettings``) of ``owner`` or one
    of its parents, as pages and dialogs of the main window have; else the application's."""
    widget = owner
    while widget is not None:
        found = getattr(widget, "qsettings", None)
        if found is None:
            found = getattr(getattr(widget, "ctx", None), "qsettings", None)
        if isinstance(found, QSettings):
            return found
        widget = widget.parentWidget()
    return QSettings()


def documents_folder() -> Path:
    """The user's 文档 folder (the home folder if the system names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def file_start_path(kind: str, suggested_name: str = "", *, owner: QWidget | None = None,
                    qsettings: QSettings | None = None) -> str:
    """Where a file dialog for ``kind`` of file ("pdf", "backup", "excel" …) should start: the
    folder last used for that kind, if it still exists (a USB stick may be gone), else 文档;
    joined with ``suggested_name`` for a save dialog."""
    settings = qsettings if qsettings is not None else window_settings(owner)
    remembered = settings.value(FOLDER_KEY + kind)
    folder = Path(str(remembered)) if isinstance(remembered, str) and remembered else None
    try:
        usable = folder is not None and folder.is_dir()
    except OSError:
        usable = False
    start = folder if usable and folder is not None else documents_folder()
    return str(start / suggested_name) if suggested_name else str(start)


def remember_file_folder(kind: str, chosen: str | Sequence[str], *, owner: QWidget | None = None,
                         qsettings: QSettings | None = None, is_folder: bool = False) -> None:
    """Remember the folder of the file(s) the clerk chose (or the chosen folder itself) for ``kind``."""
    paths = [chosen] if isinstance(chosen, str) else list(chosen)
    if not paths or not paths[0]:
        return
    first = Path(paths[0])
    folder = first if is_folder else first.parent
    settings = qsettings if qsettings is not None else window_settings(owner)
    settings.setValue(FOLDER_KEY + kind, str(folder))


# -- fields -------------------------------------------------------------------------------------
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


# -- tables -------------------------------------------------------------------------------------
class TableView(QTableView):
    """A read-only table that remembers its column widths under ``key`` in QSettings."""

    activated_row = Signal(dict)

    def __init__(self, columns: Sequence[Column], key: str, qsettings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.qsettings = qsettings
        self.source = RowTableModel(columns, self)
        self.proxy = RowProxy(self.source, self)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for i, column in enumerate(columns):
            if column.width:
                self.setColumnWidth(i, column.width)
        self._restore_widths()
        header.sectionResized.connect(self._remember_widths)
        self.doubleClicked.connect(self._on_double)

    def _settings_key(self) -> str:
        return f"tables/{self.key}/widths"

    def _restore_widths(self) -> None:
        widths = self.qsettings.value(self._settings_key())
        if isinstance(widths, list):
            for i, width in enumerate(widths[: len(self.source.columns) - 1]):
                try:
                    if int(width) > 20:
                        self.setColumnWidth(i, int(width))
                except (TypeError, ValueError):
                    continue

    def _remember_widths(self) -> None:
        widths = [self.columnWidth(i) for i in range(len(self.source.columns))]
        self.qsettings.setValue(self._settings_key(), [str(w) for w in widths])

    def _on_double(self, index: Any) -> None:
        if index.isValid():
            self.activated_row.emit(self.proxy.row_at(index.row()))

    def set_rows(self, rows: Sequence[dict[str, Any]], keep: str = "id") -> None:
        current = self.current_row()
        self.source.set_rows(rows)
        if current is not None:
            self.select_where(keep, current.get(keep))

    def current_row(self) -> dict[str, Any] | None:
        indexes = self.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.proxy.row_at(indexes[0].row())

    def select_where(self, key: str, value: Any) -> bool:
        row = self.source.find(key, value)
        if row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.source.index(row, 0))
        self.selectRow(proxy_index.row())
        self.scrollTo(proxy_index)
        return True


# -- forms --------------------------------------------------------------------------------------
class FieldError(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def with_field_error(widget: QWidget) -> tuple[QWidget, FieldError]:
    """``widget`` with a red message line under it, for a rule refusal about that input."""
    error = FieldError()
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    return box, error


class FormDialog(QDialog):
    """A dialog of named fields; ``submit`` hands ``values()`` to ``on_submit`` (a core action).

    A DomainError is shown next to the field it names (``error.field``) or under the form;
    cancelling with changes typed asks first.
    """

    def __init__(
        self,
        title: str,
        parent: QWidget | None,
        on_submit: Callable[[dict[str, Any]], Changes | None],
        *,
        intro: str = "",
        ok_text: str = "保存",
        min_width: int = 460,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self.on_submit = on_submit
        self.result_changes: Changes | None = None
        self._getters: dict[str, Callable[[], Any]] = {}
        self._widgets: dict[str, QWidget] = {}
        self._errors: dict[str, FieldError] = {}
        self._aliases: dict[str, str] = {}
        self._dirty = False
        self._shown = False
        outer = QVBoxLayout(self)
        if intro:
            outer.addWidget(hint(intro))
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        self.general_error = FieldError()
        outer.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        chinese_buttons(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    # -- building -------------------------------------------------------------------------
    def add(self, name: str, label: str, widget: QWidget, getter: Callable[[], Any], *, aliases: Sequence[str] = ()) -> QWidget:
        box, error = with_field_error(widget)
        self.form.addRow(label, box)
        self._getters[name] = getter
        self._widgets[name] = widget
        self._errors[name] = error
        for alias in aliases:
            self._aliases[alias] = name
        self._watch(widget)
        return widget

    def _watch(self, widget: QWidget) -> None:
        for signal_name in ("textChanged", "valueChanged", "dateChanged", "currentIndexChanged", "toggled"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(self._mark_dirty)
                return

    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True

    def add_text(self, name: str, label: str, value: str = "", *, multiline: bool = False, placeholder: str = "") -> QWidget:
        if multiline:
            edit = QPlainTextEdit(value)
            edit.setPlaceholderText(placeholder)
            edit.setMinimumHeight(80)
            edit.setTabChangesFocus(True)
            return self.add(name, label, edit, edit.toPlainText)
        line = QLineEdit(value)
        line.setPlaceholderText(placeholder)
        return self.add(name, label, line, line.text)

    def add_date(self, name: str, label: str, value: date | str | None = None, *, optional: bool = False,
                 default: date | None = None) -> DateEdit:
        """``default``: where typing into an empty optional field, or its calendar, starts (today)."""
        edit = DateEdit(value, optional=optional, default=default)
        self.add(name, label, edit, edit.value)
        return edit

    def add_combo(self, name: str, label: str, choices: Sequence[tuple[Any, str]], current: Any = None) -> QComboBox:
        box = combo(choices, current)
        self.add(name, label, box, box.currentData)
        return box

    def add_int(self, name: str, label: str, value: int = 0, maximum: int = 100000, suffix: str = "") -> QSpinBox:
        box = spin(value, maximum, suffix=suffix)
        self.add(name, label, box, box.value)
        return box

    def add_score(self, name: str, label: str, value: float = 90.0) -> QDoubleSpinBox:
        box = score_box(value)
        self.add(name, label, box, box.value)
        return box

    def add_check(self, name: str, label: str, text: str, checked: bool = False) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(checked)
        self.add(name, label, box, box.isChecked)
        return box

    def add_note(self, text: str) -> QLabel:
        label = hint(text)
        self.form.addRow("", label)
        return label

    def field(self, name: str) -> QWidget:
        return self._widgets[name]

    # -- behaviour ------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        if not self._shown:
            self._shown = True
            self._dirty = False  # filling in the initial values is not an edit
        super().showEvent(event)

    def values(self) -> dict[str, Any]:
        return {name: getter() for name, getter in self._getters.items()}

    def show_error(self, error: DomainError) -> None:
        for label in self._errors.values():
            label.show_text("")
        self.general_error.show_text("")
        name = self._aliases.get(error.field or "", error.field or "")
        if name in self._errors:
            self._errors[name].show_text(str(error))
            self._widgets[name].setFocus()
        else:
            self.general_error.show_text(str(error))

    def submit(self) -> None:
        try:
            changes = self.on_submit(self.values())
        except DomainError as error:
            self.show_error(error)
            return
        self.result_changes = changes
        self._dirty = False
        self.accept()

    def reject(self) -> None:
        if self._dirty and not ask(self, "填写的内容还没有保存，确定要放弃吗？", title="放弃修改", yes="放弃", no="继续填写"):
            return
        self._dirty = False
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self._dirty and not ask(self, "填写的内容还没有保存，确定要放弃吗？", title="放弃修改", yes="放弃", no="继续填写"):
            event.ignore()
            return
        self._dirty = False
        super().closeEvent(event)


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
