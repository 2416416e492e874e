"""Routine files: round trip, every problem listed, nothing written on rejection, CLI."""

from __future__ import annotations

import base64
import json
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cipn_coach.cli.commands import main
from cipn_coach.plain_text import without_controls
from cipn_coach.routines import routine_file as rf
from cipn_coach.routines.library import load_library
from cipn_coach.routines.routine_format import Routine
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.routines import PictureData, RoutineRepository
from tests.core import factories as f

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LIBRARY = load_library()
ROOT = Path(__file__).resolve().parents[2]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg+M8AAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>'
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def repo():
    database = dbmod.open_database("sqlite://")
    yield RoutineRepository(database)
    database.close()


def counts(repo: RoutineRepository) -> tuple[int, int]:
    return repo.count(), repo.count_exercises()


def exported(repo, tmp_path: Path, routine: Routine | None = None) -> dict:
    routine = routine or LIBRARY.routine("balance_builder")
    path = tmp_path / "r.cipnroutine"
    rf.export(routine, path, repo, NOW, author="A. Physio", clinic="Riverside")
    return json.loads(path.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, name: str = "in.cipnroutine") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_committed_schema_equals_the_generated_one():
    committed = (ROOT / "exercises" / "routine-file.schema.json").read_text(encoding="utf-8")
    assert committed == rf.schema_text(), "regenerate exercises/routine-file.schema.json"


# -- round trip -------------------------------------------------------------------------


def steps_strategy():
    def one(exercise_id: str):
        e = LIBRARY.exercises[exercise_id]
        counted = e.dosage.reps is not None
        rules = []
        if counted:
            rules.append(
                st.builds(
                    lambda a, m: {"kind": "reps", "add": a, "max": m},
                    st.integers(1, 10),
                    st.integers(1, 50),
                )
            )
        else:
            rules.append(
                st.builds(
                    lambda a, w, m: {"kind": "hold", "add_seconds": a, "every_weeks": w, "max": m},
                    st.integers(1, 30),
                    st.integers(1, 4),
                    st.integers(5, 120),
                )
            )
        amount = {"reps": st.none()} if not counted else {"reps": st.none() | st.integers(1, 50)}
        level = st.none() if not e.levels else st.integers(1, len(e.levels))
        return (
            st.fixed_dictionaries(
                {
                    "exercise": st.just(exercise_id),
                    "sets": st.none() | st.integers(1, 10),
                    "rest_seconds": st.none() | st.integers(0, 300),
                    "seconds_per_rep": st.none() | st.floats(1.0, 20.0, allow_nan=False),
                    "prepare_seconds": st.none() | st.integers(10, 300),
                    "level": level,
                    "note": st.none() | st.text(min_size=1, max_size=40),
                    "progression": st.lists(st.one_of(*rules), max_size=1),
                    **amount,
                }
            )
            .map(lambda d: {k: v for k, v in d.items() if v is not None and v != []})
            .filter(
                lambda d: all(
                    d.get("reps", 0) <= r["max"]
                    for r in d.get("progression", [])
                    if r["kind"] == "reps"
                )
            )
        )

    return st.sampled_from(sorted(LIBRARY.exercises)).flatmap(one)


