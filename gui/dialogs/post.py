"""The post editor: 岗位设置 (nominate a new post) or editing what the placard shows (五亮, 五创)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import queries
from core.enums import FiveCreation, FiveDisplay, PostKind, Standing
from core.errors import DomainError
from core.member_search import index_members, matching, search_query
from core.post_rules import MEMBER_LIMITS
from core.store import Changes, Store
from core.workflow import Deliberation, NominationInput, nominate_post, update_post_details
from gui.context import AppContext
from gui.widgets import FormDialog

DISPLAY_HINTS = {
    FiveDisplay.IDENTITY: "例如：中共党员 张伟强 便民服务窗口",
    FiveDisplay.DUTIES: "岗位职责",
    FiveDisplay.PLEDGE: "服务承诺",
    FiveDisplay.PROCESS: "办事流程",
    FiveDisplay.RESULTS: "工作业绩",
}


class MemberPicker(QWidget):
    """Pick the post's members: search on the left, chosen ones on the right, leader below."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.all = [m for m in queries.members(store) if m["standing"] == Standing.NORMAL.value]
        index_members(self.all)
        self.unit_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("按姓名、拼音或首字母查找党员")
        self.search.textChanged.connect(lambda _t: self._fill())
        self.only_unit = QCheckBox("只显示本单位党员")
        self.only_unit.setChecked(True)
        self.only_unit.toggled.connect(lambda _c: self._fill())
        top.addWidget(self.search, 1)
        top.addWidget(self.only_unit)
        layout.addLayout(top)
        lists = QHBoxLayout()
        self.candidates = QListWidget()
        self.chosen = QListWidget()
        self.candidates.itemDoubleClicked.connect(lambda _i: self._add())
        self.chosen.itemDoubleClicked.connect(lambda _i: self._remove())
        middle = QVBoxLayout()
        add = QPushButton("加入 →")
        add.clicked.connect(self._add)
        remove = QPushButton("← 移出")
        remove.clicked.connect(self._remove)
        middle.addStretch(1)
        middle.addWidget(add)
        middle.addWidget(remove)
        middle.addStretch(1)
        lists.addWidget(self.candidates, 1)
        lists.addLayout(middle)
        lists.addWidget(self.chosen, 1)
        layout.addLayout(lists)
        leader_row = QHBoxLayout()
        leader_row.addWidget(QLabel("岗位负责人："))
        self.leader = QComboBox()
        leader_row.addWidget(self.leader, 1)
        layout.addLayout(leader_row)
        self.setMinimumHeight(220)

    def set_unit(self, unit_id: int | None) -> None:
        self.unit_id = unit_id
        self._fill()

    def _fill(self) -> None:
        query = search_query(self.search.text())
        chosen = set(self.member_ids())
        self.candidates.clear()
        shown = 0
        for m in matching(self.all, query) if query else self.all:
            if m["id"] in chosen or (self.only_unit.isChecked() and m["unit_id"] != self.unit_id):
                continue
            item = QListWidgetItem(f"{m['name']}（{m['unit_name']}，{m['id_number'][-4:]}）")
            item.setData(Qt.ItemDataRole.UserRole, m["id"])
            self.candidates.addItem(item)
            shown += 1
            if shown >= 300:
                break

    def _add(self) -> None:
        for item in self.candidates.selectedItems() or ([self.candidates.currentItem()] if self.candidates.currentItem() else []):
            self.add_member(item.data(Qt.ItemDataRole.UserRole))

    def add_member(self, member_id: int) -> None:
        if member_id in self.member_ids():
            return
        member = next(m for m in self.all if m["id"] == member_id)
        item = QListWidgetItem(f"{member['name']}（{member['unit_name']}）")
        item.setData(Qt.ItemDataRole.UserRole, member_id)
        self.chosen.addItem(item)
        self.leader.addItem(member["name"], member_id)
        self._fill()

    def _remove(self) -> None:
        row = self.chosen.currentRow()
        if row < 0:
            return
        item = self.chosen.takeItem(row)
        index = self.leader.findData(item.data(Qt.ItemDataRole.UserRole))
        if index >= 0:
            self.leader.removeItem(index)
        self._fill()

    def member_ids(self) -> list[int]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    def leader_id(self) -> int | None:
        leader: int | None = self.leader.currentData()
        return leader


class PostDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, post_id: int | None = None,
                 batch_id: int | None = None) -> None:
        store = ctx.store
        self.store = store
        self.post_id = post_id
        terms = store.terms()
        super().__init__("编辑示范岗信息" if post_id else "岗位设置：提名示范岗", parent, self._save, ctx=ctx, min_width=760)
        post: dict[str, Any] = queries.post(store, post_id) if post_id else {}
        self.tabs = QTabWidget()
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)  # FormDialog lays itself out in one column
        outer.insertWidget(1, self.tabs)
        self._tab("基本信息")
        if not post_id:
            batches = [(b["id"], b["name"]) for b in queries.batches(store)]
            self.add_combo("batch_id", "批次：", batches, batch_id)
            self.add_combo("kind", "示范岗类型：", PostKind.choices(), PostKind.INDIVIDUAL.value)
        self.add_text("name", "岗位名称：", post.get("name", ""), placeholder="例如：便民服务窗口党员示范岗")
        if not post_id:
            unit_rows = queries.units(store)
            units = [(u["id"], u["name"]) for u in unit_rows]
            staffed = next((u["id"] for u in unit_rows if u["member_count"]), None)
            self.unit_box = self.add_combo("unit_id", "所在单位：", units, staffed)
            self.picker = MemberPicker(store)
            self.add("member_ids", "上岗党员：", self.picker, self.picker.member_ids, aliases=("leader_id",))
            self.unit_box.currentIndexChanged.connect(lambda _i: self.picker.set_unit(self.unit_box.currentData()))
            self.picker.set_unit(self.unit_box.currentData())
            creators = "或".join(k.label for k in terms.collective_creators)
            self.add_note(f"个人示范岗由党员本人创建，上岗党员{MEMBER_LIMITS[PostKind.INDIVIDUAL].wording}；"
                          f"集体示范岗由{creators}创建，上岗党员{MEMBER_LIMITS[PostKind.COLLECTIVE].wording}，负责人应为正式党员。")
        self.add_text("location", "岗位地点：", post.get("location", "") or "")
        if post_id:
            members = "、".join(m["name_snapshot"] + ("（负责人）" if m["role"] == "leader" else "")
                               for m in queries.post_members(store, post_id))
            for label, text in (("示范岗类型：", PostKind(post["kind"]).label), ("所在单位：", post["unit_name"]),
                                ("上岗党员：", members), ("编号：", post["code"] or "（确定岗位后生成）")):
                value = QLabel(text)
                value.setWordWrap(True)
                self.form.addRow(label, value)
            self.form.addRow("", QLabel("上岗人员的调整请在“示范岗”页使用“调整上岗人员”。"))
        if not post_id:
            self._tab("酝酿讨论")
            self.add_date("held_on", "讨论日期：", store.today())
            self.add_int("participants", "参加人数：", 0, maximum=10000, suffix=" 人")
            self.add_text("summary", "讨论情况：", multiline=True)
            box = QWidget()
            checks_layout = QVBoxLayout(box)
            checks_layout.setContentsMargins(0, 0, 0, 0)
            self.standard_checks = []
            for item in terms.standard_items:
                check = QCheckBox(item)
                checks_layout.addWidget(check)
                self.standard_checks.append(check)
            self.add("standard_met", "对照标准：", box, lambda: [c.isChecked() for c in self.standard_checks])
        self._tab("五亮（标牌内容）")
        self.display_edits: dict[FiveDisplay, QPlainTextEdit] = {}
        for display in FiveDisplay:
            edit = QPlainTextEdit(post.get(f"display_{display.value}", "") or "")
            edit.setPlaceholderText(DISPLAY_HINTS[display])
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(70 if display is FiveDisplay.IDENTITY else 90)
            self.display_edits[display] = edit
            self.add(f"display_{display.value}", f"{display.label}：", edit, edit.toPlainText)
        self._tab("五创（创建目标）")
        chosen = set(post.get("creations_list", []))
        box = QWidget()
        creation_layout = QVBoxLayout(box)
        creation_layout.setContentsMargins(0, 0, 0, 0)
        self.creation_checks: dict[FiveCreation, QCheckBox] = {}
        for creation in terms.creations:
            check = QCheckBox(creation.label)
            check.setChecked(creation.value in chosen)
            creation_layout.addWidget(check)
            self.creation_checks[creation] = check
        creation_layout.addStretch(1)
        self.add("creations", "创建目标：", box, lambda: [c for c, b in self.creation_checks.items() if b.isChecked()])
        for check in [*self.creation_checks.values(), *getattr(self, "standard_checks", [])]:
            check.toggled.connect(self._mark_dirty)

    def _tab(self, title: str) -> QWidget:
        page = QWidget()
        self.form = QFormLayout(page)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(page, title)
        return page

    def show_error(self, error: DomainError) -> None:
        super().show_error(error)
        name = {"leader_id": "member_ids"}.get(error.field or "", error.field or "")
        widget = self._widgets.get(name)
        if widget is None and name == "unit_id":
            widget = self._widgets.get("unit_id")
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if widget is not None and tab is not None and tab.isAncestorOf(widget):
                self.tabs.setCurrentIndex(i)

    def _save(self, v: dict[str, Any]) -> Changes:
        displays = {d: v[f"display_{d.value}"] for d in FiveDisplay}
        if self.post_id:
            return update_post_details(self.store, self.post_id, name=v["name"], location=v["location"],
                                       displays=displays, creations=v["creations"])
        if v["batch_id"] is None:
            raise DomainError("请先在“示范岗”页新建创建年度和批次。", field="batch_id")
        if v["unit_id"] is None:
            raise DomainError("请先新建党支部。", field="unit_id")
        leader = self.picker.leader_id()
        if leader is None:
            raise DomainError("请选择上岗党员和岗位负责人。", field="member_ids")
        data = NominationInput(
            batch_id=v["batch_id"], kind=PostKind(v["kind"]), name=v["name"], unit_id=v["unit_id"],
            member_ids=v["member_ids"], leader_id=leader,
            deliberation=Deliberation(held_on=v["held_on"], participants=v["participants"], summary=v["summary"],
                                      standard_met=v["standard_met"]),
            location=v["location"], displays=displays, creations=v["creations"],
        )
        return nominate_post(self.store, data)


def creations_text(post: dict[str, Any]) -> str:
    values = json.loads(post.get("creations") or "[]")
    return "、".join(FiveCreation(v).label for v in values)

