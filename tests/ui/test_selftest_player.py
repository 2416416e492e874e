"""The self-test player with real widgets driven by keys only; a fake clock moves time
(each ``tick()`` is what the QTimer would do) and a fake speaker records the words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.selftest import Outcome, SelfTestEngine, SelfTestState
from cipn_coach.paths import assets_dir
from cipn_coach.selftests.library import load_selftests
from cipn_coach.speech.speaker import FakeSpeaker
from ui.selftests.driver import SelfTestDriver
from ui.selftests.player import SelfTestPlayer

TESTS = load_selftests()


@pytest.fixture
def player(qtbot):
    page = SelfTestPlayer(assets_dir())
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    qtbot.waitExposed(page)
    ended: list = []
    page.finished.connect(ended.append)
    return page, ended


def begin(page: SelfTestPlayer, test_id: str):
    clock, speaker = FakeClock(), FakeSpeaker()
    driver = SelfTestDriver(SelfTestEngine(TESTS[test_id], clock), speaker, clock=clock)
    page.begin(driver)
    return driver, clock, speaker


def key(qtbot, page, k):
    qtbot.keyClick(page.window().focusWidget() or page, k)


def tick_for(driver, clock, seconds, step=0.25):
    for _ in range(round(seconds / step)):
        clock.advance(step)
        driver.tick()


def tick_until(driver, clock, done, limit=300.0, step=0.25):
    waited = 0.0
    while not done():
        assert waited < limit, "waited too long"
        clock.advance(step)
        waited += step
        driver.tick()


def tick_the_safety_boxes(qtbot, page):
    assert page.current is page.check and not page.check.start_button.isEnabled()
    for box in page.check.boxes:
        assert page.window().focusWidget() is box
        key(qtbot, page, Qt.Key.Key_Space)
        key(qtbot, page, Qt.Key.Key_Tab)
    assert page.check.start_button.isEnabled()
    page.check.start_button.setFocus()  # (Tab order may pass the stop rules first)
    key(qtbot, page, Qt.Key.Key_Return)


def test_a_whole_chair_stand_test_with_keys_only(qtbot, player):
    page, ended = player
    driver, clock, speaker = begin(page, "chair_stand_30s")
    assert "30-second chair stand" in page.check.heading.text()
    tick_the_safety_boxes(qtbot, page)
    assert page.current is page.run
    assert not page.run.stop_button.isEnabled()  # get-ready: nothing to stop yet
    assert page.window().focusWidget() is page.run  # not the safety button: Enter is harmless
    key(qtbot, page, Qt.Key.Key_Return)
    assert driver.engine.state is SelfTestState.RUNNING
    tick_until(driver, clock, lambda: driver.engine.phase.kind.value == "timed")
    assert "Go." in speaker.said and page.run.caption.text() == "Go."
    key(qtbot, page, Qt.Key.Key_Space)  # a stray Space does not cut the 30 s short
    assert driver.engine.phase.kind.value == "timed"
    assert not page.run.stop_button.isEnabled()
    tick_for(driver, clock, 10)
    assert page.run.ring.big_text == "20"
    tick_for(driver, clock, 20)
    assert page.current is page.count
    assert page.count.question.text() == "How many times did you stand up?"
    assert speaker.said[-1] == "How many times did you stand up?"
    assert not page.count.ok_button.isEnabled()
    for k in (Qt.Key.Key_1, Qt.Key.Key_4, Qt.Key.Key_Backspace, Qt.Key.Key_2):
        key(qtbot, page, k)
    assert page.count.number.text() == "12"
    key(qtbot, page, Qt.Key.Key_Return)
    assert page.current is page.result
    assert [e.outcomes for e in ended] == [(Outcome(None, 12.0, False),)]
    assert ended[0].state is SelfTestState.FINISHED
    assert "Well done" in page.result.heading.text()
    assert page.window().focusWidget() is page.result.done_button
    closed = []
    page.closed.connect(lambda: closed.append(True))
    key(qtbot, page, Qt.Key.Key_Return)
    assert closed == [True]


def test_count_buttons_refuse_more_than_the_test_allows(qtbot, player):
    page, _ = player
    driver, clock, _ = begin(page, "chair_stand_30s")
    tick_the_safety_boxes(qtbot, page)
    tick_until(driver, clock, lambda: page.current is page.count)
    for k in (Qt.Key.Key_4, Qt.Key.Key_5):  # 45 > 40 stands: the 5 is not taken
        key(qtbot, page, k)
    assert page.count.number.text() == "4"
    page.count.digit_buttons[0].click()
    assert page.count.number.text() == "40"


def test_one_leg_stance_stopwatch_ends_with_space_and_by_itself_at_30_seconds(qtbot, player):
    page, ended = player
    driver, clock, _ = begin(page, "single_leg_stance")
    tick_the_safety_boxes(qtbot, page)
    for seconds in (6.5, None, 12.0, 9.0):  # None: held to the cap
        tick_until(driver, clock, lambda: driver.engine.phase.kind.value == "open_timed")
        assert page.run.stop_button.isEnabled()
        if seconds is None:
            tick_for(driver, clock, 30.25)
        else:
            tick_for(driver, clock, seconds)
            assert page.run.ring.big_text == str(int(seconds))  # the stopwatch counts up
            key(qtbot, page, Qt.Key.Key_Space)
    assert [e.outcomes for e in ended] == [
        (Outcome("left", 30.0, False), Outcome("right", 12.0, False))
    ]


def test_escape_stops_for_safety_and_keeps_what_was_measured(qtbot, player):
    page, ended = player
    driver, clock, speaker = begin(page, "five_times_sit_to_stand")
    tick_the_safety_boxes(qtbot, page)
    tick_until(driver, clock, lambda: driver.engine.phase.kind.value == "open_timed")
    tick_for(driver, clock, 7)
    key(qtbot, page, Qt.Key.Key_Escape)
    assert page.current is page.result
    assert ended[0].state is SelfTestState.STOPPED_FOR_SAFETY
    assert ended[0].outcomes == (Outcome(None, 7.0, True),)
    assert "Stopped for safety" in page.result.heading.text()
    assert speaker.cancelled >= 1


def test_tapping_counts_space_presses_inside_the_window_only(qtbot, player):
    page, ended = player
    driver, clock, _ = begin(page, "finger_tapping")
    tick_the_safety_boxes(qtbot, page)
    for taps in (5, 3):
        tick_until(driver, clock, lambda: driver.engine.phase.counts_taps)
        assert page.run.stop_button.text().startswith("Tap")
        for _ in range(taps):
            clock.advance(0.2)
            key(qtbot, page, Qt.Key.Key_Space)
        assert page.run.ring.big_text == str(taps)
        tick_for(driver, clock, 10)
    tick_until(driver, clock, lambda: bool(ended))
    assert ended[0].outcomes == (Outcome("left", 5.0, False), Outcome("right", 3.0, False))


def test_not_now_goes_back_without_starting(qtbot, player):
    page, ended = player
    driver, _, speaker = begin(page, "four_stage_balance")
    closed = []
    page.closed.connect(lambda: closed.append(True))
    page.check.back_button.setFocus()
    key(qtbot, page, Qt.Key.Key_Return)
    assert closed == [True] and driver.engine.state is SelfTestState.READY
    assert speaker.said == [] and ended == []


# ---------------------------------------------------------------- in the window
@pytest.fixture
def window(qtbot, tmp_path):
    from datetime import datetime

    from cipn_coach.services import open_services
    from cipn_coach.settings.patient import save_profile
    from ui.main_window import MainWindow

    services = open_services(tmp_path / "data", recover=True)
    save_profile(services.settings, birth_year=1954, sex="female")
    clock, speaker = FakeClock(), FakeSpeaker()
    win = MainWindow(
        services, speaker, chime=lambda: None, clock=clock, now=lambda: datetime(2026, 11, 20, 9, 0)
    )
    qtbot.addWidget(win)
    win.resize(1024, 600)
    win.show()
    qtbot.waitExposed(win)
    yield win, services, clock
    services.close()


def test_chair_stand_from_today_with_keys_only_is_saved_and_shown_on_progress(qtbot, window):
    from cipn_coach.changes import Changes

    win, services, clock = window
    heard = []
    win.changed.connect(heard.append)
    button = win.today.selftest_button
    assert button.isVisible()  # day 1 of the programme: every default test is due
    assert button.text_shown() == "Self-test due: 30-second chair stand  (1 of 6 short tests)"
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    page = win.selftest_flow.page
    assert win.pages.currentWidget() is page and win.in_session and win.nav.isHidden()
    tick_the_safety_boxes(qtbot, page)
    driver = page.driver
    tick_until(driver, clock, lambda: page.current is page.count)
    for k in (Qt.Key.Key_9, Qt.Key.Key_Return):
        qtbot.keyClick(win.focusWidget(), k)
    assert page.current is page.result
    assert page.result.words.text() == (
        "30-second chair stand: 9 stands. "
        "Typical for women 70–74: 10–15 stands. Fewer stands "
        "than most people of your age. Mention this to your "
        "physiotherapist."
    )
    [saved] = services.self_tests.all()
    assert heard == [Changes(self_tests=True)]  # the window hears of the save (a backup follows)
    assert (saved.test_id, saved.value, saved.day.isoformat(), saved.source) == (
        "chair_stand_30s",
        9,
        "2026-11-20",
        "app",
    )
    qtbot.keyClick(win.focusWidget(), Qt.Key.Key_Return)  # Done
    assert win.pages.currentWidget() is win.today and not win.in_session
    assert (
        win.today.selftest_button.text_shown()
        == "Self-test due: Finger tapping  (1 of 5 short tests)"
    )  # the chair stand is done

    win.show_progress()
    cards = win.progress.selftests
    assert [c.chart.accessibleName() for c in cards.cards] == [
        "30-second chair stand: results over time"
    ]
    assert "Rikli" in cards.cards[0].source.text()
    assert "chair_stand_30s" not in cards.buttons and "single_leg_stance" in cards.buttons


def _chair_stand_to_result(qtbot, win, clock):
    win.today.selftest_button.setFocus()
    qtbot.keyClick(win.today.selftest_button, Qt.Key.Key_Return)
    page = win.selftest_flow.page
    tick_the_safety_boxes(qtbot, page)
    tick_until(page.driver, clock, lambda: page.current is page.count)
    for k in (Qt.Key.Key_9, Qt.Key.Key_Return):
        qtbot.keyClick(win.focusWidget(), k)
    assert page.current is page.result
    return page


def test_a_near_fall_in_the_test_is_counted_in_the_days_checkin_keeping_its_answers(qtbot, window):
    from datetime import UTC, date, datetime

    from cipn_coach.checkin.schema import CheckInValues

    win, services, clock = window
    day = date(2026, 11, 20)
    services.checkins.save(
        day,
        CheckInValues(hands=3, feet=5, pain=2, near_falls=1, note="walked to the shop"),
        datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        today=day,
    )
    from cipn_coach.changes import Changes

    page = _chair_stand_to_result(qtbot, win, clock)
    heard = []
    win.changed.connect(heard.append)
    nearly = page.result.nearly_button
    assert nearly.isVisible() and nearly.height() >= 48
    nearly.setFocus()
    qtbot.keyClick(nearly, Qt.Key.Key_Return)
    row = services.checkins.get(day)
    assert (row.near_falls, row.falls, row.version) == (2, 0, 2)
    assert heard == [Changes(checkins=True)]
    assert (row.hands, row.feet, row.pain, row.note) == (3, 5, 2, "walked to the shop")
    assert page.result.fall_note.text() == "Noted in today's check-in as a near-fall."
    assert not nearly.isEnabled() and not page.result.fell_button.isEnabled()  # once
    assert win.focusWidget() is page.result.done_button


def test_a_fall_without_a_checkin_yet_writes_nothing_and_asks_for_the_checkin(qtbot, window):
    from datetime import date

    win, services, clock = window
    page = _chair_stand_to_result(qtbot, win, clock)
    page.result.fell_button.setFocus()
    qtbot.keyClick(page.result.fell_button, Qt.Key.Key_Return)
    assert services.checkins.get(date(2026, 11, 20)) is None
    assert page.result.fall_note.text().startswith("There is no check-in for today yet")


def test_the_last_tests_driver_is_let_go_when_the_next_begins(qtbot, player):
    """As with sessions (``test_sessions_let_go``): a test's driver, engine and timer
    went only with the window; the next test now lets the last one's go."""
    page, _ended = player
    first, _, _ = begin(page, "chair_stand_30s")
    first.setParent(page)  # as the app makes it: a child, kept until deleted
    gone: list[bool] = []
    first.destroyed.connect(lambda: gone.append(True))
    begin(page, "finger_tapping")
    qtbot.waitUntil(lambda: gone == [True], timeout=3000)
