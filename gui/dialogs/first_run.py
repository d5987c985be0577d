"""First start: the organization's name and type and the supervision phone."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from core.enums import OrgType
from core.org import setup_organization
from core.store import Changes, Store
from gui.widgets import FormDialog


class FirstRunDialog(FormDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        self.store = store
        super().__init__(
            "欢迎使用党员示范岗创建管理系统", parent, self._save,
            intro="第一次使用，请先填写本单位党组织的基本信息。组织类型决定界面上的用语："
                  "医院党委下设党支部、科室和分院，服务对象称“患者”；街道（镇）称“群众”。以后可以在“设置”页修改。",
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
