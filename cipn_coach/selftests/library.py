"""Self-tests: loading their files, the reference band for a person, and what a result may be.

Qt-free and database-free: the CLI, the summary and the player all ask here. A band is
looked up for the patient's age in the year of the test (year of the test minus year of
birth: the app asks only the year, never the birth date) and, when the source splits by
sex, their sex. Without what a band needs, or outside the ages it covers, there is no
band and the reason says why: the patient then sees their own trend only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cipn_coach.errors import CoachError, FileFormatError, UnknownIdError
from cipn_coach.i18n import N_, _
from cipn_coach.selftests.format import Better, SelfTest, Sides

SIDES = ("left", "right")
# why a trend-only test has no band, for the family view: the file's own reason says
# "your own trend"; marked here (N_), translated where shown
FAMILY_TREND_ONLY = N_(
    "There is no reference band for this home version of the test, so it shows "
    "their own trend only."
)
SOURCES = ("app", "paper")  # done in the player, or entered afterwards (CLI, on paper)


@dataclass(frozen=True)
class SelfTestResult:
    """One recorded result. ``side`` is "left"/"right" for one-leg/one-hand tests.

    ``stopped_for_safety``: the patient stopped because they felt unsteady (or a helper
    stopped them). It is a valid result, kept and shown, never counted as a failure;
    it is left out of "change from first", which compares finished tests only.
    """

    uid: str
    test_id: str
    day: date
    value: float
    side: str | None
    stopped_for_safety: bool
    source: str
    created_at: datetime
    note: str | None = None


@dataclass(frozen=True)
class Band:
    low: float | None
    high: float | None
    source: str
    meaning: str
    age_from: int
    age_to: int
    sex: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "low": self.low,
            "high": self.high,
            "source": self.source,
            "meaning": self.meaning,
            "ages": [self.age_from, self.age_to],
            "sex": self.sex,
        }


@dataclass(frozen=True)
class BandLookup:
    """The band for one person, or ``None`` with the reason (shown as is)."""

    band: Band | None
    reason: str | None


def selftests_dir() -> Path:
    from cipn_coach import paths

    return paths.exercises_dir() / "selftests"


_LOADED: dict[Path, dict[str, SelfTest]] = {}


def load_selftests(folder: Path | None = None) -> dict[str, SelfTest]:
    """Every self-test file, by id. Unlike the exercise library a bad file is an error:
    the files ship with the app, and a silently missing test would hide a result.

    The shipped folder is read once per process (the summary asks on every refresh);
    the models are frozen, so sharing them is safe.
    """
    from cipn_coach.routines import validated_files
    from cipn_coach.routines.library import parse_toml_model

    folder = folder or selftests_dir()
    if folder in _LOADED:
        return dict(_LOADED[folder])
    tests: dict[str, SelfTest] = {}
    for path in sorted(folder.glob("*.toml")):
        test = parse_toml_model(path, SelfTest)
        if test.id in tests:
            raise FileFormatError(str(path), [_("id: '{id}' is used twice").format(id=test.id)])
        tests[test.id] = test
    validated_files.save()
    if folder == selftests_dir():
        _LOADED[folder] = tests
    return dict(tests)


def selftests_in(language: str) -> dict[str, SelfTest]:
    """The shipped tests in ``language`` ("en", "zh_HK"): their ``[zh_HK]`` words, for
    showing and speaking. Stored results, ids and numbers are the same in every language."""
    return {test_id: test.in_language(language) for test_id, test in load_selftests().items()}


def find_test(tests: dict[str, SelfTest], test_id: str) -> SelfTest:
    try:
        return tests[test_id]
    except KeyError:
        known = ", ".join(sorted(tests))
        raise UnknownIdError(
            _("unknown self-test '{id}' (known: {known})").format(id=test_id, known=known)
        ) from None


def age_in(year: int, birth_year: int) -> int:
    """Age reached in ``year``: what the app can know from the year of birth alone."""
    return year - birth_year


def band_for(
    test: SelfTest, birth_year: int | None, sex: str | None, on: date, family: bool = False
) -> BandLookup:
    """The reference band for a person on the day ``on``, or the reason there is none
    (``family``: the reason as the family view says it, about the patient)."""
    reference = test.reference
    if reference is None:
        return BandLookup(None, _(FAMILY_TREND_ONLY) if family else test.trend_only)
    if birth_year is None:
        return BandLookup(
            None,
            _("their year of birth is not in Settings, so there is no comparison with others")
            if family
            else _("add your year of birth in Settings to compare with others of your age"),
        )
    if reference.by_sex and sex is None:
        return BandLookup(
            None,
            _("their sex is not in Settings, so there is no comparison with others")
            if family
            else _("add your sex in Settings to compare with others of your age"),
        )
    age = age_in(on.year, birth_year)
    for row in reference.rows:
        if row.age_from <= age <= row.age_to and (row.sex is None or row.sex == sex):
            return BandLookup(
                Band(
                    row.low,
                    row.high,
                    reference.source,
                    reference.meaning,
                    row.age_from,
                    row.age_to,
                    row.sex,
                ),
                None,
            )
    words = (
        _("the published band covers other ages than {age}; their own trend is shown")
        if family
        else _("the published band covers other ages than {age}; your own trend is shown")
    )
    return BandLookup(None, words.format(age=age))


def worse_than_band(test: SelfTest, band: Band, value: float) -> bool:
    """On the worse side of the band: fewer stands than its low end, or slower than its
    high end. Better than the band is never a concern."""
    if test.better == Better.HIGHER:
        return band.low is not None and value < band.low
    return band.high is not None and value > band.high


def check_result(test: SelfTest, value: float, side: str | None, day: date, today: date) -> None:
    """Refuse a result that cannot be right, naming what is wrong (CLI: exit 2)."""
    unit = test.unit
    if math.isnan(value) or not test.value_min <= value <= test.value_max:
        raise CoachError(
            _("{id}: the value must be {low}–{high} {unit}, not {value}").format(
                id=test.id,
                low=_number(test.value_min),
                high=_number(test.value_max),
                unit=unit,
                value=_number(value),
            )
        )
    if test.sides == Sides.LEFT_RIGHT and side not in SIDES:
        raise CoachError(
            _("{id} is done for each side: add --side left or --side right").format(id=test.id)
        )
    if test.sides == Sides.NONE and side is not None:
        raise CoachError(_("{id} has no sides: leave out --side").format(id=test.id))
    if day > today:
        raise CoachError(_("the date {day} is in the future").format(day=day.isoformat()))


def _number(value: float) -> str:
    return f"{value:g}"
