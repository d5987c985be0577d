"""组织与党员: the unit tree and the member table, searched as you type.

The search box finds members the way ``core.member_search`` matches them (name, pinyin, initials,
ID number or phone), within the unit, category and standing chosen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import queries
from core.enums import Education, MemberCategory, Sex, Standing, UnitKind
from core.member_search import Narrowing, index_members
from gui import widgets
from gui.context import AppContext
from gui.models import Column
from gui.pages.base import Page
from gui.widgets import TableView, button, heading


def _label(enum: Any, value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(enum(value).label)
    except ValueError:
        return value


MEMBER_COLUMNS = [
    Column("name", "姓名", width=80),
    Column("sex", "性别", lambda r: _label(Sex, r["sex"]), align="center", width=48),
    Column("birth_date", "出生日期", width=92),
    Column("category", "党员类别", lambda r: _label(MemberCategory, r["category"]), width=76),
    Column("unit_name", "所在党组织", width=160),
    Column("id_number", "公民身份号码", width=170),
    Column("phone", "联系电话", width=110),
    Column("join_date", "入党时间", width=92),
    Column("standing", "党籍状态", lambda r: _label(Standing, r["standing"]), width=80),
    Column("education", "学历", lambda r: _label(Education, r["education"]), width=80),
    Column("position", "工作岗位", width=120),
    Column("has_photo", "照片", lambda r: "有" if r["has_photo"] else "", align="center", width=44),
]


class MembersPage(Page):
    title = "组织与党员"
    watches = frozenset({"units", "members"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._unit_filter: set[int] | None = None
        self._filter_key: tuple[Any, ...] | None = None
        self._search: Narrowing[dict[str, Any]] = Narrowing()
        self._children: dict[int | None, list[int]] = {}
        self.layout_.addWidget(heading("组织与党员"))
        self.splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["组织单元", "人数"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda *_: self._unit_selected())
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_unit())
        left_layout.addWidget(self.tree)
        unit_buttons = QHBoxLayout()
        unit_buttons.addWidget(button("新建单位…", self.add_unit))
        unit_buttons.addWidget(button("编辑单位…", self.edit_unit))
        left_layout.addLayout(unit_buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音、拼音首字母（如 zwq）、身份证号或电话")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        filters.addWidget(self.search, 3)
        self.category = QComboBox()
        self.category.addItem("全部类别", None)
        for value, label in MemberCategory.choices():
            self.category.addItem(label, value)
        self.category.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.standing = QComboBox()
        self.standing.addItem("全部党籍状态", None)
        for value, label in Standing.choices():
            self.standing.addItem(label, value)
        self.standing.setCurrentIndex(1)
        self.standing.currentIndexChanged.connect(lambda _i: self.apply_filter())
        filters.addWidget(self.category, 1)
        filters.addWidget(self.standing, 1)
        right_layout.addLayout(filters)
        self.table = TableView(MEMBER_COLUMNS, "members.table", ctx.qsettings)
        self.table.activated_row.connect(lambda row: self.edit_member(row["id"]))
        right_layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(button("导入党员名册…", self.import_roster))
        bottom.addWidget(button("新增党员…", self.add_member))
        bottom.addWidget(button("编辑…", self.edit_selected))
        right_layout.addLayout(bottom)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 900])
        state = ctx.qsettings.value("members/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        self.layout_.addWidget(self.splitter, 1)

    def save_state(self) -> None:
        self.ctx.qsettings.setValue("members/splitter", self.splitter.saveState())

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        self._load_units()
        rows = queries.members(self.store)
        index_members(rows)
        self.table.source.set_rows(rows)
        self.apply_filter()

    def _load_units(self) -> None:
        current = self.tree.currentItem()
        selected = current.data(0, Qt.ItemDataRole.UserRole) if current else None
        self.tree.blockSignals(True)
        self.tree.clear()
        units = queries.units(self.store)
        total = sum(u["member_count"] for u in units)
        root = QTreeWidgetItem([self.store.organization()["name"], str(total)])
        root.setData(0, Qt.ItemDataRole.UserRole, None)
        self.tree.addTopLevelItem(root)
        items: dict[int, QTreeWidgetItem] = {}
        self._children = {}
        for unit in units:
            self._children.setdefault(unit["parent_id"], []).append(unit["id"])
        own = {unit["id"]: unit["member_count"] for unit in units}
        # A 党总支 or 分院 counts the members of its branches too (selecting it lists them all).
        subtree = {unit["id"]: sum(own.get(d, 0) for d in self._descendants(unit["id"])) for unit in units}
        pending = list(units)
        while pending:
            progressed = False
            for unit in list(pending):
                parent = root if unit["parent_id"] is None else items.get(unit["parent_id"])
                if parent is None:
                    continue
                item = QTreeWidgetItem([unit["name"], str(subtree[unit["id"]])])
                item.setToolTip(0, f"{unit['name']}（{UnitKind(unit['kind']).label}，书记：{unit['secretary'] or '未填写'}）")
                item.setData(0, Qt.ItemDataRole.UserRole, unit["id"])
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                parent.addChild(item)
                items[unit["id"]] = item
                pending.remove(unit)
                progressed = True
            if not progressed:
                break
        root.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tree.expandAll()
        self.tree.setCurrentItem(items.get(selected, root) if selected else root)
        self.tree.blockSignals(False)
        self._unit_filter = self._descendants(selected) if selected else None

    def _descendants(self, unit_id: int) -> set[int]:
        result = {unit_id}
        stack = [unit_id]
        while stack:
            for child in self._children.get(stack.pop(), []):
                if child not in result:
                    result.add(child)
                    stack.append(child)
        return result

    def selected_unit(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _unit_selected(self) -> None:
        unit = self.selected_unit()
        self._unit_filter = self._descendants(unit) if unit else None
        self.apply_filter()

    # -- filtering ------------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Narrow the table to the chosen unit, category and standing, then to what is typed."""
        category = self.category.currentData()
        standing = self.standing.currentData()
        units = self._unit_filter
        source = self.table.source
        key = (source.version, category, standing, tuple(sorted(units)) if units is not None else None)
        if key != self._filter_key:
            base = source.all_rows()
            if category is not None or standing is not None or units is not None:
                base = [r for r in base if (category is None or r["category"] == category)
                        and (standing is None or r["standing"] == standing)
                        and (units is None or r["unit_id"] in units)]
            self._filter_key = key
            self._search.reset(base)
        rows = self._search.find(self.search.text())
        source.set_subset(None if rows is source.all_rows() else rows)
        shown, total = source.rowCount(), source.total()
        self.count.setText(f"显示{shown}人，共{total}人" if shown != total else f"共{total}人")

    # -- actions --------------------------------------------------------------------------
    def add_unit(self) -> None:
        from gui.dialogs.simple import UnitDialog

        widgets.exec_dialog(UnitDialog(self.ctx, self))

    def edit_unit(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            widgets.info(self, "请先在左侧选择一个组织单元。")
            return
        from gui.dialogs.simple import UnitDialog

        widgets.exec_dialog(UnitDialog(self.ctx, self, unit_id=unit))

    def import_roster(self) -> None:
        """The roster import, as 文件 → 导入党员名册 opens it (the window refreshes every page after it)."""
        from gui.main_window import MainWindow

        window = self.window()
        if isinstance(window, MainWindow):
            window.import_roster()

    def add_member(self) -> None:
        from gui.dialogs.member import MemberDialog

        dialog = MemberDialog(self.ctx, self, unit_id=self.selected_unit())
        if widgets.exec_dialog(dialog) and dialog.result_changes:
            self.table.select_where("id", dialog.result_changes.id)

    def edit_selected(self) -> None:
        row = self.table.current_row()
        if row is None:
            widgets.info(self, "请先在表格中选择一名党员。")
            return
        self.edit_member(row["id"])

    def edit_member(self, member_id: int) -> None:
        from gui.dialogs.member import MemberDialog

        widgets.exec_dialog(MemberDialog(self.ctx, self, member_id=member_id))

    def focus_entity(self, entity_id: Any) -> None:
        self.table.select_where("id", entity_id)

