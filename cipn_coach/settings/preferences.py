"""Every stored setting, defined once: its key, type, default and what values are allowed.

Settings are kept as JSON text under a key (``settings`` table). They used to be read
with a string literal and a hopeful default in each layer, so a backup carrying
``{"plan.start_date": "not-a-date"}`` or ``{"ui.theme": []}`` made ``summary`` crash and
left the app on "Opening your day…". Now:

- on read, a stored value that does not fit its setting falls back to the default and is
  written once to the log (``Preferences.get`` never raises for a bad stored value);
- on write, a value that does not fit is refused with ``PreferenceError`` naming the
  setting and what it must be;
- on import (``valid_for_import``), a bad value is left out and the import says so.

Keys this app does not know (from a newer version, say) are carried along untouched.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, Protocol, TypeVar

from cipn_coach.errors import CoachError
from cipn_coach.i18n import LANGUAGES

T = TypeVar("T")
Today = Callable[[], date]

log = logging.getLogger("cipn_coach.settings.preferences")

EARLIEST_START = date(1990, 1, 1)
THEME_NAMES = ("calm", "high_contrast")  # ui.theme.THEMES holds the colours
RATE_MIN_WPM, RATE_MAX_WPM = 80, 220  # as cipn_coach.speech.speaker
DEFAULT_PLAN = ("morning", "evening", "balance_builder")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ROUTINE_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class PreferenceError(CoachError, ValueError):
    """A value that does not fit its setting. The message names both."""


class Store(Protocol):
    """Where settings live: ``SettingsRepository`` (or a test's stand-in)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


Check = Callable[[Any, date], Any]
"""Turns a stored JSON value into the typed value, or raises ``ValueError`` saying what
the value must be. Gets today's date for settings whose bounds move with it."""


@dataclass(frozen=True)
class Pref(Generic[T]):
    key: str
    default: T
    check: Check
    encode: Callable[[T], Any] = lambda value: value  # typed value -> JSON value

    def parse(self, value: Any, today: date) -> T:
        """The typed value of a JSON ``value``; ``PreferenceError`` if it does not fit."""
        try:
            return self.check(value, today)  # type: ignore[no-any-return]
        except (TypeError, ValueError) as exc:
            raise PreferenceError(f"setting {self.key}: {exc}, not {_shown(value)}") from None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ------------------------------------------------------------------ value checks
def _bool(value: Any, _today: date) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _text(limit: int, optional: bool = False) -> Check:
    def check(value: Any, _today: date) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError(f"must be text of at most {limit} characters")
        return value

    return check


def _choice(*allowed: str | None) -> Check:
    def check(value: Any, _today: date) -> str | None:
        if value not in allowed or isinstance(value, bool):
            raise ValueError("must be one of " + ", ".join(str(a).lower() for a in allowed))
        return value  # type: ignore[no-any-return]

    return check


def _number(low: float, high: float, whole: bool = False) -> Check:
    def check(value: Any, _today: date) -> float | int:
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            kind = "a whole number" if whole else "a number"
            raise ValueError(f"must be {kind} from {low:g} to {high:g}")
        return value if whole else float(value)

    return check


def _clock_time(value: Any, _today: date) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise ValueError("must be a time of day HH:MM (00:00-23:59) or null")
    return value


def _start_date(value: Any, today: date) -> date | None:
    if value is None:
        return None
    latest = today + timedelta(days=366)
    if not isinstance(value, str):
        raise ValueError("must be a date YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date YYYY-MM-DD") from None
    if not EARLIEST_START <= day <= latest:
        raise ValueError(f"must be a date from {EARLIEST_START} to {latest}")
    return day


def _routine_ids(value: Any, _today: date) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or len(value) > 50
        or not all(isinstance(i, str) and _ROUTINE_ID.match(i) for i in value)
    ):
        raise ValueError("must be a list of routine ids")
    return tuple(value)


def _language(value: Any, _today: date) -> str | None:
    if value is not None and value not in LANGUAGES:
        raise ValueError("must be one of " + ", ".join(LANGUAGES) + " or null")
    return value  # type: ignore[no-any-return]


def _birth_year(value: Any, today: date) -> int | None:
    return None if value is None else _number(1900, today.year, whole=True)(value, today)


def _record_id(value: Any, _today: date) -> str | None:
    """A random (version 4) UUID: only chance makes it, so two people never share one."""
    if value is None:
        return None
    parsed = uuid.UUID(value)  # ValueError/TypeError: not a UUID
    if parsed.version != 4 or str(parsed) != value:
        raise ValueError("must be a random UUID written as 8-4-4-4-12 lower-case hex digits")
    return value


