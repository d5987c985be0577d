"""Commands that move data in and out: import-roster, export, backup, restore, package-export,
package-import.

Exit codes: 0 done (a package import lists its conflicts but still succeeds), 1 the roster has
problems and nothing was imported, 2 refused (missing file, bad backup, read-only location…).
The commands that write (``writes`` in the table of commands) run holding the database's lock.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cli.parsing import add_db_argument

if TYPE_CHECKING:
    from core.store import Store

MAX_LISTED = 50


def import_roster_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="名册文件（.xlsx、.xls 或 .csv）")
    add_db_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入数据库")
    parser.add_argument("--valid-only", action="store_true", help="只导入无误的行（默认有一行出错就全部不导入）")
    parser.add_argument("--errors", metavar="OUT.xlsx", help="把有问题的行保存为Excel，便于退回修改")


def export_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件")


def backup_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("-o", "--output", required=True, help="备份文件路径")


def restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="备份文件")
    add_db_argument(parser)
    parser.add_argument("--other-office", action="store_true",
                        help="备份属于其他单位时仍然恢复（会用其他单位的数据替换本单位的全部数据）")


def package_export_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("-o", "--output", required=True, help="交换包文件")


def package_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="+", help="交换包文件")
    add_db_argument(parser)
    parser.add_argument("--district", metavar="名称",
                        help="新建的区委（上级党委）数据库的组织名称：先以此名称建立组织，再合并各单位的交换包"
                             "（不写时，空数据库采用第一个交换包的组织信息，用于换电脑）")


@contextmanager
def _existing_store(path_text: str) -> Iterator[Store]:
    """The database at ``path_text``, which must exist already; closed when the command is done."""
    from core.errors import DomainError
    from core.store import open_store

    path = Path(path_text)
    if not path.is_file() or path.stat().st_size == 0:
        raise DomainError(f"找不到数据库文件 {path}。")
    store = open_store(path)
    try:
        yield store
    finally:
        store.close()


def run_import_roster(args: argparse.Namespace) -> int:
    from core import roster
    from core.errors import DomainError

    with _existing_store(args.db) as store:
        if not store.has_organization():
            raise DomainError("数据库尚未建立组织信息，请先在程序中填写组织名称和类型。")
        preview = roster.prepare_import(store, args.file)
        table = preview.table
        print(f"文件：{table.path.name}" + (f"（工作表“{table.sheet}”）" if table.sheet else "") + f"，表头在第{table.header_row}行")
        for column in preview.columns:
            print(f"  列“{column.header}” → {column.field_label}")
        for note in preview.notes:
            print(f"提示：{note}")
        print(preview.summary())
        for problem in preview.problems[:MAX_LISTED]:
            who = f"（{problem.name}）" if problem.name else ""
            print(f"问题：{problem.where}{who}：{problem.reason}", file=sys.stderr)
        if len(preview.problems) > MAX_LISTED:
            print(f"……共{len(preview.problems)}个问题，只列出前{MAX_LISTED}个。", file=sys.stderr)
        if args.errors and preview.problems:
            path = roster.write_error_workbook(preview, args.errors)
            print(f"有问题的行已保存到：{path}")
        if preview.file_problems:
            print("没有导入任何数据。", file=sys.stderr)
            return 1
        if args.dry_run:
            print("试运行：没有写入数据库。")
            return 1 if preview.problems else 0
        if preview.problems and not args.valid_only:
            print(f"文件中有{len(preview.bad_rows)}行存在问题，为保证名册完整，没有导入任何数据。"
                  "请修正后重新导入，或加上 --valid-only 只导入无误的行。", file=sys.stderr)
            return 1
        if not preview.valid_rows:
            print("没有可以导入的行，没有导入任何数据。", file=sys.stderr)
            return 1
        summary = roster.apply_import(store, preview, valid_only=args.valid_only, create_units=True)
        print(summary.message)
        return 0


def run_export(args: argparse.Namespace) -> int:
    from core.export import export_workbook
    from core.store import reading_store

    with reading_store(args.db, holder="命令 export") as store:
        print(export_workbook(store, args.output).message)
        return 0


def run_backup(args: argparse.Namespace) -> int:
    from core.backup import write_backup
    from core.store import reading_store

    with reading_store(args.db, holder="命令 backup") as store:
        path = write_backup(store, args.output)
        print(f"已备份到：{path}")
        return 0


def run_restore(args: argparse.Namespace) -> int:
    from core.backup import restore_to_path, verify_backup

    report = verify_backup(args.file)
    for fact in report.facts:
        print(f"备份检查：{fact}")
    if not report.ok:
        for problem in report.problems:
            print(f"问题：{problem}", file=sys.stderr)
        print("备份文件未通过检查，没有恢复，数据库未做任何改动。", file=sys.stderr)
        return 2
    outcome = restore_to_path(args.file, args.db, other_office_ok=args.other_office)
    print(outcome.message)
    return 0


def run_package_export(args: argparse.Namespace) -> int:
    from core.package import export_package
    from core.store import reading_store

    with reading_store(args.db, holder="命令 package-export") as store:
        print(export_package(store, args.output).message)
        return 0


def _district_organization(store: Store, name: str) -> None:
    """A new database becomes the 区委's own (its name stays its own whatever it merges); one already
    set up must be that 区委's."""
    from core.enums import OrgType
    from core.errors import DomainError
    from core.org import setup_organization

    if not store.has_organization():
        print(setup_organization(store, name=name, org_type=OrgType.DISTRICT).message)
        return
    here = store.organization()["name"]
    if here != name.strip():
        raise DomainError(f"这个数据库已经是“{here}”的数据库，--district 只用于新建区委数据库（或写上它自己的名称）。")


def run_package_import(args: argparse.Namespace) -> int:
    from core.package import import_package, statistics_rows
    from core.store import open_store

    store = open_store(Path(args.db))
    try:
        if args.district:
            _district_organization(store, args.district)
        for file in args.file:
            outcome = import_package(store, file)
            print(outcome.message)
            for note in outcome.notes:
                print(f"说明：{note}")
            for conflict in outcome.conflicts[:MAX_LISTED]:
                print(f"冲突：{conflict.text}", file=sys.stderr)
            if len(outcome.conflicts) > MAX_LISTED:
                print(f"……共{len(outcome.conflicts)}处冲突，只列出前{MAX_LISTED}处。", file=sys.stderr)
        print("各单位统计：")
        for row in statistics_rows(store):
            print("  " + "，".join(f"{k}：{'—' if v is None or v == '' else v}" for k, v in row.items()))
    finally:
        store.close()
    return 0
