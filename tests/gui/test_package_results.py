"""Several packages at once: each file's outcome is shown; a bad file does not hide the merged ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core import org, package
from core.demo import build_demo
from core.enums import OrgType
from core.store import open_store
from gui.package_dialog import PackageDialog
from tests.conftest import TODAY
from tests.gui.conftest import DialogDriver


def test_good_and_bad_files_each_get_their_outcome(qtbot: Any, tmp_path: Path, driver: DialogDriver) -> None:
    source = open_store(tmp_path / "office.db", clock=lambda: TODAY)
    build_demo(source, members=30, seed=4, today=TODAY)
    good = package.export_package(source, tmp_path / "长安街道.sfgpkg").path
    members = int(source.scalar("SELECT count(*) FROM members"))
    source.close()
    bad = tmp_path / "坏文件.sfgpkg"
    bad.write_bytes(Path(good).read_bytes()[:200])  # cut short in the copy to the USB stick

    district = open_store(tmp_path / "district.db", clock=lambda: TODAY)
    org.setup_organization(district, name="某区委组织部", org_type=OrgType.AGENCY)
    try:
        dialog = PackageDialog(district)
        qtbot.addWidget(dialog)
        dialog.show()
        # the bad file first: the good one after it must still be merged and shown as merged
        dialog.ask_import_sources = lambda: [str(bad), str(good)]  # type: ignore[method-assign]
        dialog.import_button.click()
        qtbot.waitUntil(lambda: bool(dialog.last_message), timeout=30000)

        assert int(district.scalar("SELECT count(*) FROM members")) == members
        rows = [dialog.result_model.row_at(i) for i in range(dialog.result_model.rowCount())]
        assert [(r["file"], r["result"]) for r in rows] == [("坏文件.sfgpkg", "没有导入"), ("长安街道.sfgpkg", "已合并")]
        assert "坏文件.sfgpkg" in rows[0]["detail"]
        assert rows[1]["office"] == "长安街道党工委" and rows[1]["added"] > 0
        report = dialog.report.toPlainText()
        assert "【没有导入】坏文件.sfgpkg" in report and "原因：" in report
        assert "【已合并】长安街道.sfgpkg" in report and "已导入“长安街道党工委”的交换包" in report
        assert dialog.last_message == "已导入1个交换包；1个文件没有导入，原因见上表。"
        assert dialog.last_outcome is not None and dialog.last_outcome.office == "长安街道党工委"
        offices = [dialog.model.row_at(i)["office"] for i in range(dialog.model.rowCount())]
        assert "长安街道党工委" in offices
        assert not driver.warnings  # everything is in the result view, not in a box that hides the rest

        # only bad files: nothing looks merged
        dialog.ask_import_sources = lambda: [str(bad), str(tmp_path / "不存在.sfgpkg")]  # type: ignore[method-assign]
        dialog.last_message = ""
        dialog.import_button.click()
        qtbot.waitUntil(lambda: bool(dialog.last_message), timeout=30000)
        results = [dialog.result_model.row_at(i)["result"] for i in range(dialog.result_model.rowCount())]
        assert results == ["没有导入", "没有导入"]
        assert dialog.last_message.startswith("没有导入任何交换包")
        assert dialog.last_outcome is None
        dialog.close()
    finally:
        district.close()
