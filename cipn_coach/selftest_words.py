"""Self-test results in words: "You stood up 11 times (first test: 8). Typical for women
70–74: 10–15."

One place for the sentences the CLI, Progress and the report show, so they say the same
thing. Plain and warm, never a diagnosis: on the worse side of a band the words point to
the physiotherapist (or, for STEADI's tandem rule, the care team), nothing more.
"""

from __future__ import annotations

from cipn_coach.formatting import number
from cipn_coach.selftest_schema import SelfTest
from cipn_coach.selftests import Band, worse_than_band

OLDEST_AGE = 120  # a band "65–120" reads "65 and over"


def value_text(test: SelfTest, value: float) -> str:
    """'11 stands', '12.4 seconds'."""
    return f"{number(value)} {test.unit}"


def _who(band: Band) -> str:
    ages = f"{band.age_from} and over" if band.age_to >= OLDEST_AGE \
        else f"{band.age_from}–{band.age_to}"
    if band.sex == "female":
        return f"women {ages}"
    if band.sex == "male":
        return f"men {ages}"
    return f"ages {ages}"


def band_text(test: SelfTest, band: Band) -> str:
    """The band as one sentence, e.g. 'Typical for women 70–74: 10–15 stands.'"""
    who = _who(band)
    if band.low is not None and band.high is not None:
        return f"Typical for {who}: {number(band.low)}–{number(band.high)} {test.unit}."
    if band.high is not None:
        return f"Average for {who}: {number(band.high)} {test.unit} or less."
    return f"Reference for {who}: {number(band.low or 0)} {test.unit} or more."


def result_sentence(test: SelfTest, value: float, first: float | None,
                    band: Band | None, stopped_for_safety: bool = False,
                    side: str | None = None) -> str:
    """What Progress and the player say about a result (``side``: "left"/"right")."""
    name = f"{test.title}, {side} {test.side_noun}" if side else test.title
    if stopped_for_safety:
        return (f"{name}: stopped for safety at {value_text(test, value)}. "
                "Stopping when you feel unsteady is the right thing to do.")
    text = f"{name}: {value_text(test, value)}"
    if first is not None:
        text += f" (first test: {number(first)})"
    text += "."
    if band is not None:
        text += " " + band_text(test, band)
        if worse_than_band(test, band, value):
            note = test.reference.below_note if test.reference else None
            text += " " + (note or "Mention this to your physiotherapist.")
    return text
