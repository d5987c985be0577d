"""The unit dialog: a new unit's title follows the chosen kind; editing keeps a unit's kind."""

from __future__ import annotations

from typing import Any

from core.enums import UnitKind
from core.org import create_unit
from core.store import Store
from gui.dialogs.simple import UnitDialog
from tests.gui.conftest import DialogDriver, context, errors_of


def test_new_unit_title_follows_the_chosen_kind(hospital_store: Store, qsettings: Any, qtbot: Any) -> None:
    dialog = UnitDialog(context(hospital_store, qsettings))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "新建党支部"
    kind = dialog.kind_box
    for value, title in (("department", "新建科室"), ("branch_hospital", "新建分院"), ("general_branch", "新建党总支")):
        kind.setCurrentIndex(kind.findData(value))
        assert dialog.windowTitle() == title
    dialog.field("name").setText("急诊科")
    kind.setCurrentIndex(kind.findData("department"))
    dialog.submit()
    assert dialog.result() == 1, errors_of(dialog)
    assert hospital_store.scalar("SELECT kind FROM units WHERE name = '急诊科'") == "department"


def test_editing_keeps_the_kind_of_the_unit(hospital_store: Store, qsettings: Any, qtbot: Any) -> None:
    unit = create_unit(hospital_store, name="东院区分院", kind=UnitKind.BRANCH_HOSPITAL).id
    dialog = UnitDialog(context(hospital_store, qsettings), unit_id=unit)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "编辑组织单元"
    assert dialog.kind_box.currentData() == "branch_hospital"
    dialog.field("secretary").setText("李明")
    dialog.submit()
    assert dialog.result() == 1, errors_of(dialog)
    assert hospital_store.scalar("SELECT kind FROM units WHERE id = ?", [unit]) == "branch_hospital"


def test_a_merged_unit_of_another_kind_is_not_silently_changed(store: Store, qsettings: Any, qtbot: Any,
                                                               driver: DialogDriver) -> None:
    """A 科室 merged from a hospital's package into a street's database: the dialog shows and submits
    its own kind. (Whether a street may keep a 科室 is core.org's rule; today it refuses next to 类别,
    which is at least not a silent change to 党支部.)"""
    unit = create_unit(store, name="急诊科", kind=UnitKind.BRANCH).id
    with store.transaction():
        store.db.execute("UPDATE units SET kind = 'department' WHERE id = ?", [unit])
    dialog = UnitDialog(context(store, qsettings), unit_id=unit)
    qtbot.addWidget(dialog)
    kinds = [dialog.kind_box.itemData(i) for i in range(dialog.kind_box.count())]
    assert kinds == ["branch", "general_branch", "department"]
    assert dialog.kind_box.currentText() == "科室"
    dialog.field("secretary").setText("李明")
    assert dialog.values()["kind"] == "department"
    dialog.submit()
    if dialog.result() != 1:
        assert "科室" in errors_of(dialog).get("kind", ""), errors_of(dialog)
    assert store.scalar("SELECT kind FROM units WHERE id = ?", [unit]) == "department"


def test_a_parent_unit_counts_the_members_of_its_branches(demo_store: Store, qsettings: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from tests.gui.conftest import make_window

    window = make_window(demo_store, qsettings, qtbot)
    window.go_to("members")
    tree = window.page("members").tree
    own = dict(demo_store.db.execute(
        "SELECT u.id, count(m.id) FROM units u LEFT JOIN members m ON m.unit_id = u.id GROUP BY u.id").fetchall())
    children: dict[int, list[int]] = {}
    for unit_id, parent_id in demo_store.db.execute("SELECT id, parent_id FROM units"):
        children.setdefault(parent_id, []).append(unit_id)

    def total(unit_id: int) -> int:
        return own[unit_id] + sum(total(c) for c in children.get(unit_id, []))

    parents = [u for u in own if children.get(u)]
    assert parents, "the demo has a 党总支 with branches"
    root = tree.topLevelItem(0)
    stack = [root.child(i) for i in range(root.childCount())]
    checked = 0
    while stack:
        item = stack.pop()
        unit_id = item.data(0, Qt.ItemDataRole.UserRole)
        assert int(item.text(1)) == total(unit_id), item.text(0)
        checked += 1
        stack += [item.child(i) for i in range(item.childCount())]
    assert checked == len(own)
    window.close()
