"""The kinds of flag: "evaluation recommended", "contact your care team now", and, while
the patient is still having chemotherapy, "tell your oncology team before your next cycle".

Pure functions over check-ins (see ``rules``). A flag is reported for a period when the
rule holds on at least one day of that period; ``since``/``until`` name the days that
made it fire (they may start before the period: a 14-day span began somewhere). Each
flag carries which rule fired, the measure, a plain explanation, what to do, and the
source of the threshold. The app never diagnoses: every text points to the care team.

A flag is computed once and worded twice: ``explanation`` speaks to the patient (the
app), ``clinical`` about the patient in the third person (the report for the care
team). ``days`` are the days that made it fire (for rules about answers: the days of
those answers); ``current`` says whether it last held within the past week of the day
it is read on (``as_of``): an older flag is history, never an instruction.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

from cipn_coach.checkin.averages import EPSILON, ByDay, Daily
from cipn_coach.checkin.fields import (  # no pydantic: read at start-up
    FUNCTION_FIELDS,
    FUNCTION_LABELS,
)
from cipn_coach.checkin.thresholds import (
    EVALUATION_AVERAGE,
    EVALUATION_SPAN_DAYS,
    FALLS_RED_FLAG,
    FUNCTION_RECENT_DAYS,
    FUNCTION_YES_DAYS,
    NEAR_FALL_DAYS,
    NEAR_FALL_WINDOW_DAYS,
    RED_FLAG_RISE,
    RISE_WITHIN_DAYS,
    SOURCES,
)
from cipn_coach.i18n import N_, _, n_, p_
from cipn_coach.treatment.record import Treatment

EVALUATION = "evaluation_recommended"
CONTACT_NOW = "contact_care_team_now"
BEFORE_NEXT_CYCLE = "tell_oncology_before_next_cycle"
EVALUATION_MEASURES: tuple[str, ...] = ("hands", "feet", "pain")
# Texts are marked here (N_) and translated when a flag is made (_): the language is
# chosen after import.
MEASURE_WORDS = {
    "hands": N_("numbness or tingling in your hands"),
    "feet": N_("numbness or tingling in your feet"),
    "pain": N_("pain"),
}
# the sources too: a reader of Chinese meets them beside the flag (the PDF report, the
# summary); only the names of published scales (NCI CTCAE) stay as they are
RED_FLAG_SOURCE = N_("oncology guide: warning signs to report to the care team at once")
SELF_CARE_SOURCE = N_(
    "NCI CTCAE peripheral neuropathy, grade 3 'limiting self-care' (bathing, "
    "dressing), asked in the app's own words; oncology guide: report new or "
    "worse symptoms promptly, not at the next scheduled visit"
)
DAILY_TASKS_SOURCE = N_(
    "NCI CTCAE peripheral neuropathy, grade 2 'limiting instrumental "
    "activities' (cooking, managing money), asked in the app's own words; "
    "oncology guide: still in chemotherapy with new or worse symptoms → "
    "report before the next cycle"
)
CLINICAL_MEASURE = {
    "hands": N_("hand numbness/tingling"),
    "feet": N_("foot numbness/tingling"),
    "pain": N_("pain"),
}
CURRENT_DAYS = 7  # a flag that last held within this many days (today included) is current
CALL_NOW = N_(
    "Please contact your care team today, by phone if you can, rather than waiting "
    "for your next visit. If you are hurt or feel unwell, get urgent help."
)
EVALUATE = N_(
    "Please mention this to your doctor, nurse or physiotherapist soon and ask "
    "whether your nerves should be checked. Keep going with the gentle exercises "
    "unless they hurt."
)
TELL_BEFORE_CYCLE = N_(
    "Please tell your oncology team before your next cycle, rather than "
    "waiting to be asked: phone them, or tell the nurse before the treatment "
    'starts. Take your "Before your next cycle" summary with you.'
)


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
    clinical: str = ""  # the same finding about the patient, for the care team
    days: tuple[date, ...] = field(default=())  # the days of the answers that made it fire
    current: bool = True

    def as_dict(self) -> dict[str, object]:
        # field by field, not ``asdict``: that deep-copies ``days`` date by date, and a
        # flag of years can name hundreds of days
        data: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["since"] = data["first_seen"] = self.since.isoformat()
        data["until"] = data["last_seen"] = self.until.isoformat()
        data["days"] = [d.isoformat() for d in self.days]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Flag:
        """What ``as_dict`` wrote (the start-up helper hands flags over as JSON)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["since"] = date.fromisoformat(str(data["since"]))
        known["until"] = date.fromisoformat(str(data["until"]))
        known["days"] = tuple(date.fromisoformat(str(d)) for d in data.get("days", ()))  # type: ignore[union-attr]
        return cls(**known)  # type: ignore[arg-type]


