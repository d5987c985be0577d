"""core/, reports/ and cli/ must import with PySide6 unavailable, and headless commands never load Qt."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_BLOCK_QT = """
import importlib, pkgutil, sys
class _NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is not available here: ' + name)
        return None
sys.meta_path.insert(0, _NoQt())
failed = []
for package in ('core', 'reports', 'cli'):
    try:
        pkg = importlib.import_module(package)
    except ImportError as e:
        failed.append((package, str(e)))
        continue
    for info in pkgutil.walk_packages(pkg.__path__, package + '.'):
        try:
            importlib.import_module(info.name)
        except ImportError as e:
            failed.append((info.name, str(e)))
print(failed)
sys.exit(1 if failed else 0)
"""


def test_core_reports_and_cli_import_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", _BLOCK_QT], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_headless_command_does_not_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys, runpy; sys.argv=['main.py','demo','--db',sys.argv[1],'--members','30','--today','2026-11-21'];"
        "import main; rc = main.main(sys.argv[1:]);"
        "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(rc)"
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "d.db")], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
