"""Enumerations of the campaign with their Chinese labels, kept in one place.

Labels that depend on the organization type (street/town vs hospital) are resolved through
``Terms`` so widgets and reports never hard-code them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LabeledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label in ``LABELS``."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class OrgType(LabeledEnum):
    STREET = "street"
    TOWN = "town"
    HOSPITAL = "hospital"
    AGENCY = "agency"
    DISTRICT = "district"  # 区委/上级党委: a database that merges its offices' exchange packages


class UnitKind(LabeledEnum):
    BRANCH = "branch"
    GENERAL_BRANCH = "general_branch"
    DEPARTMENT = "department"
    BRANCH_HOSPITAL = "branch_hospital"


class Sex(LabeledEnum):
    MALE = "male"
    FEMALE = "female"


class MemberCategory(LabeledEnum):
    FULL = "full"
    PROBATIONARY = "probationary"


class Standing(LabeledEnum):
    NORMAL = "normal"
    TRANSFERRED_OUT = "transferred_out"
    DECEASED = "deceased"
    STOPPED = "stopped"
    EXPELLED = "expelled"
    LOST_CONTACT = "lost_contact"


class PostKind(LabeledEnum):
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"


class PostStage(LabeledEnum):
    """Where a post is in its life; what each stage allows is in ``core.post_rules``."""

    NOMINATED = "nominated"
    EVALUATION_PASSED = "evaluation_passed"
    EVALUATION_FAILED = "evaluation_failed"
    IN_PUBLICITY = "in_publicity"
    OBJECTION_UPHELD = "objection_upheld"
    ON_DUTY = "on_duty"
    WITHDRAWN = "withdrawn"
    REVOKED = "revoked"


class Role(LabeledEnum):
    LEADER = "leader"
    MEMBER = "member"


class Grade(LabeledEnum):
    EXCELLENT = "excellent"
    QUALIFIED = "qualified"
    BASIC = "basic"
    UNQUALIFIED = "unqualified"


class VetoGround(LabeledEnum):
    VIOLATION = "violation"
    ACCIDENT = "accident"
    PUBLIC_OUTCRY = "public_outcry"
    OTHER = "other"


class ProblemCategory(LabeledEnum):
    FORMALISM = "formalism"
    BUREAUCRATISM = "bureaucratism"
    HEDONISM = "hedonism"
    EXTRAVAGANCE = "extravagance"
    ATTITUDE = "attitude"
    DISCIPLINE = "discipline"
    QUALITY = "quality"
    OTHER = "other"


class FiveDisplay(LabeledEnum):
    IDENTITY = "identity"
    DUTIES = "duties"
    PLEDGE = "pledge"
    PROCESS = "process"
    RESULTS = "results"


class FiveCreation(LabeledEnum):
    PIONEER = "pioneer"
    SATISFIED_WINDOW = "satisfied_window"
    SERVICE_BRAND = "service_brand"
    INTEGRITY = "integrity"
    GRASSROOTS = "grassroots"


class ReviewPart(LabeledEnum):
    SELF = "self"
    PEER = "peer"
    PUBLIC = "public"
    LEADER = "leader"
    ORGANIZATION = "organization"


class AdjustmentKind(LabeledEnum):
    REPLACE_MEMBER = "replace_member"
    ADD_MEMBER = "add_member"
    REMOVE_MEMBER = "remove_member"
    CHANGE_LEADER = "change_leader"
    WITHDRAW = "withdraw"


class ReclaimReason(LabeledEnum):
    REVOKED = "revoked"
    WITHDRAWN = "withdrawn"


class HighlightKind(LabeledEnum):
    CASE = "case"
    PRACTICE = "practice"


class Education(LabeledEnum):
    POSTGRADUATE = "postgraduate"
    UNIVERSITY = "university"
    COLLEGE = "college"
    SECONDARY = "secondary"
    HIGH_SCHOOL = "high_school"
    MIDDLE_SCHOOL = "middle_school"
    PRIMARY = "primary"


_LABELS: dict[str, dict[str, str]] = {
    "OrgType": {
        "street": "街道党工委",
        "town": "镇党委",
        "hospital": "医院党委",
        "agency": "机关党委",
        "district": "区委（上级党委）",
    },
    "UnitKind": {
        "branch": "党支部",
        "general_branch": "党总支",
        "department": "科室",
        "branch_hospital": "分院",
    },
    "Sex": {"male": "男", "female": "女"},
    "MemberCategory": {"full": "正式党员", "probationary": "预备党员"},
    "Standing": {
        "normal": "正常",
        "transferred_out": "已转出",
        "deceased": "已死亡",
        "stopped": "已停止党籍",
        "expelled": "已出党",
        "lost_contact": "失联",
    },
    "PostKind": {"individual": "党员个人示范岗", "collective": "党员集体示范岗"},
    "PostStage": {
        "nominated": "酝酿提名",
        "evaluation_passed": "测评通过待公示",
        "evaluation_failed": "测评未通过",
        "in_publicity": "公示中",
        "objection_upheld": "异议成立已撤回",
        "on_duty": "在岗",
        "withdrawn": "已撤岗",
        "revoked": "已撤销称号",
    },
    "Role": {"leader": "负责人", "member": "成员"},
    "Grade": {
        "excellent": "优秀",
        "qualified": "合格",
        "basic": "基本合格",
        "unqualified": "不合格",
    },
    "VetoGround": {
        "violation": "岗位出现重大违法违纪、违反党和国家政策和机关制度的人和事",
        "accident": "在服务群众中发生重大责任事故",
        "public_outcry": "发生群众反映强烈的不良现象和事件",
        "other": "其它严重影响“党员示范岗”形象的情况",
    },
    "ProblemCategory": {
        "formalism": "形式主义",
        "bureaucratism": "官僚主义",
        "hedonism": "享乐主义",
        "extravagance": "奢靡之风",
        "attitude": "服务态度",
        "discipline": "工作纪律",
        "quality": "业务质量",
        "other": "其他问题",
    },
    "FiveDisplay": {
        "identity": "亮身份",
        "duties": "亮职责",
        "pledge": "亮承诺",
        "process": "亮流程",
        "results": "亮业绩",
    },
    "FiveCreation": {
        "pioneer": "创岗位奉献先锋",
        "satisfied_window": "创群众满意窗口",
        "service_brand": "创优质服务品牌",
        "integrity": "创清正廉洁典范",
        "grassroots": "创服务基层标兵",
    },
    "ReviewPart": {
        "self": "个人自评",
        "peer": "党员互评",
        "public": "群众测评",
        "leader": "领导点评",
        "organization": "组织考评",
    },
    "AdjustmentKind": {
        "replace_member": "更换人员",
        "add_member": "增加成员",
        "remove_member": "减少成员",
        "change_leader": "更换负责人",
        "withdraw": "撤岗",
    },
    "ReclaimReason": {"revoked": "一票否决撤销称号", "withdrawn": "调整撤岗"},
    "HighlightKind": {"case": "先进典型", "practice": "经验做法"},
    "Education": {
        "postgraduate": "研究生",
        "university": "大学本科",
        "college": "大学专科",
        "secondary": "中专",
        "high_school": "高中",
        "middle_school": "初中",
        "primary": "小学及以下",
    },
}

# The standard every post must meet (制定标准), used as the deliberation checklist.
STANDARD_ITEMS: tuple[str, ...] = (
    "政治素质过硬",
    "自觉践行“人人都是服务员”的服务宗旨",
    "服务态度端正，立足本职，勤奋工作，恪尽职守",
    "善于思考、勇于实践，能结合岗位实际创造性地开展工作",
    "关心体贴群众，态度和蔼、语言文明",
    "群众公认、实绩突出、作用明显",
    "树立敬业形象、奉献形象、公仆形象",
)

STANDARD_ITEMS_HOSPITAL: tuple[str, ...] = tuple(
    item.replace("关心体贴群众", "关心体贴患者") for item in STANDARD_ITEMS
)


@dataclass(frozen=True)
class Terms:
    """Words and lists that change with the organization type (seed 000 vs seed 004)."""

    org_type: OrgType

    @property
    def is_hospital(self) -> bool:
        return self.org_type is OrgType.HOSPITAL

    @property
    def is_district(self) -> bool:
        """A 区委's database: it merges the packages of streets, towns and hospitals alike."""
        return self.org_type is OrgType.DISTRICT

    @property
    def public(self) -> str:
        """Who the posts serve: 群众, or 患者 in a hospital."""
        return "患者" if self.is_hospital else "群众"

    @property
    def committee(self) -> str:
        return {
            OrgType.STREET: "街道党工委",
            OrgType.TOWN: "镇党委",
            OrgType.HOSPITAL: "院党委",
            OrgType.AGENCY: "机关党委",
            OrgType.DISTRICT: "区委",
        }[self.org_type]

    @property
    def unit_kinds(self) -> tuple[UnitKind, ...]:
        if self.is_hospital or self.is_district:
            return (
                UnitKind.BRANCH,
                UnitKind.GENERAL_BRANCH,
                UnitKind.DEPARTMENT,
                UnitKind.BRANCH_HOSPITAL,
            )
        return (UnitKind.BRANCH, UnitKind.GENERAL_BRANCH)

    @property
    def collective_creators(self) -> tuple[UnitKind, ...]:
        """Units that may create a collective post: 党支部 (hospital: 党支部或科室)."""
        if self.is_hospital or self.is_district:
            return (UnitKind.BRANCH, UnitKind.DEPARTMENT)
        return (UnitKind.BRANCH,)

    @property
    def units_label(self) -> str:
        return "党支部、科室和分院" if self.is_hospital else "党支部"

    @property
    def creations(self) -> tuple[FiveCreation, ...]:
        if self.is_hospital or self.is_district:
            return tuple(FiveCreation)
        return tuple(c for c in FiveCreation if c is not FiveCreation.SERVICE_BRAND)

    @property
    def standard_items(self) -> tuple[str, ...]:
        return STANDARD_ITEMS_HOSPITAL if self.is_hospital else STANDARD_ITEMS

    def veto_ground_label(self, ground: VetoGround) -> str:
        if ground is VetoGround.ACCIDENT and self.is_hospital:
            return "在管理和服务中发生重大责任事故"
        return ground.label

    def review_part_label(self, part: ReviewPart) -> str:
        """个人自评 … 群众测评 (a hospital's is 患者测评) …"""
        return part.label.replace("群众", self.public)

    def survey_title(self) -> str:
        return f"{self.public}满意度测评"
