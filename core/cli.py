"""Headless commands (no Qt): demo, check, and the data commands. Messages are in Chinese."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from core.cliparse import ChineseArgumentParser, add_db_argument, fill_default_db
from core.enums import OrgType
from core.errors import DomainError
from core.store import reading_store


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="main.py", description="党员示范岗创建管理系统（命令行）")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="生成演示数据库")
    demo.add_argument("--db", required=True, help="数据库文件路径（须为新文件）")
    demo.add_argument("--members", type=int, default=300, help="党员人数（默认300）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子，相同种子生成相同数据")
    demo.add_argument("--org-type", choices=["street", "town", "hospital"], default="street", help="组织类型")
    demo.add_argument("--today", type=date.fromisoformat, default=None, help="以哪一天为“今天”（默认当天）")
    check = sub.add_parser("check", help="检查数据库完整性和操作日志")
    add_db_argument(check)
    from core import data_cli

    data_cli.add_commands(sub)
    return parser


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    fill_default_db(args)
    try:
        if args.command == "demo":
            return _demo(args)
        if args.command == "check":
            return _check(args)
        from core import data_cli

        return data_cli.run(args)
    except DomainError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2


def _demo(args: argparse.Namespace) -> int:
    from core.demo import build_demo_file

    path = Path(args.db)
    summary = build_demo_file(path, members=args.members, seed=args.seed, org_type=OrgType(args.org_type),
                              today=args.today, progress=lambda text: print(text, flush=True))
    print(f"演示数据库已生成：{path}（党员{summary.members}人，组织单元{summary.units}个，"
          f"示范岗{summary.posts}个，在岗党员{summary.serving_members}人）")
    return 0


def _check(args: argparse.Namespace) -> int:
    from core.check import check_database

    path = Path(args.db)
    if not path.exists():
        print(f"错误：找不到数据库文件 {path}。", file=sys.stderr)
        return 2
    with reading_store(path, holder="命令 check") as store:
        report = check_database(store)
    for fact in report.facts:
        print(fact)
    if report.ok:
        print("检查通过：数据库完好。")
        return 0
    for problem in report.problems:
        print(f"问题：{problem}", file=sys.stderr)
    print(f"检查未通过：发现{len(report.problems)}个问题。", file=sys.stderr)
    return 1
