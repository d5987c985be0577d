"""Badges for every serving member of the 20,000-member demo, against reportlab alone (target ≤ 1.3×).

Measured: ``reports.render`` building the badge PDF from the database (queries, photos at no
more than 300 dpi, per-character font fallback, shrink-to-fit, emblem and crop marks). Floor:
reportlab alone drawing the same number of badge pages in the same run — the same band, title,
photo, name, post, unit and footer per badge, one font, data already in memory, each photo handed
to reportlab as an ``ImageReader`` (its documented way, which decodes every JPEG to name it; the
program passes small JPEGs through undecoded). The two run alternately; medians are compared. A
second floor without photos (text and shapes only) is printed for reference. The PDF's size is
reported too.

Usage: python bench/bench_badges.py [--quick] [--members N]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from common import Result, alternate, demo_db, machine, report  # noqa: E402

TARGET = 1.3


def main() -> int:
    parser = argparse.ArgumentParser(description="胸牌批量生成基准测试")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--members", type=int, default=20000)
    args = parser.parse_args()

    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from core import queries
    from core.queries import members_photos
    from core.store import open_store
    from reports.fonts import FontRole, FontSet
    from reports.render import DocumentKind, PrintOptions, Scope, render

    store = open_store(demo_db(args.members))
    options = PrintOptions(use_system_fonts=False)
    fonts = FontSet(system=False)
    serving = queries.serving_members(store)
    photos = members_photos(store, [int(m["member_id"]) for m in serving])
    org_name = str(store.organization()["name"])
    font = fonts.primary(FontRole.SONG).name
    last_size = 0

    def measured() -> float:
        nonlocal last_size
        start = time.perf_counter()
        result = render(store, DocumentKind.BADGES, Scope(), options, fonts=fonts)
        elapsed = time.perf_counter() - start
        last_size = len(result.pdf)
        return elapsed

    def floor(with_photos: bool = True) -> float:
        """reportlab alone: ten 90×54 badges a page, the same elements, no checks."""
        start = time.perf_counter()
        buffer = io.BytesIO()
        c = Canvas(buffer, pagesize=(210 * mm, 297 * mm), initialFontName=font, pageCompression=1, invariant=1)
        for i, m in enumerate(serving):
            if i and i % 10 == 0:
                c.showPage()
            slot = i % 10
            x, y = (15 + (slot % 2) * 90) * mm, (297 - 13.5 - (slot // 2 + 1) * 54) * mm
            c.setFillColorRGB(0.78, 0.06, 0.18)
            c.rect(x, y + 43 * mm, 90 * mm, 11 * mm, stroke=0, fill=1)
            c.setFont(font, 17)
            c.drawString(x + 14 * mm, y + 46 * mm, "党员示范岗")
            photo = photos.get(int(m["member_id"])) if with_photos else None
            if photo:
                c.drawImage(ImageReader(io.BytesIO(photo)), x + 4 * mm, y + 11.3 * mm, 20.5 * mm, 28.7 * mm)
            c.setFillColorRGB(0, 0, 0)
            c.setFont(font, 22)
            c.drawString(x + 28.5 * mm, y + 33 * mm, str(m["name_snapshot"]))
            c.setFont(font, 11)
            c.drawString(x + 28.5 * mm, y + 22 * mm, str(m["post_name"]))
            c.setFont(font, 8.5)
            c.drawString(x + 28.5 * mm, y + 13 * mm, str(m["unit_name"]))
            c.setFont(font, 7.5)
            c.drawString(x + 30 * mm, y + 3 * mm, f"{org_name} 编号 {m['placard_no']}")
            c.rect(x, y, 90 * mm, 54 * mm, stroke=1, fill=0)
        c.showPage()
        c.save()
        return time.perf_counter() - start

    measured()  # warm up: font files loaded and parsed once, as in the running program
    floor()
    rounds = 3 if args.quick else 7
    figure, base = alternate(measured, floor, rounds)
    pages = -(-len(serving) // 10)
    ratio = figure / base
    _, text_only = alternate(measured, lambda: floor(with_photos=False), 2 if args.quick else 3)
    print(f"reference: reportlab alone without photos {text_only:.3f} s (ratio {figure / text_only:.2f}×)")
    print(f"{len(serving)} badges on {pages} pages from {args.members} members; {machine()}")
    print(f"PDF size: {last_size / 1024 / 1024:.2f} MB ({last_size / max(1, len(serving)) / 1024:.1f} KB per badge)")
    report(Result("badges_pdf", figure, base, "s", f"≤ {TARGET}× reportlab alone", ratio <= TARGET,
                  f"{len(serving)} badges, {pages} pages, {last_size / 1024 / 1024:.2f} MB"))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
