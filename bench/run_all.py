"""Run every benchmark and write bench/RESULTS.md (figure, floor, ratio, target, machine, date).

Usage: python bench/run_all.py [--quick]
Build the bundle first (python -m PyInstaller build.spec --noconfirm) to include the frozen start-up
and the bundle size.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import machine  # noqa: E402

BENCHES = ["bench_startup.py", "bench_search.py", "bench_memory.py", "bench_badges.py", "bench_import.py",
           "bench_frozen.py"]


def main() -> int:
    rows: list[dict[str, object]] = []
    extra = sys.argv[1:]
    jobs = [(HERE / script, extra) for script in BENCHES]
    if (HERE.parent / "dist" / "sfg").exists():
        jobs.append((HERE.parent / "tools" / "check_bundle.py", ["--skip-build"]))
    for path, args in jobs:
        script = path.name
        print(f"== {script}", flush=True)
        proc = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, cwd=HERE.parent)
        sys.stdout.write(proc.stdout)
        if proc.returncode != 0:
            sys.stdout.write(proc.stderr)
            rows.append({"name": script, "figure": None, "floor": None, "ratio": None, "unit": "", "target": "",
                         "met": False, "note": f"failed (exit {proc.returncode})"})
            continue
        for line in proc.stdout.splitlines():
            if line.startswith("BENCH_RESULT "):
                rows.append(json.loads(line.removeprefix("BENCH_RESULT ")))
    # Where a target was missed and the cause fixed, bench/before.json keeps the earlier figure and the change.
    before = json.loads((HERE / "before.json").read_text(encoding="utf-8"))
    lines = [
        f"# Benchmark results — {date.today().isoformat()}",
        "",
        f"Machine: {machine()}",
        "",
        "| benchmark | figure | floor | ratio | target | met | before | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    changes = []
    for r in rows:
        fig = f"{r['figure']:.3f} {r['unit']}" if isinstance(r["figure"], (int, float)) else "—"
        flo = f"{r['floor']:.3f} {r['unit']}" if isinstance(r["floor"], (int, float)) else "—"
        rat = f"{r['ratio']:.2f}×" if isinstance(r["ratio"], (int, float)) else "—"
        earlier = before.get(str(r["name"]))
        was = "—"
        if earlier:
            changes.append(earlier)
            was = f"{earlier['figure']} [{len(changes)}]"
        lines.append(f"| {r['name']} | {fig} | {flo} | {rat} | {r['target']} | {'yes' if r['met'] else 'no'} | {was} "
                     f"| {r['note']} |")
    if changes:
        lines += ["", "What changed since the earlier figure:", ""]
        lines += [f"{n}. {c['change']}" for n, c in enumerate(changes, 1)]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
