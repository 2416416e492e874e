"""Issue 12 §2–§3: one computation and one wording of each flag everywhere, with its dates.

Today, Progress, the family view, the report and ``summary --json`` read the same flag:
the same words, the same first and last day, and ``current`` false once the rule last
held more than a week ago (then it is history, never an instruction). Real SQLite files.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cipn_coach.checkin.flag_words import clinician_line, display_flags, history_line
from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.reports.summary import load_summary
from cipn_coach.services import Services, open_services

NOW = datetime(2026, 12, 4, 18, 0)
TODAY = NOW.date()
FIRST = TODAY - timedelta(days=27)


def save(services: Services, day: date, **answers) -> None:
    values = {"hands": 2, "feet": 2, "pain": 1, **answers}
    services.checkins.save(
        day,
        CheckInValues.parse(values),
        datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=20),
        today=TODAY,
    )


@pytest.fixture
def services(tmp_path) -> Services:
    services = open_services(tmp_path / "data")
    services.plan.start_date(FIRST)
    yield services
    services.close()


def today_flags(services: Services):
    return services.day_status(NOW).flags


def summary_flags(services: Services):
    return load_summary(services, FIRST, TODAY, NOW)["flags"]


def test_daily_tasks_flag_says_the_same_on_today_and_in_the_summary(services):
    for k in range(18):  # daily tasks harder on most days for weeks, up to today
        save(services, TODAY - timedelta(days=k), dropped=k % 4 != 3)
    [on_today] = [f for f in today_flags(services) if f.rule == "function_affected"]
    [in_summary] = [f for f in summary_flags(services) if f["rule"] == "function_affected"]
    assert on_today.explanation == in_summary["explanation"]
    assert on_today.clinical == in_summary["clinical"]
    assert (on_today.since.isoformat(), on_today.until.isoformat()) == (
        in_summary["first_seen"],
        in_summary["last_seen"],
    )


def test_old_near_falls_are_history_with_their_days(services):
    for day in (TODAY - timedelta(days=18), TODAY - timedelta(days=15)):
        save(services, day, near_falls=1)
    save(services, TODAY)
    [flag] = [f for f in summary_flags(services) if f["rule"] == "repeated_near_falls"]
    assert flag["current"] is False
    assert flag["days"] == [
        (TODAY - timedelta(days=18)).isoformat(),
        (TODAY - timedelta(days=15)).isoformat(),
    ]
    assert flag["first_seen"] == flag["since"] and flag["last_seen"] == flag["until"]
    assert not [f for f in today_flags(services) if f.rule == "repeated_near_falls"]
    assert history_line(flag) == "Near-falls on 16 and 19 Nov — did you tell your care team?"
    assert clinician_line(flag, TODAY) == (
        "Near-falls on 16 and 19 Nov; last seen 15 days before this report"
    )


def test_a_recent_near_fall_is_current(services):
    for day in (TODAY - timedelta(days=4), TODAY - timedelta(days=1)):
        save(services, day, near_falls=1)
    [flag] = [f for f in summary_flags(services) if f["rule"] == "repeated_near_falls"]
    assert flag["current"] is True
    assert [f.rule for f in today_flags(services)] == ["repeated_near_falls"]


def test_three_check_up_flags_for_averages_become_one_naming_the_measures(services):
    for k in range(24):
        save(services, TODAY - timedelta(days=k), hands=6, feet=6, pain=6)
    flags = summary_flags(services)
    assert sum(f["rule"] == "average_above_threshold" for f in flags) == 3  # the JSON keeps all
    shown = display_flags(flags)
    averages = [f for f in shown if f["rule"] == "average_above_threshold"]
    assert len(averages) == 1
    text = averages[0]["explanation"]
    assert all(word in text for word in ("hands", "feet", "pain"))
