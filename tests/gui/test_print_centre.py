"""The print centre renders the real PDF, previews it, saves it and keeps template settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from core.store import open_store
from gui.print_centre import PrintCentrePage
from reports.render import DocumentKind, load_options


@pytest.fixture
def file_store(demo_db_path: Path, tmp_path: Path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_path, path)
    s = open_store(path)
    yield s
    s.close()


def test_placards_preview_on_worker_and_save(qtbot, file_store, tmp_path: Path) -> None:
    page = PrintCentrePage(file_store)
    qtbot.addWidget(page)
    page.set_kind(DocumentKind.PLACARDS)
    page.flag_checks["use_system_fonts"].setChecked(False)
    with qtbot.waitSignal(page.built, timeout=60_000):
        page.generate()
    page.shutdown()
    assert page.result is not None and page.result.pages >= 1
    assert page.pages_layout.count() >= 1
    assert "已生成" in page.status.text()
    assert page.save_button.isEnabled()
    saved = page.save_to(tmp_path / "out.pdf")
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")


def test_settings_are_kept(qtbot, file_store) -> None:
    page = PrintCentrePage(file_store)
    qtbot.addWidget(page)
    page.set_kind(DocumentKind.BADGES)
    page.start_spin.setValue(4)
    page.flag_checks["show_qr"].setChecked(False)
    assert load_options(file_store, DocumentKind.BADGES).start_position == 4
    again = PrintCentrePage(file_store)
    qtbot.addWidget(again)
    again.set_kind(DocumentKind.BADGES)
    assert again.start_spin.value() == 4
    assert not again.flag_checks["show_qr"].isChecked()
    page.shutdown()
    again.shutdown()


def test_in_memory_store_renders_in_place_and_reports_errors(qtbot, store) -> None:
    page = PrintCentrePage(store)
    qtbot.addWidget(page)
    page.set_kind(DocumentKind.PLACARDS)
    page.generate()
    assert page.result is None
    assert "没有已确定的示范岗" in page.problems_view.toPlainText()
    page.shutdown()


def test_progress_and_cancel(qtbot, file_store, monkeypatch) -> None:
    import threading

    import gui.print_centre.page as centre
    from reports.render import Cancelled

    started = threading.Event()

    def slow_render(store, kind, scope, options, *, progress=None, cancelled=None, fonts=None):
        assert store is not file_store, "the worker must open its own connection"
        progress(1, 3)
        started.set()
        for _ in range(500):
            if cancelled():
                raise Cancelled
            threading.Event().wait(0.01)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(centre, "render", slow_render)
    page = PrintCentrePage(file_store)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.progressed, timeout=10_000):
        page.generate()
    assert page.cancel_button.isEnabled() and not page.preview_button.isEnabled()
    assert started.wait(5)
    with qtbot.waitSignal(page.build_failed, timeout=10_000):
        page.cancel()
    page.shutdown()
    assert "已取消" in page.status.text()
    assert page.preview_button.isEnabled()


def test_print_to_pdf_printer(qtbot, store, clock, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from tests.reports.conftest import on_duty_individual

    on_duty_individual(store, clock, name="张伟强")
    page = PrintCentrePage(store)
    qtbot.addWidget(page)
    page.set_kind(DocumentKind.BADGES)
    page.flag_checks["use_system_fonts"].setChecked(False)
    page.generate()
    assert page.result is not None
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.prepare_printer(printer)
    with qtbot.waitSignal(page.printed, timeout=60_000) as ended:
        assert page.print_to(printer)
    assert ended.args == [True]
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    assert "已发送到打印机" in page.status.text()
    from pypdf import PdfReader

    box = PdfReader(tmp_path / "printed.pdf").pages[0].mediabox
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842  # A4 kept
    page.shutdown()
