"""Self-tests (issue 15): the shipped files, band lookup at every age edge, result rules,
the schedule, the summary section and the words.

The band tables are checked against the published numbers written out here by hand, so
a slip in a data file (or a "helpful" edit) is caught.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime, timedelta

import pytest

from cipn_coach import i18n
from cipn_coach.errors import CoachError, FileFormatError, UnknownIdError
from cipn_coach.routines.library import parse_toml_model
from cipn_coach.selftests.format import SelfTest
from cipn_coach.selftests.library import (
    SelfTestResult,
    band_for,
    check_result,
    find_test,
    load_selftests,
    selftests_dir,
    selftests_in,
    worse_than_band,
)
from cipn_coach.selftests.schedule import default_tests, due_tests, scheduled_days
from cipn_coach.selftests.summary import self_test_section
from cipn_coach.selftests.words import band_text, below_band_note, result_sentence
from cipn_coach.settings.patient import Profile

TESTS = load_selftests()
TODAY = date(2026, 12, 6)

# Rikli & Jones 1999, 25th–75th percentile, stands in 30 s: (from, to): (women, men)
RIKLI_JONES = {
    (60, 64): ((12, 17), (14, 19)),
    (65, 69): ((11, 16), (12, 18)),
    (70, 74): ((10, 15), (12, 17)),
    (75, 79): ((10, 15), (11, 17)),
    (80, 84): ((9, 14), (10, 15)),
    (85, 89): ((8, 13), (8, 14)),
    (90, 94): ((4, 11), (7, 12)),
}
# Bohannon 2006: five-times sit-to-stand reference times, and TUG upper 95% CI limits
BOHANNON_FTSTS = {(60, 69): 11.4, (70, 79): 12.6, (80, 89): 14.8}
BOHANNON_TUG = {(60, 69): 9.0, (70, 79): 10.2, (80, 99): 12.7}


def born_for(age: int, on: date = TODAY) -> int:
    return on.year - age


def test_every_shipped_test_loads_with_a_source_and_a_band_or_a_reason():
    assert set(TESTS) == {
        "four_stage_balance",
        "single_leg_stance",
        "chair_stand_30s",
        "five_times_sit_to_stand",
        "timed_up_and_go",
        "finger_tapping",
        "five_buttons",
    }
    for test in TESTS.values():
        assert test.source
        if test.reference is None:
            assert test.trend_only and "trend" in test.trend_only
        else:
            assert test.reference.source and test.reference.meaning
    trend_only = {t.id for t in TESTS.values() if t.reference is None}
    assert trend_only == {"single_leg_stance", "finger_tapping", "five_buttons"}
    assert TESTS["timed_up_and_go"].optional and TESTS["timed_up_and_go"].needs_helper


@pytest.mark.parametrize("ages, bands", RIKLI_JONES.items())
def test_chair_stand_band_at_both_age_edges_for_both_sexes(ages, bands):
    test = TESTS["chair_stand_30s"]
    for sex, (low, high) in zip(("female", "male"), bands, strict=False):
        for age in ages:
            band = band_for(test, born_for(age), sex, TODAY).band
            assert band is not None and (band.low, band.high) == (low, high), (sex, age)
            assert "Rikli" in band.source and band.sex == sex


@pytest.mark.parametrize(
    "test_id, table",
    [("five_times_sit_to_stand", BOHANNON_FTSTS), ("timed_up_and_go", BOHANNON_TUG)],
)
def test_bohannon_bands_at_both_age_edges_for_either_sex(test_id, table):
    test = TESTS[test_id]
    for ages, high in table.items():
        for age in ages:
            for sex in ("female", "male", None):  # Bohannon's values are not split by sex
                band = band_for(test, born_for(age), sex, TODAY).band
                assert band is not None and (band.low, band.high) == (None, high)
                assert "Bohannon" in band.source


@pytest.mark.parametrize(
    "test_id, youngest, oldest",
    [
        ("chair_stand_30s", 60, 94),
        ("five_times_sit_to_stand", 60, 89),
        ("timed_up_and_go", 60, 99),
        ("four_stage_balance", 65, 120),
    ],
)
def test_outside_the_published_ages_there_is_no_band_and_a_reason(test_id, youngest, oldest):
    test = TESTS[test_id]
    for age in (youngest - 1, oldest + 1):
        lookup = band_for(test, born_for(age), "female", TODAY)
        assert lookup.band is None and str(age) in (lookup.reason or "")
    assert band_for(test, born_for(youngest), "female", TODAY).band is not None
    assert band_for(test, born_for(oldest), "female", TODAY).band is not None


def test_every_band_row_is_found_at_its_edges_and_no_neighbour_leaks_in():
    for test in TESTS.values():
        if test.reference is None:
            continue
        for row in test.reference.rows:
            for sex in [row.sex] if row.sex else ["female", "male"]:
                for age in (row.age_from, row.age_to):
                    band = band_for(test, born_for(age), sex, TODAY).band
                    assert band is not None and (band.age_from, band.age_to) == (
                        row.age_from,
                        row.age_to,
                    )
                for age in (row.age_from - 1, row.age_to + 1):
                    band = band_for(test, born_for(age), sex, TODAY).band
                    assert band is None or (band.age_from, band.age_to) != (
                        row.age_from,
                        row.age_to,
                    )


def test_age_is_counted_in_the_year_of_the_test():
    test = TESTS["chair_stand_30s"]
    # born 1952: 69 all through 2021, 70 all through 2022 (only the year is known)
    assert band_for(test, 1952, "female", date(2021, 12, 31)).band.low == 11
    assert band_for(test, 1952, "female", date(2022, 1, 1)).band.low == 10


def test_steadi_tandem_rule_and_trend_only_tests():
    balance = TESTS["four_stage_balance"]
    band = band_for(balance, born_for(70), None, TODAY).band
    assert band is not None and (band.low, band.high) == (30, None) and "STEADI" in band.source
    assert worse_than_band(balance, band, 29.5) and not worse_than_band(balance, band, 30)
    for test_id in ("single_leg_stance", "finger_tapping", "five_buttons"):
        lookup = band_for(TESTS[test_id], born_for(70), "female", TODAY)
        assert lookup.band is None and "trend" in (lookup.reason or "")


def test_without_year_of_birth_or_sex_there_is_no_band_and_the_reason_says_what_to_add():
    chair = TESTS["chair_stand_30s"]
    assert "year of birth" in band_for(chair, None, "female", TODAY).reason
    assert "sex" in band_for(chair, born_for(70), None, TODAY).reason
    # Bohannon does not need the sex
    assert band_for(TESTS["timed_up_and_go"], born_for(70), None, TODAY).band is not None


def test_worse_side_of_a_band_depends_on_which_way_is_better():
    chair, ftsts = TESTS["chair_stand_30s"], TESTS["five_times_sit_to_stand"]
    chair_band = band_for(chair, born_for(72), "female", TODAY).band
    assert worse_than_band(chair, chair_band, 9) and not worse_than_band(chair, chair_band, 10)
    assert not worse_than_band(chair, chair_band, 25)  # above the band is never a concern
    ftsts_band = band_for(ftsts, born_for(72), None, TODAY).band
    assert worse_than_band(ftsts, ftsts_band, 12.7)
    assert not worse_than_band(ftsts, ftsts_band, 12.6) and not worse_than_band(
        ftsts, ftsts_band, 5
    )


@pytest.mark.parametrize(
    "test_id, value, side, day, fragment",
    [
        ("chair_stand_30s", 41, None, TODAY, "0–40 stands"),
        ("chair_stand_30s", -1, None, TODAY, "0–40 stands"),
        ("chair_stand_30s", float("nan"), None, TODAY, "0–40"),
        ("single_leg_stance", 31, "left", TODAY, "0–30 seconds"),
        ("single_leg_stance", 10, None, TODAY, "--side left or --side right"),
        ("chair_stand_30s", 10, "left", TODAY, "leave out --side"),
        ("chair_stand_30s", 10, None, TODAY + timedelta(days=1), "in the future"),
    ],
)
def test_impossible_results_are_refused_naming_the_problem(test_id, value, side, day, fragment):
    with pytest.raises(CoachError, match=fragment):
        check_result(TESTS[test_id], value, side, day, TODAY)


def test_good_results_pass_and_unknown_tests_are_named():
    check_result(TESTS["chair_stand_30s"], 0, None, TODAY, TODAY)  # no stand: valid
    check_result(TESTS["single_leg_stance"], 30, "right", TODAY - timedelta(days=400), TODAY)
    with pytest.raises(UnknownIdError, match="unknown self-test 'nope'.*chair_stand_30s"):
        find_test(TESTS, "nope")


def _validate(name: str, change) -> SelfTest:
    data = tomllib.loads((selftests_dir() / name).read_text(encoding="utf-8"))
    change(data)
    return SelfTest.model_validate(data)


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda d: d.pop("reference"), "exactly one of 'reference' or 'trend_only'"),
        (lambda d: d.update(trend_only="no band"), "exactly one of 'reference' or 'trend_only'"),
        (lambda d: d["reference"]["rows"][1].update(age_from=64), "overlap"),
        (lambda d: d["reference"]["rows"][0].update(high=99), "outside the value range"),
        (lambda d: d["reference"]["rows"][0].update(low=20, high=10), "low is above high"),
        (lambda d: d["reference"]["rows"][0].pop("sex"), "every row names a sex"),
        (lambda d: d["reference"]["rows"][0].update(sex="other"), "sex must be"),
        (lambda d: d["reference"].pop("family_below_note"), "family_below_note"),
        (lambda d: d["zh_HK"]["reference"].pop("family_below_note"), "family_below_note"),
    ],
)
def test_the_schema_refuses_a_band_that_cannot_be_right(change, fragment):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=fragment):
        _validate("chair_stand_30s.toml", change)


def test_every_shipped_test_has_a_complete_chinese_table_used_for_showing():
    chinese = selftests_in("zh_HK")
    for test_id, test in TESTS.items():
        assert test.zh_HK is not None, test_id
        words = chinese[test_id]
        assert words.title == test.zh_HK.title and words.zh_HK is None
        assert words.instructions == test.zh_HK.instructions
        assert (words.value_min, words.value_max, words.cap_seconds, words.trials) == (
            test.value_min,
            test.value_max,
            test.cap_seconds,
            test.trials,
        )
        if test.reference is not None:
            assert words.reference is not None
            assert words.reference.rows == test.reference.rows
            assert words.reference.meaning == test.zh_HK.reference.meaning
    assert [s.title for s in chinese["four_stage_balance"].stages][2] == "腳跟貼腳尖"
    assert selftests_in("en")["chair_stand_30s"].title == "30-second chair stand"


@pytest.mark.parametrize(
    "change, fragment",
    [
        (
            lambda d: d["zh_HK"]["instructions"].pop(),
            r"zh_HK.instructions: 4 item\(s\), the English has 5",
        ),
        (
            lambda d: d["zh_HK"]["safety"].__setitem__(0, "椅子靠着牆。有3個人。"),
            "zh_HK.safety.0: numbers 3",
        ),
        (
            lambda d: d["zh_HK"]["reference"].update(meaning="第20至第75百分位"),
            "zh_HK.reference.meaning",
        ),
        (lambda d: d["zh_HK"].pop("question"), "zh_HK.question: give it exactly"),
    ],
)
def test_a_chinese_table_with_other_counts_or_numbers_is_refused(change, fragment):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=fragment):
        _validate("chair_stand_30s.toml", change)


def test_a_broken_file_stops_loading_naming_the_file(tmp_path):
    (tmp_path / "bad.toml").write_text('id = "bad_test"\n', encoding="utf-8")
    with pytest.raises(FileFormatError, match="bad.toml"):
        load_selftests(tmp_path)
    assert (
        parse_toml_model(selftests_dir() / "chair_stand_30s.toml", SelfTest).id == "chair_stand_30s"
    )


# ---------------------------------------------------------------- schedule
START = date(2026, 11, 2)


def test_scheduled_days_are_day_1_then_weekly_then_the_last_day():
    assert scheduled_days(START, 28) == [START + timedelta(days=n) for n in (0, 7, 14, 21, 27)]
    assert scheduled_days(START, 22) == [START + timedelta(days=n) for n in (0, 7, 14, 21)]
    assert scheduled_days(START, 1) == [START]


def test_a_test_is_due_from_its_scheduled_day_until_done_or_the_next_one():
    ids = default_tests(TESTS)
    assert "timed_up_and_go" not in ids and "chair_stand_30s" in ids
    due = due_tests(ids, {}, START, 28, START)
    assert {d.test_id for d in due} == set(ids) and {d.kind for d in due} == {"baseline"}
    done = {"chair_stand_30s": [START]}
    assert "chair_stand_30s" not in {
        d.test_id for d in due_tests(ids, done, START, 28, START + timedelta(days=3))
    }
    week2 = due_tests(ids, done, START, 28, START + timedelta(days=8))
    assert "chair_stand_30s" in {d.test_id for d in week2}
    assert {d.kind for d in week2} == {"weekly"} and week2[0].scheduled == START + timedelta(days=7)
    final = due_tests(["chair_stand_30s"], done, START, 28, START + timedelta(days=27))
    assert [d.kind for d in final] == ["final"]
    assert due_tests(ids, {}, START, 28, START + timedelta(days=28)) == []  # programme over
    assert due_tests(ids, {}, START, 28, START - timedelta(days=1)) == []  # not begun


def test_a_test_stopped_for_safety_counts_as_done_for_the_schedule():
    # the schedule reads result days only; a stopped result is a result
    done = {"single_leg_stance": [START + timedelta(days=7)]}
    due = due_tests(["single_leg_stance"], done, START, 28, START + timedelta(days=9))
    assert due == []


# ---------------------------------------------------------------- summary and words
def result(
    test_id: str,
    day: date,
    value: float,
    side: str | None = None,
    stopped: bool = False,
    n: int = 0,
) -> SelfTestResult:
    return SelfTestResult(
        f"uid-{test_id}-{day}-{side}-{n}",
        test_id,
        day,
        value,
        side,
        stopped,
        "app",
        datetime(day.year, day.month, day.day, 10, n, tzinfo=UTC),
    )


def test_summary_section_compares_with_the_first_finished_result_of_the_same_side():
    profile = Profile(None, born_for(72), "female")
    results = [
        result("chair_stand_30s", START, 8),
        result("chair_stand_30s", START + timedelta(days=7), 6, stopped=True),
        result("chair_stand_30s", START + timedelta(days=14), 11),
        result("single_leg_stance", START, 4, "left"),
        result("single_leg_stance", START, 9, "right", n=1),
        result("single_leg_stance", START + timedelta(days=7), 7.5, "left"),
    ]
    section = {
        t["id"]: t
        for t in self_test_section(TESTS, results, profile, START, START + timedelta(days=20))
    }
    assert list(section) == sorted(TESTS)
    chair = section["chair_stand_30s"]
    assert chair["band"]["low"] == 10 and chair["band"]["high"] == 15
    assert "Rikli" in chair["band"]["source"] and chair["band_note"] is None
    assert [
        (r["value"], r["stopped_for_safety"], r["change_from_first"], r["worse_than_band"])
        for r in chair["results"]
    ] == [(8, False, None, True), (6, True, None, None), (11, False, 3, False)]
    stance = section["single_leg_stance"]
    assert stance["band"] is None and "trend" in stance["band_note"]
    assert [(r["side"], r["change_from_first"]) for r in stance["results"]] == [
        ("left", None),
        ("right", None),
        ("left", 3.5),
    ]
    assert section["five_buttons"]["results"] == []


def test_summary_lists_only_the_period_but_compares_with_a_first_result_before_it():
    results = [
        result("chair_stand_30s", START, 8),
        result("chair_stand_30s", START + timedelta(days=21), 12),
    ]
    section = self_test_section(
        TESTS, results, Profile(), START + timedelta(days=14), START + timedelta(days=27)
    )
    chair = next(t for t in section if t["id"] == "chair_stand_30s")
    assert [(r["value"], r["change_from_first"]) for r in chair["results"]] == [(12, 4)]
    assert chair["band"] is None and "year of birth" in chair["band_note"]


TO_THE_READER = re.compile(r"\b(you|your)\b", re.IGNORECASE)


def test_family_words_speak_about_the_patient_in_both_languages():
    """The family view's sentences: about the patient, still pointing to the team."""
    chair = TESTS["chair_stand_30s"]
    band = band_for(chair, born_for(72), "female", TODAY).band
    balance = TESTS["four_stage_balance"]
    steadi = band_for(balance, born_for(80), None, TODAY).band
    stance = TESTS["single_leg_stance"]
    below = result_sentence(chair, 7, 8, band, family=True)
    assert below.endswith("Please help them mention this to their physiotherapist.")
    tandem = result_sentence(balance, 25, None, steadi, family=True)
    assert "They could not hold heel to toe" in tandem and "their care team" in tandem
    stopped = result_sentence(chair, 4, 8, band, stopped_for_safety=True, family=True)
    assert "Stopping when they feel unsteady" in stopped
    fallback = chair.model_copy(update={"reference": None})
    reasons = [
        band_for(stance, born_for(72), "female", TODAY, family=True).reason,
        band_for(chair, None, "female", TODAY, family=True).reason,
        band_for(chair, born_for(72), None, TODAY, family=True).reason,
        band_for(chair, born_for(40), "female", TODAY, family=True).reason,
    ]
    family = [below, tandem, stopped, below_band_note(fallback, family=True), *reasons]
    assert [text for text in family if TO_THE_READER.search(str(text))] == []
    assert below_band_note(fallback) == "Mention this to your physiotherapist."  # the patient's

    i18n.set_language(i18n.CHINESE_HK)
    chinese = selftests_in("zh_HK")
    chair, balance = chinese["chair_stand_30s"], chinese["four_stage_balance"]
    family = [
        result_sentence(chair, 7, 8, band, family=True),
        result_sentence(balance, 25, None, steadi, family=True),
        result_sentence(chair, 4, 8, band, stopped_for_safety=True, family=True),
        band_for(chinese["single_leg_stance"], born_for(72), "female", TODAY, True).reason,
        band_for(chair, None, "female", TODAY, family=True).reason,
    ]
    assert [text for text in family if "你" in str(text)] == []
    assert "請幫助他們告訴物理治療師" in family[0] and "醫護團隊" in family[1]
    assert "請告訴你的物理治療師" in result_sentence(chair, 7, 8, band)  # the patient's


