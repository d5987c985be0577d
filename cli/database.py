"""Commands on a whole database: ``demo`` builds a demo database, ``check`` checks one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.parsing import add_db_argument


def demo_arguments(parser: argparse.ArgumentParser) -> None:
    from datetime import date

    parser.add_argument("--db", required=True, help="数据库文件路径（须为新文件）")
    parser.add_argument("--members", type=int, default=300, help="党员人数（默认300）")
    parser.add_argument("--seed", type=int, default=1, help="随机种子，相同种子生成相同数据")
    parser.add_argument("--org-type", choices=["street", "town", "hospital"], default="street", help="组织类型")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="以哪一天为“今天”（默认当天）")


def run_demo(args: argparse.Namespace) -> int:
    from core.demo import build_demo_file
    from core.enums import OrgType

    path = Path(args.db)
    summary = build_demo_file(path, members=args.members, seed=args.seed, org_type=OrgType(args.org_type),
                              today=args.today, progress=lambda text: print(text, flush=True))
    print(f"演示数据库已生成：{path}（党员{summary.members}人，组织单元{summary.units}个，"
          f"示范岗{summary.posts}个，在岗党员{summary.serving_members}人）")
    return 0


def check_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)


def run_check(args: argparse.Namespace) -> int:
    from core.check import check_database
    from core.store import reading_store

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
