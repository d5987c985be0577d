"""Exchange packages: one office's records in one file, merged into another database by ``uid``.

A package is a zip file holding ``manifest.json`` (format, office, counts, SHA-256 of the data)
and ``data.db`` (a consistent snapshot made with the backup API). Importing checks the
checksum and the snapshot, then merges every record by its ``uid`` in one transaction:
new records are added with their references remapped, identical ones are skipped, and a
record whose content differs from the one already here is reported as a conflict and never
overwritten. Packages of several offices can be merged into one database (the 区委's), and
``office_statistics`` then counts per office.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core.actions import AuditAction
from core.backup import write_backup
from core.errors import DomainError
from core.files import storage_message, write_atomically
from core.paths import read_only_uri
from core.store import ENTITY_LABELS, Row, Store, now_text, open_store

FORMAT = "sfg-exchange-package"
FORMAT_VERSION = 1
SUFFIX = ".sfgpkg"
OFFICES_PREFERENCE = "package.offices"
MAX_MANIFEST = 1_000_000

# Parents before children, so every reference can be remapped to an id already present.
MERGE_TABLES: tuple[str, ...] = (
    "units", "members", "campaign_years", "batches", "publicity_periods", "posts", "post_members", "deliberations",
    "pre_evaluations", "pre_evaluation_results", "objections", "confirmations", "monthly_assessments",
    "assessment_corrections", "rectifications", "surveys", "five_reviews", "adjustments", "revocations",
    "placard_reclaims", "highlights",
)
_LABELS = {**ENTITY_LABELS, "assessment_corrections": "考核更正"}


# -- export ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PackageInfo:
    path: Path
    manifest: dict[str, Any]

    @property
    def office(self) -> str:
        return str(self.manifest.get("organization", {}).get("name", ""))

    @property
    def message(self) -> str:
        counts = self.manifest.get("counts", {})
        return (f"交换包已生成：“{self.path}”（{self.office}，党员{counts.get('members', 0)}人，"
                f"示范岗{counts.get('posts', 0)}个）。")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_package(store: Store, target: str | Path) -> PackageInfo:
    """Write this office's records as one exchange package file."""
    if not store.has_organization():
        raise DomainError("尚未建立组织信息，无法生成交换包。")
    path = Path(target)
    organization = store.organization()
    counts = {t: int(store.scalar(f"SELECT count(*) FROM [{t}]")) for t in MERGE_TABLES}
    work = Path(tempfile.mkdtemp(prefix="sfg-package-"))
    try:
        data = write_backup(store, work / "data.db")
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION, "created_at": now_text(),
            "organization": {"uid": organization["uid"], "name": organization["name"],
                             "org_type": organization["org_type"]},
            "counts": counts, "data_file": "data.db", "sha256": _sha256(data), "size": data.stat().st_size,
        }

        def pack(temp: Path) -> None:
            with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
                archive.write(data, "data.db")

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, pack)
    except OSError as error:
        raise DomainError(storage_message(error, "生成交换包")) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return PackageInfo(path, manifest)


