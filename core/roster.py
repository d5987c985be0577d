"""Roster import: member lists from other party-management systems (.xlsx, .xls, .csv) and photos.

The flow is read → map columns → check every row (``prepare_import``) → show the preview →
write everything in one transaction (``apply_import``). Problems carry the row number as Excel
shows it, the column header and a Chinese reason, and can be saved as an error workbook.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from core import validate
from core.actions import AuditAction
from core.enums import Education, MemberCategory, Sex, Standing, UnitKind
from core.errors import DomainError, os_error_text
from core.files import workbook_in_use_message, write_atomically
from core.member_rules import MemberInput, MemberProblem, check_member, date_problem
from core.org import create_unit, serving_posts, set_member_photos
from core.store import Changes, Row, Store, now_text

MAPPING_PREFERENCE = "roster.column_mapping"
MAX_ROWS = 100_000
HEADER_SCAN_ROWS = 30
PHOTO_MAX_SIDE = 600
PHOTO_MAX_BYTES = 300_000
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"})


class RosterError(DomainError):
    """The file as a whole cannot be used (unreadable, no header row, no name column…)."""


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    synonyms: tuple[str, ...]


IGNORE = "ignore"

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "姓名", ("姓名", "党员姓名", "名字", "人员姓名")),
    FieldSpec("id_number", "身份证号", ("身份证", "身份证号", "身份证号码", "公民身份号码", "公民身份证号码",
                                     "公民身份证号", "证件号码", "身份证件号码", "证件号")),
    FieldSpec("unit", "所在组织", ("所在组织", "所在党支部", "所在支部", "党支部", "支部", "所属党组织", "所属支部",
                                "所属党支部", "所在党组织", "党组织名称", "组织名称", "所在科室", "所在单位")),
    FieldSpec("category", "党员类别", ("党员类别", "人员类别", "党员类型", "类别")),
    FieldSpec("sex", "性别", ("性别",)),
    FieldSpec("birth_date", "出生年月", ("出生年月", "出生日期", "出生时间", "出生年月日", "生日")),
    FieldSpec("ethnicity", "民族", ("民族",)),
    FieldSpec("phone", "联系电话", ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码")),
    FieldSpec("standing", "党籍状态", ("党籍状态", "党籍", "党员状态")),
    FieldSpec("join_date", "入党时间", ("入党时间", "入党日期", "加入党组织日期", "加入党组织时间", "入党年月",
                                     "加入中共时间", "加入中国共产党时间")),
    FieldSpec("full_date", "转正时间", ("转正时间", "转正日期", "转为正式党员日期", "转为正式党员时间", "转正年月")),
    FieldSpec("education", "学历", ("学历", "文化程度", "最高学历", "全日制学历", "学历学位")),
    FieldSpec("position", "工作岗位", ("工作岗位", "岗位", "职务", "现任职务", "工作单位及职务", "职业", "从事工作")),
    FieldSpec("notes", "备注", ("备注", "说明")),
    FieldSpec(IGNORE, "不导入", ("序号", "编号", "档案管理单位", "年龄", "党龄", "籍贯", "照片", "工作单位")),
)
FIELD_LABELS: dict[str, str] = {f.key: f.label for f in FIELDS}
_SYNONYMS: dict[str, str] = {syn: f.key for f in FIELDS for syn in f.synonyms}

_CATEGORY_WORDS = {"正式党员": MemberCategory.FULL, "正式": MemberCategory.FULL,
                   "预备党员": MemberCategory.PROBATIONARY, "预备": MemberCategory.PROBATIONARY}
_STANDING_WORDS = {
    "正常": Standing.NORMAL, "": Standing.NORMAL,
    "已转出": Standing.TRANSFERRED_OUT, "转出": Standing.TRANSFERRED_OUT, "组织关系已转出": Standing.TRANSFERRED_OUT,
    "已死亡": Standing.DECEASED, "死亡": Standing.DECEASED, "已去世": Standing.DECEASED, "去世": Standing.DECEASED,
    "已停止党籍": Standing.STOPPED, "停止党籍": Standing.STOPPED,
    "已出党": Standing.EXPELLED, "出党": Standing.EXPELLED, "开除党籍": Standing.EXPELLED, "已开除党籍": Standing.EXPELLED,
    "失联": Standing.LOST_CONTACT, "失去联系": Standing.LOST_CONTACT, "已失联": Standing.LOST_CONTACT,
}
_EDUCATION_WORDS = {
    **{e.label: e for e in Education},
    "博士": Education.POSTGRADUATE, "硕士": Education.POSTGRADUATE, "博士研究生": Education.POSTGRADUATE,
    "硕士研究生": Education.POSTGRADUATE, "研究生及以上": Education.POSTGRADUATE,
    "本科": Education.UNIVERSITY, "大学": Education.UNIVERSITY, "大学学历": Education.UNIVERSITY,
    "专科": Education.COLLEGE, "大专": Education.COLLEGE,
    "中专": Education.SECONDARY, "中技": Education.SECONDARY, "技校": Education.SECONDARY, "职高": Education.SECONDARY,
    "中等专科": Education.SECONDARY, "高中": Education.HIGH_SCHOOL, "初中": Education.MIDDLE_SCHOOL,
    "小学": Education.PRIMARY, "小学及以下": Education.PRIMARY, "文盲": Education.PRIMARY,
}
_STANDING_ALLOWED = "、".join(s.label for s in Standing)
_EDUCATION_ALLOWED = "、".join(e.label for e in Education)
_SEX_WORDS = {"男": Sex.MALE, "男性": Sex.MALE, "女": Sex.FEMALE, "女性": Sex.FEMALE}


# -- reading ----------------------------------------------------------------------------------
@dataclass
class RosterTable:
    """The cells of the first useful sheet, with Excel row numbers (1-based)."""

    path: Path
    sheet: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, Sequence[Any]]]
    title: str = ""
    sign_off_rows: tuple[int, ...] = ()  # rows like “填表人：张三 审核人：李四”, left out


def read_roster(path: str | Path) -> RosterTable:
    """Read a roster file and find its header row. Raises RosterError with a Chinese reason."""
    file_path = Path(path)
    if not file_path.is_file():
        raise RosterError(f"找不到文件“{file_path}”。")
    suffix = file_path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            sheets = _read_xlsx(file_path)
        elif suffix == ".xls":
            sheets = _read_xls(file_path)
        elif suffix in (".csv", ".txt"):
            sheets = [("", _read_csv(file_path))]
        else:
            raise RosterError(f"不支持“{file_path.suffix or '无扩展名'}”格式的文件，请选择 .xlsx、.xls 或 .csv 文件。")
    except RosterError:
        raise
    except PermissionError:
        raise RosterError(f"无法读取“{file_path.name}”：文件可能正在Excel中打开，请关闭后重试。") from None
    except Exception as error:
        raise RosterError(f"无法读取“{file_path.name}”：文件已损坏或不是有效的{suffix.lstrip('.')}文件（{type(error).__name__}）。") from None
    best: RosterTable | None = None
    for sheet, rows in sheets:
        table = _locate_header(file_path, sheet, rows)
        if table is not None and (best is None or _header_score(table.headers) > _header_score(best.headers)):
            best = table
    if best is None:
        raise RosterError(
            f"在“{file_path.name}”中没有找到表头行。请确认表格前{HEADER_SCAN_ROWS}行中有“姓名”“身份证号”等列名。"
        )
    return best


def _read_xlsx(path: Path) -> list[tuple[str, Sequence[Sequence[Any]]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        result: list[tuple[str, Sequence[Sequence[Any]]]] = []
        for sheet in workbook.worksheets:
            rows: list[Sequence[Any]] = list(islice(sheet.iter_rows(values_only=True), MAX_ROWS + HEADER_SCAN_ROWS + 1))
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise RosterError(f"工作表“{sheet.title}”超过{MAX_ROWS}行，请分批导入。")
            result.append((sheet.title, rows))
        return result
    finally:
        workbook.close()


def _read_xls(path: Path) -> list[tuple[str, Sequence[Sequence[Any]]]]:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        result: list[tuple[str, Sequence[Sequence[Any]]]] = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows > MAX_ROWS + HEADER_SCAN_ROWS:
                raise RosterError(f"工作表“{sheet.name}”超过{MAX_ROWS}行，请分批导入。")
            rows = []
            for r in range(sheet.nrows):
                values: list[Any] = []
                for cell in sheet.row(r):
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            values.append(cell.value)
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        values.append(None)
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        values.append(bool(cell.value))
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        values.append("#错误")
                    else:
                        values.append(cell.value)
                rows.append(values)
            result.append((sheet.name, rows))
        return result
    finally:
        book.release_resources()


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK) as Excel on Chinese Windows saves it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise RosterError("无法识别CSV文件的文字编码，请在Excel中另存为“CSV UTF-8”或“Excel工作簿(.xlsx)”后再导入。") from None


def _read_csv(path: Path) -> list[list[Any]]:
    text = decode_csv(path.read_bytes())
    sample = text[:4096]
    delimiter = ","
    if sample.count("\t") > sample.count(",") and sample.count("\t") > sample.count(";"):
        delimiter = "\t"
    elif sample.count(";") > sample.count(","):
        delimiter = ";"
    rows: list[list[Any]] = []
    for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
            raise RosterError(f"文件超过{MAX_ROWS}行，请分批导入。")
        rows.append([v if v != "" else None for v in values])
    return rows


def normalize_header(value: Any) -> str:
    """`出生年月(2019/10/24)` → `出生年月`; `*姓 名` → `姓名`; full-width forms folded."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\s+", "", text)
    text = re.split(r"[(\[<{《【〔]", text, maxsplit=1)[0]
    return text.strip("*：:#·.、").lower()


