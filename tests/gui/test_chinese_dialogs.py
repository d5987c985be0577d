"""Qt's own dialogs and menus speak Chinese: every text the file dialog, the print dialog (with its
options and 属性), message boxes, progress dialogs, the date picker and the edit menus look up has a
Chinese translation, from ``qtbase_zh_CN`` or from ``gui.qt_chinese`` where that lacks one."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTimer, QTranslator
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QTabWidget,
    QTextBrowser,
    QToolButton,
)

from gui import file_dialogs
from gui.app import install_chinese
from tests.gui.conftest import OFFSCREEN_NOISE

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Looked up but not shown as words: a layout switch and a progress format.
NOT_SHOWN = {("QGuiApplication", "QT_LAYOUT_DIRECTION"), ("QProgressBar", "%p%")}
# Names kept as they are in Chinese programs too: keys as printed on the keyboard (Ctrl+Z) and paper
# sizes without a Chinese name (JIS B5, ANSI C; those with one read “美国信纸 (Letter)”).
AS_THEY_ARE = {"QShortcut", "QPageSize"}


class Lookups(QTranslator):
    """Records what Qt asks to translate and answers nothing, so the real translators still answer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.asked: set[tuple[str, str]] = set()

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        self.asked.add((context, source_text))
        return None  # a null string: Qt asks the next translator (an empty one would be taken as the text)

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def lookups(qapp: QApplication) -> Any:
    install_chinese(qapp)
    recorder = Lookups(qapp)
    qapp.installTranslator(recorder)  # asked first: it sees every lookup
    yield recorder
    qapp.removeTranslator(recorder)


def untranslated(asked: set[tuple[str, str]]) -> list[tuple[str, str]]:
    left = []
    for context, source in sorted(asked - NOT_SHOWN):
        if context in AS_THEY_ARE:
            continue
        if ENGLISH.search(source) and QCoreApplication.translate(context, source) == source:
            left.append((context, source))
    return left


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, r"^This plugin does not support raise\(\)$")
def test_qt_dialogs_and_menus_have_chinese_for_every_text(lookups: Lookups, qtbot: Any,
                                                          monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    def shown(dialog: QFileDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        dialog.reject()
        return 0

    monkeypatch.setattr(QFileDialog, "exec", shown)
    file_dialogs.open_file_name(None, "选择名册", str(tmp_path), "名册文件 (*.xlsx *.xls *.csv)")
    file_dialogs.save_file_name(None, "另存为", str(tmp_path / "名单.pdf"), "PDF 文件 (*.pdf)")
    file_dialogs.existing_directory(None, "选择照片文件夹", str(tmp_path))

    printer = QPrinter()  # kept: the dialog only points at it
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    for button in dialog.findChildren(QAbstractButton):
        if "选项" in button.text():
            button.click()
    properties = next(b for b in dialog.findChildren(QAbstractButton) if "属性" in b.text())
    seen: list[str] = []

    def look_at_properties() -> None:
        window = QApplication.activeModalWidget()
        if window is not None and window is not dialog:
            seen.append(window.windowTitle())
            for tabs in window.findChildren(QTabWidget):
                for index in range(tabs.count()):
                    tabs.setCurrentIndex(index)
                    QApplication.processEvents()
            window.close()

    if properties.isEnabled():
        QTimer.singleShot(100, look_at_properties)
        properties.click()
    dialog.reject()

    box = QMessageBox(QMessageBox.Icon.Warning, "无法启动", "启动参数有误，程序没有打开。",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    box.show()
    progress = QProgressDialog("正在生成“示范岗标牌”……", "取消", 0, 100)
    qtbot.addWidget(progress)
    progress.show()
    edits = (QLineEdit("长安街道党工委"), QPlainTextEdit(), QTextBrowser())
    menus = [edit.createStandardContextMenu() for edit in edits]
    from gui.widgets.fields import DateEdit

    picker = DateEdit(date(2026, 11, 21))
    qtbot.addWidget(picker)
    picker.show()
    calendar = picker.calendarWidget()
    calendar.show()
    QApplication.processEvents()

    assert untranslated(lookups.asked) == []
    assert not properties.isEnabled() or seen == ["打印机属性"]
    assert [a.text().split("\t")[0] for a in menus[0].actions() if a.text()][:6] == \
        ["撤消(&U)", "重做(&R)", "剪切(&T)", "复制(&C)", "粘贴(&P)", "删除"]
    assert "十一月" in [b.text() for b in calendar.findChildren(QToolButton)]
    assert [b.text() for b in box.buttons()] == ["确定", "取消"]
    for widget in (box, progress, calendar):
        widget.close()
