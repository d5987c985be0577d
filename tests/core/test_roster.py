"""Roster import from real-world-shaped files: old .xls, GBK CSV, hinted headers, merged title rows."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image

from core import org, roster
from core.check import check_database
from core.enums import Education, MemberCategory, Sex, Standing, UnitKind
from core.errors import DomainError
from core.idcard import make_id_number
from core.store import Store
from tests.core.helpers import unit

HEADERS = ["序号", "姓名", "性别", "公民身份号码", "所在党支部(请不要输入特殊符号)", "党员类别", "出生年月(2019/10/24)", "民族",
           "学历", "入党时间", "转正时间", "党籍状态", "工作岗位", "联系电话"]


def person(n: int, *, name: str = "", sex: Sex = Sex.MALE, birth: date = date(1980, 5, 12), unit_name: str = "第一党支部",
           category: str = "正式党员", join: Any = "2005年7月", full: Any = "2006.07", standing: str = "正常",
           phone: Any = "13800138000", education: str = "大学本科", birth_cell: Any = None) -> list[Any]:
    """One roster row in HEADERS order (text dates as other systems export them)."""
    names = ["张伟强", "李娜", "王芳", "刘洋", "陈静", "杨明", "赵磊", "黄丽", "周杰", "吴敏"]
    return [n, name or names[n % len(names)] + ("" if n < 10 else "甲乙丙丁戊己庚辛壬癸"[n // 10 % 10]), sex.label,
            make_id_number("110105", birth, n * 2, sex), unit_name, category,
            birth_cell if birth_cell is not None else f"{birth:%Y/%m/%d}", "汉族", education, join,
            full if category == "正式党员" else None, standing, "窗口服务", phone]


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, headers: Sequence[str] = HEADERS, title: bool = True) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "党员信息"
    if title:
        sheet.append(["长安街道党员花名册"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append(["填报单位：长安街道党工委", None, None, None, None, None, None, "填报日期：2026年11月"])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_xls(path: Path, rows: Sequence[Sequence[Any]], *, headers: Sequence[str] = HEADERS) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet.write_merge(0, 0, 0, len(headers) - 1, "党员名册（导出自全国党员管理信息系统）")
    for col, header in enumerate(headers):
        sheet.write(1, col, header)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row):
            if isinstance(value, date):
                sheet.write(r, col, datetime(value.year, value.month, value.day), date_style)
            elif value is not None:
                sheet.write(r, col, value)
    book.save(str(path))
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, encoding: str, headers: Sequence[str] = HEADERS) -> Path:
    lines = [",".join(headers)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def count(store: Store, table: str = "members") -> int:
    return int(store.scalar(f"SELECT count(*) FROM [{table}]"))


# -- reading the formats ---------------------------------------------------------------------
def test_xlsx_with_merged_title_rows_and_hinted_headers(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [person(i, birth=date(1980 + i, 3, 1 + i)) for i in range(1, 6)])
    preview = roster.prepare_import(store, path)
    assert preview.table.header_row == 3
    assert preview.table.title == "长安街道党员花名册"
    fields = {c.header: c.field for c in preview.columns}
    assert fields["出生年月(2019/10/24)"] == "birth_date"
    assert fields["所在党支部(请不要输入特殊符号)"] == "unit"
    assert fields["公民身份号码"] == "id_number"
    assert not preview.problems, preview.problems
    assert preview.new_units == ["第一党支部"]
    summary = roster.apply_import(store, preview, create_units=True)
    assert (summary.added, summary.updated, summary.new_units) == (5, 0, ("第一党支部",))
    row = store.rows("SELECT * FROM members ORDER BY id")[0]
    assert row["join_date"] == "2005-07-01" and row["full_date"] == "2006-07-01"
    assert row["education"] == Education.UNIVERSITY.value and row["pinyin"]
    assert check_database(store).ok


def test_old_xls_with_real_excel_dates(store: Store, tmp_path: Path) -> None:
    rows = [person(i, birth=date(1975, 1, 20), birth_cell=date(1975, 1, 20), join=date(2001, 7, 1), full=date(2002, 7, 1))
            for i in range(1, 4)]
    path = write_xls(tmp_path / "旧版名册.xls", rows)
    preview = roster.prepare_import(store, path)
    assert preview.table.header_row == 2
    assert not preview.problems, preview.problems
    roster.apply_import(store, preview, create_units=True)
    assert {r["join_date"] for r in store.rows("SELECT join_date FROM members")} == {"2001-07-01"}


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_encodings(store: Store, tmp_path: Path, encoding: str) -> None:
    rows = [person(i, unit_name="东风社区党支部") for i in range(1, 4)]
    path = write_csv(tmp_path / "名册.csv", rows, encoding=encoding)
    preview = roster.prepare_import(store, path)
    assert not preview.problems, preview.problems
    summary = roster.apply_import(store, preview, create_units=True)
    assert summary.added == 3
    assert store.scalar("SELECT name FROM units") == "东风社区党支部"


def test_headers_with_synonyms_and_full_width_hints(store: Store, tmp_path: Path) -> None:
    headers = ["姓 名", "身份证号码（18位）", "所在组织（请不要输入特殊符号）", "人员类别", "性别", "加入党组织日期", "手机号码", "档案管理单位"]
    rows = [["李娜", make_id_number("110105", date(1990, 3, 8), 22, Sex.FEMALE), "第一党支部", "预备党员", "女", "2025.10", "13912345678", "区委组织部"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=headers, title=False)
    preview = roster.prepare_import(store, path)
    assert [c.field for c in preview.columns] == ["name", "id_number", "unit", "category", "sex", "join_date", "phone", "ignore"]
    assert not preview.problems, preview.problems


@pytest.mark.parametrize(("value", "expected", "month_only"), [
    (datetime(2019, 10, 24), date(2019, 10, 24), False),
    (date(2019, 10, 24), date(2019, 10, 24), False),
    ("2019/10/24", date(2019, 10, 24), False),
    ("2019-10-24", date(2019, 10, 24), False),
    ("2019.10.24", date(2019, 10, 24), False),
    ("2019年10月24日", date(2019, 10, 24), False),
    ("２０１９年１０月２４日", date(2019, 10, 24), False),
    ("2019.10", date(2019, 10, 1), True),
    ("2019年10月", date(2019, 10, 1), True),
    ("2019-3", date(2019, 3, 1), True),
    ("20191024", date(2019, 10, 24), False),
    (43762, date(2019, 10, 24), False),
    (2019.05, date(2019, 5, 1), True),
    (2019.12, date(2019, 12, 1), True),
    (None, None, False),
    ("", None, False),
])
def test_date_formats(value: Any, expected: date | None, month_only: bool) -> None:
    assert roster.parse_date(value) == (expected, month_only)


@pytest.mark.parametrize(("value", "fragment"), [
    (2019.1, "1月还是10月"),
    ("2019/02/30", "不存在"),
    ("去年", "不是可识别的日期"),
    (True, "不是日期"),
    (float("nan"), "不是日期"),
])
def test_bad_dates_have_reasons(value: Any, fragment: str) -> None:
    with pytest.raises(roster.CellError, match=fragment):
        roster.parse_date(value)


# -- validation --------------------------------------------------------------------------------
def test_every_problem_has_excel_row_column_and_reason(store: Store, tmp_path: Path) -> None:
    good = person(1)
    bad_check = person(2)
    bad_check[3] = bad_check[3][:-1] + ("0" if bad_check[3][-1] != "0" else "1")
    wrong_sex = person(3, sex=Sex.FEMALE)
    wrong_sex[2] = "男"
    wrong_birth = person(4, birth_cell="1981/05/12")
    bad_category = person(5, category="积极分子")
    bad_standing = person(6, standing="休眠")
    future = person(7, join="2030-01-01")
    too_young = person(8, birth=date(2000, 1, 1), join="2015-06-01", full="2016-06-01")
    duplicate = list(good)
    no_name = person(10, name=" ")
    probationary_full = person(11, category="预备党员")
    probationary_full[10] = "2020-01-01"
    bad_phone = person(12, phone="12345abc")
    path = write_xlsx(tmp_path / "错.xlsx", [good, bad_check, wrong_sex, wrong_birth, bad_category, bad_standing, future,
                                            too_young, duplicate, no_name, probationary_full, bad_phone])
    preview = roster.prepare_import(store, path)
    found = {(p.row, p.column): p.reason for p in preview.problems}
    # header on row 3, data from row 4
    assert "校验位错误" in found[(5, "公民身份号码")]
    assert "性别“男”与身份证号（女）不一致" in found[(6, "性别")]
    assert "不一致" in found[(7, "出生年月(2019/10/24)")]
    assert "不在可选范围内（正式党员、预备党员）" in found[(8, "党员类别")]
    assert "党籍状态“休眠”不在可选范围内" in found[(9, "党籍状态")]
    assert "晚于今天" in found[(10, "入党时间")]
    assert "未满18周岁" in found[(11, "入党时间")]
    assert "与第4行的身份证号相同" in found[(12, "公民身份号码")]
    assert "请填写姓名" in found[(13, "姓名")]
    assert "预备党员不应有转正时间" in found[(14, "转正时间")]
    assert "格式不对" in found[(15, "联系电话")]
    # the first of two rows with one ID number is not known to be the right one either
    assert "与第12行的身份证号相同" in found[(4, "公民身份号码")]
    assert preview.bad_rows == list(range(4, 16))
    assert preview.valid_rows == []
    assert all(p.where.startswith(f"第{p.row}行") for p in preview.problems)


def test_one_bad_row_imports_nothing_by_default(store: Store, tmp_path: Path) -> None:
    rows = [person(i) for i in range(1, 5)] + [person(9, category="群众")]
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows))
    audit_before = count(store, "audit_log")
    with pytest.raises(DomainError, match="没有导入任何数据"):
        roster.apply_import(store, preview, create_units=True)
    assert count(store) == 0 and count(store, "units") == 0 and count(store, "audit_log") == audit_before


def test_valid_only_imports_the_good_rows_and_reports_the_rest(store: Store, tmp_path: Path) -> None:
    rows = [person(i) for i in range(1, 5)] + [person(9, category="群众")]
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows))
    summary = roster.apply_import(store, preview, valid_only=True, create_units=True)
    assert (summary.added, summary.skipped_rows) == (4, (8,))
    assert "有问题的1行未导入" in summary.message
    assert count(store) == 4


def test_reimport_updates_by_id_number_and_never_duplicates(store: Store, tmp_path: Path) -> None:
    rows = [person(i) for i in range(1, 4)]
    roster.apply_import(store, roster.prepare_import(store, write_xlsx(tmp_path / "a.xlsx", rows)), create_units=True)
    first_ids = [r["id"] for r in store.rows("SELECT id FROM members ORDER BY id")]
    rows[1][13] = "13911112222"
    rows[2][11] = "已转出"
    summary = roster.apply_import(store, roster.prepare_import(store, write_xlsx(tmp_path / "b.xlsx", rows)))
    assert (summary.added, summary.updated) == (0, 3)
    assert [r["id"] for r in store.rows("SELECT id FROM members ORDER BY id")] == first_ids
    assert store.scalar("SELECT phone FROM members WHERE id = ?", [first_ids[1]]) == "13911112222"
    assert store.scalar("SELECT standing FROM members WHERE id = ?", [first_ids[2]]) == Standing.TRANSFERRED_OUT.value
    import json

    entry = json.loads(store.scalar("SELECT after FROM audit_log WHERE action = 'import_roster' ORDER BY id DESC LIMIT 1"))
    changed = {u["id"]: u for u in entry["updated"]}
    assert changed[first_ids[1]]["before"] == {"phone": "13800138000"}
    assert changed[first_ids[1]]["after"] == {"phone": "13911112222"}
    assert entry["unchanged"] == 1
    assert check_database(store).ok


def test_same_id_number_under_another_name_in_the_database_is_a_problem(store: Store, tmp_path: Path) -> None:
    rows = [person(1)]
    roster.apply_import(store, roster.prepare_import(store, write_xlsx(tmp_path / "a.xlsx", rows)), create_units=True)
    rows[0][1] = "张冠李"
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "b.xlsx", rows))
    assert "已登记在党员“李娜”名下，与本行姓名“张冠李”不一致" in preview.problems[0].reason


def test_new_units_need_confirmation_and_are_reported(hospital_store: Store, tmp_path: Path) -> None:
    store = hospital_store
    unit(store, "内科党支部")
    rows = [person(1, unit_name="内科党支部"), person(2, unit_name="急诊科"), person(3, unit_name="东院区分院")]
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows))
    assert preview.new_units == ["急诊科", "东院区分院"]
    assert "将新建组织单元2个" in preview.summary()
    with pytest.raises(DomainError, match="请确认新建"):
        roster.apply_import(store, preview)
    assert count(store) == 0 and count(store, "units") == 1
    summary = roster.apply_import(store, preview, create_units=True)
    assert "新建组织单元2个（急诊科、东院区分院）" in summary.message
    kinds = dict(store.db.execute("SELECT name, kind FROM units").fetchall())
    assert kinds == {"内科党支部": UnitKind.BRANCH.value, "急诊科": UnitKind.DEPARTMENT.value,
                     "东院区分院": UnitKind.BRANCH_HOSPITAL.value}


def test_manual_mapping_is_remembered(store: Store, tmp_path: Path) -> None:
    headers = ["姓名", "身份证号", "所属机构", "联络方式甲"]
    rows = [["李娜", make_id_number("110105", date(1990, 3, 8), 22, Sex.FEMALE), "第一党支部", "13912345678"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=headers, title=False)
    preview = roster.prepare_import(store, path)
    assert {c.header for c in preview.unmapped} == {"所属机构", "联络方式甲"}
    assert preview.file_problems and "所在组织" in preview.file_problems[0].reason
    preview = roster.prepare_import(store, preview.table, manual={2: "unit", 3: "phone"})
    assert not preview.problems
    roster.remember_mapping(store, preview.columns)
    again = roster.prepare_import(store, path)
    assert {c.header: (c.field, c.source) for c in again.columns}["联络方式甲"] == ("phone", "remembered")
    roster.apply_import(store, again, create_units=True)
    assert store.scalar("SELECT phone FROM members") == "13912345678"


def test_missing_category_column_defaults_with_a_note(store: Store, tmp_path: Path) -> None:
    headers = ["姓名", "身份证号", "所在组织"]
    rows = [["李娜", make_id_number("110105", date(1990, 3, 8), 22, Sex.FEMALE), "第一党支部"]]
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "a.xlsx", rows, headers=headers, title=False))
    assert preview.notes and "正式党员" in preview.notes[0]
    roster.apply_import(store, preview, create_units=True)
    assert store.scalar("SELECT category FROM members") == MemberCategory.FULL.value


def test_id_number_saved_by_excel_as_a_number(store: Store, tmp_path: Path) -> None:
    row = person(1)
    row[3] = float(row[3][:17] + "0")
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "a.xlsx", [row]))
    assert "存成了数字" in preview.problems[0].reason


def test_error_workbook_marks_the_cells_for_the_sender(store: Store, tmp_path: Path) -> None:
    rows = [person(1), person(2, category="群众"), person(3, phone="abc")]
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows))
    out = roster.write_error_workbook(preview, tmp_path / "错误" / "退回修改.xlsx")
    workbook = load_workbook(out)
    sheet = workbook["有问题的行"]
    assert [c.value for c in sheet[1]][:2] == ["原行号", "序号"] and sheet.cell(1, sheet.max_column).value == "错误原因"
    assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == [5, 6]
    assert "党员类别" in sheet.cell(2, sheet.max_column).value
    category_cell = sheet.cell(2, HEADERS.index("党员类别") + 2)
    assert category_cell.fill.fgColor.rgb.endswith("FFC7CE") and category_cell.comment is not None
    listing = workbook["问题清单"]
    assert listing.max_row == 3 and listing.cell(2, 1).value == 5


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("a.xlsx", b"not a zip", "已损坏"),
    ("a.pdf", b"%PDF", "不支持"),
    ("a.csv", "标题\n随便写点什么\n".encode(), "没有找到表头行"),
])
def test_unusable_files_are_refused_with_a_reason(store: Store, tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(roster.RosterError, match=fragment):
        roster.prepare_import(store, path)


def test_imported_members_pass_the_clerk_form_rules(store: Store, tmp_path: Path) -> None:
    """The import's own row checks agree with org.member_row (the rules of the add-member form)."""
    rows = [person(i, birth=date(1950 + i, 1 + i % 12, 1 + i % 27), category=("正式党员", "预备党员")[i % 2],
                   join=f"{1975 + i if i % 2 == 0 else 2025}-0{1 + i % 9}-15") for i in range(1, 30)]
    roster.apply_import(store, roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows)), create_units=True)
    for row in store.rows("SELECT * FROM members"):
        data = org.MemberInput(
            name=row["name"], id_number=row["id_number"], unit_id=row["unit_id"], category=MemberCategory(row["category"]),
            sex=Sex(row["sex"]), birth_date=date.fromisoformat(row["birth_date"]),
            join_date=date.fromisoformat(row["join_date"]) if row["join_date"] else None,
            full_date=date.fromisoformat(row["full_date"]) if row["full_date"] else None,
            standing=Standing(row["standing"]), position=row["position"], phone=row["phone"], ethnicity=row["ethnicity"],
        )
        expected = org.member_row(store, data, member_id=row["id"])
        assert (row["pinyin"], row["initials"]) == (expected["pinyin"], expected["initials"])


