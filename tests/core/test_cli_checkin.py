"""CLI: checkin, summary and demo. Exit codes, one-line errors, nothing written on bad input."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta

import pytest

from cipn_coach.cli.commands import main
from cipn_coach.storage.db import DATABASE_FILE

NOW = datetime(2026, 3, 18, 13, 30)  # the CLI's clock in these tests, never the real one
TODAY = NOW.date()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()


def run(capsys, *argv):
    code = main([str(a) for a in argv], now=lambda: NOW)
    out, err = capsys.readouterr()
    return code, out, err


def counts(folder) -> tuple[int, int]:
    path = folder / DATABASE_FILE
    if not path.exists():
        return (0, 0)
    raw = sqlite3.connect(path)
    try:
        return (
            raw.execute("SELECT COUNT(*) FROM checkins").fetchone()[0],
            raw.execute("SELECT COUNT(*) FROM checkin_versions").fetchone()[0],
        )
    finally:
        raw.close()


def checkin(capsys, folder, *extra, day=YESTERDAY):
    return run(
        capsys,
        "--data-dir",
        folder,
        "checkin",
        "--date",
        day,
        "--hands",
        5,
        "--feet",
        6,
        "--pain",
        2,
        *extra,
    )


def test_checkin_saves_and_a_second_run_updates_keeping_history(capsys, tmp_path):
    code, out, err = checkin(
        capsys,
        tmp_path,
        "--night",
        4,
        "--held-wall",
        "--pain-kind",
        "burning",
        "tight",
        "--note",
        "slippery buttons",
    )
    assert (code, err) == (0, "") and YESTERDAY in out
    assert counts(tmp_path) == (1, 0)
    code, out, _ = checkin(capsys, tmp_path, "--falls", 1)
    assert code == 0 and "version 2" in out
    assert counts(tmp_path) == (1, 1)
    raw = sqlite3.connect(tmp_path / DATABASE_FILE)
    row = raw.execute("SELECT falls, held_wall, pain_kinds, version FROM checkins").fetchone()
    assert row == (1, 0, "", 2)
    old = raw.execute("SELECT falls, held_wall, pain_kinds, note FROM checkin_versions").fetchone()
    assert old == (0, 1, "burning,tight", "slippery buttons")
    raw.close()


def test_data_dir_may_follow_the_command(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "checkin",
        "--data-dir",
        tmp_path,
        "--date",
        YESTERDAY,
        "--hands",
        1,
        "--feet",
        1,
        "--pain",
        1,
    )
    assert code == 0, err
    assert counts(tmp_path) == (1, 0)


@pytest.mark.parametrize(
    "extra, fragment",
    [
        (["--hands", "11"], "--hands: must be a whole number 0–10"),
        (["--feet", "-1"], "--feet: must be a whole number 0–10"),
        (["--pain", "x"], "--pain: must be a whole number 0–10"),
        (["--night", "10.5"], "--night: must be a whole number 0–10"),
        (["--falls", "51"], "--falls: must be a whole number 0–50"),
        (["--near-falls", "-2"], "--near-falls: must be a whole number 0–50"),
        (["--date", "2026-13-01"], "is not a date"),
        (["--date", (TODAY + timedelta(days=1)).isoformat()], "in the future"),
        (["--pain-kind", "itchy"], "invalid choice"),
        (["--note", "x" * 1001], "note must be at most 1000 characters"),
    ],
)
def test_bad_checkin_exits_2_one_line_nothing_written(capsys, tmp_path, extra, fragment):
    assert checkin(capsys, tmp_path)[0] == 0
    code, out, err = checkin(capsys, tmp_path, *extra)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err, err
    assert counts(tmp_path) == (1, 0)


def test_missing_required_answer_writes_nothing(capsys, tmp_path):
    code, _, err = run(
        capsys, "--data-dir", tmp_path, "checkin", "--date", YESTERDAY, "--hands", 3, "--feet", 3
    )
    assert code == 2 and "--pain" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / DATABASE_FILE).exists()


def test_summary_json_shape(capsys, tmp_path):
    for back in range(6):
        day = (TODAY - timedelta(days=back)).isoformat()
        checkin(capsys, tmp_path, "--near-falls", 1 if back in (1, 3) else 0, day=day)
    code, out, err = run(capsys, "--data-dir", tmp_path, "summary", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert {
        "period",
        "program",
        "thresholds",
        "days",
        "rolling_7day",
        "weeks",
        "first_vs_last_week",
        "trend_per_week",
        "flags",
        "adherence",
    } <= set(data)
    assert data["period"]["days"] == 28 and data["period"]["to"] == TODAY.isoformat()
    assert len(data["days"]) == 28 and data["days"][0]["hands"] is None  # a gap, not 0
    assert data["days"][-1]["hands"] == 5
    assert all(len(v) == 28 for v in data["rolling_7day"].values())
    assert data["rolling_7day"]["feet"][-1] == 6.0
    (flag,) = data["flags"]
    assert {
        "level",
        "rule",
        "measure",
        "since",
        "until",
        "explanation",
        "what_to_do",
        "source",
        "clinical",
        "first_seen",
        "last_seen",
        "days",
        "current",
    } == set(flag)
    # (issue 12 §3 added the last five: both wordings, the dates and whether it is current)
    assert (flag["level"], flag["rule"]) == ("contact_care_team_now", "repeated_near_falls")
    assert {
        "planned",
        "done",
        "partial",
        "percent",
        "minutes_planned",
        "minutes_done",
        "streak_days",
        "skips_by_exercise",
        "by_day",
    } <= set(data["adherence"])


def test_summary_period_and_bad_range(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "--data-dir",
        tmp_path,
        "summary",
        "--json",
        "--from",
        "2026-12-25",
        "--to",
        "2027-01-07",
    )
    assert code == 0 and json.loads(out)["period"]["days"] == 14
    code, out, err = run(
        capsys, "--data-dir", tmp_path, "summary", "--from", "2026-02-02", "--to", "2026-02-01"
    )
    assert code == 2 and out == "" and "after --to" in err
    code, _, err = run(capsys, "--data-dir", tmp_path, "summary", "--from", "0001-01-01")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_demo_refuses_without_a_data_dir_and_into_a_folder_with_data(capsys, tmp_path):
    code, _, err = run(capsys, "demo", "--days", 5)
    assert code == 2 and "--data-dir" in err and len(err.strip().splitlines()) == 1
    checkin(capsys, tmp_path)
    code, _, err = run(capsys, "demo", "--days", 5, "--data-dir", tmp_path)
    assert code == 2 and "already has" in err
    assert counts(tmp_path) == (1, 0)


def test_demo_fills_an_empty_folder_that_summary_reads(capsys, tmp_path):
    code, out, err = run(capsys, "demo", "--days", 28, "--data-dir", tmp_path)
    assert code == 0, err
    assert counts(tmp_path)[0] == 26  # the same days every run: each day has its own seed
    code, out, _ = run(capsys, "--data-dir", tmp_path, "summary", "--json")
    data = json.loads(out)
    adherence = data["adherence"]
    assert 0 < adherence["done"] < adherence["planned"] and adherence["partial"] > 0
    assert data["first_vs_last_week"]["change"]["hands"] < 0  # gently easing
    assert any(f["rule"] == "repeated_near_falls" for f in data["flags"])


def _demo_record(folder, now: datetime) -> tuple[list[tuple], list[tuple]]:
    from cipn_coach.cli.demo import fill_demo
    from cipn_coach.services import open_services

    services = open_services(folder)
    try:
        fill_demo(services, 28, now)
        checkins = [
            (c.day, c.hands, c.feet, c.pain, c.night, c.pain_kinds, c.near_falls, c.note)
            for c in services.checkins.between(date.min, date.max)
        ]
        sessions = [
            (s.local_date, s.slot, s.status, s.effort, s.symptoms_change)
            for s in services.sessions.between(date.min, date.max, with_steps=False)
        ]
    finally:
        services.close()
    return checkins, sessions


def test_the_demo_gives_each_day_the_same_values_whenever_it_runs(tmp_path):
    morning = _demo_record(tmp_path / "morning", NOW.replace(hour=6, minute=0))
    night = _demo_record(tmp_path / "night", NOW.replace(hour=23, minute=30))
    assert morning[0] == night[0]  # every check-in, today's included
    past = [s for s in night[1] if s[0] < TODAY]
    assert [s for s in morning[1] if s[0] < TODAY] == past and past
    assert [s for s in night[1] if s[0] == TODAY] != []  # later today's sessions exist too
    # another weekday plans other sessions; the check-ins, day by day, stay the same
    later = _demo_record(tmp_path / "later", NOW + timedelta(days=3))
    assert [c[1:] for c in later[0]] == [c[1:] for c in morning[0]]
