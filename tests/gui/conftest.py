"""GUI fixtures: window settings in a temp file, dialogs driven by the test instead of a person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDoubleSpinBox, QLineEdit, QPlainTextEdit, QSpinBox

from core.store import Store
from gui import widgets
from gui.widgets import DateEdit, FormDialog

Handler = Callable[[Any], None]


@dataclass
class DialogDriver:
    """Stands in for the clerk: each dialog the program opens is handed to the next handler."""

    handlers: list[Handler] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: bool = True

    def expect(self, handler: Handler) -> None:
        self.handlers.append(handler)

    def exec_dialog(self, dialog: QDialog) -> int:
        assert self.handlers, f"unexpected dialog: {dialog.windowTitle()}"
        self.handlers.pop(0)(dialog)
        return int(dialog.result())


def set_field(dialog: FormDialog, name: str, value: Any) -> None:
    widget = dialog.field(name)
    if isinstance(widget, DateEdit):
        widget.set_value(value)
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        assert index >= 0, f"{name}: no choice {value!r}"
        widget.setCurrentIndex(index)
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        widget.setValue(value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(value)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QLineEdit):
        widget.setText(value)
    else:
        raise AssertionError(f"cannot set {name} on {type(widget).__name__}")


def errors_of(dialog: FormDialog) -> dict[str, str]:
    found = {name: label.text() for name, label in dialog._errors.items() if label.text()}
    if dialog.general_error.text():
        found["_general"] = dialog.general_error.text()
    return found


def fill(values: dict[str, Any], *, before: Handler | None = None, expect_error: str | None = None) -> Handler:
    """A handler that fills the named fields and presses the dialog's OK button."""

    def handler(dialog: Any) -> None:
        if before is not None:
            before(dialog)
        for name, value in values.items():
            set_field(dialog, name, value)
        dialog.submit()
        if expect_error is None:
            assert dialog.result() == QDialog.DialogCode.Accepted, errors_of(dialog)
        else:
            assert dialog.result() != QDialog.DialogCode.Accepted
            assert expect_error in errors_of(dialog), errors_of(dialog)

    return handler


@pytest.fixture
def driver(monkeypatch: pytest.MonkeyPatch) -> DialogDriver:
    d = DialogDriver()
    monkeypatch.setattr(widgets, "run_modal", d.exec_dialog)
    monkeypatch.setattr(widgets, "warn", lambda _parent, text, title="": d.warnings.append(text))
    monkeypatch.setattr(widgets, "info", lambda _parent, text, title="": d.infos.append(text))

    def ask(_parent: Any, text: str, title: str = "", yes: str = "", no: str = "") -> bool:
        d.questions.append(text)
        return d.answer

    monkeypatch.setattr(widgets, "ask", ask)
    return d


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SFG_DATA_DIR", str(tmp_path / "userdata"))


def context(store: Store, qsettings: QSettings) -> Any:
    """The window's shared state around ``store``, for a dialog opened on its own."""
    from gui.context import AppContext

    return AppContext(store, qsettings)


def make_window(store: Store, qsettings: QSettings, qtbot: Any) -> Any:
    from PySide6.QtWidgets import QApplication

    from gui.app import install_chinese
    from gui.context import AppContext
    from gui.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_chinese(app)
    window = MainWindow(AppContext(store, qsettings))
    qtbot.addWidget(window)
    window.show()
    return window


# The offscreen platform plugin warns on every top-level window it shows; the message
# says nothing about our code, so only this exact text is tolerated.
OFFSCREEN_NOISE = r"^This plugin does not support propagateSizeHints\(\)$"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_the_gui_thread() -> Iterator[None]:
    """Free the widgets a test left behind here, not later on some worker thread (Qt forbids that)."""
    yield
    import gc

    gc.collect()


@pytest.fixture(autouse=True)
def _no_unexpected_modal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody answers would hang the run: a test that expects one uses ``driver``."""

    def refuse(_parent: Any, text: str, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"unexpected message box: {text}")

    for name in ("warn", "info", "ask"):
        monkeypatch.setattr(widgets, name, refuse)