@pytest.mark.parametrize("name", ["张伟强", "吕布", "单雄信", "阿依古丽·买买提", "曾国藩", "欧阳修", "𠇔明", "Tom李"])
def test_pinyin_keys_match_pypinyin(name: str) -> None:
    assert _primary(org.pinyin_keys(name)) == _reference_pinyin(name)


# -- photos ------------------------------------------------------------------------------------
def _image(path: Path, size: tuple[int, int] = (1200, 1600), mode: str = "RGB") -> Path:
    Image.new(mode, size, "red" if mode == "RGB" else None).save(path)
    return path


def test_bulk_photos_matched_by_id_number_or_name(store: Store, tmp_path: Path) -> None:
    rows = [person(1, name="张伟强"), person(2, name="李娜"), person(3, name="王芳"), person(4, name="王芳")]
    roster.apply_import(store, roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows)), create_units=True)
    numbers = {r["name"]: r["id_number"] for r in store.rows("SELECT name, id_number FROM members")}
    folder = tmp_path / "照片"
    folder.mkdir()
    _image(folder / f"{numbers['张伟强']}.jpg")
    _image(folder / "李娜.png", mode="RGBA")
    _image(folder / "王芳.jpg")
    _image(folder / "赵六.jpg")
    _image(folder / "110105199001011234.jpg")
    (folder / "说明.txt").write_text("不是照片", encoding="utf-8")
    (folder / "李娜-2.bmp").write_bytes(b"broken")
    plan = roster.match_photos(store, folder)
    matched = {m.path.name: (m.member_name, m.how) for m in plan.matched}
    assert matched == {f"{numbers['张伟强']}.jpg": ("张伟强", "身份证号")}
    ambiguous = {p.name: reason for p, reason in plan.ambiguous}
    assert "名册中有2名党员" in ambiguous["王芳.jpg"]
    assert "有2张照片" in ambiguous["李娜.png"] and "有2张照片" in ambiguous["李娜-2.bmp"]
    unmatched = {p.name for p, _ in plan.unmatched}
    assert unmatched == {"赵六.jpg", "110105199001011234.jpg"}
    (folder / "李娜-2.bmp").unlink()
    plan = roster.match_photos(store, folder)
    outcome = roster.import_photos(store, plan)
    assert outcome.stored == 2
    photo = store.scalar("SELECT photo FROM members WHERE name = '李娜'")
    with Image.open(io.BytesIO(photo)) as image:
        assert image.format == "JPEG" and max(image.size) <= roster.PHOTO_MAX_SIDE
    assert len(photo) <= roster.PHOTO_MAX_BYTES


