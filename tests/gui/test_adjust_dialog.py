"""调整上岗人员 through its dialog: a newcomer to a post on duty needs their own consent."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from core.enums import AdjustmentKind
from gui.dialogs.actions import adjust_dialog
from tests.core.helpers import batch, bring_on_duty, collective_post, member, unit
from tests.gui.conftest import context, errors_of, set_field


def test_replacing_a_member_asks_for_the_newcomers_consent(qtbot: Any, store: Any, clock: Any, driver: Any,
                                                           qsettings: Any) -> None:
    branch = unit(store)
    a, b, newcomer = member(store, "甲", unit_id=branch), member(store, "乙", unit_id=branch), member(store, "丙", unit_id=branch)
    b_id = batch(store)
    post = collective_post(store, [a, b], b_id, unit_id=branch)
    bring_on_duty(store, clock, [post], b_id)

    dialog = adjust_dialog(context(store, qsettings), None, post)
    qtbot.addWidget(dialog)
    set_field(dialog, "kind", AdjustmentKind.REPLACE_MEMBER.value)
    set_field(dialog, "member_out_id", b)
    set_field(dialog, "member_in_id", newcomer)
    set_field(dialog, "reason", "乙同志工作调动")
    assert dialog.field("newcomer_consents").isEnabled()
    dialog.submit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "本人同意" in errors_of(dialog).get("newcomer_consents", ""), errors_of(dialog)
    assert store.scalar("SELECT count(*) FROM adjustments") == 0

    set_field(dialog, "newcomer_consents", True)
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted, errors_of(dialog)
    members = {r["member_id"] for r in store.rows("SELECT member_id FROM post_members WHERE post_id = ? AND left_on IS NULL", [post])}
    assert members == {a, newcomer}
    set_field(dialog, "kind", AdjustmentKind.CHANGE_LEADER.value)
    assert not dialog.field("newcomer_consents").isEnabled()
    driver.answer = True  # closing the edited form asks whether to discard: yes
