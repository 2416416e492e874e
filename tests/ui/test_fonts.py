"""Every Chinese character the app can show has a glyph in the font it chooses (no tofu).

The characters are read from where they come from: the zh_HK catalogue's translations
and the exercises' and routines' ``[zh_HK]`` tables. The chosen font itself is asked
(``QRawFont.supportsCharacter``; ``QFontMetrics.inFontUcs4`` would answer for the
fallback too: it says yes for DejaVu Sans), not Qt's fallback, which may find another font on a
developer's machine and none on a patient's.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from PySide6.QtGui import QFont, QRawFont

from cipn_coach import i18n, paths
from cipn_coach.catalogues import po_file
from ui.fonts import CJK_FAMILIES, cjk_family, families_for


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def chinese_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every translation and every ``[zh_HK]`` data text."""
    with po_file(i18n.CHINESE_HK).open("rb") as source:
        for message in read_po(source, locale=i18n.CHINESE_HK):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                if message.id and text:
                    yield f"catalogue: {message.id!r}", text
    for file in sorted(paths.exercises_dir().rglob("*.toml")):
        table = tomllib.loads(file.read_text(encoding="utf-8")).get("zh_HK", {})
        for text in _strings(table):
            yield f"{file.name} [zh_HK]", text


def missing_glyphs(family: str) -> dict[str, str]:
    """Character → where it is used, for the characters ``family`` has no glyph for."""
    raw = QRawFont.fromFont(QFont(family))
    assert raw.isValid(), family
    missing: dict[str, str] = {}
    for where, text in chinese_texts():
        for char in text:
            if char.isspace() or ord(char) < 0x80:
                continue  # ASCII: every font has it (and the fallback draws it anyway)
            if char not in missing and not raw.supportsCharacter(ord(char)):
                missing[char] = where
    return missing


def test_the_data_has_chinese_to_check(qapp: object) -> None:
    texts = [text for _where, text in chinese_texts()]
    assert sum(1 for t in texts if any("\u4e00" <= c <= "\u9fff" for c in t)) > 500


def test_a_hong_kong_or_traditional_font_is_chosen(qapp: object) -> None:
    family = cjk_family()
    assert family in CJK_FAMILIES, "no CJK font installed: run .ci/system-deps.sh"
    # Debian's fonts-noto-cjk (in the test set-up) has the Hong Kong forms
    assert family == "Noto Sans CJK HK"


def test_the_chosen_font_draws_every_chinese_character(qapp: object) -> None:
    missing = missing_glyphs(cjk_family())
    assert not missing, {f"U+{ord(c):04X} {c}": where for c, where in missing.items()}


@pytest.mark.parametrize("family", ["WenQuanYi Micro Hei"])
def test_the_fallback_font_draws_them_too(qapp: object, family: str) -> None:
    """Without fonts-noto-cjk, the font of the older set-up must do as well."""
    if QRawFont.fromFont(QFont(family)).familyName() != family:
        pytest.skip(f"{family} not installed")
    missing = missing_glyphs(family)
    assert not missing, {f"U+{ord(c):04X} {c}": where for c, where in missing.items()}


def test_chinese_puts_the_cjk_font_first_english_second(qapp: object) -> None:
    assert families_for(i18n.CHINESE_HK, "DejaVu Sans") == ["Noto Sans CJK HK", "DejaVu Sans"]
    assert families_for(i18n.ENGLISH, "DejaVu Sans") == ["DejaVu Sans", "Noto Sans CJK HK"]


def test_english_is_drawn_in_the_system_font_not_the_chinese_one(qapp) -> None:
    """The system's font is often named by a generic alias ("Sans Serif" where no desktop
    sets one): as the first of a list of families, Qt skips an alias and took the CJK
    font, so English was drawn in Noto Sans CJK's Latin letters and its taller lines
    (52 px a line at 200 % instead of DejaVu Sans's 41): every page grew a fifth taller,
    and on 1024×600 at 200 % the navigation and a session's first caption were cut. The
    CJK font stays behind the system's, for a Chinese name or title."""
    from PySide6.QtGui import QFontInfo

    from ui.fonts import use_language_font

    own = QFont(qapp.font())
    system = QFontInfo(own).family()
    try:
        i18n.set_language(i18n.ENGLISH)
        use_language_font(qapp)
        assert QFontInfo(qapp.font()).family() == system
        assert qapp.font().families() == [system, cjk_family()]
    finally:
        qapp.setFont(own)