def is_current(flag: Flag, as_of: date) -> bool:
    """Whether ``flag`` last held within the ``CURRENT_DAYS`` up to ``as_of``."""
    return (as_of - flag.until).days < CURRENT_DAYS


def dated(found: list[Flag], as_of: date) -> list[Flag]:
    """``found`` with ``current`` set for the day they are read on."""
    return [replace(f, current=is_current(f, as_of)) for f in found]


def _average_above(days: ByDay, first: date, last: date, measure: str, daily: Daily) -> Flag | None:
    """A 7-day average above 4 on every day of a span of ≥ 14 consecutive days."""
    if not days:
        return None
    found: tuple[int, int] | None = None
    run_start: int | None = None
    averages = daily.rolling(measure)
    first_i = daily.index(first)
    for i in range(daily.index(min(days)), daily.index(last) + 1):
        average = averages[i]
        if average is not None and average > EVALUATION_AVERAGE + EPSILON:
            run_start = i if run_start is None else run_start
            if i - run_start + 1 >= EVALUATION_SPAN_DAYS and i >= first_i:
                found = (run_start, i)
        else:
            run_start = None
    if found is None:
        return None
    since, until = daily.day(found[0]), daily.day(found[1])
    n = (until - since).days + 1
    return Flag(
        EVALUATION,
        "average_above_threshold",
        measure,
        since,
        until,
        n_(
            "Your 7-day average for {measure} has stayed above {limit} out of 10 every "
            "day for {n} day. When it stays this high for more than two weeks, a "
            "professional check is worth having.",
            "Your 7-day average for {measure} has stayed above {limit} out of 10 every "
            "day for {n} days. When it stays this high for more than two weeks, a "
            "professional check is worth having.",
            n,
        ).format(measure=_(MEASURE_WORDS[measure]), limit=f"{EVALUATION_AVERAGE:g}", n=n),
        _(EVALUATE),
        _(SOURCES["EVALUATION_AVERAGE"]),
        n_(
            "The 7-day average of {measure} stayed above {limit}/10 every day for {n} "
            "day. By the patient guide's rule of thumb a professional evaluation is "
            "recommended.",
            "The 7-day average of {measure} stayed above {limit}/10 every day for {n} "
            "days. By the patient guide's rule of thumb a professional evaluation is "
            "recommended.",
            n,
        ).format(measure=_(CLINICAL_MEASURE[measure]), limit=f"{EVALUATION_AVERAGE:g}", n=n),
    )


