"""The fast rules equal their straightforward definitions, on random sparse data.

``rules.Daily`` lays the days out once and slides the 7-day window; the flags read that
series by index instead of asking each day's average again. The definitions below are
the per-day formulations those replaced (each day re-reads its window through the
mapping), kept here as the reference: any difference at all — a value, a date a flag
names, a rounding — fails, because the summary JSON is a documented contract.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cipn_coach.checkin import flags as fl
from cipn_coach.checkin.averages import (
    EPSILON,
    MEASURES,
    ByDay,
    Daily,
    by_day,
    days_between,
    monday_of,
    rolling_average,
    rolling_averages,
    trend_per_week,
    value_on,
    week_averages,
)
from cipn_coach.checkin.fields import FUNCTION_FIELDS
from cipn_coach.checkin.thresholds import (
    EVALUATION_AVERAGE,
    EVALUATION_SPAN_DAYS,
    FALLS_RED_FLAG,
    FUNCTION_RECENT_DAYS,
    FUNCTION_YES_DAYS,
    MIN_DAYS_IN_WINDOW,
    NEAR_FALL_DAYS,
    NEAR_FALL_WINDOW_DAYS,
    RED_FLAG_RISE,
    RISE_WITHIN_DAYS,
)
from tests.core.factories import checkin_row

START = date(2026, 10, 20)  # the data cross a DST change, a month end and a year end

# --- the straightforward definitions ---------------------------------------------------


def naive_days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def naive_mean(values: list[int | None]) -> float | None:
    recorded = [v for v in values if v is not None]
    return sum(recorded) / len(recorded) if len(recorded) >= MIN_DAYS_IN_WINDOW else None


def naive_weeks(days: ByDay, first: date, last: date) -> list[tuple]:
    def mean(monday: date, measure: str) -> float | None:
        end = min(monday + timedelta(days=6), last)
        return naive_mean([value_on(days, d, measure) for d in naive_days_between(monday, end)])

    weeks = []
    monday = monday_of(first)
    while monday <= last:
        end = min(monday + timedelta(days=6), last)
        averages = {m: mean(monday, m) for m in MEASURES}
        before = {m: mean(monday - timedelta(days=7), m) for m in MEASURES}
        change = {
            m: None if averages[m] is None or before[m] is None else averages[m] - before[m]
            for m in MEASURES
        }
        recorded = sum(d in days for d in naive_days_between(monday, end))
        weeks.append((monday, recorded, averages, change))
        monday += timedelta(days=7)
    return weeks


def naive_trend(days: ByDay, first: date, last: date, measure: str) -> float | None:
    points = [
        ((d - first).days, v)
        for d in naive_days_between(first, last)
        if (v := value_on(days, d, measure)) is not None
    ]
    if len(points) < 4:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return sxy / sxx * 7 if sxx else None


def naive_flags(days: ByDay, first: date, last: date) -> list[tuple]:
    """(rule, measure, since, until, how many days) of every flag, per the rules' text."""
    period = naive_days_between(first, last)
    found: list[tuple] = []
    fell = [d for d in period if d in days and days[d].falls >= FALLS_RED_FLAG]
    if fell:
        found.append(("fall", "falls", fell[0], fell[-1], len(fell)))
    near: set[date] = set()
    for day in period:
        window = [day - timedelta(days=k) for k in range(NEAR_FALL_WINDOW_DAYS)]
        hits = [d for d in window if d in days and days[d].near_falls > 0]
        if len(hits) >= NEAR_FALL_DAYS:
            near.update(hits)
    if near:
        found.append(("repeated_near_falls", "near_falls", min(near), max(near), len(near)))
    for measure in fl.EVALUATION_MEASURES:
        since = until = None
        for day in period:
            now = rolling_average(days, day, measure)
            earlier = [
                (a, d)
                for k in range(1, RISE_WITHIN_DAYS + 1)
                if (a := rolling_average(days, d := day - timedelta(days=k), measure)) is not None
            ]
            if now is not None and earlier:
                low, low_day = min(earlier)
                if now - low >= RED_FLAG_RISE - EPSILON:
                    since = low_day if since is None else min(since, low_day)
                    until = day
        if since is not None:
            found.append(("rapid_rise", measure, since, until, None))
    for field in ("new_weakness", "unfelt_wound"):
        yes = [d for d in period if d in days and getattr(days[d], field)]
        if yes:
            found.append((field, field, yes[0], yes[-1], None))
    for measure in fl.EVALUATION_MEASURES:
        span: tuple[date, date] | None = None
        run_start = None
        for day in naive_days_between(min(days), last) if days else []:
            average = rolling_average(days, day, measure)
            if average is not None and average > EVALUATION_AVERAGE + EPSILON:
                run_start = run_start or day
                if (day - run_start).days + 1 >= EVALUATION_SPAN_DAYS and day >= first:
                    span = (run_start, day)
            else:
                run_start = None
        if span:
            found.append(("average_above_threshold", measure, *span, None))
    recorded = sorted(d for d in days if d <= last)
    said: set[date] = set()
    for i, day in enumerate(recorded):
        if day >= first:
            window = recorded[max(0, i - FUNCTION_RECENT_DAYS + 1) : i + 1]
            yes = [d for d in window if any(getattr(days[d], f) for f in FUNCTION_FIELDS)]
            if len(yes) >= FUNCTION_YES_DAYS:
                said.update(yes)
    if said:
        found.append(("function_affected", "function", min(said), max(said), len(said)))
    return found


