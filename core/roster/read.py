"""Reading a roster file (.xlsx, old .xls, .csv or .txt in UTF-8 or GBK) and finding its header row
under any title rows, on whichever sheet holds the roster, leaving out the sign-off lines below it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from core.errors import DomainError
from core.roster.cells import cell_text
from core.roster.columns import header_score

MAX_ROWS = 100_000
HEADER_SCAN_ROWS = 30


class RosterError(DomainError):
    """The file as a whole cannot be used (unreadable, no header row, no name column…)."""


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
        if table is not None and (best is None or header_score(table.headers) > header_score(best.headers)):
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


def _locate_header(path: Path, sheet: str, rows: Sequence[Sequence[Any]]) -> RosterTable | None:
    best_index, best_score = -1, 0
    for index, values in enumerate(rows[:HEADER_SCAN_ROWS]):
        headers = [cell_text(v) for v in values]
        score = header_score(headers)
        if score > best_score:
            best_index, best_score = index, score
    if best_index < 0 or best_score < 7:
        return None
    headers = [cell_text(v) for v in rows[best_index]]
    while headers and not headers[-1]:
        headers.pop()
    title = next((cell_text(v) for r in rows[:best_index] for v in r if cell_text(v)), "")
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
    cells = [cell_text(v) for v in values if v is not None and cell_text(v)]
    return bool(cells) and all(isinstance(v, str) or v is None for v in values) and bool(_SIGN_OFF.match(cells[0]))
