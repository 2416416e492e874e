"""The daily check-in's values, validated with pydantic before anything is written.

Bounds come from ``thresholds`` so the form, the CLI and the rules agree. Out-of-range
values are refused (never clamped): a "12" typed with numb fingers must be corrected by
the patient, not silently turned into a 10.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cipn_coach.checkin.fields import (  # noqa: F401 - re-exported for callers
    COUNT_FIELDS,
    FUNCTION_FIELDS,
    FUNCTION_LABELS,
    PAIN_KIND_ORDER,
    SCALE_FIELDS,
    PainKind,
)
from cipn_coach.checkin.thresholds import COUNT_MAX, NOTE_MAX_CHARS, SCALE_MAX, SCALE_MIN
from cipn_coach.errors import CheckInError
from cipn_coach.i18n import _

Scale = Annotated[int, Field(ge=SCALE_MIN, le=SCALE_MAX, strict=True)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX, strict=True)]


class CheckInValues(BaseModel):
    """One day's answers. ``night`` may be left out; every yes/no defaults to no."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hands: Scale
    feet: Scale
    pain: Scale
    pain_kinds: tuple[PainKind, ...] = ()
    night: Scale | None = None
    woke_me: bool = False
    cold_sensitive: bool = False
    dropped: bool = False
    fine_motor: bool = False
    held_wall: bool = False
    stumbled: bool = False
    falls: Count = 0
    near_falls: Count = 0
    new_weakness: bool = False
    unfelt_wound: bool = False
    # The weekly daily-life questions; ``None`` = not asked that day (checkin_fields).
    daily_tasks_harder: bool | None = None
    self_care_harder: bool | None = None
    note: Annotated[str, Field(max_length=NOTE_MAX_CHARS)] | None = None

    @field_validator("pain_kinds", mode="after")
    @classmethod
    def _canonical_kinds(cls, kinds: tuple[PainKind, ...]) -> tuple[PainKind, ...]:
        """Same set, same order, no repeats: two equal check-ins compare equal."""
        return tuple(k for k in PAIN_KIND_ORDER if k in set(kinds))

    @field_validator("note", mode="after")
    @classmethod
    def _blank_note_is_none(cls, note: str | None) -> str | None:
        return note.strip() or None if note is not None else None

    @property
    def function_yes(self) -> tuple[str, ...]:
        """The function questions answered yes, in form order."""
        return tuple(f for f in FUNCTION_FIELDS if getattr(self, f))

    @classmethod
    def parse(cls, data: dict[str, Any]) -> CheckInValues:
        """Validate ``data``; any problem becomes one ``CheckInError`` naming every field."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise CheckInError("; ".join(_describe(e) for e in exc.errors())) from None


def _describe(error: Any) -> str:
    field = ".".join(str(p) for p in error["loc"]) or "check-in"
    value = error.get("input")
    name = str(error["loc"][0]) if error["loc"] else ""
    if name in SCALE_FIELDS:
        return _("{field} must be a whole number {low}–{high}, not {value}").format(
            field=field, low=SCALE_MIN, high=SCALE_MAX, value=repr(value)
        )
    if name in COUNT_FIELDS:
        return _("{field} must be a whole number {low}–{high}, not {value}").format(
            field=field, low=0, high=COUNT_MAX, value=repr(value)
        )
    if name == "note":
        return _("note must be at most {n} characters").format(n=NOTE_MAX_CHARS)
    if name == "pain_kinds":
        allowed = ", ".join(PAIN_KIND_ORDER)
        return _("pain kind must be one of {allowed}, not {value}").format(
            allowed=allowed, value=repr(value)
        )
    return f"{field}: {error['msg']}"


EARLIEST_DAY = date(1990, 1, 1)
"""No record of this app can be older: a day before it is a typing slip (0001-01-01 made
every summary fail with OverflowError). The one lower bound for every way in."""


def day_problem(day: date, today: date) -> str | None:
    """Why ``day`` cannot carry a record (future, or before ``EARLIEST_DAY``), or ``None``.
    Shared by the form, the CLI and imports, so every way in has the same bounds."""
    if day > today:
        return _(
            "{day} is in the future; a check-in can be for today ({today}) or an earlier day"
        ).format(day=day.isoformat(), today=today.isoformat())
    if day < EARLIEST_DAY:
        return _("{day} is too early; the earliest day is {earliest}").format(
            day=day.isoformat(), earliest=EARLIEST_DAY.isoformat()
        )
    return None


def check_day(day: date, today: date) -> None:
    """Refuse a future day (a check-in describes a day that has happened) or one before
    ``EARLIEST_DAY``."""
    problem = day_problem(day, today)
    if problem is not None:
        raise CheckInError(problem)
