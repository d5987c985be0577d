import sqlite3
from datetime import date
from pathlib import Path

import pytest

from core import org
from core.actions import AuditAction
from core.check import check_database, verify_audit_chain
from core.enums import OrgType, UnitKind
from core.errors import DatabaseTooNewError, DomainError
from core.schema import MIGRATION_SET
from core.store import Store, open_store


def _new(path: Path) -> Store:
    s = open_store(path, clock=lambda: date(2026, 11, 21))
    org.setup_organization(s, name="测试街道党工委", org_type=OrgType.STREET)
    return s


def test_file_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    s = _new(tmp_path / "a.db")
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert s.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    s.close()


def test_every_entity_table_has_uid(store: Store) -> None:
    skip = {"preferences", "audit_head", "_sqlite_migrations"}
    for table in store.db.table_names():
        if table not in skip:
            assert "uid" in store.db[table].columns_dict, table


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    s = _new(path)
    s.db["_sqlite_migrations"].insert({"migration_set": MIGRATION_SET, "name": "m999_future", "applied_at": "2030"})
    s.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="更新版本"):
        open_store(path)
    assert path.read_bytes() == before


def test_pending_migration_makes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core import schema

    path = tmp_path / "office.db"
    _new(path).close()

    @schema.migrations(name="m900_test_extra")
    def _extra(db: object) -> None:
        db.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")  # type: ignore[attr-defined]

    monkeypatch.setattr(schema, "KNOWN_MIGRATIONS", schema.KNOWN_MIGRATIONS | {"m900_test_extra"})
    monkeypatch.setattr("core.store.KNOWN_MIGRATIONS", schema.KNOWN_MIGRATIONS | {"m900_test_extra"})
    try:
        s = open_store(path)
        assert "extra" in s.db.table_names()
        s.close()
        backups = list(tmp_path.glob("office.迁移前备份-*.db"))
        assert len(backups) == 1
        old = sqlite3.connect(backups[0])
        assert "extra" not in [r[0] for r in old.execute("SELECT name FROM sqlite_master")]
        assert old.execute("SELECT name FROM organization").fetchone()[0] == "测试街道党工委"
        old.close()
    finally:
        schema.migrations._migrations.pop()


def test_failed_action_leaves_nothing_behind(store: Store) -> None:
    before = store.scalar("SELECT count(*) FROM audit_log")
    unit_id = org.create_unit(store, name="第一党支部", kind=UnitKind.BRANCH).id
    with pytest.raises(DomainError, match="已经有名为"):
        org.create_unit(store, name="第一党支部", kind=UnitKind.BRANCH)
    assert store.scalar("SELECT count(*) FROM units") == 1
    assert store.scalar("SELECT count(*) FROM audit_log") == before + 1
    assert unit_id


def test_exception_inside_transaction_rolls_back(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as db:
        db["units"].insert({"uid": "x", "name": "临时", "kind": "branch", "created_at": "now"})
        store.audit(AuditAction.CREATE_UNIT, "units", 1, None, {"name": "临时"})
        raise RuntimeError("crash in the middle")
    assert store.scalar("SELECT count(*) FROM units") == 0
    assert verify_audit_chain(store) == []


def test_audit_chain_detects_edits_and_deletions(store: Store) -> None:
    for name in ("一支部", "二支部", "三支部"):
        org.create_unit(store, name=name, kind=UnitKind.BRANCH)
    assert check_database(store).ok
    store.db.execute("UPDATE audit_log SET actor = '别人' WHERE id = 2")
    assert any("改动过" in p for p in verify_audit_chain(store))
    store.db.execute("UPDATE audit_log SET actor = (SELECT actor FROM audit_log WHERE id = 1) WHERE id = 2")
    assert verify_audit_chain(store) == []
    store.db.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    assert any("末尾" in p for p in verify_audit_chain(store))


def test_audit_deletion_in_the_middle_is_detected(store: Store) -> None:
    for name in ("一支部", "二支部", "三支部"):
        org.create_unit(store, name=name, kind=UnitKind.BRANCH)
    store.db.execute("DELETE FROM audit_log WHERE id = 2")
    assert any("链接断开" in p for p in verify_audit_chain(store))


def test_audit_records_actor_action_and_before_after(store: Store) -> None:
    unit_id = org.create_unit(store, name="一支部", kind=UnitKind.BRANCH).id
    org.update_unit(store, unit_id, name="第一党支部", kind=UnitKind.BRANCH, parent_id=None)
    entry = store.rows("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert entry["action"] == "update_unit" and entry["entity"] == "units" and entry["entity_id"] == unit_id
    assert "一支部" in entry["before"] and "第一党支部" in entry["after"]
    assert entry["actor"] and entry["at"]


def test_read_only_file_gives_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    s = _new(path)
    s.close()
    uri = f"file:{path}?mode=ro"
    from sqlite_utils import Database

    ro = Store(Database(sqlite3.connect(uri, uri=True)), path=path)
    with pytest.raises(DomainError, match="只读"):
        org.create_unit(ro, name="一支部", kind=UnitKind.BRANCH)
    ro.close()
    s = open_store(path)
    assert s.scalar("SELECT count(*) FROM units") == 0
    s.close()


def test_preferences_round_trip(store: Store) -> None:
    store.set_preference("print.badge", {"size": "90x54"})
    assert store.preference("print.badge") == {"size": "90x54"}
    assert store.preference("missing", 3) == 3


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DomainError, match="不是党员示范岗管理系统的数据库"):
        open_store(path)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["customers"]
    conn.close()


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(DomainError, match="无法打开数据库文件"):
        open_store(path)


def test_file_killed_before_first_migration_opens(tmp_path: Path) -> None:
    """A kill between creating the bookkeeping table and the first migration must not lock the office out."""
    path = tmp_path / "half.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.commit()
    conn.close()
    s = open_store(path)
    assert "members" in s.db.table_names()
    s.close()


def test_packed_resource_is_unpacked_once_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lzma

    from core import resources

    root = tmp_path / "res"
    (root / "fonts").mkdir(parents=True)
    (root / "fonts" / "demo.ttf.xz").write_bytes(lzma.compress(b"font bytes" * 1000))
    monkeypatch.setattr(resources, "resources_root", lambda: root)
    monkeypatch.setenv("SFG_CACHE_DIR", str(tmp_path / "cache"))
    first = resources.resource_file("fonts", "demo.ttf")
    assert first is not None and first.read_bytes() == b"font bytes" * 1000
    assert first.parent == tmp_path / "cache" / "resources" / "fonts"
    assert resources.resource_file("fonts", "demo.ttf") == first
    assert resources.resource_file("fonts", "missing.ttf") is None
    assert not list(first.parent.glob(".unpack-*"))


def test_os_errors_are_described_in_chinese() -> None:
    import errno

    from core.errors import os_error_text

    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间已满"
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "没有访问权限"
    assert "No space" not in os_error_text(OSError(errno.ENOSPC, "No space left on device"))
    assert os_error_text(OSError(9999, "weird")) == "系统错误（代码9999）"
    # Windows raises PermissionError(EACCES) for a file another program has open; say so.
    in_use = PermissionError(errno.EACCES, "The process cannot access the file")
    in_use.winerror = 32  # type: ignore[attr-defined]
    assert "占用" in os_error_text(in_use)
    from core.backup import storage_message

    assert "占用" in storage_message(in_use, "备份") and "只读" not in storage_message(in_use, "备份")