# -- reading -----------------------------------------------------------------------------------
@contextmanager
def open_package(path: str | Path) -> Iterator[tuple[dict[str, Any], Store]]:
    """Check a package (manifest, checksum, snapshot) and open its data on a scratch copy."""
    source = Path(path)
    if not source.is_file():
        raise DomainError(f"找不到交换包“{source}”。")
    work = Path(tempfile.mkdtemp(prefix="sfg-package-"))
    try:
        try:
            with zipfile.ZipFile(source) as archive:
                names = set(archive.namelist())
                if "manifest.json" not in names or "data.db" not in names:
                    raise DomainError(f"“{source.name}”不是党员示范岗管理系统的交换包（缺少清单或数据）。")
                if archive.getinfo("manifest.json").file_size > MAX_MANIFEST:
                    raise DomainError(f"“{source.name}”的清单异常，不是有效的交换包。")
                manifest = json.loads(archive.read("manifest.json").decode("utf-8"))
                archive.extract("data.db", work)
        except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError, KeyError, EOFError):
            raise DomainError(f"“{source.name}”已损坏或不是交换包文件。") from None
        except OSError as error:
            raise DomainError(storage_message(error, "读取交换包")) from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise DomainError(f"“{source.name}”不是党员示范岗管理系统的交换包。")
        if not isinstance(manifest.get("version"), int) or manifest["version"] > FORMAT_VERSION:
            raise DomainError(f"“{source.name}”由更新版本的程序生成，请升级程序后再导入。")
        data = work / "data.db"
        if _sha256(data) != manifest.get("sha256"):
            raise DomainError(f"“{source.name}”的校验码不符：文件在传输中损坏或被改动过，没有导入。请对方重新生成交换包。")
        raw = sqlite3.connect(read_only_uri(data), uri=True)
        try:
            result = raw.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError:
            result = "bad"
        finally:
            raw.close()
        if result != "ok":
            raise DomainError(f"“{source.name}”中的数据已损坏，没有导入。")
        package_store = open_store(data)
        try:
            if not package_store.has_organization():
                raise DomainError(f"“{source.name}”中没有组织信息，没有导入。")
            yield manifest, package_store
        finally:
            package_store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- merging -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Conflict:
    table: str
    uid: str
    description: str

    @property
    def text(self) -> str:
        return f"{_LABELS.get(self.table, self.table)}：{self.description}"


@dataclass
class MergeOutcome:
    office: str
    office_uid: str
    same_office: bool
    added: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    organization_adopted: bool = False

    @property
    def added_total(self) -> int:
        return sum(self.added.values())

    @property
    def tables(self) -> frozenset[str]:
        """The tables the merge added records to (and the organization, when this database had none)."""
        added = {table for table, count in self.added.items() if count}
        return frozenset(added | {"organization"} if self.organization_adopted else added)

    @property
    def message(self) -> str:
        parts = "、".join(f"{_LABELS.get(t, t)}{n}条" for t, n in self.added.items() if n)
        text = f"已导入“{self.office}”的交换包：" + (f"新增{parts}" if parts else "没有新记录") + "；"
        text += f"相同记录{sum(self.unchanged.values())}条未重复导入"
        if self.conflicts:
            text += f"；{len(self.conflicts)}处冲突未覆盖本库数据，请查看冲突清单"
        return text + "。"


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info([{table}])")]


def _foreign_keys(db: sqlite3.Connection, table: str) -> dict[str, str]:
    return {r[3]: r[2] for r in db.execute(f"PRAGMA foreign_key_list([{table}])")}


def _describe(table: str, row: Row) -> str:
    for key in ("name", "title", "post_name", "placard_no", "year", "month", "held_on", "uid"):
        if row.get(key) not in (None, ""):
            return f"“{row[key]}”"
    return f"“{row['uid']}”"


