"""The roster template: an empty workbook with the usual columns that the import reads as it is.

For an office whose members are not in another system yet (or only on paper). Its headers are the
ones the import recognises (``columns.FIELDS``), the required ones marked ``*`` (which the import
ignores); 党员类别, 性别, 党籍状态 and 学历 have dropdown lists of the words the import accepts; every
cell is text, so Excel neither turns an 18-digit ID number into 1.1E+17 nor a date such as 1985.10
into the number 1985.1. A second sheet says how to fill it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.enums import Education, MemberCategory, Sex, Standing
from core.errors import os_error_text
from core.files import save_workbook
from core.roster.columns import REQUIRED, field_for

TEMPLATE_FILE_NAME = "党员名册模板.xlsx"
TEMPLATE_ROWS = 2000  # rows with the dropdown lists


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    width: int
    choices: tuple[str, ...] = ()

    @property
    def field(self) -> str | None:
        return field_for(self.header)

    @property
    def required(self) -> bool:
        return self.field in REQUIRED


COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("序号", 6),
    TemplateColumn("姓名", 10),
    TemplateColumn("性别", 6, tuple(s.label for s in Sex)),
    TemplateColumn("公民身份号码", 21),
    TemplateColumn("出生年月", 12),
    TemplateColumn("民族", 8),
    TemplateColumn("党员类别", 10, tuple(c.label for c in MemberCategory)),
    TemplateColumn("所在党组织", 22),
    TemplateColumn("党籍状态", 11, tuple(s.label for s in Standing)),
    TemplateColumn("入党时间", 12),
    TemplateColumn("转正时间", 12),
    TemplateColumn("学历", 11, tuple(e.label for e in Education)),
    TemplateColumn("工作岗位", 16),
    TemplateColumn("联系电话", 14),
    TemplateColumn("备注", 20),
)

INSTRUCTIONS: tuple[str, ...] = (
    "党员名册模板填写说明",
    "",
    "1. 带 * 的列必须填写：姓名、公民身份号码、所在党组织。其余各列可以空着，以后在程序里补充。",
    "2. 公民身份号码填18位，最后一位可以是X。整列已设为文本格式，不会变成“1.1E+17”。",
    "3. 所在党组织填写党支部（医院也可以是科室、分院）的全称；程序里还没有的，导入时会列出并询问是否新建。",
    "4. 性别、党员类别、党籍状态、学历请从单元格的下拉列表中选择。党员类别空着时按正式党员导入。",
    "5. 日期可以写作 1985-10-24、1985/10/24、1985.10.24 或 1985年10月24日；",
    "    只知道年月时写 1985.10 或 1985年10月。",
    "6. 入党时间是加入中国共产党的日期；预备党员请同时填写党员类别“预备党员”，转正后再填转正时间。",
    "7. 同一个人只能出现一次（按公民身份号码识别）；已登记的党员再次导入时按文件中的内容更新。",
    "8. 从全国党员管理信息系统等导出的名册可以直接导入，不必抄到这个模板里。",
    "",
    "填好后：程序“组织与党员”页 → “导入党员名册…”，选择这个文件。导入前会逐行检查，有问题的行会列出原因，可保存问题清单。",
)


def write_roster_template(target: str | Path) -> Path:
    """Write the template to ``target`` (safely: a temporary file renamed into place)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(target)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "党员名册"
    sheet.append([("*" if column.required else "") + column.header for column in COLUMNS])
    header_fill = PatternFill("solid", fgColor="F2E6D9")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C8102E" if column.required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[letter].width = column.width
        # A column style, as Excel's “设置单元格格式 → 文本” on the whole column: what is typed stays text.
        sheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            choice = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="请从列表中选择",
                                    error=f"{column.header}只能是：{'、'.join(column.choices)}",
                                    promptTitle=column.header, prompt="请从下拉列表中选择", showInputMessage=True)
            choice.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(choice)
    sheet.freeze_panes = "C2"
    # Printed blank for the branches to fill in by hand: landscape A4, all columns on one page width.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
    notes = workbook.create_sheet("填写说明")
    for line in INSTRUCTIONS:
        notes.append([line])
    for (cell,) in notes.iter_rows():
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 80
    notes.sheet_properties.pageSetUpPr.fitToPage = True
    notes.page_setup.fitToWidth = 1
    notes.page_setup.fitToHeight = 0
    save_workbook(workbook, path, lambda error: f"无法写入“{path}”：{os_error_text(error)}。请检查磁盘空间或换一个位置。")
    return path


def required_columns_text() -> str:
    """The required columns as the import dialog names them: 姓名、公民身份号码、所在党组织."""
    return "、".join(column.header for column in COLUMNS if column.required)


__all__ = ["COLUMNS", "TEMPLATE_FILE_NAME", "TemplateColumn", "required_columns_text", "write_roster_template"]
