"""How the window behaves: search, refusals next to their field, unsaved edits, labels by
organization type, the crash handler, the database lock, the first-run dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from core import queries
from core.enums import OrgType, Sex, UnitKind
from core.errors import DatabaseLockedError, DomainError
from core.idcard import make_id_number
from core.org import MemberInput, add_member, create_unit
from core.store import open_memory_store
from tests.gui.conftest import context, fill, make_window


def test_member_search_by_pinyin_initials_id_and_phone(demo_store: Any, qsettings: Any, qtbot: Any) -> None:
    unit = queries.units(demo_store)[0]["id"]
    number = make_id_number("110105", date(1980, 3, 5), 901, Sex.MALE)
    add_member(demo_store, MemberInput(name="张伟强", id_number=number, unit_id=unit, phone="13912345678"))
    window = make_window(demo_store, qsettings, qtbot)
    window.go_to("members")
    page = window.page("members")
    total = page.table.source.rowCount()

    def names(text: str) -> set[str]:
        page.search.setText(text)
        return {page.table.proxy.row_at(i)["name"] for i in range(page.table.proxy.rowCount())}

    assert "张伟强" in names("zwq")
    assert "张伟强" in names("zhangweiqiang")
    assert names("张伟强") == {"张伟强"}
    assert names(number[-8:].lower()) == {"张伟强"}
    assert names("13912345678") == {"张伟强"}
    assert names("") and page.table.source.rowCount() == total


def test_refusal_shown_next_to_its_field(store: Any, qsettings: Any, driver: Any, qtbot: Any) -> None:
    create_unit(store, name="第一党支部", kind=UnitKind.BRANCH)
    window = make_window(store, qsettings, qtbot)
    window.go_to("members")
    number = make_id_number("110105", date(1980, 3, 5), 11, Sex.MALE)

    def check(dialog: Any) -> None:
        dialog.field("name").setText("张伟强")
        dialog.field("id_number").setText(number)
        assert "校验通过" in dialog.id_info.text()
        dialog.field("phone").setText("12")
        dialog.submit()
        assert dialog.result() == 0
        assert "联系电话" in dialog._errors["phone"].text()
        assert not dialog._errors["name"].text()
        dialog.field("phone").setText("")
        dialog.submit()
        assert dialog.result() == 1

    driver.expect(check)
    window.page("members").add_member()
    assert store.scalar("SELECT count(*) FROM members") == 1


def test_unsaved_dialog_asks_before_closing(store: Any, qsettings: Any, driver: Any, qtbot: Any) -> None:
    from gui.dialogs.simple import UnitDialog

    dialog = UnitDialog(context(store, qsettings))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # nothing typed: closes without asking
    assert not driver.questions
    dialog = UnitDialog(context(store, qsettings))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.field("name").setText("新支部")
    driver.answer = False
    dialog.reject()
    assert driver.questions and dialog.isVisible()
    driver.answer = True
    dialog.reject()
    assert not dialog.isVisible()


def test_organization_type_changes_the_wording(store: Any, qsettings: Any, qtbot: Any) -> None:
    window = make_window(store, qsettings, qtbot)
    window.go_to("supervision")
    assert "群众满意度测评" in window.page("supervision").heading.text()
    window.go_to("settings")
    settings = window.page("settings")
    settings.org_type.setCurrentIndex(settings.org_type.findData(OrgType.HOSPITAL.value))
    settings.save_org()
    assert store.organization()["org_type"] == "hospital"
    window.go_to("supervision")
    assert "患者满意度测评" in window.page("supervision").heading.text()


def test_settings_refusal_shown_next_to_field(store: Any, qsettings: Any, qtbot: Any) -> None:
    window = make_window(store, qsettings, qtbot)
    window.go_to("settings")
    page = window.page("settings")
    page.weights[next(iter(page.weights))].setValue(50)
    page.save_settings()
    assert "100" in page.grades.errors["five_review_weights"].text()
    page.refresh()
    page.holidays.setPlainText("2027-02-30")
    page.save_settings()
    assert "不是有效日期" in page.calendar.errors["extra_holidays"].text()
    page.holidays.setPlainText("2027-02-10\n2027-02-11")
    page.save_settings()
    assert store.settings().extra_holidays == ("2027-02-10", "2027-02-11")


def test_crash_handler_writes_log_and_shows_dialog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, driver: Any) -> None:
    from gui import crash

    shown: list[tuple[str, Any]] = []
    monkeypatch.setattr(crash, "show_crash_dialog", lambda text, path: shown.append((text, path)))
    monkeypatch.setattr("sys.__stderr__", None)
    try:
        raise ValueError("坏了")
    except ValueError as error:
        crash.excepthook(ValueError, error, error.__traceback__)
    assert shown and "ValueError: 坏了" in shown[0][0]
    log = shown[0][1]
    assert log is not None and log.exists() and "ValueError" in log.read_text(encoding="utf-8")
    assert str(tmp_path) in str(log)
    crash.excepthook(DomainError, DomainError("不能这样做。"), None)
    assert driver.warnings == ["不能这样做。"]


def test_second_program_on_the_same_database_is_refused(tmp_path: Path) -> None:
    from core.lock import DatabaseLock

    db = tmp_path / "office.db"
    first = DatabaseLock(db)
    first.acquire()
    second = DatabaseLock(db)
    with pytest.raises(DatabaseLockedError, match="另一个"):
        second.acquire()
    first.release()
    second.acquire()
    second.release()


def test_first_run_dialog_creates_the_organization(driver: Any, qtbot: Any) -> None:
    from gui.dialogs.first_run import FirstRunDialog

    store = open_memory_store()
    try:
        dialog = FirstRunDialog(store)
        qtbot.addWidget(dialog)
        fill({"name": "", "supervision_phone": "010-12345678"}, expect_error="name")(dialog)
        fill({"name": "市第一人民医院党委", "org_type": "hospital", "supervision_phone": "010-12345678"})(dialog)
        assert store.organization()["org_type"] == "hospital"
    finally:
        store.close()


def test_window_remembers_geometry_and_splitter(demo_store: Any, qsettings: Any, qtbot: Any) -> None:
    window = make_window(demo_store, qsettings, qtbot)
    window.resize(1000, 700)
    window.splitter.setSizes([200, 800])
    window.go_to("members")
    window.page("members").table.setColumnWidth(0, 123)
    window.close()
    assert qsettings.value("window/geometry") is not None
    again = make_window(demo_store, qsettings, qtbot)
    assert again.splitter.saveState() == qsettings.value("window/splitter")
    again.go_to("members")
    assert again.page("members").table.columnWidth(0) == 123
    QApplication.processEvents()


def test_first_start_on_a_new_database_asks_for_the_organization(tmp_path: Path, driver: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QSettings

    from gui.app import _parser, _Startup
    from gui.main_window import MainWindow

    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    db = tmp_path / "office.db"
    startup = _Startup(QApplication.instance(), db, "", _parser().parse_args(["--db", str(db)]), 0.0)  # type: ignore[arg-type]
    startup.window = MainWindow()
    qtbot.addWidget(startup.window)
    startup.window.show()
    assert not startup.window.nav.isEnabled()  # the frame shows before the database is open
    driver.expect(lambda dialog: dialog.buttons["new"].click())  # the first start's choice: a new office
    driver.expect(fill({"name": "长安街道党工委", "org_type": "street", "supervision_phone": "010-65123456"}))
    startup.load()
    try:
        assert startup.store.organization()["name"] == "长安街道党工委"
        assert startup.window.ctx is not None and startup.window.nav.isEnabled()
        assert startup.window.current_key() == "dashboard"
    finally:
        startup.window.close()
        startup.close()


def test_leaving_a_page_with_typed_entries_asks(demo_store: Any, qsettings: Any, driver: Any, qtbot: Any) -> None:
    window = make_window(demo_store, qsettings, qtbot)
    window.go_to("settings")
    settings = window.page("settings")
    assert not settings.has_unsaved()
    settings.phone.setText("010-11112222")
    assert settings.has_unsaved()
    driver.answer = False
    window.go_to("members")
    assert driver.questions and window.current_key() == "settings"
    driver.answer = True
    window.go_to("members")
    assert window.current_key() == "members"
    window.go_to("evaluation")
    evaluation = window.page("evaluation")
    for page in (window.page("dashboard"), evaluation):
        assert not getattr(page, "has_unsaved", lambda: False)()
    settings.refresh()
    window.close()


def test_photo_is_cropped_to_two_inch_and_saved(store: Any, qsettings: Any, driver: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    from core.queries import member_photo
    from gui.dialogs.member import MemberDialog
    from gui.dialogs.photo_crop import PhotoCropDialog

    image = QImage(1200, 900, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    crop = PhotoCropDialog(image)
    qtbot.addWidget(crop)
    assert abs(crop.area.crop.width() / crop.area.crop.height() - 35 / 49) < 0.01
    crop.area.resize_by(0.5)
    crop.area.move_by(-10_000, 0)
    assert crop.area.crop.left() == 0 and abs(crop.area.crop.width() / crop.area.crop.height() - 35 / 49) < 0.01
    jpeg = crop.jpeg()
    decoded = QImage.fromData(jpeg)
    assert (decoded.width(), decoded.height()) == (413, 579)

    unit = create_unit(store, name="第一党支部", kind=UnitKind.BRANCH).id
    number = make_id_number("110105", date(1980, 3, 5), 11, Sex.MALE)
    dialog = MemberDialog(context(store, qsettings), unit_id=unit)
    qtbot.addWidget(dialog)
    dialog.field("name").setText("张伟强")
    dialog.field("id_number").setText(number)
    dialog.set_photo(jpeg)
    dialog.submit()
    assert dialog.result() == 1, dialog.general_error.text()
    assert member_photo(store, dialog.member_id) == jpeg