def test_unreadable_photo_is_reported_not_stored(store: Store, tmp_path: Path) -> None:
    rows = [person(1, name="张伟强")]
    roster.apply_import(store, roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows)), create_units=True)
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "张伟强.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    outcome = roster.import_photos(store, roster.match_photos(store, folder))
    assert outcome.stored == 0 and "不是可以识别的图片" in outcome.failed[0][1]
    assert store.scalar("SELECT photo FROM members") is None


def test_pinyin_fast_path_agrees_on_many_names() -> None:
    import random

    from core.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES

    rng = random.Random(3)
    given = GIVEN_MALE + GIVEN_FEMALE + "丽华明单曾乐长重朝强解查行藏"
    for _ in range(4000):
        name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.randint(1, 3)))
        assert _primary(org.pinyin_keys(name)) == _reference_pinyin(name), name


def _primary(keys: tuple[str, str]) -> tuple[str, str]:
    """The main reading of the search keys (other readings of the surname follow after a space)."""
    return keys[0].split(" ")[0], keys[1].split(" ")[0]


def _reference_pinyin(name: str) -> tuple[str, str]:
    """pypinyin on the whole name, the slow way the fast path must agree with."""
    from pypinyin import Style, lazy_pinyin

    full = "".join(lazy_pinyin(name, style=Style.NORMAL, errors="ignore")).lower()
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
    return full, initials


