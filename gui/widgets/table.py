"""A read-only table of rows (``gui.models``) that sorts, filters and remembers its column widths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from gui.models import Column, RowProxy, RowTableModel

# Columns sized to their contents look at this many rows (Qt's default, 1000, makes a page of
# a 20,000-member office slow to show).
CONTENT_ROWS = 50


class TableView(QTableView):
    """A read-only table that remembers its column widths under ``key`` in QSettings."""

    activated_row = Signal(dict)

    def __init__(self, columns: Sequence[Column], key: str, qsettings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.qsettings = qsettings
        self.source = RowTableModel(columns, self)
        self.proxy = RowProxy(self.source, self)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for i, column in enumerate(columns):
            if column.width:
                self.setColumnWidth(i, column.width)
        self._restore_widths()
        header.sectionResized.connect(self._remember_widths)
        self.doubleClicked.connect(self._on_double)

    def _settings_key(self) -> str:
        return f"tables/{self.key}/widths"

    def _restore_widths(self) -> None:
        widths = self.qsettings.value(self._settings_key())
        if isinstance(widths, list):
            for i, width in enumerate(widths[: len(self.source.columns) - 1]):
                try:
                    if int(width) > 20:
                        self.setColumnWidth(i, int(width))
                except (TypeError, ValueError):
                    continue

    def _remember_widths(self) -> None:
        widths = [self.columnWidth(i) for i in range(len(self.source.columns))]
        self.qsettings.setValue(self._settings_key(), [str(w) for w in widths])

    def _on_double(self, index: Any) -> None:
        if index.isValid():
            self.activated_row.emit(self.proxy.row_at(index.row()))

    def set_rows(self, rows: Sequence[dict[str, Any]], keep: str = "id") -> None:
        current = self.current_row()
        self.source.set_rows(rows)
        if current is not None:
            self.select_where(keep, current.get(keep))

    def current_row(self) -> dict[str, Any] | None:
        indexes = self.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.proxy.row_at(indexes[0].row())

    def select_where(self, key: str, value: Any) -> bool:
        row = self.source.find(key, value)
        if row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.source.index(row, 0))
        self.selectRow(proxy_index.row())
        self.scrollTo(proxy_index)
        return True
