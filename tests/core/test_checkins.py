"""Check-in storage: one row per local day, every edit keeps the earlier version."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config

from cipn_coach.checkin import thresholds
from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.errors import CheckInError, CoachError
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.checkins import CheckInRepository

NOW = datetime(2026, 11, 20, 19, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


@pytest.fixture
def database(tmp_path):
    database = dbmod.open_database(dbmod.database_url_for(tmp_path / "data"))
    yield database
    database.close()


def values(**changes):
    data = {"hands": 5, "feet": 6, "pain": 3}
    data.update(changes)
    return CheckInValues.parse(data)


def counts(database) -> tuple[int, int]:
    raw = sqlite3.connect(database.path)
    try:
        return (
            raw.execute("SELECT COUNT(*) FROM checkins").fetchone()[0],
            raw.execute("SELECT COUNT(*) FROM checkin_versions").fetchone()[0],
        )
    finally:
        raw.close()


def test_save_get_and_between(database):
    repo = CheckInRepository(database)
    saved = repo.save(
        TODAY,
        values(
            pain_kinds=["tight", "burning"], night=4, held_wall=True, near_falls=2, note="  a note "
        ),
        NOW,
        today=TODAY,
    )
    assert saved.version == 1 and saved.pain_kinds == ("burning", "tight")
    got = repo.get(TODAY)
    assert got == saved
    assert (got.night, got.held_wall, got.near_falls, got.note) == (4, True, 2, "a note")
    assert got.created_at == NOW and got.created_at.tzinfo is not None
    assert repo.get(TODAY - timedelta(days=1)) is None
    repo.save(TODAY - timedelta(days=3), values(), NOW, today=TODAY)
    assert [r.day for r in repo.between(TODAY - timedelta(days=5), TODAY)] == [
        TODAY - timedelta(days=3),
        TODAY,
    ]
    assert repo.count() == 2
    assert got.values() == values(
        pain_kinds=["burning", "tight"], night=4, held_wall=True, near_falls=2, note="a note"
    )


def test_editing_keeps_every_earlier_version(database):
    repo = CheckInRepository(database)
    repo.save(TODAY, values(hands=7), NOW, today=TODAY)
    repo.save(TODAY, values(hands=6), NOW + timedelta(hours=1), today=TODAY)
    current = repo.save(TODAY, values(hands=2, dropped=True), NOW + timedelta(hours=2), today=TODAY)
    assert (current.hands, current.version, current.dropped) == (2, 3, True)
    assert current.created_at == NOW and current.updated_at == NOW + timedelta(hours=2)
    history = repo.history(TODAY)
    assert [(h.version, h.hands) for h in history] == [(1, 7), (2, 6)]
    assert history[0].replaced_at == NOW + timedelta(hours=1)
    assert counts(database) == (1, 2)  # still one row for the day
    assert repo.history(TODAY - timedelta(days=1)) == []


def test_a_future_day_is_refused_and_nothing_written(database):
    repo = CheckInRepository(database)
    with pytest.raises(CheckInError, match="in the future"):
        repo.save(TODAY + timedelta(days=1), values(), NOW, today=TODAY)
    assert isinstance(CheckInError("x"), CoachError)
    assert counts(database) == (0, 0)
    repo.save(TODAY, values(), NOW, today=TODAY)  # today itself is fine


def test_naive_now_is_refused(database):
    with pytest.raises(ValueError):
        CheckInRepository(database).save(TODAY, values(), datetime(2026, 11, 20, 8), today=TODAY)


@pytest.mark.parametrize(
    "field, ok, bad",
    [
        ("hands", 10, 11),
        ("feet", 0, -1),
        ("pain", 10, 11),
        ("night", 10, 11),
        ("falls", 50, 51),
        ("near_falls", 0, -1),
        ("note", "x" * 1000, "x" * 1001),
    ],
)
def test_bounds_are_refused_not_clamped(field, ok, bad):
    assert getattr(values(**{field: ok}), field) == ok
    with pytest.raises(CheckInError, match=field):
        values(**{field: bad})


@pytest.mark.parametrize(
    "bad", [{"hands": True}, {"hands": 4.5}, {"hands": "4"}, {"pain_kinds": ["itchy"]}, {"mood": 3}]
)
def test_wrong_types_and_unknown_fields_are_refused(bad):
    with pytest.raises(CheckInError):
        values(**bad)


def test_checkin_on_a_dst_change_day(database):
    repo = CheckInRepository(database)
    dst_day = date(2026, 3, 29)  # clocks go forward in Europe
    repo.save(dst_day, values(), datetime(2026, 3, 29, 1, 30, tzinfo=UTC), today=dst_day)
    repo.save(dst_day, values(hands=1), datetime(2026, 3, 29, 22, 0, tzinfo=UTC), today=dst_day)
    assert repo.get(dst_day).hands == 1 and len(repo.history(dst_day)) == 1


def test_migration_0002_downgrades_and_upgrades(database):
    config = Config()
    config.set_main_option("script_location", str(dbmod.Path(dbmod.__file__).parent / "migrations"))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert dbmod.current_revision(database.engine) == "0001"
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert counts(database) == (0, 0)


def test_every_threshold_has_a_source():
    # every number (N_, the catalogue's marker, is imported there too and is no threshold)
    names = [n for n, v in vars(thresholds).items() if n.isupper() and isinstance(v, int | float)]
    assert names and set(names) == set(thresholds.SOURCES)
    assert all(len(thresholds.SOURCES[n]) > 10 for n in names)
