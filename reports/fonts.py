"""Chinese fonts for the PDFs: find, register and embed them, with per-character fallback.

reportlab embeds (subsets) TrueType-outline fonts only, so every font here is a ``glyf``
TrueType font or collection. The office's Windows fonts are used when present (宋体, 黑体,
仿宋, 楷体, 方正小标宋); otherwise the openly licensed fonts shipped in ``resources/fonts``.
A character the chosen font lacks is drawn from the next font of the chain; a character no
font has is reported by the caller, never printed as an empty box.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from core.resources import resource_file


class FontRole(StrEnum):
    """The typefaces a Chinese office prints with."""

    SONG = "song"  # 宋体: body text, tables
    HEI = "hei"  # 黑体: headings, labels
    FANG = "fang"  # 仿宋: 公文 body
    KAI = "kai"  # 楷体: signatures, notes
    TITLE = "title"  # 小标宋: 公文 titles and placard titles


ROLE_LABELS: dict[FontRole, str] = {
    FontRole.SONG: "宋体",
    FontRole.HEI: "黑体",
    FontRole.FANG: "仿宋",
    FontRole.KAI: "楷体",
    FontRole.TITLE: "小标宋",
}


@dataclass(frozen=True)
class FontFile:
    """One font on disk (``index`` selects the face inside a .ttc collection)."""

    key: str
    label: str
    filenames: tuple[str, ...]
    index: int = 0
    shipped: bool = False
    # File-name beginnings also accepted (lower case): a per-user font install may rename the
    # file (FZXBSJW_0.TTF), and vendors ship the same face under several names.
    prefixes: tuple[str, ...] = ()


# Windows fonts by their usual file names (also found when copied into a Linux font folder).
_SIMSUN = FontFile("simsun", "宋体", ("simsun.ttc", "SimSun.ttc", "simsun.ttf"))
_SIMSUN_EXTB = FontFile("simsunb", "宋体-ExtB", ("simsunb.ttf", "SimSun-ExtB.ttf"))
_SIMHEI = FontFile("simhei", "黑体", ("simhei.ttf", "SimHei.ttf"))
_FANGSONG = FontFile("simfang", "仿宋", ("simfang.ttf", "SimFang.ttf", "FangSong.ttf"))
_KAITI = FontFile("simkai", "楷体", ("simkai.ttf", "SimKai.ttf", "KaiTi.ttf"))
_XIAOBIAOSONG = FontFile(
    "fzxbs", "方正小标宋",
    ("FZXBSJW.TTF", "FZXBSJW--GB1-0.ttf", "方正小标宋简体.ttf", "FZXBSK.TTF", "方正小标宋_GBK.ttf", "FZXiaoBiaoSong-B05S.ttf"),
    prefixes=("fzxbs", "方正小标宋", "fzxiaobiaosong"),
)
_MSYH = FontFile("msyh", "微软雅黑", ("msyh.ttc", "msyh.ttf"))
# Shipped fallbacks (see resources/fonts/README.md for their origin and licences).
SHIPPED_SONG = FontFile("uming", "文鼎PL细上海宋", ("ARPLUMingCN-GB2312.ttf",), shipped=True)
SHIPPED_HEI = FontFile("wqyhei", "文泉驿微米黑", ("WenQuanYiMicroHei.ttf",), shipped=True)
SHIPPED_EXTB = FontFile("hanaminb", "花园明朝B", ("HanaMinB-ExtB.ttf",), shipped=True)

_CHAINS: dict[FontRole, tuple[FontFile, ...]] = {
    FontRole.SONG: (_SIMSUN, SHIPPED_SONG, _MSYH, SHIPPED_HEI),
    FontRole.HEI: (_SIMHEI, SHIPPED_HEI, _MSYH, _SIMSUN, SHIPPED_SONG),
    FontRole.FANG: (_FANGSONG, _SIMSUN, SHIPPED_SONG, SHIPPED_HEI),
    FontRole.KAI: (_KAITI, _SIMSUN, SHIPPED_SONG, SHIPPED_HEI),
    FontRole.TITLE: (_XIAOBIAOSONG, _SIMHEI, SHIPPED_HEI, _SIMSUN, SHIPPED_SONG),
}
# Last resort for every role: rare characters (CJK Extension B and beyond).
_RARE: tuple[FontFile, ...] = (_SIMSUN_EXTB, SHIPPED_EXTB)
# Every font the office may choose for a role (the print centre's font lists).
CHOOSABLE: tuple[FontFile, ...] = (_SIMSUN, _SIMHEI, _FANGSONG, _KAITI, _XIAOBIAOSONG, _MSYH, SHIPPED_SONG, SHIPPED_HEI)


def system_font_dirs() -> list[Path]:
    """Where an office PC keeps its fonts (Windows first, then the usual Linux/macOS folders)."""
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    if sys.platform == "win32":
        dirs.append(Path("C:/Windows/Fonts"))
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local" / "share" / "fonts",
        Path("/Library/Fonts"),
        home / "Library" / "Fonts",
    ]
    return [d for d in dirs if d.is_dir()]


def _index_dirs(dirs: Iterable[Path]) -> dict[str, Path]:
    """File name (lower case) → path, for every font file under ``dirs``."""
    found: dict[str, Path] = {}
    for base in dirs:
        for root, _subdirs, files in os.walk(base):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def _toUnicodeCMap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap writes code points above U+FFFF as 5 hex digits, which
    readers misread (𠇔 is extracted as ”). Write them as UTF-16 surrogate pairs instead."""

    def utf16(code: int) -> str:
        if code <= 0xFFFF:
            return f"{code:04X}"
        code -= 0x10000
        return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"

    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *[f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)],
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


ttfonts.makeToUnicodeCMap = _toUnicodeCMap


