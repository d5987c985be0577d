"""The table models pass pytest-qt's qtmodeltester (structure, roles, sorting, resets)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from core import queries
from gui.models import Column, RowProxy, RowTableModel
from gui.pages.evaluation import BallotGridModel, BallotRow
from gui.pages.management import AssessmentGridModel, AssessRow
from gui.pages.members import MEMBER_COLUMNS


def test_row_model_and_proxy_with_members(demo_store: Any, qtmodeltester: Any) -> None:
    model = RowTableModel(MEMBER_COLUMNS)
    rows = queries.members(demo_store)
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = RowProxy(model)
    qtmodeltester.check(proxy)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    names = [proxy.index(i, 0).data() for i in range(proxy.rowCount())]
    assert names == sorted(names, reverse=True)
    model.set_predicate(lambda r: r["sex"] == "female")
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() < len(rows)


def test_row_model_empty_and_formatting(qtmodeltester: Any) -> None:
    model = RowTableModel([Column("a", "甲"), Column("b", "乙", lambda r: f"{r['b']}分", align="right")])
    qtmodeltester.check(model)
    model.set_rows([{"id": 1, "a": None, "b": 3.5}, {"id": 2, "a": "x", "b": 10.0}])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == ""
    assert model.index(0, 1).data() == "3.5分"
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "x"


def test_ballot_grid_model(demo_store: Any, qtmodeltester: Any) -> None:
    model = BallotGridModel()
    settings = demo_store.settings()
    model.threshold = settings.pass_threshold
    model.set_rows([BallotRow(1, "甲岗", "个人", "张三", 40, 0, 10, 0), BallotRow(2, "乙岗", "集体", "李四、王五", 39, 0, 10, 1)])
    model.set_returned(50)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 9)) == "通过"  # 40/50 = 80% passes
    assert model.data(model.index(1, 9)) == "未通过"  # 39/49 < 80%
    assert model.problem() is None
    assert not model.setData(model.index(0, 3), -1, Qt.ItemDataRole.EditRole)
    assert not model.setData(model.index(0, 0), 5, Qt.ItemDataRole.EditRole)


def test_assessment_grid_model(demo_store: Any, qtmodeltester: Any) -> None:
    model = AssessmentGridModel()
    model.settings = demo_store.settings()
    model.set_rows([AssessRow(1, 2, "甲岗", "张三"), AssessRow(1, 3, "甲岗", "李四", done_score=95.0)])
    qtmodeltester.check(model)
    assert model.setData(model.index(0, 2), "88", Qt.ItemDataRole.EditRole)
    assert not model.setData(model.index(0, 2), "一百", Qt.ItemDataRole.EditRole)
    assert not model.setData(model.index(1, 2), "60", Qt.ItemDataRole.EditRole)  # already assessed: locked
    assert model.data(model.index(0, 3)) == "合格"
    assert not model.flags(model.index(1, 2)) & Qt.ItemFlag.ItemIsEditable
