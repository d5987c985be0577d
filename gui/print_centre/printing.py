"""Sending a document to the printer, event-driven: the window never waits for it.

Each page is rasterized by pdfium on the shared worker at the printer's resolution (at most 300 dpi;
grayscale for the black-and-white forms and notices), one page ahead of the GUI thread, which draws
the page it has on the printer at its real size (``reports.paper.page_placement``). A progress
dialog can cancel the job. When the paper chosen in the print dialog is smaller than the document's
page, the clerk is asked first whether to shrink it to fit (badges and placards would then no longer
have their real size) or to cancel.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui import widgets
from gui.print_centre.raster import page_image, page_sizes
from gui.worker import TaskRunner
from reports.paper import page_placement, paper_fits, paper_too_small_text, shrink_factor
from reports.render import Cancelled, DocumentKind, RenderResult

PRINT_MAX_DPI = 300
# Documents printed in colour; the others (forms, notices, lists) go to the printer in grayscale,
# a third of the data to spool.
COLOUR_KINDS = frozenset({DocumentKind.PLACARDS, DocumentKind.BADGES, DocumentKind.ANNUAL_REPORT})


class NotSent(Exception):
    """The job did not start; the message (possibly empty) is for the status line."""


def prepare_printer(printer: QPrinter, result: RenderResult) -> None:
    """Paper as in the PDF and the whole sheet addressable, so badges keep 90×54 mm exactly;
    black-and-white documents preset to grayscale (the clerk can change it in the dialog)."""
    width, height = page_sizes(result.pdf)[0]
    landscape = width > height
    size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setFullPage(True)
    printer.setPageSize(size)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    colour = result.kind in COLOUR_KINDS
    printer.setColorMode(QPrinter.ColorMode.Color if colour else QPrinter.ColorMode.GrayScale)


class PrintJob:
    """One document on its way to ``printer``. ``on_end(sent, status_text)`` is called once, when
    the last page is drawn, or the clerk cancelled, or the job was stopped or failed."""

    def __init__(self, owner: QWidget, runner: TaskRunner, result: RenderResult, printer: QPrinter, *,
                 offset_mm: tuple[float, float], on_end: Callable[[bool, str], None]) -> None:
        """Ask about too small paper and open the printer; raises ``NotSent`` when nothing will be printed."""
        sizes = page_sizes(result.pdf)
        if not sizes:
            raise NotSent("")
        layout = printer.pageLayout()
        full = layout.fullRect(QPageLayout.Unit.Point)
        paper = (full.width(), full.height())
        largest = (max(w for w, _ in sizes), max(h for _, h in sizes))
        scale = 1.0
        if not paper_fits(largest, paper):
            scale = shrink_factor(largest, paper)
            if not widgets.ask(owner, paper_too_small_text(largest, paper, scale), title="纸张比文书页面小",
                               yes="按比例缩小打印", no="取消打印"):
                raise NotSent("已取消打印。")
        if printer.fullPage():
            origin = (0.0, 0.0)
        else:
            paint = layout.paintRect(QPageLayout.Unit.Point)
            origin = (paint.left(), paint.top())
        painter = QPainter()
        if not painter.begin(printer):
            raise NotSent("无法连接打印机，请检查打印机是否已开启。")
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale != 1.0)
        self.runner = runner
        self.owner = owner
        self.result = result
        self.printer = printer
        self.painter = painter
        self.sizes = sizes
        self.dpi = (float(printer.logicalDpiX()), float(printer.logicalDpiY()))
        self.raster_dpi = min(PRINT_MAX_DPI, max(72.0, *self.dpi))
        self.grayscale = result.kind not in COLOUR_KINDS or printer.colorMode() == QPrinter.ColorMode.GrayScale
        self.scale = scale
        self.origin = origin
        self.offset = offset_mm
        self.on_end = on_end
        self.running = True
        # What the worker uses. Its closures hold only this, never the job: the job's last reference
        # must drop on the GUI thread, where its printer and painter have to be freed.
        self._raster = _Raster(result.pdf, self.raster_dpi, self.grayscale)
        self.progress = QProgressDialog(f"正在发送“{result.kind.label}”到打印机……", "取消", 0, len(sizes), owner)
        self.progress.setWindowTitle("打印")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(800)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)

    def start(self) -> None:
        self._rasterize(0)

    def stop(self) -> None:
        """End the job now (closing the window); what reached the printer stays there."""
        self._end(sent=False)

    def _rasterize(self, index: int) -> None:
        """Queue page ``index`` on the worker; it is drawn when its image arrives."""

        raster = self._raster

        def work(_progress: Any) -> QImage:
            return raster.page(index)

        def failed(error: BaseException, _text: str) -> None:
            self._end(sent=False)
            if not isinstance(error, Cancelled):
                raise error

        self.runner.run(self.owner, "", work, lambda image: self._draw_page(index, image), failed,
                        on_cancelled=lambda: self._end(sent=False), show_progress=False)

    def _draw_page(self, index: int, image: QImage) -> None:
        if not self.running:
            return
        if self.progress.wasCanceled():
            self.printer.abort()
            self._end(sent=False)
            return
        if index + 1 < len(self.sizes):
            self._rasterize(index + 1)  # the next page is made while this one is drawn
        if index:
            self.printer.newPage()
        place = page_placement(self.sizes[index], self.dpi, scale=self.scale, paint_origin_pt=self.origin,
                               offset_mm=self.offset)
        self.painter.drawImage(QRectF(place.x, place.y, place.width, place.height), image)
        self.progress.setValue(index + 1)
        self.progress.setLabelText(f"正在发送“{self.result.kind.label}”到打印机：第{index + 1}/{len(self.sizes)}页")
        if index + 1 == len(self.sizes):
            self._end(sent=True)

    def _end(self, *, sent: bool) -> None:
        if not self.running:
            return
        self.running = False
        with contextlib.suppress(RuntimeError):
            self.painter.end()
        raster = self._raster
        self.runner.run(self.owner, "", lambda _progress: raster.close(), lambda _none: None, show_progress=False)
        self.progress.close()
        self.progress.deleteLater()
        if sent:
            note = f"（已按比例缩小到{self.scale * 100:.0f}%）" if self.scale != 1.0 else ""
            self.on_end(True, f"已发送到打印机，共{len(self.sizes)}页{note}。")
        else:
            self.on_end(False, "已取消打印。")


class _Raster:
    """Page images of one PDF for the printer, made on the worker (QImage may be made off the GUI
    thread); the pdfium document is opened, used and closed there only."""

    def __init__(self, pdf: bytes, dpi: float, grayscale: bool) -> None:
        self.pdf = pdf
        self.dpi = dpi
        self.grayscale = grayscale
        self.document: Any = None

    def page(self, index: int) -> QImage:
        if self.document is None:
            self.document = pdfium.PdfDocument(self.pdf)
        return page_image(self.document, index, self.dpi, grayscale=self.grayscale)

    def close(self) -> None:
        document, self.document = self.document, None
        if document is not None:
            document.close()
