"""``python main.py print KIND --db PATH -o OUT.pdf``: print any document without the window.

What the command needs (reports/ brings reportlab) is imported when its arguments are built or it
runs: the window imports this module for the list of commands in its ``--help``.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from cli.parsing import add_db_argument

EXIT_WRITE = 2  # the output file could not be written (message in Chinese)
EXIT_BLOCKED = 3
EXIT_OVERFLOW = 4


def print_arguments(parser: argparse.ArgumentParser) -> None:
    from reports.render import KIND_LABELS, DocumentKind

    kinds = "\n".join(f"  {k.value:<17}{KIND_LABELS[k]}" for k in DocumentKind)
    parser.prog = "python main.py print"
    parser.description = "生成打印文书（PDF）。文书种类：\n" + kinds
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser._positionals.title = "必填参数"
    parser._optionals.title = "选项"
    parser.add_argument("kind", metavar="KIND", choices=[k.value for k in DocumentKind], help="文书种类（见上表）")
    add_db_argument(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="输出的PDF文件")
    parser.add_argument("--year", type=int, metavar="Y", help="年度，如 2026")
    parser.add_argument("--batch", type=int, metavar="B", help="批次序号（该年度的第几批）")
    parser.add_argument("--unit", metavar="U", help="组织单元名称或编号")
    parser.add_argument("--post", metavar="CODE", help="示范岗的岗位编号或岗牌编号")
    parser.add_argument("--member", type=int, metavar="ID", help="只打印这名党员的胸牌（党员编号）")
    parser.add_argument("--month", metavar="YYYY-MM", help="考核月份（月度考核表），如 2026-10")
    parser.add_argument("--official", action="store_true", help="公示、名单、撤销通知按公文格式（GB/T 9704）排版")
    parser.add_argument("--sample", action="store_true", help="标牌含未确定的岗位，并加“样张”水印")
    parser.add_argument("--start", type=int, metavar="N", help="胸牌从纸上第N格开始（用于已用过一部分的纸）")
    parser.add_argument("--copies", type=int, metavar="N", help="测评表份数（每份编号）")
    parser.add_argument("--shipped-fonts", action="store_true", help="只用程序自带字体（不用本机字体）")


def run_print(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from core.errors import DomainError
    from core.queries import unit_by_name_or_id
    from core.store import reading_store
    from reports.render import DocumentKind, PrintBlocked, PrintError, SaveFailed, Scope, load_options, render, save_error_text

    kind = DocumentKind(args.kind)
    db = Path(args.db)
    if not db.exists():
        print(f"错误：数据库文件“{db}”不存在。", file=sys.stderr)
        return 2
    opened = ExitStack()
    try:
        store = opened.enter_context(reading_store(db, holder="命令 print"))
    except DomainError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    try:
        options = load_options(store, kind)
        changes: dict[str, object] = {}
        if args.official:
            changes["official_format"] = True
        if args.sample:
            changes["sample_watermark"] = True
        if args.start is not None:
            changes["start_position"] = args.start
        if args.copies is not None:
            if args.copies < 1:
                print("错误：份数至少为1。", file=sys.stderr)
                return 2
            changes["copies"] = args.copies
        if args.shipped_fonts:
            changes["use_system_fonts"] = False
        options = replace(options, **changes)  # type: ignore[arg-type]
        unit_id = int(unit_by_name_or_id(store, args.unit)["id"]) if args.unit else None
        scope = Scope(year=args.year, batch=args.batch, unit_id=unit_id, post_code=args.post, month=args.month,
                      member_id=args.member)
        result = render(store, kind, scope, options)
    except PrintBlocked as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_BLOCKED
    except (PrintError, DomainError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    finally:
        opened.close()
    out = Path(args.output)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        result.save(out)
    except SaveFailed as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_WRITE
    except OSError as error:  # the folder could not be made
        print(f"错误：{save_error_text(out, error)}", file=sys.stderr)
        return EXIT_WRITE
    print(f"已生成{kind.label}：{out}（{result.pages}页，{len(result.pdf) / 1024:.0f} KB）")
    for line in result.notices:
        print("注意：" + line, file=sys.stderr)
    if result.warnings:
        print("注意：以下内容过长，已缩小字号仍放不下，末尾被截断：", file=sys.stderr)
        for line in result.warnings:
            print("  " + line, file=sys.stderr)
        return EXIT_OVERFLOW
    return 0
