"""The patient's chemotherapy: which medicines, which cycle days, and when it finished.

Plain data and calendar arithmetic only (no database, no Qt): the storage layer keeps
the record, and the flags, the Today page and the pre-cycle summary ask questions of it
here ("is she still in treatment?", "when is the next cycle?", "which cycle period does
this day belong to?").

The medicines are a fixed list in the words a patient finds on their treatment plan
(generic names, no brand names); "other" covers the rest. Nothing here, or anywhere in
the app, advises on doses or medicines: the record only lets the app put symptoms next
to the cycles, for the oncology team to read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _


class Agent(StrEnum):
    """The chemotherapy medicines known to cause nerve damage (and "other")."""

    OXALIPLATIN = "oxaliplatin"
    CISPLATIN = "cisplatin"
    CARBOPLATIN = "carboplatin"
    PACLITAXEL = "paclitaxel"
    DOCETAXEL = "docetaxel"
    NAB_PACLITAXEL = "nab-paclitaxel"
    VINCRISTINE = "vincristine"
    BORTEZOMIB = "bortezomib"
    THALIDOMIDE = "thalidomide"
    OTHER = "other"


AGENT_ORDER: tuple[Agent, ...] = tuple(Agent)

# The name a patient reads on their treatment plan (Settings → Treatment, the report).
AGENT_LABELS: dict[Agent, str] = {
    Agent.OXALIPLATIN: N_("Oxaliplatin"),
    Agent.CISPLATIN: N_("Cisplatin"),
    Agent.CARBOPLATIN: N_("Carboplatin"),
    Agent.PACLITAXEL: N_("Paclitaxel"),
    Agent.DOCETAXEL: N_("Docetaxel"),
    Agent.NAB_PACLITAXEL: N_("Nab-paclitaxel"),
    Agent.VINCRISTINE: N_("Vincristine"),
    Agent.BORTEZOMIB: N_("Bortezomib"),
    Agent.THALIDOMIDE: N_("Thalidomide"),
    Agent.OTHER: N_("Another medicine"),
}

# Oxaliplatin brings cold-triggered symptoms within hours of an infusion, for some days
# (CONTENT.md, "acute cold-triggered dysesthesia"): these days the check-in asks about
# cold and Today shows the keep-warm advice.
COLD_DAYS_AFTER_OXALIPLATIN = 5
# Two days before a planned cycle Today reminds the patient to take the summary.
REMINDER_DAYS_BEFORE = 2
# "The week of a cycle" for exercise progression: from two days before a cycle day to six
# days after it, so a harder balance level neither lands just before an infusion nor in
# the tired days that follow it.
CYCLE_WEEK_BEFORE = 2
CYCLE_WEEK_AFTER = 6
MAX_CYCLES = 200
FIRST_YEAR, LAST_YEAR = 1990, 2200


class TreatmentError(CoachError):
    """A treatment or cycle entry that cannot be saved (unknown medicine, bad date)."""


def parse_agent(text: str) -> Agent:
    """A medicine from its name as typed ("Nab-Paclitaxel", "nab paclitaxel")."""
    key = text.strip().lower().replace(" ", "-").replace("_", "-")
    try:
        return Agent(key)
    except ValueError:
        known = ", ".join(AGENT_ORDER)
        raise TreatmentError(
            _("unknown medicine '{text}': choose from {known}").format(text=text, known=known)
        ) from None


def check_day(day: date, what: str) -> date:
    """Refuse a day no treatment plan holds (a typo such as 0226 for 2026)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise TreatmentError(
            _("{what} {day} is not a plausible date (years {first}–{last})").format(
                what=_(what), day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return day


@dataclass(frozen=True, order=True)
class Cycle:
    """One cycle day. ``planned``: still to come (or not yet confirmed as given)."""

    day: date
    planned: bool = False


@dataclass(frozen=True)
class CyclePeriod:
    """The days from one cycle day up to the day before the next (or up to ``last``)."""

    number: int  # 1 = the first cycle on the record
    cycle: Cycle
    first: date
    last: date

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Treatment:
    """The whole treatment record. Empty (no medicines, no cycles) until the patient
    fills it in: most of the app then behaves exactly as without it."""

    agents: tuple[Agent, ...] = ()
    finished_on: date | None = None
    cycles: tuple[Cycle, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "agents", tuple(a for a in AGENT_ORDER if a in set(self.agents)))
        object.__setattr__(self, "cycles", tuple(sorted(self.cycles)))

    @property
    def is_empty(self) -> bool:
        return not self.agents and not self.cycles and self.finished_on is None

    def in_treatment(self, today: date) -> bool:
        """Still having chemotherapy: a cycle on the record and not finished by today."""
        if self.finished_on is not None and self.finished_on <= today:
            return False
        return bool(self.cycles) or bool(self.agents)

    def given(self, up_to: date) -> list[Cycle]:
        """Cycle days on or before ``up_to`` (planned ones whose day has come count:
        the plan is the best the app knows)."""
        return [c for c in self.cycles if c.day <= up_to]

    def last_cycle(self, today: date) -> Cycle | None:
        """The most recent cycle day on or before ``today``."""
        done = self.given(today)
        return done[-1] if done else None

    def next_cycle(self, today: date) -> Cycle | None:
        """The first cycle day after ``today``, if treatment is still going on."""
        if not self.in_treatment(today):
            return None
        return next((c for c in self.cycles if c.day > today), None)

    def days_until_next(self, today: date) -> int | None:
        upcoming = self.next_cycle(today)
        return None if upcoming is None else (upcoming.day - today).days

    def periods(self, last: date) -> list[CyclePeriod]:
        """Each cycle's period up to ``last``: from its day to the day before the next
        cycle (the last one runs to ``last``, or to the treatment's end day)."""
        days = [c for c in self.cycles if c.day <= last]
        periods = []
        for number, cycle in enumerate(days, start=1):
            if number < len(days):
                end = days[number].day - timedelta(days=1)
            else:
                end = last
            periods.append(CyclePeriod(number, cycle, cycle.day, end))
        return periods

    def period_of(self, day: date) -> CyclePeriod | None:
        """The cycle period ``day`` falls in (``None`` before the first cycle)."""
        return next((p for p in self.periods(day) if p.holds(day)), None)

    def near_cycle(self, day: date) -> bool:
        """Within "the week of a cycle" (``CYCLE_WEEK_BEFORE``/``_AFTER``) of any cycle day."""
        return near_cycle_day([c.day for c in self.cycles], day)

    def cold_days(self, day: date) -> bool:
        """The days just after an oxaliplatin infusion (the infusion day included), when
        cold brings on tingling and throat tightness."""
        if Agent.OXALIPLATIN not in self.agents:
            return False
        return any(0 <= (day - c.day).days < COLD_DAYS_AFTER_OXALIPLATIN for c in self.cycles)

    def reminder_due(self, today: date) -> Cycle | None:
        """The planned cycle Today should remind of: within two days from ``today``."""
        upcoming = self.next_cycle(today)
        if upcoming is None or (upcoming.day - today).days > REMINDER_DAYS_BEFORE:
            return None
        return upcoming

    def with_cycle(self, cycle: Cycle) -> Treatment:
        """This record with ``cycle`` added (replacing the same day's entry)."""
        if len(self.cycles) >= MAX_CYCLES and all(c.day != cycle.day for c in self.cycles):
            raise TreatmentError(_("the record holds at most {n} cycles").format(n=MAX_CYCLES))
        kept = tuple(c for c in self.cycles if c.day != cycle.day)
        return Treatment(self.agents, self.finished_on, (*kept, cycle))


def near_cycle_day(cycle_days: Iterable[date], day: date) -> bool:
    """Whether ``day`` lies in "the week of a cycle": from ``CYCLE_WEEK_BEFORE`` days
    before a cycle day to ``CYCLE_WEEK_AFTER`` days after it."""
    return any(-CYCLE_WEEK_AFTER <= (cycle - day).days <= CYCLE_WEEK_BEFORE for cycle in cycle_days)


# the way to enter a cycle still to come (the app says "tick 'Still to come'" instead)
ADD_PLANNED = N_("add --planned for a cycle still to come")


def check_new_cycle(day: date, planned: bool, today: date) -> Cycle:
    """A cycle as the patient enters it: a day still to come must be marked planned."""
    check_day(day, N_("cycle day"))
    if day > today and not planned:
        raise TreatmentError(
            _("{day} is after today ({today}): {fix}").format(
                day=day.isoformat(), today=today.isoformat(), fix=_(ADD_PLANNED)
            )
        )
    return Cycle(day, planned)
