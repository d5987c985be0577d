"""The problem workbook: the sender's rows with the problem cells marked and a 错误原因 column, and
a list of every problem, to send back for correction."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from core import validate
from core.errors import os_error_text
from core.files import save_workbook
from core.roster.check import Preview, Problem


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
    save_workbook(workbook, path, lambda error: f"无法写入“{path}”：{os_error_text(error)}。请检查磁盘空间或换一个位置。")
    return path


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str):
        return validate._CONTROL.sub("?", value)[:32000]
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)
    return value


