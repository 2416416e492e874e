"""Flags in words: when they held, and how each screen and the report name them.

A flag is computed once (``cipn_coach.checkin.flags``); every place that shows it — Today,
Progress, the family view, the PDF report — words it here, so the same flag never says
"5 days" in one place and "16 days" in another, and an old urgent flag is told as
history ("Near-falls on 16 and 19 Nov — did you tell your care team?") everywhere
rather than as an instruction. Flags come in as ``Flag`` objects or as the summary's
dicts (``Flag.as_dict``); out they go as dicts, the form the summary prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from cipn_coach import formatting
from cipn_coach.checkin.flags import BEFORE_NEXT_CYCLE, CONTACT_NOW, EVALUATION, Flag
from cipn_coach.i18n import N_, _, n_, p_

AVERAGE_RULE = "average_above_threshold"
DAYS_LISTED = 4  # more days than this are told as "6 days between 3 and 19 Nov"

# Marked here (N_), translated where they are shown (_): these are made at import, before
# the language is chosen. What the flag is about, as a heading a patient and a clinician
# both read plainly.
TOPICS = {
    "fall": N_("A fall"),
    "repeated_near_falls": N_("Near-falls"),
    "rapid_rise": N_("A quick rise in {measure}"),
    "new_weakness": N_("New weakness or tripping"),
    "unfelt_wound": N_("A wound that was not felt"),
    AVERAGE_RULE: N_("{measure} above 4 out of 10 (7-day average)"),
    "function_affected": N_("Daily tasks harder"),
    "self_care_harder": N_("Washing, dressing or eating by yourself harder"),
    "daily_tasks_harder_in_treatment": N_("Everyday tasks harder during chemotherapy"),
}
MEASURES = {
    "hands": N_("hand numbness or tingling"),
    "feet": N_("foot numbness or tingling"),
    "pain": N_("pain"),
}
SHORT_MEASURES = {
    "hands": N_("hands"),
    "feet": N_("feet"),
    "pain": N_("pain"),
    "night": N_("night"),
}
# for the patient (the app) and for the care team (the report)
PATIENT_HEADINGS = {
    CONTACT_NOW: N_("Please contact your care team now"),
    BEFORE_NEXT_CYCLE: N_("Tell your oncology team before your next cycle"),
    EVALUATION: N_("A check-up is recommended"),
}
CLINICIAN_HEADINGS = {
    CONTACT_NOW: N_("Urgent: the patient was advised to contact the care team now"),
    BEFORE_NEXT_CYCLE: N_(
        "Before the next cycle: the patient was advised to tell the oncology team"
    ),
    EVALUATION: N_("Professional evaluation recommended"),
}
HISTORY_HEADING = N_("Earlier, no longer current")
SYMPTOMS = N_("symptoms")  # the measure of a rule named without its flag
ASK = N_("did you tell your care team?")
FAMILY_ASK = N_("did they tell their care team?")  # the family view: about the patient


def as_dict(flag: Flag | Mapping[str, Any]) -> dict[str, Any]:
    return flag.as_dict() if isinstance(flag, Flag) else dict(flag)


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _and(parts: Sequence[str]) -> str:
    """'a, b and c' in the current language ('a、b和c')."""
    if len(parts) == 1:
        return parts[0]
    return _("{items} and {last}").format(
        items=p_("list separator", ", ").join(parts[:-1]), last=parts[-1]
    )


def days_words(days: Sequence[date]) -> str:
    """'16 and 19 Nov', '30 Nov and 2 Dec', or '6 days between 3 and 19 Nov'."""
    if len(days) > DAYS_LISTED:
        return n_(
            "{n} day between {first} and {last}", "{n} days between {first} and {last}", len(days)
        ).format(
            n=formatting.whole(len(days)),
            first=formatting.day_month(days[0]),
            last=formatting.day_month(days[-1]),
        )
    if formatting.language() != "en":
        return _and([formatting.day_month(d) for d in days])
    parts = []
    for i, d in enumerate(days):  # the month once, after the last day of that month
        last_of_month = i + 1 == len(days) or (days[i + 1].year, days[i + 1].month) != (
            d.year,
            d.month,
        )
        parts.append(formatting.day_month(d) if last_of_month else formatting.number(d.day, 0))
    return _and(parts)


def topic(flag: Mapping[str, Any]) -> str:
    measures = [m.strip() for m in str(flag["measure"]).split(",")]
    named = _and([_(MEASURES[m]) if m in MEASURES else m for m in measures])
    text = _(TOPICS.get(flag["rule"], N_("A warning sign"))).format(measure=named)
    return text[0].upper() + text[1:]


def rule_words(rule: str) -> str:
    """A rule's name as a heading ('A fall', 'Near-falls'), where only the rule is known
    (the clinic's panel): never its code ('repeated_near_falls')."""
    text = _(TOPICS.get(rule, N_("A warning sign"))).format(measure=_(SYMPTOMS))
    return text[0].upper() + text[1:]


def when_words(flag: Mapping[str, Any]) -> str:
    """'Near-falls on 16 and 19 Nov', 'Pain above 4 … from 3 to 19 Nov'."""
    days = [_day(d) for d in flag.get("days") or ()]
    if days:
        return _("{topic} on {days}").format(topic=topic(flag), days=days_words(days))
    first, last = _day(flag["since"]), _day(flag["until"])
    if first == last:
        return _("{topic} on {days}").format(topic=topic(flag), days=formatting.day_month(first))
    return _("{topic} from {first} to {last}").format(
        topic=topic(flag), first=formatting.day_month(first), last=formatting.day_month(last)
    )


def history_line(flag: Flag | Mapping[str, Any], family: bool = False) -> str:
    """An old flag for the patient (or, ``family``, a relative): what happened when,
    and a question."""
    ask = _(FAMILY_ASK) if family else _(ASK)
    return _("{when} — {ask}").format(when=when_words(as_dict(flag)), ask=ask)


def clinician_line(flag: Flag | Mapping[str, Any], report_day: date) -> str:
    """When it first and last held, counted back from the report's last day."""
    data = as_dict(flag)
    ago = (report_day - _day(data["until"])).days
    if ago <= 0:
        return _("{when}; still present on the last day of this report").format(
            when=when_words(data)
        )
    return n_(
        "{when}; last seen {n} day before this report",
        "{when}; last seen {n} days before this report",
        ago,
    ).format(when=when_words(data), n=formatting.whole(ago))


def patient_when(flag: Flag | Mapping[str, Any], as_of: date) -> str:
    """Since when, and whether it still holds ("last seen" would wrongly suggest an
    average that is still above 4 today had gone away)."""
    data = as_dict(flag)
    since, until = _day(data["since"]), _day(data["until"])
    first, last = formatting.day_long(since), formatting.day_long(until)
    if until == as_of and until != since:
        return _("Since {since}, still the case on {until}").format(since=first, until=last)
    if until != since:
        return _("Since {since} (last seen {until})").format(since=first, until=last)
    return _("Since {since}").format(since=first)


def _merged_averages(group: list[dict[str, Any]]) -> dict[str, Any]:
    """Several "average above 4" flags (hands, feet, pain) as one, naming the measures:
    the advice is the same, so it is given once."""
    measures = [g["measure"] for g in group]
    lengths = [(_day(g["until"]) - _day(g["since"])).days + 1 for g in group]
    spans = _and(
        [
            n_("{n} day for {measure}", "{n} days for {measure}", n).format(
                n=formatting.whole(n), measure=_(SHORT_MEASURES[m]) if m in SHORT_MEASURES else m
            )
            for m, n in zip(measures, lengths, strict=False)
        ]
    )
    named = _and([_(MEASURES[m]) for m in measures])
    merged = dict(group[0])
    merged.update(
        measure=", ".join(measures),
        since=min(g["since"] for g in group),
        until=max(g["until"] for g in group),
        explanation=_(
            "Your 7-day averages for {measures} have each stayed above 4 out of 10 "
            "for more than two weeks ({spans}). When symptoms stay this high, a "
            "professional check is worth having."
        ).format(measures=named, spans=spans),
        clinical=_(
            "The 7-day averages of {measures} stayed above 4/10 every day ({spans}). "
            "By the patient guide's rule of thumb a professional evaluation is "
            "recommended."
        ).format(measures=named, spans=spans),
        days=[],
        current=any(g["current"] for g in group),
    )
    merged["first_seen"], merged["last_seen"] = merged["since"], merged["until"]
    return merged


def display_flags(flags: Iterable[Flag | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The flags as shown: the same order, with the "average above 4" flags of one kind
    (current or history) joined into one."""
    shown: list[dict[str, Any]] = []
    groups: dict[bool, list[dict[str, Any]]] = {}
    for flag in map(as_dict, flags):
        if flag["rule"] == AVERAGE_RULE:
            current = bool(flag.get("current", True))
            if current not in groups:
                groups[current] = []
                shown.append({"_group": current})
            groups[current].append(flag)
        else:
            shown.append(flag)
    result = []
    for item in shown:
        if "_group" in item:
            group = groups[item["_group"]]
            result.append(group[0] if len(group) == 1 else _merged_averages(group))
        else:
            result.append(item)
    return result
