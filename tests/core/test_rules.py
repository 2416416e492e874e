"""The rules at their edges: averages, weeks, trends and every flag. No database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cipn_coach.checkin import flags as fl
from cipn_coach.checkin.averages import (
    by_day,
    daily_values,
    first_vs_last_week,
    rolling_average,
    rolling_averages,
    trend_per_week,
    week_averages,
)
from cipn_coach.reports.adherence import adherence, streak_days
from cipn_coach.storage.repository import SessionRow, StepRow
from tests.core.factories import checkin_row, routine

D0 = date(2026, 3, 2)  # a Monday


def series(start: date, values: list[int | None], **answers) -> dict:
    """Check-ins from ``start``, one per value; ``None`` leaves a gap."""
    return by_day(
        checkin_row(start + timedelta(days=i), hands=v, feet=v, pain=v, **answers)
        for i, v in enumerate(values)
        if v is not None
    )


def rules_fired(days, first, last) -> set[tuple[str, str]]:
    return {(f.rule, f.measure) for f in fl.flags(days, first, last)}


# --- daily values and rolling averages ------------------------------------------------


def test_gaps_stay_gaps_never_zero():
    days = series(D0, [6, None, None, 6, 6, 6, None])
    assert daily_values(days, D0, D0 + timedelta(days=6), "hands") == [6, None, None, 6, 6, 6, None]
    assert rolling_average(days, D0 + timedelta(days=6), "hands") == 6.0


def test_a_window_needs_four_recorded_days():
    three = series(D0, [5, None, 5, None, None, 5, None])
    four = series(D0, [5, None, 5, None, None, 5, 5])
    end = D0 + timedelta(days=6)
    assert rolling_average(three, end, "hands") is None
    assert rolling_average(four, end, "hands") == 5.0
    assert rolling_averages(four, D0, end, "hands")[:3] == [None, None, None]


def test_window_is_seven_days_across_month_year_and_dst():
    for start in (date(2026, 1, 28), date(2026, 12, 28), date(2026, 3, 26), date(2026, 10, 22)):
        days = series(start, [1, 2, 3, 4, 5, 6, 7, 8])
        assert rolling_average(days, start + timedelta(days=6), "hands") == 4.0
        assert rolling_average(days, start + timedelta(days=7), "hands") == 5.0


def test_night_may_be_missing_on_a_recorded_day():
    days = by_day(checkin_row(D0 + timedelta(days=i), night=None if i < 3 else 4) for i in range(7))
    assert rolling_average(days, D0 + timedelta(days=6), "night") == 4.0
    assert rolling_average(days, D0 + timedelta(days=5), "night") is None


# --- weeks, comparison, trend ---------------------------------------------------------


def test_calendar_weeks_and_change():
    days = series(D0 - timedelta(days=7), [6] * 7 + [4] * 7 + [3, 3, 3])
    weeks = week_averages(days, D0, D0 + timedelta(days=9))
    assert [w.monday for w in weeks] == [D0, D0 + timedelta(days=7)]
    assert weeks[0].averages["hands"] == 4.0 and weeks[0].change["hands"] == -2.0
    assert weeks[1].days_recorded == 3 and weeks[1].averages["hands"] is None  # only 3 so far


def test_week_across_new_year_is_monday_to_sunday():
    monday = date(2026, 12, 28)
    days = series(monday, [2, 2, 2, 2, 8, 8, 8, 9])
    (week, following) = week_averages(days, date(2027, 1, 1), date(2027, 1, 4))
    assert week.monday == monday and week.days_recorded == 7
    assert week.averages["hands"] == pytest.approx(32 / 7)
    assert following.monday == date(2027, 1, 4) and following.averages["hands"] is None


def test_first_vs_last_week():
    days = series(D0, [6] * 7 + [None] * 7 + [4, 4, 4, 4, None, None, 3])
    comparison = first_vs_last_week(days, D0, D0 + timedelta(days=20))
    assert comparison.first["hands"] == 6.0 and comparison.last["hands"] == 3.8
    assert comparison.change["hands"] == pytest.approx(-2.2)


def test_trend_in_points_per_week():
    days = series(D0, [9, 8, None, 6, 5])
    assert trend_per_week(days, D0, D0 + timedelta(days=4), "hands") == pytest.approx(-7.0)
    assert trend_per_week(series(D0, [9, 8, 7]), D0, D0 + timedelta(days=6), "hands") is None


# --- evaluation recommended -----------------------------------------------------------


@pytest.mark.parametrize(
    "value, recorded, fires",
    [
        (4, 30, False),  # exactly 4.0 does not count
        (5, 16, False),  # averages exist from day 4: 13 days above 4
        (5, 17, True),  # 14 days above 4
    ],
)
def test_average_above_four_for_fourteen_days(value, recorded, fires):
    days = series(D0, [value] * recorded)
    last = D0 + timedelta(days=recorded - 1)
    fired = rules_fired(days, D0, last)
    assert (("average_above_threshold", "hands") in fired) is fires
    if fires:
        flag = next(
            f
            for f in fl.flags(days, D0, last)
            if f.measure == "feet" and f.rule == "average_above_threshold"
        )
        assert flag.level == fl.EVALUATION and flag.since == D0 + timedelta(days=3)
        assert flag.until == last and flag.explanation and flag.what_to_do and flag.source


def test_a_dip_restarts_the_fourteen_days():
    days = series(D0, [5] * 10 + [0] * 4 + [5] * 10)
    assert not any(
        f.rule == "average_above_threshold" for f in fl.flags(days, D0, D0 + timedelta(days=23))
    )


def test_span_across_year_end_and_only_if_it_reaches_the_period():
    start = date(2026, 12, 20)
    days = series(start, [6] * 17)  # averages above 4 from Dec 23 to Jan 5 = 14 days
    assert ("average_above_threshold", "pain") in rules_fired(
        days, date(2027, 1, 5), date(2027, 1, 5)
    )
    assert ("average_above_threshold", "pain") not in rules_fired(days, start, date(2027, 1, 4))


@pytest.mark.parametrize("yes_days, fires", [(2, False), (3, True)])
def test_function_yes_on_three_of_the_last_seven_recorded_days(yes_days, fires):
    answers = [i < yes_days for i in range(7)]
    days = by_day(
        checkin_row(D0 + timedelta(days=2 * i), held_wall=a)  # gaps between days
        for i, a in enumerate(answers)
    )
    assert (
        ("function_affected", "function") in rules_fired(days, D0, D0 + timedelta(days=12))
    ) is fires


def test_function_yes_pushed_out_of_the_last_seven_recorded_days():
    days = by_day(checkin_row(D0 + timedelta(days=i), dropped=i < 3) for i in range(10))
    assert ("function_affected", "function") not in rules_fired(
        days, D0 + timedelta(days=9), D0 + timedelta(days=9)
    )
    flag = fl.flags(days, D0, D0 + timedelta(days=9))[0]
    assert (flag.since, flag.until) == (D0, D0 + timedelta(days=2))


# --- contact your care team now -------------------------------------------------------


def test_any_fall_but_only_within_the_period():
    days = by_day([checkin_row(D0, falls=1), checkin_row(D0 + timedelta(days=5))])
    assert ("fall", "falls") in rules_fired(days, D0, D0 + timedelta(days=5))
    assert ("fall", "falls") not in rules_fired(
        days, D0 + timedelta(days=1), D0 + timedelta(days=5)
    )
    flag = fl.flags(days, D0, D0)[0]
    assert flag.level == fl.CONTACT_NOW and flag.what_to_do and flag.source


@pytest.mark.parametrize("gap, fires", [(6, True), (7, False)])
def test_near_falls_on_two_days_within_seven(gap, fires):
    days = by_day(
        [checkin_row(D0, near_falls=1), checkin_row(D0 + timedelta(days=gap), near_falls=1)]
    )
    assert (
        ("repeated_near_falls", "near_falls") in rules_fired(days, D0, D0 + timedelta(days=20))
    ) is fires


def test_many_near_falls_on_one_day_is_one_day():
    days = by_day([checkin_row(D0, near_falls=5)])
    assert not rules_fired(days, D0, D0)


@pytest.mark.parametrize("new_value, fires", [(2, False), (3, True)])
def test_seven_day_average_rising_by_three(new_value, fires):
    days = series(D0, [0] * 14 + [new_value] * 7)
    fired = rules_fired(days, D0, D0 + timedelta(days=20))
    assert (("rapid_rise", "hands") in fired) is fires


@pytest.mark.parametrize("field", ["new_weakness", "unfelt_wound"])
def test_new_weakness_and_unfelt_wound(field):
    days = by_day([checkin_row(D0, **{field: True})])
    (flag,) = fl.flags(days, D0, D0)
    assert (flag.rule, flag.level, flag.since) == (field, fl.CONTACT_NOW, D0)
    assert not fl.flags(days, D0 + timedelta(days=1), D0 + timedelta(days=3))


def test_no_checkins_no_flags():
    assert fl.flags({}, D0, D0 + timedelta(days=30)) == []


# --- properties -----------------------------------------------------------------------

scores = st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(scores)
def test_averages_stay_within_the_scale(values):
    days = series(date(2026, 12, 10), values)
    last = date(2026, 12, 10) + timedelta(days=len(values) - 1)
    averages = rolling_averages(days, date(2026, 12, 10), last, "hands")
    assert all(0 <= a <= 10 for a in averages if a is not None)
    for week in week_averages(days, date(2026, 12, 10), last):
        assert all(0 <= a <= 10 for a in week.averages.values() if a is not None)


@settings(max_examples=60, deadline=None)
@given(scores, st.integers(0, 10), st.integers(0, 10))
def test_a_later_day_never_changes_earlier_days(values, extra, offset):
    start = date(2026, 10, 20)  # crosses a DST change and a month end
    last = start + timedelta(days=len(values) - 1)
    days = series(start, values)
    before = {m: rolling_averages(days, start, last, m) for m in ("hands", "pain")}
    daily = daily_values(days, start, last, "hands")
    later = dict(days)
    new_day = last + timedelta(days=1 + offset)
    later[new_day] = checkin_row(new_day, hands=extra, pain=extra)
    assert daily_values(later, start, last, "hands") == daily
    assert {m: rolling_averages(later, start, last, m) for m in ("hands", "pain")} == before


# --- adherence ------------------------------------------------------------------------

ROUTINE = routine(
    "rt",
    [{"exercise": "aa"}],
    schedule={
        "slots": [{"name": "morning", "time": "08:30"}, {"name": "evening", "time": "19:00"}]
    },
)
_ids = iter(range(1, 10_000))


def session(
    day: date,
    slot: str = "morning",
    status: str = "completed",
    done: float = 600,
    skipped: tuple[str, ...] = (),
) -> SessionRow:
    steps = tuple(
        StepRow(i, ex, ex, 60, 0, None, None, True, False) for i, ex in enumerate(skipped)
    )
    start = datetime.combine(day, datetime.min.time())
    return SessionRow(
        next(_ids), "rt", "Rt", slot, day, start, start, status, 600, done, None, None, None, steps
    )


def ten_minutes(_routine, _day) -> float:
    return 600.0


def test_planned_done_partial_minutes_and_skips_across_a_month_end():
    first, last = date(2026, 1, 30), date(2026, 2, 1)  # 3 days × 2 slots = 6 planned
    sessions = [
        session(first),
        session(first, "evening", "stopped", 300, ("aa",)),
        session(date(2026, 1, 31), "morning", "stopped", 200),  # < 50 %: not done
        session(last),
        session(last, "evening", skipped=("aa", "bb")),
    ]
    result = adherence([ROUTINE], sessions, first, last, datetime(2026, 2, 2, 12), ten_minutes)
    assert (result.planned, result.done, result.partial) == (6, 4, 1)
    assert result.percent == pytest.approx(400 / 6)
    assert result.minutes_planned == pytest.approx(60)  # 5 sessions' own 10 min + 1 missed
    assert result.minutes_done == pytest.approx((600 + 300 + 200 + 600 + 600) / 60)
    assert result.skips_by_exercise == {"aa": 2, "bb": 1}
    assert [d.done for d in result.days] == [2, 0, 2]
    assert result.streak_days == 1  # Jan 31 had no session counted as done


def test_todays_open_sessions_are_not_counted_yet():
    today = date(2026, 3, 29)  # a DST change day in Europe; local dates are unaffected
    result = adherence(
        [ROUTINE], [session(today)], today, today, datetime(2026, 3, 29, 10), ten_minutes
    )
    assert (result.planned, result.done, result.days[0].open) == (1, 1, 1)
    assert result.percent == 100.0


def test_nothing_planned_gives_no_percentage():
    result = adherence([], [], D0, D0, datetime(2026, 3, 3, 12), ten_minutes)
    assert result.percent is None and result.minutes_percent is None


def test_streak_counts_back_from_today_and_an_empty_today_does_not_break_it():
    today = date(2027, 1, 2)
    sessions = [session(date(2026, 12, 30)), session(date(2026, 12, 31)), session(date(2027, 1, 1))]
    assert streak_days(sessions, today) == 3
    assert streak_days(sessions + [session(today)], today) == 4
    assert streak_days(sessions, date(2027, 1, 3)) == 0
    assert streak_days([session(today, status="in_progress", done=600)], today) == 0


def test_an_evening_with_nothing_done_yet_counts_nothing_as_missed():
    today = date(2026, 10, 25)  # clocks go back in Europe
    result = adherence([ROUTINE], [], today, today, datetime(2026, 10, 25, 20), ten_minutes)
    assert (result.planned, result.days[0].open) == (0, 2)
    yesterday = adherence([ROUTINE], [], today, today, datetime(2026, 10, 26, 9), ten_minutes)
    assert (yesterday.planned, yesterday.done, yesterday.minutes_planned) == (2, 0, 20)
