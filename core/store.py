"""The one gateway to the SQLite file: opening, migrating, transactions and the audit chain."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from core.actions import ACTIONS, AuditAction
from core.enums import OrgType, Terms
from core.errors import DatabaseTooNewError, DomainError, NotFoundError
from core.files import database_closed, database_opened, write_atomically
from core.schema import KNOWN_MIGRATIONS, MIGRATION_SET, migrations
from core.settings import Settings

Row = dict[str, Any]

ENTITY_LABELS = {
    "organization": "组织",
    "units": "组织单元",
    "members": "党员",
    "campaign_years": "创建年度",
    "batches": "批次",
    "posts": "示范岗",
    "post_members": "上岗党员",
    "deliberations": "酝酿讨论记录",
    "pre_evaluations": "岗前测评",
    "pre_evaluation_results": "岗前测评结果",
    "publicity_periods": "公示",
    "objections": "公示异议",
    "confirmations": "确定岗位记录",
    "monthly_assessments": "月度考核",
    "rectifications": "整改",
    "surveys": "满意度测评",
    "five_reviews": "五评",
    "adjustments": "调整",
    "revocations": "撤销称号",
    "placard_reclaims": "收牌登记",
    "highlights": "宣传典型",
}


def new_uid() -> str:
    return str(uuid.uuid4())


def now_text() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def local_time_text(value: object) -> str:
    """A stored time (``now_text``'s ISO text with its offset) on this computer's clock, e.g.
    2026-11-21 16:20; "" when empty, the text itself when it is not a time."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
        if moment.tzinfo is not None:
            moment = moment.astimezone()
    except (ValueError, OSError, OverflowError):
        return str(value)
    return f"{moment:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class Changes:
    """What an action changed: the GUI refreshes the affected views from this."""

    action: str
    entity: str
    ids: tuple[int, ...]
    message: str
    tables: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> int:
        return self.ids[0]


def _canonical(data: Mapping[str, Any] | None) -> str | None:
    if data is None:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def audit_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    payload = _canonical(
        {k: entry[k] for k in ("uid", "at", "actor", "action", "entity", "entity_id", "before", "after")}
    )
    return hashlib.sha256((prev_hash + (payload or "")).encode("utf-8")).hexdigest()


class Store:
    """An open database plus who is working and what day it is (injectable for tests)."""

    def __init__(
        self,
        db: Database,
        *,
        path: Path | None = None,
        actor: str = "",
        clock: Callable[[], date] = date.today,
    ) -> None:
        self.db = db
        self.path = path
        self.actor = actor
        self._clock = clock
        self._open = True
        if path is not None:
            database_opened(path)

    def today(self) -> date:
        return self._clock()

    def use_clock(self, clock: Callable[[], date]) -> Callable[[], date]:
        """Replace the clock (the demo builder moves time forward); returns the previous one."""
        previous, self._clock = self._clock, clock
        return previous

    def close(self) -> None:
        self.db.close()
        if self._open and self.path is not None:
            database_closed(self.path)
        self._open = False

    # -- transactions and audit ------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One atomic write: everything inside commits together or not at all."""
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.OperationalError as error:
            raise _storage_error(error) from error

    def audit(
        self,
        action: AuditAction,
        entity: str,
        entity_id: int | None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        """Append a hash-chained audit entry; call inside ``transaction()``.

        ``action`` and ``entity`` must be a pair ``core.actions.ACTIONS`` lists (a programming error
        otherwise), so the audit viewer can put every entry into words."""
        if not self.db.conn.in_transaction:
            raise RuntimeError("audit() must run inside a transaction")
        if entity not in ACTIONS[action].entities:
            raise ValueError(f"core.actions.ACTIONS does not list {entity!r} for {action!r}")
        head = self.db.execute("SELECT count, head_hash FROM audit_head WHERE id = 1").fetchone()
        count, prev_hash = head
        entry: Row = {
            "uid": new_uid(),
            "at": now_text(),
            "actor": self.actor or self.operator_name(),
            "action": str(action),
            "entity": entity,
            "entity_id": entity_id,
            "before": _canonical(_strip_blobs(before)),
            "after": _canonical(_strip_blobs(after)),
        }
        entry["prev_hash"] = prev_hash
        entry["hash"] = audit_hash(prev_hash, entry)
        self.insert("audit_log", entry)
        self.db.execute(
            "UPDATE audit_head SET count = ?, head_hash = ? WHERE id = 1", [count + 1, entry["hash"]]
        )

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert one row (inside ``transaction()``) and return its integer key."""
        key = self.db.table(table).insert(dict(row)).last_pk
        assert key is not None
        return int(key)

    def update(self, table: str, row_id: int, changes: Mapping[str, Any]) -> None:
        self.db.table(table).update(row_id, dict(changes))

    # -- reading helpers -------------------------------------------------------------------
    def get(self, table: str, row_id: int) -> Row:
        row = self.db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]).fetchone()
        if row is None:
            label = ENTITY_LABELS.get(table, table)
            raise NotFoundError(f"找不到编号为{row_id}的{label}记录，可能已被删除或尚未保存。")
        cursor = self.db.execute(f"SELECT * FROM [{table}] LIMIT 0")
        return dict(zip([c[0] for c in cursor.description], row, strict=True))

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[Row]:
        cursor = self.db.execute(sql, list(params))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    def scalar(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
        row = self.db.execute(sql, list(params)).fetchone()
        return None if row is None else row[0]

    def organization(self) -> Row:
        row = self.db.execute("SELECT * FROM organization WHERE id = 1").fetchone()
        if row is None:
            raise DomainError("数据库尚未初始化组织信息，请先填写组织名称和类型。")
        return self.get("organization", 1)

    def has_organization(self) -> bool:
        return bool(self.scalar("SELECT count(*) FROM organization"))

    def settings(self) -> Settings:
        text = self.scalar("SELECT settings FROM organization WHERE id = 1")
        return Settings.from_json(text)

    def terms(self) -> Terms:
        org_type = self.scalar("SELECT org_type FROM organization WHERE id = 1")
        return Terms(OrgType(org_type or OrgType.STREET.value))

    def operator_name(self) -> str:
        name = self.scalar("SELECT operator FROM organization WHERE id = 1")
        return str(name or "操作员")

    def preference(self, key: str, default: Any = None) -> Any:
        text = self.scalar("SELECT value FROM preferences WHERE key = ?", [key])
        return default if text is None else json.loads(text)

    def set_preference(self, key: str, value: Any) -> None:
        """Remember a window or template preference (not audited: it is not a record)."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO preferences (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value, ensure_ascii=False)],
            )


def _strip_blobs(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {
        k: (f"<{len(v)} bytes>" if isinstance(v, (bytes, bytearray, memoryview)) else v)
        for k, v in data.items()
    }


def _storage_error(error: sqlite3.OperationalError) -> DomainError:
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return DomainError("数据库文件是只读的，无法保存。请检查文件位置的权限，已保存的数据不受影响。")
    if ("disk" in text and "full" in text) or "database or disk is full" in text:
        return DomainError("磁盘空间已满，本次操作未保存。请清理磁盘后重试，已保存的数据不受影响。")
    if "locked" in text or "busy" in text:
        return DomainError("数据库正被其他程序占用，请稍后重试。")
    return DomainError("数据库写入失败，本次操作未保存。请重试；如果反复出现，请用“检查数据库”检查数据文件。")


def _configure(db: Database) -> None:
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA foreign_keys = ON")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()
    if mode and mode[0] != "wal" and mode[0] != "memory":
        raise DomainError("无法以WAL模式打开数据库，请确认文件位于本机磁盘上。")
    db.execute("PRAGMA synchronous = FULL")


def check_ours(db: Database) -> None:
    """Refuse a SQLite file that belongs to another program (never add our tables to it)."""
    tables = set(db.table_names())
    if not tables:
        return
    if tables == {"_sqlite_migrations"} and not db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]:
        return  # killed between creating the bookkeeping table and the first migration
    sets: set[str] = set()
    if "_sqlite_migrations" in tables:
        sets = {row[0] for row in db.execute("SELECT DISTINCT migration_set FROM _sqlite_migrations")}
    if MIGRATION_SET not in sets:
        raise DomainError("这个文件不是党员示范岗管理系统的数据库，为避免破坏其中的数据，程序没有打开它。")


def check_not_newer(db: Database) -> None:
    applied = {m.name for m in migrations.applied(db)}
    unknown = applied - KNOWN_MIGRATIONS
    if unknown:
        raise DatabaseTooNewError(
            "这个数据库由更新版本的党员示范岗管理系统写入，当前版本无法安全打开。"
            "请升级程序后再打开，数据库未做任何改动。"
        )


def backup_file(source: Database, target: Path) -> Path:
    """Copy a live database consistently with SQLite's backup API (never half a copy under ``target``)."""

    def copy(temp: Path) -> None:
        dest = sqlite3.connect(str(temp))
        try:
            source.conn.backup(dest)
        finally:
            dest.close()

    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, copy)
    return target