def _field_for(header: str) -> str | None:
    key = normalize_header(header)
    if not key:
        return None
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    for syn, field_key in sorted(_SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        if len(syn) >= 2 and syn in key and field_key != IGNORE:
            return field_key
    return None


def _header_score(headers: Sequence[str]) -> int:
    fields = {_field_for(h) for h in headers} - {None, IGNORE}
    return len(fields) + (5 if "name" in fields else 0) + (5 if "id_number" in fields else 0)


def _locate_header(path: Path, sheet: str, rows: Sequence[Sequence[Any]]) -> RosterTable | None:
    best_index, best_score = -1, 0
    for index, values in enumerate(rows[:HEADER_SCAN_ROWS]):
        headers = [_cell_text(v) for v in values]
        score = _header_score(headers)
        if score > best_score:
            best_index, best_score = index, score
    if best_index < 0 or best_score < 7:
        return None
    headers = [_cell_text(v) for v in rows[best_index]]
    while headers and not headers[-1]:
        headers.pop()
    title = next((_cell_text(v) for r in rows[:best_index] for v in r if _cell_text(v)), "")
    # Blank rows (all None or empty) are skipped; counting in C keeps this cheap for 100,000 rows.
    body = [(number, values) for number, values in enumerate(rows[best_index + 1:], start=best_index + 2)
            if values.count(None) + values.count("") < len(values)]
    sign_off = tuple(number for number, values in body if _is_sign_off(values))
    if sign_off:
        body = [(number, values) for number, values in body if number not in sign_off]
    return RosterTable(path, sheet, best_index + 1, headers, body, title, sign_off)


# The sign-off lines offices put under a roster: 填表人、审核人、制表日期、合计、注：…
_SIGN_OFF = re.compile(r"^(填表|填报|制表|审核|审批|负责人|联系人|单位负责人|合计|总计|小计|注[:：]|说明[:：]|备注[:：])")


def _is_sign_off(values: Sequence[Any]) -> bool:
    cells = [_cell_text(v) for v in values if v is not None and _cell_text(v)]
    return bool(cells) and all(isinstance(v, str) or v is None for v in values) and bool(_SIGN_OFF.match(cells[0]))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    return str(value).strip()


# -- column mapping ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str | None
    source: str  # "auto", "remembered", "manual" or "" when not mapped

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field or "", "（未识别）")


