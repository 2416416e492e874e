from datetime import date, datetime, time, timedelta

from cipn_coach.checkin.reminders import next_reminder_check, parse_reminder_time, reminder_due

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


HOUR = timedelta(hours=1)


def test_the_next_check_waits_for_the_reminders_time_at_most_an_hour_here():
    seven = time(19, 0)
    # the time is still to come today: wake up exactly then (or after at most an hour)
    assert next_reminder_check(at(18, 50), seven, False, None, HOUR) == timedelta(minutes=10)
    assert next_reminder_check(at(9), seven, False, None, HOUR) == HOUR
    # reminded, rated, or past the time: tomorrow's time is the next that matters
    assert next_reminder_check(at(19), seven, False, DAY, HOUR) == HOUR
    assert next_reminder_check(at(18, 50), seven, True, None, HOUR) == HOUR
    assert next_reminder_check(at(23, 30), time(0, 10), False, DAY, HOUR) == timedelta(minutes=40)
    # reminders off: only the longest wait, to notice them turned on elsewhere
    assert next_reminder_check(at(18, 50), None, False, None, HOUR) == HOUR


def test_the_next_check_is_never_sooner_than_a_second():
    seven = time(19, 0)
    just_before = datetime(2026, 11, 20, 18, 59, 59, 900_000)
    assert next_reminder_check(just_before, seven, False, None, HOUR) == timedelta(seconds=1)
