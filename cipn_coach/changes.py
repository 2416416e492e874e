"""What a write changed, said by the service that made it (in the spirit of Anki's
``OpChanges``).

Every write of the core's services returns a ``Changes`` (or a ``Saved`` carrying one
with the saved row). The window passes it on as one signal, and each screen refreshes
only when a domain it shows was touched, instead of every handler deciding by hand
which screens to tell.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Which domains a write touched. ``Changes()`` means nothing changed."""

    routines: bool = False  # routines or own exercises: the exercise library
    plan: bool = False  # which routines the patient follows, since when, at what times
    checkins: bool = False
    sessions: bool = False
    settings: bool = False  # voice, look, reminders, PIN and the other preferences
    patient: bool = False  # the patient's name, year of birth, sex
    treatment: bool = False  # the chemotherapy record and its cycle days
    self_tests: bool = False  # self-test results (Progress's cards, what Today says is due)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def records(self) -> bool:
        """A check-in, a session or a self-test result: what Today, Progress and the
        report are drawn from."""
        return self.checkins or self.sessions or self.self_tests

    @property
    def needs_backup(self) -> bool:
        """Whether the record changed (not only how the app looks or speaks): the window
        then makes a backup if the database differs from the last one."""
        return self.records or self.routines or self.plan or self.patient or self.treatment

    @property
    def today(self) -> bool:
        """Whether Today may now show something else (its plan, its record)."""
        return self.records or self.plan or self.routines or self.treatment


NOTHING = Changes()
# a restore or an import of a whole backup: every domain may differ
EVERYTHING = Changes(
    routines=True,
    plan=True,
    checkins=True,
    sessions=True,
    settings=True,
    patient=True,
    treatment=True,
    self_tests=True,
)


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A write's result when the caller also needs what was stored (the saved row)."""

    row: T
    changes: Changes
