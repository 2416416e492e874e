"""The check-in's field names and pain kinds, without pydantic.

Kept apart from ``checkin_schema`` so the command-line parser can list them without
importing pydantic, which would slow every command and the app's start.
"""

from __future__ import annotations

from enum import StrEnum

from cipn_coach.i18n import N_


class PainKind(StrEnum):
    BURNING = "burning"
    STABBING = "stabbing"
    PINS_AND_NEEDLES = "pins_and_needles"
    ELECTRIC = "electric"
    TIGHT = "tight"


PAIN_KIND_ORDER: tuple[PainKind, ...] = tuple(PainKind)
SCALE_FIELDS = ("hands", "feet", "pain", "night")
FUNCTION_FIELDS = ("dropped", "fine_motor", "held_wall", "stumbled")
COUNT_FIELDS = ("falls", "near_falls")

# Plain words for each function question, used in flag explanations and the form;
# marked for the catalogue, translated where shown (``_(FUNCTION_LABELS[f])``).
FUNCTION_LABELS: dict[str, str] = {
    "dropped": N_("dropped things"),
    "fine_motor": N_("fine tasks (buttons, writing, bottles) were hard"),
    "held_wall": N_("held on to a wall or furniture while walking"),
    "stumbled": N_("stumbled"),
}
