"""The ``self_tests`` section of the summary: each test's results, band and change.

Pure (tests, results and profile in, JSON-ready list out), so ``summary --json``, the
Progress chart and the report all show the same numbers. "Change from first" compares a
finished result with the first finished result of the same test and side; results
stopped for safety are listed (they are valid) but not compared, because a test cut
short says how the day went, not how strong or steady the patient is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cipn_coach.selftests.format import SelfTest
from cipn_coach.selftests.library import SelfTestResult, band_for, worse_than_band
from cipn_coach.settings.patient import Profile


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _result(
    test: SelfTest, result: SelfTestResult, first: SelfTestResult | None, profile: Profile
) -> dict[str, Any]:
    compared = first is not None and first is not result and not result.stopped_for_safety
    lookup = band_for(test, profile.birth_year, profile.sex, result.day)
    worse = None
    if lookup.band is not None and not result.stopped_for_safety:
        worse = worse_than_band(test, lookup.band, result.value)
    return {
        "date": result.day.isoformat(),
        "value": _rounded(result.value),
        "side": result.side,
        "stopped_for_safety": result.stopped_for_safety,
        "source": result.source,
        "change_from_first": _rounded(result.value - first.value) if compared and first else None,
        "worse_than_band": worse,
    }


def self_test_section(
    tests: dict[str, SelfTest],
    results: Iterable[SelfTestResult],
    profile: Profile,
    first_day: date,
    last_day: date,
) -> list[dict[str, Any]]:
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
        section.append(
            {
                "id": test.id,
                "title": test.title,
                "unit": test.unit,
                "better": test.better.value,
                "band": None if lookup.band is None else lookup.band.as_dict(),
                "band_note": lookup.reason,
                "results": listed,
            }
        )
    return section


@dataclass(frozen=True)
class ReportRow:
    """One line of the report's self-test table: first vs latest, with band and source."""

    title: str
    side: str | None
    unit: str
    first: tuple[str, float] | None  # (ISO date, value)
    latest: tuple[str, float] | None
    change: float | None
    stopped_for_safety: int  # how many results were stopped for safety
    band: str  # e.g. "10–15", "≤ 11.4", or "trend only"
    source: str  # the band's published source, or why there is none


def _band_words(band: dict[str, Any] | None) -> str:
    from cipn_coach.formatting import number
    from cipn_coach.i18n import _

    if band is None:
        return _("trend only")
    low, high = band["low"], band["high"]
    if low is not None and high is not None:
        return f"{number(low)}–{number(high)}"
    return f"≤ {number(high)}" if high is not None else f"≥ {number(low)}"


def report_rows(section: list[dict[str, Any]]) -> list[ReportRow]:
    """The tests with results in the period, one row per test and side: its first and
    latest finished result in the period and the change between them (results stopped
    for safety are counted, not compared)."""
    rows = []
    for test in section:
        sides = list(dict.fromkeys(r["side"] for r in test["results"]))
        for side in sides:
            results = [r for r in test["results"] if r["side"] == side]
            finished = [r for r in results if not r["stopped_for_safety"]]
            first = (finished[0]["date"], finished[0]["value"]) if finished else None
            latest = (finished[-1]["date"], finished[-1]["value"]) if len(finished) > 1 else None
            band = test["band"]
            rows.append(
                ReportRow(
                    test["title"],
                    side,
                    test["unit"],
                    first,
                    latest,
                    round(latest[1] - first[1], 2) if first and latest else None,
                    sum(r["stopped_for_safety"] for r in results),
                    _band_words(band),
                    band["source"] if band else (test["band_note"] or ""),
                )
            )
    return rows