def _office_tag(name: str) -> str:
    for suffix in ("党工委", "党委", "工委", "党总支", "委员会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def import_package(store: Store, path: str | Path) -> MergeOutcome:
    """Merge a package into this database by uid in one transaction; conflicts are reported, not overwritten."""
    with open_package(path) as (manifest, source):
        org = source.organization()
        fresh = not store.has_organization()
        same = fresh or store.organization()["uid"] == org["uid"]
        outcome = MergeOutcome(org["name"], org["uid"], same)
        tag = _office_tag(org["name"])
        checksum = str(manifest.get("sha256", ""))
        with store.transaction():
            if fresh:
                store.insert("organization", dict(org))
                outcome.organization_adopted = True
                outcome.notes.append(f"本库尚无组织信息，已采用交换包中的“{org['name']}”。")
            ids: dict[str, dict[int, int]] = {}
            for table in MERGE_TABLES:
                _merge_table(store, source, table, ids, outcome, tag)
            imported_units = [r[0] for r in source.db.execute("SELECT uid FROM units")]
            store.audit(AuditAction.IMPORT_PACKAGE, "organization", None, None, {
                "file": Path(path).name, "office": org["name"], "office_uid": org["uid"], "sha256": checksum,
                "added": outcome.added, "unchanged": sum(outcome.unchanged.values()),
                "conflicts": [c.text for c in outcome.conflicts[:200]],
            })
            if not same:
                offices = _offices(store)
                entry = offices.get(org["uid"], {})
                units = sorted(set(entry.get("units", [])) | set(imported_units))
                offices[org["uid"]] = {"name": org["name"], "org_type": org["org_type"], "units": units,
                                       "imported_at": now_text(), "file": Path(path).name, "sha256": checksum}
                store.set_preference(OFFICES_PREFERENCE, offices)
        return outcome


def _merge_table(store: Store, source: Store, table: str, ids: dict[str, dict[int, int]], outcome: MergeOutcome,
                 tag: str) -> None:
    target_columns = set(_columns(store.db.conn, table))
    columns = [c for c in _columns(source.db.conn, table) if c in target_columns]
    refs = _foreign_keys(store.db.conn, table)
    mapping = ids.setdefault(table, {})
    existing = {r[0]: r[1] for r in store.db.execute(f"SELECT uid, id FROM [{table}]")}
    order = "ORDER BY parent_id IS NOT NULL, id" if table == "units" else "ORDER BY id"
    cursor = source.db.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}] {order}")
    added = unchanged = 0
    pending_parents: list[tuple[int, int]] = []
    for values in cursor.fetchall():
        row = dict(zip(columns, values, strict=True))
        source_id = int(row["id"])
        missing_ref = False
        for column, parent in refs.items():
            if row.get(column) is None:
                continue
            target_id = ids.get(parent, {}).get(int(row[column]))
            if target_id is None and parent == table:
                pending_parents.append((source_id, int(row[column])))
                row[column] = None
                continue
            if target_id is None:
                missing_ref = True
                break
            row[column] = target_id
        if missing_ref:
            outcome.conflicts.append(Conflict(table, row["uid"], f"{_describe(table, row)}引用的记录没有导入（见上面的冲突），本条也未导入"))
            continue
        if row["uid"] in existing:
            target_id = existing[row["uid"]]
            mapping[source_id] = target_id
            current = store.get(table, target_id)
            differing = [c for c in columns if c != "id" and not _same(current.get(c), row.get(c))
                         and not _renamed_on_merge(table, c, current.get(c), row.get(c), tag)]
            if differing:
                outcome.conflicts.append(Conflict(table, row["uid"], f"{_describe(table, current)}在两边内容不同"
                                                  f"（{'、'.join(differing[:4])}），保留本库中的记录"))
            else:
                unchanged += 1
            continue
        natural = _natural_match(store, table, row)
        if natural is not None:
            target_id, kind = natural
            if kind == "same":
                mapping[source_id] = target_id
                unchanged += 1
                continue
            if kind == "conflict":
                mapping[source_id] = target_id
                outcome.conflicts.append(Conflict(table, row["uid"], _natural_conflict_text(store, table, row, target_id)))
                continue
        _rename_clashes(store, table, row, tag, outcome)
        del row["id"]
        try:
            with store.transaction():
                mapping[source_id] = store.insert(table, row)
            added += 1
        except DomainError as error:
            outcome.conflicts.append(Conflict(table, row["uid"], f"{_describe(table, row)}无法导入：{error.message}"))
        except sqlite3.IntegrityError:
            outcome.conflicts.append(Conflict(
                table, row["uid"], f"{_describe(table, row)}与本库已有记录冲突（编号、名称重复或关联记录缺失），未导入"))
    for child_id, parent_id in pending_parents:
        if child_id in mapping and parent_id in mapping:
            store.db.execute(f"UPDATE [{table}] SET parent_id = ? WHERE id = ?", [mapping[parent_id], mapping[child_id]])
    outcome.added[table] = added
    outcome.unchanged[table] = unchanged


