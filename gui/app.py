"""Start-up of the window: arguments, Qt in Chinese, the lock, first run, smoke test.

``python main.py`` opens the office database in the user data directory; ``--db PATH`` another
one; ``--demo`` a freshly generated demo database in a temporary folder (the office database is
never touched); ``--smoke-test`` shows every page once, waits for the event loop to go idle,
prints the seconds since the process started and exits 0. It also checks the text services Qt
takes from ICU (whose data the Linux bundle trims, see tools/icu_trim.py) and exits 1 if one fails.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

# Only what the first frame needs: touching ``PySide6.QtCore.Qt`` builds every enum of the Qt
# namespace (~25 ms), so the modules imported before the window shows avoid it.
from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

import cli
from cli.parsing import ChineseArgumentParser

ORG_NAME = "sfg"
APP_NAME = "党员示范岗创建管理系统"


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="main.py", description=APP_NAME, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="不打开窗口的命令（各命令加 --help 查看用法）：\n" + cli.overview())
    parser.add_argument("database", nargs="?", help="要打开的数据库文件（把 .db 文件拖到程序图标上也一样）")
    parser.add_argument("--db", help="打开指定的数据库文件")
    parser.add_argument("--demo", action="store_true", help="用新生成的演示数据库打开（不影响本单位数据库）")
    parser.add_argument("--members", type=int, default=300, help="演示数据库的党员人数（默认300）")
    parser.add_argument("--org-type", choices=["street", "town", "hospital"], default="street", help="演示数据的组织类型")
    parser.add_argument("--smoke-test", action="store_true", help="打开每个页面后退出，打印启动耗时")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--page", help=argparse.SUPPRESS)
    return parser


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication in Chinese: locale, Qt's own translations, a readable font."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # High DPI: Qt 6 scales by the screen's factor without rounding (PassThrough) by default.
        app = QApplication([sys.argv[0], *(argv or [])])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    install_chinese(app)
    return app


def install_chinese(app: QApplication) -> None:
    """Chinese dates, month names and number formats (``QLocale``), and Qt's own texts in Chinese:
    its shipped translation, and before it what that translation lacks (``gui.qt_chinese``)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if getattr(app, "_sfg_translators", None):
        return
    from gui.qt_chinese import MissingChinese

    missing = MissingChinese(app)
    app.installTranslator(missing)  # asked after qtbase_zh_CN, which is installed later
    translators: list[QTranslator] = [missing]
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
            break
    app._sfg_translators = translators  # type: ignore[attr-defined]
    if sys.platform == "win32":
        from PySide6.QtGui import QFont

        font = QFont("Microsoft YaHei UI", 9)
        app.setFont(font)


def _demo_work(path: Path, members: int, org_type: str) -> Any:
    """The worker's job behind ``--demo``: build the demo database at ``path`` (a new temporary
    folder's file; ``build_demo_file`` only puts it there once it is complete)."""

    def work(progress: Any) -> None:
        from core.demo import build_demo_file
        from core.enums import OrgType

        steps = iter(range(10, 100, 20))
        build_demo_file(path, members=members, seed=1, org_type=OrgType(org_type),
                        progress=lambda text: progress(next(steps, 95), f"正在生成演示数据：{text}……"))

    return work


def _skip_numpy() -> None:
    """The bundle ships without numpy (build.spec excludes it) and sqlite-utils only imports it to
    convert numpy values, which this program never has. Blocking it from source too saves a
    tenth of a second at every start-up and keeps the source run the same as the bundle."""
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]


def _parse(args: list[str]) -> argparse.Namespace:
    """The window's arguments. The windowed Windows program has no console, so a wrong argument
    (a shortcut's typo, a file dropped on the icon with --db as well) is shown in a message box
    instead of the program silently not starting."""
    import contextlib
    import io

    parser = _parser()
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            options = parser.parse_args(args)
            if options.database and options.db:
                parser.error("数据库文件只能指定一个（--db 和直接给出的文件名不能同时使用）")
    except SystemExit as stop:
        sys.stderr.write(captured.getvalue())
        if stop.code and getattr(sys, "frozen", False) and sys.platform == "win32":
            from PySide6.QtWidgets import QMessageBox

            make_application()
            text = captured.getvalue().strip().splitlines()
            QMessageBox.warning(None, "无法启动", "启动参数有误，程序没有打开。\n\n" + (text[-1] if text else ""))
        raise
    if options.database:
        options.db = options.database
    return options


