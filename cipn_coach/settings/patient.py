"""Who the record is about: the patient's name, and optionally year of birth and sex.

Stored as three settings (``patient.name``, ``patient.birth_year``, ``patient.sex``) so
that the typed preferences, the welcome screen, Settings and ``cipn-coach profile`` all
read and write the same keys. The report puts the name at the top: a nurse must know
whose record it is. Checked here once, so every way in refuses the same bad input.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _, p_
from cipn_coach.settings import preferences as prefs

NAME_MAX_CHARS = 100
EARLIEST_BIRTH_YEAR = 1900
SEXES = ("female", "male")  # stored values; shown through SEX_WORDS
SEX_WORDS = {"female": N_("female"), "male": N_("male")}


@dataclass(frozen=True)
class Profile:
    name: str | None = None
    birth_year: int | None = None
    sex: str | None = None

    def lines(self) -> list[str]:
        """The profile as ``cipn-coach profile`` prints it."""
        missing = _("not given")
        return [
            _("Name: {name}").format(name=self.name or missing),
            _("Year of birth: {year}").format(year=self.birth_year or missing),
            _("Sex: {sex}").format(sex=_(SEX_WORDS[self.sex]) if self.sex else missing),
        ]

    def for_report(self) -> str:
        """'Mary O'Brien (born 1956, female)', or a plain note when no name is set."""
        details = [_("born {year}").format(year=self.birth_year)] if self.birth_year else []
        details += [_(SEX_WORDS[self.sex])] if self.sex else []
        name = self.name or _("name not given (set it in Settings)")
        if not details:
            return name
        return _("{name} ({details})").format(
            name=name, details=p_("list separator", ", ").join(details)
        )


def check_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise CoachError(_("--name must not be empty"))
    if len(name) > NAME_MAX_CHARS:
        raise CoachError(_("--name is longer than {n} characters").format(n=NAME_MAX_CHARS))
    return name


def check_birth_year(value: int | str, today: date) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise CoachError(
            _("--birth-year must be a year such as 1956, not '{value}'").format(value=value)
        ) from None
    if not EARLIEST_BIRTH_YEAR <= year <= today.year:
        raise CoachError(
            _("--birth-year must be {first}–{last}, not {year}").format(
                first=EARLIEST_BIRTH_YEAR, last=today.year, year=year
            )
        )
    return year


def check_sex(value: str) -> str:
    if value not in SEXES:
        raise CoachError(_("--sex must be female or male, not '{value}'").format(value=value))
    return value


def read_profile(settings: Any) -> Profile:
    """From a settings store, through the typed preferences: odd stored values read as unset."""
    p = prefs.Preferences(settings)
    name = p.get(prefs.PATIENT_NAME)
    return Profile(
        name if name and name.strip() else None, p.get(prefs.BIRTH_YEAR), p.get(prefs.SEX)
    )


def save_profile(
    settings: Any, name: str | None = None, birth_year: int | None = None, sex: str | None = None
) -> Profile:
    """Write the given parts (already checked); parts left ``None`` keep their value."""
    p = prefs.Preferences(settings)
    for pref, value in (
        (prefs.PATIENT_NAME, name),
        (prefs.BIRTH_YEAR, birth_year),
        (prefs.SEX, sex),
    ):
        if value is not None:
            p.set(pref, value)
    return read_profile(settings)


def record_id(settings: Any) -> str:
    """This app's own name for its patient's record, made (a random UUID) the first time
    an export needs it and never changed. Random, not derived from the record: two people
    whose records start alike must never look like one person to a clinic."""
    preferences = prefs.Preferences(settings)
    existing = preferences.get(prefs.RECORD_ID)
    if existing is not None:
        return existing
    made = str(uuid.uuid4())
    preferences.set(prefs.RECORD_ID, made)
    return made
