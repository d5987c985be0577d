"""The demo works for any seed and size: unique, valid ID numbers, and never a half-built file.

`demo --members 20000 --seed 7` (and seeds 3, 5, 42, `--members 5000 --seed 1`) used to stop on a
repeated ID number: the 顺序码 was the member's index modulo 1000, so two members born on the same
day in the same region whose indexes differed by about 1000 (or by one, after the odd/even
adjustment for sex) got the same number. Seed 64 already fails that way at 1000 members.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from core import demo
from core.check import check_database
from core.demo import build_demo, build_demo_file
from core.enums import OrgType, Sex
from core.errors import DomainError
from core.idcard import check_consistency, make_id_number, parse_id_number
from core.store import Store, open_memory_store, open_store
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]


def _assert_ids_unique_and_valid(store: Store) -> None:
    rows = store.rows("SELECT id_number, birth_date, sex FROM members")
    numbers = [r["id_number"] for r in rows]
    assert len(set(numbers)) == len(numbers)
    for row in rows:
        info = parse_id_number(row["id_number"], today=TODAY)
        check_consistency(info, date.fromisoformat(row["birth_date"]), Sex(row["sex"]))


@pytest.mark.parametrize(
    ("seed", "org_type"),
    [(1, OrgType.STREET), (3, OrgType.STREET), (5, OrgType.HOSPITAL), (7, OrgType.STREET), (42, OrgType.HOSPITAL),
     (64, OrgType.STREET), (64, OrgType.HOSPITAL)],
)
def test_demo_ids_unique_and_valid_for_many_seeds(seed: int, org_type: OrgType) -> None:
    """Seed 64 at 1000 members (either organization type) repeated an ID number before the fix."""
    store = open_memory_store(clock=lambda: TODAY)
    try:
        build_demo(store, members=1000, seed=seed, org_type=org_type, today=TODAY)
        assert store.scalar("SELECT count(*) FROM members") == 1000
        _assert_ids_unique_and_valid(store)
        report = check_database(store)
        assert report.ok, report.problems
    finally:
        store.close()


@pytest.mark.parametrize("org_type", [OrgType.STREET, OrgType.HOSPITAL])
@pytest.mark.parametrize("members", [1, 2, 5, 20, 37])
def test_demo_works_for_tiny_organizations(members: int, org_type: OrgType) -> None:
    """Fewer people, fewer posts: whatever needs more members than there are is left out, and the
    database still passes every check. (Seed 75, street, one member: that member is no longer on
    the party register, so there is nobody to nominate at all.)"""
    for seed in (1, 75):
        store = open_memory_store(clock=lambda: TODAY)
        try:
            summary = build_demo(store, members=members, seed=seed, org_type=org_type, today=TODAY)
            assert summary.members == members
            report = check_database(store)
            assert report.ok, report.problems
            if members >= 2:
                assert summary.serving_members >= 1
        finally:
            store.close()


def test_demo_refuses_nonsense_sizes_and_full_databases() -> None:
    store = open_memory_store(clock=lambda: TODAY)
    try:
        with pytest.raises(DomainError, match="至少为1人"):
            build_demo(store, members=0, seed=1, today=TODAY)
        build_demo(store, members=1, seed=1, today=TODAY)
        with pytest.raises(DomainError, match="空的数据库"):
            build_demo(store, members=1, seed=1, today=TODAY)
    finally:
        store.close()


def test_unique_id_number_survives_crowded_birthdays() -> None:
    """Many members with the same region, birth date, sex and 顺序码 (index ≡ mod 1000) still get
    distinct valid numbers that encode their own birth date and sex."""
    taken: set[str] = set()
    birth = date(1980, 2, 28)
    regions: set[str] = set()
    for i in range(700):
        sex = Sex.MALE if i < 600 else Sex.FEMALE
        number, day = demo._unique_id_number("110105", birth, (i % 4) * 1000, sex, taken)
        info = parse_id_number(number, today=TODAY)
        assert (info.birth_date, info.sex, day) == (birth, sex, birth)
        regions.add(number[:6])
    assert len(taken) == 700 and len(regions) == 2  # 600 men: 500 odd codes in 110105, then the next region
    # Without a clash the number is exactly the one the demo always made (same data for same seed).
    assert demo._unique_id_number("310104", date(1990, 1, 1), 12, Sex.FEMALE, set())[0] == make_id_number(
        "310104", date(1990, 1, 1), 12, Sex.FEMALE)


def test_unique_id_number_moves_the_day_when_a_day_is_full() -> None:
    """Past 5,000 people of one sex born on one day (10 regions × 500 codes) the birth date moves on."""
    birth = date(1980, 2, 28)
    full = {make_id_number(region, birth, 2 * k + 1, Sex.MALE)[:17] for region in demo.REGIONS for k in range(500)}
    assert len(full) == 5000
    number, day = demo._unique_id_number("110105", birth, 7, Sex.MALE, set(full))
    info = parse_id_number(number, today=TODAY)
    assert day == date(1980, 2, 29) and info.birth_date == day and info.sex is Sex.MALE
    number, day = demo._unique_id_number("110105", birth, 7, Sex.FEMALE, set(full))
    assert day == birth and parse_id_number(number, today=TODAY).sex is Sex.FEMALE


# -- never a half-built file under the target name ------------------------------------------------
def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_build_demo_file_builds_in_place_of_nothing(tmp_path: Path) -> None:
    target = tmp_path / "演示.db"
    lines: list[str] = []
    summary = build_demo_file(target, members=37, seed=3, org_type=OrgType.HOSPITAL, today=TODAY, progress=lines.append)
    assert summary.members == 37 and lines
    assert _leftovers(tmp_path) == ["演示.db"]  # no temporary file, no -wal, no -shm
    store = open_store(target)
    try:
        assert check_database(store).ok
        assert store.scalar("SELECT count(*) FROM members") == 37
    finally:
        store.close()


def test_build_demo_file_refuses_an_existing_database(tmp_path: Path) -> None:
    target = tmp_path / "正式.db"
    target.write_bytes(b"office data")
    with pytest.raises(DomainError, match="已存在"):
        build_demo_file(target, members=20, seed=1, org_type=OrgType.STREET, today=TODAY)
    assert target.read_bytes() == b"office data" and _leftovers(tmp_path) == ["正式.db"]
    # An empty file (e.g. made by a file dialog) may be filled, as before.
    empty = tmp_path / "空.db"
    empty.touch()
    build_demo_file(empty, members=20, seed=1, org_type=OrgType.STREET, today=TODAY)
    assert empty.stat().st_size > 0
    # A left-over -wal beside the target would be replayed onto the new file: refused.
    orphan = tmp_path / "旧.db"
    Path(f"{orphan}-wal").write_bytes(b"x" * 100)
    with pytest.raises(DomainError, match="-wal"):
        build_demo_file(orphan, members=20, seed=1, org_type=OrgType.STREET, today=TODAY)
    assert not orphan.exists()
    with pytest.raises(DomainError, match="至少为1人"):
        build_demo_file(tmp_path / "零.db", members=0, seed=1, org_type=OrgType.STREET, today=TODAY)
    assert not (tmp_path / "零.db").exists()


def test_failed_build_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error half-way (here after the members are in) leaves neither the target nor temporary files."""

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("磁盘已满（模拟）")

    monkeypatch.setattr(demo, "_build_campaign", fail)
    target = tmp_path / "demo.db"
    with pytest.raises(RuntimeError, match="模拟"):
        build_demo_file(target, members=300, seed=2, org_type=OrgType.STREET, today=TODAY)
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_demo_leaves_no_file_under_the_target_name(tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "demo", "--db", str(target), "--members", "3000", "--seed", "7",
         "--today", TODAY.isoformat()],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    try:
        # Kill once the campaign is being built: the members are in, the file is well under way.
        for line in proc.stdout:
            if "设岗" in line:
                break
        else:
            pytest.fail(proc.stderr.read())
        time.sleep(0.3)
        assert proc.poll() is None, "the demo finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.stdout.close()
        proc.stderr.close()
    names = _leftovers(tmp_path)
    assert not [n for n in names if n.startswith("demo.db")], names
    assert all(n.startswith(".demo.db.") and ".building" in n for n in names), names
    # The next run is not disturbed by the killed one's hidden left-overs.
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "demo", "--db", str(target), "--members", "40", "--seed", "7",
         "--today", TODAY.isoformat()], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert target.exists() and not Path(f"{target}-wal").exists()
