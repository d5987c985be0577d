"""Roster import speed: importing 5,000 rows vs openpyxl read-only reading of the same file.

The floor is what any importer has to pay: openpyxl (read-only, values only) reading every
row of the file. The figure is the whole import: read, map, check every row, write in one
transaction with the audit entry. Runs alternate, medians are compared; target ≤ 1.5×.

Usage: python bench/bench_import.py [--quick] [--profile]
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import Result, alternate, machine, report, timed  # noqa: E402

from core import member_search, roster  # noqa: E402
from core.enums import OrgType, Sex  # noqa: E402
from core.idcard import make_id_number  # noqa: E402
from core.org import setup_organization  # noqa: E402
from core.store import open_store  # noqa: E402

ROWS = 5000
TARGET = 1.5
HEADERS = ["序号", "姓名", "性别", "公民身份号码", "所在党支部(请不要输入特殊符号)", "党员类别", "出生年月(2019/10/24)", "民族",
           "学历", "入党时间", "转正时间", "党籍状态", "工作岗位", "联系电话", "档案管理单位"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
GIVEN = "伟强军勇杰磊涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆芳娜敏静丽艳娟霞秀英玲燕婷雪慧莉萍红梅琳洁颖倩佳欣悦"


def build_file(path: Path, rows: int) -> Path:
    """A roster as a party-management system exports it: title row, hinted headers, mixed date styles."""
    from openpyxl import Workbook

    rng = random.Random(5)
    workbook = Workbook()  # not write-only: like Excel, it records the sheet's dimensions
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "党员信息"
    sheet.append(["某街道党员花名册"])
    sheet.append(HEADERS)
    used: set[str] = set()
    for i in range(rows):
        sex = Sex.MALE if rng.random() < 0.55 else Sex.FEMALE
        birth = date(rng.randint(1945, 1998), rng.randint(1, 12), rng.randint(1, 28))
        join = date(birth.year + rng.randint(19, 26), rng.randint(1, 12), rng.randint(1, 28))
        probationary = join.year >= 2026
        number = make_id_number(rng.choice(("110105", "310104", "440106")), birth, i, sex)
        while number in used:
            number = make_id_number("320102", birth, rng.randint(0, 999), sex)
        used.add(number)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        sheet.append([
            i + 1, name, sex.label, number,
            f"第{rng.randint(1, 40)}党支部", "预备党员" if probationary else "正式党员",
            birth if i % 3 else f"{birth:%Y.%m}", "汉族", rng.choice(("大学本科", "大专", "硕士研究生", "高中")),
            join if i % 2 else f"{join:%Y年%m月}", None if probationary else f"{join.year + 1}-{join:%m-%d}", "正常",
            rng.choice(("社区网格员", "便民服务窗口", "社保服务")), f"13{rng.randint(0, 999999999):09d}", "街道党工委",
        ])
    workbook.save(path)
    return path


def floor_read(path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass
    workbook.close()


def fresh_db(template: Path, work: Path) -> Path:
    target = work / "import.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def import_once(path: Path, db_path: Path) -> int:
    member_search.pinyin_keys.cache_clear()  # measure a cold import: no name seen before
    member_search._CHAR_READING.clear()
    store = open_store(db_path)
    try:
        preview = roster.prepare_import(store, path)
        assert not preview.problems, preview.problems[:3]
        return roster.apply_import(store, preview, create_units=True).added
    finally:
        store.close()


def main() -> int:
    quick = "--quick" in sys.argv
    rounds = 3 if quick else 5
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        path = build_file(work / "名册.xlsx", ROWS)
        template = work / "template.db"
        store = open_store(template)
        setup_organization(store, name="测试街道党工委", org_type=OrgType.STREET, supervision_phone="010-12345678")
        store.close()
        if "--profile" in sys.argv:
            profile(path, template, work)
        assert import_once(path, fresh_db(template, work)) == ROWS  # warm-up, and proves it imports
        measured, floor = alternate(lambda: _timed_import(path, template, work), lambda: timed(lambda: floor_read(path)),
                                    rounds)
        ratio = measured / floor
        report(Result(f"import {ROWS} rows (.xlsx)", measured, floor, "s", f"≤ {TARGET}× openpyxl read-only read",
                      ratio <= TARGET, f"({machine()})"))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def profile(path: Path, template: Path, work: Path) -> None:
    """Where the time goes: pyinstrument if installed, else cProfile sorted by own time."""
    db = fresh_db(template, work)
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(import_once, path, db)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    sampler = Profiler()
    sampler.start()
    import_once(path, db)
    sampler.stop()
    print(sampler.output_text(unicode=True, color=False))


def _timed_import(path: Path, template: Path, work: Path) -> float:
    db = fresh_db(template, work)
    return timed(lambda: import_once(path, db))


if __name__ == "__main__":
    sys.exit(main())
