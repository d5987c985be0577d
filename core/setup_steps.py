"""The first steps of a new office, and how far it has come: what an empty 工作台 tells the clerk to do.

An office starts by registering its members (a roster import, or units and members by hand), then
creates the campaign year and a batch, then nominates posts (岗位设置, the first of the seeds' four
setup steps); evaluation, publicity and confirmation follow. A 区委's database instead starts by
merging its offices' exchange packages.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.enums import PostStage
from core.store import Store


@dataclass(frozen=True)
class SetupStep:
    key: str
    title: str
    text: str
    done: bool


def first_steps(store: Store) -> list[SetupStep]:
    """The steps in order, each with whether this database has done it."""
    terms = store.terms()

    def count(table: str) -> int:
        return int(store.scalar(f"SELECT count(*) FROM [{table}]"))

    if terms.is_district:
        return [
            SetupStep("packages", "导入各单位的交换包",
                      "各街道（镇）、医院用“文件”→“交换包…”导出本单位的交换包报送上来；在这里用同一个菜单导入，"
                      "可以一次选多个文件，重复导入不会重复计数。", count("units") > 0),
            SetupStep("statistics", "查看各单位情况",
                      "“文件”→“交换包…”的各单位情况表按单位列出党员、示范岗、在岗、撤销、考核和满意度测评的统计。",
                      False),
        ]
    units = terms.units_label
    return [
        SetupStep("members", "登记党员",
                  "导入党员名册（从全国党员管理信息系统导出的名册表格，或填好的“党员名册模板”），名册里的"
                  f"{units}会一并建立；也可以先新建{units}，再逐个登记党员。", count("members") > 0),
        SetupStep("batch", "新建创建年度和批次",
                  "每年的创建活动是一个创建年度，年度里分批设岗（第一批、第二批……）。", count("batches") > 0),
        SetupStep("nominate", "岗位设置：提名示范岗",
                  f"各{units}酝酿讨论后提名党员个人示范岗和党员集体示范岗（集体岗上岗党员不少于两人），"
                  "对照标准逐项确认，填写五亮（标牌内容）和五创。", count("posts") > 0),
        SetupStep("confirm", "岗前测评、岗位公示、确定岗位",
                  "满意票达到80%以上的进入公示，公示期满、结合党员个人意愿确定岗位，然后打印标牌和党徽胸牌。",
                  bool(store.scalar("SELECT count(*) FROM posts WHERE stage = ?", [PostStage.ON_DUTY.value]))),
    ]


def setup_finished(steps: list[SetupStep]) -> bool:
    """Whether the first steps are behind the office: every step but the last one done (from then on
    the 工作台's stage counts and to-do list show the way)."""
    return all(step.done for step in steps[:-1])


__all__ = ["SetupStep", "first_steps", "setup_finished"]
