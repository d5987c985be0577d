"""The command line: the table of commands that run without the window, and the one parser built from it.

``python main.py COMMAND …`` (``sfg-cli COMMAND …`` in the Windows bundle) runs one of ``COMMANDS``.
Each row names a command, its Chinese help, the function that adds its arguments and the one that
runs it, and whether it writes to the database. The parser, main.py's dispatch and the list of
commands in the window's ``--help`` (``overview``) are all derived from this table.

The package sits above core/ and reports/ (``print`` needs reports/, which core/ may not import)
and, like them, never imports Qt. The modules hold one group of commands each: ``database`` (demo,
check), ``data`` (roster import, export, backup, restore, exchange packages) and ``printing``.

Exit codes: 0 done; 1 the command found problems (``check``, a roster with errors); 2 refused (a
wrong argument, a missing file, a rule); ``print`` adds 3 and 4 (``cli.printing``).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from cli import data, database, printing
from cli.console import fit_redirected_output
from cli.parsing import ChineseArgumentParser, CommandParser, fill_default_db
from core.errors import DomainError


class Command(NamedTuple):
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    writes: bool = False  # changes the database: runs holding its lock, refused while the window has it open


COMMANDS = (
    Command("demo", "生成演示数据库", database.demo_arguments, database.run_demo),
    Command("check", "检查数据库", database.check_arguments, database.run_check),
    Command("print", "打印文书", printing.print_arguments, printing.run_print),
    Command("import-roster", "导入名册", data.import_roster_arguments, data.run_import_roster, writes=True),
    Command("export", "导出Excel", data.export_arguments, data.run_export),
    Command("backup", "备份", data.backup_arguments, data.run_backup),
    Command("restore", "恢复", data.restore_arguments, data.run_restore, writes=True),
    Command("package-export", "生成交换包", data.package_export_arguments, data.run_package_export),
    Command("package-import", "导入交换包", data.package_import_arguments, data.run_package_import, writes=True),
)
NAMES = frozenset(command.name for command in COMMANDS)
_BY_NAME = {command.name: command for command in COMMANDS}


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command. Given ``selected``, only that command gets its arguments: the
    others' are not needed to run it, and print's would import reportlab (~0.2 s) for nothing."""
    parser = ChineseArgumentParser(prog="main.py", description="党员示范岗创建管理系统（命令行）")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=CommandParser)
    for command in COMMANDS:
        command_parser = commands.add_parser(command.name, help=command.help)
        if selected in (None, command.name):
            command.add_arguments(command_parser)
    return parser


def run(argv: list[str]) -> int:
    """Run one command (``["check", "--db", PATH]``) and return its exit code. Messages are Chinese;
    a wrong argument exits through argparse with code 2."""
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    fill_default_db(args)
    command = _BY_NAME[args.command]
    try:
        if command.writes:
            from core.lock import DatabaseLock

            # Never change a database while the window (or another command) has it open.
            with DatabaseLock(args.db, holder=f"命令 {command.name}"):
                return command.run(args)
        return command.run(args)
    except DomainError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2


def main(argv: list[str]) -> int:
    """main.py's entry for a command: output fit for a redirected console, then ``run``."""
    fit_redirected_output(sys.stdout)
    fit_redirected_output(sys.stderr)
    return run(argv)


def overview(width: int = 80) -> str:
    """The commands with their help, as many to a line as fit in ``width`` columns (a Chinese
    character takes two), for the window's ``--help``."""
    lines: list[str] = []
    line = ""
    for command in COMMANDS:
        entry = f"{command.name} {command.help}"
        if line and _columns(f"  {line}    {entry}") > width:
            lines.append(line)
            line = ""
        line = f"{line}    {entry}" if line else entry
    lines.append(line)
    return "\n".join("  " + text for text in lines)


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
