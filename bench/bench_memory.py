"""Resident memory after opening every page with the 20,000-member demo (target ≤ 300 MB).

Runs `main.py --db DEMO --smoke-test` (which shows every page once) in a child process and reads
its peak resident set size; the floor is a bare PySide6 window in a child process of the same run.
Usage: python bench/bench_memory.py [--members N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from common import Result, demo_db, report  # noqa: E402

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show()
app.processEvents()
"""


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of one child process, measured with wait4's rusage."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
    factor = 1024 if sys.platform != "darwin" else 1
    return usage.ru_maxrss * factor / 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--quick", action="store_true", help="2,000 members instead of 20,000")
    args = parser.parse_args()
    members = 2000 if args.quick else args.members
    db = demo_db(members)
    app = [peak_rss_mb([sys.executable, "main.py", "--db", str(db), "--smoke-test"]) for _ in range(3)]
    bare = [peak_rss_mb([sys.executable, "-c", BARE]) for _ in range(3)]
    figure, floor = sorted(app)[1], sorted(bare)[1]
    report(Result(f"resident memory, every page open, {members} members", figure, floor, "MB", "≤ 300 MB",
                  figure <= 300, "peak RSS, median of 3"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