@dataclass
class LoadedFont:
    """A registered reportlab font and the characters it can draw."""

    name: str
    label: str
    shipped: bool
    path: Path
    font: TTFont
    chars: frozenset[int]

    def width(self, text: str, size: float) -> float:
        return float(self.font.stringWidth(text, size))


@dataclass
class FontSet:
    """The fonts one document uses: a fallback chain per role, loaded lazily.

    ``system=False`` uses only the shipped fonts (tests and golden images stay identical on
    every machine); ``extra_dirs`` adds folders searched before the system ones.
    """

    system: bool = True
    extra_dirs: tuple[Path, ...] = ()
    preferred: dict[FontRole, str] = field(default_factory=dict)
    _files: dict[str, Path] = field(default_factory=dict, init=False)
    _loaded: dict[str, LoadedFont | None] = field(default_factory=dict, init=False)
    _chains: dict[FontRole, list[FontFile]] = field(default_factory=dict, init=False)
    _runs_cache: dict[tuple[str, FontRole], list[tuple[str, LoadedFont | None]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        dirs = list(self.extra_dirs) + (system_font_dirs() if self.system else [])
        self._files = _index_dirs(dirs)
        for entry in (SHIPPED_SONG, SHIPPED_HEI, SHIPPED_EXTB):
            path = resource_file("fonts", entry.filenames[0])
            if path is not None:
                self._files[("shipped:" + entry.filenames[0]).lower()] = path

    # -- discovery -------------------------------------------------------------------------
    def _path_of(self, entry: FontFile) -> Path | None:
        for name in entry.filenames:
            key = ("shipped:" + name if entry.shipped else name).lower()
            if key in self._files:
                return self._files[key]
        for key in sorted(self._files):
            if key.startswith(entry.prefixes) and entry.prefixes:
                return self._files[key]
        return None

    def _load(self, entry: FontFile) -> LoadedFont | None:
        if entry.key in self._loaded:
            return self._loaded[entry.key]
        path = self._path_of(entry)
        loaded: LoadedFont | None = None
        if path is not None:
            name = f"SFG-{entry.key}"
            font: TTFont | None
            if name in pdfmetrics.getRegisteredFontNames():
                font = pdfmetrics.getFont(name)
            else:
                try:
                    font = TTFont(name, str(path), subfontIndex=entry.index)
                except (TTFError, OSError):
                    font = None  # an OpenType/CFF or damaged file: reportlab cannot embed it
                if font is not None:
                    pdfmetrics.registerFont(font)
            if font is not None:
                loaded = LoadedFont(name, entry.label, entry.shipped, path, font, frozenset(font.face.charToGlyph))
        self._loaded[entry.key] = loaded
        return loaded

    def chain(self, role: FontRole) -> list[LoadedFont]:
        """The fonts tried for ``role``, first choice first."""
        if role not in self._chains:
            entries = list(_CHAINS[role])
            wanted = self.preferred.get(role)
            if wanted:
                chosen = [e for e in CHOOSABLE if e.key == wanted]
                entries = chosen + [e for e in entries if e.key != wanted]
            self._chains[role] = entries + list(_RARE)
        result: list[LoadedFont] = []
        for entry in self._chains[role]:
            loaded = self._load(entry)
            if loaded is not None and all(loaded.name != r.name for r in result):
                result.append(loaded)
        return result

    def primary(self, role: FontRole) -> LoadedFont:
        fonts = self.chain(role)
        if not fonts:
            raise FontsMissingError("找不到可用的中文字体：本机没有宋体、黑体等字体，程序自带的字体文件也缺失，请重新安装本程序。")
        return fonts[0]

    def installed(self) -> list[tuple[str, str]]:
        """(key, label) of the choosable fonts found on this machine or shipped."""
        return [(e.key, e.label) for e in CHOOSABLE if self._path_of(e) is not None]

    def available(self) -> dict[FontRole, str]:
        """Which font each role prints with (for the print centre and ``docs``)."""
        return {role: self.primary(role).label for role in FontRole}

    # -- per-character fallback -------------------------------------------------------------
    def runs(self, text: str, role: FontRole) -> list[tuple[str, LoadedFont | None]]:
        """Split ``text`` into runs drawn by one font each; ``None`` marks characters no font has."""
        key = (text, role)
        cached = self._runs_cache.get(key)
        if cached is not None:
            return cached
        fonts = self.chain(role)
        result: list[tuple[str, LoadedFont | None]] = []
        for ch in text:
            code = ord(ch)
            chosen: LoadedFont | None = None
            if code < 0x20 or ch in "\u200b\ufeff":
                continue
            for font in fonts:
                if code in font.chars:
                    chosen = font
                    break
            if result and result[-1][1] is chosen:
                result[-1] = (result[-1][0] + ch, chosen)
            else:
                result.append((ch, chosen))
        if len(self._runs_cache) > 50_000:
            self._runs_cache.clear()
        self._runs_cache[key] = result
        return result

    def missing(self, text: str, role: FontRole) -> list[str]:
        """Characters of ``text`` that no font in the chain can draw, in order, once each."""
        seen: list[str] = []
        for run, font in self.runs(text, role):
            if font is None:
                for ch in run:
                    if ch not in seen:
                        seen.append(ch)
        return seen

    def width(self, text: str, role: FontRole, size: float) -> float:
        total = 0.0
        for run, font in self.runs(text, role):
            total += font.width(run, size) if font is not None else size * len(run)
        return total


class FontsMissingError(RuntimeError):
    """No Chinese font at all: the installation is broken."""


def describe_char(ch: str) -> str:
    """“𠇔”（U+201D4）: how a problem message names a character."""
    return f"“{ch}”（U+{ord(ch):04X}）"
