"""One version everywhere: the program's, the package metadata's and the Windows executable's."""

from __future__ import annotations

import tomllib
from pathlib import Path

from core.version import VERSION

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_the_same_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == VERSION
    windows = (ROOT / "resources" / "windows" / "version_info.txt").read_text(encoding="utf-8")
    assert f"'FileVersion', '{VERSION}'" in windows and f"'ProductVersion', '{VERSION}'" in windows
