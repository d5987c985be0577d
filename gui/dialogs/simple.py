"""Small dialogs for one core action each (units, years, batches …)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from core import queries
from core.enums import UnitKind
from core.errors import DomainError
from core.org import create_unit, update_unit
from core.store import Changes
from core.workflow import create_batch, create_campaign_year
from gui.context import AppContext
from gui.widgets import FormDialog


class UnitDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, unit_id: int | None = None) -> None:
        store = ctx.store
        self.store = store
        self.unit_id = unit_id
        terms = store.terms()
        super().__init__("编辑组织单元" if unit_id else "新建组织单元", parent, self._save, ctx=ctx)
        row: dict[str, Any] = store.get("units", unit_id) if unit_id else {}
        current_kind = row.get("kind", UnitKind.BRANCH.value)
        kinds = list(terms.unit_kinds)
        # A unit of a kind this organization does not offer (a 科室 merged from a hospital's package
        # into a street's database) keeps its kind: it is in the list, so saving does not change it.
        if current_kind not in {k.value for k in kinds}:
            kinds.append(UnitKind(current_kind))
        self.add_text("name", "名称：", row.get("name", ""), placeholder="例如：机关第一党支部")
        self.kind_box = self.add_combo("kind", "类别：", [(k.value, k.label) for k in kinds], current_kind)
        if not unit_id:
            self.kind_box.currentIndexChanged.connect(self._follow_kind)
            self._follow_kind()
        parents = [(None, "（无，直属" + terms.committee + "）")] + [
            (u["id"], u["name"]) for u in queries.units(store) if u["id"] != unit_id
        ]
        self.add_combo("parent_id", "上级单位：", parents, row.get("parent_id"))
        self.add_text("secretary", "书记：", row.get("secretary", "") or "")

    def _follow_kind(self, *_args: Any) -> None:
        """A new unit's title names the chosen kind: 新建党支部, 新建科室 …"""
        self.setWindowTitle(f"新建{self.kind_box.currentText()}" if self.kind_box.currentText() else "新建组织单元")

    def _save(self, v: dict[str, Any]) -> Changes:
        if self.unit_id:
            return update_unit(self.store, self.unit_id, name=v["name"], kind=UnitKind(v["kind"]),
                               parent_id=v["parent_id"], secretary=v["secretary"])
        return create_unit(self.store, name=v["name"], kind=UnitKind(v["kind"]), parent_id=v["parent_id"],
                           secretary=v["secretary"])


class YearDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.store = ctx.store
        super().__init__("新建创建年度", parent, self._save, ctx=ctx)
        self.add_int("year", "年度：", self.store.today().year, maximum=2100)
        self.add_text("title", "名称：", placeholder="留空则为“某年党员示范岗创建活动”")

    def _save(self, v: dict[str, Any]) -> Changes:
        return create_campaign_year(self.store, v["year"], v["title"])


class BatchDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, year: int | None = None) -> None:
        self.store = ctx.store
        super().__init__("新建批次", parent, self._save, ctx=ctx)
        years = [(int(r["year"]), f"{r['year']}年度") for r in queries.campaign_years(self.store)]
        self.add_combo("year", "创建年度：", years, year)
        self.add_text("name", "批次名称：", placeholder="留空则为“某年第N批”")

    def _save(self, v: dict[str, Any]) -> Changes:
        if v["year"] is None:
            raise DomainError("请先新建创建年度。", field="year")
        return create_batch(self.store, v["year"], v["name"])
