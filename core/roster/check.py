"""Checking every row of a roster without writing anything: the preview an import shows.

Each row's cells are read (``cells``) into a member that the one member check
(``core.member_rules.check_member``) judges; the roster adds the rules of a file: each ID number
on one row only, under the name it is registered with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.enums import MemberCategory, Standing
from core.errors import DomainError
from core.member_rules import MemberInput, MemberProblem, check_member
from core.org import serving_posts
from core.roster.cells import (
    CATEGORY_WORDS,
    STANDING_WORDS,
    CellError,
    category_cell,
    date_cell,
    day_cell,
    education_cell,
    id_cell,
    sex_cell,
    short,
    standing_cell,
    text_value,
    unit_cell,
)
from core.roster.columns import FIELD_LABELS, FIELDS, IGNORE, REQUIRED, Column, map_columns, remembered_mapping
from core.roster.read import RosterTable, read_roster
from core.store import Row, Store


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    reason: str
    name: str = ""

    @property
    def where(self) -> str:
        return f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")


@dataclass
class PlannedRow:
    row: int
    values: Row
    unit_name: str
    member_id: int | None


@dataclass
class Preview:
    """What an import would do. ``problems`` empty means every row can be imported."""

    table: RosterTable
    columns: list[Column]
    planned: list[PlannedRow]
    problems: list[Problem]
    new_units: list[str]
    notes: list[str] = field(default_factory=list)
    present: frozenset[str] = frozenset()  # the fields the file has a column for

    @property
    def total_rows(self) -> int:
        return len(self.table.rows)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row > 0})

    @property
    def file_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.row == 0]

    @property
    def valid_rows(self) -> list[PlannedRow]:
        bad = set(self.bad_rows)
        return [p for p in self.planned if p.row not in bad]

    @property
    def adds(self) -> int:
        return sum(1 for p in self.valid_rows if p.member_id is None)

    @property
    def updates(self) -> int:
        return sum(1 for p in self.valid_rows if p.member_id is not None)

    @property
    def unmapped(self) -> list[Column]:
        return [c for c in self.columns if c.field is None]

    def summary(self) -> str:
        text = f"共{self.total_rows}行：可导入{len(self.valid_rows)}行（新增{self.adds}人，更新{self.updates}人）"
        if self.bad_rows:
            text += f"，有问题{len(self.bad_rows)}行"
        if self.new_units:
            text += f"；将新建组织单元{len(self.new_units)}个：{'、'.join(self.new_units)}"
        return text + "。"


def prepare_import(store: Store, path_or_table: str | Path | RosterTable, *,
                   manual: Mapping[int, str | None] | None = None) -> Preview:
    """Read (if needed), map and check every row without writing anything."""
    table = path_or_table if isinstance(path_or_table, RosterTable) else read_roster(path_or_table)
    columns = map_columns(table.headers, remembered=remembered_mapping(store), manual=manual)
    return check_rows(store, table, columns)


def check_rows(store: Store, table: RosterTable, columns: list[Column]) -> Preview:
    by_field: dict[str, list[Column]] = {}
    for column in columns:
        if column.field and column.field != IGNORE:
            by_field.setdefault(column.field, []).append(column)
    problems: list[Problem] = []
    notes: list[str] = []
    for key in REQUIRED:
        if key not in by_field:
            problems.append(Problem(0, FIELD_LABELS[key], f"文件中没有“{FIELD_LABELS[key]}”列。请在列对应中指定哪一列是{FIELD_LABELS[key]}。"))
    if problems:
        return Preview(table, columns, [], problems, [], notes)
    if "category" not in by_field:
        notes.append("文件中没有“党员类别”列，新增的党员按正式党员导入，请核对。")
    absent = [f.label for f in FIELDS
              if f.key not in by_field and f.key not in (*REQUIRED, "sex", "birth_date")]
    if absent:
        notes.append(f"文件中没有{'、'.join(absent)}列：已登记的党员这些内容保持不变，只更新文件中有的列。")
    if table.sign_off_rows:
        rows_text = "、".join(str(n) for n in table.sign_off_rows)
        notes.append(f"第{rows_text}行是表尾的签名或说明（填表人、审核人等），没有当作党员导入。")
    context = _Context(store)
    planned: list[PlannedRow] = []
    seen: dict[str, list[int]] = {}  # ID number → the rows it is on
    new_units: dict[str, None] = {}
    sources = [(key, [(c.index, c.header) for c in cols]) for key, cols in by_field.items()]
    missing = {f.key: (None, f.label) for f in FIELDS if f.key not in by_field}
    for number, cells in table.rows:
        row_problems: list[Problem] = []
        try:
            fetched = _fetch(cells, sources, missing)
            values, unit_name, member_id = _check_row(context, number, fetched, "category" in by_field, row_problems, seen)
        except Exception as error:  # a row must never stop the whole check
            row_problems.append(Problem(number, "", f"这一行无法识别（{type(error).__name__}），请检查内容"))
            values, unit_name, member_id = None, "", None
        problems.extend(row_problems)
        if values is not None and not row_problems:
            planned.append(PlannedRow(number, values, unit_name, member_id))
            if unit_name not in context.units:
                new_units[unit_name] = None
    # The first row of a repeated ID number is not known to be the right one either: flag it too, so
    # that “只导入无误的行” imports neither until the clerk decides.
    id_header = by_field["id_number"][0].header
    for number_text, rows_with_it in seen.items():
        if len(rows_with_it) > 1:
            later = "、".join(str(n) for n in rows_with_it[1:])
            problems.append(Problem(rows_with_it[0], id_header,
                                    f"与第{later}行的身份证号相同（{number_text}），同一人只能出现一次，请确认哪一行是对的"))
    problems.sort(key=lambda p: p.row)
    return Preview(table, columns, planned, problems, list(new_units), notes, frozenset(by_field))


class _Context:
    """What the check needs of the database, read once for the whole file."""

    def __init__(self, store: Store) -> None:
        self.today = store.today()
        self.members = {r[0]: (r[1], r[2]) for r in store.db.execute("SELECT id_number, id, name FROM members")}
        self.units = {r[0]: r[1] for r in store.db.execute("SELECT name, id FROM units")}
        self.posts = serving_posts(store)

    def holder(self, id_number: str) -> tuple[int, str] | None:
        return self.members.get(id_number)

    def serving(self, member_id: int) -> Sequence[Row]:
        return self.posts.get(member_id, [])


def _fetch(cells: Sequence[Any], sources: list[tuple[str, list[tuple[int, str]]]],
           missing: dict[str, tuple[Any, str]]) -> dict[str, tuple[Any, str]]:
    """Each field's value (the first non-empty of its columns) with the header it came from."""
    fetched = dict(missing)
    size = len(cells)
    for key, columns in sources:
        if len(columns) == 1:
            index, header = columns[0]
            value = cells[index] if index < size else None
            if type(value) is str and not value.strip():
                value = None
            fetched[key] = (value, header)
            continue
        found: tuple[Any, str] = (None, columns[0][1])
        for index, header in columns:
            value = cells[index] if index < size else None
            if value is not None and (not isinstance(value, str) or value.strip()):
                found = (value, header)
                break
        fetched[key] = found
    return fetched


