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

# The two weekly daily-life questions: the app's own wording of what the public NCI CTCAE
# definitions of grade 2 (limits instrumental daily activities) and grade 3 (limits
# self-care) describe. Not PRO-CTCAE or EORTC items, whose terms do not allow copying.
DAILY_LIFE_FIELDS = ("daily_tasks_harder", "self_care_harder")
DAILY_LIFE_QUESTIONS: dict[str, str] = {
    "daily_tasks_harder": N_(
        "In the last 7 days, did numbness, tingling or pain make everyday "
        "tasks like cooking, shopping or handling money harder?"
    ),
    "self_care_harder": N_(
        "In the last 7 days, did numbness, tingling or pain make it harder to "
        "wash, dress or eat by yourself?"
    ),
}
# Asked once a week: on a check-in when none of the previous six days answered them.
DAILY_LIFE_EVERY_DAYS = 7

# Plain words for each function question, used in flag explanations and the form;
# marked for the catalogue, translated where shown (``_(FUNCTION_LABELS[f])``).
FUNCTION_LABELS: dict[str, str] = {
    "dropped": N_("dropped things"),
    "fine_motor": N_("fine tasks (buttons, writing, bottles) were hard"),
    "held_wall": N_("held on to a wall or furniture while walking"),
    "stumbled": N_("stumbled"),
}

# Every answer a check-in version holds, in the order of the form: the CSV export's
# columns and the summary's per-day fields both follow it.
ANSWER_FIELDS = (
    "hands",
    "feet",
    "pain",
    "night",
    "pain_kinds",
    "woke_me",
    "cold_sensitive",
    "dropped",
    "fine_motor",
    "held_wall",
    "stumbled",
    "falls",
    "near_falls",
    "new_weakness",
    "unfelt_wound",
    "daily_tasks_harder",
    "self_care_harder",
    "note",
)
