"""Trim the ICU data that PySide6's Linux wheels ship (libicudata.so.NN, about 32 MB) for the bundle.

Qt uses ICU for four things only (the `u*_NN` symbols libQt6Core imports): collation (`ucol_*`), case
mapping (`u_strToLower/Upper`), time-zone names (`ucal_*`) and text codecs (`ucnv_*`). The program's
users work in Chinese, so the bundle keeps the ICU data those calls need for the root, Chinese and
English locales, the mainland Chinese and single-byte codecs, and drops the rest: locale data of
the other ~800 locales, break-iteration dictionaries, transliteration, spell-out rules and the
large East Asian codecs of other regions.

ICU's own `icupkg` (Debian: icu-devtools) removes the items and checks that every remaining item's
dependencies are still in the package. binutils' `as` and `ld` wrap the result in a shared library
with the same soname and data symbol as the original, which is what libicuuc links against.
Windows and macOS wheels do not ship ICU data, so this is a Linux-only step. When a tool is
missing the build keeps the full library and says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

#: Languages whose locale data stays (plus "root", the parent of every locale).
KEEP_LANGUAGES = {"root", "zh", "en"}
#: Locale-data trees Qt's ICU calls never read (break iteration, transliteration, number spell-out).
DROP_TREES = {"brkitr", "translit", "rbnf"}
#: Items of the package root Qt's calls never read: Unicode character names and spoof checking.
DROP_ITEMS = {"unames.icu", "confusables.cfu"}
#: Multi-byte codecs kept: mainland Chinese ones (GB 18030, GBK, GB 2312, EUC-CN).
KEEP_CODECS = {"gb18030.cnv", "ibm-1386_P100-2001.cnv", "windows-936-2000.cnv", "ibm-5478_P100-1995.cnv",
               "ibm-1383_P110-1999.cnv"}
#: Codec tables below this size are single-byte (Latin, Cyrillic…) and kept.
SMALL_CODEC_BYTES = 20_000

# Locale ids: language, then script/region/variant parts (possibly empty, as in "de__PHONEBOOK").
_LOCALE = re.compile(r"^(?P<lang>[a-z]{2,3}|root)(_[A-Za-z0-9]*)*\.res$")
_DEPENDS = re.compile(r"^Item (\S+) depends on missing item (\S+)$")


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(symbol name, file offset, size) of the ICU common data inside libicudata.so."""
    syms = subprocess.run(["readelf", "-W", "--dyn-syms", str(library)], capture_output=True, text=True, check=True)
    for line in syms.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 8 and re.fullmatch(r"icudt\d+_dat", fields[7]):
            address, size, name = int(fields[1], 16), int(fields[2], 0), fields[7]
            break
    else:
        raise ValueError(f"{library} has no icudtNN_dat symbol")
    # Map the symbol's address to a file offset through the program headers (PT_LOAD segments).
    heads = subprocess.run(["readelf", "-W", "-l", str(library)], capture_output=True, text=True, check=True)
    for line in heads.stdout.splitlines():
        fields = line.split()
        if fields and fields[0] == "LOAD":
            offset, vaddr, filesz = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if vaddr <= address < vaddr + filesz:
                return name, offset + address - vaddr, size
    raise ValueError(f"{name} is outside every loaded segment of {library}")


def keep(item: str, size: int) -> bool:
    """Whether an item of the package (named like 'coll/zh.res' or 'gb18030.cnv') stays."""
    tree, _, leaf = item.rpartition("/")
    if tree in DROP_TREES or item in DROP_ITEMS:
        return False
    if leaf.endswith(".cnv"):
        return leaf in KEEP_CODECS or size < SMALL_CODEC_BYTES
    match = _LOCALE.match(leaf)
    if match and leaf != "res_index.res":
        return match["lang"] in KEEP_LANGUAGES
    return True


def package_items(package: Path) -> dict[str, int]:
    """Item name as stored (with the package prefix, 'icudt73l/coll/zh.res') → size in bytes, read
    from the package's table of contents (ICU's offset-ToC format: count, then name and data offsets)."""
    data = package.read_bytes()
    header = int.from_bytes(data[0:2], "little")
    count = int.from_bytes(data[header:header + 4], "little")
    entries = [(int.from_bytes(data[header + 4 + 8 * i:header + 8 + 8 * i], "little"),
                int.from_bytes(data[header + 8 + 8 * i:header + 12 + 8 * i], "little")) for i in range(count)]
    ends = [offset for _, offset in entries[1:]] + [len(data) - header]
    items = {}
    for (name_offset, offset), end in zip(entries, ends, strict=True):
        name = data[header + name_offset:data.index(b"\0", header + name_offset)].decode("ascii")
        items[name] = end - offset
    return items


def missing_tools() -> list[str]:
    return [tool for tool in ("readelf", "icupkg", "as", "ld") if shutil.which(tool) is None]


def trim(library: Path, workdir: Path) -> Path:
    """Write a trimmed copy of `library` (libicudata.so.NN) into `workdir` and return its path."""
    workdir.mkdir(parents=True, exist_ok=True)
    symbol, offset, size = data_symbol(library)
    version = symbol[len("icudt"):-len("_dat")]
    package = f"icudt{version}l"  # the item prefix ICU looks for; icupkg names it after the output file
    full = workdir / "full" / f"{package}.dat"
    full.parent.mkdir(exist_ok=True)
    with library.open("rb") as source:
        source.seek(offset)
        full.write_bytes(source.read(size))
    sizes = {name.split("/", 1)[1]: size for name, size in package_items(full).items()}
    removed = {item for item, item_size in sizes.items() if not keep(item, item_size)}
    trimmed = workdir / f"{package}.dat"
    # icupkg refuses a package in which a kept item depends on a removed one (a codec that extends a
    # removed codec, a locale alias whose target is gone); such items go too, and icupkg checks again.
    for _ in range(5):
        (workdir / "remove.txt").write_text("\n".join(sorted(removed)) + "\n", encoding="ascii")
        run = subprocess.run(["icupkg", "-r", str(workdir / "remove.txt"), str(full), str(trimmed)],
                             capture_output=True, text=True)
        if run.returncode == 0:
            break
        dependents = {m[1] for m in map(_DEPENDS.match, (run.stdout + run.stderr).splitlines()) if m}
        if not dependents:
            raise RuntimeError(f"icupkg failed: {run.stdout}{run.stderr}")
        removed |= dependents
    else:
        raise RuntimeError("icupkg kept finding items that depend on removed ones")
    kept = package_items(trimmed)
    if len(kept) != len(sizes) - len(removed) or any(not name.startswith(f"{package}/") for name in kept):
        raise RuntimeError(f"{trimmed}: expected {len(sizes) - len(removed)} items named {package}/…")
    assembly = workdir / "icudata.s"
    assembly.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, @object\n"
        "\t.balign 16\n"
        f"{symbol}:\n"
        f'\t.incbin "{trimmed}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    objfile = workdir / "icudata.o"
    subprocess.run(["as", "-o", str(objfile), str(assembly)], check=True)
    output = workdir / library.name
    subprocess.run(["ld", "-shared", "-soname", library.name, "-o", str(output), str(objfile)], check=True)
    print(f"ICU data trimmed: {size / 1e6:.1f} MB → {output.stat().st_size / 1e6:.1f} MB "
          f"({len(sizes) - len(removed)} of {len(sizes)} items kept; list in {workdir / 'remove.txt'})")
    return output
