"""The print centre: choose a document and its scope, preview the real PDF, save, open, print.

The preview shows pages rendered from the very PDF that will be saved or printed (pypdfium2),
so the screen cannot differ from the paper. Documents are built on one worker thread that
opens its own SQLite connection; the GUI's connection never crosses threads.

Printing rasterizes each page with pdfium (≤ 300 dpi, grayscale for the black-and-white forms
and notices) on the same worker thread, one page ahead of the GUI thread, which draws it on the
printer at its real size (``page_placement``). When the paper chosen in the print dialog is
smaller than the document's page, the clerk is asked first whether to shrink it to fit
(badges and placards would then no longer have their real size) or to cancel.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import queries
from core.errors import DomainError
from core.store import Store, open_store
from gui import file_dialogs, widgets
from gui.worker import TaskRunner
from reports.render import (
    KIND_SCOPES,
    Cancelled,
    DocumentKind,
    PrintBlocked,
    PrintError,
    PrintOptions,
    RenderResult,
    SaveFailed,
    Scope,
    adopt_old_emblem_path,
    clear_emblem_image,
    emblem_choice_text,
    font_set,
    load_options,
    render,
    save_error_text,
    save_options,
    set_emblem_image_file,
)

PREVIEW_DPI = 60
PREVIEW_MAX_PAGES = 40
PRINT_MAX_DPI = 300
# Documents printed in colour; the others (forms, notices, lists) go to the printer in grayscale,
# a third of the data to spool.
COLOUR_KINDS = frozenset({DocumentKind.PLACARDS, DocumentKind.BADGES, DocumentKind.ANNUAL_REPORT})
PAPER_TOLERANCE_PT = 2.0  # A4 is 595.28 × 841.89 pt; a driver may say 595 × 842
OPEN_FOLDER_NAME = "党员示范岗打印"
OPEN_KEEP_SECONDS = 600  # PDFs opened in the viewer are deleted from the temp folder after this long
MM_PER_INCH = 25.4

_PAPERS = [("A4", "A4"), ("A3", "A3"), ("A5", "A5"), ("custom", "自定义尺寸")]
_BADGE_SIZES = [("90x54", "90×54毫米"), ("85x54", "85×54毫米"), ("custom", "自定义尺寸")]
# Which settings matter for which documents (the others are greyed out).
_BADGE_ONLY = {DocumentKind.BADGES}
_COPIES = {DocumentKind.BALLOTS, DocumentKind.SURVEY_FORMS}
_FLAG_KINDS: dict[str, set[DocumentKind]] = {
    "show_photos": {DocumentKind.PLACARDS, DocumentKind.BADGES},
    "show_emblem": {DocumentKind.PLACARDS, DocumentKind.BADGES},
    "show_qr": {DocumentKind.PLACARDS},
    "show_five_displays": {DocumentKind.PLACARDS},
    "crop_marks": {DocumentKind.BADGES},
    "official_format": {DocumentKind.PUBLICITY, DocumentKind.FINAL_LIST, DocumentKind.REVOCATION},
    "sample_watermark": {DocumentKind.PLACARDS},
}
_PAPER_KINDS = {DocumentKind.PLACARDS, DocumentKind.BADGES}

_FLAGS = [
    ("show_photos", "显示照片"),
    ("show_emblem", "显示党徽"),
    ("show_qr", "显示监督二维码"),
    ("show_five_displays", "显示“五亮”内容"),
    ("crop_marks", "胸牌裁切线"),
    ("official_format", "公文格式（GB/T 9704）"),
    ("sample_watermark", "含未确定岗位（加“样张”水印）"),
    ("use_system_fonts", "优先使用本机字体（宋体、黑体等）"),
]




@dataclass(frozen=True)
class Placement:
    """Where a page image goes on the printer, in the painter's device pixels."""

    x: float
    y: float
    width: float
    height: float
    scale: float  # 1.0: the page at its real size


def paper_fits(page_pt: tuple[float, float], paper_pt: tuple[float, float], tolerance: float = PAPER_TOLERANCE_PT) -> bool:
    """Whether a page of ``page_pt`` (width, height in points) fits on the paper."""
    return page_pt[0] <= paper_pt[0] + tolerance and page_pt[1] <= paper_pt[1] + tolerance


def shrink_factor(page_pt: tuple[float, float], paper_pt: tuple[float, float]) -> float:
    """The proportional scale that fits the page on the paper (1.0 when it fits already)."""
    if paper_fits(page_pt, paper_pt):
        return 1.0
    return min(1.0, paper_pt[0] / page_pt[0], paper_pt[1] / page_pt[1])


