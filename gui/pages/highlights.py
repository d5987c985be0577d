"""宣传典型: exemplary cases and good practices, with their text and a photo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from core import queries
from core.enums import HighlightKind, PostStage
from core.errors import DomainError
from core.management import add_highlight
from core.post_rules import CONFIRMED
from core.store import Changes
from gui import file_dialogs, photos, widgets
from gui.context import AppContext
from gui.models import Column
from gui.pages.base import Page
from gui.widgets import FormDialog, TableView, button, heading


class HighlightsPage(Page):
    title = "宣传典型"
    watches = frozenset({"highlights", "posts"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        top = QHBoxLayout()
        top.addWidget(heading("宣传典型"))
        top.addStretch(1)
        top.addWidget(button("收录典型…", self.add))
        self.layout_.addLayout(top)
        splitter = QSplitter()
        self.table = TableView([
            Column("published_on", "宣传日期", width=92),
            Column("kind", "类别", lambda r: HighlightKind(r["kind"]).label, width=76),
            Column("title", "标题", width=240),
            Column("post_name", "示范岗", width=160),
            Column("channel", "宣传途径"),
        ], "highlights.table", ctx.qsettings)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show())
        splitter.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.photo = QLabel()
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setMaximumHeight(240)
        right_layout.addWidget(self.photo)
        self.body = QTextBrowser()
        right_layout.addWidget(self.body, 1)
        splitter.addWidget(right)
        splitter.setSizes([650, 450])
        self.layout_.addWidget(splitter, 1)

    def refresh(self) -> None:
        self.table.set_rows(queries.highlights(self.store))
        if self.table.current_row() is None and self.table.source.rowCount():
            self.table.selectRow(0)
        self._show()

    def _show(self) -> None:
        row = self.table.current_row()
        if row is None:
            self.body.setPlainText("")
            self.photo.clear()
            return
        title = row["title"]
        meta = f"{HighlightKind(row['kind']).label}　{row['published_on']}　{row['channel'] or ''}"
        body = str(row["body"] or "")
        self.body.setHtml(f"<h3>{_esc(title)}</h3><p style='color:#666'>{_esc(meta)}</p>"
                          + "".join(f"<p>{_esc(p)}</p>" for p in body.splitlines() if p.strip()))
        pixmap = photos.pixmap_from(queries.highlight_photo(self.store, row["id"]) if row["has_photo"] else None, 220)
        self.photo.setPixmap(pixmap)
        self.photo.setVisible(not pixmap.isNull())

    def add(self) -> None:
        posts = [(None, "（不关联具体岗位）")] + [(p["id"], f"{p['name']}（{p['unit_name']}）") for p in queries.posts(self.store)
                                           if PostStage(p["stage"]) in CONFIRMED]
        chosen: dict[str, bytes | None] = {"photo": None}

        def save(v: dict[str, Any]) -> Changes:
            return add_highlight(self.store, kind=HighlightKind(v["kind"]), title=v["title"], body=v["body"],
                                 published_on=v["published_on"], channel=v["channel"], post_id=v["post_id"],
                                 photo=chosen["photo"])

        dialog = FormDialog("收录先进典型或经验做法", self, save, ctx=self.ctx, min_width=620)
        dialog.add_combo("kind", "类别：", HighlightKind.choices())
        dialog.add_text("title", "标题：")
        dialog.add_combo("post_id", "相关示范岗：", posts)
        dialog.add_text("body", "内容：", multiline=True)
        dialog.add_text("channel", "宣传途径：", placeholder="例如：广播、宣传栏、网站")
        dialog.add_date("published_on", "宣传日期：", self.store.today())
        photo_button = QPushButton("选择照片…")
        photo_state = QLabel("未选择")

        def choose() -> None:
            start = widgets.file_start_path("photo", "", owner=self)
            path = file_dialogs.open_file_name(dialog, "选择照片", start, "图片文件 (*.jpg *.jpeg *.png *.bmp)")
            if not path:
                return
            widgets.remember_file_folder("photo", path, owner=self)
            image = photos.load_image(path)  # upright (EXIF) and on white
            if image.isNull():
                dialog.show_error(DomainError("无法读取这个图片文件。", field="photo"))
                return
            if image.width() > 1600:
                image = image.scaledToWidth(1600, Qt.TransformationMode.SmoothTransformation)
            chosen["photo"] = photos.to_jpeg(image)
            photo_state.setText(path.replace("\\", "/").rsplit("/", 1)[-1])

        photo_button.clicked.connect(choose)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(photo_button)
        holder_layout.addWidget(photo_state, 1)
        dialog.add("photo", "照片：", holder, lambda: chosen["photo"])
        widgets.exec_dialog(dialog)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
