"""Every menu row is a target as big as any button (≥ 48 px), and a menu stands out
from the page under it.

Why: the menus (File, View, Help) hold Family view, Import a backup, the Report and
Help. Qt drew their rows ~30 px tall at 100 % text, with no edge, on the window's own
colour: an open menu looked like loose text over the page, and its rows were smaller
than the house rule for targets (numb fingertips, a touchpad).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QMenu

from cipn_coach.settings import preferences as prefs
from tests.ui.windows import open_main_window
from ui.theme import MIN_TARGET_PX

NOW = datetime(2026, 11, 20, 18, 0)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_every_menu_row_is_at_least_a_target_tall(qtbot, services, scale) -> None:
    services.preferences.set(prefs.TEXT_SCALE, scale)  # the window applies the saved size
    window = open_main_window(qtbot, services, NOW)
    menus = [a.menu() for a in window.menus.bar.actions() if a.menu() is not None]
    assert menus, "the window has menus"
    rows = []
    for menu in menus:
        assert isinstance(menu, QMenu)
        menu.ensurePolished()
        menu.adjustSize()
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            rows.append((action.text(), menu.actionGeometry(action).height()))
    bar = window.menus.bar
    rows += [(a.text(), bar.actionGeometry(a).height()) for a in bar.actions()]
    small = [(text, height) for text, height in rows if height < MIN_TARGET_PX]
    assert not small, f"menu rows under {MIN_TARGET_PX} px: {small}"
