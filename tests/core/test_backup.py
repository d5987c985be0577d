"""Backups through the backup API, the daily ring, verified restore, read-only and full-disk messages."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from core import backup
from core.check import check_database
from core.errors import DomainError
from core.store import Store, open_store


@pytest.fixture
def demo(demo_db_path: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "office" / "示范岗.db"
    path.parent.mkdir()
    shutil.copyfile(demo_db_path, path)
    store = open_store(path)
    yield store
    store.close()


def members(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM members"))


def test_manual_backup_is_a_sound_copy_beside_the_database(demo: Store) -> None:
    info = backup.make_backup(demo)
    assert info.path.parent == demo.path.parent / "备份"  # type: ignore[union-attr]
    assert info.kind == "手动" and info.path.name.startswith("示范岗-手动-")
    copy = open_store(info.path)
    try:
        assert check_database(copy).ok and members(copy) == members(demo)
    finally:
        copy.close()
    assert not list(info.path.parent.glob(".*part"))
    assert [b.path for b in backup.list_backups(demo)] == [info.path]


def test_backup_while_another_connection_writes_is_consistent(demo: Store, tmp_path: Path) -> None:
    other = sqlite3.connect(str(demo.path))
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE members SET notes = 'uncommitted'")
    try:
        path = backup.write_backup(demo, tmp_path / "b.db")
    finally:
        other.rollback()
        other.close()
    copy = sqlite3.connect(str(path))
    assert copy.execute("SELECT count(*) FROM members WHERE notes = 'uncommitted'").fetchone()[0] == 0
    copy.close()


def test_daily_backup_once_a_day_keeping_a_ring(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = demo.path.parent / "备份"  # type: ignore[union-attr]
    folder.mkdir()
    for day in range(1, 6):
        (folder / f"示范岗-自动-202611{day:02d}-080000.db").write_bytes(b"old")
    (folder / "示范岗-手动-20261101-090000.db").write_bytes(b"manual")
    outcome = backup.daily_backup(demo, today=date(2026, 11, 21), keep=3)
    assert outcome.made is not None and not outcome.failed
    autos = sorted(p.name for p in folder.glob("示范岗-自动-*.db"))
    assert len(autos) == 3 and autos[:2] == ["示范岗-自动-20261104-080000.db", "示范岗-自动-20261105-080000.db"]
    assert (folder / "示范岗-手动-20261101-090000.db").exists(), "manual backups are never pruned"
    again = backup.daily_backup(demo, today=outcome.made.created.date(), keep=3)
    assert again.made is None


def test_read_only_location_falls_back_to_the_user_data_folder(demo: Store, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    beside = demo.path.parent / "备份"  # type: ignore[union-attr]
    real = backup._writable
    monkeypatch.setattr(backup, "_writable", lambda d: d != beside and real(d))
    monkeypatch.setattr(backup, "user_backup_dir", lambda p: tmp_path / "userdata" / "备份")
    info = backup.make_backup(demo, kind=backup.KIND_AUTO)
    assert info.path.parent == tmp_path / "userdata" / "备份"
    assert info.path in [b.path for b in backup.list_backups(demo)]


def test_nowhere_to_write_is_a_message_not_a_crash(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "_writable", lambda d: False)
    before = members(demo)
    outcome = backup.daily_backup(demo)
    assert outcome.failed and "无法写入" in outcome.message
    assert members(demo) == before and check_database(demo).ok


def test_full_disk_gives_a_clear_message_and_leaves_no_half_file(demo: Store, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = sqlite3.connect

    def connect(path: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(path, *args, **kwargs)  # type: ignore[arg-type]
        if path.endswith(".part"):
            conn.execute("PRAGMA max_page_count = 2")  # the target "disk" holds two pages
        return conn

    monkeypatch.setattr(backup.sqlite3, "connect", connect)
    with pytest.raises(DomainError, match="磁盘空间已满"):
        backup.write_backup(demo, tmp_path / "usb" / "b.db")
    assert list((tmp_path / "usb").iterdir()) == []
    assert check_database(demo).ok


def test_restore_verifies_then_replaces_and_keeps_the_old_data(demo: Store) -> None:
    saved = backup.make_backup(demo)
    demo.db.execute("DELETE FROM highlights")  # a mistake made after the backup (outside the rules)
    demo.db.conn.commit()
    changed_count = int(demo.scalar("SELECT count(*) FROM highlights"))
    outcome = backup.restore_backup(demo, saved.path)
    assert outcome.verification.ok and outcome.safety_copy is not None and outcome.safety_copy.exists()
    assert demo.scalar("SELECT count(*) FROM highlights") > changed_count
    assert check_database(demo).ok
    kept = open_store(outcome.safety_copy)
    try:
        assert kept.scalar("SELECT count(*) FROM highlights") == changed_count
    finally:
        kept.close()
    assert "恢复前的数据已另存为" in outcome.message


@pytest.mark.parametrize(("content", "fragment"), [
    (b"this is not a database at all" * 100, "不是有效的数据库"),
    (None, "不是党员示范岗管理系统的数据库"),
    ("newer", "更新版本"),
    ("tampered", "操作日志"),
])
def test_restore_refuses_a_bad_backup_and_changes_nothing(demo: Store, tmp_path: Path, content: object,
                                                           fragment: str) -> None:
    bad = tmp_path / "bad.db"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    elif content is None:
        other = sqlite3.connect(str(bad))
        other.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance REAL)")
        other.commit()
        other.close()
    else:
        backup.write_backup(demo, bad)
        conn = sqlite3.connect(str(bad))
        if content == "newer":
            conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('sfg', 'm999_future', '2030')")
        else:
            conn.execute("UPDATE audit_log SET actor = '某人' WHERE id = 3")
        conn.commit()
        conn.close()
    before = members(demo)
    report = backup.verify_backup(bad)
    assert not report.ok and any(fragment in p for p in report.problems), report.problems
    with pytest.raises(DomainError, match="未通过检查"):
        backup.restore_backup(demo, bad)
    assert members(demo) == before and check_database(demo).ok
    assert not [b for b in backup.list_backups(demo) if b.kind == "恢复前"]


def test_restore_to_a_new_path(demo: Store, tmp_path: Path) -> None:
    saved = backup.make_backup(demo)
    outcome = backup.restore_to_path(saved.path, tmp_path / "新电脑" / "数据.db")
    assert outcome.safety_copy is None
    restored = open_store(tmp_path / "新电脑" / "数据.db")
    try:
        assert members(restored) == members(demo) and check_database(restored).ok
    finally:
        restored.close()


def test_backup_listing_includes_migration_copies(demo: Store) -> None:
    folder = demo.path.parent  # type: ignore[union-attr]
    copy = folder / "示范岗.迁移前备份-20261101-101010.db"
    backup.write_backup(demo, copy)
    kinds = {(b.kind, b.created) for b in backup.list_backups(demo)}
    assert ("迁移前", datetime(2026, 11, 1, 10, 10, 10)) in kinds


def test_backups_of_a_similarly_named_database_are_not_ours(tmp_path: Path) -> None:
    """党建.db must neither skip its daily backup nor prune 党建-测试.db's backups."""
    from core import org
    from core.enums import OrgType

    stores = []
    for name in ("党建", "党建-测试"):
        s = open_store(tmp_path / f"{name}.db")
        org.setup_organization(s, name=name, org_type=OrgType.STREET)
        stores.append(s)
    main, other = stores
    try:
        assert backup.daily_backup(other, today=date(2026, 11, 21), keep=1).made is not None
        made = backup.daily_backup(main, today=date(2026, 11, 21), keep=1)
        assert made.made is not None, "the other database's backup today must not count as ours"
        assert all(b.path.name.startswith("党建-自动-") for b in backup.list_backups(main))
        assert len(backup.list_backups(other)) == 1
    finally:
        for s in stores:
            s.close()