def open_store(
    path: str | Path,
    *,
    actor: str = "",
    clock: Callable[[], date] = date.today,
) -> Store:
    """Open (creating if needed) and migrate the database at ``path``.

    A database from a newer program version is refused untouched; before migrating an
    existing database a copy is written beside it.
    """
    file_path = Path(path)
    existed = file_path.exists() and file_path.stat().st_size > 0
    db = None
    try:
        db = Database(file_path, execute_plugins=False)  # no sqlite-utils plugins: skips an entry-point scan
        _configure(db)
    except sqlite3.DatabaseError as error:
        if db is not None:
            db.close()  # on Windows an open handle would keep the file from being moved or deleted
        raise DomainError(f"无法打开数据库文件“{file_path}”：文件可能已损坏或不是本程序的数据库。") from error
    try:
        check_ours(db)
        check_not_newer(db)
        pending = migrations.pending(db)
        if pending and existed:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup_file(db, file_path.with_name(f"{file_path.stem}.迁移前备份-{stamp}{file_path.suffix}"))
        if pending:
            migrations.apply(db)
    except sqlite3.OperationalError as error:
        db.close()
        raise _storage_error(error) from error
    except BaseException:
        db.close()
        raise
    return Store(db, path=file_path, actor=actor, clock=clock)


