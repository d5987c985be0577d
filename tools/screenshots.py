"""Render every page of the window (and the main dialogs) to docs/screenshots/*.png.

Usage: xvfb-run -a python tools/screenshots.py   (or with QT_QPA_PLATFORM=offscreen)

A fresh 300-member demo database with a fixed "today" is generated in a temporary folder, so the
pictures are the same on every run; the office database is never touched. On Linux a CJK font
(fonts-wqy-microhei or fonts-noto-cjk) must be installed for the Chinese text to render.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
TODAY = date(2026, 11, 21)
SIZE = (1280, 800)


def main() -> int:
    os.environ.setdefault("SFG_DATA_DIR", tempfile.mkdtemp(prefix="sfg-shots-data-"))
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDialog

    from core.demo import build_demo
    from core.store import open_store
    from gui.app import make_application
    from gui.context import AppContext
    from gui.main_window import PAGES, MainWindow

    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="sfg-shots-"))
    db = folder / "demo.db"
    store = open_store(db, clock=lambda: TODAY)
    build_demo(store, members=300, seed=1, today=TODAY)
    OUT.mkdir(parents=True, exist_ok=True)
    qsettings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(store, qsettings), db_label="演示数据")
    window.resize(*SIZE)
    window.show()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    written = []
    for number, spec in enumerate(PAGES, start=1):
        window.go_to(spec.key)
        if spec.key == "print":
            page = window.page("print")
            if hasattr(page, "refresh"):
                page.refresh()
            if hasattr(page, "generate"):
                page.generate()  # show a real preview (the first document, a placard)
                page.wait(120)
                settle()
        settle()
        path = OUT / f"{number:02d}-{spec.key}.png"
        window.grab().save(str(path))
        written.append(path)

    def dialog_shot(name: str, dialog: QDialog, prepare: object = None) -> None:
        dialog.show()
        if callable(prepare):
            prepare(dialog)
        dialog.adjustSize()
        settle()
        path = OUT / f"{name}.png"
        dialog.grab().save(str(path))
        written.append(path)
        dialog.hide()

    from gui.dialogs.actions import veto_dialog
    from gui.dialogs.first_run import FirstRunDialog
    from gui.dialogs.member import MemberDialog
    from gui.dialogs.post import PostDialog

    first_member = store.scalar("SELECT id FROM members WHERE photo IS NOT NULL ORDER BY id LIMIT 1")
    dialog_shot("20-dialog-member", MemberDialog(window.ctx, window, member_id=first_member))
    on_duty = store.scalar("SELECT id FROM posts WHERE stage = 'on_duty' ORDER BY id LIMIT 1")
    dialog_shot("21-dialog-post-edit", PostDialog(window.ctx, window, post_id=on_duty))
    from PySide6.QtGui import QImage

    from core.queries import member_photo
    from gui.dialogs.photo_crop import PhotoCropDialog

    photo = QImage.fromData(member_photo(store, first_member) or b"")
    if not photo.isNull():
        dialog_shot("26-dialog-photo-crop", PhotoCropDialog(photo.scaled(900, 700), window))
    nominate = PostDialog(window.ctx, window)

    def pick(dialog: object) -> None:
        assert isinstance(dialog, PostDialog)
        if dialog.picker.candidates.count():
            dialog.picker.add_member(dialog.picker.candidates.item(0).data(256))
        dialog.field("name").setText("便民服务窗口党员示范岗")

    dialog_shot("22-dialog-nominate", nominate, pick)
    dialog_shot("23-dialog-veto", veto_dialog(window.ctx, window, on_duty))
    from core.store import open_memory_store

    empty = open_memory_store()
    dialog_shot("24-dialog-first-run", FirstRunDialog(empty, window))
    errors = FirstRunDialog(empty, window)

    def submit_empty(dialog: object) -> None:
        assert isinstance(dialog, FirstRunDialog)
        dialog.submit()

    dialog_shot("25-dialog-error-next-to-field", errors, submit_empty)
    from gui.audit_dialog import AuditDialog

    audit = AuditDialog(store, window)
    audit.resize(1100, 650)
    audit.show()
    settle()
    path = OUT / "27-dialog-audit-log.png"
    audit.grab().save(str(path))
    written.append(path)
    audit.close()
    empty.close()
    window.close()
    store.close()
    written += hospital_shots(app, folder, settle)
    written += first_day_shots(folder, settle)
    for path in written:
        print(path.relative_to(ROOT))
    QApplication.processEvents()
    return 0


def first_day_shots(folder: Path, settle: object) -> list[Path]:
    """A new office's first day: the first start's choices (and a mistyped path), the empty 工作台 with its
    first steps, the 操作流程 guide, the roster import saying its required columns, and 关于."""
    from PySide6.QtCore import QSettings

    from core import org
    from core.enums import OrgType
    from core.store import open_store
    from gui.context import AppContext
    from gui.dialogs.first_run import StartDialog
    from gui.help import AboutDialog, GuideDialog
    from gui.import_dialog import RosterImportDialog
    from gui.main_window import MainWindow

    (folder / "新单位").mkdir()
    store = open_store(folder / "新单位" / "示范岗.db", clock=lambda: TODAY)
    org.setup_organization(store, name="长安街道党工委", org_type=OrgType.STREET, supervision_phone="010-65123456")
    qsettings = QSettings(str(folder / "first-day.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(store, qsettings))
    window.resize(*SIZE)
    window.show()
    written = []

    def shot(name: str, widget: object) -> None:
        settle()  # type: ignore[operator]
        path = OUT / f"{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        written.append(path)

    for name, dialog in (
        ("40-first-start-choices", StartDialog(window, target=r"C:\Users\办公室\AppData\Local\sfg\示范岗.db")),
        ("41-first-start-mistyped-path", StartDialog(window, problem="找不到文件夹“E:\\党建”，数据库“示范岗.db”无法打开。"
                                                     "可能是路径输错了，或者U盘、移动硬盘、网络盘没有连接。",
                                                     can_create=False, remembers=False)),
    ):
        dialog.show()
        dialog.adjustSize()
        shot(name, dialog)
        dialog.hide()
    shot("42-empty-dashboard", window)
    guide = GuideDialog(window)
    guide.show_section("setup")
    shot("43-guide", guide)
    guide.hide()
    roster_import = RosterImportDialog(store, window)
    roster_import.show()
    shot("44-dialog-import-roster", roster_import)
    roster_import.hide()
    about = AboutDialog(store, window)
    about.show()
    about.adjustSize()
    shot("45-dialog-about", about)
    about.hide()
    window.close()
    store.close()
    return written


def hospital_shots(app: object, folder: Path, settle: object) -> list[Path]:
    """The hospital variant: 党支部/科室/分院, 患者, and the fifth creation 创优质服务品牌."""
    from PySide6.QtCore import QSettings

    from core.demo import build_demo
    from core.enums import OrgType
    from core.store import open_store
    from gui.context import AppContext
    from gui.dialogs.post import PostDialog
    from gui.main_window import MainWindow

    store = open_store(folder / "hospital.db", clock=lambda: TODAY)
    build_demo(store, members=300, seed=2, org_type=OrgType.HOSPITAL, today=TODAY)
    qsettings = QSettings(str(folder / "hospital.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(store, qsettings), db_label="演示数据（医院）")
    window.resize(*SIZE)
    window.show()
    written = []
    for name, key in (("30-hospital-members", "members"), ("31-hospital-supervision", "supervision")):
        window.go_to(key)
        settle()  # type: ignore[operator]
        path = OUT / f"{name}.png"
        window.grab().save(str(path))
        written.append(path)
    dialog = PostDialog(window.ctx, window)
    dialog.show()
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    dialog.adjustSize()
    settle()  # type: ignore[operator]
    path = OUT / "32-hospital-dialog-creations.png"
    dialog.grab().save(str(path))
    written.append(path)
    dialog.hide()
    window.close()
    store.close()
    return written


if __name__ == "__main__":
    sys.exit(main())
