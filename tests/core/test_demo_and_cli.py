import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from core import queries
from core.check import check_database
from core.demo import build_demo
from core.enums import OrgType, PostStage
from core.store import open_memory_store, open_store
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)


def test_demo_has_posts_at_every_stage(demo_db_path: Path) -> None:
    s = open_store(demo_db_path)
    stages = {PostStage(r["stage"]) for r in s.rows("SELECT DISTINCT stage FROM posts")}
    assert stages == set(PostStage)
    assert check_database(s).ok
    assert s.scalar("SELECT count(*) FROM monthly_assessments") > 0
    assert s.scalar("SELECT count(*) FROM surveys") > 0
    assert s.scalar("SELECT count(*) FROM five_reviews") > 0
    assert s.scalar("SELECT count(*) FROM highlights") > 0
    assert s.scalar("SELECT count(*) FROM adjustments WHERE kind = 'replace_member'") == 1
    overdue = queries.overdue_rectifications(s, TODAY)
    assert overdue and any(r["status"] == "open" for r in queries.rectifications(s, open_only=True)
                           if r["deadline"] >= TODAY.isoformat())
    serving = s.scalar("SELECT count(DISTINCT member_id) FROM post_members pm JOIN posts p ON p.id = pm.post_id "
                       "WHERE p.stage = 'on_duty' AND pm.left_on IS NULL")
    assert serving >= 0.05 * s.scalar("SELECT count(*) FROM members")
    assert s.scalar("SELECT count(*) FROM members WHERE name = '王𠇔'") == 1
    s.close()


def test_same_seed_same_data() -> None:
    def fingerprint(seed: int) -> list[tuple[object, ...]]:
        s = open_memory_store(clock=lambda: TODAY)
        build_demo(s, members=60, seed=seed, today=TODAY)
        rows = [tuple(r.values()) for r in s.rows("SELECT name, id_number, unit_id FROM members ORDER BY id")]
        rows += [tuple(r.values()) for r in s.rows("SELECT name, stage, code FROM posts ORDER BY id")]
        s.close()
        return rows

    assert fingerprint(5) == fingerprint(5)
    assert fingerprint(5) != fingerprint(6)


def test_hospital_demo_uses_hospital_units() -> None:
    s = open_memory_store(clock=lambda: TODAY)
    build_demo(s, members=80, seed=2, org_type=OrgType.HOSPITAL, today=TODAY)
    kinds = {r["kind"] for r in s.rows("SELECT kind FROM units")}
    assert {"department", "branch_hospital"} <= kinds
    assert check_database(s).ok
    s.close()


def test_cli_demo_then_check(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = _run("demo", "--db", str(db), "--members", "60", "--seed", "4", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert "演示数据库已生成" in result.stdout
    result = _run("check", "--db", str(db))
    assert result.returncode == 0 and "检查通过" in result.stdout
    refused = _run("demo", "--db", str(db))
    assert refused.returncode != 0 and "已存在" in refused.stderr


def test_cli_check_reports_tampering(tmp_path: Path, demo_db_path: Path) -> None:
    db = tmp_path / "tampered.db"
    shutil.copy(demo_db_path, db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit_log SET actor = '篡改者' WHERE id = 50")
    conn.commit()
    conn.close()
    result = _run("check", "--db", str(db))
    assert result.returncode == 1
    assert "操作日志" in result.stderr and "检查未通过" in result.stderr


def test_cli_check_reports_forbidden_state(tmp_path: Path, demo_db_path: Path) -> None:
    db = tmp_path / "bad.db"
    shutil.copy(demo_db_path, db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE posts SET stage = 'on_duty' WHERE stage = 'evaluation_failed'")
    conn.commit()
    conn.close()
    result = _run("check", "--db", str(db))
    assert result.returncode == 1 and "没有通过岗前测评" in result.stderr


def test_cli_check_missing_file(tmp_path: Path) -> None:
    result = _run("check", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and "找不到" in result.stderr


def test_redirected_output_on_windows_encodes_every_name(tmp_path: Path) -> None:
    """`sfg-cli … > 日志.txt` on Chinese Windows writes GBK by default, which has no 𠇔: GB 18030 has."""
    import io

    from cli.console import fit_redirected_output

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk")
    fit_redirected_output(stream, platform="win32", environ={})
    stream.write("王𠇔 已导入\n")
    stream.flush()
    assert raw.getvalue().decode("gb18030") == "王𠇔 已导入\n"
    # An explicit PYTHONIOENCODING is the user's choice; UTF-8 streams need nothing.
    kept = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    fit_redirected_output(kept, platform="win32", environ={"PYTHONIOENCODING": "gbk"})
    assert kept.encoding == "gbk"
    elsewhere = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    fit_redirected_output(elsewhere, platform="linux", environ={})
    elsewhere.write("王𠇔\n")  # replaced, not a crash half-way through a command


def test_commands_default_to_the_office_database(demo_db_path: Path, tmp_path: Path) -> None:
    """`sfg-cli check` without --db checks the database the window opens (PowerShell has no %LOCALAPPDATA%)."""
    env = {**os.environ, "SFG_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    root = Path(__file__).resolve().parents[2]
    missing = subprocess.run([sys.executable, "main.py", "check"], cwd=root, env=env, capture_output=True, text=True,
                             timeout=120)
    assert missing.returncode != 0 and "示范岗.db" in missing.stdout + missing.stderr
    (tmp_path / "data").mkdir(exist_ok=True)
    shutil.copy(demo_db_path, tmp_path / "data" / "示范岗.db")
    found = subprocess.run([sys.executable, "main.py", "check"], cwd=root, env=env, capture_output=True, text=True,
                           timeout=120)
    assert found.returncode == 0 and "检查通过" in found.stdout, found.stderr
