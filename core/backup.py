"""Backups and restore: consistent copies through SQLite's backup API, a daily ring, verified restore.

A backup is written to a temporary name, checked and then renamed, so a full disk or a kill
never leaves a half-written file that looks like a backup. Restore verifies the backup
(integrity, our schema, ``check_database``) on a scratch copy first, keeps a copy of the
database it replaces, writes the restore's own audit entry into the scratch copy, and only then
copies that copy into the open database with the backup API (one transaction on the destination).
A crash at any point leaves either the old data, or the restored data together with the record
of the restore: never one without the other.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from core.actions import AuditAction
from core.errors import DomainError
from core.files import storage_message, write_atomically
from core.paths import read_only_uri, user_data_dir
from core.store import ENTITY_LABELS, Changes, Store, local_time_text, open_store

BACKUP_DIR_NAME = "备份"
KEEP_PREFERENCE = "backup.keep"
DEFAULT_KEEP = 10
SUFFIX = ".db"

KIND_AUTO = "自动"
KIND_MANUAL = "手动"
KIND_BEFORE_RESTORE = "恢复前"
KIND_MIGRATION = "迁移前"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<kind>自动|手动|恢复前)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.db$")
_MIGRATION_NAME = re.compile(r"^(?P<stem>.+)\.迁移前备份-(?P<stamp>\d{8}-\d{6})\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    created: datetime
    size: int

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        return f"{max(1, self.size // 1024)} KB"


# -- where backups live ----------------------------------------------------------------------
def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".probe-", delete=True):
            pass
        return True
    except OSError:
        return False


def user_backup_dir(db_path: Path) -> Path:
    """The fallback folder in the user data dir (core.paths)."""
    base = user_data_dir()
    tag = hashlib.sha256(str(db_path.resolve()).encode("utf-8")).hexdigest()[:8]
    return base / BACKUP_DIR_NAME / f"{db_path.resolve().stem}-{tag}"


def backup_dir(store: Store) -> Path:
    """The 备份 folder beside the database, or one in the user data folder if that is read-only."""
    if store.path is None:
        raise DomainError("内存中的数据库没有备份位置。")
    beside = store.path.resolve().parent / BACKUP_DIR_NAME
    if _writable(beside):
        return beside
    fallback = user_backup_dir(store.path)
    if _writable(fallback):
        return fallback
    raise DomainError("数据库所在位置和用户数据文件夹都无法写入，无法自动备份。请检查磁盘空间和文件夹权限。")


def _candidate_dirs(store: Store) -> list[Path]:
    assert store.path is not None
    return [store.path.resolve().parent / BACKUP_DIR_NAME, user_backup_dir(store.path)]


# -- writing a backup ------------------------------------------------------------------------
def write_backup(store: Store, target: str | Path) -> Path:
    """Copy the open database to ``target`` consistently; nothing is left behind on failure."""
    path = Path(target)
    if path.exists() and store.path is not None and path.resolve() == store.path.resolve():
        raise DomainError("备份文件不能是正在使用的数据库本身，请换一个文件名。")

    def copy(temp: Path) -> None:
        dest = sqlite3.connect(str(temp))
        try:
            store.db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            if dest.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise DomainError("备份文件写入后校验未通过，可能是磁盘有问题。请换一个位置重试。")
        finally:
            dest.close()

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, copy)
    except (OSError, sqlite3.Error) as error:
        raise DomainError(storage_message(error, "备份")) from None
    return path


def _unique(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def make_backup(store: Store, *, kind: str = KIND_MANUAL, directory: Path | None = None) -> BackupInfo:
    """A named backup in the backup folder (手动 / 自动 / 恢复前)."""
    if store.path is None:
        raise DomainError("内存中的数据库无法备份。")
    folder = directory or backup_dir(store)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = write_backup(store, _unique(folder / f"{store.path.resolve().stem}-{kind}-{stamp}{SUFFIX}"))
    return _info(path) or BackupInfo(path, kind, datetime.now(), path.stat().st_size)


def _info(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    kind = match["kind"] if match else None
    stamp = match["stamp"] if match else None
    if match is None:
        migration = _MIGRATION_NAME.match(path.name)
        if migration is None:
            return None
        kind, stamp = KIND_MIGRATION, migration["stamp"]
    try:
        created = datetime.strptime(str(stamp), "%Y%m%d-%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, str(kind), created, size)


def _stem_of(name: str) -> str | None:
    """Which database a backup file belongs to (the name before -自动-/-手动-/.迁移前备份-)."""
    match = _NAME.match(name) or _MIGRATION_NAME.match(name)
    return match["stem"] if match else None


def list_backups(store: Store) -> list[BackupInfo]:
    """Every backup of this database (both folders, plus the copies made before migrations), newest first."""
    if store.path is None:
        return []
    found: dict[Path, BackupInfo] = {}
    stem = store.path.resolve().stem  # the name as it is on disk (Windows names ignore case)
    folders = [*_candidate_dirs(store), store.path.resolve().parent]
    for folder in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            info = _info(entry)
            # exactly this database's name: 党建.db must not claim 党建-测试.db's backups
            if info is not None and _stem_of(entry.name) == stem and entry.resolve() != store.path.resolve():
                found[entry.resolve()] = info
    return sorted(found.values(), key=lambda b: (b.created, b.path.name), reverse=True)


def keep_count(store: Store) -> int:
    value = store.preference(KEEP_PREFERENCE, DEFAULT_KEEP)
    return value if isinstance(value, int) and 1 <= value <= 365 else DEFAULT_KEEP


@dataclass(frozen=True)
class DailyOutcome:
    made: BackupInfo | None
    removed: tuple[Path, ...] = ()
    message: str = ""
    failed: bool = False


def daily_backup(store: Store, *, today: date | None = None, keep: int | None = None) -> DailyOutcome:
    """Once a day at start: back up unless today's automatic backup exists; keep the last N.

    Never raises for storage problems: the window shows ``message`` and carries on.
    """
    if store.path is None:
        return DailyOutcome(None)
    day = today or date.today()
    ring = keep or keep_count(store)
    autos = [b for b in list_backups(store) if b.kind == KIND_AUTO]
    if any(b.created.date() == day for b in autos):
        return DailyOutcome(None)
    try:
        made = make_backup(store, kind=KIND_AUTO)
    except DomainError as error:
        return DailyOutcome(None, (), f"今天的自动备份没有完成：{error.message}", failed=True)
    autos = sorted([*autos, made], key=lambda b: (b.created, b.path.name), reverse=True)
    removed: list[Path] = []
    for old in autos[ring:]:
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError:
            continue
    return DailyOutcome(made, tuple(removed), f"已自动备份到“{made.path}”。")


# -- verifying and restoring -----------------------------------------------------------------
@dataclass
class Verification:
    path: Path
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    organization_uid: str = ""
    organization_name: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


@contextmanager
def _scratch_copy(source: Path) -> Iterator[Path]:
    """A private copy to open (opening may migrate it; the backup itself is never touched)."""
    folder = Path(tempfile.mkdtemp(prefix="sfg-verify-"))
    try:
        copy = folder / "backup.db"
        shutil.copyfile(source, copy)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _verify_copy(source: Path, copy: Path) -> Verification:
    from core.check import assessments_outside_service, check_database

    report = Verification(source)
    try:
        raw = sqlite3.connect(read_only_uri(copy), uri=True)
        try:
            result = [r[0] for r in raw.execute("PRAGMA integrity_check").fetchall()]
        finally:
            raw.close()
    except sqlite3.DatabaseError:
        report.problems.append("这个文件不是有效的数据库（可能已损坏，或不是本程序的备份）。")
        return report
    if result != ["ok"]:
        report.problems.append("备份文件已损坏：" + "；".join(result[:3]))
        return report
    try:
        store = open_store(copy)
    except DomainError as error:
        report.problems.append(error.message)
        return report
    try:
        check = check_database(store)
        # Records an earlier version let through (a month assessed after the member left, entered
        # before the rule existed) are history, not damage: the backup restores, and says so.
        recorded = set(assessments_outside_service(store))
        report.problems.extend(problem for problem in check.problems if problem not in recorded)
        report.facts.extend(check.facts)
        report.facts.extend(f"提示：{problem}（恢复后“检查数据库”仍会列出，请核对后更正）"
                            for problem in check.problems if problem in recorded)
        if not store.has_organization():
            report.problems.append("备份中没有组织信息，看起来是一个空数据库。")
        else:
            members = store.scalar("SELECT count(*) FROM members")
            posts = store.scalar("SELECT count(*) FROM posts")
            last = local_time_text(store.scalar("SELECT max(at) FROM audit_log")) or "无"
            organization = store.organization()
            report.organization_uid, report.organization_name = str(organization["uid"]), str(organization["name"])
            report.facts.append(f"{organization['name']}：党员{members}人，示范岗{posts}个，最后一次操作：{last}")
    finally:
        store.close()
    return report


def verify_backup(path: str | Path) -> Verification:
    """Integrity, our schema (not newer than this program) and ``check_database`` on a scratch copy."""
    source = Path(path)
    if not source.is_file():
        return Verification(source, [f"找不到备份文件“{source}”。"])
    try:
        with _scratch_copy(source) as copy:
            return _verify_copy(source, copy)
    except OSError as error:
        return Verification(source, [storage_message(error, "读取备份")])


@dataclass(frozen=True)
class RestoreOutcome:
    restored_from: Path
    safety_copy: Path | None
    verification: Verification

    @property
    def message(self) -> str:
        text = f"已从“{self.restored_from.name}”恢复数据。"
        if self.safety_copy is not None:
            text += f"恢复前的数据已另存为“{self.safety_copy}”，如有需要可以再恢复回去。"
        return text

    @property
    def changes(self) -> Changes:
        """A restore replaces every record: every view refreshes."""
        return Changes(AuditAction.RESTORE_BACKUP, "organization", (), self.message, frozenset(ENTITY_LABELS))


def other_office(store: Store, report: Verification) -> str | None:
    """The other office's name when the backup belongs to a different organization than ``store``.

    An office of the same name is taken as this one: a clerk on a new PC who filled in the first-run
    form before restoring the old PC's backup has the same office under a new identity."""
    if not store.has_organization() or not report.organization_uid:
        return None
    here = store.organization()
    if report.organization_uid == str(here["uid"]) or _same_name(report.organization_name, str(here["name"])):
        return None
    return report.organization_name


