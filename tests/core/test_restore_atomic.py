"""The restore of a backup and its audit entry are one transaction: whatever fails or is killed
between them, the database is either the old one, or the restored one with the record of its restore."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from core import backup, org
from core.check import check_database
from core.errors import DomainError
from core.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def office(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(database, backup): the backup, then one recorded change made after it."""
    path = tmp_path / "office" / "示范岗.db"
    path.parent.mkdir()
    shutil.copyfile(demo_db_path, path)
    store = open_store(path)
    try:
        saved = backup.make_backup(store).path
        org.update_settings(store, replace(store.settings(), publicity_working_days=7))
    finally:
        store.close()
    yield path, saved


def state(path: Path) -> dict[str, object]:
    store = open_store(path)
    try:
        last = store.rows("SELECT action, after FROM audit_log ORDER BY id DESC LIMIT 1")[0]
        return {
            "days": store.settings().publicity_working_days,
            "audits": store.scalar("SELECT count(*) FROM audit_log"),
            "last": last["action"],
            "restores": store.scalar("SELECT count(*) FROM audit_log WHERE action = 'restore_backup'"),
            "ok": check_database(store).ok,
        }
    finally:
        store.close()


def old_or_restored(path: Path, before: dict[str, object], backup_audits: int) -> str:
    now = state(path)
    assert now["ok"], "the audit chain or data is broken"
    if now == before:
        return "old"
    assert now == {"days": 5, "audits": backup_audits + 1, "last": "restore_backup", "restores": 1, "ok": True}, now
    return "restored"


def backup_audit_count(saved: Path) -> int:
    store = open_store(saved)
    try:
        return int(store.scalar("SELECT count(*) FROM audit_log"))
    finally:
        store.close()


def test_a_restore_brings_data_and_its_record_together(office: tuple[Path, Path]) -> None:
    path, saved = office
    before, audits = state(path), backup_audit_count(saved)
    assert before["days"] == 7
    store = open_store(path)
    try:
        outcome = backup.restore_backup(store, saved)
    finally:
        store.close()
    assert old_or_restored(path, before, audits) == "restored"
    store = open_store(path)
    try:
        after = json.loads(store.rows("SELECT after FROM audit_log ORDER BY id DESC LIMIT 1")[0]["after"])
    finally:
        store.close()
    assert after == {"file": str(saved), "safety_copy": str(outcome.safety_copy), "other_office": ""}
    assert outcome.safety_copy is not None and state(outcome.safety_copy) == before  # the old data is kept


def test_a_failure_between_recording_and_replacing_leaves_the_old_database(
    office: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, saved = office
    before, audits = state(path), backup_audit_count(saved)

    def fail(copy: Path, store: Store) -> None:
        assert state(copy)["last"] == "restore_backup"  # the record is written, only into the copy
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(backup, "_copy_into", fail)
    store = open_store(path)
    try:
        with pytest.raises(DomainError, match="恢复失败"):
            backup.restore_backup(store, saved)
    finally:
        store.close()
    assert old_or_restored(path, before, audits) == "old"


def test_a_failure_while_recording_leaves_the_old_database(
    office: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, saved = office
    before, audits = state(path), backup_audit_count(saved)
    real = Store.audit

    def audit(self: Store, action: str, *args: object, **kwargs: object) -> None:
        real(self, action, *args, **kwargs)  # type: ignore[arg-type]
        if action == "restore_backup":
            raise RuntimeError("power cut")

    monkeypatch.setattr(Store, "audit", audit)
    store = open_store(path)
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            backup.restore_backup(store, saved)
    finally:
        store.close()
    assert old_or_restored(path, before, audits) == "old"


KILLED = """
import os, sqlite3, sys
from pathlib import Path
from core import backup
from core.store import open_store

path, saved, when = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

def copy_into(copy, store):
    if when == "before_copy":
        os._exit(9)
    src = sqlite3.connect(str(copy))
    def progress(status, remaining, total):
        if when == "during_copy" and remaining < total:
            os._exit(9)  # killed half-way through the copy: no cleanup, no rollback by Python
    src.backup(store.db.conn, pages=4, progress=progress)
    src.close()
    if when == "after_copy":
        os._exit(9)

backup._copy_into = copy_into
store = open_store(path)
backup.restore_backup(store, saved)
"""


@pytest.mark.parametrize(("when", "expected"), [
    ("before_copy", "old"), ("during_copy", "old"), ("after_copy", "restored"),
])
def test_a_killed_restore_is_old_or_fully_restored_with_its_record(
    office: tuple[Path, Path], when: str, expected: str
) -> None:
    path, saved = office
    before, audits = state(path), backup_audit_count(saved)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLED), str(path), str(saved), when],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 9, result.stderr
    assert old_or_restored(path, before, audits) == expected