def map_columns(headers: Sequence[str], *, remembered: Mapping[str, str] | None = None,
                manual: Mapping[int, str | None] | None = None) -> list[Column]:
    """Map each header to a field: a manual choice, then a remembered one, then by name."""
    columns = []
    remembered = remembered or {}
    manual = manual or {}
    for index, header in enumerate(headers):
        if not header:
            continue
        if index in manual:
            choice = manual[index]
            columns.append(Column(index, header, choice if choice in FIELD_LABELS else None, "manual"))
            continue
        auto = _field_for(header)
        if auto is not None:
            columns.append(Column(index, header, auto, "auto"))
        elif normalize_header(header) in remembered and remembered[normalize_header(header)] in FIELD_LABELS:
            columns.append(Column(index, header, remembered[normalize_header(header)], "remembered"))
        else:
            columns.append(Column(index, header, None, ""))
    return columns


def remembered_mapping(store: Store) -> dict[str, str]:
    value = store.preference(MAPPING_PREFERENCE, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def remember_mapping(store: Store, columns: Iterable[Column]) -> None:
    """Keep the clerk's manual choices so the next file from the same system maps by itself."""
    mapping = remembered_mapping(store)
    changed = False
    for column in columns:
        if column.source == "manual" and column.field:
            key = normalize_header(column.header)
            if key and mapping.get(key) != column.field:
                mapping[key] = column.field
                changed = True
    if changed:
        store.set_preference(MAPPING_PREFERENCE, mapping)


# -- values -----------------------------------------------------------------------------------
class CellError(ValueError):
    """A cell that cannot be understood; the message is the Chinese reason."""


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def parse_date(value: Any) -> tuple[date | None, bool]:
    """A roster date → (date, month_only). Raises CellError with a Chinese reason."""
    if type(value) is datetime:
        return value.date(), False
    if value is None:
        return None, False
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是日期")
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise CellError("不是日期")
        if 1900 <= number < 2200 and not number.is_integer():
            whole, _, fraction = repr(number).partition(".")
            if fraction == "1":
                raise CellError(f"“{number:g}”含义不明确（是{whole}年1月还是10月？）。请把该列设为文本格式后填写，如{whole}.10")
            if len(fraction) > 2:
                raise CellError(f"“{_short(value)}”不是日期")
            return _make_date(whole, fraction, "1", _short(value)), True
        if number.is_integer() and 19000101 <= number <= 21991231:
            return parse_date(str(int(number)))
        if number.is_integer() and 190001 <= number <= 219912:
            return parse_date(str(int(number)))
        if 1 <= number < 120000:
            return (_EXCEL_EPOCH + timedelta(days=int(number))).date(), False
        raise CellError(f"“{_short(value)}”不是日期")
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    if not text:
        return None, False
    for pattern_index, pattern in enumerate(_DATE_PATTERNS):
        match = pattern.match(text)
        if match:
            parts = match.groups()
            if pattern_index < 2:
                return _make_date(parts[0], parts[1], parts[2], text), False
            return _make_date(parts[0], parts[1], "1", text), True
    raise CellError(f"“{_short(text)}”不是可识别的日期（可写作2019-10-24、2019/10/24、2019.10.24、2019年10月24日、2019.10或2019年10月）")


def _make_date(year: str, month: str, day: str, shown: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"日期“{shown}”不存在") from None


def _short(value: Any, limit: int = 30) -> str:
    text = str(value).replace("\n", " ")
    text = validate._CONTROL.sub("?", text)
    return text if len(text) <= limit else text[:limit] + "…"


def _text_value(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是文字")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CellError("不是有效内容")
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _id_text(value: Any) -> str:
    if isinstance(value, float) and value >= 1e16:
        raise CellError("身份证号被Excel存成了数字，后几位已经丢失。请把该列设为文本格式后重新填写身份证号")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10**16:
        return str(value)
    text = _text_value(value)
    return text.replace("'", "").replace("‘", "").replace("’", "")


# -- checking ---------------------------------------------------------------------------------
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
    for key in ("name", "id_number", "unit"):
        if key not in by_field:
            problems.append(Problem(0, FIELD_LABELS[key], f"文件中没有“{FIELD_LABELS[key]}”列。请在列对应中指定哪一列是{FIELD_LABELS[key]}。"))
    if problems:
        return Preview(table, columns, [], problems, [], notes)
    if "category" not in by_field:
        notes.append("文件中没有“党员类别”列，新增的党员按正式党员导入，请核对。")
    absent = [f.label for f in FIELDS
              if f.key not in by_field and f.key not in ("name", "id_number", "unit", "sex", "birth_date")]
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
    elif category_value in _CATEGORY_WORDS:
        category = _CATEGORY_WORDS[category_value]
    else:
        category = read("category", _category_cell, required=True)
    standing_value = fetched["standing"][0]
    if standing_value in _STANDING_WORDS:
        standing = _STANDING_WORDS[standing_value]
    else:
        standing = read("standing", _standing_cell) or Standing.NORMAL
    data = MemberInput(
        name=read("name", _text_value, required=True) or "",
        id_number=read("id_number", _id_cell, required=True) or "",
        unit_id=0,  # a roster names its unit: found or created by name when the import is written
        category=category or MemberCategory.FULL,
        sex=read("sex", _sex_cell),
        birth_date=read("birth_date", lambda value: _date_cell(value, "出生日期", today)),
        education=read("education", _education_cell),
        join_date=read("join_date", _day_cell),
        full_date=read("full_date", _day_cell),
        standing=standing,
        ethnicity=read("ethnicity", _text_value) or "",
        position=read("position", _text_value) or "",
        phone=read("phone", _text_value) or "",
        notes=read("notes", _text_value) or "",
    )
    unit_name = read("unit", _unit_cell, required=True)
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
        shown = _short(name_value if isinstance(name_value, str) else name_value or "", 12).strip()
        out.extend(Problem(number, fetched[p.field][1], p.reason, shown) for p in found)
        return None, "", None
    return checked.values, unit_name, checked.member_id


def _unit_cell(value: Any) -> str:
    return validate.text(_text_value(value), "所在组织", max_len=60)


def _category_cell(value: Any) -> MemberCategory:
    return _choice(value, _CATEGORY_WORDS, "党员类别", "正式党员、预备党员", required=True)  # type: ignore[no-any-return]


def _standing_cell(value: Any) -> Standing | None:
    return _choice(value, _STANDING_WORDS, "党籍状态", _STANDING_ALLOWED)  # type: ignore[no-any-return]


def _education_cell(value: Any) -> Education | None:
    return _choice(value, _EDUCATION_WORDS, "学历", _EDUCATION_ALLOWED)  # type: ignore[no-any-return]


def _sex_cell(value: Any) -> Sex | None:
    return _choice(value, _SEX_WORDS, "性别", "男、女")  # type: ignore[no-any-return]


def _id_cell(value: Any) -> str:
    text = _id_text(value)
    if not text:
        raise CellError("请填写身份证号")
    return text


def _day_cell(value: Any) -> date | None:
    return parse_date(value)[0]


def _date_cell(value: Any, label: str, today: date) -> date | None:
    day = parse_date(value)[0]
    problem = date_problem(day, label, today) if day is not None else None
    if problem:
        raise CellError(problem)
    return day


def _choice(value: Any, words: Mapping[str, Any], label: str, allowed: str, *, required: bool = False) -> Any:
    text = _text_value(value)
    if text in words:
        return words[text]
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not text:
        if required:
            raise CellError(f"请填写{label}（{allowed}）")
        return None
    if text in words:
        return words[text]
    raise CellError(f"{label}“{_short(text, 20)}”不在可选范围内（{allowed}）")


def unit_kind_for(name: str, kinds: Sequence[UnitKind]) -> UnitKind:
    """Guess the kind of a unit named in a roster: 党总支, 分院, 科/室 (hospital) or 党支部."""
    if name.endswith("党总支") and UnitKind.GENERAL_BRANCH in kinds:
        return UnitKind.GENERAL_BRANCH
    if name.endswith("分院") and UnitKind.BRANCH_HOSPITAL in kinds:
        return UnitKind.BRANCH_HOSPITAL
    if name.endswith(("科", "室", "部", "中心")) and "支部" not in name and UnitKind.DEPARTMENT in kinds:
        return UnitKind.DEPARTMENT
    return UnitKind.BRANCH


# -- writing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    skipped_rows: tuple[int, ...]
    new_units: tuple[str, ...]
    member_ids: tuple[int, ...]
    changes: Changes

    @property
    def message(self) -> str:
        text = f"导入完成：新增党员{self.added}人，更新{self.updated}人"
        if self.new_units:
            text += f"；新建组织单元{len(self.new_units)}个（{'、'.join(self.new_units)}）"
        if self.skipped_rows:
            text += f"；有问题的{len(self.skipped_rows)}行未导入"
        return text + "。"


# The file's field each member column comes from (sex and birth date are read from the ID number).
_SOURCE_FIELD = {"unit_id": "unit", "pinyin": "name", "initials": "name", "sex": "id_number", "birth_date": "id_number"}
_MEMBER_WRITE = ("name", "sex", "ethnicity", "birth_date", "id_number", "education", "category", "join_date",
                 "full_date", "standing", "unit_id", "position", "phone", "notes", "pinyin", "initials", "updated_at")


def apply_import(store: Store, preview: Preview, *, valid_only: bool = False, create_units: bool = False,
                 source: str = "") -> ImportSummary:
    """Write the checked rows in ONE transaction (all or nothing), creating confirmed new units.

    With problems and without ``valid_only`` nothing is written. Rows are matched to existing
    members by ID number and updated; the whole import is one audit entry listing every change.
    """
    if preview.file_problems:
        raise DomainError(preview.file_problems[0].reason)
    if preview.problems and not valid_only:
        raise DomainError(f"文件中有{len(preview.bad_rows)}行存在问题，为保证名册完整，本次没有导入任何数据。"
                          "请修正后重新导入，或选择“只导入无误的行”。")
    rows = preview.valid_rows
    if not rows:
        raise DomainError("没有可以导入的行。")
    used_units = {r.unit_name for r in rows}
    needed = [u for u in preview.new_units if u in used_units]
    stamp = now_text()
    added_ids: list[int] = []
    updated_ids: list[int] = []
    with store.transaction():
        units = {r[0]: r[1] for r in store.db.execute("SELECT name, id FROM units")}
        missing = [u for u in needed if u not in units]
        if missing and not create_units:
            raise DomainError(f"以下组织单元尚不存在：{'、'.join(missing)}。请确认新建后再导入。")
        kinds = store.terms().unit_kinds
        for unit_name in missing:
            units[unit_name] = create_unit(store, name=unit_name, kind=unit_kind_for(unit_name, kinds)).id
        existing = {r[0]: r[1] for r in store.db.execute("SELECT id_number, id FROM members")}
        before_rows = _rows_by_id(store, [existing[r.values["id_number"]] for r in rows
                                         if r.values["id_number"] in existing])
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        audit_added: list[list[Any]] = []
        audit_updated: list[Row] = []
        fresh = sum(1 for r in rows if r.values["id_number"] not in existing)
        uids = iter(_new_uids(fresh))
        for planned in rows:
            values = {**planned.values, "unit_id": units[planned.unit_name], "updated_at": stamp}
            member_id = existing.get(values["id_number"])
            if member_id is None:
                uid = next(uids)
                inserts.append((uid, *(values[k] for k in _MEMBER_WRITE), stamp))
                audit_added.append([uid, planned.row, *(values[k] for k in _AUDIT_FIELDS)])
            else:
                before = before_rows[member_id]
                # A column the file does not have keeps what is registered (a short roster of names and
                # phones must not wipe join dates or turn 预备党员 into 正式党员).
                for key in _MEMBER_WRITE:
                    if key != "updated_at" and _SOURCE_FIELD.get(key, key) not in preview.present:
                        values[key] = before.get(key)
                changed = {k: values[k] for k in _MEMBER_WRITE if k != "updated_at" and before.get(k) != values[k]}
                if changed:
                    changed["updated_at"] = stamp
                    updates.append((*(values[k] for k in _MEMBER_WRITE), member_id))
                    audit_updated.append({"id": member_id, "row": planned.row,
                                          "before": {k: before.get(k) for k in changed if k != "updated_at"},
                                          "after": {k: v for k, v in changed.items() if k != "updated_at"}})
                updated_ids.append(member_id)
        columns = ", ".join(("uid", *_MEMBER_WRITE, "created_at"))
        marks = ", ".join("?" * (len(_MEMBER_WRITE) + 2))
        store.db.conn.executemany(f"INSERT INTO members ({columns}) VALUES ({marks})", inserts)
        assignments = ", ".join(f"{k} = ?" for k in _MEMBER_WRITE)
        store.db.conn.executemany(f"UPDATE members SET {assignments} WHERE id = ?", updates)
        if inserts:
            ids = dict(store.db.execute("SELECT id_number, id FROM members").fetchall())
            added_ids = [ids[values[2 + _AUDIT_FIELDS.index("id_number")]] for values in audit_added]
        store.audit(AuditAction.IMPORT_ROSTER, "members", None, None, {
            "file": source or preview.table.path.name,
            "added": {"fields": ["uid", "row", *_AUDIT_FIELDS], "rows": audit_added}, "updated": audit_updated,
            "unchanged": len(updated_ids) - len(audit_updated), "new_units": missing,
        })
    skipped = tuple(preview.bad_rows)
    member_ids = tuple(added_ids + updated_ids)
    tables = frozenset({"members", "units"} if missing else {"members"})
    summary_text = f"已导入党员：新增{len(added_ids)}人，更新{len(updated_ids)}人。"
    changes = Changes(AuditAction.IMPORT_ROSTER, "members", member_ids, summary_text, tables)
    return ImportSummary(len(added_ids), len(updated_ids), skipped, tuple(missing), member_ids, changes)


# What the audit entry records of each added member (pinyin keys are derived, so left out).
_AUDIT_FIELDS = tuple(k for k in _MEMBER_WRITE if k not in ("pinyin", "initials", "updated_at"))


def _new_uids(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs from one call to the system's random source."""
    raw = bytearray(os.urandom(16 * count))
    result = []
    for start in range(0, 16 * count, 16):
        raw[start + 6] = (raw[start + 6] & 0x0F) | 0x40
        raw[start + 8] = (raw[start + 8] & 0x3F) | 0x80
        h = raw[start:start + 16].hex()
        result.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return result


def _rows_by_id(store: Store, ids: list[int]) -> dict[int, Row]:
    result: dict[int, Row] = {}
    cols = ", ".join(("id", *_MEMBER_WRITE))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in store.rows(f"SELECT {cols} FROM members WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            result[int(row["id"])] = row
    return result


# -- error workbook ---------------------------------------------------------------------------
def write_error_workbook(preview: Preview, target: str | Path) -> Path:
    """The sender's rows with the problem cells marked, a 错误原因 column and a list of problems."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    path = Path(target)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "有问题的行"
    table = preview.table
    headers = ["原行号", *table.headers, "错误原因"]
    sheet.append(headers)
    bold = Font(bold=True)
    red = PatternFill("solid", fgColor="FFC7CE")
    for cell in sheet[1]:
        cell.font = bold
    by_row: dict[int, list[Problem]] = {}
    for item in preview.problems:
        by_row.setdefault(item.row, []).append(item)
    header_index = {h: i for i, h in enumerate(table.headers)}
    for number, cells in table.rows:
        found = by_row.get(number)
        if not found:
            continue
        values = [number, *(_safe_cell(cells[i]) if i < len(cells) else None for i in range(len(table.headers)))]
        values.append("；".join(f"{p.column}：{p.reason}" if p.column else p.reason for p in found))
        sheet.append(values)
        excel_row = sheet.max_row
        for item in found:
            if item.column in header_index:
                cell = sheet.cell(row=excel_row, column=header_index[item.column] + 2)
                cell.fill = red
                cell.comment = Comment(item.reason[:500], "党员示范岗管理系统")
    sheet.freeze_panes = "B2"
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 60 if header == "错误原因" else max(8, min(30, len(header) * 2 + 4))
    listing = workbook.create_sheet("问题清单")
    listing.append(["行号", "列", "姓名", "问题"])
    for cell in listing[1]:
        cell.font = bold
    for item in preview.problems:
        listing.append([item.row or "整个文件", item.column, item.name, item.reason])
    for letter, width in zip("ABCD", (10, 18, 12, 80), strict=True):
        listing.column_dimensions[letter].width = width
    for row in listing.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True)
    listing.freeze_panes = "A2"
    _save_workbook(workbook, path)
    return path


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str):
        return validate._CONTROL.sub("?", value)[:32000]
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)
    return value


def _save_workbook(workbook: Any, path: Path) -> None:
    """Save through a temporary file and rename, so a failure never leaves half a file behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, workbook.save)
    except PermissionError:
        raise DomainError(workbook_in_use_message(path)) from None
    except OSError as error:
        raise DomainError(f"无法写入“{path}”：{os_error_text(error)}。请检查磁盘空间或换一个位置。") from None


# -- photos -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PhotoMatch:
    path: Path
    member_id: int
    member_name: str
    how: str  # "身份证号" or "姓名"


@dataclass
class PhotoPlan:
    matched: list[PhotoMatch]
    unmatched: list[tuple[Path, str]]
    ambiguous: list[tuple[Path, str]]

    def summary(self) -> str:
        text = f"可匹配照片{len(self.matched)}张"
        if self.ambiguous:
            text += f"，无法确定是谁的{len(self.ambiguous)}张"
        if self.unmatched:
            text += f"，未匹配{len(self.unmatched)}张"
        return text + "。"


_ID_IN_NAME = re.compile(r"(?<![0-9])(\d{17}[0-9Xx])(?![0-9])")


def match_photos(store: Store, folder: str | Path) -> PhotoPlan:
    """Match image files to members by an ID number in the file name, else by the member's name."""
    directory = Path(folder)
    if not directory.is_dir():
        raise DomainError(f"找不到文件夹“{directory}”。")
    by_number = {r["id_number"]: r for r in store.rows("SELECT id, name, id_number FROM members")}
    by_name: dict[str, list[Row]] = {}
    for row in by_number.values():
        by_name.setdefault(row["name"], []).append(row)
    plan = PhotoPlan([], [], [])
    found: dict[int, list[PhotoMatch]] = {}
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES)
    for path in files:
        stem = unicodedata.normalize("NFKC", path.stem)
        numbers = [n.upper() for n in _ID_IN_NAME.findall(stem)]
        if numbers:
            known = by_number.get(numbers[0])
            if known is None:
                plan.unmatched.append((path, f"名册中没有身份证号为{numbers[0]}的党员"))
                continue
            match = PhotoMatch(path, int(known["id"]), known["name"], "身份证号")
        else:
            words = [w for w in re.split(r"[\s_\-－—.()（）\d]+", stem) if w]
            candidates = {int(r["id"]): r for w in words for r in by_name.get(w, [])}
            if not candidates:
                plan.unmatched.append((path, "文件名中没有身份证号，也没有名册中的姓名"))
                continue
            if len(candidates) > 1:
                names = "、".join(sorted({r["name"] for r in candidates.values()}))
                plan.ambiguous.append((path, f"名册中有{len(candidates)}名党员与文件名对应（{names}），请在文件名中加上身份证号"))
                continue
            row = next(iter(candidates.values()))
            match = PhotoMatch(path, int(row["id"]), row["name"], "姓名")
        found.setdefault(match.member_id, []).append(match)
    for matches in found.values():
        if len(matches) == 1:
            plan.matched.append(matches[0])
            continue
        others = "、".join(m.path.name for m in matches)
        for item in matches:
            plan.ambiguous.append((item.path, f"党员{item.member_name}有{len(matches)}张照片（{others}），请只保留一张"))
    plan.matched.sort(key=lambda m: m.path.name)
    return plan


def normalize_photo(data: bytes) -> bytes:
    """Any common image → an upright RGB JPEG no larger than PHOTO_MAX_SIDE on its longer side."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise DomainError(f"不是可以识别的图片（{type(error).__name__}）。") from None
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    quality = 88
    while True:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True)
        if buffer.tell() <= PHOTO_MAX_BYTES or quality <= 40:
            return buffer.getvalue()
        quality -= 12


@dataclass(frozen=True)
class PhotoOutcome:
    stored: int
    failed: tuple[tuple[Path, str], ...]
    changes: Changes | None

    @property
    def message(self) -> str:
        text = f"已保存照片{self.stored}张"
        if self.failed:
            text += f"，{len(self.failed)}张无法读取"
        return text + "。"


def import_photos(store: Store, plan: PhotoPlan) -> PhotoOutcome:
    """Normalize the matched photos and store them all in one transaction."""
    photos: dict[int, bytes] = {}
    failed: list[tuple[Path, str]] = []
    for match in plan.matched:
        try:
            photos[match.member_id] = normalize_photo(match.path.read_bytes())
        except DomainError as error:
            failed.append((match.path, error.message))
        except OSError as error:
            failed.append((match.path, f"无法读取文件（{os_error_text(error)}）。"))
    changes = set_member_photos(store, photos) if photos else None
    return PhotoOutcome(len(photos), tuple(failed), changes)


__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "Column",
    "ImportSummary",
    "PhotoPlan",
    "Preview",
    "Problem",
    "RosterError",
    "RosterTable",
    "apply_import",
    "import_photos",
    "map_columns",
    "match_photos",
    "normalize_header",
    "normalize_photo",
    "parse_date",
    "prepare_import",
    "read_roster",
    "remember_mapping",
    "write_error_workbook",
]
