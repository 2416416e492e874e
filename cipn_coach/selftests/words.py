"""Self-test results in words: "You stood up 11 times (first test: 8). Typical for women
70–74: 10–15."

One place for the sentences the CLI, Progress and the report show, so they say the same
thing. Plain and warm, never a diagnosis: on the worse side of a band the words point to
the physiotherapist (or, for STEADI's tandem rule, the care team), nothing more.
"""

from __future__ import annotations

from cipn_coach.formatting import number
from cipn_coach.i18n import _
from cipn_coach.selftests.format import SelfTest
from cipn_coach.selftests.library import Band, worse_than_band

OLDEST_AGE = 120  # a band "65–120" reads "65 and over"


def value_text(test: SelfTest, value: float) -> str:
    """'11 stands', '12.4 seconds'."""
    return _("{value} {unit}").format(value=number(value), unit=test.unit)


def _who(band: Band) -> str:
    ages = (
        _("{age} and over").format(age=band.age_from)
        if band.age_to >= OLDEST_AGE
        else _("{age_from}–{age_to}").format(age_from=band.age_from, age_to=band.age_to)
    )
    if band.sex == "female":
        return _("women {ages}").format(ages=ages)
    if band.sex == "male":
        return _("men {ages}").format(ages=ages)
    return _("ages {ages}").format(ages=ages)


def band_text(test: SelfTest, band: Band) -> str:
    """The band as one sentence, e.g. 'Typical for women 70–74: 10–15 stands.'"""
    who = _who(band)
    if band.low is not None and band.high is not None:
        return _("Typical for {who}: {low}–{high} {unit}.").format(
            who=who, low=number(band.low), high=number(band.high), unit=test.unit
        )
    if band.high is not None:
        return _("Average for {who}: {high} {unit} or less.").format(
            who=who, high=number(band.high), unit=test.unit
        )
    return _("Reference for {who}: {low} {unit} or more.").format(
        who=who, low=number(band.low or 0), unit=test.unit
    )


def result_sentence(
    test: SelfTest,
    value: float,
    first: float | None,
    band: Band | None,
    stopped_for_safety: bool = False,
    side: str | None = None,
) -> str:
    """What Progress and the player say about a result (``side``: "left"/"right")."""
    name = side_name(test, side)
    if stopped_for_safety:
        return _(
            "{name}: stopped for safety at {value}. "
            "Stopping when you feel unsteady is the right thing to do."
        ).format(name=name, value=value_text(test, value))
    if first is not None:
        text = _("{name}: {value} (first test: {first}).").format(
            name=name, value=value_text(test, value), first=number(first)
        )
    else:
        text = _("{name}: {value}.").format(name=name, value=value_text(test, value))
    if band is not None:
        text += " " + band_text(test, band)
        if worse_than_band(test, band, value):
            note = test.reference.below_note if test.reference else None
            text += " " + (note or _("Mention this to your physiotherapist."))
    return text


def side_word(side: str) -> str:
    """'left' or 'right' in the language."""
    return _("left") if side == "left" else _("right")


def side_name(test: SelfTest, side: str | None) -> str:
    """'Single-leg stance, left leg' (the test's title alone when it has no sides)."""
    if side is None:
        return test.title
    if side == "left":
        return _("{title}, left {side_noun}").format(title=test.title, side_noun=test.side_noun)
    return _("{title}, right {side_noun}").format(title=test.title, side_noun=test.side_noun)
