"""``cipn-coach clinic``: import, panel, patient and routine through the command line,
and its one-line refusals (exit 2, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cipn_coach.cli.commands import main
from cipn_coach.routines.routine_file import read_file
from tests.core.clinic_data import NOW, Exports, exports, fay_in_treatment  # noqa: F401
from tests.core.pg_server import postgres_server, postgres_url  # noqa: F401


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_panel_patient_and_routine(capsys, exports: Exports, tmp_path: Path) -> None:
    clinic = ("clinic", "--clinic-dir", tmp_path / "clinic")
    code, out, err = run(
        capsys, *clinic, "import", exports.files["bo.json"], exports.files["ann.v2.json"]
    )
    assert (code, err) == (0, "")
    assert "Bo Lam (#1, new patient)" in out and "Ann Ho (#2, new patient)" in out

    code, out, err = run(capsys, *clinic, "panel", "--json")
    assert (code, err) == (0, "")
    assert {row["name"] for row in json.loads(out)} == {"Bo Lam", "Ann Ho"}
    code, out, _ = run(capsys, *clinic, "panel")
    assert code == 0 and "Bo Lam" in out and "Attention" in out.splitlines()[0]

    code, out, err = run(capsys, *clinic, "patient", 2, "--json")
    assert (code, err) == (0, "")
    shown = json.loads(out)
    assert shown["patient"]["name"] == "Ann Ho" and shown["summary"]["summary_version"] == 1

    target = tmp_path / "ann.cipnroutine"
    code, out, err = run(capsys, *clinic, "routine", 2, "--out", target, "--routine", "morning")
    assert (code, err) == (0, "") and target.is_file()
    routine, problems = read_file(target)
    assert routine is not None and routine.routine.id == "morning" and not problems


def test_a_patient_shows_their_medicines_cycles_and_self_tests(capsys, tmp_path: Path) -> None:
    """What the nurse reads of a patient in treatment: the medicines, every cycle day and
    every self-test result their app recorded, in words and in ``--json``."""
    fay, files = fay_in_treatment(tmp_path)
    fay.close()
    clinic = ("clinic", "--clinic-dir", tmp_path / "clinic")
    code, out, err = run(capsys, *clinic, "import", files["v2"])
    assert (code, err) == (0, "")
    assert "4 cycle days added" in out and "4 self-test results added" in out

    code, out, err = main_at_now(capsys, *clinic, "patient", 1)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "Medicines: Oxaliplatin, Paclitaxel" in lines
    assert "  cycle 3 from 2026-03-29: hands –  feet –  pain –  night –" in lines
    assert "  cycle 4 on 2026-04-12: planned" in lines
    assert "Self-test results:" in lines
    results = lines[lines.index("Self-test results:") + 1 :]
    assert results == [
        "  30-second chair stand: 9 stands on 9 March 2026",
        "  Standing on one leg, left leg: 12.5 seconds on 23 March 2026",
        "  Standing on one leg, right leg: 4 seconds on 23 March 2026, stopped for safety",
        "  30-second chair stand: 11 stands on 29 March 2026",
    ]

    code, out, err = main_at_now(capsys, *clinic, "patient", 1, "--json")
    summary = json.loads(out)["summary"]
    assert summary["treatment"]["agents"] == ["oxaliplatin", "paclitaxel"]
    assert [c["day"] for c in summary["treatment"]["cycles"]][-1] == "2026-04-12"
    chair = next(t for t in summary["self_tests"] if t["id"] == "chair_stand_30s")
    assert [r["value"] for r in chair["results"]] == [9, 11]


def main_at_now(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv], now=lambda: NOW)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["import", "{missing}"], "there is no such file"),
        (["patient", "7"], "there is no patient #7"),
        (["routine", "7", "--out", "{tmp}/r.cipnroutine"], "there is no patient #7"),
        (["--database-url", "mysql://x/y", "panel"], "must be SQLite or PostgreSQL"),
        (["panel", "--colour"], "unrecognized arguments"),
        ([], "required: {import,panel,patient,routine}"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys, tmp_path: Path, argv: list[str], words: str
) -> None:
    argv = [a.format(missing=tmp_path / "nowhere.json", tmp=tmp_path) for a in argv]
    folder = ["--clinic-dir", str(tmp_path / "clinic")] if "--database-url" not in argv else []
    code, out, err = run(capsys, "clinic", *folder, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err, err


def test_a_routine_needs_a_choice_when_the_patient_follows_several(
    capsys, exports: Exports, tmp_path: Path
) -> None:
    clinic = ("clinic", "--clinic-dir", tmp_path / "clinic")
    assert run(capsys, *clinic, "import", exports.files["bo.json"])[0] == 0
    code, _, err = run(capsys, *clinic, "routine", 1, "--out", tmp_path / "r.cipnroutine")
    assert code == 2 and "add --routine with one of morning" in err
    assert not (tmp_path / "r.cipnroutine").exists()


def test_the_clinic_on_postgresql(capsys, exports: Exports, postgres_url: str) -> None:  # noqa: F811
    clinic = ("clinic", "--database-url", postgres_url)
    code, out, err = run(capsys, *clinic, "import", exports.files["bo.json"])
    assert (code, err) == (0, "") and "Bo Lam" in out
    code, out, err = run(capsys, *clinic, "panel", "--json")
    assert (code, err) == (0, "") and json.loads(out)[0]["name"] == "Bo Lam"


def test_the_readmes_clinic_role_owns_only_its_database(
    capsys, exports: Exports, postgres_server: str
) -> None:  # noqa: F811
    """The SQL of README "For clinics", run as written: the role can run the clinic,
    another role cannot even connect, and the role has no powers beyond its database."""
    import re

    import psycopg

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## For clinics", 1)[1].split("\n## ", 1)[0]
    statements = re.findall(r'-c "([^"]+)"', section)
    assert any(s.startswith("CREATE ROLE cipn_clinic") for s in statements)
    host = postgres_server.split("host=", 1)[1]
    with psycopg.connect(host=host, user="clinic", dbname="postgres", autocommit=True) as conn:
        for statement in [*statements, "CREATE ROLE someone_else LOGIN"]:
            conn.execute(statement)
        powers = conn.execute(
            "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
            "WHERE rolname = 'cipn_clinic'"
        ).fetchone()
    try:
        assert powers == (False, False, False)
        url = f"postgresql+psycopg://cipn_clinic@/cipn_clinic?host={host}"
        code, out, err = run(
            capsys, "clinic", "--database-url", url, "import", exports.files["bo.json"]
        )
        assert (code, err) == (0, "") and "Bo Lam" in out
        code, _, err = run(
            capsys,
            "clinic",
            "--database-url",
            url.replace("cipn_clinic@", "someone_else@"),
            "panel",
        )
        assert code == 2 and 'permission denied for database "cipn_clinic"' in err
    finally:
        with psycopg.connect(host=host, user="clinic", dbname="postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE cipn_clinic WITH (FORCE)")
            conn.execute("DROP ROLE cipn_clinic")
            conn.execute("DROP ROLE someone_else")
