"""``FormDialog``: a dialog of named fields that hands its values to a core action (through
``gui.actions.run_action``), shows a rule's refusal next to the field it names, and asks before
throwing away typed changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.errors import DomainError
from gui import widgets
from gui.actions import run_action
from gui.widgets.fields import DateEdit, combo, hint, score_box, spin

if TYPE_CHECKING:
    from core.store import Changes
    from gui.context import AppContext

ERROR_STYLE = "color: #c0392b;"

_W = TypeVar("_W", bound=QWidget)


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
    """A dialog of named fields; ``submit`` hands ``values()`` to ``on_submit`` (a core action) and
    closes with its ``Changes`` in ``result_changes``, already broadcast through ``ctx``.

    A DomainError is shown next to the field it names (``error.field``) or under the form;
    cancelling with changes typed asks first. Without ``on_submit`` the dialog only collects values
    (a choice before the real form); without ``ctx`` (before the window has a database) nothing is
    broadcast.
    """

    def __init__(
        self,
        title: str,
        parent: QWidget | None,
        on_submit: Callable[[dict[str, Any]], Changes] | None,
        *,
        ctx: AppContext | None = None,
        intro: str = "",
        ok_text: str = "保存",
        min_width: int = 460,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self.ctx = ctx
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
        widgets.chinese_buttons(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    # -- building -------------------------------------------------------------------------
    def add(self, name: str, label: str, widget: _W, getter: Callable[[], Any], *, aliases: Sequence[str] = ()) -> _W:
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

    @overload
    def add_text(self, name: str, label: str, value: str = "", *, multiline: Literal[False] = False,
                 placeholder: str = "") -> QLineEdit: ...

    @overload
    def add_text(self, name: str, label: str, value: str = "", *, multiline: Literal[True],
                 placeholder: str = "") -> QPlainTextEdit: ...

    def add_text(self, name: str, label: str, value: str = "", *, multiline: bool = False,
                 placeholder: str = "") -> QLineEdit | QPlainTextEdit:
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
        if self.on_submit is not None:
            changes = run_action(self.ctx, self, self.on_submit, self.values())
            if changes is None:
                return  # refused: the reason is shown in the form
            self.result_changes = changes
        self._dirty = False
        self.accept()

    def reject(self) -> None:
        if self._dirty and not widgets.ask(self, "填写的内容还没有保存，确定要放弃吗？", title="放弃修改", yes="放弃", no="继续填写"):
            return
        self._dirty = False
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self._dirty and not widgets.ask(self, "填写的内容还没有保存，确定要放弃吗？", title="放弃修改", yes="放弃", no="继续填写"):
            event.ignore()
            return
        self._dirty = False
        super().closeEvent(event)
