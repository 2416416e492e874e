"""Today: the check-in line, flags in plain words, and the daily reminder."""

from __future__ import annotations

from datetime import UTC, datetime, time

from PySide6.QtGui import QIcon

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow
from ui.reminder_tray import ReminderTray

NOW = datetime(2026, 11, 20, 18, 0)


def make_window(qtbot, tmp_path):
    services = open_services(tmp_path / "data", recover=True)
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    return window, services


def test_check_in_line_and_red_flag_after_a_fall(qtbot, tmp_path):
    window, services = make_window(qtbot, tmp_path)
    try:
        assert "not rated" in window.today.checkin_line.text()
        assert window.today.flag_cards == []
        values = CheckInValues.parse({"hands": 3, "feet": 4, "pain": 2, "falls": 1})
        services.checkins.save(
            NOW.date(), values, datetime(2026, 11, 20, 17, tzinfo=UTC), today=NOW.date()
        )
        window.show_today()
        assert "rated today" in window.today.checkin_line.text()
        names = [c.accessibleName() for c in window.today.flag_cards]
        assert len(names) == 1 and names[0].startswith("Please contact your care team now")
    finally:
        services.close()


def test_reminder_setting_persists_and_the_tray_reminds_once(qtbot, tmp_path):
    window, services = make_window(qtbot, tmp_path)
    try:
        combo = window.settings_page.reminder
        combo.setCurrentIndex(combo.findData("17:30"))
        assert services.settings.get("reminder.time") == "17:30"
        assert window.reminder_state() == (time(17, 30), False)
        tray = ReminderTray(window.reminder_state, QIcon(), now=lambda: NOW, parent=window)
        with qtbot.waitSignal(tray.reminded, timeout=1000):
            assert tray.check()
        assert not tray.check()  # once a day
    finally:
        services.close()


def test_the_tray_sleeps_until_the_reminder_is_due_not_every_minute(qtbot, tmp_path):
    """Idle on Today the app makes no system call (issue 13 §5): the tray's check wakes
    at the reminder's time, or after its longest wait, never once a minute."""
    from PySide6.QtCore import QTimer

    from ui.reminder_tray import CHECK_AT_LEAST_EVERY

    window, services = make_window(qtbot, tmp_path)
    clock = {"now": NOW}
    try:
        combo = window.settings_page.reminder
        combo.setCurrentIndex(combo.findData("18:30"))
        tray = ReminderTray(window.reminder_state, QIcon(), now=lambda: clock["now"], parent=window)
        timer = tray.findChild(QTimer)
        assert timer.isSingleShot()
        longest = int(CHECK_AT_LEAST_EVERY.total_seconds() * 1000)
        assert not tray.check()  # 18:00: half an hour to go, so the longest wait
        assert timer.isActive() and timer.interval() == longest
        clock["now"] = NOW.replace(minute=20)
        assert not tray.check()  # 18:20: wake up exactly on time
        assert timer.isActive() and timer.interval() == 10 * 60_000
        clock["now"] = NOW.replace(minute=30)
        with qtbot.waitSignal(tray.reminded, timeout=1000):
            assert tray.check()
        assert timer.isActive() and timer.interval() == longest  # reminded: tomorrow's
    finally:
        services.close()