def run_gui(args: list[str], start_time: float) -> int:
    options = _parse(args)
    _skip_numpy()
    app = make_application()
    from core.errors import DomainError
    from gui import crash
    from gui.paths import office_db_path

    crash.install()
    demo_folder: Path | None = None
    if options.demo:
        import tempfile

        demo_folder = Path(tempfile.mkdtemp(prefix="sfg-demo-"))
        db_path = demo_folder / "演示数据.db"
        label = "演示数据（不影响正式数据）"
    else:
        db_path = Path(options.db) if options.db else office_db_path()
        label = "" if not options.db else db_path.name
    startup = _Startup(app, db_path, label, options, start_time)
    try:
        # An existing database is locked before any window shows; a missing one is the first start's.
        if options.demo or db_path.is_file():
            try:
                startup.take(db_path)
            except DomainError as error:
                from gui import widgets

                widgets.warn(None, str(error), "无法打开数据库")
                return 1
        return startup.run()
    finally:
        startup.close()
        if demo_folder is not None:
            import shutil

            shutil.rmtree(demo_folder, ignore_errors=True)


class _Startup:
    """Show the window frame at once, then open the database and fill the pages.

    The frame needs only Qt; the database layer (sqlite-utils, the rules) is imported and the
    file opened in the first turn of the event loop, so the window appears without waiting. With no
    office database to show (a new PC, a mistyped path) the first start (``gui.first_start``) asks
    which situation this is.
    """

    def __init__(self, app: QApplication, db_path: Path, label: str, options: argparse.Namespace, start_time: float) -> None:
        self.app = app
        self.db_path = db_path
        self.label = label
        self.options = options
        self.start_time = start_time
        self.store: Any = None
        self.lock: Any = None
        self.code = 0

    def take(self, path: Path) -> None:
        """Hold the lock of ``path``'s database, letting go of any other (DomainError: another program has it)."""
        from core.lock import DatabaseLock

        lock = DatabaseLock(path.resolve())
        if self.lock is not None and self.lock.path == lock.path:
            return
        lock.acquire()
        self.release()
        self.lock = lock

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def run(self) -> int:
        from gui.main_window import MainWindow

        self.window = MainWindow(db_label=self.label)
        if self.window.start_maximized:
            self.window.showMaximized()
        else:
            self.window.show()
        QTimer.singleShot(0, self.shown)
        result = self.app.exec()
        return self.code or result

    def shown(self) -> None:
        """The frame is on screen (painted): now open the database."""
        if self.options.startup_probe:
            _report(self.app, self.start_time, "READY")
        else:
            self.app.processEvents()
        QTimer.singleShot(0, self.load)

    def load(self) -> None:
        if self.options.demo and not self.db_path.exists():
            # Built on the worker while the (still empty) window stays responsive; cancelling quits.
            self.window.runner.run(self.window, "正在生成演示数据……",
                                   _demo_work(self.db_path, self.options.members, self.options.org_type),
                                   lambda _result: self.load(), self._demo_failed,
                                   on_cancelled=lambda: self.quit(0))
            return
        from core.errors import DomainError
        from core.store import open_store
        from gui import widgets
        from gui.first_start import missing_reason

        problem = None if self.options.demo else missing_reason(self.db_path, explicit=bool(self.options.db))
        if problem is None:
            try:
                self.take(self.db_path)
                store = open_store(self.db_path)
            except DomainError as error:
                widgets.warn(self.window, str(error), "无法打开数据库")
                self.quit(1)
                return
            if store.has_organization():
                self.opened(store)
                return
            store.close()  # an empty database: set up (or replaced) by the first start
            problem = ""
        self.first_start(problem)

    def first_start(self, problem: str) -> None:
        """No office database to show: ask which situation this is. Never in an unattended run."""
        if self.options.smoke_test or self.options.startup_probe:
            print(problem or f"数据库“{self.db_path}”还没有建立组织信息。", file=sys.stderr, flush=True)
            self.quit(1)
            return
        from gui.first_start import FirstStart

        FirstStart(self, self.db_path, explicit=bool(self.options.db), problem=problem).offer()

    def opened(self, store: Any) -> None:
        """``store`` is the database to work on: fill the window, start today's backup."""
        from gui.context import AppContext

        self.store = store
        if self.options.db and store.path is not None:
            self.window.db_label = store.path.name
        self.window.attach(AppContext(self.store, QSettings()))
        if not (self.options.smoke_test or self.options.startup_probe or self.options.demo):
            from gui.backup_dialog import start_daily_backup

            start_daily_backup(self.store, self.window.runner, self.window, self.backup_done)
        if self.options.page:
            self.window.go_to(self.options.page)
        if self.options.startup_probe:
            QTimer.singleShot(0, lambda: self._report_and_quit("LOADED", 0))
        elif self.options.smoke_test:
            QTimer.singleShot(0, self.smoke)

    def _demo_failed(self, error: BaseException, text: str) -> None:
        from core.errors import DomainError
        from gui import widgets

        if not isinstance(error, DomainError):
            raise error
        widgets.warn(self.window, str(error), "无法生成演示数据")
        self.quit(1)

    def backup_done(self, message: str, failed: bool) -> None:
        """Today's automatic backup finished: say so in the status bar (a failure stays longer)."""
        self.window.statusBar().showMessage(message, 30000 if failed else 8000)

    def smoke(self) -> None:
        self.window.show_every_page(self.smoke_checked)

    def smoke_checked(self) -> None:
        problems = text_service_problems()
        print("文字服务检查：" + ("；".join(problems) if problems else "通过"), flush=True)
        QTimer.singleShot(0, lambda: self._report_and_quit("", 1 if problems else 0))

    def _report_and_quit(self, prefix: str, code: int) -> None:
        _report(self.app, self.start_time, prefix)
        self.quit(code)

    def quit(self, code: int) -> None:
        self.code = code
        self.window.close()
        self.app.quit()

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        self.release()


