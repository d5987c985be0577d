"""The roster template: the import reads it as it is, the required columns are marked, the choices
are dropdown lists of the words the import accepts, and every cell keeps what is typed as text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from core import roster
from core.enums import MemberCategory, Sex, Standing
from core.idcard import make_id_number
from core.roster.template import COLUMNS
from core.store import Store


def test_the_import_recognises_every_column_and_the_required_ones_are_marked(tmp_path: Path) -> None:
    path = roster.write_roster_template(tmp_path / "党员名册模板.xlsx")
    table = roster.read_roster(path)
    assert table.header_row == 1 and table.rows == []
    fields = {c.header: c.field for c in roster.map_columns(table.headers)}
    assert None not in fields.values(), fields  # no column the clerk would have to map by hand
    assert {fields[h] for h in ("*姓名", "*公民身份号码", "*所在党组织")} == set(roster.REQUIRED)
    assert roster.required_columns_text() == "姓名、公民身份号码、所在党组织"


def test_choices_are_dropdown_lists_and_cells_are_text(tmp_path: Path) -> None:
    workbook = load_workbook(roster.write_roster_template(tmp_path / "模板.xlsx"))
    sheet = workbook["党员名册"]
    lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1 for v in sheet.data_validations.dataValidation}
    by_header = {column.header: sheet.cell(row=1, column=i).column_letter for i, column in enumerate(COLUMNS, start=1)}
    assert lists[by_header["党员类别"]] == '"' + ",".join(c.label for c in MemberCategory) + '"'
    assert lists[by_header["性别"]] == '"男,女"'
    assert lists[by_header["党籍状态"]] == '"' + ",".join(s.label for s in Standing) + '"'
    # Whole columns formatted as text (Excel's 设置单元格格式 → 文本): an ID number typed in stays 18 digits.
    assert {sheet.column_dimensions[letter].number_format for letter in by_header.values()} == {"@"}
    assert "填写说明" in workbook.sheetnames


def test_a_filled_template_imports(store: Store, tmp_path: Path) -> None:
    path = roster.write_roster_template(tmp_path / "模板.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["党员名册"]
    values = {"序号": "1", "姓名": "张伟强", "性别": "男", "公民身份号码": make_id_number("110105", date(1980, 5, 12), 3, Sex.MALE),
              "出生年月": "1980.05", "民族": "汉族", "党员类别": "预备党员", "所在党组织": "第一党支部", "党籍状态": "正常",
              "入党时间": "2026.03", "学历": "大学本科", "联系电话": "13800138000"}
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=2, column=index, value=values.get(column.header))
    workbook.save(path)
    preview = roster.prepare_import(store, path)
    assert preview.problems == [] and len(preview.planned) == 1 and preview.new_units == ["第一党支部"]
    assert preview.planned[0].values["category"] == MemberCategory.PROBATIONARY.value
