from datetime import date, datetime, time

from cipn_coach.checkin.reminders import parse_reminder_time, reminder_due

DAY = date(2026, 11, 20)


def at(hour, minute=0):
    return datetime(2026, 11, 20, hour, minute)


def test_reminds_once_after_the_time_while_the_check_in_is_missing():
    nine = time(9, 0)
    assert not reminder_due(at(8, 59), nine, False, None)
    assert reminder_due(at(9, 0), nine, False, None)
    assert not reminder_due(at(10), nine, False, DAY)  # already reminded today
    assert reminder_due(at(10), nine, False, date(2026, 11, 19))
    assert not reminder_due(at(10), nine, True, None)  # already rated
    assert not reminder_due(at(10), None, False, None)  # reminders off


def test_parse_reminder_time():
    assert parse_reminder_time("19:30") == time(19, 30)
    for bad in (None, "", "7pm", "25:00", "19:61", 1930):
        assert parse_reminder_time(bad) is None
