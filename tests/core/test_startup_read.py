"""Today read straight from SQLite at start-up equals Today read through the repositories.

``StartupServices`` (``cipn_coach/storage/quick_read.py``) repeats a few of the
repositories' queries without SQLAlchemy, so the app can show the patient's day before
SQLAlchemy is even imported. These tests hold the two paths to the same answers on a
real file with sessions, check-ins (one edited), an in-progress session, an own exercise
and a routine saved in the app; and check that the shortcut never writes and steps aside
for a file it must not read (an older schema, a damaged file).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cipn_coach.demo import fill_demo
from cipn_coach.services import open_services, open_startup_services
from cipn_coach.storage.backup import DATABASE_FILE
from cipn_coach.storage.routines import PictureData, RoutineRepository
from tests.core import factories as f

NOW = datetime(2026, 11, 21, 19, 30)  # local wall-clock time, as the app passes it
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EVERYTHING = (date(2000, 1, 1), date(2100, 1, 1))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("startup")
    services = open_services(folder)
    fill_demo(services, 28, NOW)
    repo = RoutineRepository(services.db)
    own = f.exercise("own_squeeze", reps=8)
    repo.save_exercise(own, NOW.astimezone(UTC), PictureData("image/png", b"\x89PNG\r\n\x1a\n"))
    repo.save(f.routine("clinic_hands", [{"exercise": "own_squeeze"},
                                         {"exercise": "finger_open_close"}]), NOW.astimezone(UTC))
    repo.save(services.library.routines["evening"], NOW.astimezone(UTC))  # an edited built-in…
    repo.archive("evening", NOW.astimezone(UTC))  # …then hidden by the clinician
    services.settings.set("plan.routines", ["morning", "clinic_hands", "balance_builder", "evening"])
    yesterday = NOW.date() - timedelta(days=1)
    edited = services.checkins.get(yesterday).values().model_copy(update={"hands": 9, "note": "é ✓"})
    services.checkins.save(yesterday, edited, NOW.astimezone(UTC), today=NOW.date())
    services.sessions.start(routine_id="morning", routine_version=1, routine_title="Morning",
                            slot="morning", local_date=NOW.date(), program_week=4,
                            planned_seconds=600, started_at=NOW.astimezone(UTC))
    early = (NOW - timedelta(days=1)).replace(hour=6).astimezone(UTC)  # written last, started first
    late_id = services.sessions.start(routine_id="morning", routine_version=1, routine_title="Morning",
                                      slot="morning", local_date=yesterday, program_week=4,
                                      planned_seconds=600, started_at=early)
    services.sessions.finish(late_id, "stopped", early + timedelta(minutes=3))
    services.close()
    return folder


def same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (``True == 1``, but not here)."""
    return a == b and repr(a) == repr(b)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.name.startswith(DATABASE_FILE)}


def test_every_reader_answers_like_its_repository(folder: Path) -> None:
    quick, full = open_startup_services(folder), open_services(folder)
    try:
        assert quick is not None
        assert same(quick.sessions.between(*EVERYTHING), full.sessions.between(*EVERYTHING))
        assert any(s.steps for s in quick.sessions.between(*EVERYTHING))
        last_week = (NOW.date() - timedelta(days=6), NOW.date())
        assert same(quick.sessions.between(*last_week), full.sessions.between(*last_week))
        assert same(quick.checkins.between(*EVERYTHING), full.checkins.between(*EVERYTHING))
        assert quick.checkins.get(NOW.date() - timedelta(days=1)).hands == 9
        for key in full.settings.all():
            assert same(quick.settings.get(key), full.settings.get(key)), key
        assert quick.settings.get("no.such.key", "default") == "default"
        assert quick.library.routines == full.library.routines
        assert quick.library.exercises == full.library.exercises
        assert "evening" not in quick.library.routines and "clinic_hands" in quick.library.routines
    finally:
        full.close()
        quick.close()


@pytest.mark.parametrize("now", [NOW, NOW.replace(hour=7, minute=5), NOW - timedelta(days=9),
                                 NOW + timedelta(days=2)])
def test_today_screen_is_the_same_either_way(folder: Path, now: datetime) -> None:
    quick, full = open_startup_services(folder), open_services(folder)
    try:
        screen = quick.today_screen(now)
        assert same(screen, full.today_screen(now))
        assert screen.view.due and screen.minutes["clinic_hands"] > 0
    finally:
        full.close()
        quick.close()


def test_the_shortcut_never_writes(folder: Path) -> None:
    before = digest(folder)
    quick = open_startup_services(folder)
    quick.plan.start_date(NOW.date() + timedelta(days=400))  # stored start wins, nothing written
    quick.settings.set("plan.start_date", "1999-01-01")  # remembered in memory only
    quick.today_screen(NOW)
    quick.close()
    assert digest(folder) == before


def test_a_first_start_reads_as_empty_and_creates_nothing(tmp_path: Path) -> None:
    quick = open_startup_services(tmp_path)
    assert quick is not None
    screen = quick.today_screen(NOW)
    quick.close()
    assert list(tmp_path.iterdir()) == []
    full = open_services(tmp_path / "fresh")
    try:
        assert screen == full.today_screen(NOW)
        assert screen.view.program_day == 1 and not screen.recent
    finally:
        full.close()


def test_an_older_schema_is_left_to_the_full_path(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "schema_0001.sqlite3", tmp_path / DATABASE_FILE)
    before = digest(tmp_path)
    assert open_startup_services(tmp_path) is None
    assert digest(tmp_path) == before


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b""])
def test_a_damaged_file_is_left_to_the_full_path(tmp_path: Path, content: bytes) -> None:
    (tmp_path / DATABASE_FILE).write_bytes(content)
    assert open_startup_services(tmp_path) is None
    assert (tmp_path / DATABASE_FILE).read_bytes() == content


def test_a_half_missing_table_is_left_to_the_full_path(folder: Path, tmp_path: Path) -> None:
    shutil.copy(folder / DATABASE_FILE, tmp_path / DATABASE_FILE)
    with sqlite3.connect(tmp_path / DATABASE_FILE) as conn:
        conn.execute("DROP TABLE custom_exercises")
    assert open_startup_services(tmp_path) is None
