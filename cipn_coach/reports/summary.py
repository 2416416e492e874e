"""The summary of a period: what ``cipn-coach summary --json`` prints and the UI charts.

``build_summary`` is pure (check-ins, sessions and routines in, a JSON-ready dict out);
``load_summary`` fetches what it needs from the services. Aggregation lives here, in the
core, so the Progress screen only draws. The fields are described in README
("How the numbers work") and in the closing note of issue 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import closing
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import Any

from cipn_coach.checkin import thresholds as t
from cipn_coach.checkin.averages import (
    MEASURES,
    Daily,
    by_day,
    days_between,
    first_vs_last_week,
    monday_of,
    rolling_averages,
    trend_per_week,
    week_averages,
)
from cipn_coach.checkin.fields import ANSWER_FIELDS
from cipn_coach.checkin.flags import flags, flags_start
from cipn_coach.reports.adherence import PrescribedSeconds, adherence, streak_days
from cipn_coach.routines.library import Library
from cipn_coach.routines.routine_format import Routine
from cipn_coach.routines.schedule import counts_as_done, program_week
from cipn_coach.storage.rows import CheckInRow, DayAnswers, SessionOutcome, SessionRow
from cipn_coach.treatment.before_cycle import treatment_section
from cipn_coach.treatment.record import Treatment

SUMMARY_VERSION = 1
STREAK_LOOKBACK_DAYS = 366  # a streak is followed back this far before the period
DAY_FIELDS = (*ANSWER_FIELDS, "version")


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _rounded(values: dict[str, float | None]) -> dict[str, float | None]:
    return {k: _r(v) for k, v in values.items()}


_day_values = attrgetter(*DAY_FIELDS)  # one call per day, not one per field: 3 years of days
_EMPTY_DAY = dict.fromkeys(DAY_FIELDS)


def _day(d: date, row: CheckInRow | DayAnswers | None) -> dict[str, Any]:
    data: dict[str, Any] = {"date": d.isoformat(), "recorded": row is not None}
    data.update(_EMPTY_DAY if row is None else zip(DAY_FIELDS, _day_values(row), strict=True))
    if row is not None:
        data["pain_kinds"] = list(row.pain_kinds)  # the one tuple field: a JSON list
    return data


def prescribed_seconds(library: Library, program_start: date) -> PrescribedSeconds:
    """Exercise seconds a routine prescribes on a day (its program week's dosage).

    Years of history span hundreds of program weeks, but a week changes a routine's plan
    only through its steps' progression levels (``plan.level_for_week``), so a plan is
    made once per routine and set of levels, not once per week.
    """
    from cipn_coach.routines.plan import level_for_week, plan_routine

    by_week: dict[tuple[str, int], float] = {}
    by_levels: dict[tuple[str, tuple[int | None, ...]], float] = {}

    def seconds(routine: Routine, day: date) -> float:
        week = program_week(program_start, day)
        if (routine.id, week) not in by_week:
            levels = (routine.id, tuple(level_for_week(step, week) for step in routine.steps))
            if levels not in by_levels:
                steps = plan_routine(routine, library, week)
                by_levels[levels] = sum(step.planned_work_seconds for step in steps)
            by_week[routine.id, week] = by_levels[levels]
        return by_week[routine.id, week]

    return seconds


def build_summary(
    checkins: Iterable[CheckInRow] | Iterable[DayAnswers],
    sessions: list[SessionRow] | list[SessionOutcome],
    routines: list[Routine],
    first: date,
    last: date,
    now: datetime,
    program_start: date,
    program_length: int,
    prescribed: PrescribedSeconds,
    skips: Mapping[str, int] | None = None,
    treatment: Treatment | None = None,
) -> dict[str, Any]:
    """Everything about ``first``..``last``. ``checkins`` should reach back before
    ``first`` (all of them is fine) so 7-day averages and 14-day spans start whole.
    ``now`` is local wall-clock time. ``skips``: see ``adherence``. ``treatment``: the
    chemotherapy record (its section is ``None`` when none was entered)."""
    treatment = treatment or Treatment()
    as_of = min(last, now.date())
    days = by_day(c for c in checkins if c.day <= last)
    period = days_between(first, last)
    # every rule below reads these days, laid out once (weeks start a week before)
    daily = Daily(days, min(flags_start(days, first), monday_of(first) - timedelta(days=7)), last)
    records = daily.between(daily.records, first, last)
    rolling = {m: [_r(v) for v in rolling_averages(days, first, last, m, daily)] for m in MEASURES}
    comparison = first_vs_last_week(days, program_start, last)
    done = adherence(routines, sessions, first, last, now, prescribed, skips, program_start)
    # "N of M days rated" counts the days of the programme only, not the weeks before it
    in_programme = [r for d, r in zip(period, records, strict=True) if d >= program_start]
    return {
        "summary_version": SUMMARY_VERSION,
        "period": {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "days": len(period),
            "days_recorded": sum(r is not None for r in records),
            "programme_days": len(in_programme),
            "programme_days_recorded": sum(r is not None for r in in_programme),
        },
        "program": {
            "start": program_start.isoformat(),
            "length_days": program_length,
            "day": (min(last, now.date()) - program_start).days + 1,
        },
        "thresholds": {
            "evaluation_average": t.EVALUATION_AVERAGE,
            "evaluation_span_days": t.EVALUATION_SPAN_DAYS,
            "window_days": t.WINDOW_DAYS,
            "min_days_in_window": t.MIN_DAYS_IN_WINDOW,
        },
        "days": [_day(d, r) for d, r in zip(period, records, strict=True)],  # type: ignore[arg-type]
        "rolling_7day": rolling,
        "weeks": [
            {
                "monday": w.monday.isoformat(),
                "days_recorded": w.days_recorded,
                "averages": _rounded(w.averages),
                "change": _rounded(w.change),
            }
            for w in week_averages(days, first, last, daily)
        ],
        "first_vs_last_week": {
            "first_week": {
                "from": comparison.first_week[0].isoformat(),
                "to": comparison.first_week[1].isoformat(),
            },
            "last_week": {
                "from": comparison.last_week[0].isoformat(),
                "to": comparison.last_week[1].isoformat(),
            },
            "first": _rounded(comparison.first),
            "last": _rounded(comparison.last),
            "change": _rounded(comparison.change),
        },
        "trend_per_week": {m: _r(trend_per_week(days, first, last, m, daily)) for m in MEASURES},
        "flags": [f.as_dict() for f in flags(days, first, last, daily, as_of, treatment)],
        "treatment": treatment_section(treatment, days, last, as_of),
        "adherence": {
            "planned": done.planned,
            "done": done.done,
            "partial": done.partial,
            "percent": _r(done.percent),
            "minutes_planned": _r(done.minutes_planned),
            "minutes_done": _r(done.minutes_done),
            "minutes_percent": _r(done.minutes_percent),
            "streak_days": done.streak_days,
            "skips_by_exercise": done.skips_by_exercise,
            "by_day": [
                {
                    "date": d.day.isoformat(),
                    "planned": d.planned,
                    "done": d.done,
                    "partial": d.partial,
                    "open": d.open,
                }
                for d in done.days
            ],
        },
    }


def load_summary(services: Any, first: date, last: date, now: datetime) -> dict[str, Any]:
    """``build_summary`` from an open ``Services``. Reads only: it never writes (not even
    the program start date, which ``PlanService.start_date`` would set). Its reads are
    one read transaction: the numbers come from one snapshot of the database."""
    with services.reading():
        return _load_summary(services, first, last, now)


def _load_summary(services: Any, first: date, last: date, now: datetime) -> dict[str, Any]:
    checkins = services.checkins.answers_between(date.min, last)
    from cipn_coach.settings import preferences as prefs

    stored = prefs.Preferences(services.settings).get(prefs.PLAN_START)
    if stored is not None:
        start = stored
    else:
        start = checkins[0].day if checkins else first
    routines = services.plan.routines()
    # Steps are not read (20,000 in 3 years), only the skipped ones counted; of the
    # sessions, only what adherence reads (no times, ratings or notes).
    sessions = services.sessions.outcomes(first, last)
    sessions = _with_streak_before(services, sessions, first, last, now.date(), start)
    skips = services.sessions.skipped_steps(first, last)
    length = max((r.program.length_days for r in routines), default=28)
    data = build_summary(
        checkins,
        sessions,
        routines,
        first,
        last,
        now,
        start,
        length,
        prescribed_seconds(services.library, start),
        skips,
        services.treatment.record(),
    )
    data["self_tests"] = load_self_test_section(services, first, last)
    return data


def _with_streak_before(
    services: Any,
    sessions: list[SessionOutcome],
    first: date,
    last: date,
    today: date,
    start: date,
) -> list[SessionOutcome]:
    """``sessions`` (of ``first``..``last``) with the earlier ones a streak still going
    on at ``first`` reaches into, back to a year before the period or the programme's
    start (a streak is followed back no further).

    The earlier sessions are read newest first and only as far as the streak goes: the
    read stops at the first day without a session counted as done. Reading every
    earlier session instead cost most of a 4-week summary with years behind it.
    """
    end = min(last, today)
    if end - timedelta(days=streak_days(sessions, end) + 1) >= first:
        return sessions  # the streak ends inside the period
    lookback = min(first, start) - timedelta(days=STREAK_LOOKBACK_DAYS)
    day = min(first - timedelta(days=1), end)  # the latest day the streak may need
    # ``end`` itself need not be done (the day is not over): the walk goes on before it
    may_go_on = day == end
    earlier: list[SessionOutcome] = []
    with closing(services.sessions.outcomes_newest_first(lookback, day)) as rows:
        for session in rows:
            if session.local_date != day:
                if not may_go_on or session.local_date != day - timedelta(days=1):
                    break  # a day without a session counted as done: the streak ends
                day, may_go_on = session.local_date, False
            earlier.append(session)
            may_go_on = may_go_on or counts_as_done(session)
    return earlier[::-1] + sessions


def load_self_test_section(services: Any, first: date, last: date) -> list[dict[str, Any]]:
    """The ``self_tests`` section (see ``selftest_summary``) from an open ``Services``,
    its titles, units and notes in the current language (the report's and summary's)."""
    from cipn_coach.i18n import language
    from cipn_coach.selftests.library import selftests_in
    from cipn_coach.selftests.summary import self_test_section
    from cipn_coach.settings.patient import read_profile

    results = services.self_tests.between(date.min, last)
    return self_test_section(
        selftests_in(language()), results, read_profile(services.settings), first, last
    )
