"""Self-test results in storage, the JSON backup (round trip, merge) and the CSV export."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import sessionmaker

from cipn_coach.backup.csv_tables import export_csv
from cipn_coach.backup.json_file import export_json, import_json, read_backup, snapshot
from cipn_coach.changes import Changes
from cipn_coach.storage.db import (
    DATABASE_FILE,
    Database,
    database_url_for,
    make_engine,
    open_database,
)
from cipn_coach.storage.models import Base
from cipn_coach.storage.selftests import SelfTestRepository

# early in the year: an import refuses days and moments after its own "now" (today)
FIRST = date(2026, 3, 2)
BASE = datetime(2026, 3, 2, 9, tzinfo=UTC)
SLOW = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

one_result = st.fixed_dictionaries(
    {
        "test_id": st.sampled_from(["chair_stand_30s", "single_leg_stance", "a_later_test"]),
        "day": st.integers(0, 60),
        "side": st.sampled_from([None, "left", "right"]),
        "value": st.floats(0, 10_000, allow_nan=False, allow_infinity=False),
        "stopped": st.booleans(),
        "source": st.sampled_from(["app", "paper"]),
        "note": st.none() | st.text(max_size=40),
        "minute": st.integers(0, 100_000),
    }
)
results = st.lists(one_result, max_size=8)


def memory_db() -> Database:
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    return Database(engine, sessionmaker(engine, expire_on_commit=False), None)


def fill(db: Database, items: list[dict[str, Any]]) -> None:
    repo = SelfTestRepository(db)
    for item in items:
        repo.add(
            item["test_id"],
            FIRST + timedelta(days=item["day"]),
            item["value"],
            BASE + timedelta(minutes=item["minute"]),
            side=item["side"],
            stopped_for_safety=item["stopped"],
            source=item["source"],
            note=item["note"],
        )


def stored(db: Database) -> list[tuple[Any, ...]]:
    return sorted(
        (
            r.uid,
            r.test_id,
            r.day,
            r.side,
            r.value,
            r.stopped_for_safety,
            r.source,
            r.note,
            r.created_at,
        )
        for r in SelfTestRepository(db).all()
    )


@SLOW
@given(results)
def test_round_trip_through_an_empty_database_keeps_every_result_exactly(tmp_path_factory, items):
    folder = tmp_path_factory.mktemp("rt")
    first, second = memory_db(), memory_db()
    fill(first, items)
    export_json(first, folder / "a.json")
    result = import_json(second, folder / "a.json")
    assert stored(second) == stored(first)
    assert result.stats.self_tests_added == len(items)
    export_json(second, folder / "b.json")
    a = json.loads((folder / "a.json").read_text("utf-8"))
    b = json.loads((folder / "b.json").read_text("utf-8"))
    assert a["data"] == b["data"]
    assert ("self_tests" in a["data"]) == bool(items)  # no key when there are none


@SLOW
@given(results, results)
def test_merge_loses_no_result_and_merging_twice_adds_nothing(tmp_path_factory, mine, theirs):
    folder = tmp_path_factory.mktemp("merge")
    local, other = memory_db(), memory_db()
    fill(local, mine)
    export_json(local, folder / "mine.json")
    import_json(other, folder / "mine.json")  # the other computer has my results too
    fill(other, theirs)
    with other.transaction() as s:  # and one shared result that now differs
        row = (
            s.connection()
            .exec_driver_sql("SELECT uid FROM self_test_results ORDER BY id LIMIT 1")
            .first()
        )
        if row is not None:
            s.connection().exec_driver_sql(
                "UPDATE self_test_results SET note = 'edited elsewhere' WHERE uid = ?", (row[0],)
            )
    export_json(other, folder / "theirs.json")
    before = stored(local)

    first = import_json(local, folder / "theirs.json", "merge").stats
    after = stored(local)
    assert set(before) <= set(after)  # nothing local lost or changed
    incoming = {
        (r.test_id, r.day, r.side, r.value, r.stopped_for_safety, r.source, r.note, r.created_at)
        for r in snapshot(other).self_tests
    }
    assert incoming <= {row[1:] for row in after}  # every incoming result is here
    assert len(after) == len(before) + first.self_tests_added + first.self_tests_copied
    assert first.self_tests_added == len(theirs)
    assert first.self_tests_copied == (1 if mine else 0)

    again = import_json(local, folder / "theirs.json", "merge").stats
    assert stored(local) == after
    assert again.self_tests_added == again.self_tests_copied == 0


def test_replace_swaps_results_and_old_backups_without_the_key_still_import(tmp_path):
    local = memory_db()
    fill(
        local,
        [
            {
                "test_id": "chair_stand_30s",
                "day": 0,
                "side": None,
                "value": 9,
                "stopped": False,
                "source": "app",
                "note": None,
                "minute": 0,
            }
        ],
    )
    empty = memory_db()
    export_json(empty, tmp_path / "empty.json")
    raw = json.loads((tmp_path / "empty.json").read_text("utf-8"))
    assert "self_tests" not in raw["data"]  # readable by an app from before self-tests
    import_json(local, tmp_path / "empty.json", "replace")
    assert stored(local) == []
    assert read_backup(tmp_path / "empty.json").data.self_tests == []


def test_results_survive_a_real_file_and_go_to_the_csv_export(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(database_url_for(folder))
    try:
        repo = SelfTestRepository(db)
        repo.add(
            "single_leg_stance",
            FIRST,
            12.5,
            BASE,
            side="left",
            stopped_for_safety=True,
            note="=wobbly",
        )
        repo.add("chair_stand_30s", FIRST, 11, BASE + timedelta(minutes=5), source="paper")
        result = export_csv(db, tmp_path / "csv")
    finally:
        db.close()
    assert (folder / DATABASE_FILE).is_file()
    assert result.rows["self_tests.csv"] == 2
    with open(tmp_path / "csv" / "self_tests.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [
        (r["test_id"], r["side"], r["value"], r["stopped_for_safety"], r["source"]) for r in rows
    ] == [
        ("single_leg_stance", "left", "12.5", "yes", "app"),
        ("chair_stand_30s", "", "11.0", "no", "paper"),
    ]
    assert rows[0]["note"] == "'=wobbly"  # never a live formula
    assert rows[0]["day"] == "2026-03-02" and rows[0]["created_at"] == "2026-03-02T09:00:00Z"


def test_delete_removes_one_result_by_uid():
    db = memory_db()
    repo = SelfTestRepository(db)
    kept = repo.add("chair_stand_30s", FIRST, 10, BASE)
    gone = repo.add("chair_stand_30s", FIRST, 100 - 90, BASE + timedelta(minutes=1))
    assert repo.delete(gone.uid) and not repo.delete(gone.uid)
    assert [r.uid for r in repo.all()] == [kept.uid]
    assert repo.between(FIRST, FIRST) == repo.all("chair_stand_30s") == [kept]


def test_service_due_today_saves_a_played_test_and_shows_it_on_progress(tmp_path):
    from cipn_coach.engine.clock import FakeClock
    from cipn_coach.engine.selftest import SelfTestEngine, SelfTestPhaseKind
    from cipn_coach.selftests.library import load_selftests
    from cipn_coach.services import open_services
    from cipn_coach.settings.patient import save_profile

    services = open_services(tmp_path / "data")
    try:
        start = FIRST
        assert services.plan.start_date(start) == start
        save_profile(services.settings, birth_year=1954, sex="female")
        self_tests = services.self_tests
        due = {d.test_id: d for d in self_tests.due_today(start)}
        assert "chair_stand_30s" in due and due["chair_stand_30s"].kind == "baseline"
        assert "timed_up_and_go" not in due  # optional: off by default

        test = load_selftests()["chair_stand_30s"]
        clock = FakeClock()
        engine = SelfTestEngine(test, clock)
        engine.start()
        while engine.phase.kind is not SelfTestPhaseKind.COUNT_ENTRY:
            clock.advance(engine.next_deadline() - clock.now)
            engine.update()
        engine.enter_count(8)
        saved = self_tests.save_outcomes(test, engine.outcomes, start, BASE)
        assert saved.changes == Changes(self_tests=True) and [r.value for r in saved.row] == [8]
        assert "chair_stand_30s" not in {d.test_id for d in self_tests.due_today(start)}
        week2 = start + timedelta(days=7)
        assert "chair_stand_30s" in {d.test_id for d in self_tests.due_today(week2)}
        added = self_tests.add("chair_stand_30s", week2, 11, BASE + timedelta(days=7))
        assert added.changes == Changes(self_tests=True) and added.row.value == 11

        cards = self_tests.progress_cards(week2)
        assert [c.test.id for c in cards] == ["chair_stand_30s"]
        card = cards[0]
        assert [p[1] for p in card.points] == [8, 11] and (card.band.low, card.band.high) == (
            10,
            15,
        )
        assert card.sentence == (
            "30-second chair stand: 11 stands (first test: 8). "
            "Typical for women 70–74: 10–15 stands."
        )
    finally:
        services.close()
