"""The Clinician page at 200 % text on a 1024×600 laptop: its section buttons wrap onto
three rows, and those rows must stay whole, with the section below giving up the height.

Seen on a screenshot of the real app (X11, 200 %, 1024×600): the page's column was
shorter than the header rows, the section area and the empty "last action" line
together, so the layout squeezed all three and cut "PIN", "Own exercises" and "Lock" in
half. The layout walk (``test_layout.py``) missed it because the offscreen platform's
menu bar and buttons are a few pixels smaller; here the window is 1024×520, the content
of a maximised window on a 600-pixel screen under a top bar, a title bar and a dock.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from cipn_coach.cli.demo import fill_demo
from cipn_coach.settings import preferences as prefs
from tests.ui.test_layout import layout_problems, settle
from tests.ui.windows import open_clinician_in_window

NOW = datetime(2026, 11, 20, 8, 0)


@pytest.mark.parametrize("message", ["", "Nothing changed in this patient's plan."])
def test_the_clinician_section_buttons_stay_whole_at_200_percent_on_a_short_screen(
    qtbot, services, message
):
    fill_demo(services, 20, NOW)
    services.preferences.set(prefs.TEXT_SCALE, 2.0)
    page = open_clinician_in_window(qtbot, services, NOW)
    page.show_status(message)
    settle()
    assert layout_problems(page) == []  # including the wrapping rows squeezed
