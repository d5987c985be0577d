"""Print centre: saving when the file cannot be written, opening in the viewer, the emblem image,
printing at real size, one post preset from the 示范岗 page; file dialogs that start in a sensible
folder; the exchange package's file name."""

from __future__ import annotations

import errno
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

import core.files as files_module
from core import queries
from core.enums import PostStage
from core.store import Store
from gui import widgets
from gui.print_centre import PrintCentrePage
from reports.render import DocumentKind, load_options, stored_emblem
from tests.gui.conftest import DialogDriver, make_window


# -- the start folder of file dialogs -------------------------------------------------------------
def test_file_start_path_remembers_each_kind(qsettings: QSettings, tmp_path: Path) -> None:
    documents = widgets.documents_folder()
    assert Path(widgets.file_start_path("pdf", "示范岗标牌.pdf", qsettings=qsettings)) == documents / "示范岗标牌.pdf"
    chosen = tmp_path / "打印件"
    chosen.mkdir()
    widgets.remember_file_folder("pdf", str(chosen / "标牌.pdf"), qsettings=qsettings)
    assert Path(widgets.file_start_path("pdf", "胸牌.pdf", qsettings=qsettings)) == chosen / "胸牌.pdf"
    assert Path(widgets.file_start_path("pdf", qsettings=qsettings)) == chosen
    assert Path(widgets.file_start_path("backup", qsettings=qsettings)) == documents, "each kind its own folder"
    widgets.remember_file_folder("photos", str(chosen), qsettings=qsettings, is_folder=True)
    assert Path(widgets.file_start_path("photos", qsettings=qsettings)) == chosen
    widgets.remember_file_folder("pdf", "", qsettings=qsettings)  # 取消 in the dialog forgets nothing
    assert Path(widgets.file_start_path("pdf", qsettings=qsettings)) == chosen
    chosen.rename(tmp_path / "改名了")  # the USB stick is gone
    assert Path(widgets.file_start_path("pdf", "胸牌.pdf", qsettings=qsettings)) == documents / "胸牌.pdf"


def test_window_settings_come_from_the_parent(qsettings: QSettings, qtbot: Any) -> None:
    holder = QWidget()
    holder.qsettings = qsettings  # type: ignore[attr-defined]
    child = QWidget(holder)
    qtbot.addWidget(holder)
    assert widgets.window_settings(child) is qsettings


