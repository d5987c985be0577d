"""The rules of a post's life in one table: its stages, what each stage allows, its member limits.

Every reader takes the rule from here: each action refuses through ``require``,
``workflow.allowed_actions()`` (which enables the window's buttons) through ``refusal``, and
``check``, the roster's ``org.serving_posts`` and the dialogs' hints through the named stage sets and
``MEMBER_LIMITS``. A button therefore cannot disagree with the action it starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from core.enums import PostKind, PostStage
from core.errors import DomainError


class Action(StrEnum):
    """What a clerk does to one post; the keys of ``workflow.allowed_actions()``."""

    EDIT = "edit"
    EVALUATE = "evaluate"
    PUBLICIZE = "publicize"
    OBJECT = "object"
    CONSENT = "consent"
    CONFIRM = "confirm"
    ADJUST = "adjust"
    JOIN = "join"
    WITHDRAW = "withdraw"
    VETO = "veto"
    ASSESS = "assess"
    RECTIFY = "rectify"
    SURVEY = "survey"
    REVIEW = "review"
    PRINT = "print"


# -- named stage sets ----------------------------------------------------------------------------
SETUP: frozenset[PostStage] = frozenset({PostStage.NOMINATED, PostStage.EVALUATION_PASSED, PostStage.IN_PUBLICITY})
"""设岗程序 under way: nominated and not yet confirmed; the member's own wishes are still being asked."""

SERVING: frozenset[PostStage] = frozenset({PostStage.ON_DUTY})
"""Confirmed and holding the title: the placard hangs, the members are assessed, surveyed and reviewed."""

ACTIVE: frozenset[PostStage] = SETUP | SERVING
"""Not over: its members are on it (their roster entry changes only through an adjustment of the post)."""

TERMINAL: frozenset[PostStage] = frozenset(PostStage) - ACTIVE
"""Over for good (ballot failed, objection upheld, withdrawn, title revoked): nothing more is done to
the post except taking its placard back."""

HOLDING: frozenset[PostStage] = ACTIVE | {PostStage.REVOKED}
"""An individual post in these stages is its member's one individual post of the campaign year; a
nomination that failed, was objected to or was withdrawn leaves the member free to be nominated again."""

PUBLICIZED: frozenset[PostStage] = frozenset(
    {PostStage.IN_PUBLICITY, PostStage.ON_DUTY, PostStage.OBJECTION_UPHELD, PostStage.REVOKED}
)
"""Reached only through a passed 岗前测评 and a 公示 (a withdrawn post may have left before either)."""

CONFIRMED: frozenset[PostStage] = SERVING | {PostStage.REVOKED}
"""Confirmed once and known as such: on duty, or its title revoked since (a withdrawn post may or may
not have been confirmed)."""


# -- the table: stage → allowed actions ----------------------------------------------------------
_WHILE_ACTIVE = frozenset({Action.EDIT, Action.ADJUST, Action.WITHDRAW})

ALLOWED: Mapping[PostStage, frozenset[Action]] = MappingProxyType({
    PostStage.NOMINATED: _WHILE_ACTIVE | {Action.EVALUATE, Action.CONSENT, Action.JOIN},
    PostStage.EVALUATION_PASSED: _WHILE_ACTIVE | {Action.PUBLICIZE, Action.CONSENT},
    PostStage.IN_PUBLICITY: _WHILE_ACTIVE | {Action.OBJECT, Action.CONSENT, Action.CONFIRM},
    PostStage.ON_DUTY: _WHILE_ACTIVE | {Action.JOIN, Action.VETO, Action.ASSESS, Action.RECTIFY, Action.SURVEY,
                                        Action.REVIEW, Action.PRINT},
    PostStage.EVALUATION_FAILED: frozenset(),
    PostStage.OBJECTION_UPHELD: frozenset(),
    PostStage.WITHDRAWN: frozenset(),
    PostStage.REVOKED: frozenset(),
})
"""Which actions each stage allows. A newcomer joins (``JOIN``) only before the ballot, which then
covers them, or once the post is on duty (with their own consent): never in between, where they would
skip the ballot and the publicity the others went through."""


@dataclass(frozen=True)
class Wording:
    """How a refusal names the action: ``doing`` after "不能", or a whole ``refused`` clause."""

    doing: str
    refused: str = ""

    @property
    def refusal(self) -> str:
        return self.refused or f"不能{self.doing}"


