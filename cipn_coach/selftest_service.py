"""Self-tests for a front end: what is due today, saving a finished test, and Progress.

Goes through an open ``Services`` (the UI never reaches storage itself). The tests
scheduled are the default ones (all but the optional timed up and go); the programme
is the one Today counts days in: from the plan's start date for the longest routine's
programme length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cipn_coach.engine.selftest import Outcome
from cipn_coach.patient import read_profile
from cipn_coach.selftest_schedule import (
    ALL_KINDS,
    SelfTestDue,
    default_tests,
    due_tests,
)
from cipn_coach.selftest_schema import SelfTest
from cipn_coach.selftest_words import result_sentence
from cipn_coach.selftests import (
    Band,
    SelfTestResult,
    band_for,
    check_result,
    selftests_in,
)

DEFAULT_PROGRAMME_DAYS = 28


def programme(services: Any, today: date) -> tuple[date, int]:
    """The programme's first day and length in days, as Today counts them."""
    start = services.plan.start_date(today)
    routines = services.plan.routines()
    length = max((r.program.length_days for r in routines), default=DEFAULT_PROGRAMME_DAYS)
    return start, length


def due_today(services: Any, today: date) -> list[SelfTestDue]:
    """The self-tests due today (baseline, weekly or final), for Today's "Self-test due"."""
    tests = selftests_in(services.library.language)
    done: dict[str, list[date]] = {}
    for result in services.self_tests.all():
        done.setdefault(result.test_id, []).append(result.day)
    start, length = programme(services, today)
    chosen, kinds = chosen_tests(services.plan.routines(), tests)
    return due_tests(chosen, done, start, length, today, kinds)


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


def save_outcomes(
    services: Any, test: SelfTest, outcomes: Iterable[Outcome], day: date, now: datetime
) -> list[SelfTestResult]:
    """Store what the player measured (one result per side), each checked first."""
    outcomes = list(outcomes)
    for outcome in outcomes:
        check_result(test, outcome.value, outcome.side, day, day)
    return [
        services.self_tests.add(
            test.id,
            day,
            outcome.value,
            now,
            side=outcome.side,
            stopped_for_safety=outcome.stopped_for_safety,
        )
        for outcome in outcomes
    ]


@dataclass(frozen=True)
class ProgressCard:
    """One small chart on Progress: the points, the band to shade, the words."""

    test: SelfTest
    points: list[tuple[date, float, str | None, bool]]  # day, value, side, stopped
    band: Band | None
    band_note: str | None
    sentence: str  # about the latest result


def progress_cards(services: Any, today: date) -> list[ProgressCard]:
    """One card per test with results, in the files' order (latest result in words)."""
    tests = selftests_in(services.library.language)
    profile = read_profile(services.settings)
    results = services.self_tests.all()
    cards = []
    for test_id, test in tests.items():
        own = [r for r in results if r.test_id == test_id]
        if not own:
            continue
        lookup = band_for(test, profile.birth_year, profile.sex, today)
        latest = own[-1]
        finished = [r for r in own if not r.stopped_for_safety and r.side == latest.side]
        first = finished[0].value if finished and finished[0] is not latest else None
        sentence = result_sentence(
            test, latest.value, first, lookup.band, latest.stopped_for_safety, latest.side
        )
        cards.append(
            ProgressCard(
                test,
                [(r.day, r.value, r.side, r.stopped_for_safety) for r in own],
                lookup.band,
                lookup.reason,
                sentence,
            )
        )
    return cards


def outcome_words(services: Any, test: SelfTest, saved: list[SelfTestResult], today: date) -> str:
    """The player's closing words about results just saved: one sentence per side, each
    compared with that side's first finished result and the band."""
    profile = read_profile(services.settings)
    lookup = band_for(test, profile.birth_year, profile.sex, today)
    earlier = services.self_tests.all(test.id)
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


def record_fall(services: Any, day: date, fell: bool, now: datetime) -> Any | None:
    """A fall (``fell``) or near-fall during a self-test, added to ``day``'s check-in
    through the check-in service (a new version; every other answer kept), so the fall
    rules and the report count it. Returns the saved row, or None when ``day`` has no
    check-in yet: its symptom scores cannot be made up, so the check-in asks then."""
    from cipn_coach.checkin_schema import COUNT_MAX

    row = services.checkins.get(day)
    if row is None:
        return None
    values = row.values()
    field = "falls" if fell else "near_falls"
    count = min(COUNT_MAX, getattr(values, field) + 1)
    return services.checkins.save(day, values.model_copy(update={field: count}), now, today=day)
