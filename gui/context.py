"""The shared state of the window: the open store, and one signal every view refreshes from.

Pages never call each other: an action returns ``Changes``, ``AppContext.notify`` broadcasts it,
and every page whose tables were touched refreshes (at once if visible, else when next shown).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from core.enums import Terms
from core.settings import Settings
from core.store import Changes, Store


class AppContext(QObject):
    changed = Signal(object)  # Changes
    status = Signal(str)
    navigate = Signal(str, object)  # page key, optional entity id

    def __init__(self, store: Store, qsettings: QSettings | None = None) -> None:
        super().__init__()
        self.store = store
        self.qsettings = qsettings or QSettings()

    def terms(self) -> Terms:
        return self.store.terms()

    def settings(self) -> Settings:
        return self.store.settings()

    def notify(self, changes: Changes) -> None:
        self.changed.emit(changes)
        self.status.emit(changes.message)
