"""Every list to .xlsx: Chinese headers, real dates and numbers, frozen header row, widths."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core import export
from core.errors import DomainError
from core.store import Store


@pytest.fixture
def demo(demo_store: Store) -> Store:
    return demo_store


def test_every_list_is_exported_with_chinese_headers_and_real_values(demo: Store, tmp_path: Path) -> None:
    outcome = export.export_workbook(demo, tmp_path / "导出" / "全部名单.xlsx")
    workbook = load_workbook(outcome.path)
    assert workbook.sheetnames == [spec.title for spec in export.SHEETS]
    counts = dict(outcome.counts)
    assert counts["党员名册"] == 200 and counts["示范岗"] > 0 and counts["月度考核"] > 0
    for spec in export.SHEETS:
        sheet = workbook[spec.title]
        assert sheet.freeze_panes == "A2"
        headers = [c.value for c in sheet[1]]
        assert headers == [c.header for c in spec.columns]
        assert all(not str(h).isascii() for h in headers), headers
        assert all(sheet.column_dimensions[c.column_letter].width >= 6 for c in sheet[1])
        assert sheet.max_row == counts[spec.title] + 1
    members = workbook["党员名册"]
    row = [c.value for c in members[2]]
    assert isinstance(row[3], datetime) and members.cell(2, 4).number_format == "yyyy-mm-dd"
    assert row[1] in ("男", "女") and row[6] in ("正式党员", "预备党员")
    surveys = workbook["满意度测评"]
    rate = surveys.cell(2, 9)
    assert isinstance(rate.value, float) and 0 < rate.value <= 1 and rate.number_format == "0.0%"
    assert isinstance(surveys.cell(2, 3).value, int)
    assessments = workbook["月度考核"]
    assert isinstance(assessments.cell(2, 4).value, (int, float)) and assessments.cell(2, 5).value in ("优秀", "合格", "基本合格", "不合格")
    assert "党员名册200条" in outcome.message


def test_one_list(demo: Store, tmp_path: Path) -> None:
    outcome = export.export_list(demo, "posts", tmp_path / "示范岗")
    assert outcome.path.suffix == ".xlsx"
    assert load_workbook(outcome.path).sheetnames == ["示范岗"]
    with pytest.raises(DomainError):
        export.export_list(demo, "nothing", tmp_path / "x.xlsx")


@pytest.mark.parametrize(("error", "fragment"), [
    (PermissionError(errno.EACCES, "Permission denied"), "正在Excel中打开，或该位置是只读的"),
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间已满"),
])
def test_unwritable_target_gives_a_clear_message_and_leaves_nothing(demo: Store, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    error: OSError, fragment: str) -> None:
    from openpyxl.workbook.workbook import Workbook

    def fail(self: object, filename: str) -> None:
        Path(filename).write_bytes(b"partial")
        raise error

    monkeypatch.setattr(Workbook, "save", fail)
    with pytest.raises(DomainError, match=fragment):
        export.export_workbook(demo, tmp_path / "out.xlsx")
    assert list(tmp_path.glob("*out.xlsx*")) == []


def test_hospital_veto_ground_and_reclaim_reason_are_worded_for_the_office(hospital_store: Store, clock: object,
                                                                            tmp_path: Path) -> None:
    from core import workflow
    from core.enums import UnitKind, VetoGround
    from tests.core.helpers import batch, bring_on_duty, individual_post, member, unit

    b = batch(hospital_store)
    m = member(hospital_store, unit_id=unit(hospital_store, "急诊科", UnitKind.DEPARTMENT))
    p = individual_post(hospital_store, m, b)
    bring_on_duty(hospital_store, clock, [p], b)
    workflow.veto_post(hospital_store, p, ground=VetoGround.ACCIDENT, description="发生医疗责任事故",
                       decided_on=hospital_store.today())
    target = tmp_path / "撤销.xlsx"
    export.export_workbook(hospital_store, target, ["revocations", "reclaims"])
    book = load_workbook(target, read_only=True)
    revoked = [row for row in book["撤销称号"].iter_rows(min_row=2, values_only=True) if any(row)]
    reclaimed = [row for row in book["收牌登记"].iter_rows(min_row=2, values_only=True) if any(row)]
    assert any("在管理和服务中发生重大责任事故" in str(cell) for row in revoked for cell in row), revoked
    assert reclaimed and not any(cell in ("revoked", "withdrawn") for row in reclaimed for cell in row), reclaimed


def test_five_review_public_item_is_worded_for_the_office(hospital_store: Store, store: Store, tmp_path: Path) -> None:
    from core.enums import ReviewPart

    assert hospital_store.terms().review_part_label(ReviewPart.PUBLIC) == "患者测评"
    assert store.terms().review_part_label(ReviewPart.PUBLIC) == "群众测评"
    target = tmp_path / "五评.xlsx"
    export.export_workbook(hospital_store, target, ["five_reviews"])
    headers = next(load_workbook(target, read_only=True).worksheets[0].iter_rows(max_row=1, values_only=True))
    assert "患者测评" in headers and "群众测评" not in headers
