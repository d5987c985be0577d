"""Build the PyInstaller bundle and run the frozen program the way an office PC would.

Checks: `demo`, `check`, `print badges`, and the window with `--smoke-test` (offscreen).
Prints the bundle size against the 130 MB target and exits non-zero when anything fails.
Usage: python tools/check_bundle.py [--skip-build]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "sfg"
TARGET_MB = 130


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(cmd), flush=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900, **kwargs)  # type: ignore[call-overload]
    sys.stdout.write(proc.stdout[-3000:])
    if proc.returncode != 0:
        sys.stdout.write(proc.stderr[-5000:])
        raise SystemExit(f"FAILED ({proc.returncode}): {' '.join(cmd)}")
    return proc


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def main() -> int:
    if "--skip-build" not in sys.argv:
        run([sys.executable, "-m", "PyInstaller", str(ROOT / "build.spec"), "--noconfirm", "--log-level", "WARN"], cwd=ROOT)
    exe = ".exe" if sys.platform == "win32" else ""
    cli = DIST / f"sfg-cli{exe}"
    gui = DIST / f"sfg{exe}"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "frozen.db"
        run([str(cli), "demo", "--db", str(db), "--members", "300"])
        out = run([str(cli), "check", "--db", str(db)])
        assert "检查通过" in out.stdout
        pdf = Path(tmp) / "badges.pdf"
        run([str(cli), "print", "badges", "--db", str(db), "-o", str(pdf)])
        assert pdf.exists() and pdf.stat().st_size > 1000, "badges PDF missing"
        smoke = run([str(gui), "--db", str(db), "--smoke-test"])
        print("smoke test output:", smoke.stdout.strip().splitlines()[-1:] if smoke.stdout.strip() else "(none)")
    size = size_mb(DIST)
    verdict = "met" if size <= TARGET_MB else "MISSED"
    print(f"bundle size: {size:.1f} MB (target ≤ {TARGET_MB} MB) {verdict}")
    print("BENCH_RESULT " + f'{{"name": "bundle size", "figure": {size:.1f}, "floor": null, "ratio": null, '
          f'"unit": "MB", "target": "≤ {TARGET_MB} MB", "met": {str(size <= TARGET_MB).lower()}, "note": "onedir"}}')
    return 0 if size <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
