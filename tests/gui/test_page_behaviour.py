"""Defects found by a clerk walking through the pages: 五评 entry and correction, the month's unit
counts, settings refusals and the save button, the veto's order of checks, same-named posts, the
evaluation page after saving, and columns cut off at 1280×800."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QTableView

from core.enums import ReviewPart, VetoGround
from gui import widgets
from tests.gui.conftest import context, errors_of, fill, make_window

SCORES = {"self": 95, "peer": 92, "public": 93, "leader": 94, "organization": 96}  # total 93.8


def count(store: Any, table: str, where: str = "1", params: tuple[Any, ...] = ()) -> int:
    return int(store.scalar(f"SELECT count(*) FROM {table} WHERE {where}", list(params)))


def open_page(store: Any, qsettings: Any, qtbot: Any, key: str) -> tuple[Any, Any]:
    window = make_window(store, qsettings, qtbot)
    window.resize(1280, 800)
    window.go_to(key)
    QApplication.processEvents()
    return window, window.page(key)


# -- 五评 -------------------------------------------------------------------------------------
def test_review_scores_start_empty_and_nothing_is_saved_until_all_are_typed(demo_store: Any, qsettings: Any,
                                                                            qtbot: Any) -> None:
    window, page = open_page(demo_store, qsettings, qtbot, "reviews")
    assert all(box.score() is None and box.text() == "" for box in page.scores.values())
    assert not page.has_unsaved()
    page.save.click()
    assert count(demo_store, "five_reviews", "year = 2026") == 0
    assert "请填写个人自评" in page.field_errors["score_self"].text()
    page.scores[ReviewPart.SELF].setValue(90)
    page.save.click()
    assert count(demo_store, "five_reviews", "year = 2026") == 0
    assert "请填写党员互评" in page.field_errors["score_peer"].text()
    assert not page.field_errors["score_self"].text()
    assert page.has_unsaved()  # leaving the page now asks first
    page.clear_scores()
    assert not page.has_unsaved()
    window.close()


def test_after_saving_the_same_person_stays_selected_and_the_scores_are_cleared(demo_store: Any, qsettings: Any,
                                                                                 qtbot: Any) -> None:
    window, page = open_page(demo_store, qsettings, qtbot, "reviews")
    assert page.who.count() >= 3
    page.who.setCurrentIndex(2)
    chosen, text = page.who.currentData(), page.who.currentText()
    for part, box in page.scores.items():
        box.setValue(SCORES[part.value])
    assert page.total.text().startswith("93.8 分")
    page.save.click()
    post_id, member_id = chosen
    row = demo_store.rows("SELECT * FROM five_reviews WHERE year = 2026")
    assert [(r["post_id"], r["member_id"], r["total"]) for r in row] == [(post_id, member_id, 93.8)]
    # the list was rebuilt after the save: still the same post and member, nothing carried over
    assert page.who.currentData() == chosen and page.who.currentText() == text
    assert all(box.score() is None for box in page.scores.values())
    assert not page.error.text() and not any(e.text() for e in page.field_errors.values())
    assert not page.save.isEnabled() and "已录入" in page.existing.text() and page.correct_existing.isVisible()
    # saving again without choosing someone else cannot reach the next person by accident
    page.save.click()
    assert count(demo_store, "five_reviews", "year = 2026") == 1
    page.who.setCurrentIndex(3)
    assert page.save.isEnabled() and page.existing.isHidden()
    window.close()


def test_a_saved_review_is_corrected_from_the_table(demo_store: Any, qsettings: Any, driver: Any, qtbot: Any) -> None:
    window, page = open_page(demo_store, qsettings, qtbot, "reviews")
    page.who.setCurrentIndex(0)
    for part, box in page.scores.items():
        box.setValue(SCORES[part.value])
    page.save.click()
    review_id = demo_store.scalar("SELECT id FROM five_reviews WHERE year = 2026")

    page.correct_selected()  # nothing selected yet
    assert driver.infos == ["请先在五评表中选中要更正的记录。"]

    def no_reason(dialog: Any) -> None:
        assert dialog.field("score_public").value() == 93  # the saved scores, ready to be changed
        fill({"score_public": 60}, expect_error="reason")(dialog)
        assert "请填写更正原因" in errors_of(dialog)["reason"]
        fill({"reason": "群众测评分数抄错了行"})(dialog)

    driver.expect(no_reason)
    assert page.table.select_where("id", review_id)
    page.correct_selected()
    review = demo_store.get("five_reviews", review_id)
    assert (review["score_public"], review["total"], review["grade"]) == (60, 83.9, "qualified")
    assert "93.8→83.9" in window.statusBar().currentMessage()
    assert page.table.current_row()["total"] == 83.9  # type: ignore[index]
    audit = demo_store.rows("SELECT * FROM audit_log WHERE action = 'correct_five_review'")
    assert len(audit) == 1 and '"score_public":93' in audit[0]["before"]

    # the form offers the same correction for the person chosen there
    driver.expect(fill({"score_public": 93, "reason": "核对原始测评表后改回"}))
    page._correct_current()
    assert demo_store.get("five_reviews", review_id)["total"] == 93.8
    assert not driver.handlers
    window.close()


def test_the_share_of_excellent_is_flagged_not_blocked(demo_store: Any, qsettings: Any, qtbot: Any) -> None:
    window, page = open_page(demo_store, qsettings, qtbot, "reviews")
    assert page.share.isHidden()
    saved = 0
    for index in range(page.who.count()):
        page.who.setCurrentIndex(index)
        for box in page.scores.values():
            box.setValue(96)
        page.save.click()
        saved += 1
        if not page.share.isHidden():
            break
    assert count(demo_store, "five_reviews", "year = 2026") == saved  # every 优秀 was saved
    assert "超过三分之一" in page.share.text()
    assert page.share.styleSheet() != widgets.ERROR_STYLE
    assert "三分之一" in window.statusBar().currentMessage()
    assert saved * 3 > page.who.count()  # not before the share is certain
    window.close()


# -- 动态管理 ----------------------------------------------------------------------------------
def test_unit_counts_follow_the_month_and_the_unit_stays_chosen(demo_store: Any, qsettings: Any, qtbot: Any) -> None:
    from core import queries

    window, page = open_page(demo_store, qsettings, qtbot, "management")

    def labels() -> dict[int, str]:
        return {page.unit.itemData(i): page.unit.itemText(i) for i in range(page.unit.count())}

    def expected(month: str) -> dict[int, int]:
        return {u["id"]: u["missing"] for u in queries.units_missing_assessment(demo_store, month)}

    months = [page.month.itemData(i) for i in range(page.month.count())]
    differing = next(m for m in months if expected(m) != expected(page.month.currentData()))
    page.unit.setCurrentIndex(page.unit.count() - 1)
    chosen = page.unit.currentData()
    page.month.setCurrentIndex(page.month.findData(differing))
    for unit_id, text in labels().items():
        missing = expected(differing).get(unit_id)
        assert text.endswith(f"（未考核{missing}人）") if missing else "未考核" not in text, text
    assert page.unit.currentData() == chosen
    window.close()


# -- 设置 -------------------------------------------------------------------------------------
def test_a_bad_percentage_is_shown_under_its_own_input(store: Any, qsettings: Any, qtbot: Any) -> None:
    window, page = open_page(store, qsettings, qtbot, "settings")
    page.pass_threshold.setText("百分之八十")
    page.save_settings()
    assert "不是数字" in page.rules.errors["pass_threshold_percent"].text()
    assert not page.settings_error.text() and not any(e.text() for e in page.calendar.errors.values())
    page.refresh()
    page.survey_threshold.setText("120")
    page.save_settings()
    assert "0到100" in page.rules.errors["survey_low_threshold_percent"].text()
    assert not page.rules.errors["pass_threshold_percent"].text()
    assert store.settings().survey_low_threshold_percent == "80"
    page.refresh()
    window.close()


def test_the_save_button_is_under_the_whole_page_not_inside_a_group(store: Any, qsettings: Any, qtbot: Any) -> None:
    window, page = open_page(store, qsettings, qtbot, "settings")
    button = page.save_settings_button
    assert not page.calendar.isAncestorOf(button) and not page.grades.isAncestorOf(button)
    assert not page.rules.isAncestorOf(button)
    bottom_of_groups = max(g.mapTo(page, g.rect().bottomLeft()).y() for g in (page.rules, page.grades, page.calendar))
    assert button.mapTo(page, button.rect().topLeft()).y() > bottom_of_groups
    page.publicity_days.setValue(7)
    page.holidays.setPlainText("2027-02-10")
    button.click()
    assert store.settings().publicity_working_days == 7 and store.settings().extra_holidays == ("2027-02-10",)
    window.close()


# -- 一票否决 ---------------------------------------------------------------------------------
def test_veto_checks_the_fields_before_asking_and_asks_once(demo_store: Any, qsettings: Any, driver: Any,
                                                            qtbot: Any) -> None:
    from gui.dialogs.actions import veto_dialog

    post_id = demo_store.scalar("SELECT id FROM posts WHERE stage = 'on_duty' ORDER BY id LIMIT 1")
    dialog = veto_dialog(context(demo_store, qsettings), None, post_id)
    qtbot.addWidget(dialog)
    organization = demo_store.organization()["name"]
    assert dialog.values()["decided_by"] == organization  # the notice is signed by the organization itself
    dialog.submit()
    assert not driver.questions  # nothing is confirmed while a field is missing
    assert "请填写情况说明" in errors_of(dialog)["description"]
    dialog.field("description").setPlainText("窗口人员与群众发生争执，造成恶劣影响。")
    dialog.field("ground").setCurrentIndex(dialog.field("ground").findData(VetoGround.PUBLIC_OUTCRY.value))
    driver.answer = False  # 再想想
    dialog.submit()
    assert len(driver.questions) == 1
    assert errors_of(dialog) == {}  # back in the dialog quietly: no red "已取消" text
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert demo_store.get("posts", post_id)["stage"] == "on_duty"
    driver.answer = True
    dialog.submit()
    assert len(driver.questions) == 2 and dialog.result() == QDialog.DialogCode.Accepted
    assert demo_store.get("posts", post_id)["stage"] == "revoked"
    assert demo_store.rows("SELECT decided_by FROM revocations WHERE post_id = ?", [post_id]) == [{"decided_by": organization}]


# -- same-named posts, the evaluation page after saving ----------------------------------------------
def headers(view: QTableView) -> list[str]:
    model = view.model()
    return [str(model.headerData(c, view.horizontalHeader().orientation())) for c in range(model.columnCount())]


def test_objections_and_evaluation_results_show_the_unit(demo_store: Any, qsettings: Any, qtbot: Any) -> None:
    window, publicity = open_page(demo_store, qsettings, qtbot, "publicity")
    assert "所在单位" in headers(publicity.objections)
    assert all(r["unit_name"] for r in publicity.objections.source.rows())
    window.go_to("evaluation")
    evaluation = window.page("evaluation")
    assert "所在单位" in headers(evaluation.results)
    window.close()


def test_after_saving_the_ballots_the_page_says_so_plainly_and_starts_afresh(demo_store: Any, qsettings: Any,
                                                                            qtbot: Any) -> None:
    window, page = open_page(demo_store, qsettings, qtbot, "evaluation")
    assert page.model.rows, "the demo has a nominee waiting for the ballot"
    assert all("（" in row.name for row in page.model.rows)  # 名称（单位）
    page.issued.setValue(50)
    page.returned.setValue(50)
    for row in range(len(page.model.rows)):
        for column, value in zip((3, 4, 5, 6), (44, 3, 2, 1), strict=True):
            page.model.setData(page.model.index(row, column), value)
    assert page.save.isEnabled()
    page.save.click()
    assert not page.model.rows
    assert page.state.text() == "本批次的示范岗都已录入测评结果，见下表。"
    assert page.state.styleSheet() != widgets.ERROR_STYLE
    assert (page.issued.value(), page.returned.value()) == (0, 0)
    assert not page.save.isEnabled()
    window.close()


# -- nothing important cut off at 1280×800 ---------------------------------------------------------
def columns_fit(view: QTableView) -> list[str]:
    """Header titles whose column does not end inside the visible part of the table."""
    header = view.horizontalHeader()
    width = view.viewport().width()
    titles = headers(view)
    return [titles[c] for c in range(header.count())
            if header.sectionViewportPosition(c) + header.sectionSize(c) > width + 1]


def test_supervision_and_confirmation_columns_fit_at_1280_by_800(demo_store: Any, qsettings: Any, qtbot: Any) -> None:
    window, supervision = open_page(demo_store, qsettings, qtbot, "supervision")
    QApplication.processEvents()
    assert columns_fit(supervision.posts) == []
    assert columns_fit(supervision.history) == []
    low = supervision.history.horizontalHeader()
    assert low.sectionSize(6) >= supervision.history.fontMetrics().horizontalAdvance("低于预警线")
    window.go_to("confirmation")
    confirmation = window.page("confirmation")
    QApplication.processEvents()
    assert columns_fit(confirmation.pending) == []
    for row in range(confirmation.pending.model().rowCount()):
        assert confirmation.pending.rowHeight(row) >= 26  # a long reason wraps instead of being cut
    window.close()
