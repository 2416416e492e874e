"""Issue 12 §2 and §6 on the command line, through real subprocesses.

``profile`` sets the patient's name, year of birth and sex (the report shows them); every
command takes the global options before or after its name; ``exercises`` lists the
physiotherapist's own exercises too; counts say "1 check-in", not "1 check-ins".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_profile_is_set_and_printed(tmp_path):
    data = str(tmp_path / "data")
    result = cli(
        "--data-dir",
        data,
        "profile",
        "--name",
        "Mary O'Brien",
        "--birth-year",
        "1956",
        "--sex",
        "female",
    )
    assert result.returncode == 0, result.stderr
    shown = cli("profile", "--data-dir", data)
    assert shown.returncode == 0, shown.stderr
    assert "Mary O'Brien" in shown.stdout and "1956" in shown.stdout and "female" in shown.stdout
    cli("--data-dir", data, "profile", "--name", "Mary Smith")  # the rest stays as it was
    again = cli("--data-dir", data, "profile").stdout
    assert "Mary Smith" in again and "1956" in again


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--birth-year", "1850"], "--birth-year"),
        (["--birth-year", "nineteen"], "--birth-year"),
        (["--name", "   "], "--name"),
        (["--sex", "other"], "--sex"),
    ],
)
def test_bad_profile_input_exits_2_with_one_line_and_writes_nothing(tmp_path, argv, fragment):
    data = tmp_path / "data"
    result = cli("--data-dir", str(data), "profile", *argv)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and fragment in result.stderr
    assert not data.exists() or "Name: not given" in cli("--data-dir", str(data), "profile").stdout


@pytest.mark.parametrize(
    "command",
    [
        ["exercises"],
        ["routines"],
        ["summary", "--json"],
        ["doctor"],
        ["profile"],
        ["export", "--csv", "OUT"],
    ],
)
def test_global_options_work_after_the_command(tmp_path, command):
    data = tmp_path / "data"
    cli("--data-dir", str(data), "profile", "--name", "A")
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    result = cli(*argv, "--data-dir", str(data))
    assert "unrecognized" not in result.stderr and result.returncode in (0, 1), result.stderr


def test_report_takes_the_data_dir_after_the_command(tmp_path):
    data = tmp_path / "data"
    cli("--data-dir", str(data), "profile", "--name", "A")
    result = cli("report", "--pdf", str(tmp_path / "r.pdf"), "--data-dir", str(data))
    assert "unrecognized" not in result.stderr


def test_exercises_lists_own_exercises(tmp_path):
    from datetime import UTC, datetime

    from cipn_coach.services import open_services
    from cipn_coach.storage.routines import RoutineRepository
    from tests.core import factories as f

    data = tmp_path / "data"
    services = open_services(data)
    try:
        own = f.exercise("towel_slide_own", reps=None, hold=30)
        RoutineRepository(services.db).save_exercise(own, datetime(2026, 11, 20, tzinfo=UTC), None)
    finally:
        services.close()
    listed = cli("exercises", "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    assert "towel_slide_own" in listed.stdout
    as_json = json.loads(cli("--data-dir", str(data), "exercises", "--json").stdout)
    assert "towel_slide_own" in {e["id"] for e in as_json}


def test_counts_use_singular_and_plural(tmp_path):
    data = tmp_path / "data"
    result = cli(
        "--data-dir",
        str(data),
        "checkin",
        "--date",
        "2026-11-20",
        "--hands",
        "2",
        "--feet",
        "2",
        "--pain",
        "1",
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "csv"
    exported = cli("--data-dir", str(data), "export", "--csv", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "1 check-in," in exported.stdout and "0 sessions" in exported.stdout
