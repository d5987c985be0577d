"""PDF pages as images, rendered by pdfium: the same engine for the preview and the printer.

A ``QImage`` (unlike a ``QPixmap``) may be made off the GUI thread, so these run on the worker.
"""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
from PySide6.QtGui import QImage


def render_pages(pdf: bytes, dpi: float, first: int = 0, last: int | None = None) -> list[QImage]:
    """Pages ``first`` up to ``last`` (exclusive; all when None) of ``pdf`` as images."""
    images: list[QImage] = []
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        end = count if last is None else min(count, last)
        for index in range(first, end):
            images.append(page_image(document, index, dpi))
    finally:
        document.close()
    return images


def page_image(document: Any, index: int, dpi: float, *, grayscale: bool = False) -> QImage:
    """Page ``index`` of an open pdfium document; ``grayscale`` renders it as the printer would
    print it in black and white (a third of the data to spool)."""
    page = document[index]
    try:
        if grayscale:
            bitmap = page.render(scale=dpi / 72, grayscale=True, optimize_mode="print")
            pil = bitmap.to_pil().convert("L")
        else:
            bitmap = page.render(scale=dpi / 72)
            pil = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    if grayscale:
        data = pil.tobytes("raw", "L")
        image = QImage(data, pil.width, pil.height, pil.width, QImage.Format.Format_Grayscale8)
    else:
        data = pil.tobytes("raw", "RGB")
        image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
    return image.copy()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in points of every page."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [(float(w), float(h)) for w, h in (document.get_page_size(i) for i in range(len(document)))]
    finally:
        document.close()
