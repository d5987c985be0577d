"""Shared benchmark helpers: alternate the measured command with its floor, report medians.

Every benchmark prints a human-readable table and one machine-readable line starting with
``BENCH_RESULT`` that ``bench/run_all.py`` collects into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    figure: float
    floor: float | None
    unit: str
    target: str
    met: bool
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if not self.floor else self.figure / self.floor


def demo_db(members: int) -> Path:
    """A cached demo database of ``members`` members in the temp folder (built once, ~15 s for 20,000)."""
    path = Path(tempfile.gettempdir()) / f"sfg-bench-demo-{members}.db"
    if not path.exists():
        print(f"building a {members}-member demo database at {path} …", flush=True)
        tmp = path.with_suffix(".building.db")
        for leftover in tmp.parent.glob(tmp.name + "*"):
            leftover.unlink()
        subprocess.run([sys.executable, "main.py", "demo", "--db", str(tmp), "--members", str(members),
                        "--today", date.today().isoformat()], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        tmp.rename(path)
    return path


def alternate(measured: Callable[[], float], floor: Callable[[], float], rounds: int = 5) -> tuple[float, float]:
    """Run measured and floor alternately ``rounds`` times each; return the two medians."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        b.append(floor())
        a.append(measured())
    return statistics.median(a), statistics.median(b)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def machine() -> str:
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}"


def report(result: Result) -> None:
    ratio = f"{result.ratio:.2f}×" if result.ratio is not None else "—"
    floor = f"{result.floor:.3f} {result.unit}" if result.floor is not None else "—"
    print(f"{result.name}: {result.figure:.3f} {result.unit}; floor {floor}; ratio {ratio}; "
          f"target {result.target}; {'met' if result.met else 'MISSED'} {result.note}")
    print("BENCH_RESULT " + json.dumps({**asdict(result), "ratio": result.ratio}, ensure_ascii=False))
