"""The window opens inside the screen it is on, fits a 1024×600 screen with its frame,
and comes back where the patient left it."""

from __future__ import annotations

from PySide6.QtCore import QRect

from ui.shell import MIN_SIZE, AppWindow, geometry_text, placed_geometry


def test_the_smallest_window_fits_a_1024x600_screen_with_its_frame(qtbot):
    shell = AppWindow()
    qtbot.addWidget(shell)
    # a title bar and a panel take about 60 px; the frame's sides a few
    assert shell.minimumWidth() <= 1024 - 16 and shell.minimumHeight() <= 600 - 64
    assert MIN_SIZE == (shell.minimumWidth(), shell.minimumHeight())


def test_the_first_window_fits_inside_a_small_screen():
    screen = QRect(0, 0, 1024, 576)  # 1024x600 less a 24 px panel
    placed = placed_geometry(None, screen)
    assert screen.contains(placed.adjusted(0, -40, 0, 0))  # room for the title bar above
    assert placed.width() <= 1024 and placed.height() <= 536


def test_a_remembered_place_comes_back_and_is_pulled_inside_a_smaller_screen():
    big = QRect(0, 0, 1920, 1080)
    assert placed_geometry("300,200,1200,800", big) == QRect(300, 200, 1200, 800)
    small = QRect(0, 0, 1024, 576)
    placed = placed_geometry("900,700,1200,800", small)
    assert small.contains(placed.adjusted(0, -40, 0, 0))
    assert placed_geometry("nonsense", big) == placed_geometry(None, big)


def test_the_place_is_stored_when_the_window_closes(qtbot, tmp_path):
    """Kept as the typed ``WINDOW_GEOMETRY`` preference; a bad stored value (a backup of
    another version, say) reads as none: the window opens at its default place."""
    from cipn_coach.services import open_services
    from cipn_coach.settings import preferences as prefs
    from ui.gui import _remember_geometry

    services = open_services(tmp_path / "data", recover=True)
    try:
        services.settings.set(prefs.WINDOW_GEOMETRY.key, ["not", "a", "place"])
        shell = AppWindow()
        qtbot.addWidget(shell)
        default = shell.geometry()
        _remember_geometry(shell, services.preferences)
        assert shell.geometry() == default
        shell.setGeometry(QRect(50, 60, 1000, 540))
        shell.close()
        stored = prefs.Preferences(services.settings).get(prefs.WINDOW_GEOMETRY)
        assert stored == geometry_text(shell) == "50,60,1000,540"
    finally:
        services.close()
