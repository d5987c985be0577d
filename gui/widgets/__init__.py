"""Small building blocks shared by the pages: message boxes in Chinese and the modal loop, and (from
the modules below, imported here) the start folder of file dialogs, fields, tables and
``FormDialog``.

- ``folders``: where a file dialog starts (the last folder used for that kind of file, else 文档).
- ``fields``: the date field, choice and number boxes, hints, headings, buttons.
- ``table``: ``TableView``, a read-only table that remembers its column widths.
- ``form``: ``FormDialog``, which shows a rule's refusal next to its field.

Message boxes and ``exec_dialog`` live here and are looked up through this module at call time,
also by ``form``, so tests can replace them (a modal dialog would otherwise block the test).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget

from gui.screen import fit_dialog
from gui.widgets.fields import (
    EMPTY_DATE,
    DateEdit,
    button,
    combo,
    heading,
    hint,
    row_layout,
    score_box,
    set_combo,
    spin,
    to_qdate,
)
from gui.widgets.folders import FOLDER_KEY, documents_folder, file_start_path, remember_file_folder, window_settings
from gui.widgets.form import ERROR_STYLE, FieldError, FormDialog, with_field_error
from gui.widgets.table import CONTENT_ROWS, TableView

__all__ = [
    "CONTENT_ROWS",
    "EMPTY_DATE",
    "ERROR_STYLE",
    "FOLDER_KEY",
    "DateEdit",
    "FieldError",
    "FormDialog",
    "TableView",
    "ask",
    "button",
    "chinese_buttons",
    "combo",
    "documents_folder",
    "exec_dialog",
    "file_start_path",
    "heading",
    "hint",
    "info",
    "remember_file_folder",
    "row_layout",
    "run_modal",
    "score_box",
    "set_combo",
    "spin",
    "to_qdate",
    "warn",
    "window_settings",
    "with_field_error",
]


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
    member edited, over a day). Its Python attributes stay readable for the caller meanwhile.
    A dialog larger than the screen is shrunk to fit first (``gui.screen.fit_dialog``)."""
    try:
        fit_dialog(dialog)
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
