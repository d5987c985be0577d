"""Lists to Excel: Chinese headers, real dates and numbers, a frozen header row, sensible widths.

Each list is a ``SheetSpec`` over a read-only query; ``export_workbook`` writes any of them
(all by default) into one .xlsx, ``export_list`` writes one. Values stored as codes (sex,
category, stage…) are shown with their Chinese labels from ``core.enums``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from core import queries
from core.enums import (
    AdjustmentKind,
    Education,
    Grade,
    HighlightKind,
    LabeledEnum,
    MemberCategory,
    PostKind,
    PostStage,
    ProblemCategory,
    ReclaimReason,
    Role,
    Sex,
    Standing,
    UnitKind,
    VetoGround,
)
from core.errors import DomainError
from core.files import save_workbook, storage_message
from core.store import Row, Store

TEXT, DATE, INT, FLOAT, PERCENT = "text", "date", "int", "float", "percent"


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    key: str | Callable[[Row], Any]
    kind: str = TEXT
    width: int = 0
    labels: type[LabeledEnum] | None = None

    def value(self, row: Row) -> Any:
        raw = self.key(row) if callable(self.key) else row.get(self.key)
        if raw is None or raw == "":
            return None
        if self.labels is not None:
            try:
                return self.labels(raw).label
            except ValueError:
                return str(raw)
        if self.kind == DATE:
            return _as_date(raw)
        if self.kind == INT:
            return int(raw)
        if self.kind in (FLOAT, PERCENT):
            return float(raw)
        return str(raw)


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    columns: tuple[ColumnSpec, ...]
    rows: Callable[[Store], list[Row]]


def _as_date(value: Any) -> date | str:
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return text


def _month(value: Any) -> date | None:
    return date.fromisoformat(f"{value}-01") if value else None


def _yes(value: Any) -> str:
    return "是" if value else "否"


def _creations(row: Row) -> str:
    from core.enums import FiveCreation

    try:
        return "、".join(FiveCreation(v).label for v in json.loads(row.get("creations") or "[]"))
    except (ValueError, TypeError):
        return ""


C = ColumnSpec

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("members", "党员名册", (
        C("姓名", "name", width=10), C("性别", "sex", labels=Sex, width=6), C("民族", "ethnicity", width=8),
        C("出生日期", "birth_date", DATE), C("身份证号", "id_number", width=21),
        C("所在组织", "unit_name", width=22), C("党员类别", "category", labels=MemberCategory),
        C("入党时间", "join_date", DATE), C("转正时间", "full_date", DATE), C("党籍状态", "standing", labels=Standing),
        C("学历", "education", labels=Education), C("工作岗位", "position", width=18), C("联系电话", "phone", width=14),
        C("有照片", lambda r: _yes(r.get("has_photo")), width=7), C("备注", "notes", width=24),
    ), lambda s: queries.members(s)),
    SheetSpec("units", "组织单元", (
        C("名称", "name", width=24), C("类型", "kind", labels=UnitKind), C("书记", "secretary", width=10),
        C("党员人数", "member_count", INT), C("启用", lambda r: _yes(r.get("active")), width=6),
    ), lambda s: queries.units(s)),
    SheetSpec("posts", "示范岗", (
        C("年度", "year", INT, width=7), C("批次", "batch_name", width=12), C("示范岗名称", "name", width=26),
        C("类型", "kind", labels=PostKind, width=16), C("所在组织", "unit_name", width=22),
        C("负责人", "leader_name", width=10), C("上岗党员", "member_names", width=30), C("人数", "member_count", INT, width=6),
        C("状态", "stage", labels=PostStage, width=14), C("岗位编号", "code", width=11), C("岗牌编号", "placard_no", width=13),
        C("提名日期", "nominated_on", DATE), C("确定日期", "confirmed_on", DATE), C("结束日期", "ended_on", DATE),
        C("五创", _creations, width=30), C("亮承诺", "display_pledge", width=30), C("结束原因", "end_reason", width=20),
    ), lambda s: queries.posts(s)),
    SheetSpec("serving", "在岗党员", (
        C("示范岗", "post_name", width=26), C("岗位编号", "code", width=11), C("所在组织", "unit_name", width=22),
        C("姓名", "name_snapshot", width=10), C("角色", "role", labels=Role, width=8),
        C("工作岗位", "position_snapshot", width=18), C("党员类别", "category_snapshot", labels=MemberCategory),
        C("上岗日期", "joined_on", DATE),
    ), lambda s: queries.serving_members(s)),
    SheetSpec("evaluations", "岗前测评结果", (
        C("测评日期", "held_on", DATE), C("示范岗", "post_name", width=26), C("所在组织", "unit_name", width=22),
        C("上岗党员", "member_names", width=24), C("发出票数", "ballots_issued", INT), C("收回票数", "ballots_returned", INT),
        C("满意", "satisfied", INT, width=7), C("基本满意", "basic", INT), C("不满意", "unsatisfied", INT, width=8),
        C("无效", "invalid", INT, width=7), C("满意率", "rate", PERCENT), C("是否通过", lambda r: _yes(r.get("passed")), width=9),
    ), lambda s: [r for b in queries.batches(s) for r in queries.evaluation_results(s, b["id"])]),
    SheetSpec("assessments", "月度考核", (
        C("月份", lambda r: _month(r.get("month")), DATE), C("示范岗", "post_name", width=26),
        C("姓名", "member_name", width=10), C("得分", "score", FLOAT, width=8), C("等次", "grade", labels=Grade, width=9),
        C("考核日期", "assessed_on", DATE), C("考核人", "assessor", width=10), C("评语", "comment", width=30),
        C("已更正", lambda r: _yes(r.get("corrected")), width=7),
    ), lambda s: queries.assessments(s)),
    SheetSpec("rectifications", "督促整改", (
        C("示范岗", "post_name", width=26), C("所在组织", "unit_name", width=22), C("党员", "member_name", width=10),
        C("问题类别", "category", labels=ProblemCategory, width=10), C("问题描述", "description", width=36),
        C("提出日期", "opened_on", DATE), C("整改期限", "deadline", DATE),
        C("状态", lambda r: "已整改" if r.get("status") == "closed" else "整改中", width=8),
        C("完成日期", "closed_on", DATE), C("整改结果", "result", width=30),
    ), lambda s: queries.rectifications(s)),
    SheetSpec("surveys", "满意度测评", (
        C("测评日期", "held_on", DATE), C("示范岗", "post_name", width=26), C("发出", "issued", INT, width=7),
        C("收回", "returned", INT, width=7), C("满意", "satisfied", INT, width=7), C("基本满意", "basic", INT),
        C("不满意", "unsatisfied", INT, width=8), C("无效", "invalid", INT, width=7), C("满意率", "rate", PERCENT),
        C("低于预警线", lambda r: _yes(r.get("low")), width=11), C("备注", "notes", width=24),
    ), lambda s: queries.surveys(s)),
    SheetSpec("five_reviews", "五评结果", (
        C("年度", "year", INT, width=7), C("示范岗", "post_name", width=26), C("姓名", "member_name", width=10),
        C("个人自评", "score_self", FLOAT), C("党员互评", "score_peer", FLOAT), C("群众测评", "score_public", FLOAT),
        C("领导点评", "score_leader", FLOAT), C("组织考评", "score_organization", FLOAT), C("总分", "total", FLOAT, width=8),
        C("等次", "grade", labels=Grade, width=9), C("评定日期", "reviewed_on", DATE),
    ), lambda s: queries.five_reviews(s)),
    SheetSpec("adjustments", "调整记录", (
        C("调整日期", "adjusted_on", DATE), C("示范岗", "post_name", width=26), C("调整类型", "kind", labels=AdjustmentKind),
        C("调出", "member_out_name", width=10), C("调入", "member_in_name", width=10), C("原因", "reason", width=36),
    ), lambda s: queries.adjustments(s)),
    SheetSpec("revocations", "撤销称号", (
        C("决定日期", "decided_on", DATE), C("示范岗", "post_name", width=26), C("岗位编号", "code", width=11),
        C("所在组织", "unit_name", width=22), C("否决情形", "ground_label", width=40),
        C("情况说明", "description", width=36), C("决定人", "decided_by", width=10),
    ), lambda s: [{**r, "ground_label": s.terms().veto_ground_label(VetoGround(r["ground"]))} for r in queries.revocations(s)]),
    SheetSpec("reclaims", "收牌登记", (
        C("岗牌编号", "placard_no", width=13), C("示范岗", "post_name", width=26), C("所在组织", "unit_name", width=22),
        C("原因", "reason", labels=ReclaimReason, width=16), C("登记日期", "marked_on", DATE), C("收回日期", "returned_on", DATE),
        C("经手人", "received_by", width=10),
    ), lambda s: queries.reclaim_register(s)),
    SheetSpec("highlights", "先进典型", (
        C("发布日期", "published_on", DATE), C("类型", "kind", labels=HighlightKind), C("标题", "title", width=30),
        C("示范岗", "post_name", width=26), C("党员", "member_name", width=10), C("发布渠道", "channel", width=14),
        C("内容", "body", width=50),
    ), lambda s: queries.highlights(s)),
)
SHEETS_BY_KEY = {spec.key: spec for spec in SHEETS}
_NUMBER_FORMATS = {DATE: "yyyy-mm-dd", INT: "0", FLOAT: "0.0", PERCENT: "0.0%"}


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    counts: tuple[tuple[str, int], ...]

    @property
    def message(self) -> str:
        parts = "、".join(f"{title}{n}条" for title, n in self.counts)
        return f"已导出到“{self.path}”：{parts}。"


def export_workbook(store: Store, target: str | Path, keys: Sequence[str] | None = None) -> ExportOutcome:
    """Write the chosen lists (all by default), one sheet each, to an .xlsx file."""
    specs = [SHEETS_BY_KEY[k] for k in keys] if keys else list(SHEETS)
    public = store.terms().public  # a hospital's 五评 item is 患者测评
    worded = [replace(spec, columns=tuple(replace(c, header=c.header.replace("群众", public)) for c in spec.columns))
              for spec in specs]
    return write_sheets(target, [(spec, spec.rows(store)) for spec in worded])


def export_list(store: Store, key: str, target: str | Path) -> ExportOutcome:
    if key not in SHEETS_BY_KEY:
        raise DomainError(f"没有名为“{key}”的列表。")
    return export_workbook(store, target, [key])


def write_sheets(target: str | Path, sheets: Sequence[tuple[SheetSpec, list[Row]]]) -> ExportOutcome:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(target)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    center = Alignment(horizontal="center", vertical="center")
    counts: list[tuple[str, int]] = []
    for spec, rows in sheets:
        sheet = workbook.create_sheet(spec.title)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width or _default_width(column)
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font, cell.fill, cell.alignment = bold, fill, center
            header.append(cell)
        sheet.append(header)
        formats = [_NUMBER_FORMATS.get(c.kind) if c.labels is None else None for c in spec.columns]
        for row in rows:
            out: list[Any] = []
            for column, number_format in zip(spec.columns, formats, strict=True):
                value = column.value(row)
                if number_format and value is not None and not isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = number_format
                    out.append(cell)
                else:
                    out.append(value)
            sheet.append(out)
        if spec.columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{max(1, len(rows) + 1)}"
        counts.append((spec.title, len(rows)))
    save_workbook(workbook, path, lambda error: storage_message(error, "导出"))
    return ExportOutcome(path, tuple(counts))


def _default_width(column: ColumnSpec) -> int:
    if column.kind == DATE:
        return 12
    return max(8, len(column.header) * 2 + 3)




__all__ = ["SHEETS", "SHEETS_BY_KEY", "ColumnSpec", "ExportOutcome", "SheetSpec", "export_list", "export_workbook",
           "write_sheets"]
