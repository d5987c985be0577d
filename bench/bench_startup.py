"""Start-up to the window shown, with a 20,000-member demo database, against a bare PySide6 window.

Both are measured from outside as a clerk would feel them: from launching the process until it
reports its first window shown and the event loop idle (wall clock, including the interpreter
start). They run alternately; the medians are compared. Target: ≤ 1.3× the bare window.

Usage: python bench/bench_startup.py [--quick] [--members N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from common import Result, alternate, demo_db, machine, report  # noqa: E402

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("窗口"))
window.resize(1280, 800)
window.show()
def done():
    app.processEvents()
    print("READY", flush=True)
    window.close()
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def until(cmd: list[str], env: dict[str, str], marks: tuple[str, ...] = ("READY",)) -> list[float]:
    """Seconds from launch until the process prints each of ``marks`` (in order)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    seen: list[float] = []
    for line in proc.stdout:
        if len(seen) < len(marks) and line.startswith(marks[len(seen)]):
            seen.append(time.perf_counter() - start)
    proc.wait(timeout=60)
    if len(seen) != len(marks):
        raise SystemExit(f"missing {marks[len(seen):]} from {cmd}")
    return seen


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--members", type=int, default=20000)
    args = parser.parse_args()
    db = demo_db(args.members)
    data = Path(tempfile.mkdtemp(prefix="sfg-bench-data-"))
    env = {**os.environ, "SFG_DATA_DIR": str(data), "PYTHONIOENCODING": "utf-8"}
    # Installed and bundled programs run from compiled bytecode: let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    app_cmd = [sys.executable, "main.py", "--db", str(db), "--startup-probe"]
    bare_cmd = [sys.executable, "-c", BARE]
    until(app_cmd, env, ("READY", "LOADED"))  # warm the file cache and write bytecode
    until(bare_cmd, env)
    rounds = 3 if args.quick else 7
    loaded: list[float] = []

    def app_run() -> float:
        shown, filled = until(app_cmd, env, ("READY", "LOADED"))
        loaded.append(filled)
        return shown

    figure, floor = alternate(app_run, lambda: until(bare_cmd, env)[0], rounds)
    filled = statistics.median(loaded)
    size = "20,000" if args.members == 20000 else f"{args.members:,}"
    print(f"machine: {machine()}; platform: {env['QT_QPA_PLATFORM']}; rounds: {rounds}")
    report(Result(f"start-up to window shown ({size} members)", figure, floor, "s", "≤ 1.3× bare PySide6 window",
                  figure / floor <= 1.3, "launch → main window (menus, navigation) painted; floor = bare QMainWindow"))
    report(Result(f"start-up to dashboard filled ({size} members)", filled, floor, "s", "≤ 1.3× bare PySide6 window",
                  filled / floor <= 1.3, "launch → database opened, 工作台 counts, to-do list and charts painted"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
