"""Settings says "✓ Saved" where it can be seen, whichever setting was changed.

Seen on the real app (1024×600, 100 % and 200 %): "✓ Saved" was a line under the last
setting, so changing the name, the voice or its speed at the top of the page wrote it
out of view: the page seemed not to answer, and a user should never wonder whether a
change was kept. It now stays in view under the scrolling page.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from cipn_coach.settings import preferences as prefs
from tests.ui.test_layout import settle
from tests.ui.windows import open_main_window

NOW = datetime(2026, 11, 20, 10, 0)


def wholly_seen(widget: QWidget) -> bool:
    """Shown, and not clipped by the scroll area (or anything else) around it."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_saved_is_in_view_after_a_change_at_the_top(qtbot, services, scale):
    services.preferences.set(prefs.TEXT_SCALE, scale)
    window = open_main_window(qtbot, services, NOW, size=(1024, 600))
    window.apply_appearance()
    window.show_settings()
    page = window.settings_page
    page.rate.setFocus()
    qtbot.keyClick(page.rate, Qt.Key.Key_Right)  # a little faster
    settle()
    assert "Saved" in page.saved.text()
    assert wholly_seen(page.saved)
