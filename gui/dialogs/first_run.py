"""The first start: which of three situations this is (``StartDialog``), and a new office's own
details (``FirstRunDialog``: the organization's name and type and the supervision phone)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCommandLinkButton, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.enums import OrgType
from core.org import setup_organization
from core.store import Changes, Store
from gui.widgets import ERROR_STYLE, FormDialog, hint

NEW_OFFICE = "new"
RESTORE = "restore"
OPEN_FILE = "open"


class StartDialog(QDialog):
    """The window has no office database to show: a new office, a move from an old PC (restore a
    backup) or a database file kept elsewhere. ``choice`` is the one taken; 退出 rejects."""

    def __init__(self, parent: QWidget | None = None, *, problem: str = "", target: str = "",
                 can_create: bool = True, remembers: bool = True) -> None:
        super().__init__(parent)
        self.choice = ""
        self.setWindowTitle("欢迎使用党员示范岗创建管理系统")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        if problem:
            warning = QLabel(problem)
            warning.setWordWrap(True)
            warning.setStyleSheet(ERROR_STYLE)
            layout.addWidget(warning)
        question = QLabel("请选择您的情况：")
        font = question.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        question.setFont(font)
        layout.addWidget(question)
        self.buttons: dict[str, QCommandLinkButton] = {}
        for choice, title, description in (
            (NEW_OFFICE, "新单位，第一次使用",
             "填写本单位党组织的名称、类型和监督电话，然后导入党员名册或新建党支部。"
             "区委（上级党委）汇总各单位的交换包，也从这里开始。"),
            (RESTORE, "从旧电脑搬来：用备份恢复",
             "选择旧电脑上的备份文件或数据库文件（例如U盘上的“示范岗-手动-….db”或“示范岗.db”），"
             "检查无误后复制到这台电脑继续使用。"),
            (OPEN_FILE, "打开已有的数据库文件",
             "数据库文件放在这台电脑的其他文件夹里（例如“D:\\党建\\示范岗.db”），直接打开它"
             + ("，以后每次启动都打开它。" if remembers else "。")),
        ):
            button = QCommandLinkButton(title, description)
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            layout.addWidget(button)
            self.buttons[choice] = button
        if not can_create:
            for choice in (NEW_OFFICE, RESTORE):
                self.buttons[choice].setEnabled(False)
                self.buttons[choice].setToolTip("那个文件夹不存在，无法在那里新建或恢复数据库。请检查路径是否输错。")
        if target:
            layout.addWidget(hint(f"新建或恢复的数据库保存在：{target}"))
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        leave = QPushButton("退出")
        leave.clicked.connect(self.reject)
        bottom.addWidget(leave)
        layout.addLayout(bottom)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class FirstRunDialog(FormDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        self.store = store
        super().__init__(
            "新单位：填写本单位信息", parent, self._save,
            intro="请先填写本单位党组织的基本信息。组织类型决定界面上的用语："
                  "医院党委下设党支部、科室和分院，服务对象称“患者”；街道（镇）称“群众”；"
                  "区委（上级党委）用来汇总各单位报送的交换包。以后可以在“设置”页修改。",
            ok_text="开始使用",
        )
        self.add_text("name", "组织名称：", placeholder="例如：长安街道党工委")
        self.add_combo("org_type", "组织类型：", OrgType.choices(), OrgType.STREET.value)
        self.add_text("supervision_phone", "监督电话：", placeholder="例如：010-65123456（印在标牌上）")
        self.add_text("operator", "操作员：", placeholder="例如：党建办 王芳（记入操作日志）")

    def _save(self, values: dict[str, Any]) -> Changes:
        return setup_organization(
            self.store, name=values["name"], org_type=OrgType(values["org_type"]),
            supervision_phone=values["supervision_phone"], operator=values["operator"],
        )


__all__ = ["NEW_OFFICE", "OPEN_FILE", "RESTORE", "FirstRunDialog", "StartDialog"]
