"""Time per keystroke of the member search with 20,000 members (target ≤ 20 ms).

The window runs in this process (offscreen unless a display is set). Each keystroke sets the
search text one character longer, then the time until the filtered table is repainted is
measured (filtering plus the repaint the event loop then does). The floor is the same repaint
without any filtering (what showing any keystroke costs).

Usage: python bench/bench_search.py [--quick] [--members N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from common import Result, demo_db, machine, report  # noqa: E402

QUERIES = ("zwq", "wang", "zhangwei", "张伟", "李", "1101", "11010519", "139", "lf")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--members", type=int, default=20000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("SFG_DATA_DIR", tempfile.mkdtemp(prefix="sfg-bench-data-"))
    db = demo_db(args.members)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.store import open_store
    from gui.app import make_application
    from gui.context import AppContext
    from gui.main_window import MainWindow

    app = make_application()
    store = open_store(db)
    folder = Path(tempfile.mkdtemp(prefix="sfg-bench-"))
    window = MainWindow(AppContext(store, QSettings(str(folder / "w.ini"), QSettings.Format.IniFormat)))
    window.resize(1280, 800)
    window.show()
    load_start = time.perf_counter()
    window.go_to("members")
    app.processEvents()
    load = time.perf_counter() - load_start
    page = window.page("members")
    view = page.table.viewport()
    total = page.table.source.total()

    def keystroke(text: str) -> float:
        """Filter, then let the event loop repaint what changed (table, count, search box)."""
        start = time.perf_counter()
        page.search.setText(text)
        app.processEvents()
        return time.perf_counter() - start

    def idle_keystroke() -> float:
        """The floor: the same repaint of the table and the search box without any filtering."""
        start = time.perf_counter()
        view.update()
        page.search.update()
        app.processEvents()
        return time.perf_counter() - start

    rounds = 2 if args.quick else 6
    times: list[float] = []
    floors: list[float] = []
    labelled: list[tuple[float, str]] = []
    for _ in range(rounds):
        for query in QUERIES:
            for i in range(1, len(query) + 1):
                floors.append(idle_keystroke())
                times.append(keystroke(query[:i]))
                labelled.append((times[-1], query[:i]))
            times.append(keystroke(""))  # clearing shows all 20,000 again
            labelled.append((times[-1], "（清空）"))
    slowest = sorted(labelled, reverse=True)[:5]
    print("slowest keystrokes: " + ", ".join(f"{text} {t * 1000:.1f} ms" for t, text in slowest))
    figure = statistics.median(times) * 1000
    floor = statistics.median(floors) * 1000
    worst = max(times) * 1000
    p95 = sorted(times)[int(len(times) * 0.95)] * 1000
    print(f"machine: {machine()}; members: {total}; first load of the members page: {load * 1000:.0f} ms; "
          f"keystrokes: {len(times)}; p95 {p95:.1f} ms; worst {worst:.1f} ms")
    report(Result(f"member search per keystroke ({total:,} members)", figure, floor, "ms", "≤ 20 ms", p95 <= 20,
                  f"median; p95 {p95:.1f} ms, worst {worst:.1f} ms; floor = the same repaint without filtering"))
    window.close()
    store.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