def _check_row(ctx: _Context, number: int, fetched: dict[str, tuple[Any, str]], has_category: bool,
               out: list[Problem], seen: dict[str, list[int]]) -> tuple[Row | None, str, int | None]:
    """Read the row's cells and check the member they give with the one member check
    (``member_rules.check_member``); then the rules of a file: each ID number on one row only,
    under the name it is registered with."""
    unreadable: dict[str, str] = {}

    def read(key: str, parse: Callable[[Any], Any], *, required: bool = False) -> Any:
        """The cell as ``parse`` reads it; None when it is empty (and may be) or cannot be read."""
        value = fetched[key][0]
        if value is None and not required:
            return None
        try:
            return parse(value)
        except (CellError, DomainError) as error:
            unreadable[key] = str(error)
            return None

    today = ctx.today
    name_value = fetched["name"][0]
    category_value = fetched["category"][0]
    if not has_category:
        category = MemberCategory.FULL
    elif category_value in CATEGORY_WORDS:
        category = CATEGORY_WORDS[category_value]
    else:
        category = read("category", category_cell, required=True)
    standing_value = fetched["standing"][0]
    if standing_value in STANDING_WORDS:
        standing = STANDING_WORDS[standing_value]
    else:
        standing = read("standing", standing_cell) or Standing.NORMAL
    data = MemberInput(
        name=read("name", text_value, required=True) or "",
        id_number=read("id_number", id_cell, required=True) or "",
        unit_id=0,  # a roster names its unit: found or created by name when the import is written
        category=category or MemberCategory.FULL,
        sex=read("sex", sex_cell),
        birth_date=read("birth_date", lambda value: date_cell(value, "出生日期", today)),
        education=read("education", education_cell),
        join_date=read("join_date", day_cell),
        full_date=read("full_date", day_cell),
        standing=standing,
        ethnicity=read("ethnicity", text_value) or "",
        position=read("position", text_value) or "",
        phone=read("phone", text_value) or "",
        notes=read("notes", text_value) or "",
    )
    unit_name = read("unit", unit_cell, required=True)
    checked = check_member(data, ctx, today=today, match_by_id=True, unreadable=unreadable)
    found = list(checked.problems)
    number_text = checked.id_number
    if number_text is not None:
        rows_with_it = seen.setdefault(number_text, [])
        rows_with_it.append(number)
        if len(rows_with_it) > 1:
            found.append(MemberProblem("id_number", f"与第{rows_with_it[0]}行的身份证号相同（{number_text}），同一人只能出现一次"))
        registered = ctx.holder(number_text)
        if registered is not None and checked.name is not None and registered[1] != checked.name:
            found.append(MemberProblem("id_number", f"身份证号{number_text}已登记在党员“{registered[1]}”名下，"
                                                    f"与本行姓名“{checked.name}”不一致，请核对"))
    if found or checked.values is None:
        shown = short(name_value if isinstance(name_value, str) else name_value or "", 12).strip()
        out.extend(Problem(number, fetched[p.field][1], p.reason, shown) for p in found)
        return None, "", None
    return checked.values, unit_name, checked.member_id
