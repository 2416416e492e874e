"""The ``self_tests`` section of the summary: each test's results, band and change.

Pure (tests, results and profile in, JSON-ready list out), so ``summary --json``, the
Progress chart and the report all show the same numbers. "Change from first" compares a
finished result with the first finished result of the same test and side; results
stopped for safety are listed (they are valid) but not compared, because a test cut
short says how the day went, not how strong or steady the patient is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from cipn_coach.patient import Profile
from cipn_coach.selftest_schema import SelfTest
from cipn_coach.selftests import SelfTestResult, band_for, worse_than_band


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _result(test: SelfTest, result: SelfTestResult, first: SelfTestResult | None,
            profile: Profile) -> dict[str, Any]:
    compared = first is not None and first is not result and not result.stopped_for_safety
    lookup = band_for(test, profile.birth_year, profile.sex, result.day)
    worse = None
    if lookup.band is not None and not result.stopped_for_safety:
        worse = worse_than_band(test, lookup.band, result.value)
    return {"date": result.day.isoformat(), "value": _rounded(result.value),
            "side": result.side, "stopped_for_safety": result.stopped_for_safety,
            "source": result.source,
            "change_from_first": _rounded(result.value - first.value) if compared and first
            else None,
            "worse_than_band": worse}


def self_test_section(tests: dict[str, SelfTest], results: Iterable[SelfTestResult],
                      profile: Profile, first_day: date, last_day: date) -> list[dict[str, Any]]:
    """One entry per test (in id order). ``results``: every result up to ``last_day``
    (earlier ones too: the first result may lie before the period); only those from
    ``first_day`` on are listed. The band is the one for the patient's age on
    ``last_day``; each result says whether it was on the worse side of its own day's band.
    """
    by_test: dict[str, list[SelfTestResult]] = {}
    for result in sorted(results, key=lambda r: (r.day, r.created_at)):
        if result.day <= last_day:
            by_test.setdefault(result.test_id, []).append(result)
    section = []
    for test_id in sorted(tests):
        test = tests[test_id]
        firsts: dict[str | None, SelfTestResult] = {}
        listed = []
        for result in by_test.get(test_id, []):
            if not result.stopped_for_safety:
                firsts.setdefault(result.side, result)
            if result.day >= first_day:
                listed.append(_result(test, result, firsts.get(result.side), profile))
        lookup = band_for(test, profile.birth_year, profile.sex, last_day)
        section.append({
            "id": test.id, "title": test.title, "unit": test.unit, "better": test.better.value,
            "band": None if lookup.band is None else lookup.band.as_dict(),
            "band_note": lookup.reason,
            "results": listed})
    return section
