"""A session whose every exercise was skipped is not a session done. Pressing → through
the whole routine ended it "completed": the rating said "Well done!" after 0 of its
exercises, Today ticked the slot off as done and adherence counted it, though nothing
was done. It now ends as stopped ("Session stopped. That is fine."), as Stop would."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.cue_words import ENGLISH
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from tests.core.factories import exercise, library, routine
from tests.ui.windows import show_window
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 8, 0)


def two_exercise_services(tmp_path):
    """A plan of one short routine: two exercises, a few seconds each."""
    lib = library(
        exercise("fingers", reps=2, seconds_per_rep=2),
        exercise("toes", reps=3, seconds_per_rep=2),
        routines=[routine("short", [{"exercise": "fingers"}, {"exercise": "toes"}])],
    )
    services = open_services(tmp_path / "data", library=lib, recover=True)
    services.settings.set("plan.routines", ["short"])
    return services


def start_and_skip_everything(qtbot, window, clock):
    """Start from Today with Return, then → past every exercise until the closing words."""
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)  # the big Start
    player = window.player
    for _press in range(40):
        if player._stack.currentWidget() is player.rating:
            break
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Right)
        clock.advance(1.0)
        player.driver.tick()
    assert player._stack.currentWidget() is player.rating
    return player


def test_skipping_every_exercise_ends_stopped_not_well_done(qtbot, tmp_path):
    services = two_exercise_services(tmp_path)
    clock = FakeClock()
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW)
    show_window(qtbot, window)  # active: the player's keys act only in the active window
    try:
        player = start_and_skip_everything(qtbot, window, clock)
        assert "Well done" not in player.rating.heading.text()
        assert services.writer.flush(timeout=30)
        saved = services.sessions.between(NOW.date(), NOW.date())
        assert [(s.status, s.done_seconds) for s in saved] == [("stopped", 0.0)]
    finally:
        services.close()


class OrderedSpeaker(FakeSpeaker):
    """Remembers what was said and cancelled in order: words cancelled right after they
    began are not heard."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, str]] = []

    def say(self, text: str) -> None:
        super().say(text)
        self.events.append(("say", text))

    def cancel(self) -> None:
        super().cancel()
        self.events.append(("cancel", ""))


def test_skipping_every_exercise_closes_with_calm_words_not_praise(qtbot, tmp_path):
    """The closing words after 0 exercises done said "Well done, and thank you." They
    now say, calmly, that nothing was done this time and that it is fine to try again
    later; heard (not cancelled by the session's end) and captioned like every cue."""
    services = two_exercise_services(tmp_path)
    clock = FakeClock()
    speaker = OrderedSpeaker()
    window = MainWindow(services, speaker, chime=lambda: None, clock=clock, now=lambda: NOW)
    show_window(qtbot, window)
    try:
        player = start_and_skip_everything(qtbot, window, clock)
        closing = ENGLISH.nothing_done
        assert "Well done" not in closing and "thank" not in closing.lower()
        assert speaker.events[-1] == ("say", closing)  # said last, and not cut off
        assert not any("Well done" in text for text in speaker.said)
        assert player.captions[-1] == closing
    finally:
        services.close()
