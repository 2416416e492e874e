"""`routines` and `preview` show what was saved in the app (clinician mode, imports),
and never create a data folder or database just to list routines."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cipn_coach.services import open_services
from cipn_coach.storage.routines import RoutineRepository
from tests.core import factories as f
from ui.app import main

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def saved_routine(data_dir):
    """A clinician's routine using an own exercise and a built-in one."""
    services = open_services(data_dir)
    try:
        repo = RoutineRepository(services.db)
        own = f.exercise("towel_slide", reps=4, seconds_per_rep=3)
        repo.save_exercise(own, NOW)
        repo.save(
            f.routine(
                "clinic_feet",
                [{"exercise": "towel_slide"}, {"exercise": "ankle_pumps"}],
                title="Clinic feet",
            ),
            NOW,
        )
    finally:
        services.close()


def test_a_routine_saved_in_the_database_is_listed_and_previewed(capsys, tmp_path):
    data = tmp_path / "data"
    saved_routine(data)
    code, out, err = run(capsys, "--data-dir", str(data), "routines", "--json")
    assert code == 0, err
    routines = {r["id"]: r for r in json.loads(out)}
    assert {"clinic_feet", "morning", "evening"} <= set(routines)
    assert routines["clinic_feet"]["title"] == "Clinic feet"
    assert routines["clinic_feet"]["steps"][0] == "Towel Slide"
    # the option after the command works too, and so does preview
    code, out, err = run(capsys, "preview", "clinic_feet", "--json", "--data-dir", str(data))
    assert code == 0, err
    preview = json.loads(out)
    assert preview["routine"] == "clinic_feet" and preview["total_seconds"] > 0
    assert any("Start towel_slide." in cue["text"] for cue in preview["cues"])
    code, out, _ = run(capsys, "--data-dir", str(data), "preview", "clinic_feet")
    assert code == 0 and out.startswith("Clinic feet (week 1)")


def test_routines_on_a_fresh_data_dir_creates_nothing(capsys, tmp_path):
    fresh = tmp_path / "fresh"
    code, out, err = run(capsys, "--data-dir", str(fresh), "routines", "--json")
    assert code == 0, err
    assert {"morning", "evening", "balance_builder"} <= {r["id"] for r in json.loads(out)}
    code, _, err = run(capsys, "--data-dir", str(fresh), "preview", "morning")
    assert code == 0, err
    code, _, err = run(capsys, "--data-dir", str(fresh), "preview", "clinic_feet")
    assert code == 2 and "unknown routine 'clinic_feet'" in err
    assert not fresh.exists()
    missing = tmp_path / "nope.sqlite3"
    code, _, err = run(capsys, "--database-url", f"sqlite:///{missing}", "routines")
    assert code == 0, err
    assert not missing.exists()
