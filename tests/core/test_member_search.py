"""Member search as the members page and the member picker use it."""

from __future__ import annotations

from typing import Any

from core.member_search import Narrowing, index_members, matching, pinyin_keys, search_query


def _rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, number, phone in (("张伟强", "11010519800512001X", "13912345678"), ("李娜", "110105199003080229", None),
                                ("解鹏波", "110105198001020145", "010-65123456")):
        full, initials = pinyin_keys(name)
        rows.append({"name": name, "pinyin": full, "initials": initials, "id_number": number, "phone": phone})
    index_members(rows)
    return rows


def _names(rows: list[dict[str, Any]]) -> list[str]:
    return [r["name"] for r in rows]


def test_found_by_name_pinyin_initials_id_number_or_phone() -> None:
    rows = _rows()
    for typed, expected in (("张伟", ["张伟强"]), ("zhangwei", ["张伟强"]), ("ZWQ", ["张伟强"]), ("0512001x", ["张伟强"]),
                            ("139123", ["张伟强"]), ("xpb", ["解鹏波"]), ("jpb", ["解鹏波"]), ("6512", ["解鹏波"]),
                            ("li na", ["李娜"]), ("1101051", ["张伟强", "李娜", "解鹏波"]), ("wang", [])):
        assert _names(matching(rows, search_query(typed))) == expected, typed


def test_narrowing_searches_what_the_last_query_found() -> None:
    rows = _rows()
    search: Narrowing[dict[str, Any]] = Narrowing()
    search.reset(rows)
    assert search.find("") is rows
    assert _names(search.find("n")) == ["张伟强", "李娜", "解鹏波"]
    assert _names(search.find("na")) == ["李娜"]
    assert _names(search.find("xie")) == ["解鹏波"]  # not an extension of “na”: the whole list again
    assert search.find(" ") is rows
