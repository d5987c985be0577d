"""Open the window on a small screen and report what would not fit (run by test_screen_fit.py).

Run as its own process, because Qt fixes the screen when the application starts:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.gui.screen_probe DATABASE

``screen.json`` describes one screen (``{"screens": [{"width": 1280, "height": 720, ...}]}``). The
window is shown as the program shows it; every page is visited; every button of a page whose text
ends in "…" is pressed (with the first row of each table selected), and so is every such menu
command and 关于: each dialog they open, message boxes and Qt's own file and print dialogs included,
is measured in place of being answered, then cancelled. Prints one JSON object: the screen, the
dialogs seen and the problems found (a window or dialog larger than the screen with its frame, a
control outside the screen, cut off by its parent, or narrower than its text).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

TODAY = date(2026, 11, 21)
ROWS_TRIED = 40
ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Words Chinese offices use as they are: file kinds, and key names as printed on the keyboard.
KEPT_WORDS = {"Excel", "PDF", "CSV", "GBK", "JPEG", "xlsx", "xls", "csv", "pdf", "jpg", "png", "sfgpkg", "zwq", "Ctrl", "Shift",
              "Tab"}
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


class Probe:
    def __init__(self, app: QApplication) -> None:
        from gui.screen import FRAME_ALLOWANCE, available_area

        self.app = app
        self.area = available_area()
        self.frame = FRAME_ALLOWANCE
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.opened = 0

    def settle(self) -> None:
        for _ in range(4):
            self.app.processEvents()

    def check_window(self, window: QWidget, where: str) -> None:
        outer = window.frameGeometry() if window.isMaximized() else window.geometry().marginsAdded(self.frame)
        if outer.width() > self.area.width() or outer.height() > self.area.height():
            self.problems.append(f"{where}：窗口连边框 {outer.width()}×{outer.height()}，超出屏幕可用区域 "
                                 f"{self.area.width()}×{self.area.height()}")
        self.check_controls(window, where)
        self.check_words(window, where)

    def check_words(self, top: QWidget, where: str) -> None:
        """No English word a clerk would read: labels, buttons, group titles, tabs, table headers."""
        texts = [top.windowTitle()]
        for widget in top.findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, (QLabel, QAbstractButton)):
                texts.append(widget.text())
            elif isinstance(widget, QGroupBox):
                texts.append(widget.title())
            elif isinstance(widget, QTabWidget):
                texts += [widget.tabText(i) for i in range(widget.count())]
            elif isinstance(widget, QHeaderView) and widget.model() is not None:
                texts += [str(widget.model().headerData(i, widget.orientation())) for i in range(widget.count())]
        for text in texts:
            # tags, paths and codes such as the placard number SFG2025003 are not words
            plain = re.sub(r"<[^>]+>|[A-Za-z]:?[\\/][^\s“”）)]*|/[^\s“”）)]+|[A-Za-z]+\d+", "", text or "")
            words = [w for w in ENGLISH.findall(plain) if w not in KEPT_WORDS]
            if words:
                self.problems.append(f"{where}：英文“{'、'.join(words)}”（{plain[:40]}）")

    def check_controls(self, top: QWidget, where: str) -> None:
        for control in top.findChildren(QWidget):
            if not isinstance(control, CONTROLS) or not control.isVisible() or _scrolled(control, top):
                continue
            name = _name(control)
            rect = QRect(control.mapToGlobal(QPoint(0, 0)), control.size())
            if not self.area.contains(rect):
                self.problems.append(f"{where}：“{name}”在屏幕之外（{rect.x()},{rect.y()} {rect.width()}×{rect.height()}）")
            elif _clipped(control, top):
                self.problems.append(f"{where}：“{name}”被所在的区域截去了一部分（{_path(control, top)}）")
            if isinstance(control, QAbstractButton) and control.text() and control.width() < control.minimumSizeHint().width():
                self.problems.append(f"{where}：按钮“{name}”太窄，文字显示不全")

    def measure(self, dialog: QDialog) -> int:
        """Stands in for the modal loop: show, check every tab, close."""
        title = dialog.windowTitle() or type(dialog).__name__
        if isinstance(dialog, QMessageBox):
            title += f"：{dialog.text()[:30]}"
        else:
            self.opened += 1
        if title not in self.dialogs:
            self.dialogs.append(title)
        dialog.show()
        self.settle()
        tabs = [t for t in dialog.findChildren(QTabWidget) if t.isVisible()]
        if not tabs:
            self.check_window(dialog, f"对话框“{title}”")
        for tab in tabs:
            for index in range(tab.count()):
                tab.setCurrentIndex(index)
                self.settle()
                self.check_window(dialog, f"对话框“{title}”的“{tab.tabText(index)}”页")
        dialog.reject()
        dialog.hide()
        return 0


def _scrolled(control: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport (reached by scrolling; the scroll area itself is checked)."""
    parent = control.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(control):
            return True
        parent = parent.parentWidget()
    return False


def _clipped(control: QWidget, top: QWidget) -> bool:
    """Part of the control lies outside one of the widgets it sits in (cut off by a too small parent)."""
    rect = QRect(control.mapToGlobal(QPoint(0, 0)), control.size())
    parent = control.parentWidget()
    while parent is not None:
        rect = rect.intersected(QRect(parent.mapToGlobal(QPoint(0, 0)), parent.size()))
        if parent is top:
            break
        parent = parent.parentWidget()
    return rect.size() != control.size()


