"""Crash safety: SIGKILL a process at random moments during writes, then check the database.

Each scenario runs a real subprocess, kills it at a random moment within the time the action
takes (measured first without a kill), and then checks that the database opens, passes
``check_database`` (integrity, references, audit chain, the campaign's invariants) and that the
interrupted action is either fully done or not done at all.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from core.check import check_database
from core.store import open_store
from tests.conftest import TODAY
from tests.core.test_roster import HEADERS, person, write_csv

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("SFG_KILL_RUNS", "8"))

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

IMPORT_SCRIPT = """
import sys
from core import roster
from core.store import open_store
from tests.conftest import Clock
store = open_store(sys.argv[1], clock=Clock())
preview = roster.prepare_import(store, sys.argv[2])
print("READY", flush=True)
roster.apply_import(store, preview, create_units=True)
print("DONE", flush=True)
"""

PACKAGE_SCRIPT = """
import sys
from core import package
from core.store import open_store
store = open_store(sys.argv[1])
print("READY", flush=True)
package.import_package(store, sys.argv[2])
print("DONE", flush=True)
"""

RESTORE_SCRIPT = """
import sys
from core import backup
from core.store import open_store
store = open_store(sys.argv[1])
print("READY", flush=True)
backup.restore_backup(store, sys.argv[2])
print("DONE", flush=True)
"""

PHOTOS_SCRIPT = """
import sys
from core import roster
from core.store import open_store
store = open_store(sys.argv[1])
plan = roster.match_photos(store, sys.argv[2])
print("READY", flush=True)
roster.import_photos(store, plan)
print("DONE", flush=True)
"""


def _start(args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run_and_kill(args: list[str], delay: float | None) -> tuple[bool, float]:
    """Start, wait for the first line (READY), kill after ``delay`` seconds.

    Returns whether the process finished on its own and how long it ran after READY.
    """
    proc = _start(args)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    ready = time.perf_counter()
    try:
        assert first, proc.stderr.read()
        if delay is None:
            proc.wait(timeout=120)
            assert proc.returncode == 0, proc.stderr.read()
            return True, time.perf_counter() - ready
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return finished, time.perf_counter() - ready
    finally:
        proc.stdout.close()
        proc.stderr.close()


def _check_sound(path: Path) -> dict[str, int]:
    store = open_store(path)
    try:
        report = check_database(store)
        assert report.ok, report.problems
        return {t: int(store.scalar(f"SELECT count(*) FROM [{t}]"))
                for t in ("members", "units", "posts", "audit_log", "monthly_assessments")} | {
            "photos": int(store.scalar("SELECT count(*) FROM members WHERE photo IS NOT NULL")),
            "highlights": int(store.scalar("SELECT count(*) FROM highlights")),
        }
    finally:
        store.close()


def _scenario(tmp_path: Path, base: Path, script: str, extra: list[str], expect: Callable[[dict[str, int]], str]) -> None:
    """Measure one clean run, then kill RUNS times at random moments; every outcome must be before or after."""
    rng = random.Random(int(os.environ.get("SFG_KILL_SEED", "20261121")))
    clean = tmp_path / "clean.db"
    shutil.copyfile(base, clean)
    duration = _run_and_kill([sys.executable, "-c", script, str(clean), *extra], None)[1]
    assert expect(_check_sound(clean)) == "after"
    outcomes: list[str] = []
    killed = 0
    for run in range(RUNS):
        db = tmp_path / f"run{run}.db"
        shutil.copyfile(base, db)
        finished, _ = _run_and_kill([sys.executable, "-c", script, str(db), *extra], rng.uniform(0, duration))
        killed += not finished
        outcomes.append(expect(_check_sound(db)))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert set(outcomes) <= {"before", "after"}, outcomes
    assert killed >= RUNS // 2, f"only {killed} of {RUNS} runs were killed before finishing"


@pytest.fixture(scope="module")
def base(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "base.db"
    shutil.copyfile(demo_db_path, path)
    return path


def test_kill_during_roster_import(tmp_path: Path, base: Path) -> None:
    rows = [person(i, unit_name=f"新建第{i % 7}党支部", birth=date(1950 + i % 36, 1 + i % 12, 1 + i % 28)) for i in range(1, 3001)]
    roster_file = write_csv(tmp_path / "名册.csv", rows, encoding="gbk", headers=HEADERS)
    before = _check_sound(base)

    def expect(after: dict[str, int]) -> str:
        if after["members"] == before["members"] and after["units"] == before["units"]:
            assert after["audit_log"] == before["audit_log"]
            return "before"
        assert after["members"] == before["members"] + 3000 and after["units"] == before["units"] + 7
        return "after"

    _scenario(tmp_path, base, IMPORT_SCRIPT, [str(roster_file)], expect)


def test_kill_during_demo_build(tmp_path: Path) -> None:
    """The demo is built under a hidden name and renamed when complete: whatever the moment of the
    kill, the target name holds nothing or the whole sound demo, and the same command then works."""
    rng = random.Random(7)
    args = [sys.executable, str(ROOT / "main.py"), "demo", "--members", "80", "--today", TODAY.isoformat(), "--db"]
    clean = tmp_path / "clean.db"
    duration = _run_and_kill([*args, str(clean)], None)[1]
    complete = _check_sound(clean)
    killed = 0
    for run in range(RUNS):
        db = tmp_path / f"demo{run}.db"
        finished, _ = _run_and_kill([*args, str(db)], rng.uniform(0, duration))
        killed += not finished
        if finished:
            assert _check_sound(db) == complete
        else:
            assert not db.exists() or _check_sound(db) == complete, "a half-built demo under the target name"
            if not db.exists():
                assert _run_and_kill([*args, str(db)], None)[0] and _check_sound(db) == complete
    assert killed >= RUNS // 2


def test_kill_during_package_import(tmp_path: Path, base: Path) -> None:
    from core import org, package
    from core.enums import OrgType

    source = open_store(base)
    pkg = package.export_package(source, tmp_path / "office.sfgpkg").path
    source.close()
    district = tmp_path / "district.db"
    store = open_store(district)
    org.setup_organization(store, name="某区委组织部", org_type=OrgType.AGENCY, supervision_phone="010-12345678")
    store.close()
    full = _check_sound(base)

    def expect(after: dict[str, int]) -> str:
        if after["members"] == 0:
            assert after["posts"] == 0 and after["monthly_assessments"] == 0
            return "before"
        assert (after["members"], after["posts"], after["monthly_assessments"]) == (
            full["members"], full["posts"], full["monthly_assessments"])
        return "after"

    _scenario(tmp_path, district, PACKAGE_SCRIPT, [str(pkg)], expect)


def test_kill_during_restore(tmp_path: Path, base: Path) -> None:
    from core import backup

    store = open_store(base)
    saved = backup.write_backup(store, tmp_path / "saved.db")
    store.close()
    changed = tmp_path / "changed.db"
    shutil.copyfile(base, changed)
    conn = open_store(changed)
    with conn.transaction():
        conn.db.execute("DELETE FROM highlights")
    conn.close()
    old = _check_sound(changed)
    new = _check_sound(saved)

    logged = {**new, "audit_log": new["audit_log"] + 1}  # the restore then records itself in the log

    def expect(after: dict[str, int]) -> str:
        if after == old:
            return "before"
        # Killed between the restore and its log entry, the backup's data is there, consistent, unlogged.
        assert after in (new, logged)
        return "after"

    _scenario(tmp_path, changed, RESTORE_SCRIPT, [str(saved)], expect)


def test_kill_during_bulk_photos(tmp_path: Path, base: Path) -> None:
    from PIL import Image

    store = open_store(base)
    numbers = [r[0] for r in store.db.execute("SELECT id_number FROM members WHERE photo IS NULL LIMIT 40")]
    store.close()
    folder = tmp_path / "照片"
    folder.mkdir()
    for number in numbers:
        Image.new("RGB", (700, 900), "blue").save(folder / f"{number}.jpg")
    before = _check_sound(base)

    def expect(after: dict[str, int]) -> str:
        if after["photos"] == before["photos"]:
            return "before"
        assert after["photos"] == before["photos"] + len(numbers)
        return "after"

    _scenario(tmp_path, base, PHOTOS_SCRIPT, [str(folder)], expect)
