"""The command-line contract: output shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ui.app import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exercises_json_lists_the_library(capsys):
    code, out, err = run(capsys, "exercises", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert len(data) >= 14
    assert {"id", "title", "body_area", "source", "dosage", "cues"} <= set(data[0])


def test_routines_json_has_durations(capsys):
    code, out, _ = run(capsys, "routines", "--json")
    routines = {r["id"]: r for r in json.loads(out)}
    assert {"morning", "evening", "balance_builder"} <= set(routines)
    assert 600 <= routines["morning"]["total_seconds"] <= 900


def test_preview_json_is_the_cue_script(capsys):
    code, out, _ = run(capsys, "preview", "morning", "--json")
    data = json.loads(out)
    assert code == 0 and data["routine"] == "morning"
    ats = [c["at"] for c in data["cues"]]
    assert ats == sorted(ats) and ats[0] == 0
    assert data["total_seconds"] >= ats[-1]
    assert {"at", "kind", "text"} == set(data["cues"][0])


def test_preview_week_changes_the_balance_level(capsys):
    _, week1, _ = run(capsys, "preview", "balance_builder", "--json", "--week", "1")
    _, week4, _ = run(capsys, "preview", "balance_builder", "--json", "--week", "4")
    assert json.loads(week1)["cues"] != json.loads(week4)["cues"]


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["preview", "nope"], "unknown routine 'nope'"),
        (["preview", "morning", "--week", "0"], "--week must be 1–8"),
        (["preview", "morning", "--week", "x"], "invalid int value"),
        (["frobnicate"], "invalid choice"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("cipn-coach ")


def test_no_display_exits_2_with_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "no display" in result.stderr
    assert not any(tmp_path.iterdir()), "nothing may be written"