def as_tuples(flags: list[fl.Flag]) -> list[tuple]:
    """What ``naive_flags`` gives: the count of days is read from the explanation."""
    counted = {"fall", "repeated_near_falls", "function_affected"}
    return [
        (
            f.rule,
            f.measure,
            f.since,
            f.until,
            int(re.search(r"\bon (\d+)", f.explanation, re.IGNORECASE)[1])  # type: ignore[index]
            if f.rule in counted
            else None,
        )
        for f in flags
    ]


# --- random sparse histories -----------------------------------------------------------

score = st.one_of(st.none(), st.none(), st.integers(0, 10))  # a third of days left empty
day_answers = st.fixed_dictionaries(
    {
        "gap": st.sampled_from([False] * 3 + [True]),
        "noise": st.tuples(*[st.integers(-1, 1)] * 3),
        "night": score,
        "falls": st.sampled_from([0] * 30 + [1, 2]),
        "near_falls": st.sampled_from([0] * 8 + [1, 3]),
        "yes": st.sampled_from([()] * 6 + [("dropped",), ("held_wall", "stumbled")]),
        "red": st.sampled_from([()] * 40 + [("new_weakness",), ("unfelt_wound",)]),
    }
)
# runs of days around one level, so 7-day averages stay above 4 for weeks, and jump by 3
runs = st.lists(st.tuples(st.integers(1, 25), st.integers(0, 10)), max_size=6)


@st.composite
def histories(draw: st.DrawFn) -> tuple[dict, date, date]:
    """Check-ins over up to 100 days with gaps, and a period inside or around them."""
    levels = [level for length, level in draw(runs) for _ in range(length)]
    rows = []
    for i, level in enumerate(levels):
        a = draw(day_answers)
        if a["gap"]:
            continue
        measures = {
            m: min(10, max(0, level + n))
            for m, n in zip(("hands", "feet", "pain"), a["noise"], strict=False)
        }
        extra = {f: True for f in (*a["yes"], *a["red"])}
        rows.append(
            checkin_row(
                START + timedelta(days=i),
                night=a["night"],
                falls=a["falls"],
                near_falls=a["near_falls"],
                **measures,
                **extra,
            )
        )
    first = START + timedelta(days=draw(st.integers(-10, 110)))
    last = first + timedelta(days=draw(st.one_of(st.integers(-2, 2), st.integers(-2, 80))))
    return by_day(rows), first, last


