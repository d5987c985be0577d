"""动态管理 grid: the preview grade is the grade the save records; a score core refuses (89.99) is
not taken into the cell and the reason is shown under the grid."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core import management as mg
from core.enums import Grade
from gui.pages.management import AssessmentGridModel, AssessRow
from tests.core.helpers import batch, bring_on_duty, individual_post, member, unit
from tests.gui.conftest import make_window

EDIT = Qt.ItemDataRole.EditRole


@pytest.fixture
def serving(store: Any, clock: Any) -> tuple[int, int, int]:
    b = batch(store)
    m = member(store)
    p = individual_post(store, m, b)
    bring_on_duty(store, clock, [p], b)
    return p, m, unit(store)


def _model(store: Any, p: int, m: int) -> AssessmentGridModel:
    model = AssessmentGridModel()
    model.settings = store.settings()
    model.set_rows([AssessRow(p, m, "便民服务窗口岗", "张伟强")])
    return model


@pytest.mark.parametrize(("typed", "shown", "grade"), [
    ("89.9", "89.9", Grade.QUALIFIED), ("90", "90", Grade.EXCELLENT), ("90.0", "90", Grade.EXCELLENT),
    ("100", "100", Grade.EXCELLENT), ("９５", "95", Grade.EXCELLENT), ("69.9", "69.9", Grade.UNQUALIFIED),
])
def test_preview_grade_is_the_saved_grade(store: Any, serving: tuple[int, int, int], typed: str, shown: str,
                                          grade: Grade) -> None:
    p, m, u = serving
    model = _model(store, p, m)
    assert model.setData(model.index(0, 2), typed, EDIT)
    assert model.data(model.index(0, 2), EDIT) == shown
    preview = model.data(model.index(0, 3))
    assert preview == grade.label
    mg.record_monthly_assessments(store, unit_id=u, month="2026-11", assessed_on=date(2026, 11, 21),
                                  entries=model.entries(date(2026, 11, 21), 30))
    saved = store.scalar("SELECT grade FROM monthly_assessments")
    assert Grade(saved).label == preview


@pytest.mark.parametrize(("typed", "fragment"), [
    ("89.99", "最多保留一位小数"), ("89.95", "最多保留一位小数"), ("100.1", "0到100"), ("-1", "0到100"),
    ("abc", "不是数字"), ("一百", "不是数字"),
])
def test_a_refused_score_is_not_taken_and_says_why(store: Any, serving: tuple[int, int, int], typed: str,
                                                   fragment: str) -> None:
    p, m, _u = serving
    model = _model(store, p, m)
    assert model.setData(model.index(0, 2), "88", EDIT)
    said: list[str] = []
    model.refused.connect(said.append)
    assert not model.setData(model.index(0, 2), typed, EDIT)
    assert model.data(model.index(0, 2), EDIT) == "88"  # the last accepted value stays
    assert model.data(model.index(0, 3)) == Grade.QUALIFIED.label
    assert len(said) == 1 and fragment in said[0] and "张伟强的考核分数" in said[0]


def test_an_empty_cell_clears_the_score(store: Any, serving: tuple[int, int, int]) -> None:
    p, m, _u = serving
    model = _model(store, p, m)
    assert model.setData(model.index(0, 2), "88", EDIT)
    assert model.setData(model.index(0, 2), "", EDIT)
    assert model.data(model.index(0, 3)) == "" and model.entries(date(2026, 11, 21), 30) == []


def test_the_page_shows_the_refusal_under_the_grid(store: Any, serving: tuple[int, int, int], qsettings: Any,
                                                   qtbot: Any) -> None:
    _p, _m, u = serving
    window = make_window(store, qsettings, qtbot)
    window.go_to("management")
    QApplication.processEvents()
    page = window.page("management")
    page.month.setCurrentIndex(page.month.findData("2026-11"))
    page.unit.setCurrentIndex(page.unit.findData(u))
    grid = page.grid_model
    assert grid.rowCount() == 1
    assert not grid.setData(grid.index(0, 2), "89.99", EDIT)
    assert "考核分数最多保留一位小数" in page.grid_state.text()
    assert grid.setData(grid.index(0, 2), "89.9", EDIT)
    assert "已填写1人" in page.grid_state.text()
    assert grid.data(grid.index(0, 3)) == "合格"
    page.save_grid.click()
    assert store.rows("SELECT score, grade FROM monthly_assessments") == [{"score": 89.9, "grade": "qualified"}]
    window.close()
