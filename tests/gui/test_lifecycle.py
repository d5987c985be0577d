"""A post's whole life driven through the widgets, checking the database after every step."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.enums import MemberCategory, PostKind, ProblemCategory, Sex, UnitKind, VetoGround
from core.idcard import make_id_number
from tests.gui.conftest import fill, make_window

MEMBERS = [
    ("张伟强", date(1980, 3, 5), Sex.MALE, MemberCategory.FULL),
    ("李芳", date(1985, 7, 9), Sex.FEMALE, MemberCategory.FULL),
    ("王敏", date(1990, 1, 20), Sex.FEMALE, MemberCategory.FULL),
    ("赵磊", date(1995, 11, 2), Sex.MALE, MemberCategory.PROBATIONARY),
]


def count(store: Any, table: str, where: str = "1", params: tuple[Any, ...] = ()) -> int:
    return int(store.scalar(f"SELECT count(*) FROM {table} WHERE {where}", list(params)))


def test_full_post_lifecycle(store: Any, clock: Any, qsettings: Any, driver: Any, qtbot: Any) -> None:
    clock.day = date(2026, 11, 20)
    window = make_window(store, qsettings, qtbot)

    # -- 组织与党员: a branch and four members ----------------------------------------------
    window.go_to("members")
    members_page = window.page("members")
    driver.expect(fill({"name": "第一党支部", "kind": UnitKind.BRANCH.value, "secretary": "张伟强"}))
    members_page.add_unit()
    unit_id = store.scalar("SELECT id FROM units WHERE name = '第一党支部'")
    assert unit_id is not None

    bad = make_id_number("110105", date(1980, 3, 5), 11, Sex.MALE)
    bad = bad[:-1] + ("0" if bad[-1] != "0" else "1")
    driver.expect(fill({"name": "张伟强", "id_number": bad, "unit_id": unit_id}, expect_error="id_number"))
    members_page.add_member()
    assert count(store, "members") == 0
    for i, (name, birth, sex, category) in enumerate(MEMBERS):
        number = make_id_number("110105", birth, 11 + i * 2, sex)
        driver.expect(fill({"name": name, "id_number": number, "unit_id": unit_id, "category": category.value,
                            "phone": f"1390000{i:04d}",
                            "join_date": date(2015, 6, 1) if category is MemberCategory.FULL else date(2026, 3, 1)}))
        members_page.add_member()
    assert count(store, "members") == 4
    members_page.search.setText("zwq")
    assert members_page.table.source.rowCount() == 1
    assert members_page.table.proxy.row_at(0)["name"] == "张伟强"
    members_page.search.setText("")
    ids = {name: store.scalar("SELECT id FROM members WHERE name = ?", [name]) for name, *_ in MEMBERS}

    # -- 示范岗: year, batch, an individual and a collective post ------------------------------
    window.go_to("posts")
    posts_page = window.page("posts")
    driver.expect(fill({"year": 2026}))
    posts_page.new_year()
    driver.expect(fill({}))
    posts_page.new_batch()
    batch_id = store.scalar("SELECT id FROM batches")
    assert batch_id is not None

    def nominate(kind: PostKind, name: str, member_names: list[str], leader: str) -> Any:
        def before(dialog: Any) -> None:
            for member in member_names:
                dialog.picker.add_member(ids[member])
            dialog.picker.leader.setCurrentIndex(dialog.picker.leader.findData(ids[leader]))
            for check in dialog.standard_checks:
                check.setChecked(True)
            for check in dialog.creation_checks.values():
                check.setChecked(True)
            dialog.display_edits[next(iter(dialog.display_edits))].setPlainText(f"中共党员 {leader}")

        return fill({"batch_id": batch_id, "kind": kind.value, "name": name, "unit_id": unit_id, "held_on": clock.day,
                     "participants": 12, "summary": "支部委员会酝酿讨论"}, before=before)

    driver.expect(nominate(PostKind.INDIVIDUAL, "便民服务窗口党员示范岗", ["张伟强"], "张伟强"))
    posts_page.nominate()
    driver.expect(nominate(PostKind.COLLECTIVE, "党员服务队", ["李芳", "王敏", "赵磊"], "李芳"))
    posts_page.nominate()
    individual = store.scalar("SELECT id FROM posts WHERE kind = 'individual'")
    collective = store.scalar("SELECT id FROM posts WHERE kind = 'collective'")
    assert count(store, "posts", "stage = 'nominated'") == 2
    assert count(store, "post_members", "post_id = ?", (collective,)) == 3
    posts_page.focus_entity(individual)
    assert posts_page.buttons["evaluate"].isEnabled()
    assert not posts_page.buttons["confirm"].isEnabled()
    assert "公示" in posts_page.buttons["confirm"].toolTip()

    # -- 岗前测评: one passes (45/49), one fails (30/49) ---------------------------------------
    window.go_to("evaluation")
    evaluation = window.page("evaluation")
    evaluation.focus_entity(batch_id)
    evaluation.issued.setValue(50)
    evaluation.returned.setValue(50)
    model = evaluation.model
    assert model.rowCount() == 2
    rows = {r.post_id: i for i, r in enumerate(model.rows)}
    for post_id, values in ((individual, (45, 3, 1, 1)), (collective, (30, 10, 9, 0))):
        for column, value in zip(range(3, 7), values, strict=True):
            model.setData(model.index(rows[post_id], column), value, Qt.ItemDataRole.EditRole)
    assert not evaluation.save.isEnabled()  # the collective's row adds up to 49, not 50
    model.setData(model.index(rows[collective], 6), 1, Qt.ItemDataRole.EditRole)
    assert evaluation.save.isEnabled()
    assert model.data(model.index(rows[individual], 9)) == "通过"
    assert model.data(model.index(rows[collective], 9)) == "未通过"
    evaluation.save.click()
    assert store.get("posts", individual)["stage"] == "evaluation_passed"
    assert store.get("posts", collective)["stage"] == "evaluation_failed"

    # -- 岗位公示 ---------------------------------------------------------------------------
    window.go_to("publicity")
    publicity = window.page("publicity")
    publicity.start_on.set_value(clock.day)
    assert "2026-11-26" in publicity.end_label.text() or "2026-11-27" in publicity.end_label.text()
    publicity.start_button.click()
    assert not publicity.error.text()
    assert store.get("posts", individual)["stage"] == "in_publicity"
    period = store.rows("SELECT * FROM publicity_periods")[0]
    assert period["working_days"] == 5

    # -- an objection recorded (from the posts page) and resolved (on the publicity page) -------
    window.go_to("posts")
    posts_page.focus_entity(individual)
    assert posts_page.buttons["object"].isEnabled()
    driver.expect(fill({"source": "来电", "content": "反映窗口午休时间无人值守。"}))
    posts_page.buttons["object"].click()
    objection_id = store.scalar("SELECT id FROM objections")
    assert store.get("objections", objection_id)["status"] == "open"
    window.go_to("publicity")
    driver.expect(fill({"upheld": "rejected", "resolution": "经核实已安排轮岗值守，反映不属实。"}))
    publicity.resolve(objection_id)
    assert store.get("objections", objection_id)["status"] == "rejected"
    assert store.get("posts", individual)["stage"] == "in_publicity"

    # -- 确定岗位: consent, then confirm after the publicity period ------------------------------
    window.go_to("confirmation")
    confirmation = window.page("confirmation")
    confirmation.focus_entity(individual)
    assert not confirmation.confirm_button.isEnabled()
    driver.expect(fill({"consent": "yes"}))
    confirmation.consent()
    assert store.scalar("SELECT consent FROM post_members WHERE post_id = ?", [individual]) == 1
    assert "公示期" in confirmation.confirm_button.toolTip()
    clock.day = date(2026, 12, 1)
    window.refresh_all()
    confirmation.focus_entity(individual)
    assert confirmation.confirm_button.isEnabled(), confirmation.confirm_button.toolTip()
    driver.expect(fill({"confirmed_on": clock.day}))
    confirmation.confirm_button.click()
    post = store.get("posts", individual)
    assert post["stage"] == "on_duty"
    assert post["code"] == "2026-001"
    assert confirmation.final.source.rowCount() == 1

    # -- 动态管理: monthly assessment with a problem → rectification -----------------------------
    window.go_to("management")
    management = window.page("management")
    management.month.setCurrentIndex(management.month.findData("2026-12"))
    management.unit.setCurrentIndex(management.unit.findData(unit_id))
    grid = management.grid_model
    assert grid.rowCount() == 1
    grid.setData(grid.index(0, 2), "65", Qt.ItemDataRole.EditRole)
    grid.setData(grid.index(0, 5), ProblemCategory.ATTITUDE.value, Qt.ItemDataRole.EditRole)
    grid.setData(grid.index(0, 6), "服务态度生硬，群众有意见", Qt.ItemDataRole.EditRole)
    assert grid.data(grid.index(0, 3)) == "不合格"
    management.save_grid.click()
    assert count(store, "monthly_assessments") == 1
    assert store.scalar("SELECT score FROM monthly_assessments") == 65
    assert count(store, "rectifications", "status = 'open'") == 1
    assert grid.rows[0].locked
    management.grid.setCurrentIndex(grid.index(0, 2))
    driver.expect(fill({"score": 72.0, "reason": "复核后更正"}))
    management.correct_selected()
    assert store.scalar("SELECT score FROM monthly_assessments") == 72
    assert store.scalar("SELECT count(*) FROM assessment_corrections") == 1

    # -- 群众监督: a satisfaction survey -----------------------------------------------------
    window.go_to("supervision")
    supervision = window.page("supervision")
    supervision.focus_entity(individual)
    for key, value in (("issued", 30), ("returned", 30), ("satisfied", 25), ("basic", 3), ("unsatisfied", 2), ("invalid", 0)):
        supervision.fields[key].setValue(value)
    assert "93.3%" in supervision.rate.text()
    supervision.save.click()
    assert count(store, "surveys") == 1
    assert abs(store.scalar("SELECT rate FROM surveys") - 28 / 30) < 1e-9

    # -- 五评 ------------------------------------------------------------------------------
    window.go_to("reviews")
    reviews = window.page("reviews")
    reviews.year.setValue(2026)
    for part, box in reviews.scores.items():
        box.setValue({"self": 95, "peer": 90, "public": 88, "leader": 92, "organization": 90}[part.value])
    reviews.save.click()
    assert not reviews.error.text(), reviews.error.text()
    review = store.rows("SELECT * FROM five_reviews")[0]
    assert review["total"] == 90.3
    assert review["grade"] == "excellent"
    assert reviews.table.source.rowCount() == 1

    # -- 撤销与收牌: veto, then the placard comes back -----------------------------------------
    window.go_to("revocation")
    revocation = window.page("revocation")
    assert revocation.post.currentData() == individual
    driver.expect(fill({"ground": VetoGround.PUBLIC_OUTCRY.value, "description": "发生群众反映强烈的服务事件。"}))
    revocation.veto_button.click()
    assert driver.questions, "the veto asks for confirmation"
    assert store.get("posts", individual)["stage"] == "revoked"
    reclaim_id = store.scalar("SELECT id FROM placard_reclaims WHERE post_id = ?", [individual])
    assert store.get("placard_reclaims", reclaim_id)["returned_on"] is None
    driver.expect(fill({"received_by": "党建办王芳"}))
    revocation.reclaim(reclaim_id)
    assert store.get("placard_reclaims", reclaim_id)["returned_on"] == "2026-12-01"

    # -- the dashboard reflects it all ----------------------------------------------------
    window.go_to("dashboard")
    dashboard = window.page("dashboard")
    assert dashboard.cards[next(s for s in dashboard.cards if s.value == "revoked")].value.text() == "1"
    assert not driver.handlers and not driver.warnings
    QApplication.processEvents()
    window.close()
