"""The first result's ring stays inside the plot. It was drawn 12 px from the axis with a
radius of about 17 px, so a first result near the top ran over the axis's number ("44"
half hidden under the ring on "Doing up five buttons") and could be cut at the top."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ui.theme import CALM, style_sheet
from ui.widgets.selftest_chart import SIDE_COLOURS, SelfTestChart

INK = QColor(SIDE_COLOURS[None])


def ink_columns(image, rows: range) -> set[int]:
    """The x of every pixel in ``rows`` of the dots' blue (the numbers are grey-black
    and the background cream: neither is much bluer than red)."""
    found = set()
    for y in rows:
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.blue() - pixel.red() > (INK.blue() - INK.red()) // 2:
                found.add(x)
    return found


def test_a_first_result_at_the_top_is_ringed_clear_of_the_axis_and_the_edge(qtbot):
    QApplication.instance().setStyleSheet(style_sheet(CALM, 1.0))
    chart = SelfTestChart()
    qtbot.addWidget(chart)
    chart.resize(640, 200)
    chart.set_data(
        [(date(2026, 11, 15), 40.0, None, False), (date(2026, 12, 1), 33.0, None, False)],
        None,
        "seconds",
    )
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    axis = chart.fontMetrics().horizontalAdvance("0000") + 12  # the plot's left edge
    assert {x for x in ink_columns(image, range(image.height())) if x < axis - 2} == set()
    assert ink_columns(image, range(0, 2)) == set()  # nothing cut at the top
