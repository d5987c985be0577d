"""The table of audited actions: every action core records is in it, with a Chinese label, and every
row is recorded somewhere; ``Store.audit`` refuses a pair the table does not list."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from core.actions import ACTIONS, AuditAction, action_label, spec_of
from core.store import ENTITY_LABELS, Store

CORE = Path(__file__).resolve().parents[2] / "core"
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def audit_calls() -> list[tuple[str, int, ast.Call]]:
    """(file, line, call) of every ``….audit(…)`` call in core's sources."""
    calls = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "audit":
                calls.append((str(path.relative_to(CORE)), node.lineno, node))
    return calls


def recorded_pair(call: ast.Call) -> tuple[AuditAction, str]:
    """The action (``AuditAction.X``) and the entity (a string literal) an audit call names."""
    action, entity = call.args[0], call.args[1]
    assert isinstance(action, ast.Attribute) and isinstance(action.value, ast.Name), ast.unparse(action)
    assert action.value.id == "AuditAction", ast.unparse(action)
    assert action.attr in AuditAction.__members__, f"{action.attr} is not a member of AuditAction"
    assert isinstance(entity, ast.Constant) and isinstance(entity.value, str), ast.unparse(entity)
    return AuditAction[action.attr], entity.value


def test_every_audit_call_in_core_names_a_registered_action_and_table() -> None:
    calls = audit_calls()
    assert len(calls) >= 35
    recorded: set[AuditAction] = set()
    for where, line, call in calls:
        action, entity = recorded_pair(call)
        assert entity in ACTIONS[action].entities, f"{where}:{line}: {action} is not listed for {entity!r}"
        recorded.add(action)
    assert recorded == set(AuditAction), f"listed but never recorded: {sorted(set(AuditAction) - recorded)}"


def test_every_action_has_one_row_and_a_chinese_label_of_its_own() -> None:
    assert list(ACTIONS) == list(AuditAction)
    labels = [spec.label for spec in ACTIONS.values()]
    assert all(labels) and not any(ENGLISH.search(label) for label in labels)
    assert len(set(labels)) == len(labels), "two actions share a label: the filter list could not tell them apart"
    for action, spec in ACTIONS.items():
        assert spec.entities and spec.entities <= ENTITY_LABELS.keys(), action
        assert action.label == spec.label and action_label(action.value) == spec.label
    assert action_label("merge_offices") == "merge_offices" and spec_of("merge_offices") is None


def test_the_demo_year_records_only_registered_actions(demo_store: Store) -> None:
    pairs = demo_store.rows("SELECT DISTINCT action, entity FROM audit_log")
    assert len({p["action"] for p in pairs}) >= 20
    for pair in pairs:
        spec = spec_of(pair["action"])
        assert spec is not None and pair["entity"] in spec.entities, pair


def test_audit_refuses_a_pair_the_table_does_not_list(store: Store) -> None:
    with store.transaction(), pytest.raises(ValueError, match="does not list 'members'"):
        store.audit(AuditAction.VETO_POST, "members", 1)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'veto_post'") == 0


def test_code_names_of_earlier_versions_keep_their_chinese_label() -> None:
    """An office's log keeps what older versions recorded (one ``import_member`` per imported member)."""
    from core.actions import RETIRED, action_label, spec_of
    from core.audit_view import action_choices

    assert action_label("import_member") == "导入党员"
    spec = spec_of("import_member")
    assert spec is not None and spec.describe is not None
    assert ("import_member", "导入党员") in action_choices()
    assert not set(RETIRED) & {action.value for action in AuditAction}, "a retired name is not recorded any more"
    assert spec_of("a_later_version_action") is None and action_label("a_later_version_action") == "a_later_version_action"