# ------------------------------------------------------------------ the settings
PLAN_START = Pref[date | None](
    "plan.start_date", None, _start_date, lambda d: None if d is None else d.isoformat()
)
PLAN_ROUTINES = Pref[tuple[str, ...]]("plan.routines", DEFAULT_PLAN, _routine_ids, list)
REMINDER_TIME = Pref[str | None]("reminder.time", None, _clock_time)
CHIME = Pref[bool]("chime.enabled", True, _bool)
THEME = Pref[str]("ui.theme", "calm", _choice(*THEME_NAMES))
TEXT_SCALE = Pref[float]("ui.text_scale", 1.0, _number(1.0, 2.0))
FAMILY_VIEW = Pref[bool]("ui.family_view", False, _bool)
WINDOW_GEOMETRY = Pref[str | None]("ui.window_geometry", None, _text(10_000, optional=True))
PIN_HASH = Pref[str | None]("clinician.pin_hash", None, _text(1000, optional=True))
AUTHOR = Pref[str | None]("clinician.author", None, _text(100, optional=True))
PATIENT_NAME = Pref[str | None]("patient.name", None, _text(100, optional=True))
BIRTH_YEAR = Pref[int | None]("patient.birth_year", None, _birth_year)
SEX = Pref[str | None]("patient.sex", None, _choice("female", "male", None))
WELCOME_DONE = Pref[bool]("welcome.done", False, _bool)
MORNING_TIME = Pref[str | None]("session.morning_time", None, _clock_time)
EVENING_TIME = Pref[str | None]("session.evening_time", None, _clock_time)
VOICE_ENABLED = Pref[bool]("voice.enabled", True, _bool)
VOICE_ID = Pref[str | None]("voice.id", None, _text(200, optional=True))
VOICE_RATE = Pref[int]("voice.rate", 150, _number(RATE_MIN_WPM, RATE_MAX_WPM, whole=True))
VOICE_VOLUME = Pref[float]("voice.volume", 0.9, _number(0.0, 1.0))
# This app's own name for its patient's record (``settings_service.record_id``): made
# once, never changed, carried by the backup, the FHIR Patient's id and identifier.
RECORD_ID = Pref[str | None]("patient.record_id", None, _record_id)
# None: never chosen, so the system locale decides (i18n.choose_language)
LANGUAGE = Pref[str | None]("ui.language", None, _language)

ALL: dict[str, Pref[Any]] = {
    p.key: p
    for p in (
        PLAN_START,
        PLAN_ROUTINES,
        REMINDER_TIME,
        CHIME,
        THEME,
        TEXT_SCALE,
        FAMILY_VIEW,
        WINDOW_GEOMETRY,
        PIN_HASH,
        AUTHOR,
        PATIENT_NAME,
        BIRTH_YEAR,
        SEX,
        WELCOME_DONE,
        MORNING_TIME,
        EVENING_TIME,
        VOICE_ENABLED,
        VOICE_ID,
        VOICE_RATE,
        VOICE_VOLUME,
        LANGUAGE,
        RECORD_ID,
    )
}

_reported: set[tuple[str, str]] = set()  # (key, stored value) already written to the log


def valid_for_import(key: str, value: Any, today: date) -> str | None:
    """Why ``value`` cannot be imported as setting ``key``, or ``None`` if it can
    (unknown keys always can: they are carried along untouched)."""
    pref = ALL.get(key)
    if pref is None:
        return None
    try:
        pref.parse(value, today)
    except PreferenceError as exc:
        return str(exc)
    return None


class Preferences:
    """Typed reads and checked writes over a settings store."""

    def __init__(self, store: Store, today: Today = date.today) -> None:
        self._store = store
        self._today = today

    def get(self, pref: Pref[T]) -> T:
        """The stored value, or the default when unset or when it does not fit (logged once)."""
        missing = object()
        value = self._store.get(pref.key, missing)
        if value is missing:
            return pref.default
        try:
            return pref.parse(value, self._today())
        except PreferenceError as exc:
            if (pref.key, repr(value)) not in _reported:
                _reported.add((pref.key, repr(value)))
                log.warning("%s; using the default %r instead", exc, pref.default)
            return pref.default

    def is_set(self, pref: Pref[Any]) -> bool:
        """True when a fitting value is stored (not just the default)."""
        missing = object()
        value = self._store.get(pref.key, missing)
        if value is missing:
            return False
        try:
            pref.parse(value, self._today())
        except PreferenceError:
            return False
        return True

    def set(self, pref: Pref[T], value: T) -> None:
        """Store ``value``; ``PreferenceError`` (nothing written) if it does not fit."""
        encoded = pref.encode(value)
        pref.parse(encoded, self._today())
        self._store.set(pref.key, encoded)