def _same_name(a: str, b: str) -> bool:
    """Names compared as a clerk reads them: spaces (half or full width) do not count."""
    return "".join(a.split()) == "".join(b.split())


def restore_backup(store: Store, backup: str | Path, *, other_office_ok: bool = False) -> RestoreOutcome:
    """Replace the open database's content with a verified backup, keeping a copy of the old one.

    A backup of another organization (a different office's database) is refused unless the clerk
    confirmed it (``other_office_ok``). The restored database's log records the restore."""
    source = Path(backup)
    if store.path is not None and source.resolve() == store.path.resolve():
        raise DomainError("不能用正在使用的数据库恢复它自己，请选择一个备份文件。")
    if store.db.conn.in_transaction:
        raise DomainError("有操作正在进行，请稍后再恢复。")
    try:
        with _scratch_copy(source) as copy:
            report = _verify_copy(source, copy)
            if not report.ok:
                raise DomainError("备份文件未通过检查，没有恢复：" + "；".join(report.problems[:3]))
            foreign = other_office(store, report)
            if foreign and not other_office_ok:
                here = store.organization()["name"]
                raise DomainError(f"这个备份是“{foreign}”的数据库，不是本单位“{here}”的，没有恢复。"
                                  "如确实要用它替换本单位的全部数据，请在确认时选择“仍要恢复”。", field="other_office")
            # A database with no organization yet (the first start on a new PC) holds nothing to keep.
            keep = store.path is not None and store.has_organization()
            safety = make_backup(store, kind=KIND_BEFORE_RESTORE) if keep else None
            safety_path = safety.path if safety else None
            # The restored log continues its own chain with the restore itself. The entry goes into
            # the scratch copy first, so the one copy below brings data and record in together.
            _record_restore(copy, store, {
                "file": str(source), "safety_copy": str(safety_path or ""), "other_office": foreign or ""})
            _copy_into(copy, store)
    except OSError as error:
        raise DomainError(storage_message(error, "恢复")) from None
    return RestoreOutcome(source, safety_path, report)


