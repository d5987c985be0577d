"""What every page shares: the context, a refresh on relevant changes, lazy refresh when hidden."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.store import Changes
from gui.context import AppContext


class Page(QWidget):
    title = ""
    watches: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self._stale = True
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(12, 10, 12, 10)
        ctx.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if changes.tables & self.watches or "organization" in changes.tables:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh_now()

    def refresh_now(self) -> None:
        self._stale = False
        self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh_now()

    def refresh(self) -> None:
        raise NotImplementedError

    def focus_entity(self, entity_id: Any) -> None:
        """Navigation from elsewhere (the dashboard's to-do list) may point at a record."""


def unpack(target: Any) -> tuple[str | None, Any]:
    """Navigation targets are an id or an ``(entity, id)`` pair from the dashboard."""
    if isinstance(target, tuple) and len(target) == 2:
        return target[0], target[1]
    return None, target