routines = st.builds(
    lambda steps, version, title, days: f.routine(
        "clinic_routine",
        steps,
        version=version,
        title=title,
        schedule={"slots": [{"name": "morning", "time": "08:30"}], "days": days},
    ),
    st.lists(steps_strategy(), min_size=1, max_size=6),
    st.integers(1, 50),
    # any text, control characters too (they are stripped), but not only those: a title
    # of nothing but escapes is rightly refused as empty
    st.text(min_size=1, max_size=60).filter(without_controls),
    st.lists(
        st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
        min_size=1,
        max_size=7,
        unique=True,
    ),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(routine=routines)
def test_any_valid_routine_exported_then_imported_is_equal(tmp_path_factory, routine):
    folder = tmp_path_factory.mktemp("rt")
    source, target = (dbmod.open_database("sqlite://") for _ in range(2))
    try:
        repo_a, repo_b = RoutineRepository(source), RoutineRepository(target)
        saved = repo_a.save(routine, NOW, keep_version=True).routine
        path = folder / "x.cipnroutine"
        rf.export(saved, path, repo_a, NOW)
        result = rf.import_file(path, LIBRARY, repo_b, NOW)
        assert result.status == "imported", result.problems
        assert repo_b.get(routine.id).routine == saved == routine
    finally:
        source.close()
        target.close()


def test_own_exercises_and_pictures_travel_with_the_routine(repo, tmp_path):
    for ex_id, picture in (
        ("towel_slide", PictureData("image/png", PNG)),
        ("marble_pick", PictureData("image/svg+xml", SVG)),
    ):
        repo.save_exercise(f.exercise(ex_id, reps=None, hold=30), NOW, picture)
    routine = f.routine(
        "clinic_feet",
        [{"exercise": "towel_slide"}, {"exercise": "marble_pick"}, {"exercise": "ankle_pumps"}],
    )
    data = exported(repo, tmp_path, routine)
    assert [e["id"] for e in data["exercises"]] == ["towel_slide", "marble_pick"]
    target = dbmod.open_database("sqlite://")
    try:
        other = RoutineRepository(target)
        assert rf.import_file(tmp_path / "r.cipnroutine", LIBRARY, other, NOW).status == "imported"
        assert other.get_exercise("marble_pick").picture.data == SVG
        assert other.get_exercise("towel_slide").picture == PictureData("image/png", PNG)
    finally:
        target.close()


# -- versions ---------------------------------------------------------------------------


def test_a_newer_version_needs_confirmation_and_keeps_the_old_one(repo, tmp_path):
    routine = f.routine("clinic_hands", [{"exercise": "finger_open_close"}])
    repo.save(routine, NOW)
    data = exported(repo, tmp_path, routine.model_copy(update={"version": 2, "title": "New"}))
    path = write(tmp_path, data)
    result = rf.import_file(path, LIBRARY, repo, NOW)
    assert result.status == "needs_confirmation" and result.current_version == 1
    assert repo.get("clinic_hands").version == 1  # nothing replaced yet
    assert rf.import_file(path, LIBRARY, repo, NOW, confirm=True).status == "imported"
    assert repo.get("clinic_hands").routine.title == "New"
    assert [r.archived for r in repo.versions("clinic_hands")] == [True, False]
    assert rf.import_file(path, LIBRARY, repo, NOW).status == "unchanged"
    data["routine"]["title"] = "Same version, other content"
    assert rf.import_file(write(tmp_path, data), LIBRARY, repo, NOW).status == "rejected"


# -- every problem, with its path -------------------------------------------------------


def test_every_problem_is_listed_with_its_field_path(repo, tmp_path):
    data = exported(repo, tmp_path)
    steps = data["routine"]["steps"]
    steps[0]["exercise"] = "moon_walk"
    steps[1]["reps"] = 99
    steps[2]["progression"] = [{"kind": "hold", "add_seconds": 5, "max": 500}]
    data["routine"]["colour"] = "blue"
    data["exercises"] = [
        {
            **f.exercise("own_one", reps=None, hold=30).model_dump(mode="json"),
            "picture": {"mime": "image/png", "base64": base64.b64encode(SVG).decode()},
        }
    ]
    result = rf.import_file(write(tmp_path, data), LIBRARY, repo, NOW)
    assert result.status == "rejected"
    text = "\n".join(result.problems)
    for expected in (
        "routine.steps.0.exercise: unknown exercise id 'moon_walk'",
        "routine.steps.1.reps: reps must be 1–50",
        "routine.steps.2.progression.0.hold.max: hold must be 5–120 s",
        "routine.colour: Extra inputs are not permitted",
        "exercises.0.picture: picture says image/png but is image/svg+xml",
    ):
        assert expected in text
    assert counts(repo) == (0, 0)


@pytest.mark.parametrize(
    "svg, message",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://x/y.png"/></svg>',
            "outside",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "event handlers"),
        (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
        (b"<html><body/></html>", "root is not <svg>"),
        (
            b'<?xml version="1.0"?><?xml-stylesheet href="http://x/s.css"?>'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "processing instructions",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" '
            b'to="javascript:alert(1)"/></a></svg>',
            "links",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><image><animate attributeName="href" '
            b'values="http://x/y.png"/></image></svg>',
            "links",
        ),
        (b"GIF89a....", "not PNG, JPEG or SVG"),
        (PNG + b"\0" * (2 * 1024 * 1024), "larger than 2 MB"),
    ],
)
def test_bad_pictures_are_refused(repo, tmp_path, svg, message):
    data = exported(repo, tmp_path)
    own = f.exercise("own_one", reps=None, hold=30).model_dump(mode="json")
    own["picture"] = {"mime": "image/svg+xml", "base64": base64.b64encode(svg).decode()}
    data["exercises"] = [own]
    result = rf.import_file(write(tmp_path, data), LIBRARY, repo, NOW)
    assert result.status == "rejected" and message in "\n".join(result.problems)


def test_file_level_refusals(repo, tmp_path):
    data = exported(repo, tmp_path)
    big = tmp_path / "big.cipnroutine"
    big.write_bytes(b" " * (5 * 1024 * 1024 + 1))
    cases = {
        big: "larger than 5 MB",
        write(tmp_path, {**data, "format_version": 2}, "v2"): "version 2 is not supported",
        write(tmp_path, {**data, "format": "other"}, "fmt"): "not a routine file",
        write(tmp_path, [1, 2], "list"): "expected a JSON object",
    }
    deep = tmp_path / "deep"
    deep.write_text("[" * 100000 + "]" * 100000)
    cases[deep] = "nested too deeply"
    nan = tmp_path / "nan"
    nan.write_text(json.dumps(data).replace('"sets": 2', '"sets": NaN', 1))
    cases[nan] = "not valid JSON"
    for path, message in cases.items():
        result = rf.import_file(path, LIBRARY, repo, NOW)
        assert result.status == "rejected" and message in result.problems[0], (path, result)
    assert counts(repo) == (0, 0)


