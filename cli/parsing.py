"""argparse speaking Chinese: the headings, the built-in help line and the common error messages,
and the ``--db`` option every command that works on a database shares."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

_HEADINGS = (
    ("usage: ", "用法："),
    ("positional arguments:", "位置参数："),
    ("options:", "选项："),
    ("show this help message and exit", "显示本帮助并退出"),
)
_ERRORS = (
    (re.compile(r"the following arguments are required: (.*)"), "缺少必需的参数：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)"), "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (re.compile(r"argument (.*?): invalid (\w+) value: (.*)"), "参数 {0} 的值 {2} 格式不对"),
    (re.compile(r"argument (.*?): expected one argument"), "参数 {0} 后面需要一个值"),
)


def _translate(text: str) -> str:
    for english, chinese in _HEADINGS:
        text = text.replace(english, chinese)
    return text


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Chinese (subparsers inherit the class)."""

    def format_usage(self) -> str:
        return _translate(super().format_usage())

    def format_help(self) -> str:
        return _translate(super().format_help())

    def error(self, message: str) -> NoReturn:
        for pattern, template in _ERRORS:
            match = pattern.fullmatch(message)
            if match:
                message = template.format(*match.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")


class CommandParser(ChineseArgumentParser):
    """One command's parser. It refuses arguments it does not know itself, so the error shows this
    command's usage rather than the list of all commands (argparse leaves them to the parent)."""

    def parse_known_args(  # type: ignore[override]  # typeshed overloads the namespace type
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error("unrecognized arguments: " + " ".join(extras))
        return parsed, extras


OFFICE_DB_HELP = "数据库文件（省略时为本单位数据库，即窗口程序打开的那一个）"


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """``--db``, optional: without it a command works on the office database (core.paths)."""
    parser.add_argument("--db", default=None, metavar="PATH", help=OFFICE_DB_HELP)


def fill_default_db(args: argparse.Namespace) -> None:
    """After parsing: a missing ``--db`` means the office database in the user data folder."""
    if getattr(args, "db", "") is None:
        from core.paths import office_db_path

        args.db = str(office_db_path())