def _function_days(days: ByDay, first: date, last: date) -> Flag | None:
    """Function questions answered yes on ≥ 3 of the last 7 recorded days."""
    recorded = sorted(d for d in days if d <= last)
    in_period = bisect_left(recorded, first)  # index of the first recorded day ≥ first
    reach = max(0, in_period - FUNCTION_RECENT_DAYS + 1)  # no window reads further back
    yes = [False] * reach + [
        any(getattr(days[d], f) for f in FUNCTION_FIELDS) for d in recorded[reach:]
    ]
    contributing: set[date] = set()
    for i in range(in_period, len(recorded)):
        start = max(0, i - FUNCTION_RECENT_DAYS + 1)
        if yes[start : i + 1].count(True) >= FUNCTION_YES_DAYS:
            contributing.update(recorded[j] for j in range(start, i + 1) if yes[j])
    if not contributing:
        return None
    answers = sorted(
        {f for d in contributing for f in FUNCTION_FIELDS if getattr(days[d], f)},
        key=FUNCTION_FIELDS.index,
    )
    said = p_("list of answers", "; ").join(_(FUNCTION_LABELS[f]) for f in answers)
    n = len(contributing)
    return Flag(
        EVALUATION,
        "function_affected",
        "function",
        min(contributing),
        max(contributing),
        n_(
            "On {n} day you told us daily tasks were harder ({said}). When numb hands "
            "or feet get in the way of everyday life, your care team would want to know.",
            "On {n} days you told us daily tasks were harder ({said}). When numb hands "
            "or feet get in the way of everyday life, your care team would want to know.",
            n,
        ).format(n=n, said=said),
        _(EVALUATE),
        _(SOURCES["FUNCTION_YES_DAYS"]),
        n_(
            "On {n} day the patient reported that daily tasks were harder ({said}), at "
            "least {yes} of {window} rated days at a time.",
            "On {n} days the patient reported that daily tasks were harder ({said}), at "
            "least {yes} of {window} rated days at a time.",
            n,
        ).format(n=n, said=said.lower(), yes=FUNCTION_YES_DAYS, window=FUNCTION_RECENT_DAYS),
        tuple(sorted(contributing)),
    )


def _falls(days: ByDay, first: date, last: date) -> Flag | None:
    fell = sorted(d for d, r in days.items() if first <= d <= last and r.falls >= FALLS_RED_FLAG)
    if not fell:
        return None
    total = sum(days[d].falls for d in fell)
    falls = n_("{n} fall", "{n} falls", total).format(n=total)
    on_days = n_("on {n} day", "on {n} days", len(fell)).format(n=len(fell))
    return Flag(
        CONTACT_NOW,
        "fall",
        "falls",
        fell[0],
        fell[-1],
        _(
            "You noted {falls} ({days}). With less feeling in the feet a fall can matter "
            "more than it seems, and your team may want to adjust treatment or check your "
            "balance. Until then, do the balance steps only with firm support, or skip "
            "them."
        ).format(falls=falls, days=on_days),
        _(CALL_NOW),
        _(RED_FLAG_SOURCE),
        _(
            "The patient reported {falls} ({days}) and was advised to contact the care "
            "team promptly and to do balance steps only with firm support."
        ).format(falls=falls, days=on_days),
        tuple(fell),
    )


def _near_falls(first: date, last: date, daily: Daily) -> Flag | None:
    """Near-falls on ≥ 2 days within any 7-day window that ends inside the period."""
    start = first - timedelta(days=NEAR_FALL_WINDOW_DAYS - 1)
    near = [r is not None and r.near_falls > 0 for r in daily.between(daily.records, start, last)]
    contributing: set[date] = set()
    for lo in range(len(near) - NEAR_FALL_WINDOW_DAYS + 1):  # the window of 7 days from lo
        window = near[lo : lo + NEAR_FALL_WINDOW_DAYS]
        if window.count(True) >= NEAR_FALL_DAYS:
            contributing.update(start + timedelta(days=lo + k) for k, n in enumerate(window) if n)
    if not contributing:
        return None
    n = len(contributing)
    return Flag(
        CONTACT_NOW,
        "repeated_near_falls",
        "near_falls",
        min(contributing),
        max(contributing),
        n_(
            "You nearly fell on {n} day within a week. Repeated near-falls are a warning "
            "sign that balance is getting harder. Keep a chair or counter within reach "
            "and skip unsupported balance steps for now.",
            "You nearly fell on {n} days within a week. Repeated near-falls are a warning "
            "sign that balance is getting harder. Keep a chair or counter within reach "
            "and skip unsupported balance steps for now.",
            n,
        ).format(n=n),
        _(CALL_NOW),
        _(RED_FLAG_SOURCE),
        n_(
            "The patient reported near-falls on {n} day within a week and was advised "
            "to keep support within reach, to skip unsupported balance steps and to "
            "contact the care team promptly.",
            "The patient reported near-falls on {n} days within a week and was advised "
            "to keep support within reach, to skip unsupported balance steps and to "
            "contact the care team promptly.",
            n,
        ).format(n=n),
        tuple(sorted(contributing)),
    )