def test_words_are_plain_and_point_to_the_physiotherapist_never_a_diagnosis():
    chair = TESTS["chair_stand_30s"]
    band = band_for(chair, born_for(72), "female", TODAY).band
    assert band_text(chair, band) == "Typical for women 70–74: 10–15 stands."
    assert (
        result_sentence(chair, 11, 8, band)
        == "30-second chair stand: 11 stands (first test: 8). Typical for women 70–74: 10–15 stands."
    )
    below = result_sentence(chair, 7, 8, band)
    assert "Mention this to your physiotherapist." in below
    balance = TESTS["four_stage_balance"]
    steadi = band_for(balance, born_for(80), None, TODAY).band
    assert band_text(balance, steadi) == "Reference for ages 65 and over: 30 seconds or more."
    assert "care team" in result_sentence(balance, 25, None, steadi)
    stopped = result_sentence(chair, 4, 8, band, stopped_for_safety=True)
    assert "stopped for safety" in stopped and "Mention" not in stopped
    ftsts = TESTS["five_times_sit_to_stand"]
    assert (
        band_text(ftsts, band_for(ftsts, born_for(65), None, TODAY).band)
        == "Average for ages 60–69: 11.4 seconds or less."
    )


def test_report_rows_give_first_and_latest_per_side_with_band_and_source():
    from cipn_coach.selftests.summary import report_rows

    profile = Profile(None, born_for(72), "female")
    results = [
        result("chair_stand_30s", START, 8),
        result("chair_stand_30s", START + timedelta(days=7), 5, stopped=True),
        result("chair_stand_30s", START + timedelta(days=14), 11),
        result("single_leg_stance", START, 4, "left"),
        result("single_leg_stance", START + timedelta(days=7), 7.5, "left"),
        result("single_leg_stance", START, 9, "right", n=1),
    ]
    section = self_test_section(TESTS, results, profile, START, START + timedelta(days=20))
    rows = {(r.title, r.side): r for r in report_rows(section)}
    assert len(rows) == 3  # tests without results have no row
    chair = rows["30-second chair stand", None]
    assert (chair.first, chair.latest, chair.change, chair.stopped_for_safety) == (
        ("2026-11-02", 8),
        ("2026-11-16", 11),
        3,
        1,
    )
    assert chair.band == "10–15" and "Rikli" in chair.source
    left = rows["Standing on one leg", "left"]
    assert (left.first[1], left.latest[1], left.change, left.band) == (4, 7.5, 3.5, "trend only")
    assert "trend" in left.source
    right = rows["Standing on one leg", "right"]
    assert right.latest is None and right.change is None
