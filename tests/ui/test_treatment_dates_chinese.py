"""The treatment section's dates are written in the app's language.

Seen on the real app in Chinese (Settings → 治療, 1024×600 and 1366×768): the cycle
day and the end-of-treatment day read "6 December 2026" among Chinese words; their
date format was written in the code, not taken from the catalogue as the report
period's is ("yyyy年M月d日").
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QDateEdit

from cipn_coach import i18n
from ui.treatment.page import TreatmentSection

from .windows import show_window

TODAY = date(2026, 12, 6)


def shown_dates(qtbot) -> list[str]:
    section = TreatmentSection(TODAY)
    show_window(qtbot, section, size=(900, 700), activate=False)
    return [edit.text() for edit in section.findChildren(QDateEdit)]


def test_the_dates_are_in_chinese_in_chinese(qtbot):
    i18n.set_language("zh-HK")
    dates = shown_dates(qtbot)
    assert dates and all(text == "2026年12月6日" for text in dates), dates
    assert not [text for text in dates if re.search(r"[A-Za-z]", text)]


def test_the_dates_are_in_english_in_english(qtbot):
    dates = shown_dates(qtbot)
    assert dates and all(text == "6 December 2026" for text in dates), dates
