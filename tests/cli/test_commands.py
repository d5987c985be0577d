"""The table of commands: one parser, the window's list of commands and main.py's dispatch all come from it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cli

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_in_the_table_has_its_parser() -> None:
    parser = cli.build_parser()
    assert {command.name for command in cli.COMMANDS} == cli.NAMES
    for command in cli.COMMANDS:
        with pytest.raises(SystemExit) as caught:
            parser.parse_args([command.name, "--help"])
        assert caught.value.code == 0


def test_window_help_lists_every_command_within_80_columns() -> None:
    lines = cli.overview().splitlines()
    assert lines == [
        "  demo 生成演示数据库    check 检查数据库    print 打印文书",
        "  import-roster 导入名册    export 导出Excel    backup 备份    restore 恢复",
        "  package-export 生成交换包    package-import 导入交换包",
    ]
    assert all(cli._columns(line) <= 80 for line in lines)


def test_unknown_argument_is_told_with_the_command_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.run(["check", "--bogus"])
    assert caught.value.code == 2
    assert capsys.readouterr().err == "用法：main.py check [-h] [--db PATH]\n错误：无法识别的参数：--bogus\n"


def test_window_start_and_other_commands_do_not_wait_for_print() -> None:
    """The window imports the table for its --help; a command builds only its own arguments, so neither
    imports reportlab or sqlite-utils before it needs them."""
    code = ("import sys, cli; cli.build_parser('check'); "
            "loaded = [m for m in ('reportlab', 'sqlite_utils', 'reports') if m in sys.modules]; "
            "assert not loaded, loaded")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
