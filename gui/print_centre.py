"""The print centre: choose a document and its scope, preview the real PDF, save, open, print.

The preview shows pages rendered from the very PDF that will be saved or printed (pypdfium2),
so the screen cannot differ from the paper. Documents are built on one worker thread that
opens its own SQLite connection; the GUI's connection never crosses threads.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
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
from gui.worker import collect_garbage_here
from reports.render import (
    KIND_SCOPES,
    Cancelled,
    DocumentKind,
    PrintBlocked,
    PrintError,
    PrintOptions,
    RenderResult,
    Scope,
    font_set,
    load_options,
    render,
    save_options,
)

PREVIEW_DPI = 60
PREVIEW_MAX_PAGES = 40
PRINT_MAX_DPI = 300

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


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


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


def _page_image(document: Any, index: int, dpi: float) -> QImage:
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72)
        pil = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    data = pil.tobytes("raw", "RGB")
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
    return image.copy()


class PrintCentrePage(QWidget):
    """打印中心 page of the main window."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.result: RenderResult | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._future: Future[RenderResult] | None = None
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._loading = False
        self._preview_images: list[QImage] | None = None
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
            self.emblem_label.setText(Path(options.emblem_image).name if options.emblem_image else "矢量党徽（程序绘制）")
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
        path, _ = QFileDialog.getOpenFileName(self, "选择党徽图片", "", "图片文件 (*.png *.jpg *.jpeg)")
        if path:
            self.set_emblem_image(path)

    def set_emblem_image(self, path: str) -> None:
        """Use the office's emblem image (or the vector drawing for "") in every document."""
        for kind in DocumentKind:
            save_options(self.store, kind, replace(load_options(self.store, kind), emblem_image=path))
        self._show_options(load_options(self.store, self.kind))

    def _settings_changed(self) -> None:
        if not self._loading:
            save_options(self.store, self.kind, self.options())
            self._update_enabled()

    # -- rendering -----------------------------------------------------------------------------
    def generate(self) -> None:
        """Build the chosen document (on the worker when the database is a file)."""
        if self._future is not None and not self._future.done():
            return
        kind, scope, options = self.kind, self.scope(), self.options()
        self.result = None
        self._preview_images = None
        self._cancel.clear()
        self._show_problems("")
        self.status.setText(f"正在生成“{kind.label}”…")
        if self.store.path is None:
            # An in-memory database cannot be opened a second time: build it here.
            try:
                self._on_finished(render(self.store, kind, scope, options))
            except (PrintError, DomainError, Cancelled) as error:
                self._on_failed(_error_text(error))
            return
        self._set_busy(True)
        path = self.store.path
        signals = self._signals
        cancel = self._cancel

        def job() -> RenderResult:
            worker_store = open_store(path)
            try:
                result = render(worker_store, kind, scope, options,
                                progress=lambda done, total: signals.progress.emit(done, total), cancelled=cancel.is_set)
            finally:
                worker_store.close()
            # QImage (unlike QPixmap) may be made off the GUI thread: rasterize the preview here too.
            self._preview_images = render_pages(result.pdf, PREVIEW_DPI, 0, PREVIEW_MAX_PAGES)
            return result

        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="print")
        collect_garbage_here()
        self._future = self._executor.submit(job)
        self._future.add_done_callback(self._job_done)

    def _job_done(self, future: Future[RenderResult]) -> None:
        error = future.exception()
        if error is None:
            self._signals.finished.emit(future.result())
        else:
            self._signals.failed.emit(_error_text(error))

    def cancel(self) -> None:
        self._cancel.set()
        self.status.setText("正在取消…")

    def wait(self, timeout: float | None = 60) -> None:
        """Block until the current job ends (tests, closing the window)."""
        if self._future is not None:
            with contextlib.suppress(Exception):  # a failure is reported through the signal
                self._future.exception(timeout=timeout)

    def shutdown(self) -> None:
        self._cancel.set()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def closeEvent(self, event: Any) -> None:  # Qt override
        self.shutdown()
        super().closeEvent(event)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status.setText(f"正在生成“{self.kind.label}”：{done}/{total}")

    def _release_worker(self) -> None:
        """Let the worker thread end once its job is done (no thread idles behind the window)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None

    def _on_finished(self, result: RenderResult) -> None:
        self._release_worker()
        self.result = result
        self._set_busy(False)
        warnings = result.warnings
        self._show_problems("\n".join(warnings))
        note = f"，有{len(warnings)}处内容过长被截断，请查看下方提示" if warnings else ""
        self.status.setText(f"已生成“{result.kind.label}”，共{result.pages}页{note}。")
        self._show_preview(result.pdf, result.pages)

    def _on_failed(self, message: str) -> None:
        self._release_worker()
        self._set_busy(False)
        self.result = None
        self._clear_preview()
        self.status.setText("未能生成：" + message.splitlines()[0])
        self._show_problems(message)

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

    def _show_preview(self, pdf: bytes, pages: int) -> None:
        self._clear_preview()
        images = self._preview_images if self._preview_images is not None else render_pages(pdf, PREVIEW_DPI, 0, PREVIEW_MAX_PAGES)
        self._preview_images = None
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages_layout.addWidget(label)
        if pages > PREVIEW_MAX_PAGES:
            self.pages_layout.addWidget(QLabel(f"预览只显示前{PREVIEW_MAX_PAGES}页，共{pages}页；保存或打印时包含全部页面。"))

    # -- output --------------------------------------------------------------------------------
    def default_file_name(self) -> str:
        return f"{self.kind.label}.pdf"

    def save_to(self, path: str | Path) -> Path | None:
        if self.result is None:
            return None
        target = self.result.save(path)
        self.status.setText(f"已保存到 {target}")
        return target

    def save_as(self) -> None:
        if self.result is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "另存为", self.default_file_name(), "PDF 文件 (*.pdf)")
        if path:
            self.save_to(path)

    def open_external(self) -> None:
        if self.result is None:
            return
        folder = Path(tempfile.gettempdir()) / "党员示范岗打印"
        folder.mkdir(parents=True, exist_ok=True)
        target = self.save_to(folder / self.default_file_name())
        if target is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.status.setText(f"没有找到可以打开PDF的程序，文件已保存在 {target}")

    def print_document(self) -> None:
        if self.result is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.kind.label)
        self.prepare_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def prepare_printer(self, printer: Any) -> None:
        """Paper as in the PDF and the whole sheet addressable, so badges keep 90×54 mm exactly."""
        from PySide6.QtCore import QSizeF
        from PySide6.QtGui import QPageLayout, QPageSize

        assert self.result is not None
        document = pdfium.PdfDocument(self.result.pdf)
        try:
            width, height = document[0].get_size()
        finally:
            document.close()
        landscape = width > height
        size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point, "",
                         QPageSize.SizeMatchPolicy.FuzzyMatch)
        printer.setFullPage(True)
        printer.setPageSize(size)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)

    def print_to(self, printer: Any) -> None:
        """Rasterize each page at the printer's resolution (at most 300 dpi) and send it."""
        assert self.result is not None
        dpi = min(PRINT_MAX_DPI, max(72, printer.resolution()))
        options = self.options()
        device_dpi = printer.resolution()
        shift_x = options.print_offset_x / 25.4 * device_dpi
        shift_y = options.print_offset_y / 25.4 * device_dpi
        painter = QPainter()
        if not painter.begin(printer):
            self.status.setText("无法连接打印机，请检查打印机是否已开启。")
            return
        try:
            document = pdfium.PdfDocument(self.result.pdf)
            try:
                for index in range(len(document)):
                    if index:
                        printer.newPage()
                    image = _page_image(document, index, dpi)
                    # With full-page printing the viewport is the whole sheet: the page maps 1:1.
                    target = painter.viewport()
                    # 打印位置微调: some printers put everything a millimetre or two off.
                    target.translate(round(shift_x), round(shift_y))
                    painter.drawImage(target, image)
            finally:
                document.close()
        finally:
            painter.end()
        self.status.setText(f"已发送到打印机，共{self.result.pages}页。")


def _error_text(error: BaseException) -> str:
    if isinstance(error, Cancelled):
        return "已取消。"
    if isinstance(error, PrintBlocked | PrintError | DomainError):
        return str(error)
    return f"生成时出现程序错误：{error!r}"
