"""Every benchmark script still runs (on a small database): figures are only checked by people, but a
script that broke would silently drop out of bench/RESULTS.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "script",
    [
        ["bench_startup.py", "--quick", "--members", "200"],
        ["bench_search.py", "--quick", "--members", "200"],
        ["bench_memory.py", "--members", "200"],
        ["bench_badges.py", "--quick", "--members", "200"],
        ["bench_import.py"],
    ],
    ids=lambda s: s[0],
)
def test_benchmark_script_runs(script: list[str]) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(ROOT / "bench" / script[0]), *script[1:]], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "BENCH_RESULT " in result.stdout
