"""Issue 11 §4: the player says what to do, all the time.

The exercise's instruction stays on screen for the whole exercise, apart from the caption
of the last cue; a caption belongs to its phase (cleared after Skip/Back, and when its
moment has passed: "10 seconds left." is gone before the ring shows 3); "From your
physiotherapist:" only for a routine a clinician wrote. Real widgets, keys, fake clock.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.timeline import PhaseKind
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from tests.core.factories import exercise, library, routine
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 8, 0)


@pytest.fixture
def make_window(qtbot, tmp_path):
    opened = []

    def make(steps, own: bool = False):
        lib = library(
            exercise("fingers", reps=3, seconds_per_rep=2, sets=2, rest=12),
            exercise("hold", reps=None, hold=30, rest=0),
            routines=[routine("short", steps)],
        )
        if own:
            lib.own_routines.add("short")  # as if a clinician had saved it in the app
        services = open_services(tmp_path / f"d{len(opened)}", library=lib, recover=True)
        services.settings.set("plan.routines", ["short"])
        clock = FakeClock()
        window = MainWindow(
            services, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # the player's keys act only in the active window
        QApplication.setActiveWindow(window)
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        opened.append(services)
        window.today.start_button.click()
        return window, clock

    yield make
    for services in opened:
        services.close()


def tick_until(window, clock, predicate, step=0.1, limit=5000):
    driver = window.player.driver
    for _ in range(limit):
        if predicate(driver.engine.snapshot()):
            return driver.engine.snapshot()
        clock.advance(step)
        driver.tick()
    raise AssertionError("never happened")


def test_the_instruction_stays_for_the_whole_exercise_apart_from_the_caption(make_window):
    window, clock = make_window([{"exercise": "fingers"}, {"exercise": "hold"}])
    s = window.player.session
    how_to = "Start fingers."
    assert s.instruction.text() == how_to  # get ready: what to do
    tick_until(window, clock, lambda t: t.phase.kind is PhaseKind.WORK and t.phase_elapsed > 2.5)
    assert s.caption.text().startswith("Two.") or s.caption.text() == "Close"
    assert s.instruction.text() == how_to  # still there while the counting goes on
    tick_until(window, clock, lambda t: t.phase.kind is PhaseKind.REST and t.phase_elapsed > 6)
    assert s.instruction.text() == how_to
    tick_until(
        window,
        clock,
        lambda t: t.step_index == 1 and t.phase.kind is PhaseKind.WORK and t.phase_elapsed > 1,
    )
    assert s.caption.text() == "Begin."
    assert s.instruction.text() == "Start hold."


def test_skip_and_back_leave_no_old_caption(qtbot, make_window):
    window, clock = make_window([{"exercise": "fingers"}, {"exercise": "hold"}])
    s = window.player.session
    tick_until(window, clock, lambda t: t.phase.kind is PhaseKind.WORK and t.phase_elapsed > 3)
    assert s.caption.text()
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Right)  # skip
    state = window.player.driver.engine.snapshot()
    assert state.step_index == 1 and state.phase.kind is PhaseKind.PREPARE
    # the next step's announcement is said at its own moment; until then no old caption
    assert s.caption.text() in ("", window.player.captions[-1])
    assert not s.caption.text().startswith(("One.", "Two.", "Three.", "Close", "Open"))
    tick_until(window, clock, lambda t: t.phase.kind is PhaseKind.WORK and t.phase_elapsed > 1)
    assert s.caption.text() == "Begin."
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Left)  # back: restart "hold"
    assert window.player.driver.engine.snapshot().phase.kind is PhaseKind.PREPARE
    assert s.caption.text() != "Begin."


def test_ten_seconds_left_is_gone_before_the_ring_counts_three(make_window):
    window, clock = make_window([{"exercise": "hold"}])
    s = window.player.session
    tick_until(window, clock, lambda t: t.phase.kind is PhaseKind.WORK and t.phase_remaining < 9.9)
    assert s.caption.text() == "10 seconds left."
    tick_until(window, clock, lambda t: t.phase.kind is PhaseKind.WORK and t.display_seconds == 3)
    assert s.ring.big_text == "3"
    assert s.caption.text() != "10 seconds left."


def test_the_end_cue_carries_into_the_rest_then_clears(make_window):
    window, clock = make_window([{"exercise": "fingers"}, {"exercise": "hold"}])
    s = window.player.session
    tick_until(window, clock, lambda t: t.phase.kind is PhaseKind.REST)
    assert s.caption.text() == "And relax."  # said as the work ended: still readable
    tick_until(window, clock, lambda t: t.phase.kind is PhaseKind.REST and t.phase_elapsed > 5)
    assert s.caption.text() == ""


def test_a_shipped_routines_note_is_not_from_a_physiotherapist(make_window):
    window, _ = make_window([{"exercise": "hold", "note": "Fill the basin first."}])
    text = window.player.session.instruction.text()
    assert "Fill the basin first." in text and "physiotherapist" not in text


def test_a_clinicians_note_is_from_the_physiotherapist(make_window):
    window, _ = make_window([{"exercise": "hold", "note": "Go gently on the left."}], own=True)
    assert (
        "From your physiotherapist: Go gently on the left."
        in window.player.session.instruction.text()
    )