def _path(control: QWidget, top: QWidget) -> str:
    parts = []
    widget: QWidget | None = control
    while widget is not None and widget is not top:
        parts.append(f"{type(widget).__name__} {widget.width()}×{widget.height()}")
        widget = widget.parentWidget()
    return " ← ".join(parts)


def _name(control: QWidget) -> str:
    text = getattr(control, "text", None)
    shown = text() if callable(text) else ""
    return shown or getattr(control, "placeholderText", lambda: "")() or type(control).__name__


def _select(view: QAbstractItemView, row: int) -> None:
    """A row of a table; in a tree, the first record under its top."""
    model = view.model()
    if not view.isVisible() or model is None or model.rowCount() <= row or view.selectionModel() is None:
        return
    if isinstance(view, QTableView):
        view.selectRow(row)
        return
    first = model.index(row, 0)
    if isinstance(view, QTreeView) and model.rowCount(first):
        first = model.index(0, 0, first)
    view.setCurrentIndex(first)


def _press_dialog_buttons(window: Any, probe: Probe) -> None:
    """On every page, each "…" button once, tried with the rows of each table selected in turn
    until it is enabled (a record's buttons depend on its stage)."""
    from gui.main_window import PAGES

    for spec in PAGES:
        window.go_to(spec.key)
        probe.settle()
        page = window.page(spec.key)
        if hasattr(page, "generate") and hasattr(page, "wait"):  # the print centre: a document, so 打印… is enabled
            page.generate()
            page.wait(120)
            probe.settle()
        probe.check_window(window, f"“{spec.title}”页")
        pressed: set[str] = set()
        views = [v for v in page.findChildren(QAbstractItemView) if not isinstance(v, QHeaderView)]
        # Trees first: choosing a unit narrows the tables beside it.
        for view in sorted(views, key=lambda v: isinstance(v, QTableView)):
            _select(view, 0)
        _press_new_buttons(window, spec.key, page, pressed, probe)
        for view in views:
            if isinstance(view, QTableView) and view.isVisible() and view.model() is not None:
                for row in range(1, min(view.model().rowCount(), ROWS_TRIED)):
                    _select(view, row)
                    probe.settle()
                    _press_new_buttons(window, spec.key, page, pressed, probe)


def _press_new_buttons(window: Any, key: str, page: QWidget, pressed: set[str], probe: Probe) -> None:
    """Press the page's enabled "…" buttons not yet seen opening a dialog (a message such as
    “请先选择……” does not count: the button is tried again with another row)."""
    for button in page.findChildren(QPushButton):
        text = button.text()
        if text.endswith("…") and text not in pressed and button.isVisible() and button.isEnabled():
            opened = probe.opened
            button.click()
            probe.settle()
            if probe.opened > opened:
                pressed.add(text)
            if window.current_key() != key:
                window.go_to(key)
                probe.settle()


def _press_menu_commands(window: Any, probe: Probe) -> None:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else []:
            if action.text().endswith("…") or action.text() in {"关于"}:
                action.trigger()
                probe.settle()


def _open_other_dialogs(window: Any) -> None:
    """Dialogs no button of a page opens: the first start's, and the photo crop (after a file is chosen)."""
    from PySide6.QtGui import QImage

    from core.store import open_memory_store
    from gui import widgets
    from gui.dialogs.first_run import FirstRunDialog, StartDialog
    from gui.dialogs.photo_crop import PhotoCropDialog

    problem = "找不到文件夹“E:\\党建”，数据库“示范岗.db”无法打开。可能是路径输错了，或者U盘、移动硬盘、网络盘没有连接。"
    widgets.exec_dialog(StartDialog(window, problem=problem, target="C:\\Users\\办公室\\AppData\\Local\\sfg\\示范岗.db"))
    empty = open_memory_store()
    widgets.exec_dialog(FirstRunDialog(empty, window))
    empty.close()
    photo = QImage(900, 1200, QImage.Format.Format_RGB32)
    photo.fill(0xFFFFFF)
    widgets.exec_dialog(PhotoCropDialog(photo, window))


def main(db_path: str) -> int:
    from core.store import open_store
    from gui import widgets
    from gui.app import make_application
    from gui.context import AppContext
    from gui.main_window import MainWindow
    from gui.worker import worker_idle

    app = make_application()
    probe = Probe(app)
    widgets.run_modal = probe.measure  # type: ignore[assignment]
    QFileDialog.exec = lambda dialog: probe.measure(dialog)  # type: ignore[assignment,method-assign]
    store = open_store(db_path, clock=lambda: TODAY)
    folder = Path(db_path).parent
    window = MainWindow(AppContext(store, QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)))
    if window.start_maximized:
        window.showMaximized()
    else:
        window.show()
    probe.settle()
    _press_dialog_buttons(window, probe)
    _press_menu_commands(window, probe)
    window.guide("start")  # beside the window, not modal
    probe.settle()
    probe.dialogs.append(window._guide.windowTitle())
    probe.check_window(window._guide, "操作流程")
    _open_other_dialogs(window)
    worker_idle(60000)
    window.close()
    store.close()
    print(json.dumps({"screen": [probe.area.width(), probe.area.height()], "dialogs": probe.dialogs,
                      "problems": probe.problems}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
