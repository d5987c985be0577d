"""Windows and dialogs fit the screen they open on.

The commonest office laptop is 1366×768 (less a taskbar), and a projector in a meeting room may be
1280×720: the main window opens at its preferred size only where that fits and is maximized
otherwise; a saved position is used only if it still fits the screen (a laptop taken off its big
monitor); a dialog never opens larger than the screen.
"""

from __future__ import annotations

# No ``Qt`` namespace at import: the main window uses this before its first frame (see gui/app.py).
from PySide6.QtCore import QByteArray, QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1280, 800)
# What a window manager adds around a window's client area (title bar and borders), which Qt only
# knows once the window is on screen: used to judge whether a size fits before showing it.
FRAME_ALLOWANCE = QMargins(8, 32, 8, 8)


def available_area(widget: QWidget | None = None) -> QRect:
    """The screen area a window may use (without taskbar or panels): the widget's screen, else the primary one."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, PREFERRED_SIZE.width(), PREFERRED_SIZE.height())


def usable_size(widget: QWidget | None = None) -> QSize:
    """The largest client size whose window, frame included, fits the available area."""
    area = available_area(widget).marginsRemoved(FRAME_ALLOWANCE)
    return QSize(max(1, area.width()), max(1, area.height()))


def place_main_window(window: QWidget) -> bool:
    """Size and centre the window: the preferred size where it fits, else the usable area.
    Returns whether it should be shown maximized (a screen smaller than the preferred size)."""
    area = available_area(window)
    usable = usable_size(window)
    small = PREFERRED_SIZE.width() > usable.width() or PREFERRED_SIZE.height() > usable.height()
    # Shown maximized on a small screen; un-maximized it returns to this size, which fits too.
    size = PREFERRED_SIZE.boundedTo(usable)
    window.resize(size)
    outer = size.grownBy(FRAME_ALLOWANCE)
    window.move(area.x() + (area.width() - outer.width()) // 2, area.y() + (area.height() - outer.height()) // 2)
    return small


def fits_screen(window: QWidget) -> bool:
    """Whether the window, as placed now, lies within one screen's available area (maximized always does)."""
    if window.isMaximized() or window.isFullScreen():
        return True
    # A hidden window's position is its frame's; its frame is not known yet.
    outer = window.frameGeometry() if window.isVisible() else QRect(window.pos(), window.size().grownBy(FRAME_ALLOWANCE))
    return any(screen.availableGeometry().contains(outer) for screen in QGuiApplication.screens())


def restore_main_window(window: QWidget, saved: object) -> bool:
    """Put the window where it was last closed if that still fits a screen (a laptop may have left
    its big monitor since); otherwise place it afresh. Returns whether the saved geometry was used."""
    if isinstance(saved, QByteArray) and window.restoreGeometry(saved) and fits_screen(window):
        return True
    if place_main_window(window) and window.isVisible():
        window.showMaximized()
    return False


def fit_dialog(dialog: QWidget) -> None:
    """Open a dialog at its natural size (its own ``resize``, else what its content asks for) as far
    as the screen allows. Left to itself Qt caps a dialog at two thirds of the screen, which on
    1280×720 squeezes a tall form below what its wrapped lines need."""
    from PySide6.QtCore import Qt

    usable = usable_size(dialog.parentWidget() or dialog)
    resized = dialog.testAttribute(Qt.WidgetAttribute.WA_Resized)
    wanted = dialog.size() if resized else dialog.sizeHint()
    if resized and wanted.width() <= usable.width() and wanted.height() <= usable.height():
        return
    dialog.resize(wanted.boundedTo(usable).expandedTo(dialog.minimumSizeHint()))


__all__ = ["PREFERRED_SIZE", "available_area", "fit_dialog", "fits_screen", "place_main_window", "restore_main_window",
           "usable_size"]
