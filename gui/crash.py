"""Programming errors go to a crash dialog and a log file; rule refusals are shown as messages."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from core.errors import DomainError
from gui.paths import log_dir


def write_crash_log(text: str) -> Path | None:
    try:
        path = log_dir() / f"错误报告-{datetime.now():%Y%m%d-%H%M%S}.log"
        path.write_text(text, encoding="utf-8")
        return path
    except OSError:
        return None


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """A rule refusal that escaped a handler is shown as its message; anything else is a bug."""
    from PySide6.QtWidgets import QApplication

    from gui import widgets

    if isinstance(error, DomainError):
        widgets.warn(QApplication.activeWindow(), str(error))
        return
    text = "".join(traceback.format_exception(kind, error, tb))
    if sys.__stderr__ is not None:
        sys.__stderr__.write(text)
    path = write_crash_log(text)
    if QApplication.instance() is not None:
        show_crash_dialog(text, path)


def show_crash_dialog(text: str, path: Path | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    parent = QApplication.activeWindow()
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("程序出错")
    where = f"错误详情已保存到：\n{path}" if path else "错误详情未能保存到日志文件。"
    box.setText("很抱歉，程序遇到了一个内部错误，刚才的操作可能没有完成。\n已经保存的数据不受影响。")
    box.setInformativeText(where + "\n\n请把这个文件发给技术支持人员。")
    box.setDetailedText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText("确定")
    box.exec()


_fault_log = None  # kept open for the whole run: faulthandler writes into it when the process dies


def install() -> None:
    sys.excepthook = excepthook
    _enable_fault_log()


def _enable_fault_log() -> None:
    """A hard crash inside Qt or pdfium ends the process without a Python exception; faulthandler
    still writes every thread's stack into 日志/崩溃记录.log so that support can see where."""
    import faulthandler

    global _fault_log
    try:
        _fault_log = (log_dir() / "崩溃记录.log").open("a", encoding="utf-8")
        _fault_log.write(f"\n== 程序启动 {datetime.now():%Y-%m-%d %H:%M:%S}\n")
        _fault_log.flush()
        faulthandler.enable(_fault_log)
    except (OSError, RuntimeError):
        _fault_log = None