def _renamed_on_merge(table: str, column: str, here: Any, incoming: Any, tag: str) -> bool:
    """Whether ``here`` is what ``_rename_clashes`` made of ``incoming`` when the same package (or a
    later one from the same office) was merged before: not a difference worth reporting."""
    if column not in {"units": ("name",), "posts": ("code", "placard_no")}.get(table, ()):
        return False
    if not isinstance(here, str) or incoming is None:
        return False
    base = f"{tag}·{incoming}" if column == "name" else f"{tag}-{incoming}"
    return here == base or (here.startswith(base) and here[len(base):].isdigit())


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, memoryview):
        a = bytes(a)
    if isinstance(b, memoryview):
        b = bytes(b)
    return bool(a == b)


def _natural_match(store: Store, table: str, row: Row) -> tuple[int, str] | None:
    """Records that are the same thing under another uid: a year, a batch number, a person."""
    if table == "campaign_years":
        found = store.scalar("SELECT id FROM campaign_years WHERE year = ?", [row["year"]])
        return (int(found), "same") if found else None
    if table == "batches":
        found = store.scalar("SELECT id FROM batches WHERE year_id = ? AND number = ?", [row["year_id"], row["number"]])
        return (int(found), "same") if found else None
    if table == "members":
        found = store.scalar("SELECT id FROM members WHERE id_number = ?", [row["id_number"]])
        return (int(found), "conflict") if found else None
    return None


def _natural_conflict_text(store: Store, table: str, row: Row, target_id: int) -> str:
    if table == "members":
        here = store.get("members", target_id)
        unit = store.scalar("SELECT name FROM units WHERE id = ?", [here["unit_id"]])
        return (f"党员“{row['name']}”（身份证号{row['id_number']}）在本库中已登记在“{unit}”，"
                "保留本库中的记录，交换包中与其有关的记录都关联到本库的这名党员")
    return f"{_describe(table, row)}与本库已有记录重复，保留本库中的记录"


def _rename_clashes(store: Store, table: str, row: Row, tag: str, outcome: MergeOutcome) -> None:
    """Names and numbers that are unique here but were chosen independently by each office."""
    unique = {"units": ("name",), "posts": ("code", "placard_no")}.get(table, ())
    for column in unique:
        value = row.get(column)
        if value is None or not store.scalar(f"SELECT 1 FROM [{table}] WHERE [{column}] = ?", [value]):
            continue
        base = f"{tag}·{value}" if column == "name" else f"{tag}-{value}"
        candidate, n = base, 2
        while store.scalar(f"SELECT 1 FROM [{table}] WHERE [{column}] = ?", [candidate]):
            candidate, n = f"{base}{n}", n + 1
        row[column] = candidate
        label = {"name": "名称", "code": "岗位编号", "placard_no": "岗牌编号"}[column]
        outcome.notes.append(f"{_LABELS.get(table, table)}{label}“{value}”与本库重复，已改为“{candidate}”。")


# -- statistics across offices -----------------------------------------------------------------
def _offices(store: Store) -> dict[str, dict[str, Any]]:
    value = store.preference(OFFICES_PREFERENCE, {})
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class OfficeStats:
    office: str
    imported_at: str
    units: int
    members: int
    posts: int
    on_duty: int
    serving_members: int
    revoked: int
    assessments: int
    average_score: float | None
    surveys: int
    average_satisfaction: float | None


def office_statistics(store: Store) -> list[OfficeStats]:
    """Figures per office: this database's own office first, then every merged package's."""
    offices = _offices(store)
    all_units = {r[0]: r[1] for r in store.db.execute("SELECT uid, id FROM units")}
    claimed: set[int] = set()
    groups: list[tuple[str, str, list[int]]] = []
    for entry in offices.values():
        unit_ids = [all_units[u] for u in entry.get("units", []) if u in all_units]
        claimed.update(unit_ids)
        groups.append((str(entry.get("name", "")), str(entry.get("imported_at", ""))[:10], unit_ids))
    own = [i for i in all_units.values() if i not in claimed]
    name = store.organization()["name"] if store.has_organization() else "本单位"
    if own or not groups:
        groups.insert(0, (f"{name}（本库）", "", own))
    return [_stats_for(store, office, imported, unit_ids) for office, imported, unit_ids in groups]


