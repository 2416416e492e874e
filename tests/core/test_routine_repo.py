"""Routines and own exercises in the database: versions, archive, library overlay."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cipn_coach.errors import CoachError, UnknownIdError
from cipn_coach.routines.library import load_library
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.routines import PictureData, RoutineRepository, library_with_custom
from tests.core import factories as f

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def repo():
    database = dbmod.open_database("sqlite://")
    yield RoutineRepository(database)
    database.close()


def hands(**extra):
    return f.routine("clinic_hands", [{"exercise": "finger_open_close"}], **extra)


def test_save_adds_versions_and_archives_the_old_ones(repo):
    first = repo.save(hands(), NOW)
    second = repo.save(hands(title="Hands, longer"), NOW)
    assert (first.version, second.version) == (1, 2)
    assert [r.version for r in repo.list()] == [2]
    assert [(r.version, r.archived) for r in repo.list(archived=True)] == [(1, True)]
    assert repo.get("clinic_hands").routine.title == "Hands, longer"
    assert repo.get("clinic_hands", 1).title == "Clinic_Hands"
    with pytest.raises(UnknownIdError):
        repo.get("nope")


def test_duplicate_rename_archive_and_back(repo):
    repo.save(hands(), NOW)
    copy = repo.duplicate(repo.get("clinic_hands").routine, "clinic_hands_2", "Copy", NOW)
    assert (copy.version, copy.routine.title) == (1, "Copy")
    with pytest.raises(CoachError):
        repo.duplicate(copy.routine, "clinic_hands", "Again", NOW)
    renamed = repo.rename("clinic_hands", "Hands (renamed)", NOW)
    assert renamed.version == 2 and renamed.title == "Hands (renamed)"
    repo.archive("clinic_hands", NOW)
    assert [r.id for r in repo.list()] == ["clinic_hands_2"]
    assert repo.get("clinic_hands").routine.archived
    repo.archive("clinic_hands", NOW, archived=False)
    assert {r.id for r in repo.list()} == {"clinic_hands", "clinic_hands_2"}
    assert len(repo.versions("clinic_hands")) == 2


def test_keep_version_refuses_a_version_that_is_not_newer(repo):
    repo.save(hands(version=3), NOW, keep_version=True)
    with pytest.raises(CoachError, match="not newer"):
        repo.save(hands(version=3), NOW, keep_version=True)


def test_library_with_custom_adds_own_exercises_and_db_routines(repo):
    library = load_library()
    own = f.exercise("towel_slide", reps=None, hold=30)
    repo.save_exercise(own, NOW, PictureData("image/png", b"\x89PNG\r\n\x1a\nxx"))
    repo.save(f.routine("clinic_feet", [{"exercise": "towel_slide"}]), NOW)
    edited = library.routine("morning").model_copy(update={"title": "Morning (edited)"})
    repo.save(edited, NOW)
    repo.save(f.routine("archived_one", [{"exercise": "ankle_pumps"}]), NOW)
    repo.archive("archived_one", NOW)
    merged = library_with_custom(library, repo)
    assert "towel_slide" in merged.exercises and "towel_slide" not in library.exercises
    assert merged.routine("clinic_feet").steps[0].exercise == "towel_slide"
    assert merged.routine("morning").title == "Morning (edited)"
    assert "archived_one" not in merged.routines
    assert repo.get_exercise("towel_slide").picture.mime == "image/png"
    # an own exercise may not shadow a built-in one
    repo.save_exercise(library.exercise("ankle_pumps"), NOW)
    assert any("built-in" in str(p) for p in library_with_custom(library, repo).problems)


def test_archiving_a_built_in_hides_it(repo):
    library = load_library()
    repo.save(library.routine("evening"), NOW, source="builtin")
    repo.archive("evening", NOW)
    assert "evening" not in library_with_custom(library, repo).routines


def test_schema_0003_fixture_reads_through_the_repository(tmp_path):
    shutil.copyfile(FIXTURES / "schema_0003.sqlite3", tmp_path / dbmod.DATABASE_FILE)
    database = dbmod.open_database(dbmod.database_url_for(tmp_path))
    try:
        repo = RoutineRepository(database)
        assert [(r.id, r.version) for r in repo.list()] == [("clinic_hands", 2)]
        assert repo.get("clinic_hands").routine.steps[1].prepare_seconds == 30
        assert repo.get_exercise("towel_slide").picture.data.startswith(b"\x89PNG")
    finally:
        database.close()