def _record_restore(copy: Path, store: Store, details: dict[str, str]) -> None:
    """Append the restore's audit entry to the verified scratch copy, in one transaction there
    (actor and clock as the open database's, as if written after the restore)."""
    restored = open_store(copy, actor=store.actor, clock=store.today)
    try:
        with restored.transaction():
            restored.audit(AuditAction.RESTORE_BACKUP, "organization", None, None, details)
    finally:
        restored.close()  # checkpoints the copy's WAL: the file holds the entry


def _copy_into(copy: Path, store: Store) -> None:
    """Replace the open database's content with ``copy`` in one step of the backup API: a single
    write transaction on the destination, rolled back by SQLite if the process dies during it."""
    src = sqlite3.connect(str(copy))
    try:
        src.backup(store.db.conn)
    except sqlite3.Error as error:
        raise DomainError(storage_message(error, "恢复")) from None
    finally:
        src.close()


def restore_to_path(backup: str | Path, db_path: str | Path, *, other_office_ok: bool = False) -> RestoreOutcome:
    """Command-line restore: into an existing database (keeping a copy) or a new file."""
    target = Path(db_path)
    if target.exists() and target.stat().st_size > 0:
        store = open_store(target)
        try:
            return restore_backup(store, backup, other_office_ok=other_office_ok)
        finally:
            store.close()
    report = verify_backup(backup)
    if not report.ok:
        raise DomainError("备份文件未通过检查，没有恢复：" + "；".join(report.problems[:3]))
    try:
        with _scratch_copy(Path(backup)) as copy:
            store = open_store(copy)
            try:
                write_backup(store, target)
            finally:
                store.close()
    except OSError as error:
        raise DomainError(storage_message(error, "恢复")) from None
    return RestoreOutcome(Path(backup), None, report)


__all__ = [
    "BackupInfo",
    "DailyOutcome",
    "RestoreOutcome",
    "Verification",
    "backup_dir",
    "daily_backup",
    "list_backups",
    "make_backup",
    "other_office",
    "restore_backup",
    "restore_to_path",
    "verify_backup",
    "write_backup",
]
