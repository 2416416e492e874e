"""The words under the countdown ("get ready", "rest", "seconds") are as big as the
page's own text: the reader chose 200 % for a reason. They were drawn at 7.5 % of the
ring's side whatever the text size (14-22 px on a small laptop, against 36 px of
body text at 200 %), and shrink now only when they would not fit inside the ring."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication

from ui.theme import CALM, style_sheet
from ui.widgets.ring import CountdownRing

from .windows import show_window


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("words", ["get ready", "switch side", "準備"])
def test_the_words_under_the_count_are_as_big_as_the_page_s_text(qtbot, scale, words):
    QApplication.instance().setStyleSheet(style_sheet(CALM, scale))
    ring = CountdownRing()
    show_window(qtbot, ring, (320, 320), activate=False)
    ring.set_values(1.0, "12", words)
    side = ring.count_side()
    font = ring.words_font(side)
    assert font.pixelSize() >= QFontInfo(ring.font()).pixelSize()
    assert QFontMetrics(font).horizontalAdvance(words) <= side * 0.8  # inside the ring


def test_on_the_smallest_ring_long_words_shrink_to_fit_inside_it(qtbot):
    QApplication.instance().setStyleSheet(style_sheet(CALM, 2.0))
    ring = CountdownRing()
    show_window(qtbot, ring, (150, 150), activate=False)
    ring.set_values(1.0, "12", "switch side")
    side = ring.count_side()
    assert QFontMetrics(ring.words_font(side)).horizontalAdvance("switch side") <= side * 0.8
