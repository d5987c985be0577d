"""Add or edit a party member: validation as the rules say, the ID number checked as it is typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core import queries
from core.enums import Education, MemberCategory, Sex, Standing
from core.errors import DomainError
from core.idcard import parse_id_number
from core.org import MemberInput, add_member, set_member_photo, update_member
from core.store import Changes
from gui import file_dialogs, photos
from gui.context import AppContext
from gui.widgets import ERROR_STYLE, FormDialog


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class MemberDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, member_id: int | None = None,
                 unit_id: int | None = None) -> None:
        store = ctx.store
        self.store = store
        self.member_id = member_id
        self.photo: bytes | None = None
        self.photo_changed = False
        title = "编辑党员信息" if member_id else "新增党员"
        super().__init__(title, parent, self._save, ctx=ctx, min_width=620)
        row: dict[str, Any] = store.get("members", member_id) if member_id else {}
        units = [(u["id"], u["name"]) for u in queries.units(store)]
        self.add_text("name", "姓名：", row.get("name", ""))
        self.id_edit = self.add_text("id_number", "公民身份号码：", row.get("id_number", ""), placeholder="18位，末位可为X")
        self.id_info = QLabel()
        self.form.addRow("", self.id_info)
        self.id_edit.textChanged.connect(self._check_id)
        self.add_combo("unit_id", "所在党组织：", units, row.get("unit_id", unit_id))
        self.add_combo("category", "党员类别：", MemberCategory.choices(), row.get("category", MemberCategory.FULL.value))
        self.add_combo("sex", "性别：", [(None, "按身份证号"), *Sex.choices()], row.get("sex"))
        today = store.today()
        # An empty date field starts from these when the clerk types or opens its calendar.
        self.birth_edit = self.add_date("birth_date", "出生日期：", row.get("birth_date"), optional=True,
                                        default=_years_before(today, 30))
        self.add_text("ethnicity", "民族：", row.get("ethnicity", "汉族"))
        self.add_combo("education", "学历：", [("", "未填写"), *Education.choices()], row.get("education", ""))
        self.add_date("join_date", "入党时间：", row.get("join_date"), optional=True, default=today)
        self.add_date("full_date", "转正时间：", row.get("full_date"), optional=True, default=today)
        self.add_combo("standing", "党籍状态：", Standing.choices(), row.get("standing", Standing.NORMAL.value))
        self.add_text("position", "工作岗位：", row.get("position", ""))
        self.add_text("phone", "联系电话：", row.get("phone", ""), placeholder="手机号或带区号的固定电话")
        self.add_text("notes", "备注：", row.get("notes", ""), multiline=True)
        self._build_photo(member_id)
        self._check_id(self.id_edit.text())

    def _build_photo(self, member_id: int | None) -> None:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.photo_label = QLabel("无照片")
        self.photo_label.setFixedSize(105, 147)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #cccccc; background: #fafafa; color: #888888;")
        buttons = QVBoxLayout()
        choose = QPushButton("选择照片…")
        choose.clicked.connect(self._choose_photo)
        clear = QPushButton("清除照片")
        clear.clicked.connect(self._clear_photo)
        buttons.addWidget(choose)
        buttons.addWidget(clear)
        note = QLabel("照片自动裁成二寸比例（35×49毫米）")
        note.setStyleSheet("color: #555555;")
        buttons.addWidget(note)
        buttons.addStretch(1)
        layout.addWidget(self.photo_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.add("photo", "照片：", box, lambda: self.photo)
        if member_id:
            self.set_photo(queries.member_photo(self.store, member_id), changed=False)

    def set_photo(self, data: bytes | None, *, changed: bool = True) -> None:
        self.photo = data
        self.photo_changed = self.photo_changed or changed
        pixmap = photos.pixmap_from(data)
        if pixmap.isNull():
            self.photo_label.setPixmap(pixmap)
            self.photo_label.setText("无照片")
        else:
            self.photo_label.setPixmap(pixmap)
        if changed:
            self._dirty = True

    def _choose_photo(self) -> None:
        path = file_dialogs.open_file_name(self, "选择照片", "", "图片文件 (*.jpg *.jpeg *.png *.bmp)")
        if not path:
            return
        from gui import widgets
        from gui.dialogs.photo_crop import PhotoCropDialog

        image = photos.load_image(path)
        if image.isNull():
            self.show_error(DomainError("无法读取这个图片文件，请换一张照片。", field="photo"))
            return
        crop = PhotoCropDialog(image, self)
        if widgets.exec_dialog(crop):
            self.set_photo(crop.jpeg())

    def _clear_photo(self) -> None:
        self.set_photo(None)

    def _check_id(self, text: str) -> None:
        value = text.strip()
        if len(value) < 18:
            self.id_info.setStyleSheet("color: #555555;")
            self.id_info.setText(f"已输入{len(value)}位" if value else "")
            return
        try:
            info = parse_id_number(value, today=self.store.today())
        except DomainError as error:
            self.id_info.setStyleSheet(ERROR_STYLE)
            self.id_info.setText(str(error))
            return
        self.birth_edit.default = info.birth_date
        self.id_info.setStyleSheet("color: #2e7d32;")
        self.id_info.setText(f"校验通过：出生日期{info.birth_date.isoformat()}，{info.sex.label}")

    def member_input(self, values: dict[str, Any]) -> MemberInput:
        return MemberInput(
            name=values["name"], id_number=values["id_number"], unit_id=values["unit_id"],
            category=MemberCategory(values["category"]), sex=Sex(values["sex"]) if values["sex"] else None,
            birth_date=values["birth_date"], ethnicity=values["ethnicity"],
            education=Education(values["education"]) if values["education"] else None,
            join_date=values["join_date"], full_date=values["full_date"], standing=Standing(values["standing"]),
            position=values["position"], phone=values["phone"], notes=values["notes"],
        )

    def _save(self, values: dict[str, Any]) -> Changes:
        if values["unit_id"] is None:
            raise DomainError("请先在“组织与党员”页新建党支部，再登记党员。", field="unit_id")
        data = self.member_input(values)
        if self.member_id:
            changes = update_member(self.store, self.member_id, data)
        else:
            changes = add_member(self.store, data)
            self.member_id = changes.id
        if self.photo_changed:
            set_member_photo(self.store, self.member_id, self.photo)
            self.photo_changed = False
        return changes