WORDING: Mapping[Action, Wording] = MappingProxyType({
    Action.EDIT: Wording("修改岗位信息", "不能再修改"),
    Action.EVALUATE: Wording("录入岗前测评"),
    Action.PUBLICIZE: Wording("开始公示", "不能开始公示（须先通过岗前测评）"),
    Action.OBJECT: Wording("登记公示异议"),
    Action.CONSENT: Wording("登记个人意愿"),
    Action.CONFIRM: Wording("确定岗位", "须经公示后才能确定"),
    Action.ADJUST: Wording("调整上岗人员", "不能再调整"),
    Action.JOIN: Wording("调入党员", "此时调入的党员会跳过岗前测评和公示，不能增加或更换人员。"
                                     "可以撤回后重新提名，或在确定上岗后再调整"),
    Action.WITHDRAW: Wording("撤岗", "无需撤岗"),
    Action.VETO: Wording("撤销称号", "不能撤销称号（只有在岗的示范岗才有称号）"),
    Action.ASSESS: Wording("考核"),
    Action.RECTIFY: Wording("督促整改"),
    Action.SURVEY: Wording("开展满意度测评"),
    Action.REVIEW: Wording("五评"),
    Action.PRINT: Wording("打印标牌和胸牌"),
})


# -- post kind → member limits -------------------------------------------------------------------
_PEOPLE = "零一两三四五六七八九十"  # a count of people as the seeds write it: 不得少于两人


@dataclass(frozen=True)
class MemberLimits:
    """How many members serve on a post of one kind; ``most`` None means no upper limit."""

    least: int
    most: int | None = None

    def allows(self, count: int) -> bool:
        return count >= self.least and (self.most is None or count <= self.most)

    @property
    def fixed(self) -> bool:
        """Exactly one number of members: the post is not adjusted, it is withdrawn and nominated anew."""
        return self.most == self.least

    @property
    def wording(self) -> str:
        """The limit, to follow "上岗党员": 只能有1名 / 不得少于两人."""
        if self.fixed:
            return f"只能有{self.least}名"
        least = _PEOPLE[self.least] if self.least < len(_PEOPLE) else str(self.least)
        if self.most is None:
            return f"不得少于{least}人"
        return f"应为{self.least}至{self.most}人"


MEMBER_LIMITS: Mapping[PostKind, MemberLimits] = MappingProxyType({
    PostKind.INDIVIDUAL: MemberLimits(least=1, most=1),  # 党员个人示范岗由党员个人创建
    PostKind.COLLECTIVE: MemberLimits(least=2),  # 参与党员集体示范岗的党员人数不得少于两人
})

_FIRST_NEEDS: Mapping[Action, Action] = MappingProxyType({Action.JOIN: Action.ADJUST})  # a newcomer joins by 调整


# -- reading the table ---------------------------------------------------------------------------
class NotAllowed(DomainError):
    """An action the table refuses for the post's stage (or, for an adjustment, its kind)."""


def stages_allowing(action: Action) -> frozenset[PostStage]:
    return frozenset(stage for stage, actions in ALLOWED.items() if action in actions)


def stage_in(column: str, stages: Iterable[PostStage]) -> tuple[str, list[str]]:
    """SQL for "``column`` is one of ``stages``" and its parameters."""
    values = sorted(stage.value for stage in stages)
    return f"{column} IN ({', '.join('?' * len(values))})", values


def refusal(post: Mapping[str, Any], action: Action) -> str | None:
    """Why the table refuses ``action`` on ``post`` (a posts row) now, or None when it allows it."""
    if action in _FIRST_NEEDS:
        first = refusal(post, _FIRST_NEEDS[action])
        if first is not None:
            return first
    stage = PostStage(post["stage"])
    if action not in ALLOWED[stage]:
        return f"示范岗“{post['name']}”当前为“{stage.label}”，{WORDING[action].refusal}。"
    kind = PostKind(post["kind"])
    if action is Action.ADJUST and MEMBER_LIMITS[kind].fixed:  # only an individual post: its member's own
        return f"{kind.label}由党员本人创建，不能更换或增减人员；如需调整请撤岗后重新提名。"
    return None


def require(post: Mapping[str, Any], action: Action) -> None:
    """Raise ``NotAllowed`` with the reason when the table refuses ``action`` on ``post`` now."""
    reason = refusal(post, action)
    if reason is not None:
        raise NotAllowed(reason)
