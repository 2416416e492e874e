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

from cipn_coach.flags import CONTACT_NOW
from cipn_coach.formatting import day_month_long, whole
from cipn_coach.thresholds import EVALUATION_AVERAGE, EVALUATION_SPAN_DAYS, RED_FLAG_RISE

MEASURES = {"hands": "numbness or tingling in the hands", "feet": "numbness or tingling in the feet",
            "pain": "pain"}
HEADINGS = {CONTACT_NOW: "The care team should hear about this now",
            "evaluation_recommended": "A check-up is recommended"}
OTHER_HEADING = "Worth a word with the care team"
TO_DO = {CONTACT_NOW: "Please help them phone their care team today rather than wait for the "
                      "next visit. If they are hurt or unwell, get urgent help.",
         "evaluation_recommended": "Please help them mention it to their doctor, nurse or "
                                   "physiotherapist soon and ask whether the nerves should be "
                                   "checked."}


def _measures(flag: Mapping[str, Any]) -> str:
    """'pain', or 'numbness or tingling in the hands and pain' for a joined flag."""
    names = [MEASURES.get(m.strip(), m.strip().replace("_", " "))
             for m in str(flag["measure"]).split(",")]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def what_happened(flag: Mapping[str, Any]) -> str:
    """What the check-ins showed, said about the patient."""
    measure = _measures(flag)
    texts = {
        "average_above_threshold": f"The 7-day average for {measure} has stayed above "
                                   f"{whole(EVALUATION_AVERAGE)} out of 10 for more than "
                                   f"{whole(EVALUATION_SPAN_DAYS)} days.",
        "function_affected": "Numb hands or feet got in the way of everyday tasks on several "
                             "recent days.",
        "fall": "A fall was noted in the check-ins.",
        "repeated_near_falls": "Near-falls were noted on more than one day within a week.",
        "rapid_rise": f"The 7-day average for {measure} rose by {whole(RED_FLAG_RISE)} points or "
                      "more within a week.",
        "new_weakness": "New weakness or tripping was noted, such as toes catching on the floor.",
        "unfelt_wound": "A burn, cut or wound on the hands or feet was noted that was not felt "
                        "when it happened.",
    }
    return texts.get(flag["rule"], "Something in the check-ins needs the care team's attention.")


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def when(flag: Mapping[str, Any]) -> str:
    """'Noted on 20 November.' / 'Noted from 18 to 20 November.'"""
    since, until = _day(flag["since"]), _day(flag["until"])
    if since == until:
        return f"Noted on {day_month_long(since)}."
    return f"Noted from {day_month_long(since)} to {day_month_long(until)}."


def family_flag(flag: Mapping[str, Any]) -> tuple[str, str]:
    """(heading, body) of the flag as the family view shows it (a flag object's or the
    summary's dict form, as ``flag_words.display_flags`` gives them)."""
    heading = HEADINGS.get(flag["level"], OTHER_HEADING)
    to_do = TO_DO.get(flag["level"], TO_DO["evaluation_recommended"])
    return heading, f"{what_happened(flag)} {when(flag)}<br><i>{to_do}</i>"