def test_full_disk_during_import_is_a_message_and_nothing_is_half_written(tmp_path: Path) -> None:
    from core.enums import OrgType
    from core.org import setup_organization
    from core.store import open_store

    store = open_store(tmp_path / "office.db")
    try:
        setup_organization(store, name="测试街道党工委", org_type=OrgType.STREET, supervision_phone="010-12345678")
        data = [person(i, birth=date(1950 + i % 36, 1 + i % 12, 1 + i % 28)) for i in range(1, 801)]
        preview = roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", data))
        pages = store.scalar("PRAGMA page_count")
        store.db.execute(f"PRAGMA max_page_count = {pages + 3}")  # the disk fills up part-way through
        with pytest.raises(DomainError, match="磁盘空间已满"):
            roster.apply_import(store, preview, create_units=True)
        store.db.execute("PRAGMA max_page_count = 1073741823")
        assert count(store) == 0 and count(store, "units") == 0
        assert check_database(store).ok
    finally:
        store.close()


def test_roster_on_the_second_sheet_after_instructions(store: Store, tmp_path: Path) -> None:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["1. 姓名须与身份证一致"])
    notes.append(["2. 日期格式：2019-10-24"])
    data = workbook.create_sheet("党员名册")
    data.append(HEADERS)
    data.append(person(1))
    data.append([None] * len(HEADERS))
    data.append(person(2))
    path = tmp_path / "带说明.xlsx"
    workbook.save(path)
    preview = roster.prepare_import(store, path)
    assert preview.table.sheet == "党员名册" and [r for r, _ in preview.table.rows] == [2, 4]
    assert not preview.problems


