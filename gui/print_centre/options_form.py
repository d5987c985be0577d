"""The print centre's 模板设置: paper, badge size, position offset, margins, fonts, emblem and the
document's switches. Each setting is greyed out for the documents it does not apply to; every
change is announced (``changed``) so the page saves it at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from reports.render import DocumentKind, PrintOptions, font_set

_PAPERS = [("A4", "A4"), ("A3", "A3"), ("A5", "A5"), ("custom", "自定义尺寸")]
_BADGE_SIZES = [("90x54", "90×54毫米"), ("85x54", "85×54毫米"), ("custom", "自定义尺寸")]
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
# Which settings matter for which documents (the others are greyed out).
_PAPER_KINDS = {DocumentKind.PLACARDS, DocumentKind.BADGES}
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


def _mm_spin(low: float, high: float, *, decimals: int = 0, step: float = 1.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setSuffix(" 毫米")
    return spin


def _choices(choices: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def _row(*parts: QWidget | str) -> QHBoxLayout:
    """Widgets side by side; a string is a plain label between them (×, 右移 …)."""
    row = QHBoxLayout()
    for part in parts:
        row.addWidget(QLabel(part) if isinstance(part, str) else part)
    return row


class OptionsForm(QGroupBox):
    """模板设置（修改后自动保存）: shows one document's ``PrintOptions`` and reads them back."""

    changed = Signal()  # the clerk changed a setting (not emitted while ``show_options`` fills the form)
    emblem_pick = Signal()  # 选择党徽图片…
    emblem_clear = Signal()  # 使用矢量党徽

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("模板设置（修改后自动保存）", parent)
        self._loading = False
        self.form = QFormLayout(self)
        self._add_paper_rows()
        self._add_badge_rows()
        self._add_layout_rows()
        self._add_font_rows()
        self._add_emblem_rows()
        self._add_flag_rows()

    # -- construction ---------------------------------------------------------------------------
    def _add_paper_rows(self) -> None:
        self.paper_combo = _choices(_PAPERS)
        self.landscape_check = QCheckBox("横向")
        self.custom_w = _mm_spin(50, 1200)
        self.custom_h = _mm_spin(50, 1200)
        self.form.addRow("纸张", _row(self.paper_combo, self.landscape_check))
        self.form.addRow("自定义纸张", _row(self.custom_w, "×", self.custom_h))
        self._watch(self.paper_combo, self.landscape_check, self.custom_w, self.custom_h)

    def _add_badge_rows(self) -> None:
        self.badge_combo = _choices(_BADGE_SIZES)
        self.badge_w = _mm_spin(30, 200)
        self.badge_h = _mm_spin(30, 200)
        self.start_spin = QSpinBox()
        self.start_spin.setRange(1, 40)
        self.form.addRow("胸牌尺寸", _row(self.badge_combo, self.badge_w, "×", self.badge_h))
        self.form.addRow("胸牌从第几格开始", self.start_spin)
        self._watch(self.badge_combo, self.badge_w, self.badge_h, self.start_spin)

    def _add_layout_rows(self) -> None:
        self.offset_x = _mm_spin(-20, 20, decimals=1, step=0.5)
        self.offset_y = _mm_spin(-20, 20, decimals=1, step=0.5)
        self.form.addRow("打印位置微调", _row("右移", self.offset_x, "下移", self.offset_y))
        self.margin_spin = _mm_spin(0, 40)
        self.margin_spin.setSpecialValueText("模板默认")
        self.form.addRow("页边距", self.margin_spin)
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(1, 500)
        self.form.addRow("份数（测评表）", self.copies_spin)
        self._watch(self.offset_x, self.offset_y, self.margin_spin, self.copies_spin)

    def _add_font_rows(self) -> None:
        installed = font_set(PrintOptions()).installed()
        self.song_combo = _choices([("", "自动（优先宋体/黑体）"), *installed])
        self.hei_combo = _choices([("", "自动（优先宋体/黑体）"), *installed])
        self.form.addRow("正文字体", self.song_combo)
        self.form.addRow("标题字体", self.hei_combo)
        self._watch(self.song_combo, self.hei_combo)

    def _add_emblem_rows(self) -> None:
        self.emblem_label = QLabel()
        self.emblem_label.setWordWrap(True)
        pick = QPushButton("选择党徽图片…")
        clear = QPushButton("使用矢量党徽")
        pick.clicked.connect(self.emblem_pick)
        clear.clicked.connect(self.emblem_clear)
        self.form.addRow("党徽", self.emblem_label)
        self.form.addRow(_row(pick, clear))

    def _add_flag_rows(self) -> None:
        self.flag_checks: dict[str, QCheckBox] = {}
        for key, label in _FLAGS:
            check = QCheckBox(label)
            self.flag_checks[key] = check
            self.form.addRow(check)
            self._watch(check)

    def _watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_changed)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._on_changed)
            elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                widget.valueChanged.connect(self._on_changed)

    def _on_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    # -- values ---------------------------------------------------------------------------------
    def show_options(self, options: PrintOptions, emblem_text: str, kind: DocumentKind) -> None:
        """Fill the form with ``options`` (``changed`` stays quiet) and grey out what ``kind`` ignores."""
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
            self.emblem_label.setText(emblem_text)
        finally:
            self._loading = False
        self.update_enabled(kind)

    def options(self, base: PrintOptions) -> PrintOptions:
        """``base`` (the document's saved options) with what the form shows."""
        # Any: the keys are PrintOptions' bool fields, which mypy cannot tell from its other fields.
        flags: dict[str, Any] = {key: check.isChecked() for key, check in self.flag_checks.items()}
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

    def update_enabled(self, kind: DocumentKind) -> None:
        """Grey out the settings ``kind`` does not use."""
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