def test_read_only_uri_survives_percent_and_hash_in_folder_names(tmp_path: Path) -> None:
    import sqlite3

    from core.paths import read_only_uri

    folder = tmp_path / "张%20#1 ?"
    folder.mkdir()
    path = folder / "示范岗.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")
    raw.close()
    ro = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        assert ro.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
        with pytest.raises(sqlite3.OperationalError):
            ro.execute("INSERT INTO t VALUES (1)")
    finally:
        ro.close()


def test_replace_file_waits_out_a_brief_windows_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An antivirus scan holding a just-written file must not fail a backup on Windows."""
    import os
    import sys

    from core import paths

    source, target = tmp_path / "new.tmp", tmp_path / "备份.db"
    source.write_bytes(b"data")
    calls = []
    real_replace = os.replace

    def busy_twice(src: object, dst: object) -> None:
        calls.append(src)
        if len(calls) <= 2:
            raise PermissionError(13, "The process cannot access the file")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(paths.os, "replace", busy_twice)
    monkeypatch.setattr(sys, "platform", "win32")
    paths.replace_file(source, target, pause=0.001)
    assert target.read_bytes() == b"data" and len(calls) == 3
    # Elsewhere, or when the file stays locked, the error is not hidden.
    source.write_bytes(b"again")
    calls.clear()
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(PermissionError):
        paths.replace_file(source, target, pause=0.001)


def test_another_offices_backup_is_refused_unless_confirmed_and_the_restore_is_logged(demo: Store, tmp_path: Path) -> None:
    from core import org
    from core.enums import OrgType

    other_path = tmp_path / "另一单位.db"
    other = open_store(other_path)
    org.setup_organization(other, name="市第一人民医院党委", org_type=OrgType.HOSPITAL, supervision_phone="010-87654321")
    other.close()
    before = members(demo)
    with pytest.raises(DomainError, match="市第一人民医院党委") as caught:
        backup.restore_backup(demo, other_path)
    assert caught.value.field == "other_office" and members(demo) == before
    outcome = backup.restore_backup(demo, other_path, other_office_ok=True)
    assert demo.organization()["name"] == "市第一人民医院党委" and members(demo) == 0
    last = demo.rows("SELECT action, after FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert last["action"] == "restore_backup" and "另一单位.db" in last["after"]
    assert outcome.safety_copy is not None and outcome.safety_copy.exists()
    from core.check import check_database

    assert check_database(demo).ok  # the restored log's chain continues with the restore entry


def test_a_backup_of_an_office_of_the_same_name_is_this_office(demo: Store, tmp_path: Path) -> None:
    """A clerk on a new PC filled in the first-run form (a new identity) before restoring the old
    PC's backup: the same name is the same office, not “another office's backup”."""
    from core import org
    from core.enums import OrgType

    here = demo.organization()["name"]
    again = open_store(tmp_path / "新电脑.db")
    org.setup_organization(again, name=f" {here[:2]}\u3000{here[2:]} ", org_type=OrgType.STREET)
    report = backup.verify_backup(demo.path)  # type: ignore[arg-type]
    assert report.ok and backup.other_office(again, report) is None
    outcome = backup.restore_backup(again, demo.path)  # type: ignore[arg-type]
    assert members(again) == members(demo) and outcome.restored_from == demo.path
    again.close()
    elsewhere = open_store(tmp_path / "别处.db")
    org.setup_organization(elsewhere, name="另一个街道党工委", org_type=OrgType.STREET)
    assert backup.other_office(elsewhere, report) == here
    elsewhere.close()


def test_restoring_onto_a_new_pc_keeps_no_copy_of_the_empty_database(demo: Store, tmp_path: Path) -> None:
    """The first start on a new PC restores into a database with no organization yet: there is nothing
    to keep, so no “恢复前” copy clutters the new backup folder; the restore is in the log."""
    source = backup.make_backup(demo).path
    (tmp_path / "新电脑").mkdir()
    fresh = open_store(tmp_path / "新电脑" / "示范岗.db")
    try:
        outcome = backup.restore_backup(fresh, source)
        assert outcome.safety_copy is None and "恢复前的数据" not in outcome.message
        assert not (tmp_path / "新电脑" / "备份").exists()
        assert members(fresh) == members(demo) and fresh.organization()["uid"] == demo.organization()["uid"]
        last = fresh.rows("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")[0]
        assert last["action"] == "restore_backup" and check_database(fresh).ok
    finally:
        fresh.close()
