"""Self-tests for the front ends: what is due today, saving a finished test, Progress's
cards, and writes that say what they changed.

The repository (``storage.selftests``) stays the one place that knows the table; this is
what ``Services.self_tests`` hands the UI and the CLI, so neither needs storage. The
tests scheduled are the default ones (all but the optional timed up and go) unless the
plan's routines choose; the programme is the one Today counts days in: from the plan's
start date for the longest routine's programme length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from cipn_coach.changes import NOTHING, Changes, Saved
from cipn_coach.selftests.format import SelfTest
from cipn_coach.selftests.library import (
    Band,
    SelfTestResult,
    band_for,
    check_result,
    selftests_in,
)
from cipn_coach.selftests.schedule import (
    ALL_KINDS,
    SelfTestDue,
    default_tests,
    due_tests,
)
from cipn_coach.selftests.words import result_sentence

if TYPE_CHECKING:  # the self-test engine loads when a self-test starts: Today needs none
    from cipn_coach.checkin.service import CheckInRow, CheckInService
    from cipn_coach.engine.selftest import Outcome
    from cipn_coach.routines.library import Library
    from cipn_coach.services import PlanService
    from cipn_coach.settings.patient import Profile
    from cipn_coach.settings.service import PatientService
    from cipn_coach.storage.selftests import SelfTestRepository

SELF_TESTS_CHANGED = Changes(self_tests=True)
DEFAULT_PROGRAMME_DAYS = 28


def chosen_tests(
    routines: Iterable[Any], tests: dict[str, SelfTest]
) -> tuple[list[str], list[str]]:
    """The tests and scheduled days the physiotherapist chose in the plan's routines
    (all of their choices together); the defaults when no routine says."""
    plans = [r.self_tests for r in routines if r.self_tests is not None]
    if not plans:
        return default_tests(tests), list(ALL_KINDS)
    chosen = sorted({t for plan in plans for t in plan.tests if t in tests})
    kinds = [kind for kind in ALL_KINDS if any(kind in plan.when for plan in plans)]
    return chosen, kinds


@dataclass(frozen=True)
class ProgressCard:
    """One small chart on Progress: the points, the band to shade, the words."""

    test: SelfTest
    points: list[tuple[date, float, str | None, bool]]  # day, value, side, stopped
    band: Band | None
    band_note: str | None
    sentence: str  # about the latest result (of each side, one line each)


def progress_cards(
    tests: dict[str, SelfTest],
    results: list[SelfTestResult],
    profile: Profile,
    today: date,
    family: bool = False,
) -> list[ProgressCard]:
    """One card per test with results (oldest first), in the files' order, the latest
    result in words (of each side, for a test done on both). Pure, so the clinic draws
    an imported patient's cards as their own Progress does. ``family``: the words as the
    family view says them, about the patient."""
    cards = []
    for test_id, test in tests.items():
        own = [r for r in results if r.test_id == test_id]
        if not own:
            continue
        lookup = band_for(test, profile.birth_year, profile.sex, today, family)
        sides = sorted({r.side for r in own}, key=lambda side: side or "")  # left, right
        sentences = []
        for side in sides:  # each side's latest: a leg saved first is not left unsaid
            of_side = [r for r in own if r.side == side]
            latest = of_side[-1]
            finished = [r for r in of_side if not r.stopped_for_safety]
            first = finished[0].value if finished and finished[0] is not latest else None
            sentences.append(
                result_sentence(
                    test, latest.value, first, lookup.band, latest.stopped_for_safety, side, family
                )
            )
        cards.append(
            ProgressCard(
                test,
                [(r.day, r.value, r.side, r.stopped_for_safety) for r in own],
                lookup.band,
                lookup.reason,
                "\n".join(sentences),
            )
        )
    return cards


class SelfTestService:
    """Self-test results, and what the schedule, the bands and the words make of them."""

    def __init__(
        self,
        repository: SelfTestRepository,
        plan: PlanService,
        library: Library,
        patient: PatientService,
        checkins: CheckInService,
    ) -> None:
        self._repo = repository
        self._plan = plan
        self._library = library  # in the reader's language: the tests are shown in it
        self._patient = patient  # age and sex choose the band
        self._checkins = checkins  # a fall during a test is counted in the day's check-in

    # ------------------------------------------------------------------ reads
    def all(self, test_id: str | None = None) -> list[SelfTestResult]:
        """Results oldest first (by day, then when they were saved)."""
        return self._repo.all(test_id)

    def between(self, first: date, last: date) -> list[SelfTestResult]:
        return self._repo.between(first, last)

    def programme(self, today: date) -> tuple[date, int]:
        """The programme's first day and length in days, as Today counts them."""
        start = self._plan.start_date(today)
        routines = self._plan.routines()
        length = max((r.program.length_days for r in routines), default=DEFAULT_PROGRAMME_DAYS)
        return start, length

    def tests(self) -> dict[str, SelfTest]:
        """Every self-test, in the reader's language, by id."""
        return selftests_in(self._library.language)

    def due_today(self, today: date) -> list[SelfTestDue]:
        """The self-tests due today (baseline, weekly or final), for Today's "Self-test due"."""
        done: dict[str, list[date]] = {}
        for result in self.all():
            done.setdefault(result.test_id, []).append(result.day)
        start, length = self.programme(today)
        chosen, kinds = chosen_tests(self._plan.routines(), self.tests())
        return due_tests(chosen, done, start, length, today, kinds)

    def progress_cards(self, today: date, family: bool = False) -> list[ProgressCard]:
        """One card per test with results, in the files' order (latest result in words;
        ``family``: worded about the patient, for the family view)."""
        return progress_cards(self.tests(), self.all(), self._patient.profile(), today, family)

    def outcome_words(self, test: SelfTest, saved: list[SelfTestResult], today: date) -> str:
        """The player's closing words about results just saved: one sentence per side,
        each compared with that side's first finished result and the band."""
        profile = self._patient.profile()
        lookup = band_for(test, profile.birth_year, profile.sex, today)
        earlier = self.all(test.id)
        sentences = []
        for result in saved:
            firsts = [r for r in earlier if r.side == result.side and not r.stopped_for_safety]
            first = firsts[0].value if firsts and firsts[0].uid != result.uid else None
            sentences.append(
                result_sentence(
                    test, result.value, first, lookup.band, result.stopped_for_safety, result.side
                )
            )
        return "\n".join(sentences)

    # ------------------------------------------------------------------ writes
    def add(
        self,
        test_id: str,
        day: date,
        value: float,
        now: datetime,
        *,
        side: str | None = None,
        stopped_for_safety: bool = False,
        source: str = "app",
        note: str | None = None,
    ) -> Saved[SelfTestResult]:
        """Store one result, already checked by ``selftests.check_result``."""
        result = self._repo.add(
            test_id,
            day,
            value,
            now,
            side=side,
            stopped_for_safety=stopped_for_safety,
            source=source,
            note=note,
        )
        return Saved(result, SELF_TESTS_CHANGED)

    def save_outcomes(
        self, test: SelfTest, outcomes: Iterable[Outcome], day: date, now: datetime
    ) -> Saved[list[SelfTestResult]]:
        """Store what the player measured (one result per side), each checked first."""
        outcomes = list(outcomes)
        for outcome in outcomes:
            check_result(test, outcome.value, outcome.side, day, day)
        saved = [
            self.add(
                test.id,
                day,
                outcome.value,
                now,
                side=outcome.side,
                stopped_for_safety=outcome.stopped_for_safety,
            ).row
            for outcome in outcomes
        ]
        return Saved(saved, SELF_TESTS_CHANGED if saved else NOTHING)

    def record_fall(self, day: date, fell: bool, now: datetime) -> Saved[CheckInRow | None]:
        """A fall (``fell``) or near-fall during a self-test, added to ``day``'s check-in
        through the check-in service (a new version; every other answer kept), so the
        fall rules and the report count it. The row is ``None`` (nothing changed) when
        ``day`` has no check-in yet: its symptom scores cannot be made up, so the
        check-in asks then."""
        from cipn_coach.checkin.schema import COUNT_MAX

        row = self._checkins.get(day)
        if row is None:
            return Saved(None, NOTHING)
        values = row.values()
        field = "falls" if fell else "near_falls"
        count = min(COUNT_MAX, getattr(values, field) + 1)
        saved = self._checkins.save(day, values.model_copy(update={field: count}), now, today=day)
        return Saved(saved.row, saved.changes)
