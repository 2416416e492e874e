"""Safety checks acknowledged before a session with balance or foot-soak steps.

Numb feet cannot judge water temperature and unsteady legs need something to hold, so
these are asked every time, not once. Texts are our own words; facts from the sources.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SafetyCheck:
    id: str
    title: str
    items: tuple[str, ...]
    source: str


SAFETY_CHECKS: dict[str, SafetyCheck] = {
    "balance": SafetyCheck(
        id="balance",
        title="For the standing and balance exercises",
        items=(
            "I am at a kitchen counter or in a corner, with a sturdy chair behind me.",
            "The floor around me is clear: no rugs, cables or clutter.",
            "The light is good, and someone is nearby if I feel unsteady.",
        ),
        source="CONTENT.md: balance safety (every balance step); Otago falls-prevention program",
    ),
    "foot_soak": SafetyCheck(
        id="foot_soak",
        title="For the warm foot soak",
        items=(
            "I checked the water with a thermometer: it is 38 to 40 °C.",
            "I did not test the water with my foot or a numb hand.",
            "My feet have no open wounds or sores today.",
        ),
        source="patient guide: daily self-care for CIPN (warm foot soak safety)",
    ),
}

STOP_RULE = "Stop any exercise that hurts or makes you unsteady."
DISCLAIMER = (
    "CIPN Coach is for coaching and tracking only. It does not diagnose or treat. "
    "Follow your care team's advice, and stop any exercise that hurts or makes you unsteady."
)
DISCLAIMER_SOURCE = "CONTENT.md: disclaimer"
