"""The print centre: choose a document and its scope, preview the real PDF, save, open, print.

The preview shows pages rendered from the very PDF that will be saved or printed (pypdfium2), so
the screen cannot differ from the paper.

- ``page``: the 打印中心 page — document list, scope, preview, buttons; builds on the shared worker.
- ``options_form``: the 模板设置 form (paper, badges, offsets, fonts, emblem, switches).
- ``printing``: the event-driven print job (pages rasterized on the worker one ahead of drawing).
- ``raster``: PDF pages to ``QImage`` with pdfium.
- ``output``: opening a copy in the system's PDF viewer.

Where a page goes on the paper, and what to ask when the paper is too small, is plain geometry
in ``reports.paper``.
"""

from gui.print_centre.page import PrintCentrePage

__all__ = ["PrintCentrePage"]
