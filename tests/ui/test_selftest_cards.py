"""Progress's self-test cards: the chart with the band shaded and the first result
ringed, the latest result in words, the band's source, and a button per due test."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cipn_coach.selftests.library import band_for, load_selftests
from cipn_coach.selftests.service import ProgressCard
from ui.selftests.cards import SelfTestCards

TESTS = load_selftests()
DAY = date(2026, 11, 2)


def chair_card() -> ProgressCard:
    test = TESTS["chair_stand_30s"]
    band = band_for(test, 1954, "female", DAY).band
    points = [
        (DAY, 8.0, None, False),
        (date(2026, 11, 9), 6.0, None, True),
        (date(2026, 11, 16), 11.0, None, False),
    ]
    return ProgressCard(
        test,
        points,
        band,
        None,
        "30-second chair stand: 11 stands (first test: 8). Typical for women 70–74: 10–15 stands.",
    )


def test_cards_show_band_words_source_and_start_a_due_test_by_keyboard(qtbot):
    cards = SelfTestCards()
    qtbot.addWidget(cards)
    cards.resize(700, 700)
    cards.show()
    qtbot.waitExposed(cards)
    cards.show_cards([chair_card()], [TESTS["single_leg_stance"]])
    assert not cards.empty.isVisible()
    card = cards.cards[0]
    assert "first test: 8" in card.words.text()
    assert "Rikli" in card.source.text()
    described = card.chart.accessibleDescription()
    assert "stopped for safety" in described and "10–15 stands" in described
    image = card.chart.grab().toImage()
    shaded = QColor("#CFE3D0").rgb()
    assert any(
        image.pixel(x, y) == shaded
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )  # the band is painted
    started = []
    cards.start_test.connect(started.append)
    button = cards.buttons["single_leg_stance"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert started == ["single_leg_stance"]


def test_no_results_yet_says_so_plainly(qtbot):
    cards = SelfTestCards()
    qtbot.addWidget(cards)
    cards.show()
    cards.show_cards([], [])
    assert cards.empty.isVisible() and "No self-test yet" in cards.empty.text()