# --- the properties --------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(score, max_size=60),
    st.integers(-12, 65),
    st.integers(-3, 70),
    st.sampled_from(MEASURES),
)
def test_sliding_averages_equal_the_per_day_definition(values, offset, length, measure):
    days = by_day(
        checkin_row(START + timedelta(days=i), **{m: v for m in MEASURES})
        for i, v in enumerate(values)
        if v is not None
    )
    first = START + timedelta(days=offset)
    last = first + timedelta(days=length)
    expected = [rolling_average(days, d, measure) for d in naive_days_between(first, last)]
    assert rolling_averages(days, first, last, measure) == expected  # exact, not approx
    daily = Daily(days, first - timedelta(days=5), last + timedelta(days=3))
    assert daily.between(daily.rolling(measure), first, last) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(-800, 800), st.integers(-3, 800))
def test_days_between_counts_calendar_days(offset, length):
    first = START + timedelta(days=offset)
    last = first + timedelta(days=length)
    assert days_between(first, last) == naive_days_between(first, last)


@settings(max_examples=300, deadline=None)
@given(histories())
def test_weeks_and_trends_equal_their_definitions(history):
    days, first, last = history
    weeks = [
        (w.monday, w.days_recorded, w.averages, w.change) for w in week_averages(days, first, last)
    ]
    assert weeks == naive_weeks(days, first, last)
    for m in MEASURES:
        assert trend_per_week(days, first, last, m) == naive_trend(days, first, last, m)


@settings(max_examples=400, deadline=None)
@given(histories())
def test_flags_equal_their_per_day_definitions(history):
    days, first, last = history
    assert as_tuples(fl.flags(days, first, last)) == naive_flags(days, first, last)


@settings(max_examples=100, deadline=None)
@given(histories(), st.integers(0, 30), st.integers(0, 30))
def test_a_shared_layout_gives_the_same_answers(history, before, after):
    """The summary lays the days out once, from earlier and to later than each rule needs."""
    days, first, last = history
    start = fl.flags_start(days, first) - timedelta(days=before)
    daily = Daily(days, min(start, monday_of(first) - timedelta(days=7)), last)
    assert fl.flags(days, first, last, daily) == fl.flags(days, first, last)
    assert week_averages(days, first, last, daily) == week_averages(days, first, last)
    for m in MEASURES:
        alone = rolling_averages(days, first, last, m)
        assert rolling_averages(days, first, last, m, daily) == alone
        assert trend_per_week(days, first, last, m, daily) == trend_per_week(days, first, last, m)


def test_a_layout_that_misses_days_a_rule_reads_is_refused():
    days = by_day([checkin_row(START, hands=5)])
    first, last = START + timedelta(days=10), START + timedelta(days=20)
    short = Daily(days, first, last)  # starts after the first check-in
    try:
        fl.flags(days, first, last, short)
    except ValueError:
        pass
    else:
        raise AssertionError("flags read days the layout does not hold")
    try:
        rolling_averages(days, first - timedelta(days=1), last, "hands", short)
    except ValueError:
        pass
    else:
        raise AssertionError("averages asked outside the layout")


def test_a_rise_names_the_earliest_lowest_day_and_a_fourteen_day_span_its_start():
    """Hand-made cases for the two rules that now read the shared series by index."""
    values = [2] * 10 + [6] * 10  # lowest average 2.0 on several days; rises by 3 later
    days = by_day(
        checkin_row(START + timedelta(days=i), hands=v, feet=v, pain=v)
        for i, v in enumerate(values)
    )
    last = START + timedelta(days=len(values) - 1)
    rise = next(f for f in fl.flags(days, START, last) if f.rule == "rapid_rise")
    assert as_tuples([rise]) == [
        t for t in naive_flags(days, START, last) if t[0] == "rapid_rise" and t[1] == rise.measure
    ]
    high = by_day(checkin_row(START + timedelta(days=i), hands=6) for i in range(30))
    span = next(
        f
        for f in fl.flags(high, START + timedelta(days=25), START + timedelta(days=29))
        if f.rule == "average_above_threshold"
    )
    assert (span.since, span.until) == (START + timedelta(days=3), START + timedelta(days=29))
