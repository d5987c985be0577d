"""The bundle's trimmed ICU data (tools/icu_trim.py) keeps what Qt needs for Chinese and drops the rest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import icu_trim  # noqa: E402


@pytest.mark.parametrize(
    ("item", "size", "kept"),
    [
        ("coll/zh.res", 712_800, True),  # pinyin collation
        ("coll/ucadata.icu", 570_256, True),
        ("coll/root.res", 301_712, True),
        ("coll/res_index.res", 2_000, True),
        ("zh_Hans_CN.res", 80, True),
        ("zh_Hant.res", 42_368, True),
        ("en_US_POSIX.res", 500, True),
        ("root.res", 105_840, True),
        ("zone/zh.res", 16_224, True),  # Chinese time-zone names
        ("zone/pool.res", 122_112, True),
        ("res_index.res", 3_000, True),
        ("pool.res", 159_280, True),
        ("zoneinfo64.res", 151_344, True),
        ("metaZones.res", 43_264, True),
        ("cnvalias.icu", 63_984, True),
        ("gb18030.cnv", 232_816, True),
        ("ibm-1386_P100-2001.cnv", 116_704, True),  # GBK
        ("ibm-5348_P100-1997.cnv", 1_500, True),  # windows-1252: single-byte tables stay
        ("ja.res", 50_000, False),
        ("coll/ja.res", 300_000, False),
        ("de__PHONEBOOK.res", 100, False),
        ("ja_JP_TRADITIONAL.res", 100, False),
        ("zone/fr.res", 20_000, False),
        ("brkitr/cjdict.dict", 2_000_000, False),
        ("translit/root.res", 1_086_544, False),
        ("rbnf/zh.res", 7_216, False),
        ("unames.icu", 296_000, False),
        ("euc-tw-2014.cnv", 545_632, False),
        ("ibm-943_P15A-2003.cnv", 90_992, False),  # Shift-JIS
    ],
)
def test_which_items_stay(item: str, size: int, kept: bool) -> None:
    assert icu_trim.keep(item, size) is kept


def _qt_icu_data() -> Path:
    from importlib.util import find_spec

    spec = find_spec("PySide6")
    assert spec is not None and spec.origin is not None
    found = sorted((Path(spec.origin).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 build does not ship ICU (Windows and macOS use the system's)")
    return found[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux wheels ship ICU data")
def test_trimmed_library_serves_chinese_and_is_small(tmp_path: Path) -> None:
    if icu_trim.missing_tools():
        pytest.skip(f"needs {', '.join(icu_trim.missing_tools())} (apt-get install icu-devtools binutils)")
    original = _qt_icu_data()
    trimmed = icu_trim.trim(original, tmp_path / "work")
    assert trimmed.name == original.name
    assert trimmed.stat().st_size < original.stat().st_size / 4
    # Qt's own libicuuc/libicui18n (RUNPATH $ORIGIN) next to the trimmed data, used from a fresh process.
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(trimmed, lib)
    for name in ("libicuuc", "libicui18n"):
        shutil.copy(next(original.parent.glob(f"{name}.so.*")), lib)
    version = original.name.rsplit(".", 1)[1]
    probe = textwrap.dedent(f"""
        import ctypes, sys
        uc = ctypes.CDLL({str(lib)!r} + "/libicuuc.so.{version}")
        i18n = ctypes.CDLL({str(lib)!r} + "/libicui18n.so.{version}")
        def call(lib, name, *args):
            status = ctypes.c_int(0)
            fn = getattr(lib, name + "_{version}")
            fn.restype = ctypes.c_void_p
            return fn(*args, ctypes.byref(status)), status.value
        collator, status = call(i18n, "ucol_open", b"zh_CN")
        assert status <= 0, ("ucol_open", status)
        strcoll = i18n.ucol_strcoll_{version}
        strcoll.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, ctypes.c_char_p, ctypes.c_int32]
        # UTF-16 strings of one unit each: li (U+674E) sorts before zhang (U+5F20) only in pinyin order.
        assert strcoll(collator, "李".encode("utf-16-le"), 1, "张".encode("utf-16-le"), 1) == -1, "pinyin order"
        for codec in (b"GB18030", b"GBK", b"GB2312", b"windows-1252"):
            assert call(uc, "ucnv_open", codec)[1] <= 0, codec
        assert call(uc, "ucnv_open", b"Shift_JIS")[1] > 0, "Shift_JIS should be gone"
        assert call(uc, "ures_open", None, b"zh_Hans_CN")[1] <= 0, "Chinese locale data"
        print("ok")
    """)
    env = {**os.environ, "LD_LIBRARY_PATH": str(lib)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_package_items_reads_the_table_of_contents(tmp_path: Path) -> None:
    """A two-item package in ICU's layout: header, count, (name, data) offsets, names, data."""
    header = (32).to_bytes(2, "little") + b"\xda\x27" + bytes(28)
    names = b"pkg/a.res\0pkg/coll/b.res\0"
    toc_size = 4 + 2 * 8
    data_start = toc_size + len(names)
    toc = (2).to_bytes(4, "little")
    toc += toc_size.to_bytes(4, "little") + data_start.to_bytes(4, "little")
    toc += (toc_size + 10).to_bytes(4, "little") + (data_start + 16).to_bytes(4, "little")
    package = tmp_path / "pkg.dat"
    package.write_bytes(header + toc + names + bytes(16) + bytes(48))
    assert icu_trim.package_items(package) == {"pkg/a.res": 16, "pkg/coll/b.res": 48}
