"""The main window: menu bar, toolbar, navigation list on the left, pages on the right, status bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QColor, QIcon, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.errors import DomainError
from core.resources import resource_path
from gui.screen import place_main_window, restore_main_window

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from core.store import Changes
    from gui.context import AppContext
    from gui.worker import TaskRunner

# Qt.ItemDataRole.UserRole as a plain number: this module is imported before the window shows
# and avoids building the Qt namespace's enums until the pages load.
USER_ROLE = 256


class PageSpec(NamedTuple):
    key: str
    title: str
    module: str
    cls: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", "工作台", "gui.pages.dashboard", "DashboardPage"),
    PageSpec("members", "组织与党员", "gui.pages.members", "MembersPage"),
    PageSpec("posts", "示范岗", "gui.pages.posts", "PostsPage"),
    PageSpec("evaluation", "岗前测评", "gui.pages.evaluation", "EvaluationPage"),
    PageSpec("publicity", "岗位公示", "gui.pages.publicity", "PublicityPage"),
    PageSpec("confirmation", "确定岗位", "gui.pages.confirmation", "ConfirmationPage"),
    PageSpec("management", "动态管理", "gui.pages.management", "ManagementPage"),
    PageSpec("supervision", "群众监督", "gui.pages.supervision", "SupervisionPage"),
    PageSpec("reviews", "五评", "gui.pages.reviews", "ReviewsPage"),
    PageSpec("revocation", "撤销与收牌", "gui.pages.revocation", "RevocationPage"),
    PageSpec("highlights", "宣传典型", "gui.pages.highlights", "HighlightsPage"),
    PageSpec("print", "打印中心", "gui.print_centre", "PrintCentrePage"),
    PageSpec("settings", "设置", "gui.pages.settings", "SettingsPage"),
)


class PlaceholderPage(QWidget):
    """Shown in place of a page whose module is missing from an incomplete installation."""

    def __init__(self, title: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        from PySide6.QtCore import Qt

        label = QLabel(f"“{title}”功能暂不可用。\n\n{reason}")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 15px; color: #555555;")
        layout.addWidget(label)

    def refresh(self) -> None:
        """Nothing to refresh."""


class MainWindow(QMainWindow):
    """Built in two steps so it appears at once: the frame (menus, navigation) first, then
    ``attach()`` with the open database fills the pages."""

    def __init__(self, ctx: AppContext | None = None, *, db_label: str = "") -> None:
        super().__init__()
        self.ctx: AppContext = None  # type: ignore[assignment]
        self.db_label = db_label
        self._runner: TaskRunner | None = None
        self._shown_key: str | None = None
        self._guide: Any = None
        self.pages: dict[str, QWidget] = {}
        self.setWindowTitle("党员示范岗创建管理系统")
        icon = resource_path("icons", "app.png")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(130)
        self.nav.setIconSize(QSize(0, 0))
        # Palette and font rather than a style sheet: a style sheet before the first frame costs
        # ~10 ms of style set-up, and the navigation is the first thing on screen.
        palette = self.nav.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#f4f1ec"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#c8102e"))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
        self.nav.setPalette(palette)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.nav.setFont(font)
        for spec in PAGES:
            item = QListWidgetItem("  " + spec.title)
            item.setData(USER_ROLE, spec.key)
            item.setSizeHint(QSize(120, 36))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.loading = QLabel("正在打开数据库……")
        self.loading.setFont(font)
        self.stack.addWidget(self.loading)
        self._slots: dict[str, QWidget] = {}
        for spec in PAGES:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._slots[spec.key] = holder
            self.stack.addWidget(holder)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([150, 1100])
        self.setCentralWidget(self.splitter)
        self._shortcuts: list[tuple[QAction, str]] = []
        self._build_actions()
        self.status_db = QLabel()
        self.status_today = QLabel()
        self.statusBar().addPermanentWidget(self.status_db)
        self.statusBar().addPermanentWidget(self.status_today)
        self.menuBar().setEnabled(False)
        self.toolbar.setEnabled(False)
        self.nav.setEnabled(False)
        # Sized to the screen: maximized where the preferred size does not fit (1366×768 and below).
        self.start_maximized = place_main_window(self)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Connect the open database: restore the window's state and show the first page."""
        from PySide6.QtGui import QKeySequence

        self.ctx = ctx
        for action, shortcut in self._shortcuts:
            action.setShortcut(QKeySequence(shortcut))
        self.setWindowTitle(self._title(self.db_label))
        path = ctx.store.path
        self.status_db.setText(f"数据库：{path}" if path else "数据库：内存")
        self.status_today.setText(f"今天：{ctx.store.today().isoformat()}")
        self.statusBar().showMessage("就绪", 3000)
        ctx.status.connect(self.show_status)
        ctx.navigate.connect(self.go_to)
        ctx.changed.connect(self._on_changed)
        self.menuBar().setEnabled(True)
        self.toolbar.setEnabled(True)
        self.nav.setEnabled(True)
        self.nav.currentRowChanged.connect(self._on_nav)
        self._restore_state()
        self.nav.setCurrentRow(0)
        self._on_nav(0)

    @property
    def runner(self) -> TaskRunner:
        """The single worker for long jobs, created on first use."""
        if self._runner is None:
            from gui.worker import TaskRunner

            self._runner = TaskRunner(self)
        return self._runner

    # -- construction ---------------------------------------------------------------------
    def _title(self, db_label: str) -> str:
        try:
            org = self.ctx.store.organization()["name"]
        except DomainError:  # no organization yet
            org = ""
        parts = ["党员示范岗创建管理系统", org, db_label]
        return " — ".join(p for p in parts if p)

    def _action(self, text: str, slot: Any, shortcut: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            # Applied in attach(): building QKeySequence's enums costs ~30 ms before the first frame.
            self._shortcuts.append((action, shortcut))
        action.setStatusTip(tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addAction(self._action("导入党员名册…", self.import_roster, "Ctrl+I", "从Excel或CSV名册导入党员"))
        file_menu.addAction(self._action("备份与恢复…", self.backup, "Ctrl+B", "备份数据库或从备份恢复"))
        file_menu.addAction(self._action("交换包…", self.exchange, tip="向区委报送本单位数据，或合并多个单位的交换包"))
        file_menu.addAction(self._action("检查数据库", self.check_database, tip="检查数据完整性和操作日志"))
        file_menu.addAction(self._action("操作记录…", self.audit_log, tip="查看何人何时做了哪些修改，可按日期、操作和关键字查询并导出"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("退出", self.close, "Ctrl+Q", "关闭程序"))
        work_menu = bar.addMenu("业务(&W)")
        self.act_member = self._action("新增党员…", lambda: self._page_call("members", "add_member"), "Ctrl+N", "登记一名党员")
        self.act_nominate = self._action("提名示范岗…", lambda: self._page_call("posts", "nominate"), "Ctrl+Shift+N",
                                         "岗位设置：酝酿讨论并提名示范岗")
        self.act_refresh = self._action("刷新", self.refresh_all, "F5", "重新读取所有页面的数据")
        work_menu.addAction(self.act_member)
        work_menu.addAction(self.act_nominate)
        work_menu.addAction(self._action("新建创建年度…", lambda: self._page_call("posts", "new_year"), tip="建立新的创建年度"))
        work_menu.addAction(self._action("新建批次…", lambda: self._page_call("posts", "new_batch"), tip="在当前年度下新建批次"))
        work_menu.addSeparator()
        work_menu.addAction(self.act_refresh)
        view_menu = bar.addMenu("页面(&P)")
        for i, spec in enumerate(PAGES):
            shortcut = f"Ctrl+{i + 1}" if i < 9 else None
            view_menu.addAction(self._action(spec.title, lambda key=spec.key: self.go_to(key), shortcut, f"打开“{spec.title}”页"))
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self._action("操作流程", self.guide, "F1", "设岗程序和一年的工作怎样在本程序中完成（打开当前页面的说明）"))
        help_menu.addAction(self._action("党员名册模板…", self.roster_template, tip="保存一份可以直接填写、再导入的党员名册 Excel 模板"))
        help_menu.addSeparator()
        help_menu.addAction(self._action("关于", self.about, tip="程序版本，数据、备份和日志的位置"))
        toolbar = QToolBar("常用操作")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.act_member)
        toolbar.addAction(self.act_nominate)
        toolbar.addSeparator()
        toolbar.addAction(self._action("工作台", lambda: self.go_to("dashboard")))
        toolbar.addAction(self._action("打印中心", lambda: self.go_to("print"), "Ctrl+P", "打印标牌、胸牌、测评表和公示"))
        toolbar.addSeparator()
        toolbar.addAction(self.act_refresh)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    # -- navigation -----------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page widget for ``key``, created on first use."""
        if key in self.pages:
            return self.pages[key]
        spec = next(s for s in PAGES if s.key == key)
        try:
            module = importlib.import_module(spec.module)
        except ModuleNotFoundError:
            widget: QWidget = PlaceholderPage(spec.title, f"{spec.title}模块尚未安装或正在更新，请稍后再试。其他功能不受影响。")
        else:
            widget = getattr(module, spec.cls)(self.ctx, self)
        layout = self._slots[key].layout()
        assert layout is not None  # each slot is made with its layout
        layout.addWidget(widget)
        self.pages[key] = widget
        return widget

    def _leave_ok(self, key: str | None) -> bool:
        """Typed but unsaved entries on a page are not dropped silently when leaving it."""
        page = self.pages.get(key or "")
        unsaved = getattr(page, "has_unsaved", None)
        if unsaved is None or not unsaved():
            return True
        from gui import widgets

        title = next(s.title for s in PAGES if s.key == key)
        return widgets.ask(self, f"“{title}”页有填写了但还没有保存的内容，离开后这些内容不会保存。确定离开吗？",
                           title="尚未保存", yes="离开", no="留在本页")

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        key = PAGES[row].key
        if self._shown_key not in (None, key) and not self._leave_ok(self._shown_key):
            previous = next(i for i, s in enumerate(PAGES) if s.key == self._shown_key)
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(previous)
            self.nav.blockSignals(False)
            return
        self._shown_key = key
        self.page(key)
        self.stack.setCurrentWidget(self._slots[key])
        self.ctx.qsettings.setValue("window/page", key)

    def go_to(self, key: str, entity_id: Any = None) -> None:
        index = next((i for i, s in enumerate(PAGES) if s.key == key), 0)
        self.nav.setCurrentRow(index)
        if entity_id is not None:
            page = self.page(key)
            focus = getattr(page, "focus_entity", None)
            if focus is not None:
                focus(entity_id)

    def current_key(self) -> str:
        return PAGES[max(0, self.nav.currentRow())].key

    def _page_call(self, key: str, method: str) -> None:
        self.go_to(key)
        getattr(self.page(key), method)()

    def _on_changed(self, changes: Changes) -> None:
        if "organization" in changes.tables:
            self.setWindowTitle(self._title(""))

    def refresh_all(self) -> None:
        for key, page in self.pages.items():
            mark = getattr(page, "mark_stale", None)
            if mark is not None:
                mark()
            elif key == self.current_key() and hasattr(page, "refresh"):
                page.refresh()
        self.show_status("已刷新。")

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    # -- menu actions ---------------------------------------------------------------------
    def _external_dialog(self, module_name: str, cls_name: str, title: str) -> None:
        """A 文件-menu dialog. When it closes, the pages refresh from the ``Changes`` of what it did
        (its ``changes``) and the status bar tells it; nothing at all when nothing was done."""
        from gui import widgets
        from gui.actions import notify_all

        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            widgets.info(self, f"“{title}”功能模块尚未安装或正在更新，请稍后再试。")
            return
        dialog = getattr(module, cls_name)(self.ctx.store, self)
        widgets.exec_dialog(dialog)
        notify_all(self.ctx, dialog.changes)

    def import_roster(self) -> None:
        self._external_dialog("gui.import_dialog", "RosterImportDialog", "导入党员名册")

    def backup(self) -> None:
        self._external_dialog("gui.backup_dialog", "BackupDialog", "备份与恢复")

    def exchange(self) -> None:
        self._external_dialog("gui.package_dialog", "PackageDialog", "交换包")

    def check_database(self) -> None:
        from gui import widgets

        if self.ctx.store.path is None:
            widgets.info(self, "内存数据库无需检查。")
            return
        from core.check import check_database
        from gui.worker import with_own_store

        work = with_own_store(self.ctx.store, "正在检查数据库……", check_database)

        def done(report: Any) -> None:
            if report.ok:
                widgets.info(self, "检查通过：数据库完好。\n\n" + "\n".join(report.facts), "检查数据库")
            else:
                widgets.warn(self, "发现以下问题：\n" + "\n".join(report.problems), "检查数据库")

        self.runner.run(self, "正在检查数据库……", work, done)

    def audit_log(self) -> None:
        self._external_dialog("gui.audit_dialog", "AuditDialog", "操作记录")

    def guide(self, section: str = "") -> None:
        """The 操作流程 guide beside the window, at ``section`` (by default the page in view)."""
        from gui.help import GuideDialog

        if self._guide is None:
            self._guide = GuideDialog(self)
        self._guide.show_section(section or self.current_key())

    def roster_template(self) -> None:
        from gui.help import save_roster_template

        save_roster_template(self)

    def about(self) -> None:
        from gui import widgets
        from gui.help import AboutDialog

        widgets.exec_dialog(AboutDialog(self.ctx.store, self))

    # -- state ----------------------------------------------------------------------------
    def _restore_state(self) -> None:
        from PySide6.QtCore import QByteArray

        restore_main_window(self, self.ctx.qsettings.value("window/geometry"))
        split = self.ctx.qsettings.value("window/splitter")
        if isinstance(split, QByteArray):
            self.splitter.restoreState(split)

    def save_state(self) -> None:
        self.ctx.qsettings.setValue("window/geometry", self.saveGeometry())
        self.ctx.qsettings.setValue("window/splitter", self.splitter.saveState())
        for page in self.pages.values():
            save = getattr(page, "save_state", None)
            if save is not None:
                save()
        self.ctx.qsettings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx is not None and not all(self._leave_ok(key) for key in list(self.pages)):
            event.ignore()
            return
        if self.ctx is not None:
            self.save_state()
        for page in self.pages.values():
            shutdown = getattr(page, "shutdown", None)
            if shutdown is not None:
                shutdown()  # a page's work on the worker (the print centre's documents, a print job) stops with the window
        if self._runner is not None:
            self._runner.shutdown()
        super().closeEvent(event)

    def show_every_page(self, done: Callable[[], None]) -> None:
        """Show each page once, one page per turn of the event loop so each lays out and paints
        (the smoke test), then the first page again and ``done()``."""
        from PySide6.QtCore import QTimer

        def show(row: int) -> None:
            if row == len(PAGES):
                self.nav.setCurrentRow(0)
                done()
                return
            self.nav.setCurrentRow(row)
            QTimer.singleShot(0, lambda: show(row + 1))

        show(0)