def test_tab_separated_text_export(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "导出.txt"
    lines = ["\t".join(HEADERS)] + ["\t".join("" if v is None else str(v) for v in person(i)) for i in (1, 2)]
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    preview = roster.prepare_import(store, path)
    assert len(preview.valid_rows) == 2 and not preview.problems


def test_roster_cannot_mark_a_serving_member_transferred(store: Store, tmp_path: Path) -> None:
    """A transfer in the roster must go through an adjustment of the post first; nothing is imported."""
    from core import workflow
    from core.enums import PostKind

    rows = [person(i) for i in range(1, 3)]
    roster.apply_import(store, roster.prepare_import(store, write_xlsx(tmp_path / "a.xlsx", rows)), create_units=True)
    serving = int(store.scalar("SELECT id FROM members ORDER BY id LIMIT 1"))
    unit_id = int(store.scalar("SELECT unit_id FROM members WHERE id = ?", [serving]))
    workflow.create_campaign_year(store, 2026)
    b = workflow.create_batch(store, 2026).id
    workflow.nominate_post(store, workflow.NominationInput(
        batch_id=b, kind=PostKind.INDIVIDUAL, name="窗口岗", unit_id=unit_id, member_ids=[serving], leader_id=serving,
        deliberation=workflow.Deliberation(store.today(), 10, "", [True] * len(store.terms().standard_items))))
    rows[0][11] = "已转出"
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "b.xlsx", rows))
    assert any("请先在示范岗中调整人员或撤岗" in p.reason for p in preview.problems)
    assert store.scalar("SELECT standing FROM members WHERE id = ?", [serving]) == Standing.NORMAL.value


