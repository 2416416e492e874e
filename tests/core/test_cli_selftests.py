"""``cipn-coach selftests`` and ``cipn-coach selftest add``: the listing, a saved result,
and every bad input as exit 2 with one line, nothing written (run in-process with a fixed
clock, so "the future" does not depend on the real date)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from cipn_coach.cli.commands import main
from cipn_coach.storage.db import DATABASE_FILE, database_url_for, open_database
from cipn_coach.storage.selftests import SelfTestRepository

NOW = datetime(2026, 12, 6, 10, 0)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), now=lambda: NOW)
    out, err = capsys.readouterr()
    return code, out, err


def stored(folder) -> list:
    db = open_database(database_url_for(folder))
    try:
        return SelfTestRepository(db).all()
    finally:
        db.close()


def test_selftests_lists_every_test_with_its_bands_and_sources(capsys):
    code, out, _ = run(capsys, "selftests", "--json")
    assert code == 0
    tests = {t["id"]: t for t in json.loads(out)}
    chair = tests["chair_stand_30s"]["reference"]
    assert "Rikli" in chair["source"] and len(chair["bands"]) == 14
    assert {"sex": "female", "age_from": 70, "age_to": 74, "low": 10.0, "high": 15.0} in chair[
        "bands"
    ]
    assert tests["single_leg_stance"]["reference"] is None
    assert "trend only" in tests["single_leg_stance"]["trend_only"]
    code, text, _ = run(capsys, "selftests")
    assert code == 0 and "women   70–74  10–15 stands" in text and "Bohannon" in text
    assert "trend only" in text and "STEADI" in text


def test_selftest_add_saves_and_says_the_band(tmp_path, capsys):
    data = str(tmp_path / "data")
    run(capsys, "--data-dir", data, "profile", "--birth-year", "1954", "--sex", "female")
    code, out, err = run(
        capsys,
        "--data-dir",
        data,
        "selftest",
        "add",
        "chair_stand_30s",
        "11",
        "--date",
        "2026-12-01",
    )
    assert code == 0, err
    assert "Saved 30-second chair stand: 11 stands on 2026-12-01." in out
    assert "Typical for women 70–74: 10–15 stands." in out
    code, out, err = run(
        capsys,
        "selftest",
        "add",
        "single_leg_stance",
        "6.5",
        "--side",
        "right",
        "--stopped",
        "--data-dir",
        data,
    )
    assert code == 0, err
    assert "stopped for safety" in out
    results = stored(tmp_path / "data")
    assert [
        (r.test_id, r.day.isoformat(), r.value, r.side, r.stopped_for_safety, r.source)
        for r in results
    ] == [
        ("chair_stand_30s", "2026-12-01", 11, None, False, "paper"),
        ("single_leg_stance", "2026-12-06", 6.5, "right", True, "paper"),
    ]
    code, out, _ = run(capsys, "--data-dir", data, "summary", "--json")
    section = {t["id"]: t for t in json.loads(out)["self_tests"]}
    assert section["chair_stand_30s"]["band"]["low"] == 10
    assert section["single_leg_stance"]["results"][0]["stopped_for_safety"] is True


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["nope", "3"], "unknown self-test 'nope'"),
        (["chair_stand_30s", "41"], "must be 0–40 stands, not 41"),
        (["chair_stand_30s", "-2"], "must be 0–40 stands"),
        (["chair_stand_30s", "eleven"], "must be a number"),
        (["chair_stand_30s", "nan"], "must be a number"),
        (["chair_stand_30s", "11", "--date", "2026-12-07"], "2026-12-07 is in the future"),
        (["chair_stand_30s", "11", "--date", "7/12/2026"], "not a date"),
        (["single_leg_stance", "12"], "--side left or --side right"),
        (["single_leg_stance", "12", "--side", "middle"], "--side"),
        (["chair_stand_30s", "11", "--side", "left"], "leave out --side"),
        ([], "required"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, argv, fragment):
    data = tmp_path / "data"
    code, out, err = run(capsys, "--data-dir", str(data), "selftest", "add", *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err, err
    assert not (data / DATABASE_FILE).exists()
