"""The patient's own details from the welcome: name and the times that suit them.

Stored through the typed preferences (``welcome.done``, ``patient.name``,
``session.morning_time``, ``session.evening_time``). The preferred
times move the routines' slots of the same name ("morning", "evening"), so Today, the
reminders of what is due, adherence and the report all follow the patient's day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _
from cipn_coach.routines.routine_format import Routine
from cipn_coach.settings import preferences as prefs

SLOT_PREFS = {"morning": prefs.MORNING_TIME, "evening": prefs.EVENING_TIME}  # slot → setting
NAME_MAX = 100
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class DetailsError(CoachError):
    """A welcome answer that cannot be saved; the message names what is wrong."""


@dataclass(frozen=True)
class Details:
    name: str
    morning: str | None  # "HH:MM", or None: the routine's own time
    evening: str | None


def checked_details(name: str, morning: str | None, evening: str | None) -> Details:
    """The answers, tidied, or ``DetailsError`` naming the first wrong one."""
    name = " ".join(name.split())
    if len(name) > NAME_MAX:
        raise DetailsError(
            _("Please shorten the name to {limit} letters or fewer.").format(limit=NAME_MAX)
        )
    for words, value in (
        (N_("The morning time must look like 08:30."), morning),
        (N_("The evening time must look like 08:30."), evening),
    ):
        if value is not None and not _TIME.match(value):
            raise DetailsError(_(words))
    return Details(name, morning, evening)


def preferred_times(settings: prefs.Preferences) -> dict[str, str]:
    """Slot name → the patient's time, for the times that were set (a bad stored value
    reads as unset)."""
    times = {}
    for slot, pref in SLOT_PREFS.items():
        value = settings.get(pref)
        if value is not None:
            times[slot] = value
    return times


def with_preferred_times(routine: Routine, times: dict[str, str]) -> Routine:
    """``routine`` with its "morning"/"evening" slots at the patient's times (the same
    object when nothing changes). The routine as prescribed is not altered."""
    if not any(
        slot.name in times and slot.time != times[slot.name] for slot in routine.schedule.slots
    ):
        return routine
    slots = [
        slot.model_copy(update={"time": times[slot.name]}) if slot.name in times else slot
        for slot in routine.schedule.slots
    ]
    schedule = routine.schedule.model_copy(update={"slots": slots})
    return routine.model_copy(update={"schedule": schedule})
