"""The patient's preferences and details, for the front ends: typed reads (``Preferences``)
and writes that say which domain they changed.

A preference is one key, but what it changes differs: the plan's routines, start date and
session times change Today; the patient's details change the report's heading; the
others (voice, look, reminders, PIN) change only how the app behaves.
"""

from __future__ import annotations

from typing import Any, TypeVar

from cipn_coach.changes import Changes, Saved
from cipn_coach.settings import preferences as prefs
from cipn_coach.settings.patient import Profile, read_profile, record_id, save_profile

T = TypeVar("T")

PLAN_KEYS = frozenset(
    p.key for p in (prefs.PLAN_ROUTINES, prefs.PLAN_START, prefs.MORNING_TIME, prefs.EVENING_TIME)
)
PATIENT_KEYS = frozenset(p.key for p in (prefs.PATIENT_NAME, prefs.BIRTH_YEAR, prefs.SEX))


def changes_for(pref: prefs.Pref[Any]) -> Changes:
    """The domain a write of ``pref`` changes."""
    if pref.key in PLAN_KEYS:
        return Changes(plan=True)
    if pref.key in PATIENT_KEYS:
        return Changes(patient=True)
    return Changes(settings=True)


class SettingsService(prefs.Preferences):
    """``Preferences`` whose writes return what they changed."""

    def set(self, pref: prefs.Pref[T], value: T) -> Changes:  # type: ignore[override]
        """Store ``value``; ``PreferenceError`` (nothing written) if it does not fit."""
        super().set(pref, value)
        return changes_for(pref)


class PatientService:
    """Who the record is about (see ``cipn_coach.settings.patient``)."""

    def __init__(self, store: prefs.Store) -> None:
        self._store = store

    def profile(self) -> Profile:
        return read_profile(self._store)

    def record_id(self) -> str:
        """The record's own id (``patient.record_id``), made on the first call."""
        return record_id(self._store)

    def save(
        self, name: str | None = None, birth_year: int | None = None, sex: str | None = None
    ) -> Saved[Profile]:
        """Write the given parts (already checked); parts left ``None`` keep their value."""
        profile = save_profile(self._store, name=name, birth_year=birth_year, sex=sex)
        return Saved(profile, Changes(patient=True))