# -- fuzz -------------------------------------------------------------------------------


def _mutations(data: dict, rnd: random.Random) -> object:
    """Delete a key, change a type, huge number, deep nesting — somewhere in the tree."""

    def nodes(value, path=()):
        yield path, value
        children = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        for key, child in children:
            yield from nodes(child, (*path, key))

    target_path, target = rnd.choice(list(nodes(data)))
    replacement = rnd.choice(
        [
            None,
            -1,
            10**30,
            1e308,
            "x" * 5000,
            [],
            {},
            True,
            "",
            [[[[[[[[[[1]]]]]]]]]],
            {"kind": "level", "max": 99},
            2.5,
        ]
    )
    if not target_path:
        return replacement
    parent = data
    for key in target_path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and rnd.random() < 0.4:
        del parent[target_path[-1]]
    else:
        parent[target_path[-1]] = replacement
    return data


@FUZZ
@given(seed=st.integers(0, 2**32 - 1), mode=st.sampled_from(["tree", "bytes", "truncate"]))
def test_mutated_and_truncated_files_are_rejected_cleanly(repo, tmp_path, seed, mode):
    original = exported(repo, tmp_path)
    before = counts(repo)
    rnd = random.Random(seed)
    raw = json.dumps(original).encode()
    if mode == "tree":
        raw = json.dumps(_mutations(json.loads(raw), rnd)).encode()
    elif mode == "bytes":
        raw = bytearray(raw)
        for _ in range(rnd.randint(1, 8)):
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
        raw = bytes(raw)
    else:
        raw = raw[: rnd.randrange(len(raw))]
    path = tmp_path / "fuzz.cipnroutine"
    path.write_bytes(raw)
    result = rf.import_file(path, LIBRARY, repo, NOW)  # must not raise
    assert result.status in ("rejected", "imported", "unchanged", "needs_confirmation")
    if result.status == "rejected":
        assert result.problems and all(isinstance(p, str) and p for p in result.problems)
        assert counts(repo) == before
    elif result.status == "imported":  # a mutation that happens to be valid
        repo.archive(result.routine.id, NOW)


# -- command line -----------------------------------------------------------------------


def test_cli_export_then_import_and_exit_codes(tmp_path, capsys):
    exported_path = tmp_path / "b.cipnroutine"
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path / "a"),
                "export-routine",
                "balance_builder",
                str(exported_path),
                "--author",
                "A. Physio",
            ]
        )
        == 0
    )
    assert "Exported routine" in capsys.readouterr().out
    data = json.loads(exported_path.read_text())
    data["routine"]["version"] = 2
    newer = write(tmp_path, data, "newer.cipnroutine")
    fresh = tmp_path / "fresh"
    assert main(["--data-dir", str(fresh), "import-routine", str(newer)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["--data-dir", str(fresh), "import-routine", str(newer), "--yes"]) == 0
    assert "Imported routine" in capsys.readouterr().out
    data["routine"]["steps"][0]["exercise"] = "moon_walk"
    data["routine"]["steps"][1]["sets"] = 0
    bad = write(tmp_path, data, "bad.cipnroutine")
    empty = tmp_path / "empty"
    assert main(["--data-dir", str(empty), "import-routine", str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "2 problem(s)" in err[0] and len(err) == 3
    assert any("moon_walk" in line for line in err) and any(
        "sets must be 1–10" in line for line in err
    )
    assert not empty.exists()  # refused before the database was opened
    assert main(["--data-dir", str(empty), "export-routine", "nope", str(tmp_path / "x")]) == 2
    assert (
        main(
            [
                "--data-dir",
                str(empty),
                "export-routine",
                "morning",
                str(tmp_path / "no" / "such" / "x"),
            ]
        )
        == 2
    )
    assert main(["--data-dir", str(empty), "import-routine", str(tmp_path / "missing")]) == 2


def test_an_exported_routine_file_is_private_even_under_umask_000(tmp_path, capsys):
    """It may carry the clinician's notes for this patient: 0600, like the JSON/CSV exports."""
    import os
    import stat

    path = tmp_path / "private.cipnroutine"
    old = os.umask(0)
    try:
        assert (
            main(["--data-dir", str(tmp_path / "a"), "export-routine", "morning", str(path)]) == 0
        )
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    "illustration", ["/etc/x.svg", "//tmp/x.svg", "own/../../x.svg", "own//x.svg"]
)
def test_an_illustration_path_must_stay_inside_the_assets(repo, tmp_path, illustration):
    data = exported(repo, tmp_path)
    own = f.exercise("own_one", reps=None, hold=30).model_dump(mode="json")
    own["illustration"] = illustration
    data["exercises"] = [own]
    result = rf.import_file(write(tmp_path, data), LIBRARY, repo, NOW)
    assert result.status == "rejected" and "illustration" in "\n".join(result.problems)