def text_service_problems() -> list[str]:
    """What Qt cannot do with the text services it finds: Chinese (pinyin) collation, natural sorting
    of file names, locale case mapping and, where Qt takes them from ICU (Linux), Chinese time-zone
    names and the GB 18030 and GBK codecs."""
    from PySide6.QtCore import QCollator, QStringDecoder, QTimeZone

    zh = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    problems = []
    collator = QCollator(zh)
    if not collator.compare("李", "张") < 0:  # li before zhang in pinyin; code-point order says otherwise
        problems.append("中文排序不按拼音")
    collator.setNumericMode(True)
    if not collator.compare("第2批", "第10批") < 0:
        problems.append("数字排序不正确")
    if sys.platform.startswith("linux"):
        # Only Linux builds of Qt take time-zone names and codecs from ICU (whose data the bundle
        # trims); on Windows Qt uses the system's own services, named in the system's language.
        name = QTimeZone(b"Asia/Shanghai").displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, zh)
        if "中国" not in name:
            problems.append(f"时区名称不是中文（{name}）")
        for codec in ("GB18030", "GBK", "GB2312"):
            if not QStringDecoder(codec).isValid():
                problems.append(f"缺少{codec}编码")
    if zh.toUpper("abc") != "ABC":
        problems.append("大小写转换失败")
    return problems


def _report(app: QApplication, start_time: float, prefix: str) -> None:
    app.processEvents()
    elapsed = time.perf_counter() - start_time
    print(f"{prefix + ' ' if prefix else ''}{elapsed:.3f}", flush=True)
