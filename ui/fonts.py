"""Which installed font draws the Chinese words (issue 14 §3): no empty boxes ("tofu").

Qt's own fallback, left to itself, takes whichever CJK font fontconfig lists first —
often a Japanese or Simplified Chinese one, whose shapes of some characters differ from
those Hong Kong readers learnt, or none at all on a machine with no CJK font configured
as a fallback. So the app names the font itself: the first of ``CJK_FAMILIES`` that is
installed, Hong Kong's forms before Taiwan's, then the fonts that only cover the
characters. In Chinese it is the whole UI's font (its Latin letters are fine too); in
English it comes right after the usual font, for a Chinese name or an exercise title.

Debian/Ubuntu: ``fonts-noto-cjk`` (Noto Sans CJK HK/TC) or ``fonts-wqy-microhei``
(.ci/system-deps.sh installs both for the tests).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from cipn_coach import i18n

# Hong Kong's character forms first, then Traditional Chinese, then fonts that cover them
CJK_FAMILIES = (
    "Noto Sans CJK HK",
    "Noto Sans HK",
    "Source Han Sans HK",
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "Source Han Sans TC",
    "Microsoft JhengHei",
    "PingFang HK",
    "PingFang TC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)


def cjk_family() -> str | None:
    """The first installed font of ``CJK_FAMILIES``; ``None`` when there is none."""
    installed = set(QFontDatabase.families())
    return next((family for family in CJK_FAMILIES if family in installed), None)


def families_for(language: str, usual: str) -> list[str]:
    """The font families, in order of use, for the UI in ``language``: the CJK font
    first in Chinese, second (after ``usual``, the system's font) in English."""
    cjk = cjk_family()
    if cjk is None:
        return [usual]
    return [cjk, usual] if language == i18n.CHINESE_HK else [usual, cjk]


def use_language_font(app: QApplication) -> None:
    """Give the application the font of its language (the style sheet sets sizes only,
    so every widget inherits the families).

    The system's font is named as the family Qt really draws with (``QFontInfo``): its
    own name is often a generic alias ("Sans Serif" where no desktop sets a font), which
    Qt skips as the first of a list of families, taking the CJK font for English too."""
    font = QFont(app.font())
    font.setFamilies(families_for(i18n.language(), QFontInfo(app.font()).family()))
    app.setFont(font)