@contextmanager
def reading_store(path: str | Path, *, holder: str, clock: Callable[[], date] = date.today) -> Iterator[Store]:
    """An existing database for a command that only reads it (check, print, export, backup,
    package-export), closed when the command is done.

    When no window holds the database the command holds its lock for its run (a window opened
    meanwhile is told to wait) and opens it as usual. When a window holds it, the command opens it
    read-only: SQLite's last connection to close checkpoints the WAL and deletes it, and if the
    window's own locks were ever lost (on Linux any descriptor of the file closed in the window's
    process releases them) a read-write command would delete the WAL the window still writes into;
    a read-only connection never does.
    """
    from core.lock import DatabaseLock

    file_path = Path(path)
    if not file_path.is_file() or file_path.stat().st_size == 0:
        raise DomainError(f"找不到数据库文件 {file_path}。")
    lock = DatabaseLock(file_path, holder=holder)
    try:
        lock.acquire()
    except DomainError:  # a window or a writing command has it (or its folder is read-only)
        store = open_read_only_store(file_path, clock=clock)
    else:
        try:
            store = open_store(file_path, clock=clock)
        except BaseException:
            lock.release()
            raise
    try:
        yield store
    finally:
        store.close()
        lock.release()


def open_read_only_store(path: Path, *, clock: Callable[[], date] = date.today) -> Store:
    """``path`` opened read-only: no migration, no checkpoint, never a deleted WAL."""
    from core.paths import read_only_uri

    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        raise DomainError(f"无法打开数据库文件“{path}”：{error}") from error
    db = Database(connection, execute_plugins=False)
    try:
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA foreign_keys = ON")
        check_ours(db)
        check_not_newer(db)
        if migrations.pending(db):
            raise DomainError("这个数据库需要升级到本版本的结构，但它正被程序窗口使用（或位于只读位置），"
                              "命令只能读取它。请关闭程序窗口后再运行此命令。")
    except sqlite3.DatabaseError as error:
        db.close()
        raise DomainError(f"无法打开数据库文件“{path}”：文件可能已损坏或不是本程序的数据库。") from error
    except BaseException:
        db.close()
        raise
    return Store(db, path=path, clock=clock)


def open_memory_store(*, clock: Callable[[], date] = date.today) -> Store:
    db = Database(memory=True, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db)
    return Store(db, clock=clock)


__all__ = [
    "MIGRATION_SET",
    "Changes",
    "Row",
    "Store",
    "audit_hash",
    "backup_file",
    "new_uid",
    "now_text",
    "open_memory_store",
    "open_read_only_store",
    "open_store",
    "reading_store",
]
