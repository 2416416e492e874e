"""The treatment record: cycle arithmetic at month and year edges, and its CLI."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

import pytest

from cipn_coach.cli.commands import main
from cipn_coach.storage.db import DATABASE_FILE
from cipn_coach.treatment.record import (
    Agent,
    Cycle,
    Treatment,
    TreatmentError,
    check_new_cycle,
    parse_agent,
)

NOW = datetime(2027, 1, 2, 10, 0)  # the CLI's clock: just after a year edge


def d(text: str) -> date:
    return date.fromisoformat(text)


# ---------------------------------------------------------------- arithmetic
# Three-weekly cycles crossing a month end (Jan 31 → Feb 21, leap-free 2027) and a
# year end (Dec 20 → Jan 10), with the last one planned.
YEAR_EDGE = Treatment(
    (Agent.OXALIPLATIN,),
    None,
    (Cycle(d("2026-11-29")), Cycle(d("2026-12-20")), Cycle(d("2027-01-10"), planned=True)),
)
LEAP = Treatment(
    (Agent.PACLITAXEL,),
    None,
    (Cycle(d("2028-02-08")), Cycle(d("2028-02-29")), Cycle(d("2028-03-21"), planned=True)),
)


def test_periods_run_to_the_day_before_the_next_cycle_across_the_year_end():
    periods = YEAR_EDGE.periods(d("2027-01-20"))
    assert [(p.number, p.first, p.last) for p in periods] == [
        (1, d("2026-11-29"), d("2026-12-19")),
        (2, d("2026-12-20"), d("2027-01-09")),
        (3, d("2027-01-10"), d("2027-01-20")),
    ]
    assert YEAR_EDGE.period_of(d("2026-12-31")).number == 2
    assert YEAR_EDGE.period_of(d("2027-01-01")).number == 2
    assert YEAR_EDGE.period_of(d("2026-11-28")) is None


def test_next_cycle_and_reminder_across_the_year_end():
    assert YEAR_EDGE.next_cycle(d("2026-12-31")) == Cycle(d("2027-01-10"), True)
    assert YEAR_EDGE.days_until_next(d("2026-12-31")) == 10
    assert YEAR_EDGE.reminder_due(d("2027-01-07")) is None
    assert YEAR_EDGE.reminder_due(d("2027-01-08")) == Cycle(d("2027-01-10"), True)
    assert YEAR_EDGE.reminder_due(d("2027-01-10")) is None  # the day itself: not "next"
    # the December cycle is two days after a reminder on 18 December
    assert YEAR_EDGE.reminder_due(d("2026-12-18")) == Cycle(d("2026-12-20"))


def test_leap_day_cycles_and_month_end():
    assert LEAP.periods(d("2028-03-01"))[0].last == d("2028-02-28")
    assert LEAP.period_of(d("2028-02-29")).number == 2
    assert LEAP.period_of(d("2028-03-20")).number == 2
    assert LEAP.reminder_due(d("2028-03-19")) == Cycle(d("2028-03-21"), True)
    assert LEAP.near_cycle(d("2028-02-27")) and LEAP.near_cycle(d("2028-03-06"))
    assert not LEAP.near_cycle(d("2028-03-07")) and not LEAP.near_cycle(d("2028-02-26"))


def test_oxaliplatin_cold_days_follow_each_infusion_across_the_year_end():
    assert YEAR_EDGE.cold_days(d("2026-12-20")) and YEAR_EDGE.cold_days(d("2026-12-24"))
    assert not YEAR_EDGE.cold_days(d("2026-12-25")) and not YEAR_EDGE.cold_days(d("2026-12-19"))
    assert not LEAP.cold_days(d("2028-02-29"))  # paclitaxel: not the cold-triggered kind


def test_finished_treatment_has_no_next_cycle_and_no_reminder():
    done = Treatment(YEAR_EDGE.agents, d("2026-12-31"), YEAR_EDGE.cycles)
    assert done.in_treatment(d("2026-12-30")) and not done.in_treatment(d("2026-12-31"))
    assert done.next_cycle(d("2027-01-08")) is None and done.reminder_due(d("2027-01-08")) is None
    assert not Treatment().in_treatment(d("2027-01-01")) and Treatment().is_empty


def test_entries_are_checked():
    assert parse_agent(" Nab Paclitaxel") is Agent.NAB_PACLITAXEL
    with pytest.raises(TreatmentError, match="unknown medicine 'aspirin'"):
        parse_agent("aspirin")
    with pytest.raises(TreatmentError, match="add --planned"):
        check_new_cycle(d("2027-01-03"), False, d("2027-01-02"))
    with pytest.raises(TreatmentError, match="not a plausible date"):
        check_new_cycle(d("0226-01-03"), False, d("2027-01-02"))
    assert check_new_cycle(d("2027-01-03"), True, d("2027-01-02")) == Cycle(d("2027-01-03"), True)
    # the same day again replaces its entry: a planned cycle becomes given
    given = YEAR_EDGE.with_cycle(Cycle(d("2027-01-10")))
    assert given.cycles[-1] == Cycle(d("2027-01-10")) and len(given.cycles) == 3


# ---------------------------------------------------------------- CLI
def run(capsys, *argv):
    code = main([str(a) for a in argv], now=lambda: NOW)
    out, err = capsys.readouterr()
    return code, out, err


def rows(folder, table: str) -> list[tuple[object, ...]]:
    path = folder / DATABASE_FILE
    if not path.exists():
        return []
    raw = sqlite3.connect(path)
    try:
        return raw.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        raw.close()


def test_cli_records_treatment_and_cycles(capsys, tmp_path):
    code, out, err = run(
        capsys, "--data-dir", tmp_path, "treatment", "--agent", "oxaliplatin", "Carboplatin"
    )
    assert (code, err) == (0, "") and "Oxaliplatin, Carboplatin" in out
    assert run(capsys, "cycle", "add", "2026-12-20", "--data-dir", tmp_path)[0] == 0
    code, out, _ = run(capsys, "--data-dir", tmp_path, "cycle", "add", "2027-01-10", "--planned")
    assert code == 0 and "10 January 2027 (planned)" in out
    code, out, _ = run(capsys, "--data-dir", tmp_path, "cycles", "--json")
    data = json.loads(out)
    assert data == {
        "agents": ["oxaliplatin", "carboplatin"],
        "finished_on": None,
        "in_treatment": True,
        "next_cycle": "2027-01-10",
        "cycles": [
            {"number": 1, "day": "2026-12-20", "planned": False},
            {"number": 2, "day": "2027-01-10", "planned": True},
        ],
    }
    code, out, _ = run(capsys, "--data-dir", tmp_path, "cycles")
    assert "Cycle 1: 20 December 2026 (given)" in out and "Next cycle: 10 January 2027." in out
    code, out, _ = run(capsys, "--data-dir", tmp_path, "treatment", "--finished", "2027-01-01")
    assert code == 0 and "finished on 1 January 2027" in out
    assert (
        json.loads(run(capsys, "--data-dir", tmp_path, "cycles", "--json")[1])["next_cycle"] is None
    )
    assert run(capsys, "--data-dir", tmp_path, "treatment", "--ongoing")[0] == 0
    assert rows(tmp_path, "treatment")[0][1:3] == ("oxaliplatin,carboplatin", None)
    code, out, _ = run(capsys, "--data-dir", tmp_path, "cycle", "remove", "2026-12-20")
    assert code == 0 and len(rows(tmp_path, "treatment_cycles")) == 1


@pytest.mark.parametrize(
    "argv, words",
    [
        (("treatment", "--agent", "aspirin"), "unknown medicine 'aspirin'"),
        (("treatment", "--finished", "2027-02-01"), "--finished 2027-02-01 is after today"),
        (("treatment", "--finished", "1.1.2027"), "'1.1.2027' is not a date"),
        (("treatment", "--finished", "2027-01-01", "--ongoing"), "not allowed with argument"),
        (("cycle", "add", "2027-01-03"), "add --planned for a cycle still to come"),
        (("cycle", "add", "2027-02-30", "--planned"), "'2027-02-30' is not a date"),
        (("cycle", "add"), "required: day"),
        (("cycle", "remove", "2026-12-20"), "there is no cycle on 2026-12-20"),
        (("cycle",), "required: cycle_action"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2_and_writes_nothing(capsys, tmp_path, argv, words):
    code, out, err = run(capsys, "--data-dir", tmp_path, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err, err
    assert rows(tmp_path, "treatment") == [] and rows(tmp_path, "treatment_cycles") == []


def test_cli_checkin_takes_the_two_weekly_answers(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "--data-dir",
        tmp_path,
        "checkin",
        "--date",
        "2027-01-01",
        "--hands",
        2,
        "--feet",
        2,
        "--pain",
        1,
        "--daily-tasks",
        "yes",
        "--self-care",
        "no",
    )
    assert (code, err) == (0, "")
    raw = sqlite3.connect(tmp_path / DATABASE_FILE)
    assert raw.execute("SELECT daily_tasks_harder, self_care_harder FROM checkins").fetchone() == (
        1,
        0,
    )
    raw.close()
    code, _, err = run(
        capsys,
        "--data-dir",
        tmp_path,
        "checkin",
        "--date",
        "2027-01-01",
        "--hands",
        2,
        "--feet",
        2,
        "--pain",
        1,
        "--self-care",
        "maybe",
    )
    assert code == 2 and "answer yes or no, not 'maybe'" in err
