"""The two kinds of flag: "evaluation recommended" and "contact your care team now".

Pure functions over check-ins (see ``rules``). A flag is reported for a period when the
rule holds on at least one day of that period; ``since``/``until`` name the days that
made it fire (they may start before the period: a 14-day span began somewhere). Each
flag carries which rule fired, the measure, a plain explanation, what to do, and the
source of the threshold. The app never diagnoses: every text points to the care team.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from cipn_coach.checkin_fields import FUNCTION_FIELDS, FUNCTION_LABELS  # no pydantic: read at start-up
from cipn_coach.rules import EPSILON, ByDay, days_between, rolling_average
from cipn_coach.thresholds import (
    EVALUATION_AVERAGE, EVALUATION_SPAN_DAYS, FALLS_RED_FLAG, FUNCTION_RECENT_DAYS,
    FUNCTION_YES_DAYS, NEAR_FALL_DAYS, NEAR_FALL_WINDOW_DAYS, RED_FLAG_RISE, RISE_WITHIN_DAYS,
    SOURCES,
)

EVALUATION = "evaluation_recommended"
CONTACT_NOW = "contact_care_team_now"
EVALUATION_MEASURES: tuple[str, ...] = ("hands", "feet", "pain")
MEASURE_WORDS = {"hands": "numbness or tingling in your hands",
                 "feet": "numbness or tingling in your feet", "pain": "pain"}
RED_FLAG_SOURCE = "CONTENT.md red flags: contact your care team now"
CALL_NOW = ("Please contact your care team today, by phone if you can, rather than waiting "
            "for your next visit. If you are hurt or feel unwell, get urgent help.")
EVALUATE = ("Please mention this to your doctor, nurse or physiotherapist soon and ask "
            "whether your nerves should be checked. Keep going with the gentle exercises "
            "unless they hurt.")


@dataclass(frozen=True)
class Flag:
    level: str  # EVALUATION or CONTACT_NOW
    rule: str
    measure: str
    since: date
    until: date
    explanation: str
    what_to_do: str
    source: str

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["since"] = self.since.isoformat()
        data["until"] = self.until.isoformat()
        return data


def _average_above(days: ByDay, first: date, last: date, measure: str) -> Flag | None:
    """A 7-day average above 4 on every day of a span of ≥ 14 consecutive days."""
    if not days:
        return None
    found: tuple[date, date] | None = None
    run_start: date | None = None
    for day in days_between(min(days), last):
        average = rolling_average(days, day, measure)
        if average is not None and average > EVALUATION_AVERAGE + EPSILON:
            run_start = run_start or day
            if (day - run_start).days + 1 >= EVALUATION_SPAN_DAYS and day >= first:
                found = (run_start, day)
        else:
            run_start = None
    if found is None:
        return None
    since, until = found
    return Flag(EVALUATION, "average_above_threshold", measure, since, until,
                f"Your 7-day average for {MEASURE_WORDS[measure]} has stayed above "
                f"{EVALUATION_AVERAGE:g} out of 10 every day for {(until - since).days + 1} days, "
                f"since {since:%d %B}. When it stays this high for more than two weeks, a "
                "professional check is worth having.", EVALUATE, SOURCES["EVALUATION_AVERAGE"])


def _function_days(days: ByDay, first: date, last: date) -> Flag | None:
    """Function questions answered yes on ≥ 3 of the last 7 recorded days."""
    recorded = sorted(d for d in days if d <= last)
    contributing: set[date] = set()
    for i, day in enumerate(recorded):
        if day < first:
            continue
        window = recorded[max(0, i - FUNCTION_RECENT_DAYS + 1): i + 1]
        yes = [d for d in window if any(getattr(days[d], f) for f in FUNCTION_FIELDS)]
        if len(yes) >= FUNCTION_YES_DAYS:
            contributing.update(yes)
    if not contributing:
        return None
    answers = sorted({f for d in contributing for f in FUNCTION_FIELDS if getattr(days[d], f)},
                     key=FUNCTION_FIELDS.index)
    said = "; ".join(FUNCTION_LABELS[f] for f in answers)
    return Flag(EVALUATION, "function_affected", "function", min(contributing), max(contributing),
                f"On {len(contributing)} recent days you told us daily tasks were harder "
                f"({said}). When numb hands or feet get in the way of everyday life, your care "
                "team would want to know.", EVALUATE, SOURCES["FUNCTION_YES_DAYS"])


def _falls(days: ByDay, first: date, last: date) -> Flag | None:
    fell = [d for d in days_between(first, last) if d in days and days[d].falls >= FALLS_RED_FLAG]
    if not fell:
        return None
    total = sum(days[d].falls for d in fell)
    return Flag(CONTACT_NOW, "fall", "falls", fell[0], fell[-1],
                f"You noted {total} fall{'s' if total > 1 else ''} (on {len(fell)} "
                f"day{'s' if len(fell) > 1 else ''}). With less feeling in the feet a fall "
                "can matter more than it seems, and your team may want to adjust treatment "
                "or check your balance. Until then, do the balance steps only with firm "
                "support, or skip them.", CALL_NOW, RED_FLAG_SOURCE)


def _near_falls(days: ByDay, first: date, last: date) -> Flag | None:
    """Near-falls on ≥ 2 days within any 7-day window that ends inside the period."""
    contributing: set[date] = set()
    for day in days_between(first, last):
        window = [day - timedelta(days=k) for k in range(NEAR_FALL_WINDOW_DAYS)]
        near = [d for d in window if d in days and days[d].near_falls > 0]
        if len(near) >= NEAR_FALL_DAYS:
            contributing.update(near)
    if not contributing:
        return None
    return Flag(CONTACT_NOW, "repeated_near_falls", "near_falls", min(contributing),
                max(contributing),
                f"You nearly fell on {len(contributing)} days within a week. Repeated "
                "near-falls are a warning sign that balance is getting harder. Keep a chair "
                "or counter within reach and skip unsupported balance steps for now.",
                CALL_NOW, RED_FLAG_SOURCE)


def _rapid_rise(days: ByDay, first: date, last: date, measure: str) -> Flag | None:
    """A 7-day average ≥ 3 points above its lowest value of the previous 7 days."""
    since: date | None = None
    until: date | None = None
    for day in days_between(first, last):
        now = rolling_average(days, day, measure)
        if now is None:
            continue
        earlier = [(avg, d) for k in range(1, RISE_WITHIN_DAYS + 1)
                   if (avg := rolling_average(days, d := day - timedelta(days=k), measure))
                   is not None]
        if not earlier:
            continue
        low, low_day = min(earlier)
        if now - low >= RED_FLAG_RISE - EPSILON:
            since = low_day if since is None else min(since, low_day)
            until = day
    if since is None or until is None:
        return None
    return Flag(CONTACT_NOW, "rapid_rise", measure, since, until,
                f"Your 7-day average for {MEASURE_WORDS[measure]} rose by {RED_FLAG_RISE:g} "
                "points or more within a week. Symptoms that get worse quickly should be "
                "reported now, especially during chemotherapy, before the next cycle.",
                CALL_NOW, SOURCES["RED_FLAG_RISE"])


def _answered_yes(days: ByDay, first: date, last: date, field: str) -> Flag | None:
    yes = [d for d in days_between(first, last) if d in days and getattr(days[d], field)]
    if not yes:
        return None
    if field == "new_weakness":
        text = ("You noted new weakness or tripping, such as toes catching on the floor. "
                "New weakness can mean the nerves to the muscles are affected, and your team "
                "should hear about it promptly.")
    else:
        text = ("You noted a burn, cut or wound on your hands or feet that you did not feel. "
                "Wounds on numb skin can get infected without hurting. Keep it clean and "
                "covered and have it looked at. Check your feet every day.")
    return Flag(CONTACT_NOW, field, field, yes[0], yes[-1], text, CALL_NOW, RED_FLAG_SOURCE)


def flags(days: ByDay, first: date, last: date) -> list[Flag]:
    """Every flag that holds on some day from ``first`` to ``last``; red flags first.

    ``days`` should hold all check-ins up to ``last`` (including before ``first``) so
    spans and averages that began earlier are seen whole.
    """
    found: list[Flag | None] = [_falls(days, first, last), _near_falls(days, first, last)]
    found += [_rapid_rise(days, first, last, m) for m in EVALUATION_MEASURES]
    found += [_answered_yes(days, first, last, f) for f in ("new_weakness", "unfelt_wound")]
    found += [_average_above(days, first, last, m) for m in EVALUATION_MEASURES]
    found.append(_function_days(days, first, last))
    return [f for f in found if f is not None]
