"""At 200 % text on a small laptop, Today opens with the next session's Start in view.

Seen on a 1024×600 laptop at 200 % (a common case: older patients with poor eyesight on
cheap laptops): Today opened on "Good morning" and "Sunday 6 December · day 20 of 28 of
your programme" in three large lines, in 32 px margins; Start began 321 px down a
505 px view and ended below the fold, so the patient saw no way to begin without
scrolling. The page opens at its top on purpose (a "contact your care team now" flag
comes first, above Start), so Start itself must be high enough to be seen there; with
such a flag, the flag is in view and Start comes straight under it.

The window is the real main window on a real data folder with three weeks of demo data
(a morning and an evening routine, check-ups flagged, recent sessions), at the content
size of a maximised window on a 1024×600 and a 1366×768 screen (the screen less a 40 px
title bar, as ``test_layout`` uses), in English and Chinese: in the morning (the morning
routine next), in the evening (the evening routine next, the longest title) and on an
evening with the longest English date ("Wednesday 30 September").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from cipn_coach import i18n
from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.cli.demo import fill_demo
from cipn_coach.services import open_services
from cipn_coach.settings import preferences as prefs
from tests.ui.test_layout import settle
from tests.ui.windows import open_main_window
from ui.main_window import MainWindow
from ui.pages.today import TodayPage
from ui.theme import CALM, style_sheet

MORNING = datetime(2026, 12, 6, 8, 0)
EVENING = datetime(2026, 12, 6, 18, 30)
LONG_DATE_EVENING = datetime(2026, 9, 30, 18, 30)  # "Wednesday 30 September": the longest
SIZES = ((1024, 560), (1366, 728))  # a maximised window's content on each screen
LANGUAGES = (i18n.ENGLISH, i18n.CHINESE_HK)


@pytest.fixture
def open_today(qtbot, tmp_path) -> Iterator:
    """A function that opens the main window at 200 % text on Today, in ``language``, at
    ``now`` and ``size``; with ``fall``, today's check-in noted a fall (the red flag)."""
    opened = []

    def open_at(language: str, now: datetime, size: tuple[int, int], fall: bool) -> MainWindow:
        i18n.set_language(language)
        services = open_services(tmp_path / "data", language=language)
        opened.append(services)
        fill_demo(services, 20, now)
        if fall:
            values = CheckInValues.parse({"hands": 7, "feet": 6, "pain": 4, "falls": 1})
            services.checkins.save(
                now.date(), values, now.replace(hour=7, tzinfo=UTC), today=now.date()
            )
        services.preferences.set(prefs.TEXT_SCALE, 2.0)
        window = open_main_window(qtbot, services, now, size=size)
        settle()
        return window

    yield open_at
    QApplication.instance().setStyleSheet(style_sheet(CALM, 1.0))  # the next test's size
    for services in opened:
        services.close()


def in_viewport(today: TodayPage, widget: QWidget) -> QRect:
    """``widget``'s rectangle in the visible part of Today's scroll area."""
    viewport = today.findChild(QScrollArea).viewport()
    return QRect(widget.mapTo(viewport, widget.rect().topLeft()), widget.size())


def viewport_rect(today: TodayPage) -> QRect:
    return today.findChild(QScrollArea).viewport().rect()


def urgent_cards(today: TodayPage) -> list[QWidget]:
    return [c for c in today.flag_cards if c.property("role") == "flag"]


CASES = [
    pytest.param(
        language, now, size, id=f"{i18n.TAGS[language]}-{now:%m%d-%H%M}-{size[0]}x{size[1]}"
    )
    for language in LANGUAGES
    for now in (MORNING, EVENING, LONG_DATE_EVENING)
    for size in SIZES
]


@pytest.mark.parametrize(("language", "now", "size"), CASES)
def test_start_is_in_view_as_today_opens_at_200_percent(open_today, language, now, size):
    window = open_today(language, now, size, fall=False)
    today = window.today
    start = today.start_button
    assert start.isEnabled() and start.hasFocus()
    assert urgent_cards(today) == []
    shown, viewport = in_viewport(today, start), viewport_rect(today)
    assert viewport.contains(shown), (
        f"Start {start.text_shown()!r} at {shown.top()}–{shown.bottom()}, "
        f"the view shows 0–{viewport.bottom()}"
    )


@pytest.mark.parametrize("now", (MORNING, EVENING), ids=("0800", "1830"))
@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: i18n.TAGS[language])
def test_an_urgent_flag_comes_first_and_start_right_under_it(open_today, language, now):
    window = open_today(language, now, SIZES[0], fall=True)
    today = window.today
    cards, start = urgent_cards(today), today.start_button
    assert len(cards) == 1 and start.hasFocus()
    card, shown = in_viewport(today, cards[0]), in_viewport(today, start)
    viewport = viewport_rect(today)
    heading_lines = 2 * cards[0].fontMetrics().lineSpacing()
    assert 0 <= card.top() and card.top() + heading_lines <= viewport.bottom()  # in view
    assert card.bottom() < shown.top()
    # nothing between them: Start comes straight after what must be read first
    gap = shown.top() - card.bottom() - 1
    spacing = today.findChild(QScrollArea).widget().layout().spacing()
    assert gap <= spacing, f"{gap} px between the flag and Start"


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: i18n.TAGS[language])
def test_the_no_speaker_notice_comes_right_under_start_in_the_page_text_size(open_today, language):
    """No speaker or headphones: Today says so right under Start, in the page's text size.
    Above Start, in a session caption's size (20 pt, 40 at 200 %), it took 458 px for two
    sentences and Start began at 628 px of a 505 px view. It tells how the session will
    go (captions, no voice), which nothing needs before Start is seen: the patient finds
    Start, and reads the notice under it."""
    from ui.speech import NO_SOUND_MESSAGE

    window = open_today(language, EVENING, SIZES[0], fall=False)
    today = window.today
    today.show_notice(i18n._(NO_SOUND_MESSAGE))
    settle()
    notice, start = in_viewport(today, today.notice), in_viewport(today, today.start_button)
    viewport = viewport_rect(today)
    assert viewport.contains(start), (
        f"Start at {start.top()}–{start.bottom()}, the view shows 0–{viewport.bottom()}"
    )
    spacing = today.findChild(QScrollArea).widget().layout().spacing()
    assert 0 <= notice.top() - start.bottom() - 1 <= spacing  # nothing between them
    assert today.notice.fontInfo().pixelSize() <= today.day_line.fontInfo().pixelSize()
