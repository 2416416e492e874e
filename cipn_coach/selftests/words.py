"""Self-test results in words: "You stood up 11 times (first test: 8). Typical for women
70–74: 10–15."

One place for the sentences the CLI, Progress and the report show, so they say the same
thing. Plain and warm, never a diagnosis: on the worse side of a band the words point to
the physiotherapist (or, for STEADI's tandem rule, the care team), nothing more.

``family``: the sentence for the family view, where a relative reads about the patient.
The patient's own words ("Stopping when you feel unsteady…", "Mention this to your
physiotherapist.") would tell the relative what only the patient can do; there they are
said about the patient, and what a relative can do is help them tell the team.
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
    family: bool = False,
) -> str:
    """What Progress and the player say about a result (``side``: "left"/"right"), to
    the patient or (``family``) about them."""
    name = side_name(test, side)
    if stopped_for_safety:
        words = (
            _(
                "{name}: stopped for safety at {value}. "
                "Stopping when they feel unsteady is the right thing to do."
            )
            if family
            else _(
                "{name}: stopped for safety at {value}. "
                "Stopping when you feel unsteady is the right thing to do."
            )
        )
        return words.format(name=name, value=value_text(test, value))
    if first is not None:
        text = _("{name}: {value} (first test: {first}).").format(
            name=name, value=value_text(test, value), first=number(first)
        )
    else:
        text = _("{name}: {value}.").format(name=name, value=value_text(test, value))
    if band is not None:
        text += " " + band_text(test, band)
        if worse_than_band(test, band, value):
            text += " " + below_band_note(test, family)
    return text


def below_band_note(test: SelfTest, family: bool = False) -> str:
    """What is said under a result on the worse side of its band: the test file's own
    note, or a plain pointer to the physiotherapist (``family``: about the patient)."""
    reference = test.reference
    if family:
        note = reference.family_below_note if reference else None
        return note or _("Please help them mention this to their physiotherapist.")
    note = reference.below_note if reference else None
    return note or _("Mention this to your physiotherapist.")


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
