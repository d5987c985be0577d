"""The exchange-package dialog: export this office, merge another office's package, see both offices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core import org, package
from core.demo import build_demo
from core.enums import OrgType
from core.store import Store, open_store
from gui.package_dialog import PackageDialog
from tests.conftest import TODAY
from tests.gui.conftest import DialogDriver


def make_dialog(qtbot: Any, store: Store) -> PackageDialog:
    dialog = PackageDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_export_then_merge_into_the_district(qtbot: Any, demo_store: Store, driver: DialogDriver, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, demo_store)
    assert dialog.model.rowCount() == 1 and "（本库）" in dialog.model.row_at(0)["office"]
    target = tmp_path / "本单位.sfgpkg"
    dialog.ask_export_target = lambda: str(target)  # type: ignore[method-assign]
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "交换包已生成" in dialog.last_message, timeout=30000)
    assert target.exists()
    assert [(c.message, c.tables) for c in dialog.changes] == [(dialog.last_message, frozenset())]

    district = open_store(tmp_path / "区委.db", clock=lambda: TODAY)
    org.setup_organization(district, name="某区委组织部", org_type=OrgType.AGENCY, supervision_phone="010-12345678")
    try:
        merged = make_dialog(qtbot, district)
        merged.ask_import_sources = lambda: [str(target)]  # type: ignore[method-assign]
        merged.import_button.click()
        qtbot.waitUntil(lambda: "已导入1个交换包" in merged.last_message, timeout=30000)
        offices = [merged.model.row_at(i)["office"] for i in range(merged.model.rowCount())]
        assert "长安街道党工委" in offices
        assert "已导入“长安街道党工委”的交换包" in merged.report.toPlainText()
        assert int(district.scalar("SELECT count(*) FROM members")) == int(demo_store.scalar("SELECT count(*) FROM members"))
        [merge] = merged.changes
        assert merge.message == merged.last_message and {"units", "members", "posts"} <= merge.tables
        assert "organization" not in merge.tables  # the district had its own organization
        # the same package again adds nothing and overwrites nothing
        merged.import_button.click()
        qtbot.waitUntil(lambda: "没有新记录" in merged.report.toPlainText(), timeout=30000)
        merged.close()
    finally:
        district.close()
    assert not driver.warnings


def test_conflicts_are_listed_not_overwritten(qtbot: Any, tmp_path: Path, driver: DialogDriver) -> None:
    source = open_store(tmp_path / "office.db", clock=lambda: TODAY)
    build_demo(source, members=40, seed=9, today=TODAY)
    first = package.export_package(source, tmp_path / "first.sfgpkg").path
    with source.transaction():
        source.db.execute("UPDATE members SET position = '已改动' WHERE id = 1")
    second = package.export_package(source, tmp_path / "second.sfgpkg").path
    changed_uid = source.scalar("SELECT uid FROM members WHERE id = 1")
    source.close()
    district = open_store(tmp_path / "district.db", clock=lambda: TODAY)
    org.setup_organization(district, name="某区委组织部", org_type=OrgType.AGENCY)
    try:
        dialog = make_dialog(qtbot, district)
        dialog.ask_import_sources = lambda: [str(first), str(second)]  # type: ignore[method-assign]
        dialog.import_button.click()
        qtbot.waitUntil(lambda: "已导入2个交换包" in dialog.last_message, timeout=30000)
        assert "冲突（未覆盖）" in dialog.report.toPlainText()
        kept = district.scalar("SELECT position FROM members WHERE uid = ?", [changed_uid])
        assert kept is not None and kept != "已改动"
        dialog.close()
    finally:
        district.close()
