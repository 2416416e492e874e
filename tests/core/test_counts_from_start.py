"""Issue 12 §1: nothing is planned before the programme's start.

A patient on day 1 must not read "0 of 65 planned sessions": the four weeks before the
programme existed are not weeks without exercise. Real SQLite files, a fixed clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.reports.summary import load_summary
from cipn_coach.services import Services, open_services

NOW = datetime(2026, 11, 20, 13, 0)  # the morning session is missed, the evening one open
TODAY = NOW.date()


@pytest.fixture
def day_one(tmp_path) -> Services:
    services = open_services(tmp_path / "data")
    services.plan.start_date(TODAY)  # the first start: the programme begins today
    services.checkins.save(
        TODAY,
        CheckInValues.parse({"hands": 3, "feet": 2, "pain": 1}),
        NOW.replace(tzinfo=UTC),
        today=TODAY,
    )
    yield services
    services.close()


def test_day_one_plans_nothing_before_the_start(day_one):
    summary = load_summary(day_one, TODAY - timedelta(days=27), TODAY, NOW)
    a = summary["adherence"]
    before = [d for d in a["by_day"] if date.fromisoformat(d["date"]) < TODAY]
    assert before and all(d["planned"] == 0 and d["open"] == 0 for d in before)
    today = [d for d in a["by_day"] if d["date"] == TODAY.isoformat()]
    assert a["planned"] == today[0]["planned"] <= 3  # only today's past sessions
    assert a["minutes_planned"] < 60
    period = summary["period"]
    assert period["days"] == 28  # the period asked for stays what it was
    assert (period["programme_days"], period["programme_days_recorded"]) == (1, 1)


def test_a_period_that_ends_before_the_start_plans_nothing(day_one):
    summary = load_summary(day_one, TODAY - timedelta(days=20), TODAY - timedelta(days=1), NOW)
    assert summary["adherence"]["planned"] == 0
    assert summary["adherence"]["minutes_planned"] == 0
    assert summary["period"]["programme_days"] == 0
