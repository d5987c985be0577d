"""Guidance inside the program: the first steps on an empty 工作台, the 操作流程 guide (F1 at the page in
view), the roster template from 帮助 and from the import, the import reachable from 组织与党员 and
saying its required columns, and 关于 with the version and where data, backups and logs are."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from core import org, roster
from core.enums import OrgType
from core.store import Store, open_memory_store
from core.version import VERSION
from gui import file_dialogs
from gui.help import AboutDialog, guide_html
from gui.main_window import PAGES
from tests.core.helpers import batch, individual_post, member, unit
from tests.gui.conftest import OFFSCREEN_NOISE, make_window


def _action(window: Any, text: str) -> Any:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else []:
            if action.text() == text:
                return action
    raise AssertionError(f"no menu command {text}")


def test_the_guide_has_a_section_for_every_page_and_follows_the_four_setup_steps() -> None:
    html = guide_html()
    for spec in PAGES:
        assert f'<a name="{spec.key}"></a>' in html, spec.key
    setup = html[html.index('<a name="setup">'):html.index('<a name="year">')]
    steps = [setup.index(word) for word in ("岗位设置", "岗前测评", "岗位公示", "确定岗位")]
    assert steps == sorted(steps) and "80%以上" in setup and "不少于两人" in setup
    for link in re.findall(r'href="#([a-z]+)"', html):
        assert f'<a name="{link}">' in html, link
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"<[^>]+>|GB/T|GBK|Excel|xlsx|xls|csv|PDF|sfgpkg|zwq|F1", "", html))


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, r"^This plugin does not support raise\(\)$")  # the offscreen platform's too
def test_f1_opens_the_guide_at_the_page_in_view(store: Store, qsettings: Any, qtbot: Any) -> None:
    window = make_window(store, qsettings, qtbot)
    window.go_to("members")
    f1 = _action(window, "操作流程")
    assert f1.shortcut().toString() == "F1"
    f1.trigger()
    guide = window._guide
    qtbot.waitUntil(guide.isVisible)
    assert guide.section == "members"
    qtbot.wait(10)
    window.go_to("publicity")
    f1.trigger()
    assert guide.section == "publicity" and window._guide is guide  # one guide, moved to the new page's section
    guide.close()


def test_an_empty_dashboard_says_what_to_do_first(store: Store, qsettings: Any, qtbot: Any) -> None:
    window = make_window(store, qsettings, qtbot)
    dashboard = window.page("dashboard")
    assert dashboard.first_steps.isVisible() and not dashboard.overview.isVisible()
    shown = " ".join(label.text() for label in dashboard.first_steps.findChildren(QLabel))
    assert "登记党员" in shown and "新建创建年度和批次" in shown and "岗位设置：提名示范岗" in shown
    assert {"导入党员名册…", "保存名册模板…", "新建单位…", "新建创建年度…", "新建批次…", "提名示范岗…"} <= set(dashboard.first_steps.buttons)
    window.close()
    member(store, unit_id=unit(store))
    individual_post(store, store.scalar("SELECT id FROM members"), batch(store))
    again = make_window(store, qsettings, qtbot)
    dashboard = again.page("dashboard")
    assert not dashboard.first_steps.isVisible() and dashboard.overview.isVisible()
    again.close()


def test_the_first_steps_buttons_do_what_they_say(store: Store, qsettings: Any, qtbot: Any, driver: Any) -> None:
    from gui.dialogs.simple import YearDialog
    from gui.import_dialog import RosterImportDialog

    window = make_window(store, qsettings, qtbot)
    seen: list[type] = []
    driver.expect(lambda dialog: (seen.append(type(dialog)), dialog.reject()))
    driver.expect(lambda dialog: (seen.append(type(dialog)), dialog.reject()))
    panel = window.page("dashboard").first_steps
    panel.buttons["导入党员名册…"].click()
    panel.buttons["新建创建年度…"].click()
    assert seen == [RosterImportDialog, YearDialog] and window.current_key() == "posts"
    window.close()


def test_a_district_database_starts_by_merging_packages(qsettings: Any, qtbot: Any) -> None:
    store = open_memory_store()
    try:
        org.setup_organization(store, name="长安区委组织部", org_type=OrgType.DISTRICT)
        window = make_window(store, qsettings, qtbot)
        panel = window.page("dashboard").first_steps
        assert panel.isVisible() and set(panel.buttons) == {"导入交换包…"}
        window.close()
    finally:
        store.close()


def test_the_roster_template_is_saved_from_help_and_from_the_import(store: Store, qsettings: Any, qtbot: Any,
                                                                     driver: Any, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    targets = iter([str(tmp_path / "模板"), str(tmp_path / "从导入保存.xlsx")])
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_args: next(targets))
    window = make_window(store, qsettings, qtbot)
    _action(window, "党员名册模板…").trigger()
    assert roster.read_roster(tmp_path / "模板.xlsx").header_row == 1  # .xlsx added to a bare name
    assert "带 * 的列必须填写" in driver.infos[-1]

    def from_the_import(dialog: Any) -> None:
        shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "必须有的列：姓名、公民身份号码、所在党组织" in shown
        dialog.template_button.click()
        dialog.reject()

    driver.expect(from_the_import)
    window.go_to("members")
    members_page = window.page("members")
    next(b for b in members_page.findChildren(QPushButton) if b.text() == "导入党员名册…").click()
    assert (tmp_path / "从导入保存.xlsx").exists() and not driver.handlers
    window.close()


def test_about_shows_the_version_and_where_things_are(demo_store: Store, qtbot: Any, tmp_path: Path) -> None:
    from core.paths import user_data_dir
    from gui.paths import log_dir

    about = AboutDialog(demo_store)
    qtbot.addWidget(about)
    shown = " ".join(label.text() for label in about.findChildren(QLabel))
    assert VERSION in shown and str(demo_store.path) in shown
    assert str(user_data_dir()) in shown and str(log_dir()) in shown
    assert str(Path(str(demo_store.path)).parent / "备份") in shown
    assert [b.text() for b in about.findChildren(QPushButton) if b.text() == "打开"] == ["打开"] * 3
    QApplication.processEvents()