def _rapid_rise(first: date, last: date, measure: str, daily: Daily) -> Flag | None:
    """A 7-day average ≥ 3 points above its lowest value of the previous 7 days.

    The lowest is a minimum over the 7 averages before the day (a gap reads as +∞ so it
    is never the lowest); on a tie the earliest of those days is the one named.
    """
    averages = daily.rolling(measure)
    lows = [math.inf if a is None else a for a in averages]
    since: date | None = None
    until: date | None = None
    for i in range(daily.index(first), daily.index(last) + 1):
        now = averages[i]
        if now is None:
            continue
        earlier = lows[i - RISE_WITHIN_DAYS : i]
        low = min(earlier)
        if low != math.inf and now - low >= RED_FLAG_RISE - EPSILON:
            low_day = daily.day(i - RISE_WITHIN_DAYS + earlier.index(low))
            since = low_day if since is None else min(since, low_day)
            until = daily.day(i)
    if since is None or until is None:
        return None
    rise = f"{RED_FLAG_RISE:g}"
    return Flag(
        CONTACT_NOW,
        "rapid_rise",
        measure,
        since,
        until,
        _(
            "Your 7-day average for {measure} rose by {rise} points or more within a "
            "week. Symptoms that get worse quickly should be reported now, especially "
            "during chemotherapy, before the next cycle."
        ).format(measure=_(MEASURE_WORDS[measure]), rise=rise),
        _(CALL_NOW),
        _(SOURCES["RED_FLAG_RISE"]),
        _(
            "The 7-day average of {measure} rose by {rise} points or more within a week; "
            "the patient was advised to report it before the next treatment "
            "cycle."
        ).format(measure=_(CLINICAL_MEASURE[measure]), rise=rise),
    )


def _answered_yes(days: ByDay, first: date, last: date, field: str) -> Flag | None:
    yes = sorted(d for d, r in days.items() if first <= d <= last and getattr(r, field))
    if not yes:
        return None
    if field == "new_weakness":
        text = _(
            "You noted new weakness or tripping, such as toes catching on the floor. "
            "New weakness can mean the nerves to the muscles are affected, and your team "
            "should hear about it promptly."
        )
        clinical = _(
            "The patient reported new weakness or tripping (toes catching on the "
            "floor) and was advised to contact the care team promptly."
        )
    else:
        text = _(
            "You noted a burn, cut or wound on your hands or feet that you did not feel. "
            "Wounds on numb skin can get infected without hurting. Keep it clean and "
            "covered and have it looked at. Check your feet every day."
        )
        clinical = _(
            "The patient reported a burn, cut or wound on the hands or feet that was "
            "not felt, and was advised to have it looked at and to check the feet "
            "daily."
        )
    return Flag(
        CONTACT_NOW,
        field,
        field,
        yes[0],
        yes[-1],
        text,
        _(CALL_NOW),
        _(RED_FLAG_SOURCE),
        clinical,
        tuple(yes),
    )


