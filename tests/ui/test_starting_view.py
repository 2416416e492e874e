"""Start-up: Today appears with the patient's data before the full window, in the same
place, and a Start pressed meanwhile is carried out once the window is ready."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication

from cipn_coach.demo import fill_demo
from cipn_coach.services import open_services, open_startup_services
from cipn_coach.speech.speaker import FakeSpeaker
from cipn_coach.today_model import today_model
from ui.main_window import MainWindow
from ui.starting_view import StartingView

NOW = datetime(2026, 11, 20, 7, 45)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    services = open_services(tmp_path / "data")
    fill_demo(services, 21, NOW)
    services.close()
    return tmp_path / "data"


def today_texts(page) -> list[object]:
    return [page.heading.text(), page.day_line.text(), page.start_button.text(),
            page.week_line.text(), page.checkin_line.text(), page.recent.text(),
            [c.accessibleName() for c in page.flag_cards], [r.accessibleName() for r in page.rows]]


def test_the_starting_view_shows_what_the_window_then_shows_in_the_same_place(qtbot, folder):
    quick = open_startup_services(folder)
    starting = StartingView()
    starting.fill(today_model(quick.today_screen(NOW)), NOW)
    quick.close()
    services = open_services(folder, recover=True)
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
    try:
        for widget in (starting, window):
            qtbot.addWidget(widget)
            widget.resize(1100, 720)
            widget.show()
        qtbot.waitUntil(lambda: starting.today.isVisible() and window.today.isVisible())
        assert today_texts(starting.today) == today_texts(window.today)
        assert "day 21 of" in starting.today.day_line.text() and starting.today.rows
        # nothing moves when the window takes over: same page origin, same navigation
        assert starting.today.mapTo(starting, QPoint(0, 0)) == window.today.mapTo(window, QPoint(0, 0))
        assert starting.nav.geometry() == window.nav.geometry()
        assert not any(b.isEnabled() for b in starting.nav.buttons())
    finally:
        services.close()


def test_a_start_pressed_while_opening_is_carried_out(qtbot, folder, tmp_path, monkeypatch):
    from ui import gui

    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app installs its own guard
    seen: list[str] = []
    started: list[bool] = []

    def watch() -> None:
        shells = [w for w in QApplication.topLevelWidgets()
                  if type(w).__name__ == "AppWindow" and w.isVisible()]
        if not shells:
            return
        content = shells[0].centralWidget()
        name = type(content).__name__
        if not seen or seen[-1] != name:
            seen.append(name)
        if isinstance(content, StartingView) and content.pending_start is None:
            content.today.start_button.click()  # pressed before the window is ready
            assert content.pending_start is not None
            assert "Getting your session ready" in content.today.notice.text()
        if isinstance(content, MainWindow):
            started.append(content.pages.currentWidget() is content.player)
            content.player.stop_now()
            shells[0].close()

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(0)
    status = gui.run_gui(argparse.Namespace(data_dir=folder, database_url=None))
    timer.stop()
    assert status == 0
    assert seen[-2:] == ["StartingView", "MainWindow"], seen
    assert started == [True]


def test_statuses_have_words_for_every_schedule_status():
    from cipn_coach.schedule import DueStatus
    from ui.pages.today import STATUS_WORDS

    assert set(STATUS_WORDS) == {s.value for s in DueStatus}


def test_the_today_page_needs_neither_pydantic_nor_the_database():
    import subprocess

    code = ("import sys; import ui.starting_view; "
            "print(sorted(m for m in ('pydantic', 'sqlalchemy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], check=True)
    assert out.stdout.strip() == "[]"