def test_rate_today_from_today_with_the_keyboard(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    window, services = make_window(qtbot, tmp_path)
    try:
        changed = []
        window.changed.connect(lambda _changes: changed.append(1))
        qtbot.mouseClick(window.today.checkin_button, Qt.MouseButton.LeftButton)
        assert window.pages.currentWidget() is window.checkin
        for digit in (Qt.Key.Key_3, Qt.Key.Key_5, Qt.Key.Key_2):  # hands, feet, pain
            qtbot.keyClick(window.focusWidget(), digit)
            qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
        row = services.checkins.get(NOW.date())
        assert row is not None and (row.hands, row.feet, row.pain) == (3, 5, 2)
        assert changed
        window.show_today()
        assert "rated today" in window.today.checkin_line.text()
    finally:
        services.close()


def test_progress_charts_update_right_after_a_check_in(qtbot, tmp_path):
    import math

    window, services = make_window(qtbot, tmp_path)
    try:
        window.show_progress()
        assert window.pages.currentWidget() is window.progress
        curve = window.progress.symptom_chart.daily["hands"]
        ys = curve.getOriginalDataset()[1]
        assert ys is None or math.isnan(ys[-1])  # today not rated yet: a gap, never 0
        window.show_checkin()
        values = CheckInValues.parse({"hands": 6, "feet": 4, "pain": 2})
        window._save_checkin(NOW.date(), values)
        window.show_progress()
        assert window.progress.symptom_chart.daily["hands"] is curve  # same curve, new data
        # a chart below the fold draws just before it is seen: as if scrolled to it
        window.progress.symptom_chart.flush()
        assert curve.getOriginalDataset()[1][-1] == 6
        window.progress.set_range("all")
        window.show_progress()
        window.progress.symptom_chart.flush()
        assert len(curve.getOriginalDataset()[0]) >= 28
    finally:
        services.close()


def test_today_has_the_next_sessions_phrases_synthesized_before_start(qtbot, tmp_path):
    """The first cue of a session must not wait for synthesis when Start is pressed."""

    class Prefetching(FakeSpeaker):
        def __init__(self) -> None:
            super().__init__()
            self.prefetched: list[str] = []

        def prefetch(self, texts) -> None:  # noqa: ANN001
            self.prefetched.extend(texts)

    services = open_services(tmp_path / "data", recover=True)
    speaker = Prefetching()
    window = MainWindow(services, speaker, chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    try:
        routine = window.today._next.routine_id
        assert routine == "evening"  # 18:00: the evening session is the one Start begins
        script = services.today_data(NOW).spoken[routine]
        assert speaker.prefetched == script and script[0].startswith("Get ready")
        services.settings.set("voice.enabled", False)
        speaker.prefetched.clear()
        window.show_today()
        assert speaker.prefetched == []  # voice off: nothing to prepare
    finally:
        services.close()


def test_today_with_nothing_to_prepare_lets_the_last_sessions_phrases_go(qtbot, tmp_path):
    """A finished session's phrases (~5 MiB of sound) stayed in memory when Today had
    no session left to prepare (voice off, or the day's sessions done): only a later
    prefetch let them go. Today now says "keep nothing" then."""

    class Prefetching(FakeSpeaker):
        def __init__(self) -> None:
            super().__init__()
            self.calls: list[list[str]] = []

        def prefetch(self, texts) -> None:  # noqa: ANN001
            self.calls.append(list(texts))

    services = open_services(tmp_path / "data", recover=True)
    speaker = Prefetching()
    window = MainWindow(services, speaker, chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    try:
        assert speaker.calls and speaker.calls[-1]  # the evening session's phrases
        services.settings.set("voice.enabled", False)
        window.show_today()
        assert speaker.calls[-1] == []
    finally:
        services.close()


def test_the_day_line_says_when_the_programme_is_complete():
    from ui.pages.today import programme_words

    assert programme_words(1, 28) == "Day 1 of 28 of your programme"
    assert programme_words(0, 28) == "Day 1 of 28 of your programme"  # the start day itself
    assert programme_words(28, 28) == "Day 28 of 28 of your programme"
    assert (
        programme_words(40, 28)
        == "Day 40: the 28-day programme is complete. Keep going if it helps!"
    )


def test_a_reminder_time_changed_in_settings_rearms_the_tray_at_once(qtbot, tmp_path):
    """The tray sleeps until the reminder can be due (15 min at the longest); a time
    changed in Settings must not wait for that sleep to end: the tray hears of it at
    once, from the window's one ``changed`` signal, and reminds if the new time has come."""
    from PySide6.QtCore import QTimer

    from ui.reminder_tray import start_reminders

    window, services = make_window(qtbot, tmp_path)
    try:
        combo = window.settings_page.reminder
        combo.setCurrentIndex(combo.findData("20:00"))
        tray = start_reminders(window, QIcon(), now=lambda: NOW)  # 18:00
        assert not tray.check()
        timer = tray.findChild(QTimer)
        with qtbot.waitSignal(tray.reminded, timeout=1000):
            combo.setCurrentIndex(combo.findData("17:30"))  # already past: remind now
        assert timer.isActive()
    finally:
        services.close()
