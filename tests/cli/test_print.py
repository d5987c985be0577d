"""``python main.py print ...``: headless, Chinese messages, non-zero exit on problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli import run
from cli.printing import EXIT_BLOCKED, EXIT_OVERFLOW
from core.store import Store, open_store
from tests.reports.conftest import on_duty_individual


def test_prints_badges_to_file(demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db_path, db)
    out = tmp_path / "out" / "胸牌.pdf"
    assert run(["print", "badges", "--db", str(db), "-o", str(out), "--shipped-fonts"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "已生成党徽胸牌" in capsys.readouterr().out


def test_unknown_kind_and_missing_db_are_told_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run(["print", "nonsense", "--db", "x.db", "-o", "x.pdf"])
    assert caught.value.code == 2
    assert "错误" in capsys.readouterr().err
    assert run(["print", "badges", "--db", str(tmp_path / "nope.db"), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "不存在" in capsys.readouterr().err


def _file_store(tmp_path: Path, clock: object) -> Store:
    from core import org
    from core.enums import OrgType

    s = open_store(tmp_path / "t.db", clock=clock)  # type: ignore[arg-type]
    org.setup_organization(s, name="测试街道党工委", org_type=OrgType.STREET, supervision_phone="010-12345678")
    return s


def test_unrenderable_name_is_reported_and_nothing_written(tmp_path: Path, clock: object, capsys: pytest.CaptureFixture[str]) -> None:
    s = _file_store(tmp_path, clock)
    on_duty_individual(s, clock, name="李\U0002a700")
    s.close()
    out = tmp_path / "badges.pdf"
    code = run(["print", "badges", "--db", str(tmp_path / "t.db"), "-o", str(out), "--shipped-fonts"])
    assert code == EXIT_BLOCKED
    err = capsys.readouterr().err
    assert "党员“李\U0002a700”的姓名" in err and "U+2A700" in err
    assert not out.exists()


def test_overflow_is_reported_with_exit_code(tmp_path: Path, clock: object, capsys: pytest.CaptureFixture[str]) -> None:
    s = _file_store(tmp_path, clock)
    on_duty_individual(s, clock, name="张伟强", duties="热情接待办事群众，按规定办理各项业务。" * 40)
    s.close()
    out = tmp_path / "placards.pdf"
    code = run(["print", "placards", "--db", str(tmp_path / "t.db"), "-o", str(out), "--shipped-fonts"])
    assert code == EXIT_OVERFLOW
    assert out.exists()
    assert "亮职责太长" in capsys.readouterr().err
