"""Chinese line breaking, shrink-to-fit and the fonts' per-character fallback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.fonts import FontRole, FontSet
from reports.text import NO_LINE_END, NO_LINE_START, TextStyle, break_lines, fit, tokens

CJK = "党员示范岗服务群众热情接待按规定办理各项业务做好政策宣传解释"
PUNCT = "，。、；：！？）》」』”’（《「『“‘"


def test_closing_punctuation_never_starts_a_line(shipped_fonts: FontSet) -> None:
    text = "负责社保业务受理，热情接待办事群众，按规定办理各项业务。"
    size = 12
    # Choose a width at which the comma would fall at the start of the second line.
    width = shipped_fonts.width("负责社保业务受理", FontRole.SONG, size) + 0.5
    lines = break_lines(shipped_fonts, text, FontRole.SONG, size, width)
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert "".join(lines) == text


def test_opening_punctuation_never_ends_a_line(shipped_fonts: FontSet) -> None:
    text = "请在“满意”“基本满意”“不满意”中选择一项打“√”"
    for chars in range(3, 12):
        width = shipped_fonts.width("请" * chars, FontRole.SONG, 10) + 0.1
        lines = break_lines(shipped_fonts, text, FontRole.SONG, 10, width)
        assert all(line[-1] not in NO_LINE_END for line in lines if line)


def test_latin_words_and_numbers_stay_whole() -> None:
    assert "SFG2025001" in tokens("岗牌编号SFG2025001号")
    assert "010-65123456" in tokens("监督电话：010-65123456")


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=CJK + PUNCT + "AB12 ", min_size=1, max_size=80), st.integers(min_value=3, max_value=20))
def test_breaking_keeps_text_and_rules(text: str, chars: int) -> None:
    fonts = _FONTS
    width = fonts.width("党" * chars, FontRole.SONG, 10) + 0.1
    lines = break_lines(fonts, text, FontRole.SONG, 10, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for i, line in enumerate(lines):
        if not line:
            continue
        if i > 0 and line[0] in NO_LINE_START:
            # Allowed only when the previous line could not give a character away (all punctuation).
            assert all(ch in NO_LINE_START or ch in NO_LINE_END for ch in lines[i - 1])


def test_long_text_shrinks_then_reports(shipped_fonts: FontSet) -> None:
    style = TextStyle(FontRole.SONG, size=14, min_size=7)
    short = fit(shipped_fonts, "全年办理业务1796件。", 200, 30, style)
    assert short.fits and short.size == 14
    longer = fit(shipped_fonts, "热情接待办事群众" * 6, 200, 40, style)
    assert longer.fits and 7 <= longer.size < 14
    too_long = fit(shipped_fonts, "热情接待办事群众" * 80, 200, 40, style)
    assert not too_long.fits and too_long.size == 7
    assert too_long.lines[-1].endswith("…")


def test_ext_b_character_falls_back_to_another_font(shipped_fonts: FontSet) -> None:
    runs = shipped_fonts.runs("王𠇔", FontRole.SONG)
    assert [text for text, _ in runs] == ["王", "𠇔"]
    assert runs[0][1] is not None and runs[1][1] is not None
    assert runs[0][1].name != runs[1][1].name
    assert "HanaMinB" in runs[1][1].path.name
    assert shipped_fonts.missing("王𠇔", FontRole.SONG) == []


def test_character_no_font_has_is_found(shipped_fonts: FontSet) -> None:
    # U+2A700 is CJK Extension C: none of the shipped fonts draws it.
    assert shipped_fonts.missing("李\U0002a700明", FontRole.HEI) == ["\U0002a700"]


_FONTS = FontSet(system=False)


def test_office_fonts_are_preferred_and_broken_ones_skipped(tmp_path) -> None:
    import shutil

    from core.resources import resource_file

    windows = tmp_path / "Windows" / "Fonts"
    windows.mkdir(parents=True)
    shutil.copy(str(resource_file("fonts", "WenQuanYiMicroHei.ttf")), windows / "simhei.ttf")
    (windows / "simsun.ttc").write_bytes(b"OTTO not a TrueType font")  # e.g. a CFF font: cannot embed
    fonts = FontSet(system=False, extra_dirs=(windows,))
    assert fonts.primary(FontRole.HEI).label == "黑体"
    assert fonts.primary(FontRole.SONG).label == "文鼎PL细上海宋"  # broken 宋体 skipped
    assert ("simhei", "黑体") in fonts.installed()
    chosen = FontSet(system=False, extra_dirs=(windows,), preferred={FontRole.SONG: "simhei"})
    assert chosen.primary(FontRole.SONG).label == "黑体"


def test_joined_words_never_break_and_lose_nothing(shipped_fonts: FontSet) -> None:
    from reports.text import WORD_JOINER, keep_together, visible

    title = "关于2026年第1批党员示范岗拟确定对象的公示"
    joined = keep_together(title, ["党员示范岗", "示范岗", "拟确定对象", "2026年第1批", "不在标题里"])
    assert visible(joined) == title and WORD_JOINER * 2 not in joined
    assert "党员示范岗" in tokens(joined) and "拟确定对象" in tokens(joined)
    for chars in range(3, 25):
        lines = break_lines(shipped_fonts, joined, FontRole.TITLE, 22, chars * 22 + 1)
        assert "".join(lines) == title
        for word in ("党员示范岗", "拟确定对象"):
            # A word narrower than the line is never split across two lines.
            assert chars < len(word) or any(word in line for line in lines), (chars, lines)


def test_renamed_xiaobiaosong_install_is_still_found(tmp_path) -> None:
    """Windows renames a per-user font file that clashes (FZXBSJW_0.TTF); the title font is still found."""
    import shutil

    from core.resources import resource_file

    fonts_dir = tmp_path / "Microsoft" / "Windows" / "Fonts"
    fonts_dir.mkdir(parents=True)
    shutil.copy(str(resource_file("fonts", "WenQuanYiMicroHei.ttf")), fonts_dir / "FZXBSJW_0.TTF")
    fonts = FontSet(system=False, extra_dirs=(fonts_dir,))
    assert fonts.primary(FontRole.TITLE).label == "方正小标宋"
