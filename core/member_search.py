"""Finding members as the clerk types: pinyin search keys and the match itself.

A member is found by name, full pinyin, pinyin initials (zwq → 张伟强), ID number or phone. The
pinyin keys are stored with each member (``pinyin_keys``, computed when the member is written);
a list being searched gives each row one lower-case search text (``index_members``), so that a
keystroke is a single pass of ``in`` over the list (``matching``), and typing one more letter
only searches the rows already found (``Narrowing``). The members page and the post editor's
member picker both search this way.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping, Sequence
from functools import lru_cache
from typing import Any, Generic, TypeVar

from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PHRASES_DICT

SEARCH_TEXT = "_search_text"  # the key ``index_members`` adds to each row

_CHAR_READING: dict[str, str | None] = {}

MemberRow = TypeVar("MemberRow", bound=MutableMapping[str, Any])


def _char_reading(char: str) -> str | None:
    """The toneless pinyin pypinyin gives a Han character on its own (None for anything else)."""
    if char not in _CHAR_READING:
        reading = None
        if "\u3400" <= char <= "\u9fff":
            syllables = lazy_pinyin(char, errors="ignore")
            if len(syllables) == 1 and syllables[0].isascii() and syllables[0].isalpha():
                reading = syllables[0]
        _CHAR_READING[char] = reading
    return _CHAR_READING[char]


@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials used by the search box (张伟强 → zhangweiqiang, zwq).

    A name containing no word of pypinyin's phrase dictionary is read character by character,
    which is what pypinyin's segmentation does for it anyway, only much faster (roster imports);
    other names go through pypinyin whole so that 单/曾/乐 in known phrases read right.
    """
    readings = [_char_reading(c) for c in name]
    size = len(name)
    plain = all(readings) and not any(name[i:j] in PHRASES_DICT for i in range(size) for j in range(i + 2, size + 1))
    syllables = [r for r in readings if r] if plain else [s for s in lazy_pinyin(name, errors="ignore") if s]
    full, initials = "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()
    # A surname may be read differently from the same character elsewhere (解 xiè, 翟 zhái, 覃 qín,
    # 曾 zēng, 单 shàn): the search also finds the name by every other reading of its first character.
    if syllables and readings and readings[0]:
        rest = syllables[1:]
        for other in _surname_readings(name[0]):
            if other != syllables[0]:
                full += " " + other + "".join(rest).lower()
                initials += " " + other[0] + "".join(s[0] for s in rest).lower()
    return full, initials


@lru_cache(maxsize=4096)
def _surname_readings(char: str) -> tuple[str, ...]:
    """Every toneless reading pypinyin knows for ``char`` (heteronyms), in its order."""
    found = [r for r in pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")[0] if r.isascii() and r.isalpha()]
    return tuple(dict.fromkeys(r.lower() for r in found))


def index_members(rows: Iterable[MutableMapping[str, Any]]) -> None:
    """Give each member row (name, pinyin, initials, id_number, phone) its search text."""
    for row in rows:
        row[SEARCH_TEXT] = "\x00".join(
            (row["name"], row["pinyin"] or "", row["initials"] or "", row["id_number"], row["phone"] or "")
        ).lower()


def search_query(typed: str) -> str:
    """What the clerk typed, as it is matched: lower case, spaces left out (“zhang wei” finds 张伟)."""
    return typed.strip().lower().replace(" ", "")


def matching(rows: Sequence[MemberRow], query: str) -> list[MemberRow]:
    """The rows (indexed by ``index_members``) whose search text contains ``query``, in order."""
    return [row for row in rows if query in row[SEARCH_TEXT]]


class Narrowing(Generic[MemberRow]):
    """Search as you type over one list: a query that extends the last one only searches the rows
    the last one found (20,000 members stay fast)."""

    def __init__(self) -> None:
        self._base: list[MemberRow] = []
        self._query = ""
        self._found: list[MemberRow] = []

    def reset(self, base: list[MemberRow]) -> None:
        """Search ``base`` from now on (the list itself is returned for an empty query)."""
        self._base, self._query, self._found = base, "", base

    def find(self, typed: str) -> list[MemberRow]:
        query = search_query(typed)
        if not query:
            found = self._base
        else:
            pool = self._found if self._query and query.startswith(self._query) else self._base
            found = matching(pool, query)
        self._query, self._found = query, found
        return found