class FileDialogs:
    """Stands in for gui.file_dialogs: records where each dialog starts and answers with ``answer``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from gui import file_dialogs

        self.starts: list[str] = []
        self.answer = ""
        for name in ("save_file_name", "open_file_name", "open_file_names", "existing_directory"):
            monkeypatch.setattr(file_dialogs, name, self._make(name))

    def _make(self, name: str) -> Any:
        def fake(_parent: Any, _title: str = "", start: str = "", _filter: str = "") -> Any:
            self.starts.append(start)
            if name == "open_file_names":
                return [self.answer] if self.answer else []
            return self.answer

        return fake


def _parent_with(qsettings: QSettings, qtbot: Any) -> QWidget:
    holder = QWidget()
    holder.qsettings = qsettings  # type: ignore[attr-defined]
    qtbot.addWidget(holder)
    return holder


def test_every_file_dialog_starts_in_documents_then_the_last_folder(demo_store: Store, qsettings: QSettings, qtbot: Any,
                                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.audit_dialog import AuditDialog
    from gui.backup_dialog import BackupDialog
    from gui.import_dialog import RosterImportDialog
    from gui.package_dialog import PackageDialog

    dialogs = FileDialogs(monkeypatch)
    documents = widgets.documents_folder()
    parent = _parent_with(qsettings, qtbot)
    backup = BackupDialog(demo_store, parent)
    package = PackageDialog(demo_store, parent)
    audit = AuditDialog(demo_store, parent)
    roster = RosterImportDialog(demo_store, parent)
    asks = [
        ("backup", backup.ask_backup_target, "-备份-"), ("backup", backup.ask_restore_source, None),
        ("package", package.ask_export_target, "-交换包-"), ("package", package.ask_import_sources, None),
        ("excel", audit.ask_export_target, "操作记录-"), ("excel", roster.ask_errors_path, "问题清单.xlsx"),
        ("roster", roster.ask_open_path, None), ("photos", roster.ask_photo_folder, None),
    ]
    remembered: dict[str, Path] = {}
    for kind, ask, name in asks:
        dialogs.starts.clear()
        dialogs.answer = ""
        ask()
        start = Path(dialogs.starts[-1])
        expected = remembered.get(kind, documents)  # the same kind of file shares its folder
        if name is None:
            assert start == expected, (kind, start)
        else:
            assert start.parent == expected and name in start.name, (kind, start)
        folder = tmp_path / f"选过的{kind}{len(remembered)}"
        folder.mkdir()
        remembered[kind] = folder
        dialogs.answer = str(folder) if kind == "photos" else str(folder / "某文件")
        ask()
        dialogs.answer = ""
        ask()
        again = Path(dialogs.starts[-1])
        assert (again if name is None else again.parent) == folder, (kind, again)
    for dialog in (backup, package, audit, roster):
        dialog.close()


# -- the exchange package's file name -------------------------------------------------------------
def test_package_file_name_has_no_character_windows_refuses(store: Store) -> None:
    from core import org
    from core.package import default_package_name, safe_file_name_part

    assert safe_file_name_part('某区委/组织部:第*一?"党<支>部|\\ ..') == "某区委组织部第一党支部"
    assert safe_file_name_part("长安街道党工委") == "长安街道党工委"
    assert safe_file_name_part("?*. ") == "党员示范岗"
    current = store.organization()
    org.update_organization(store, name="城关镇党委（东/西片区）.", org_type=current["org_type"],
                            supervision_phone=str(current["supervision_phone"] or ""))
    name = default_package_name(store)
    assert name.startswith("城关镇党委（东西片区）-交换包-") and name.endswith(".sfgpkg")
    assert not any(ch in name for ch in '\\/:*?"<>|')


# -- print centre: saving and opening -------------------------------------------------------------
@pytest.fixture
def page(qtbot: Any, store: Store, clock: Any, qsettings: QSettings) -> Iterator[PrintCentrePage]:
    from tests.reports.conftest import on_duty_individual

    on_duty_individual(store, clock, name="张伟强")
    holder = _parent_with(qsettings, qtbot)  # the window: where the page finds its QSettings
    centre = PrintCentrePage(store, holder)
    centre.set_kind(DocumentKind.PLACARDS)
    centre.flag_checks["use_system_fonts"].setChecked(False)
    centre.generate()  # in memory: built right here
    assert centre.result is not None
    yield centre
    centre.shutdown()
    holder.close()


def test_save_over_a_file_open_in_another_program_is_told_in_chinese(page: PrintCentrePage, driver: DialogDriver,
                                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "示范岗标牌.pdf"
    target.write_bytes(b"%PDF old")

    def in_use(*_args: Any, **_kwargs: Any) -> None:
        error = PermissionError(errno.EACCES, "The process cannot access the file")
        error.winerror = 32  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(files_module, "replace_file", in_use)
    assert page.save_to(target) is None
    assert len(driver.warnings) == 1 and "文件正被其他程序占用" in driver.warnings[0]
    assert "process" not in driver.warnings[0] and "占用" in page.status.text()
    assert target.read_bytes() == b"%PDF old"

    def disk_full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module, "replace_file", disk_full)
    assert page.save_to(target) is None and "磁盘空间已满" in driver.warnings[-1]


def test_save_as_starts_in_documents_and_remembers(page: PrintCentrePage, qsettings: QSettings, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    dialogs = FileDialogs(monkeypatch)
    dialogs.answer = str(tmp_path / "标牌.pdf")
    page.save_as()
    assert Path(dialogs.starts[0]) == widgets.documents_folder() / "示范岗标牌.pdf"
    assert (tmp_path / "标牌.pdf").read_bytes().startswith(b"%PDF")
    page.save_as()
    assert Path(dialogs.starts[1]) == tmp_path / "示范岗标牌.pdf"


def test_open_in_viewer_uses_a_new_file_each_time_and_clears_old_ones(page: PrintCentrePage, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import gui.print_centre.output as centre

    opened: list[str] = []
    monkeypatch.setattr(centre.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(centre.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    folder = tmp_path / "党员示范岗打印"
    folder.mkdir()
    stale = folder / "示范岗标牌-20250101-080000.pdf"
    stale.write_bytes(b"%PDF stale")
    held = folder / "党徽胸牌-20250101-080000.pdf"  # still open in the viewer: Windows refuses to delete it
    held.write_bytes(b"%PDF held")
    hour_ago = time.time() - 3600
    for old in (stale, held):
        os.utime(old, (hour_ago, hour_ago))
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name == held.name:
            raise PermissionError(errno.EACCES, "in use")
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    page.open_external()
    page.open_external()
    assert len(opened) == 2 and opened[0] != opened[1]
    assert all(Path(p).exists() and Path(p).name.startswith("示范岗标牌-") for p in opened)
    assert not stale.exists() and held.exists()


def test_emblem_image_is_kept_and_a_bad_file_is_refused(page: PrintCentrePage, driver: DialogDriver, tmp_path: Path) -> None:
    picture = tmp_path / "党徽.png"
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (200, 16, 46)).save(out, "PNG")
    picture.write_bytes(out.getvalue())
    assert page.set_emblem_image(str(picture))
    picture.unlink()
    assert "党徽.png" in page.emblem_label.text() and "数据库" in page.emblem_label.text()
    page.generate()
    assert page.result is not None and page.result.notices == []
    text_file = tmp_path / "说明.png"
    text_file.write_text("不是图片")
    assert not page.set_emblem_image(str(text_file))
    assert "PNG或JPG" in driver.warnings[-1]
    stored = stored_emblem(page.store)
    assert stored is not None and stored.name == "党徽.png", "a refused picture changes nothing"
    assert page.set_emblem_image("")
    assert stored_emblem(page.store) is None and "矢量党徽" in page.emblem_label.text()


def test_missing_old_emblem_path_prints_with_a_notice(page: PrintCentrePage, tmp_path: Path, qtbot: Any) -> None:
    from dataclasses import replace

    from reports.render import save_options

    store = page.store
    for kind in DocumentKind:
        save_options(store, kind, replace(load_options(store, kind), emblem_image=str(tmp_path / "U盘" / "党徽.png")))
    again = PrintCentrePage(store)
    qtbot.addWidget(again)
    again.set_kind(DocumentKind.PLACARDS)
    assert "找不到" in again.emblem_label.text()
    again.generate()
    assert again.result is not None and again.result.pages == 1
    assert "矢量党徽" in again.problems_view.toPlainText() and "提示" in again.status.text()
    again.shutdown()


# -- printing ---------------------------------------------------------------------------------------
def _print(qtbot: Any, page: PrintCentrePage, printer: Any) -> bool:
    """Print and wait for the job to end (pages are rasterized on the worker); whether it was sent."""
    with qtbot.waitSignal(page.printed, timeout=60_000) as ended:
        assert page.print_to(printer)
    return bool(ended.args[0])


def _pdf_printer(tmp_path: Path, name: str) -> Any:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / name))
    return printer


def test_paper_smaller_than_the_page_asks_before_printing(page: PrintCentrePage, driver: DialogDriver, tmp_path: Path, qtbot: Any) -> None:
    from pypdf import PdfReader
    from PySide6.QtGui import QPageSize

    printer = _pdf_printer(tmp_path, "a5.pdf")
    page.prepare_printer(printer)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))  # the clerk picked A5 in the print dialog
    driver.answer = False
    assert not page.print_to(printer)
    assert "148×210毫米" in driver.questions[-1] and "缩小" in driver.questions[-1]
    assert "已取消打印" in page.status.text()
    printer = _pdf_printer(tmp_path, "a5-shrunk.pdf")
    page.prepare_printer(printer)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    driver.answer = True
    assert _print(qtbot, page, printer)
    assert "已按比例缩小到" in page.status.text()
    box = PdfReader(tmp_path / "a5-shrunk.pdf").pages[0].mediabox
    assert round(float(box.width)) == 420 and round(float(box.height)) == 595


def test_real_size_paper_prints_without_asking(page: PrintCentrePage, tmp_path: Path, qtbot: Any) -> None:
    printer = _pdf_printer(tmp_path, "a4.pdf")
    page.prepare_printer(printer)
    assert _print(qtbot, page, printer)  # no question: ``ask`` would fail the test (no driver)
    assert (tmp_path / "a4.pdf").stat().st_size > 1000


def test_black_and_white_documents_go_to_the_printer_in_grayscale(page: PrintCentrePage, tmp_path: Path, qtbot: Any) -> None:
    from pypdf import PdfReader

    def colour_spaces(path: Path) -> set[str]:
        found = set()
        for pdf_page in PdfReader(path).pages:
            for ref in (pdf_page["/Resources"].get("/XObject") or {}).values():
                image = ref.get_object()
                if image.get("/Subtype") == "/Image":
                    found.add(str(image.get("/ColorSpace")))
        return found

    printer = _pdf_printer(tmp_path, "placard.pdf")
    page.prepare_printer(printer)
    assert _print(qtbot, page, printer)
    assert colour_spaces(tmp_path / "placard.pdf") == {"/DeviceRGB"}
    page.set_kind(DocumentKind.REVIEW_FORMS)
    page.generate()
    assert page.result is not None and page.result.kind is DocumentKind.REVIEW_FORMS
    printer = _pdf_printer(tmp_path, "forms.pdf")
    page.prepare_printer(printer)
    assert _print(qtbot, page, printer)
    assert colour_spaces(tmp_path / "forms.pdf") == {"/DeviceGray"}


# -- 打印标牌胸牌 on one post -------------------------------------------------------------------------
def test_print_button_of_one_post_previews_just_that_post(demo_store: Store, qsettings: QSettings, qtbot: Any) -> None:
    window = make_window(demo_store, qsettings, qtbot)
    window.go_to("posts")
    posts = window.page("posts")
    on_duty = [r for r in queries.posts(demo_store) if r["stage"] == PostStage.ON_DUTY.value]
    assert len(on_duty) > 3
    chosen = on_duty[len(on_duty) // 2]
    posts.focus_entity(chosen["id"])
    QApplication.processEvents()
    assert posts.selected_id() == chosen["id"] and posts.buttons["print"].isEnabled()
    posts.do_action("print")
    assert window.current_key() == "print"
    centre = window.page("print")
    assert centre.kind is DocumentKind.PLACARDS
    assert centre.post_combo.currentData() == chosen["code"]
    assert centre.scope().post_code == chosen["code"] and centre.scope().year is None and centre.scope().unit_id is None
    qtbot.waitUntil(lambda: centre.result is not None, timeout=60_000)
    assert centre.result.pages == 1 and centre.result.count == 1
    assert chosen["name"] in centre.status.text() and "党徽胸牌" in centre.status.text()
    centre.set_kind(DocumentKind.BADGES)
    assert centre.scope().post_code == chosen["code"], "the badges of the same post are one click away"
    centre.shutdown()
    window.close()


def test_presetting_a_post_replaces_a_document_still_being_built(demo_store: Store, qtbot: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import gui.print_centre.page as centre_module
    from reports.render import Cancelled

    real_render = centre_module.render
    started = threading.Event()

    def render(store: Store, kind: Any, scope: Any, options: Any, **kwargs: Any) -> Any:
        if scope.post_code is None:  # “all posts”: slow, until cancelled
            started.set()
            for _ in range(1000):
                if kwargs["cancelled"]():
                    raise Cancelled
                threading.Event().wait(0.01)
        return real_render(store, kind, scope, options, **kwargs)

    monkeypatch.setattr(centre_module, "render", render)
    page = PrintCentrePage(demo_store)
    qtbot.addWidget(page)
    page.set_kind(DocumentKind.PLACARDS)
    page.generate()
    assert started.wait(10)
    post = next(r for r in queries.posts(demo_store) if r["stage"] == PostStage.ON_DUTY.value)
    page.focus_entity(("posts", post["id"]))
    qtbot.waitUntil(lambda: page.result is not None, timeout=60_000)
    assert page.result.count == 1 and "只含示范岗" in page.status.text()
    page.shutdown()