def _stats_for(store: Store, office: str, imported: str, unit_ids: list[int]) -> OfficeStats:
    marks = ", ".join("?" * len(unit_ids)) or "NULL"

    def one(sql: str) -> Any:
        return store.scalar(sql.replace("{units}", marks), unit_ids)

    return OfficeStats(
        office=office, imported_at=imported, units=len(unit_ids),
        members=int(one("SELECT count(*) FROM members WHERE unit_id IN ({units}) AND standing = 'normal'")),
        posts=int(one("SELECT count(*) FROM posts WHERE unit_id IN ({units})")),
        on_duty=int(one("SELECT count(*) FROM posts WHERE unit_id IN ({units}) AND stage = 'on_duty'")),
        serving_members=int(one("SELECT count(*) FROM post_members pm JOIN posts p ON p.id = pm.post_id "
                                "WHERE p.unit_id IN ({units}) AND p.stage = 'on_duty' AND pm.left_on IS NULL")),
        revoked=int(one("SELECT count(*) FROM posts WHERE unit_id IN ({units}) AND stage = 'revoked'")),
        assessments=int(one("SELECT count(*) FROM monthly_assessments a JOIN posts p ON p.id = a.post_id "
                            "WHERE p.unit_id IN ({units})")),
        average_score=_round(one("SELECT avg(a.score) FROM monthly_assessments a JOIN posts p ON p.id = a.post_id "
                                 "WHERE p.unit_id IN ({units})")),
        surveys=int(one("SELECT count(*) FROM surveys s JOIN posts p ON p.id = s.post_id WHERE p.unit_id IN ({units})")),
        average_satisfaction=_round(one("SELECT avg(s.rate) FROM surveys s JOIN posts p ON p.id = s.post_id "
                                        "WHERE p.unit_id IN ({units})"), 4),
    )


def _round(value: Any, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def statistics_rows(store: Store) -> list[Row]:
    """The cross-office table as rows with Chinese headers (for the command line and Excel)."""
    rows = []
    for s in office_statistics(store):
        rows.append({
            "单位": s.office, "导入日期": s.imported_at, "组织单元": s.units, "党员": s.members, "示范岗": s.posts,
            "在岗示范岗": s.on_duty, "在岗党员": s.serving_members, "撤销称号": s.revoked, "月度考核次数": s.assessments,
            "考核平均分": s.average_score, "满意度测评次数": s.surveys,
            "平均满意率": None if s.average_satisfaction is None else f"{s.average_satisfaction * 100:.1f}%",
        })
    return rows


_FORBIDDEN_IN_FILE_NAMES = '\\/:*?"<>|'


def safe_file_name_part(text: str, fallback: str = "党员示范岗") -> str:
    """``text`` made usable in a Windows file name: the characters Windows refuses
    (\\ / : * ? " < > | and control characters) are left out, so are trailing dots and spaces."""
    cleaned = "".join(ch for ch in text if ch not in _FORBIDDEN_IN_FILE_NAMES and ord(ch) >= 32)
    cleaned = cleaned.strip().rstrip(". ")
    return cleaned or fallback


def default_package_name(store: Store) -> str:
    """The suggested file name of this office's package, e.g. ``长安街道党工委-交换包-20261105.sfgpkg``."""
    name = store.organization()["name"] if store.has_organization() else "党员示范岗"
    return f"{safe_file_name_part(str(name))}-交换包-{datetime.now():%Y%m%d}{SUFFIX}"


__all__ = ["MERGE_TABLES", "Conflict", "MergeOutcome", "OfficeStats", "PackageInfo", "default_package_name",
           "export_package", "import_package", "office_statistics", "open_package", "safe_file_name_part",
           "statistics_rows"]
