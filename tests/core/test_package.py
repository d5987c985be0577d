"""Exchange packages: one file with manifest and checksum, merged by uid, conflicts reported."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from core import org, package
from core.check import check_database
from core.demo import build_demo
from core.enums import OrgType
from core.errors import DomainError
from core.store import Store, open_store
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Packages of two offices: a street and a hospital."""
    folder = tmp_path_factory.mktemp("offices")
    paths = []
    for name, seed, org_type in (("street", 3, OrgType.STREET), ("hospital", 5, OrgType.HOSPITAL)):
        store = open_store(folder / f"{name}.db")
        build_demo(store, members=60, seed=seed, org_type=org_type, today=TODAY)
        paths.append(package.export_package(store, folder / f"{name}{package.SUFFIX}").path)
        store.close()
    return paths


@pytest.fixture
def district(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "区委.db")
    org.setup_organization(store, name="某区委组织部", org_type=OrgType.AGENCY, supervision_phone="010-12345678")
    yield store
    store.close()


def count(store: Store, table: str) -> int:
    return int(store.scalar(f"SELECT count(*) FROM [{table}]"))


def test_package_is_one_file_with_manifest_and_checksum(offices: list[Path]) -> None:
    with zipfile.ZipFile(offices[0]) as archive:
        assert sorted(archive.namelist()) == ["data.db", "manifest.json"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == package.FORMAT and len(manifest["sha256"]) == 64
    assert manifest["organization"]["name"] and manifest["counts"]["members"] == 60


def test_two_offices_merge_into_one_database_with_statistics(district: Store, offices: list[Path]) -> None:
    first = package.import_package(district, offices[0])
    second = package.import_package(district, offices[1])
    assert not first.conflicts and not second.conflicts
    assert count(district, "members") == 120 and first.added["posts"] + second.added["posts"] == count(district, "posts")
    assert check_database(district).ok
    stats = package.office_statistics(district)
    assert [s.office for s in stats] == [first.office, second.office]
    assert all(s.members > 0 and s.posts > 0 for s in stats)
    assert sum(s.posts for s in stats) == count(district, "posts")
    # codes chosen independently by each office are kept apart, not overwritten
    assert any("岗位编号" in n for n in second.notes)


def test_importing_the_same_package_again_changes_nothing(district: Store, offices: list[Path]) -> None:
    package.import_package(district, offices[0])
    before = {t: count(district, t) for t in package.MERGE_TABLES}
    again = package.import_package(district, offices[0])
    assert again.added_total == 0 and not again.conflicts
    assert {t: count(district, t) for t in package.MERGE_TABLES} == before


def test_importing_a_package_again_after_its_codes_were_renamed_is_quiet(district: Store, offices: list[Path]) -> None:
    """The second office's codes clash with the first's and are renamed on the first merge; merging
    that package again must not report the renamed codes as conflicts."""
    package.import_package(district, offices[0])
    first = package.import_package(district, offices[1])
    assert any("岗位编号" in n for n in first.notes)
    again = package.import_package(district, offices[1])
    assert again.added_total == 0 and not again.conflicts, [c.text for c in again.conflicts][:3]


def test_a_record_changed_here_is_a_conflict_not_overwritten(district: Store, offices: list[Path]) -> None:
    package.import_package(district, offices[0])
    member_id = int(district.scalar("SELECT min(id) FROM members"))
    with district.transaction():
        district.update("members", member_id, {"phone": "13999999999"})
    outcome = package.import_package(district, offices[0])
    assert len(outcome.conflicts) == 1 and "内容不同" in outcome.conflicts[0].text and "phone" in outcome.conflicts[0].text
    assert district.scalar("SELECT phone FROM members WHERE id = ?", [member_id]) == "13999999999"


def test_same_person_in_two_offices_is_reported(district: Store, offices: list[Path], tmp_path: Path) -> None:
    package.import_package(district, offices[0])
    source = open_store(tmp_path / "other.db")
    build_demo(source, members=60, seed=3, org_type=OrgType.TOWN, today=TODAY)  # same people, new uids
    other = package.export_package(source, tmp_path / "other.sfgpkg").path
    source.close()
    outcome = package.import_package(district, other)
    member_conflicts = [c for c in outcome.conflicts if c.table == "members"]
    assert len(member_conflicts) == 60 and "已登记在" in member_conflicts[0].text
    assert count(district, "members") == 60
    assert check_database(district).ok


def test_fresh_database_takes_the_office_from_the_package(tmp_path: Path, offices: list[Path]) -> None:
    store = open_store(tmp_path / "新电脑.db")
    try:
        outcome = package.import_package(store, offices[0])
        assert outcome.same_office and store.organization()["name"] == outcome.office
        assert count(store, "members") == 60 and check_database(store).ok
    finally:
        store.close()


def test_damaged_or_tampered_package_is_refused(district: Store, offices: list[Path], tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.sfgpkg"
    with zipfile.ZipFile(offices[0]) as src, zipfile.ZipFile(tampered, "w") as dst:
        dst.writestr("manifest.json", src.read("manifest.json"))
        data = bytearray(src.read("data.db"))
        data[-100] ^= 0xFF
        dst.writestr("data.db", bytes(data))
    with pytest.raises(DomainError, match="校验码不符"):
        package.import_package(district, tampered)
    broken = tmp_path / "broken.sfgpkg"
    broken.write_bytes(offices[0].read_bytes()[:500])
    with pytest.raises(DomainError, match="已损坏"):
        package.import_package(district, broken)
    assert count(district, "members") == 0


def test_package_from_a_newer_program_is_refused(district: Store, offices: list[Path], tmp_path: Path) -> None:
    newer = tmp_path / "newer.sfgpkg"
    with zipfile.ZipFile(offices[0]) as src, zipfile.ZipFile(newer, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        manifest["version"] = package.FORMAT_VERSION + 1
        dst.writestr("manifest.json", json.dumps(manifest))
        dst.writestr("data.db", src.read("data.db"))
    with pytest.raises(DomainError, match="更新版本"):
        package.import_package(district, newer)


def test_statistics_rows_are_labelled_in_chinese(district: Store, offices: list[Path]) -> None:
    package.import_package(district, offices[1])
    rows = package.statistics_rows(district)
    assert list(rows[0])[:3] == ["单位", "导入日期", "组织单元"] and rows[0]["导入日期"] == date.today().isoformat()


def test_a_district_database_keeps_its_own_name_and_counts_each_office(tmp_path: Path, offices: list[Path]) -> None:
    """The 区委's database (its first start offers 区委（上级党委）) merges offices' packages: it stays
    itself, and every office is counted on its own (no “本库” row: it has no units of its own)."""
    store = open_store(tmp_path / "区委汇总.db")
    try:
        org.setup_organization(store, name="长安区委组织部", org_type=OrgType.DISTRICT)
        for path in offices:
            outcome = package.import_package(store, path)
            assert not outcome.same_office and not any("本库尚无组织信息" in note for note in outcome.notes)
        assert store.organization()["name"] == "长安区委组织部" and store.terms().is_district
        offices_counted = [s.office for s in package.office_statistics(store)]
        assert len(offices_counted) == 2 and not any("本库" in name for name in offices_counted)
        assert check_database(store).ok
    finally:
        store.close()
