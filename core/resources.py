"""Where bundled resources (fonts, emblem, icons, templates) live, from source and when frozen.

PyInstaller unpacks data files under ``sys._MEIPASS``; from source they sit in ``resources/``
beside ``main.py``. Everything that reads a resource goes through ``resource_path`` or, for large
files shipped xz-compressed (the fonts), ``resource_file``, which unpacks them once into the
user's cache folder.
"""

from __future__ import annotations

import lzma
import os
import sys
import tempfile
from pathlib import Path

from core.files import write_atomically


def resources_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. ``resource_path("icons", "app.png")``."""
    return resources_root().joinpath(*parts)


def _cache_root() -> Path:
    override = os.environ.get("SFG_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("sfg", appauthor=False)


def resource_file(*parts: str) -> Path | None:
    """A resource as a plain file, or None when it is not shipped.

    A resource shipped as ``name.xz`` is unpacked into the cache the first time it is needed
    (written to a temporary name and renamed, so two programs starting together never see half a
    file); the cached copy is named after the packed size so an updated resource is unpacked anew.
    """
    plain = resource_path(*parts)
    if plain.is_file():
        return plain
    packed = plain.with_name(plain.name + ".xz")
    if not packed.is_file():
        return None
    stem, dot, suffix = plain.name.rpartition(".")
    cached_name = f"{stem}.{packed.stat().st_size}{dot}{suffix}" if dot else f"{plain.name}.{packed.stat().st_size}"
    for root in (_cache_root(), Path(tempfile.gettempdir()) / "sfg-cache"):
        target = root.joinpath("resources", *parts[:-1], cached_name)
        if target.is_file():
            return target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, lambda temp: _unpack(packed, temp))
        except OSError:
            continue  # cache folder not writable or disk full: try the next place
        return target
    return None


def _unpack(packed: Path, target: Path) -> None:
    with lzma.open(packed) as source, open(target, "wb") as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)
