"""Table models fed from core rows: ``RowTableModel.set_rows()`` plus a sorting proxy.

``data()`` only formats the rows it was given (never SQL). Sorting happens on the Python list
(fast for 20,000 rows), filtering through a predicate computed once per change, so a keystroke
in a search box costs one pass over precomputed strings rather than a Python call per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

Row = dict[str, Any]
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

WARN_BRUSH = QBrush(QColor("#fde2e1"))
DONE_BRUSH = QBrush(QColor("#e8f5e9"))


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    fmt: Callable[[Row], Any] | None = None
    align: str = "left"  # left | center | right
    width: int = 0
    editable: bool = False

    def text(self, row: Row) -> str:
        value = self.fmt(row) if self.fmt else row.get(self.key)
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def sort_key(self, row: Row) -> tuple[int, Any]:
        value = row.get(self.key) if self.key in row or self.fmt is None else self.fmt(row)
        if value is None or value == "":
            return (2, 0)
        if isinstance(value, (int, float)):
            return (0, float(value))
        return (1, str(value))


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_EDIT = int(Qt.ItemDataRole.EditRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ROLES_USED = frozenset({_DISPLAY, _EDIT, _ALIGNMENT, _BACKGROUND, _TOOLTIP, int(ROW_ROLE), int(SORT_ROLE)})

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
}


class RowTableModel(QAbstractTableModel):
    """Rows (dicts) shown through named columns; optional background per row."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._all: list[Row] = []
        self._rows: list[Row] = []
        self._predicate: Callable[[Row], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._subset: list[Row] | None = None
        self.version = 0  # bumped whenever the rows or their order change
        self.background: Callable[[Row], QBrush | None] | None = None
        self.tooltip: Callable[[Row], str | None] | None = None

    # -- feeding --------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._subset = None
        self._order_rows()
        self.version += 1
        self._rows = self._visible()
        self.endResetModel()

    def set_predicate(self, predicate: Callable[[Row], bool] | None) -> None:
        self.beginResetModel()
        self._predicate = predicate
        self._rows = self._visible()
        self.endResetModel()

    def set_subset(self, rows: list[Row] | None) -> None:
        """Show only ``rows``, a sub-list of ``all_rows()`` kept in its order (or all again)."""
        self.beginResetModel()
        self._subset = rows
        self._rows = self._visible()
        self.endResetModel()

    def all_rows(self) -> list[Row]:
        """Every row, in the current sort order (a filter over it keeps that order)."""
        return self._all

    def _order_rows(self) -> None:
        if self._sort is not None:
            column, order = self._sort
            self._all.sort(key=self.columns[column].sort_key, reverse=order == Qt.SortOrder.DescendingOrder)

    def _visible(self) -> list[Row]:
        base = self._all if self._subset is None else self._subset
        return base if self._predicate is None else [r for r in base if self._predicate(r)]

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def total(self) -> int:
        return len(self._all)

    def find(self, key: str, value: Any) -> int:
        for i, row in enumerate(self._rows):
            if row.get(key) == value:
                return i
        return -1

    # -- Qt interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each repaint: plain int comparisons first
        # (comparing with Qt enum members is several times slower), unsupported roles leave early.
        role = int(role)
        if role not in _ROLES_USED:
            return None
        row_number = index.row()
        if not 0 <= row_number < len(self._rows):
            return None
        row = self._rows[row_number]
        column = self.columns[index.column()]
        if role in (_DISPLAY, _EDIT):
            return column.text(row)
        if role == _ALIGNMENT:
            return _ALIGN[column.align]
        if role == _BACKGROUND:
            return self.background(row) if self.background is not None else None
        if role == _TOOLTIP:
            return self.tooltip(row) if self.tooltip is not None else None
        if role == ROW_ROLE:
            return row
        return column.sort_key(row)[1]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title if 0 <= section < len(self.columns) else None
        return section + 1

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            self._sort = None
            return
        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        self._sort = (column, order)
        self._order_rows()
        if self._subset is not None:
            position = {id(r): i for i, r in enumerate(self._all)}
            self._subset.sort(key=lambda r: position[id(r)])
        self.version += 1
        self._rows = self._visible()
        position = {id(r): i for i, r in enumerate(self._rows)}
        for persistent in self.persistentIndexList():
            if persistent.isValid() and persistent.row() < len(old):
                new_row = position.get(id(old[persistent.row()]), -1)
                self.changePersistentIndex(
                    persistent, self.index(new_row, persistent.column()) if new_row >= 0 else QModelIndex()
                )
        self.layoutChanged.emit()


class RowProxy(QSortFilterProxyModel):
    """The view's proxy: sorting is delegated to the source model's list sort (cheap for 20,000
    rows, where a per-comparison call back into Python would not be)."""

    def __init__(self, source: RowTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setDynamicSortFilter(False)

    def source(self) -> RowTableModel:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return model

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def row_at(self, proxy_row: int) -> Row:
        return self.source().row_at(self.mapToSource(self.index(proxy_row, 0)).row())
