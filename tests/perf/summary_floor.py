"""A lower bound for ``cipn-coach summary --json`` (issue 13 §5): the summary's numbers
from plain ``sqlite3`` rows and plain Python, with no SQLAlchemy and no pydantic.

The app's summary is held to at most 2x this (figure 10 of ``bench.py``); a pytest
(``tests/core/test_summary_floor.py``) holds its output equal to the app's, so the bound
cannot drift into computing less than the app does.

What it covers, equal to the app's JSON: every section but two —
``summary_version``, ``period``, ``program``, ``thresholds``, ``days`` (every answer),
``rolling_7day``, ``weeks``, ``first_vs_last_week``, ``trend_per_week``, ``adherence``
(totals, minutes, streak, skips, each day) and ``flags`` (level, rule, measure, the days
that made each fire and whether it is current; not the sentences, which are words, not
numbers). ``treatment`` is covered when no chemotherapy was entered (it is then
``None``; with a record the bound refuses). ``self_tests`` is not computed: it lists a
catalogue's words, and the app's time for it is left on the app's side.

What it takes as given, made once outside any timing (the app keeps the same in memory):
the routines followed (their days and slot times) and the exercise seconds each routine
prescribes in each programme week (``FloorPlan``).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

# The numbers the rules use, written out here: the bound reads nothing of the app's
# rules. ``test_summary_floor`` fails if one of them changes in ``thresholds``.
WINDOW, MIN_DAYS, TREND_MIN = 7, 4, 4
EVALUATION_AVERAGE, EVALUATION_SPAN = 4.0, 14
FUNCTION_YES, FUNCTION_RECENT = 3, 7
NEAR_FALL_DAYS, NEAR_FALL_WINDOW = 2, 7
RISE, RISE_WITHIN = 3.0, 7
PARTIAL_DONE = 0.5
EPSILON = 1e-9
CURRENT_DAYS = 7
STREAK_LOOKBACK = 366
MEASURES = ("hands", "feet", "pain", "night")
PAIN_KINDS = {"burning", "stabbing", "pins_and_needles", "electric", "tight"}
FUNCTION = ("dropped", "fine_motor", "held_wall", "stumbled")
BOOLEANS = (
    "woke_me",
    "cold_sensitive",
    "dropped",
    "fine_motor",
    "held_wall",
    "stumbled",
    "new_weakness",
    "unfelt_wound",
)
MAYBE_BOOLEANS = ("daily_tasks_harder", "self_care_harder")
COLUMNS = (
    "day",
    "hands",
    "feet",
    "pain",
    "night",
    "pain_kinds",
    *BOOLEANS,
    "falls",
    "near_falls",
    *MAYBE_BOOLEANS,
    "note",
    "version",
)
FLAG_KEYS = ("level", "rule", "measure", "since", "until", "first_seen", "last_seen", "days")
FLAG_KEYS += ("current",)


@dataclass(frozen=True)
class FloorRoutine:
    id: str
    title: str
    weekdays: frozenset[int]  # Monday = 0
    slots: tuple[tuple[str, time], ...]  # (slot name, clock time)


@dataclass(frozen=True)
class FloorPlan:
    """The routines followed and ``prescribed(routine id, programme week)`` seconds."""

    routines: tuple[FloorRoutine, ...]
    length_days: int
    prescribed: Callable[[str, int], float]


def plan_from_services(services: Any) -> FloorPlan:
    """The plan as the app holds it (made once, outside the bound's timing)."""
    from cipn_coach.routines.plan import plan_routine

    routines = services.plan.routines()
    weekday_index = {
        name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    }
    seconds: dict[tuple[str, int], float] = {}
    by_id = {r.id: r for r in routines}

    def prescribed(routine_id: str, week: int) -> float:
        if (routine_id, week) not in seconds:
            steps = plan_routine(by_id[routine_id], services.library, week)
            seconds[routine_id, week] = sum(step.planned_work_seconds for step in steps)
        return seconds[routine_id, week]

    return FloorPlan(
        tuple(
            FloorRoutine(
                r.id,
                r.title,
                frozenset(weekday_index[str(d.value)[:3]] for d in r.schedule.days),
                tuple((s.name, s.clock_time) for s in r.schedule.slots),
            )
            for r in routines
        ),
        max((r.program.length_days for r in routines), default=28),
        prescribed,
    )


def _mean(values: list[int | None]) -> float | None:
    recorded = [v for v in values if v is not None]
    return sum(recorded) / len(recorded) if len(recorded) >= MIN_DAYS else None


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _difference(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else new - old


def _counts(status: str, planned: float, done: float) -> bool:
    if status == "in_progress":
        return False
    fraction = 0.0 if planned <= 0 else min(1.0, done / planned)
    return status == "completed" or fraction >= PARTIAL_DONE


def floor_summary(
    db_path: Path, first: date, last: date, now: datetime, plan: FloorPlan
) -> dict[str, Any]:
    """The summary of ``first``..``last`` as of ``now`` (local, naive)."""
    today = now.date()
    as_of = min(last, today)
    connection = sqlite3.connect(db_path)
    try:
        if connection.execute("SELECT count(*) FROM treatment").fetchone()[0]:
            raise NotImplementedError("the bound covers summaries without a treatment record")
        stored = connection.execute(
            "SELECT value FROM settings WHERE key = 'plan.start_date'"
        ).fetchone()
        checkins = connection.execute(
            f"SELECT {', '.join(COLUMNS)} FROM checkins WHERE day <= ? ORDER BY day",
            (last.isoformat(),),
        ).fetchall()
        sessions = connection.execute(
            "SELECT id, routine_id, slot, local_date, started_at, status, planned_seconds, "
            "done_seconds FROM sessions WHERE local_date >= ? AND local_date <= ? "
            "ORDER BY started_at",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        skips = connection.execute(
            "SELECT st.exercise_id, count(*) FROM session_steps st JOIN sessions s "
            "ON s.id = st.session_id WHERE s.local_date >= ? AND s.local_date <= ? "
            "AND st.skipped = 1 GROUP BY st.exercise_id",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        if stored is not None:
            start = date.fromisoformat(json.loads(stored[0]))
        else:
            start = date.fromisoformat(checkins[0][0]) if checkins else first
        streak = _streak(connection, sessions, first, min(last, today), start)
    finally:
        connection.close()

    # ---- check-ins laid out by day number (ordinal)
    rows: dict[int, dict[str, Any]] = {}
    for row in checkins:
        record = dict(zip(COLUMNS, row, strict=True))
        day = date.fromisoformat(record.pop("day"))
        for name in BOOLEANS:
            record[name] = bool(record[name])
        for name in MAYBE_BOOLEANS:
            if record[name] is not None:
                record[name] = bool(record[name])
        record["pain_kinds"] = [k for k in record["pain_kinds"].split(",") if k in PAIN_KINDS]
        rows[day.toordinal()] = record
    first_n, last_n, start_n = first.toordinal(), last.toordinal(), start.toordinal()
    base = first - timedelta(days=first.weekday() + 7)  # the Monday of the week before
    base_n = base.toordinal()
    earliest = min(
        min(rows, default=first_n), first_n - RISE_WITHIN, start_n, base_n
    )  # what weeks and flags read
    origin = earliest - WINDOW  # index 0; the 7-day window of ``earliest`` is laid out
    records = [rows.get(n) for n in range(origin, last_n + 1)]

    def at(n: int) -> int:
        return n - origin

    values = {m: [None if r is None else r[m] for r in records] for m in MEASURES}
    rolling: dict[str, list[float | None]] = {}
    for m in MEASURES:
        series, averages, total, count = values[m], [], 0, 0
        for i, value in enumerate(series):
            if value is not None:
                total, count = total + value, count + 1
            if i >= WINDOW and series[i - WINDOW] is not None:
                total, count = total - series[i - WINDOW], count - 1
            averages.append(total / count if count >= MIN_DAYS and i >= WINDOW - 1 else None)
        rolling[m] = averages

    period = records[at(first_n) : at(last_n) + 1]
    in_programme = records[at(max(first_n, start_n)) : at(last_n) + 1] if start_n <= last_n else []

    def day_entry(n: int, record: dict[str, Any] | None) -> dict[str, Any]:
        entry = {"date": date.fromordinal(n).isoformat(), "recorded": record is not None}
        if record is None:
            entry.update(dict.fromkeys(COLUMNS[1:]))
        else:
            entry.update(record)
        return entry

    # ---- weeks: Monday to Sunday, from the week before the first one
    means = [
        {
            m: _mean(values[m][at(base_n) + k : min(at(base_n) + k + 7, at(last_n) + 1)])
            for m in MEASURES
        }
        for k in range(0, last_n - base_n + 1, 7)
    ]
    weeks = []
    for w in range(1, len(means)):
        lo = at(base_n) + 7 * w
        weeks.append(
            {
                "monday": (base + timedelta(days=7 * w)).isoformat(),
                "days_recorded": sum(
                    r is not None for r in records[lo : min(lo + 7, at(last_n) + 1)]
                ),
                "averages": {m: _r(means[w][m]) for m in MEASURES},
                "change": {m: _r(_difference(means[w][m], means[w - 1][m])) for m in MEASURES},
            }
        )

    # ---- first programme week against the last 7 days
    def week_means(lo: int) -> dict[str, float | None]:
        return {
            m: _mean([rows[n][m] if n in rows else None for n in range(lo, lo + 7)])
            for m in MEASURES
        }

    before, after = week_means(start_n), week_means(last_n - 6)

    # ---- trend: least squares over the recorded days of the period
    def trend(m: str) -> float | None:
        points = [
            (x, v) for x, v in enumerate(values[m][at(first_n) : at(last_n) + 1]) if v is not None
        ]
        if len(points) < TREND_MIN:
            return None
        n = len(points)
        mean_x = sum(x for x, _ in points) / n
        mean_y = sum(y for _, y in points) / n
        sxx = sum((x - mean_x) ** 2 for x, _ in points)
        sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
        return sxy / sxx * 7 if sxx else None

    found = _flags(rows, records, rolling, origin, first_n, last_n, as_of.toordinal())

    return {
        "summary_version": 1,
        "period": {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "days": max(0, last_n - first_n + 1),
            "days_recorded": sum(r is not None for r in period),
            "programme_days": len(in_programme),
            "programme_days_recorded": sum(r is not None for r in in_programme),
        },
        "program": {
            "start": start.isoformat(),
            "length_days": plan.length_days,
            "day": (as_of - start).days + 1,
        },
        "thresholds": {
            "evaluation_average": EVALUATION_AVERAGE,
            "evaluation_span_days": EVALUATION_SPAN,
            "window_days": WINDOW,
            "min_days_in_window": MIN_DAYS,
        },
        "days": [day_entry(first_n + i, r) for i, r in enumerate(period)],
        "rolling_7day": {
            m: [_r(v) for v in rolling[m][at(first_n) : at(last_n) + 1]] for m in MEASURES
        },
        "weeks": weeks,
        "first_vs_last_week": {
            "first_week": {
                "from": start.isoformat(),
                "to": (start + timedelta(days=6)).isoformat(),
            },
            "last_week": {"from": (last - timedelta(days=6)).isoformat(), "to": last.isoformat()},
            "first": {m: _r(before[m]) for m in MEASURES},
            "last": {m: _r(after[m]) for m in MEASURES},
            "change": {m: _r(_difference(after[m], before[m])) for m in MEASURES},
        },
        "trend_per_week": {m: _r(trend(m)) for m in MEASURES},
        "flags": found,
        "treatment": None,
        "adherence": _adherence(sessions, skips, first, last, now, start, plan, streak),
    }


def _streak(
    connection: sqlite3.Connection,
    sessions: list[tuple[Any, ...]],
    first: date,
    end: date,
    start: date,
) -> int:
    """Days in a row back from ``end`` with a session counted as done. Past the
    period's first day, SQLite lists the days (back to a year before the programme)."""
    lookback = min(first, start) - timedelta(days=STREAK_LOOKBACK)
    done_days = (
        "SELECT DISTINCT local_date FROM sessions WHERE local_date >= ? AND local_date <= ? "
        "AND status != 'in_progress' AND (status = 'completed' OR (planned_seconds > 0 "
        "AND min(1.0, done_seconds / planned_seconds) >= ?)) ORDER BY local_date DESC"
    )
    if end < first:  # a period after today: the whole walk is before it
        active = {
            day
            for (day,) in connection.execute(
                done_days, (lookback.isoformat(), end.isoformat(), PARTIAL_DONE)
            )
        }
    else:
        active = {r[3] for r in sessions if _counts(r[5], r[6], r[7])}
    walk = end if end.isoformat() in active else end - timedelta(days=1)
    streak = 0
    while walk.isoformat() in active:
        streak += 1
        walk -= timedelta(days=1)
    if walk >= first or end < first:
        return streak
    for (day,) in connection.execute(
        done_days, (lookback.isoformat(), walk.isoformat(), PARTIAL_DONE)
    ):
        if day != walk.isoformat():
            break
        streak += 1
        walk -= timedelta(days=1)
    return streak


def _flags(
    rows: dict[int, dict[str, Any]],
    records: list[dict[str, Any] | None],
    rolling: dict[str, list[float | None]],
    origin: int,
    first_n: int,
    last_n: int,
    as_of: int,
) -> list[dict[str, Any]]:
    """Each flag's identity and days, in the app's order (red flags first)."""
    found: list[tuple[str, str, str, int, int, list[int]]] = []
    period_days = [n for n in sorted(rows) if first_n <= n <= last_n]

    fell = [n for n in period_days if rows[n]["falls"] >= 1]
    if fell:
        found.append(("contact_care_team_now", "fall", "falls", fell[0], fell[-1], fell))

    near = {
        n
        for n in range(first_n - NEAR_FALL_WINDOW + 1, last_n + 1)
        if n in rows and rows[n]["near_falls"] > 0
    }
    near_days: set[int] = set()
    for lo in range(first_n - NEAR_FALL_WINDOW + 1, last_n - NEAR_FALL_WINDOW + 2):
        inside = [n for n in range(lo, lo + NEAR_FALL_WINDOW) if n in near]
        if len(inside) >= NEAR_FALL_DAYS:
            near_days.update(inside)
    if near_days:
        ordered = sorted(near_days)
        found.append(
            (
                "contact_care_team_now",
                "repeated_near_falls",
                "near_falls",
                ordered[0],
                ordered[-1],
                ordered,
            )
        )

    for m in ("hands", "feet", "pain"):
        averages = rolling[m]
        since = until = None
        for n in range(first_n, last_n + 1):
            now = averages[n - origin]
            if now is None:
                continue
            earlier = [
                math.inf if a is None else a
                for a in averages[n - origin - RISE_WITHIN : n - origin]
            ]
            low = min(earlier)
            if low != math.inf and now - low >= RISE - EPSILON:
                low_day = n - RISE_WITHIN + earlier.index(low)
                since = low_day if since is None else min(since, low_day)
                until = n
        if since is not None and until is not None:
            found.append(("contact_care_team_now", "rapid_rise", m, since, until, []))

    for name in ("new_weakness", "unfelt_wound"):
        yes = [n for n in period_days if rows[n][name]]
        if yes:
            found.append(("contact_care_team_now", name, name, yes[0], yes[-1], yes))
    yes = [n for n in period_days if rows[n]["self_care_harder"]]
    if yes:
        found.append(
            ("contact_care_team_now", "self_care_harder", "daily_life", yes[0], yes[-1], yes)
        )

    for m in ("hands", "feet", "pain"):
        if not rows:
            break
        averages = rolling[m]
        span = run = None
        for n in range(min(rows), last_n + 1):
            average = averages[n - origin]
            if average is not None and average > EVALUATION_AVERAGE + EPSILON:
                run = n if run is None else run
                if n - run + 1 >= EVALUATION_SPAN and n >= first_n:
                    span = (run, n)
            else:
                run = None
        if span is not None:
            found.append(
                ("evaluation_recommended", "average_above_threshold", m, span[0], span[1], [])
            )

    recorded = [n for n in sorted(rows) if n <= last_n]
    yes_days = [any(rows[n][name] for name in FUNCTION) for n in recorded]
    first_in = next((i for i, n in enumerate(recorded) if n >= first_n), len(recorded))
    contributing: set[int] = set()
    for i in range(first_in, len(recorded)):
        lo = max(0, i - FUNCTION_RECENT + 1)
        if sum(yes_days[lo : i + 1]) >= FUNCTION_YES:
            contributing.update(recorded[j] for j in range(lo, i + 1) if yes_days[j])
    if contributing:
        ordered = sorted(contributing)
        found.append(
            (
                "evaluation_recommended",
                "function_affected",
                "function",
                ordered[0],
                ordered[-1],
                ordered,
            )
        )

    return [
        {
            "level": level,
            "rule": rule,
            "measure": measure,
            "since": date.fromordinal(since).isoformat(),
            "until": date.fromordinal(until).isoformat(),
            "first_seen": date.fromordinal(since).isoformat(),
            "last_seen": date.fromordinal(until).isoformat(),
            "days": [date.fromordinal(n).isoformat() for n in days],
            "current": as_of - until < CURRENT_DAYS,
        }
        for level, rule, measure, since, until, days in found
    ]


def _adherence(
    sessions: list[tuple[Any, ...]],
    skips: list[tuple[str, int]],
    first: date,
    last: date,
    now: datetime,
    start: date,
    plan: FloorPlan,
    streak: int,
) -> dict[str, Any]:
    """Planned (routine, slot) pairs matched with the day's sessions, day by day."""
    today = now.date()
    by_day: dict[str, list[tuple[Any, ...]]] = {}
    for row in sessions:
        by_day.setdefault(row[3], []).append(row)
    by_weekday = [
        sorted(
            (
                (clock, routine.title, routine.id, slot)
                for routine in plan.routines
                if weekday in routine.weekdays
                for slot, clock in routine.slots
            ),
            key=lambda p: (p[0], p[1]),
        )
        for weekday in range(7)
    ]
    per_day = []
    planned_s = done_s = 0.0
    day = first
    end = min(last, today)
    while day <= end:
        iso = day.isoformat()
        if day < start:
            per_day.append({"date": iso, "planned": 0, "done": 0, "partial": 0, "open": 0})
            day += timedelta(days=1)
            continue
        planned = by_weekday[day.weekday()]
        ranked = sorted(
            by_day.get(iso, ()),
            key=lambda r: (not _counts(r[5], r[6], r[7]), r[4]),
        )
        matched: dict[int, tuple[Any, ...]] = {}
        used: set[int] = set()
        for exact in (True, False):
            for i, (_clock, _title, routine_id, slot) in enumerate(planned):
                if i in matched:
                    continue
                for r in ranked:
                    if r[0] in used or r[1] != routine_id or (exact and r[2] != slot):
                        continue
                    matched[i] = r
                    used.add(r[0])
                    break
        done = partial = still_open = 0
        week = max(0, (day - start).days) // 7 + 1
        for i, (_clock, _title, routine_id, _slot) in enumerate(planned):
            session = matched.get(i)
            counted = session is not None and _counts(session[5], session[6], session[7])
            if not counted and day == today:
                still_open += 1
                continue
            if session is not None:
                planned_s += session[6]
                done_s += min(session[7], session[6])
            else:
                planned_s += plan.prescribed(routine_id, week)
            done += counted
            partial += counted and session[5] != "completed"
        per_day.append(
            {
                "date": iso,
                "planned": len(planned) - still_open,
                "done": done,
                "partial": partial,
                "open": still_open,
            }
        )
        day += timedelta(days=1)

    total_planned = sum(d["planned"] for d in per_day)
    total_done = sum(d["done"] for d in per_day)
    minutes_planned, minutes_done = planned_s / 60, done_s / 60
    return {
        "planned": total_planned,
        "done": total_done,
        "partial": sum(d["partial"] for d in per_day),
        "percent": None if not total_planned else _r(100 * total_done / total_planned),
        "minutes_planned": _r(minutes_planned),
        "minutes_done": _r(minutes_done),
        "minutes_percent": None
        if not minutes_planned
        else _r(100 * minutes_done / minutes_planned),
        "streak_days": streak,
        "skips_by_exercise": dict(sorted(skips)),
        "by_day": per_day,
    }


def comparable(summary: dict[str, Any]) -> dict[str, Any]:
    """The parts of an app summary the bound computes: ``self_tests`` left out, flags
    reduced to their identity and days (their sentences are words)."""
    data = {k: v for k, v in summary.items() if k != "self_tests"}
    data["flags"] = [{k: flag[k] for k in FLAG_KEYS} for flag in summary["flags"]]
    return data
