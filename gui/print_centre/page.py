"""The 打印中心 page: choose a document and its scope, preview the real PDF, save, open, print.

Documents are built on the shared worker (``gui.worker``), which opens its own SQLite connection
and also rasterizes the preview; the outcome of a build the clerk has since replaced is ignored.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from gui import file_dialogs, widgets
from gui.context import AppContext
from gui.pages.base import Page, unpack
from gui.print_centre import output
from gui.print_centre.options_form import OptionsForm
from gui.print_centre.printing import NotSent, PrintJob, prepare_printer
from gui.print_centre.raster import render_pages
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
    load_options,
    render,
    save_error_text,
    save_options,
    set_emblem_image_file,
)

PREVIEW_DPI = 60
PREVIEW_MAX_PAGES = 40
_SCOPE_ROWS = (("year", "年度"), ("batch", "批次"), ("unit", "组织单元"), ("post", "示范岗"), ("member", "党员"),
               ("month", "考核月份"))


class PrintCentrePage(Page):
    """打印中心 page of the main window."""

    title = "打印中心"
    watches = frozenset({"campaign_years", "batches", "units", "posts", "post_members", "members"})

    progressed = Signal(int, str)  # percent, status text of the document being built
    built = Signal(object)  # RenderResult: the preview is shown
    build_failed = Signal(str)  # the Chinese message shown
    printed = Signal(bool)  # a print job ended: sent (True) or cancelled/failed (False)

    def __init__(self, ctx: AppContext | Store, parent: QWidget | None = None) -> None:
        """``ctx`` is the window's context; tools and tests may give just a store (the page then
        keeps a context of its own, with the window settings of ``parent``)."""
        own = isinstance(ctx, Store)
        if isinstance(ctx, Store):
            ctx = AppContext(ctx, widgets.window_settings(parent))
        super().__init__(ctx, parent)
        if own:
            ctx.setParent(self)
        self.result: RenderResult | None = None
        self.runner = TaskRunner(self)
        self._cancel = threading.Event()
        self._job = 0  # the number of the document being built; outcomes of older (cancelled) jobs are ignored
        self._building = False
        self._printing: PrintJob | None = None
        self._loading = False
        self._finish_note = ""  # added to the status line when the next document is ready
        with contextlib.suppress(DomainError, OSError):
            adopt_old_emblem_path(self.store)  # an older version's image path: keep the picture in the database
        self._build_ui()
        self.refresh_now()  # tools and tests use the page before it is ever shown

    # -- construction ------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.options_form = OptionsForm()
        self.options_form.changed.connect(self._settings_changed)
        self.options_form.emblem_pick.connect(self._pick_emblem)
        self.options_form.emblem_clear.connect(lambda: self.set_emblem_image(""))
        splitter = QSplitter()
        splitter.addWidget(self._left_panel())
        splitter.addWidget(self._right_panel())
        splitter.setStretchFactor(1, 1)
        self.layout_.unsetContentsMargins()  # the style's margins: the preview gets the room
        self.layout_.addWidget(splitter)
        self._set_busy(False)

    def _kind_list(self) -> QListWidget:
        kinds = QListWidget()
        for kind in DocumentKind:
            item = QListWidgetItem(kind.label)
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            kinds.addItem(item)
        kinds.setCurrentRow(0)
        kinds.currentRowChanged.connect(self._on_kind_changed)
        return kinds

    def _scope_box(self) -> QGroupBox:
        self.year_combo = QComboBox()
        self.batch_combo = QComboBox()
        self.unit_combo = QComboBox()
        self.post_combo = QComboBox()
        self.month_combo = QComboBox()
        self.member_combo = QComboBox()
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        combos = {"year": self.year_combo, "batch": self.batch_combo, "unit": self.unit_combo,
                  "post": self.post_combo, "member": self.member_combo, "month": self.month_combo}
        box = QGroupBox("打印范围")
        form = QFormLayout(box)
        self.scope_rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, label in _SCOPE_ROWS:
            caption = QLabel(label)
            form.addRow(caption, combos[key])
            self.scope_rows[key] = (caption, combos[key])
        return box

    def _left_panel(self) -> QScrollArea:
        self.kind_list = self._kind_list()
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(QLabel("文书"))
        column.addWidget(self.kind_list, 1)
        column.addWidget(self._scope_box())
        column.addWidget(self.options_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(left.sizeHint().width() + 24)
        return scroll

    def _buttons(self) -> QHBoxLayout:
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
        row = QHBoxLayout()
        for button in (self.preview_button, self.save_button, self.open_button, self.print_button, self.cancel_button):
            row.addWidget(button)
        return row

    def _right_panel(self) -> QWidget:
        buttons = self._buttons()
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("请选择文书和范围，然后点击“生成预览”。")
        self.status.setWordWrap(True)
        self.problems_view = QPlainTextEdit()
        self.problems_view.setReadOnly(True)
        self.problems_view.setMaximumHeight(110)
        self.problems_view.setVisible(False)  # shown when there is something to say
        self.pages_host = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_host)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setWidget(self.pages_host)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addWidget(self.problems_view)
        column.addWidget(self.preview_area, 1)
        return right

    # The settings' fields, as tools and tests reach them through the page.
    @property
    def flag_checks(self) -> dict[str, QCheckBox]:
        return self.options_form.flag_checks

    @property
    def start_spin(self) -> QSpinBox:
        return self.options_form.start_spin

    @property
    def emblem_label(self) -> QLabel:
        return self.options_form.emblem_label

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
            self._fill_months()
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

    def _fill_months(self) -> None:
        """The last thirteen months, last month chosen (the month usually assessed)."""
        self.month_combo.clear()
        today = self.store.today()
        for back in range(13):
            y, m = today.year, today.month - back
            while m <= 0:
                y, m = y - 1, m + 12
            self.month_combo.addItem(f"{y}年{m}月", f"{y:04d}-{m:02d}")
        self.month_combo.setCurrentIndex(1)

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
        self._show_options()

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

    def _show_options(self) -> None:
        options = load_options(self.store, self.kind)
        self.options_form.show_options(options, emblem_choice_text(self.store, options), self.kind)

    def options(self) -> PrintOptions:
        return self.options_form.options(load_options(self.store, self.kind))

    def _settings_changed(self) -> None:
        save_options(self.store, self.kind, self.options())
        self.options_form.update_enabled(self.kind)

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
            self._show_options()
        return True

    # -- building the document -----------------------------------------------------------------
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
            self._printing.stop()
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
            widget = item.widget() if item is not None else None
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

    # -- saving and opening --------------------------------------------------------------------
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

    def open_external(self) -> None:
        if self.result is None:
            return
        folder = output.viewer_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._save_failed(save_error_text(folder, error))
            return
        target = self.save_to(output.viewer_file(folder, self.result.kind.label))
        if target is None:
            return
        output.clean_viewer_folder(folder, target)
        if not output.open_in_viewer(target):
            self.status.setText(f"没有找到可以打开PDF的程序，文件已保存在 {target}")

    # -- printing ------------------------------------------------------------------------------
    def print_document(self) -> None:
        if self.result is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.result.kind.label)
        self.prepare_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if sys.platform != "win32":
            # Qt's "print to file" browses with a plain file dialog that opens every file it lists,
            # which drops this process's locks on the database (see gui/file_dialogs.py): 另存为 saves a PDF.
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
        if widgets.exec_dialog(dialog) != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def prepare_printer(self, printer: QPrinter) -> None:
        """Preset the print dialog from the document (see ``printing.prepare_printer``)."""
        assert self.result is not None
        prepare_printer(printer, self.result)

    def print_to(self, printer: QPrinter) -> bool:
        """Send every page to ``printer`` (see ``printing``). Returns whether the job was started;
        ``printed`` tells how it ended."""
        assert self.result is not None
        if self._printing is not None:
            return False
        options = self.options()
        try:
            job = PrintJob(self, self.runner, self.result, printer,
                           offset_mm=(options.print_offset_x, options.print_offset_y), on_end=self._print_ended)
        except NotSent as refused:
            if str(refused):
                self.status.setText(str(refused))
            return False
        self._printing = job
        self._set_printing(True)
        job.start()
        return True

    def _print_ended(self, sent: bool, message: str) -> None:
        self._printing = None
        self._set_printing(False)
        self.status.setText(message)
        self.printed.emit(sent)

    def _set_printing(self, printing: bool) -> None:
        for button in (self.preview_button, self.save_button, self.open_button, self.print_button):
            button.setEnabled(not printing)
        if not printing:
            self._set_busy(False)

    # -- navigation from other pages -----------------------------------------------------------
    def focus_entity(self, target: Any) -> None:
        """The 示范岗 page's 打印标牌胸牌 sends ``("posts", post_id)``: preset that post."""
        entity, key = unpack(target)
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