def test_long_probation_is_refused_in_the_form_and_the_import(store: Store, tmp_path: Path) -> None:
    """预备期一年，最多延长一年: joined in 2010 and still 预备党员 means the category or date is wrong."""
    rows = [person(1, category="预备党员", join="2010-01-01"), person(2, category="预备党员", join="2025-06-01")]
    plan = roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows))
    found = {(p.row, p.column): p.reason for p in plan.problems}
    assert "预备期" in found[(4, "党员类别")], found
    assert len(plan.problems) == 1  # the recent one is fine
    from core.idcard import make_id_number

    data = org.MemberInput(name="赵六", id_number=make_id_number("110105", date(1980, 5, 12), 90, Sex.MALE),
                           unit_id=unit(store), category=MemberCategory.PROBATIONARY, sex=Sex.MALE,
                           birth_date=date(1980, 5, 12), join_date=date(2010, 1, 1))
    with pytest.raises(DomainError, match="不应仍是预备党员") as caught:
        org.add_member(store, data)
    assert caught.value.field == "category"
    assert store.scalar("SELECT count(*) FROM members") == 0


def test_reimporting_a_short_roster_keeps_what_it_does_not_list(store: Store, tmp_path: Path) -> None:
    """A file with only 姓名/身份证号/所在党支部/联系电话 updates phones; join dates, education and
    a 预备党员's category stay as registered."""
    rows = [person(1, category="预备党员", join="2025-06-01"), person(2)]
    roster.apply_import(store, roster.prepare_import(store, write_xlsx(tmp_path / "full.xlsx", rows)), create_units=True)
    before = {r["id_number"]: r for r in store.rows("SELECT * FROM members")}
    short_headers = ["姓名", "公民身份号码", "所在党支部", "联系电话"]
    short = [[r[1], r[3], r[4], "13911112222"] for r in rows]
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "short.xlsx", short, headers=short_headers))
    assert any("保持不变" in note for note in preview.notes), preview.notes
    roster.apply_import(store, preview)
    for row in store.rows("SELECT * FROM members"):
        old = before[row["id_number"]]
        assert row["phone"] == "13911112222"
        for key in ("category", "join_date", "full_date", "education", "position", "ethnicity", "standing"):
            assert row[key] == old[key], key


def test_roster_refuses_a_minor_even_without_a_join_date(store: Store, tmp_path: Path) -> None:
    minor = person(3, birth=date(2010, 4, 5), join=None, full=None)
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", [minor]))
    found = {(p.row, p.column): p.reason for p in preview.problems}
    assert "未满18周岁" in found[(4, "公民身份号码")], found


def test_sign_off_lines_under_the_roster_are_not_members(store: Store, tmp_path: Path) -> None:
    rows = [person(1), person(2), ["填表人：张三", None, None, "审核人：李四"], ["填表日期：2026年11月20日"]]
    preview = roster.prepare_import(store, write_xlsx(tmp_path / "r.xlsx", rows))
    assert not preview.problems, preview.problems
    assert len(preview.valid_rows) == 2
    assert any("表尾" in note for note in preview.notes)
