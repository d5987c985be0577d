"""Where bundled resources (fonts, emblem, icons, templates) live, from source and when frozen.

PyInstaller unpacks data files under ``sys._MEIPASS``; from source they sit in ``resources/``
beside ``main.py``. Everything that reads a resource goes through ``resource_path``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. ``resource_path("fonts", "x.ttf")``."""
    return resources_root().joinpath(*parts)


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
