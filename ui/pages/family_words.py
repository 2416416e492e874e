"""A flag told to a relative in the family view: about the patient, never to them.

The flag's own texts speak to the patient ("Your 7-day average…", "Please contact your
care team…"). A family member reading them would be told to do what only the patient
can; so the family view words each rule about the patient and says what a relative can
do: help them tell their care team. Only the flag's rule, measure and days are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cipn_coach.checkin.flags import BEFORE_NEXT_CYCLE, CONTACT_NOW
from cipn_coach.checkin.thresholds import EVALUATION_AVERAGE, EVALUATION_SPAN_DAYS, RED_FLAG_RISE
from cipn_coach.formatting import day_month_long, whole
from cipn_coach.i18n import N_, _, p_

# Marked here (N_), translated where shown (_): made at import, before the language is set.
MEASURES = {
    "hands": N_("numbness or tingling in the hands"),
    "feet": N_("numbness or tingling in the feet"),
    "pain": N_("pain"),
}
HEADINGS = {
    CONTACT_NOW: N_("The care team should hear about this now"),
    BEFORE_NEXT_CYCLE: N_("The oncology team should hear about this before the next cycle"),
    "evaluation_recommended": N_("A check-up is recommended"),
}
OTHER_HEADING = N_("Worth a word with the care team")
TO_DO = {
    CONTACT_NOW: N_(
        "Please help them phone their care team today rather than wait for "
        "the next visit. If they are hurt or unwell, get urgent help."
    ),
    BEFORE_NEXT_CYCLE: N_(
        "Please help them tell their oncology team before the next "
        "cycle, by phone or to the nurse before the treatment starts."
    ),
    "evaluation_recommended": N_(
        "Please help them mention it to their doctor, nurse or "
        "physiotherapist soon and ask whether the nerves should "
        "be checked."
    ),
}


def _measures(flag: Mapping[str, Any]) -> str:
    """'pain', or 'numbness or tingling in the hands and pain' for a joined flag."""
    names = [
        _(MEASURES[m.strip()]) if m.strip() in MEASURES else m.strip().replace("_", " ")
        for m in str(flag["measure"]).split(",")
    ]
    if len(names) == 1:
        return names[0]
    return _("{first} and {last}").format(
        first=p_("list separator", ", ").join(names[:-1]), last=names[-1]
    )


def what_happened(flag: Mapping[str, Any]) -> str:
    """What the check-ins showed, said about the patient."""
    measure = _measures(flag)
    texts = {
        "average_above_threshold": _(
            "The 7-day average for {measure} has stayed above "
            "{limit} out of 10 for more than {days} days."
        ).format(
            measure=measure, limit=whole(EVALUATION_AVERAGE), days=whole(EVALUATION_SPAN_DAYS)
        ),
        "function_affected": _(
            "Numb hands or feet got in the way of everyday tasks on several recent days."
        ),
        "fall": _("A fall was noted in the check-ins."),
        "repeated_near_falls": _("Near-falls were noted on more than one day within a week."),
        "rapid_rise": _(
            "The 7-day average for {measure} rose by {points} points or more within a week."
        ).format(measure=measure, points=whole(RED_FLAG_RISE)),
        "new_weakness": _(
            "New weakness or tripping was noted, such as toes catching on the floor."
        ),
        "unfelt_wound": _(
            "A burn, cut or wound on the hands or feet was noted that was not felt "
            "when it happened."
        ),
        "self_care_harder": _(
            "Numbness, tingling or pain made it harder for them to wash, dress "
            "or eat by themselves."
        ),
        "daily_tasks_harder_in_treatment": _(
            "During chemotherapy, numbness, tingling or pain "
            "made everyday tasks like cooking, shopping or "
            "handling money harder."
        ),
    }
    return texts.get(flag["rule"], _("Something in the check-ins needs the care team's attention."))


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def when(flag: Mapping[str, Any]) -> str:
    """'Noted on 20 November.' / 'Noted from 18 to 20 November.'"""
    since, until = _day(flag["since"]), _day(flag["until"])
    if since == until:
        return _("Noted on {day}.").format(day=day_month_long(since))
    return _("Noted from {first} to {last}.").format(
        first=day_month_long(since), last=day_month_long(until)
    )


def family_flag(flag: Mapping[str, Any]) -> tuple[str, str]:
    """(heading, body) of the flag as the family view shows it (a flag object's or the
    summary's dict form, as ``flag_words.display_flags`` gives them)."""
    heading = _(HEADINGS.get(flag["level"], OTHER_HEADING))
    to_do = _(TO_DO.get(flag["level"], TO_DO["evaluation_recommended"]))
    body = _("{what_happened} {when}").format(what_happened=what_happened(flag), when=when(flag))
    return heading, f"{body}<br><i>{to_do}</i>"
