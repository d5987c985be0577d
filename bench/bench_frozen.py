"""Start-up of the frozen bundle against the same program run from source (same database, same run).

Times `--smoke-test` (window shown, every page opened once, event loop idle) of dist/sfg/sfg and of
`python main.py`, alternating, medians. Build the bundle first: python -m PyInstaller build.spec --noconfirm
Usage: python bench/bench_frozen.py [--members N]
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

from common import Result, alternate, demo_db, report, timed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--quick", action="store_true", help="2,000 members")
    args = parser.parse_args()
    frozen = ROOT / "dist" / "sfg" / ("sfg.exe" if sys.platform == "win32" else "sfg")
    if not frozen.exists():
        print("skip: no bundle in dist/sfg (build it with: python -m PyInstaller build.spec --noconfirm)")
        return 0
    members = 2000 if args.quick else args.members
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    db = demo_db(members)

    def run(cmd: list[str]) -> float:
        return timed(lambda: subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True))

    run([str(frozen), "--db", str(db), "--smoke-test"])  # first run unpacks nothing but warms the disk cache
    figure, floor = alternate(lambda: run([str(frozen), "--db", str(db), "--smoke-test"]),
                              lambda: run([sys.executable, "main.py", "--db", str(db), "--smoke-test"]))
    report(Result(f"frozen start-up vs from source, {members} members", figure, floor, "s", "no slower than source",
                  figure <= floor * 1.1, "wall time of --smoke-test, median of 5"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
