"""Safety checks acknowledged before a session with balance or foot-soak steps.

Numb feet cannot judge water temperature and unsteady legs need something to hold, so
these are asked every time, not once. Texts are our own words; facts from the sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from cipn_coach.i18n import N_, _


@dataclass(frozen=True)
class SafetyCheck:
    id: str
    title: str
    items: tuple[str, ...]
    source: str

    def translated(self) -> SafetyCheck:
        """This check in the current language (the constants below hold the English,
        marked for the catalogue, because they are made before the language is chosen)."""
        return SafetyCheck(
            self.id, _(self.title), tuple(_(item) for item in self.items), self.source
        )


SAFETY_CHECKS: dict[str, SafetyCheck] = {
    "balance": SafetyCheck(
        id="balance",
        title=N_("For the standing and balance exercises"),
        items=(
            N_("I am at a kitchen counter or in a corner, with a sturdy chair behind me."),
            N_("The floor around me is clear: no rugs, cables or clutter."),
            N_("The light is good, and someone is nearby if I feel unsteady."),
        ),
        source="CONTENT.md: balance safety (every balance step); Otago falls-prevention program",
    ),
    "foot_soak": SafetyCheck(
        id="foot_soak",
        title=N_("For the warm foot soak"),
        items=(
            N_("I checked the water with a thermometer: it is 38 to 40 °C."),
            N_("I did not test the water with my foot or a numb hand."),
            N_("My feet have no open wounds or sores today."),
        ),
        source="patient guide: daily self-care for CIPN (warm foot soak safety)",
    ),
}

# English, marked for the catalogue: show them as _(STOP_RULE), _(DISCLAIMER)
STOP_RULE = N_("Stop any exercise that hurts or makes you unsteady.")
DISCLAIMER = N_(
    "CIPN Coach is for coaching and tracking only. It does not diagnose or treat. "
    "Follow your care team's advice, and stop any exercise that hurts or makes you unsteady."
)
DISCLAIMER_SOURCE = "CONTENT.md: disclaimer"
