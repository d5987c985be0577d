"""The 帮助 menu: the 操作流程 guide (F1 opens it at the section of the page in view), the roster
template to save, and 关于 (version; where the data, backups and logs are).

The guide's text is ``resources/help/guide.html``: one section per step of the seeds' setup
procedure and of the year's work, and one per page, whose anchor is the page's key in
``gui.main_window.PAGES``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.resources import resource_path
from core.store import Store
from gui import file_dialogs, widgets
from gui.screen import fit_dialog

GUIDE = ("help", "guide.html")


def guide_html() -> str:
    path = resource_path(*GUIDE)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return "<p>找不到操作流程说明文件（resources/help/guide.html），请重新安装本程序。</p>"


class GuideDialog(QDialog):
    """The 操作流程 guide, beside the window (not modal): the clerk reads a step and does it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("操作流程")
        self.resize(860, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html())
        layout.addWidget(self.browser, 1)
        buttons = QHBoxLayout()
        template = QPushButton("保存党员名册模板…", self)
        template.clicked.connect(lambda: save_roster_template(self))
        buttons.addWidget(template)
        buttons.addStretch(1)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.section = ""

    def show_section(self, key: str) -> None:
        """Show the guide at ``key``'s section (a page key, or "start", "setup", "year" …)."""
        self.section = key
        if not self.isVisible():
            fit_dialog(self)
        self.show()
        self.raise_()
        self.activateWindow()
        # The anchor's position is known once the text is laid out at the shown width.
        QTimer.singleShot(0, lambda: self.browser.scrollToAnchor(key))


def save_roster_template(parent: QWidget) -> str:
    """Ask where to save the roster template and write it there; returns the path ("" when cancelled)."""
    from core import roster
    from core.errors import DomainError

    start = widgets.file_start_path("excel", roster.TEMPLATE_FILE_NAME, owner=parent)
    path = file_dialogs.save_file_name(parent, "保存党员名册模板", start, "Excel 工作簿 (*.xlsx)")
    if not path:
        return ""
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    widgets.remember_file_folder("excel", path, owner=parent)
    try:
        roster.write_roster_template(path)
    except DomainError as error:
        widgets.warn(parent, str(error), "无法保存模板")
        return ""
    widgets.info(parent, f"党员名册模板已保存：\n{path}\n\n带 * 的列必须填写；填好后在“组织与党员”页点“导入党员名册…”导入。"
                         "“填写说明”工作表里有详细说明。", "党员名册模板")
    return path


class AboutDialog(QDialog):
    """关于: the version, and where the database, the data folder, the backups and the logs are."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        from core import backup
        from core.errors import DomainError
        from core.paths import user_data_dir
        from core.version import VERSION
        from gui.paths import log_dir

        super().__init__(parent)
        self.setWindowTitle("关于")
        layout = QVBoxLayout(self)
        title = QLabel(f"党员示范岗创建管理系统　版本 {VERSION}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(widgets.hint("用于街道（镇）党（工）委、医院党委开展“党员示范岗”创建活动：设岗程序、群众监督、动态管理、五评和台账。"))
        try:
            backups: Path | str = backup.backup_dir(store) if store.path is not None else "（内存数据库没有备份）"
        except DomainError as error:
            backups = error.message
        self.places: dict[str, Path | str] = {
            "数据库文件": store.path or "内存",
            "数据文件夹": user_data_dir(),
            "备份文件夹": backups,
            "日志文件夹": log_dir(),
        }
        grid = QGridLayout()
        for row, (label, where) in enumerate(self.places.items()):
            grid.addWidget(QLabel(f"{label}："), row, 0)
            value = QLabel(str(where))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
            if label != "数据库文件" and isinstance(where, Path):
                button = QPushButton("打开", self)
                button.setToolTip(f"在文件管理器中打开{label}")
                button.clicked.connect(lambda _checked=False, folder=where: open_folder(folder))
                grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addWidget(widgets.hint("出错时请把“日志文件夹”里的错误报告发给技术支持人员；换电脑时用“文件”→“备份与恢复…”备份到U盘。"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        widgets.chinese_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)


def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


__all__ = ["AboutDialog", "GuideDialog", "guide_html", "open_folder", "save_roster_template"]
