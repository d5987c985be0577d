"""Data commands (import-roster, export, backup, restore, package-export, package-import).

Filled in by the data issue; until then each command says it is not available yet.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

COMMANDS = ("import-roster", "export", "backup", "restore", "package-export", "package-import")


def add_commands(sub: Any) -> None:
    for name in COMMANDS:
        parser = sub.add_parser(name)
        parser.add_argument("args", nargs=argparse.REMAINDER)


def run(args: argparse.Namespace) -> int:
    print(f"错误：命令 {args.command} 尚未提供。", file=sys.stderr)
    return 2