def _self_care_harder(days: ByDay, first: date, last: date) -> Flag | None:
    """A yes to the weekly question about washing, dressing or eating by oneself."""
    yes = sorted(d for d, r in days.items() if first <= d <= last and r.self_care_harder)
    if not yes:
        return None
    return Flag(
        CONTACT_NOW,
        "self_care_harder",
        "daily_life",
        yes[0],
        yes[-1],
        _(
            "You told us that numbness, tingling or pain made it harder to wash, dress "
            "or eat by yourself. When nerve symptoms get in the way of looking after "
            "yourself, your care team needs to know now, not at your next visit."
        ),
        _(CALL_NOW),
        _(SELF_CARE_SOURCE),
        _(
            "The patient answered yes to the app's weekly question \"did numbness, "
            'tingling or pain make it harder to wash, dress or eat by yourself?" (the '
            "app's own words for limits to self-care, as NCI CTCAE describes grade 3; not "
            "a grading) and was advised to contact the care team now."
        ),
        tuple(yes),
    )


def _daily_tasks_in_treatment(
    days: ByDay, first: date, last: date, treatment: Treatment
) -> Flag | None:
    """A yes to the weekly everyday-tasks question on a day of active chemotherapy."""
    yes = sorted(
        d
        for d, r in days.items()
        if first <= d <= last and r.daily_tasks_harder and treatment.in_treatment(d)
    )
    if not yes:
        return None
    return Flag(
        BEFORE_NEXT_CYCLE,
        "daily_tasks_harder_in_treatment",
        "daily_life",
        yes[0],
        yes[-1],
        _(
            "You told us that numbness, tingling or pain made everyday tasks like "
            "cooking, shopping or handling money harder, while you are still having "
            "chemotherapy. Your oncology team will want to know this before your next "
            "cycle."
        ),
        _(TELL_BEFORE_CYCLE),
        _(DAILY_TASKS_SOURCE),
        _(
            "While still in chemotherapy, the patient answered yes to the app's weekly "
            'question "did numbness, tingling or pain make everyday tasks like cooking, '
            "shopping or handling money harder?\" (the app's own words for limits to "
            "instrumental activities, as NCI CTCAE describes grade 2; not a grading) and "
            "was advised to tell the oncology team before the next cycle."
        ),
        tuple(yes),
    )


def flags_start(days: ByDay, first: date) -> date:
    """The first day the flags of a period from ``first`` read: the first check-in (a
    14-day span may have begun there) or a week before ``first`` (a rise is measured
    against the week before), whichever is earlier."""
    return min(min(days, default=first), first - timedelta(days=RISE_WITHIN_DAYS))


def flags(
    days: ByDay,
    first: date,
    last: date,
    daily: Daily | None = None,
    as_of: date | None = None,
    treatment: Treatment | None = None,
) -> list[Flag]:
    """Every flag that holds on some day from ``first`` to ``last``; red flags first.

    ``days`` should hold all check-ins up to ``last`` (including before ``first``) so
    spans and averages that began earlier are seen whole. ``daily``: the same check-ins
    laid out from ``flags_start`` (or earlier) to ``last``, when the caller has them.
    ``as_of`` (default ``last``): the day they are read on, which decides ``current``.
    ``treatment``: the chemotherapy record, for the flag that only holds during treatment.
    """
    start = flags_start(days, first)
    if daily is None:
        daily = Daily(days, start, last)
    elif daily.start > start or daily.last < last:
        raise ValueError(f"flags of {first}…{last} read {start}…{last}, not all laid out")
    found: list[Flag | None] = [_falls(days, first, last), _near_falls(first, last, daily)]
    found += [_rapid_rise(first, last, m, daily) for m in EVALUATION_MEASURES]
    found += [_answered_yes(days, first, last, f) for f in ("new_weakness", "unfelt_wound")]
    found.append(_self_care_harder(days, first, last))
    if treatment is not None:
        found.append(_daily_tasks_in_treatment(days, first, last, treatment))
    found += [_average_above(days, first, last, m, daily) for m in EVALUATION_MEASURES]
    found.append(_function_days(days, first, last))
    return dated([f for f in found if f is not None], last if as_of is None else as_of)