def page_placement(
    page_pt: tuple[float, float],
    dpi: tuple[float, float],
    *,
    scale: float = 1.0,
    paint_origin_pt: tuple[float, float] = (0.0, 0.0),
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> Placement:
    """The rectangle a PDF page of ``page_pt`` points is drawn into on a printer of ``dpi``
    (x, y device pixels per inch): its real size (times ``scale``), with its top left corner at
    the sheet's top left corner. ``paint_origin_pt`` is where the painter's origin lies on the
    sheet (the printable area's corner when the printer does not address the full page);
    ``offset_mm`` is the office's 打印位置微调 (right, down)."""
    dpi_x, dpi_y = dpi
    x_pt = offset_mm[0] / MM_PER_INCH * 72 - paint_origin_pt[0]
    y_pt = offset_mm[1] / MM_PER_INCH * 72 - paint_origin_pt[1]
    return Placement(
        x=x_pt * dpi_x / 72,
        y=y_pt * dpi_y / 72,
        width=page_pt[0] * scale * dpi_x / 72,
        height=page_pt[1] * scale * dpi_y / 72,
        scale=scale,
    )


def _mm(points: float) -> int:
    return round(points / 72 * MM_PER_INCH)


def paper_too_small_text(page_pt: tuple[float, float], paper_pt: tuple[float, float], scale: float) -> str:
    """The question put to the clerk when the chosen paper is smaller than the document's page."""
    text = (f"打印机上选择的纸张（{_mm(paper_pt[0])}×{_mm(paper_pt[1])}毫米）比文书的页面"
            f"（{_mm(page_pt[0])}×{_mm(page_pt[1])}毫米）小，按实际尺寸打印会缺掉一部分。\n\n"
            f"可以按比例缩小到{scale * 100:.0f}%打印，但标牌、胸牌就不再是规定的实际尺寸了。")
    if paper_fits((page_pt[1], page_pt[0]), paper_pt):
        text += "\n\n也可以取消后在打印对话框中把纸张方向改为" + ("横向" if page_pt[0] > page_pt[1] else "纵向") + "。"
    else:
        text += "\n\n要保持实际尺寸，请取消后在打印对话框中选择与文书相同的纸张。"
    return text + "\n\n要缩小打印吗？"


def render_pages(pdf: bytes, dpi: float, first: int = 0, last: int | None = None) -> list[QImage]:
    """Pages of ``pdf`` as images, rendered with pdfium (the same engine for preview and print)."""
    images: list[QImage] = []
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        end = count if last is None else min(count, last)
        for index in range(first, end):
            images.append(_page_image(document, index, dpi))
    finally:
        document.close()
    return images


def _page_image(document: Any, index: int, dpi: float, *, grayscale: bool = False) -> QImage:
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


@dataclass
class _PrintJob:
    """A print job in progress: pages are rasterized on the worker one ahead of the page being drawn."""

    result: RenderResult
    painter: QPainter
    printer: Any
    progress: QProgressDialog
    sizes: list[tuple[float, float]]
    dpi: tuple[float, float]
    raster_dpi: float
    grayscale: bool
    scale: float
    origin: tuple[float, float]
    offset: tuple[float, float]
    document: dict[str, Any] = field(default_factory=dict)  # the pdfium document, used on the worker only


class PrintCentrePage(QWidget):
    """打印中心 page of the main window."""

    progressed = Signal(int, str)  # percent, status text of the document being built
    built = Signal(object)  # RenderResult: the preview is shown
    build_failed = Signal(str)  # the Chinese message shown
    printed = Signal(bool)  # a print job ended: sent (True) or cancelled/failed (False)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.result: RenderResult | None = None
        self.runner = TaskRunner(self)
        self._cancel = threading.Event()
        self._job = 0  # the number of the document being built; outcomes of older (cancelled) jobs are ignored
        self._building = False
        self._printing: _PrintJob | None = None
        self._loading = False
        self._finish_note = ""  # added to the status line when the next document is ready
        with contextlib.suppress(DomainError, OSError):
            adopt_old_emblem_path(store)  # an older version's image path: keep the picture in the database
        self._build_ui()
        self.refresh()

    # -- construction ------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.kind_list = QListWidget()
        for kind in DocumentKind:
            item = QListWidgetItem(kind.label)
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.kind_list.addItem(item)
        self.kind_list.setCurrentRow(0)
        self.kind_list.currentRowChanged.connect(self._on_kind_changed)

        self.year_combo = QComboBox()
        self.batch_combo = QComboBox()
        self.unit_combo = QComboBox()
        self.post_combo = QComboBox()
        self.month_combo = QComboBox()
        self.member_combo = QComboBox()
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        scope_box = QGroupBox("打印范围")
        self.scope_form = QFormLayout(scope_box)
        self.scope_rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, label, widget in (("year", "年度", self.year_combo), ("batch", "批次", self.batch_combo),
                                   ("unit", "组织单元", self.unit_combo), ("post", "示范岗", self.post_combo),
                                   ("member", "党员", self.member_combo), ("month", "考核月份", self.month_combo)):
            caption = QLabel(label)
            self.scope_form.addRow(caption, widget)
            self.scope_rows[key] = (caption, widget)

        settings_box = QGroupBox("模板设置（修改后自动保存）")
        form = QFormLayout(settings_box)
        self.paper_combo = QComboBox()
        for value, label in _PAPERS:
            self.paper_combo.addItem(label, value)
        self.landscape_check = QCheckBox("横向")
        self.custom_w = QDoubleSpinBox()
        self.custom_h = QDoubleSpinBox()
        for spin in (self.custom_w, self.custom_h):
            spin.setRange(50, 1200)
            spin.setSuffix(" 毫米")
            spin.setDecimals(0)
        self.badge_combo = QComboBox()
        for value, label in _BADGE_SIZES:
            self.badge_combo.addItem(label, value)
        self.badge_w = QDoubleSpinBox()
        self.badge_h = QDoubleSpinBox()
        for spin in (self.badge_w, self.badge_h):
            spin.setRange(30, 200)
            spin.setSuffix(" 毫米")
            spin.setDecimals(0)
        self.start_spin = QSpinBox()
        self.start_spin.setRange(1, 40)
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(1, 500)
        paper_row = QHBoxLayout()
        paper_row.addWidget(self.paper_combo)
        paper_row.addWidget(self.landscape_check)
        custom_row = QHBoxLayout()
        custom_row.addWidget(self.custom_w)
        custom_row.addWidget(QLabel("×"))
        custom_row.addWidget(self.custom_h)
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge_combo)
        badge_row.addWidget(self.badge_w)
        badge_row.addWidget(QLabel("×"))
        badge_row.addWidget(self.badge_h)
        form.addRow("纸张", paper_row)
        form.addRow("自定义纸张", custom_row)
        form.addRow("胸牌尺寸", badge_row)
        form.addRow("胸牌从第几格开始", self.start_spin)
        self.offset_x = QDoubleSpinBox()
        self.offset_y = QDoubleSpinBox()
        for spin in (self.offset_x, self.offset_y):
            spin.setRange(-20, 20)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setSuffix(" 毫米")
            spin.valueChanged.connect(self._settings_changed)
        offset_row = QHBoxLayout()
        offset_row.addWidget(QLabel("右移"))
        offset_row.addWidget(self.offset_x)
        offset_row.addWidget(QLabel("下移"))
        offset_row.addWidget(self.offset_y)
        form.addRow("打印位置微调", offset_row)
        self.margin_spin = QDoubleSpinBox()
        self.margin_spin.setRange(0, 40)
        self.margin_spin.setDecimals(0)
        self.margin_spin.setSuffix(" 毫米")
        self.margin_spin.setSpecialValueText("模板默认")
        self.margin_spin.valueChanged.connect(self._settings_changed)
        form.addRow("页边距", self.margin_spin)
        form.addRow("份数（测评表）", self.copies_spin)
        self.song_combo = QComboBox()
        self.hei_combo = QComboBox()
        fonts = font_set(PrintOptions())
        for combo in (self.song_combo, self.hei_combo):
            combo.addItem("自动（优先宋体/黑体）", "")
            for key, label in fonts.installed():
                combo.addItem(label, key)
            combo.currentIndexChanged.connect(self._settings_changed)
        form.addRow("正文字体", self.song_combo)
        form.addRow("标题字体", self.hei_combo)
        self.emblem_label = QLabel()
        self.emblem_label.setWordWrap(True)
        emblem_pick = QPushButton("选择党徽图片…")
        emblem_clear = QPushButton("使用矢量党徽")
        emblem_pick.clicked.connect(self._pick_emblem)
        emblem_clear.clicked.connect(lambda: self.set_emblem_image(""))
        emblem_row = QHBoxLayout()
        emblem_row.addWidget(emblem_pick)
        emblem_row.addWidget(emblem_clear)
        form.addRow("党徽", self.emblem_label)
        form.addRow(emblem_row)
        self.flag_checks: dict[str, QCheckBox] = {}
        for key, label in _FLAGS:
            check = QCheckBox(label)
            self.flag_checks[key] = check
            form.addRow(check)
        for widget in (self.paper_combo, self.badge_combo):
            widget.currentIndexChanged.connect(self._settings_changed)
        for spin in (self.custom_w, self.custom_h, self.badge_w, self.badge_h):
            spin.valueChanged.connect(self._settings_changed)
        for ispin in (self.start_spin, self.copies_spin):
            ispin.valueChanged.connect(self._settings_changed)
        self.landscape_check.toggled.connect(self._settings_changed)
        for check in self.flag_checks.values():
            check.toggled.connect(self._settings_changed)

        self.preview_button = QPushButton("生成预览")
        self.save_button = QPushButton("另存为…")
        self.open_button = QPushButton("用系统阅读器打开")
        self.print_button = QPushButton("打印…")
        self.cancel_button = QPushButton("取消")
        self.preview_button.clicked.connect(self.generate)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_external)
        self.print_button.clicked.connect(self.print_document)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.save_button, self.open_button, self.print_button, self.cancel_button):
            buttons.addWidget(button)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("请选择文书和范围，然后点击“生成预览”。")
        self.status.setWordWrap(True)
        self.problems_view = QPlainTextEdit()
        self.problems_view.setReadOnly(True)
        self.problems_view.setMaximumHeight(110)
        self.problems_view.setVisible(False)  # shown when there is something to say

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("文书"))
        left_layout.addWidget(self.kind_list, 1)
        left_layout.addWidget(scope_box)
        left_layout.addWidget(settings_box)
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setWidget(left)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setMinimumWidth(left.sizeHint().width() + 24)

        self.pages_host = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_host)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setWidget(self.pages_host)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.problems_view)
        right_layout.addWidget(self.preview_area, 1)

        splitter = QSplitter()
        splitter.addWidget(left_scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._set_busy(False)

    # -- state ---------------------------------------------------------------------------------
    @property
    def kind(self) -> DocumentKind:
        item = self.kind_list.currentItem()
        return DocumentKind(item.data(Qt.ItemDataRole.UserRole) if item else DocumentKind.PLACARDS.value)

    def set_kind(self, kind: DocumentKind) -> None:
        for row in range(self.kind_list.count()):
            if self.kind_list.item(row).data(Qt.ItemDataRole.UserRole) == kind.value:
                self.kind_list.setCurrentRow(row)
                return

    def refresh(self) -> None:
        """Reload years, batches, units, posts and months from the database."""
        self._loading = True
        try:
            year = self.year_combo.currentData()
            self.year_combo.clear()
            self.year_combo.addItem("全部年度", None)
            for row in queries.campaign_years(self.store):
                self.year_combo.addItem(f"{row['year']}年", int(row["year"]))
            index = self.year_combo.findData(year) if year is not None else -1
            self.year_combo.setCurrentIndex(max(0, index))
            self._fill_batches()
            self.unit_combo.clear()
            self.unit_combo.addItem("全部", None)
            for row in queries.units(self.store):
                self.unit_combo.addItem(str(row["name"]), int(row["id"]))
            self.post_combo.clear()
            self.post_combo.addItem("全部", None)
            for row in queries.posts(self.store):
                if row["code"]:
                    self.post_combo.addItem(f"{row['code']} {row['name']}", str(row["code"]))
            self.member_combo.clear()
            self.member_combo.addItem("全部在岗党员", None)
            for row in queries.serving_members(self.store):
                self.member_combo.addItem(f"{row['name_snapshot']}（{row['post_name']}）", int(row["member_id"]))
            self.month_combo.clear()
            today = self.store.today()
            for back in range(13):
                y, m = today.year, today.month - back
                while m <= 0:
                    y, m = y - 1, m + 12
                self.month_combo.addItem(f"{y}年{m}月", f"{y:04d}-{m:02d}")
            self.month_combo.setCurrentIndex(1)
        finally:
            self._loading = False
        self._on_kind_changed()

    def _fill_batches(self) -> None:
        self.batch_combo.clear()
        self.batch_combo.addItem("全部批次", None)
        year = self.year_combo.currentData()
        if year is not None:
            for row in queries.batches(self.store, int(year)):
                self.batch_combo.addItem(str(row["name"]), int(row["number"]))

    def _on_year_changed(self) -> None:
        if not self._loading:
            self._loading = True
            try:
                self._fill_batches()
            finally:
                self._loading = False

    def _on_kind_changed(self) -> None:
        wanted = set(KIND_SCOPES[self.kind])
        for key, (caption, widget) in self.scope_rows.items():
            caption.setVisible(key in wanted)
            widget.setVisible(key in wanted)
        self._show_options(load_options(self.store, self.kind))

    def scope(self) -> Scope:
        wanted = set(KIND_SCOPES[self.kind])
        return Scope(
            year=self.year_combo.currentData() if "year" in wanted else None,
            batch=self.batch_combo.currentData() if "batch" in wanted else None,
            unit_id=self.unit_combo.currentData() if "unit" in wanted else None,
            post_code=self.post_combo.currentData() if "post" in wanted else None,
            month=self.month_combo.currentData() if "month" in wanted else None,
            member_id=self.member_combo.currentData() if "member" in wanted else None,
        )

    def _show_options(self, options: PrintOptions) -> None:
        self._loading = True
        try:
            self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(options.paper)))
            self.landscape_check.setChecked(options.landscape)
            self.custom_w.setValue(options.custom_width)
            self.custom_h.setValue(options.custom_height)
            self.badge_combo.setCurrentIndex(max(0, self.badge_combo.findData(options.badge_size)))
            self.badge_w.setValue(options.badge_custom_width)
            self.badge_h.setValue(options.badge_custom_height)
            self.start_spin.setValue(options.start_position)
            self.copies_spin.setValue(options.copies)
            self.margin_spin.setValue(options.page_margin)
            self.offset_x.setValue(options.print_offset_x)
            self.offset_y.setValue(options.print_offset_y)
            for key, check in self.flag_checks.items():
                check.setChecked(bool(getattr(options, key)))
            self.song_combo.setCurrentIndex(max(0, self.song_combo.findData(options.font_song)))
            self.hei_combo.setCurrentIndex(max(0, self.hei_combo.findData(options.font_hei)))
            self.emblem_label.setText(emblem_choice_text(self.store, options))
        finally:
            self._loading = False
        self._update_enabled()

    def _update_enabled(self) -> None:
        kind = self.kind
        paper = kind in _PAPER_KINDS
        self.paper_combo.setEnabled(paper)
        self.landscape_check.setEnabled(paper and kind is not DocumentKind.BADGES)
        custom_paper = paper and self.paper_combo.currentData() == "custom"
        self.custom_w.setEnabled(custom_paper)
        self.custom_h.setEnabled(custom_paper)
        badges = kind in _BADGE_ONLY
        self.badge_combo.setEnabled(badges)
        custom_badge = badges and self.badge_combo.currentData() == "custom"
        self.badge_w.setEnabled(custom_badge)
        self.badge_h.setEnabled(custom_badge)
        self.start_spin.setEnabled(badges)
        self.copies_spin.setEnabled(kind in _COPIES)
        margins = kind not in _PAPER_KINDS and kind is not DocumentKind.ANNUAL_REPORT
        self.margin_spin.setEnabled(margins)
        self.margin_spin.setToolTip(
            "四边页边距（8–40毫米）；“模板默认”使用各文书自己的版式" if margins else
            "标牌和胸牌按纸张上的实物尺寸排版，年度报告的图表版式固定，都不使用页边距设置")
        for key, check in self.flag_checks.items():
            check.setEnabled(kind in _FLAG_KINDS.get(key, set(DocumentKind)))

    def options(self) -> PrintOptions:
        base = load_options(self.store, self.kind)
        flags = {key: check.isChecked() for key, check in self.flag_checks.items()}
        return replace(
            base,
            paper=str(self.paper_combo.currentData()),
            landscape=self.landscape_check.isChecked(),
            custom_width=self.custom_w.value(),
            custom_height=self.custom_h.value(),
            badge_size=str(self.badge_combo.currentData()),
            badge_custom_width=self.badge_w.value(),
            badge_custom_height=self.badge_h.value(),
            start_position=self.start_spin.value(),
            copies=self.copies_spin.value(),
            page_margin=self.margin_spin.value(),
            print_offset_x=self.offset_x.value(),
            print_offset_y=self.offset_y.value(),
            font_song=str(self.song_combo.currentData() or ""),
            font_hei=str(self.hei_combo.currentData() or ""),
            **flags,
        )

    def _pick_emblem(self) -> None:
        start = widgets.file_start_path("image", owner=self)
        path = file_dialogs.open_file_name(self, "选择党徽图片", start, "图片文件 (*.png *.jpg *.jpeg)")
        if path:
            widgets.remember_file_folder("image", path, owner=self)
            self.set_emblem_image(path)

    def set_emblem_image(self, path: str) -> bool:
        """Use the office's emblem image in every document (or the vector drawing for ""). The
        picture itself is kept in the database, so it still prints after the file is gone."""
        try:
            if path:
                image = set_emblem_image_file(self.store, path)
                self.status.setText(f"已保存党徽图片“{image.name}”，所有文书都将使用它。")
            else:
                clear_emblem_image(self.store)
                self.status.setText("已改为使用程序绘制的矢量党徽。")
        except DomainError as error:
            widgets.warn(self, str(error), "无法使用这个图片")
            return False
        finally:
            self._show_options(load_options(self.store, self.kind))
        return True

    def _settings_changed(self) -> None:
        if not self._loading:
            save_options(self.store, self.kind, self.options())
            self._update_enabled()

    # -- rendering -----------------------------------------------------------------------------
    def generate(self) -> None:
        """Build the chosen document (on the worker when the database is a file)."""
        if self._building:
            return
        self._start_build()

    def _start_build(self) -> None:
        kind, scope, options = self.kind, self.scope(), self.options()
        self.result = None
        self._show_problems("")
        self.status.setText(f"正在生成“{kind.label}”…")
        self._job += 1
        number = self._job
        if self.store.path is None:
            # An in-memory database cannot be opened a second time: build it here.
            try:
                result = render(self.store, kind, scope, options)
            except (PrintError, DomainError, Cancelled) as error:
                self._on_failed(_error_text(error))
                return
            self._on_finished(result, render_pages(result.pdf, PREVIEW_DPI, 0, PREVIEW_MAX_PAGES))
            return
        self._building = True
        self._set_busy(True)
        path = self.store.path
        cancel = self._cancel = threading.Event()  # one per job: cancelling it never stops a later one

        def job(progress: Any) -> tuple[RenderResult, list[QImage]]:
            worker_store = open_store(path)
            try:
                result = render(worker_store, kind, scope, options, cancelled=cancel.is_set,
                                progress=lambda done, total: progress(done * 100 // max(1, total), f"{done}/{total}"))
            finally:
                worker_store.close()
            # QImage (unlike QPixmap) may be made off the GUI thread: rasterize the preview here too.
            return result, render_pages(result.pdf, PREVIEW_DPI, 0, PREVIEW_MAX_PAGES)

        def done(outcome: tuple[RenderResult, list[QImage]]) -> None:
            if number == self._job:
                self._on_finished(*outcome)

        def failed(error: BaseException, _text: str) -> None:
            if number == self._job:
                self._on_failed(_error_text(error))

        def progress(percent: int, text: str) -> None:
            if number == self._job:
                self._on_progress(percent, text)

        self.runner.run(self, kind.label, job, done, failed, on_progress=progress,
                        on_cancelled=lambda: failed(Cancelled(), ""), show_progress=False)

    def cancel(self) -> None:
        self._cancel.set()
        self.status.setText("正在取消…")

    def wait(self, timeout: float = 60) -> bool:
        """Block until the worker has made the document being built (tools); the outcome reaches
        the page at the event loop's next turn."""
        return self.runner.wait(timeout)

    def shutdown(self) -> None:
        """Stop the document being built and any print job (closing the window)."""
        self._cancel.set()
        if self._printing is not None:
            self._end_print(sent=False)
        self.runner.shutdown()
        self._building = False

    def closeEvent(self, event: Any) -> None:  # Qt override
        self.shutdown()
        super().closeEvent(event)

    def _on_progress(self, percent: int, text: str) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(percent)
        status = f"正在生成“{self.kind.label}”：{text}"
        self.status.setText(status)
        self.progressed.emit(percent, status)

    def _on_finished(self, result: RenderResult, images: list[QImage]) -> None:
        self._building = False
        self.result = result
        self._set_busy(False)
        warnings = result.warnings
        self._show_problems("\n".join([*result.notices, *warnings]))
        note = f"，有{len(warnings)}处内容过长被截断" if warnings else ""
        if result.notices:
            note += f"，另有{len(result.notices)}条提示"
        if note:
            note += "，请查看下方说明"
        after, self._finish_note = self._finish_note, ""
        self.status.setText(f"已生成“{result.kind.label}”，共{result.pages}页{note}。{after}")
        self._show_preview(images, result.pages)
        self.built.emit(result)

    def _on_failed(self, message: str) -> None:
        self._building = False
        self._finish_note = ""
        self._set_busy(False)
        self.result = None
        self._clear_preview()
        self.status.setText("未能生成：" + message.splitlines()[0])
        self._show_problems(message)
        self.build_failed.emit(message)

    def _show_problems(self, text: str) -> None:
        self.problems_view.setPlainText(text)
        self.problems_view.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self.preview_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        has = self.result is not None and not busy
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(has)

    def _clear_preview(self) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def _show_preview(self, images: list[QImage], pages: int) -> None:
        self._clear_preview()
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages_layout.addWidget(label)
        if pages > PREVIEW_MAX_PAGES:
            self.pages_layout.addWidget(QLabel(f"预览只显示前{PREVIEW_MAX_PAGES}页，共{pages}页；保存或打印时包含全部页面。"))

    # -- output --------------------------------------------------------------------------------
    def default_file_name(self) -> str:
        kind = self.result.kind if self.result is not None else self.kind
        return f"{kind.label}.pdf"

    def save_to(self, path: str | Path) -> Path | None:
        """Write the PDF; a file open in another program, a folder without permission or a full
        disk is told in Chinese (status line and a message box), never the crash dialog."""
        if self.result is None:
            return None
        try:
            target = self.result.save(path)
        except SaveFailed as error:
            self._save_failed(str(error))
            return None
        except OSError as error:  # not expected from save(), but a file system is a file system
            self._save_failed(save_error_text(Path(path), error))
            return None
        self.status.setText(f"已保存到 {target}")
        return target

    def _save_failed(self, message: str) -> None:
        self.status.setText(message)
        widgets.warn(self, message, "未能保存")

    def save_as(self) -> None:
        if self.result is None:
            return
        start = widgets.file_start_path("pdf", self.default_file_name(), owner=self)
        path = file_dialogs.save_file_name(self, "另存为", start, "PDF 文件 (*.pdf)")
        if path:
            widgets.remember_file_folder("pdf", path, owner=self)
            self.save_to(path)

    @staticmethod
    def viewer_folder() -> Path:
        return Path(tempfile.gettempdir()) / OPEN_FOLDER_NAME

    def viewer_file(self, folder: Path) -> Path:
        """A new name each time: the viewer may still hold the PDF opened before (Windows then
        refuses to overwrite it)."""
        assert self.result is not None
        stem = f"{self.result.kind.label}-{datetime.now():%Y%m%d-%H%M%S}"
        target = folder / f"{stem}.pdf"
        number = 2
        while target.exists():
            target = folder / f"{stem}-{number}.pdf"
            number += 1
        return target

    @staticmethod
    def clean_viewer_folder(folder: Path, keep: Path, *, older_than: float = OPEN_KEEP_SECONDS) -> None:
        """Delete PDFs opened earlier (best effort: one still open in a viewer stays)."""
        limit = time.time() - older_than
        with contextlib.suppress(OSError):
            for old in folder.glob("*.pdf"):
                if old == keep:
                    continue
                with contextlib.suppress(OSError):
                    if old.stat().st_mtime < limit:
                        old.unlink()

    def open_external(self) -> None:
        if self.result is None:
            return
        folder = self.viewer_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._save_failed(save_error_text(folder, error))
            return
        target = self.save_to(self.viewer_file(folder))
        if target is None:
            return
        self.clean_viewer_folder(folder, target)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.status.setText(f"没有找到可以打开PDF的程序，文件已保存在 {target}")

    def print_document(self) -> None:
        if self.result is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.result.kind.label)
        self.prepare_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if widgets.exec_dialog(dialog) != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def prepare_printer(self, printer: Any) -> None:
        """Paper as in the PDF and the whole sheet addressable, so badges keep 90×54 mm exactly;
        black-and-white documents preset to grayscale (the clerk can change it in the dialog)."""
        from PySide6.QtCore import QSizeF
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter

        assert self.result is not None
        width, height = page_sizes(self.result.pdf)[0]
        landscape = width > height
        size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point, "",
                         QPageSize.SizeMatchPolicy.FuzzyMatch)
        printer.setFullPage(True)
        printer.setPageSize(size)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
        colour = self.result.kind in COLOUR_KINDS
        printer.setColorMode(QPrinter.ColorMode.Color if colour else QPrinter.ColorMode.GrayScale)

    def print_to(self, printer: Any) -> bool:
        """Send every page to ``printer`` at its real size (see ``page_placement``).

        Pages are rasterized by pdfium at the printer's resolution, at most 300 dpi (grayscale
        for black-and-white documents), on the worker one page ahead while the GUI thread draws
        the previous one; a progress dialog can cancel the job. If the paper is smaller than the
        page the clerk chooses between shrinking to fit and cancelling. Returns whether the job
        was started; ``printed`` tells how it ended."""
        from PySide6.QtGui import QPageLayout
        from PySide6.QtPrintSupport import QPrinter

        assert self.result is not None
        if self._printing is not None:
            return False
        result = self.result
        sizes = page_sizes(result.pdf)
        if not sizes:
            return False
        layout = printer.pageLayout()
        full = layout.fullRect(QPageLayout.Unit.Point)
        paper = (full.width(), full.height())
        largest = (max(w for w, _ in sizes), max(h for _, h in sizes))
        scale = 1.0
        if not paper_fits(largest, paper):
            scale = shrink_factor(largest, paper)
            if not widgets.ask(self, paper_too_small_text(largest, paper, scale), title="纸张比文书页面小",
                               yes="按比例缩小打印", no="取消打印"):
                self.status.setText("已取消打印。")
                return False
        if printer.fullPage():
            origin = (0.0, 0.0)
        else:
            paint = layout.paintRect(QPageLayout.Unit.Point)
            origin = (paint.left(), paint.top())
        dpi = (float(printer.logicalDpiX()), float(printer.logicalDpiY()))
        options = self.options()
        painter = QPainter()
        if not painter.begin(printer):
            self.status.setText("无法连接打印机，请检查打印机是否已开启。")
            return False
        progress = QProgressDialog(f"正在发送“{result.kind.label}”到打印机……", "取消", 0, len(sizes), self)
        progress.setWindowTitle("打印")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(800)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale != 1.0)
        self._printing = _PrintJob(
            result=result, painter=painter, printer=printer, progress=progress, sizes=sizes, dpi=dpi,
            raster_dpi=min(PRINT_MAX_DPI, max(72.0, *dpi)),
            grayscale=result.kind not in COLOUR_KINDS or printer.colorMode() == QPrinter.ColorMode.GrayScale,
            scale=scale, origin=origin, offset=(options.print_offset_x, options.print_offset_y))
        self._set_printing(True)
        self._rasterize(self._printing, 0)
        return True

    def _rasterize(self, job: _PrintJob, index: int) -> None:
        """Queue page ``index`` of ``job`` on the worker; it is drawn when its image arrives."""

        def work(_progress: Any) -> QImage:
            # QImage may be made off the GUI thread; the pdfium document is used on the worker only.
            if "pdf" not in job.document:
                job.document["pdf"] = pdfium.PdfDocument(job.result.pdf)
            return _page_image(job.document["pdf"], index, job.raster_dpi, grayscale=job.grayscale)

        def failed(error: BaseException, text: str) -> None:
            if self._printing is job:
                self._end_print(sent=False)
            if not isinstance(error, Cancelled):
                raise error

        def cancelled() -> None:
            if self._printing is job:
                self._end_print(sent=False)

        self.runner.run(self, "", work, lambda image: self._draw_page(job, index, image), failed,
                        on_cancelled=cancelled, show_progress=False)

    def _draw_page(self, job: _PrintJob, index: int, image: QImage) -> None:
        if self._printing is not job:
            return
        if job.progress.wasCanceled():
            job.printer.abort()
            self._end_print(sent=False)
            return
        if index + 1 < len(job.sizes):
            self._rasterize(job, index + 1)  # the next page is made while this one is drawn
        if index:
            job.printer.newPage()
        place = page_placement(job.sizes[index], job.dpi, scale=job.scale, paint_origin_pt=job.origin, offset_mm=job.offset)
        job.painter.drawImage(QRectF(place.x, place.y, place.width, place.height), image)
        job.progress.setValue(index + 1)
        job.progress.setLabelText(f"正在发送“{job.result.kind.label}”到打印机：第{index + 1}/{len(job.sizes)}页")
        if index + 1 == len(job.sizes):
            self._end_print(sent=True)

    def _end_print(self, *, sent: bool) -> None:
        job, self._printing = self._printing, None
        if job is None:
            return
        with contextlib.suppress(RuntimeError):
            job.painter.end()
        document = job.document

        def close_document(_progress: Any) -> None:
            pdf = document.pop("pdf", None)
            if pdf is not None:
                pdf.close()

        self.runner.run(self, "", close_document, lambda _none: None, show_progress=False)
        job.progress.close()
        job.progress.deleteLater()
        self._set_printing(False)
        if sent:
            note = f"（已按比例缩小到{job.scale * 100:.0f}%）" if job.scale != 1.0 else ""
            self.status.setText(f"已发送到打印机，共{len(job.sizes)}页{note}。")
        else:
            self.status.setText("已取消打印。")
        self.printed.emit(sent)

    def _set_printing(self, printing: bool) -> None:
        for button in (self.preview_button, self.save_button, self.open_button, self.print_button):
            button.setEnabled(not printing)
        if not printing:
            self._set_busy(False)

    # -- navigation from other pages -----------------------------------------------------------
    def focus_entity(self, target: Any) -> None:
        """The 示范岗 page's 打印标牌胸牌 sends ``("posts", post_id)``: preset that post."""
        entity, key = target if isinstance(target, tuple) and len(target) == 2 else (None, target)
        if entity != "posts" or key is None:
            return
        try:
            post = queries.post(self.store, int(key))
        except DomainError as error:
            self.status.setText(str(error))
            return
        if not post.get("code"):
            self.status.setText(f"示范岗“{post['name']}”还没有确定上岗，没有岗位编号，不能打印标牌和胸牌。")
            return
        self.preset_post(str(post["code"]), str(post["name"]))

    def preset_post(self, code: str, name: str = "", kind: DocumentKind = DocumentKind.PLACARDS) -> None:
        """Show ``kind`` for just the post ``code`` (other filters back to 全部) and preview it."""
        if self._building:
            self.cancel()  # a document of another scope still being built: it is not wanted now
        if self.post_combo.findData(code) < 0:
            self.refresh()  # confirmed since the list was filled
        self.set_kind(kind)
        self._loading = True
        try:
            for combo in (self.year_combo, self.unit_combo, self.member_combo):
                combo.setCurrentIndex(0)
            self._fill_batches()
            self.batch_combo.setCurrentIndex(0)
            self.post_combo.setCurrentIndex(max(0, self.post_combo.findData(code)))
        finally:
            self._loading = False
        self.result = None
        self._clear_preview()
        self._set_busy(False)
        label = f"“{name}”（{code}）" if name else f"“{code}”"
        self._finish_note = f"只含示范岗{label}；要打印它的胸牌，请在左侧选“党徽胸牌”（同样只含这个岗位）。"
        self._start_build()  # its number makes the outcome of the cancelled build (still on the worker) be ignored


def _error_text(error: BaseException) -> str:
    if isinstance(error, Cancelled):
        return "已取消。"
    if isinstance(error, PrintBlocked | PrintError | DomainError):
        return str(error)
    return f"生成时出现程序错误：{error!r}"
