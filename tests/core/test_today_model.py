"""Today as a plain model: what the page draws, the same whether it was read in the app
or by the start-up helper process, and safe to read back from JSON."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from cipn_coach.demo import fill_demo
from cipn_coach.services import open_services
from cipn_coach.today_model import TodayModel, read_today, today_model

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("today")
    services = open_services(folder)
    fill_demo(services, 28, datetime.now())  # the helper process reads "now" itself
    services.close()
    return folder


def test_the_model_says_what_the_services_say(folder: Path) -> None:
    now = datetime.now()
    services = open_services(folder)
    try:
        screen = services.today_screen(now)
        model = today_model(screen)
    finally:
        services.close()
    assert [r.routine_id for r in model.rows] == [d.planned.routine.id for d in screen.view.due]
    assert [r.status for r in model.rows] == [d.status.value for d in screen.view.due]
    assert [r.minutes for r in model.rows] == [screen.minutes[d.planned.routine.id]
                                               for d in screen.view.due]
    assert model.flags == tuple(screen.view.flags) and model.flags
    assert len(model.recent) == len(screen.recent) and model.recent
    assert model.week_done == screen.view.week.done
    assert read_today(folder, now) == model  # the start-up readers agree


def test_json_round_trip_is_exact(folder: Path) -> None:
    model = read_today(folder, datetime.now())
    assert model is not None
    assert TodayModel.from_json(model.to_json()) == model


def test_the_helper_process_prints_the_same_model(folder: Path) -> None:
    now = datetime.now().replace(microsecond=0)  # one moment for both (a due time may pass)
    out = subprocess.run([sys.executable, "-m", "cipn_coach.today_model", str(folder),
                          now.isoformat()], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert TodayModel.from_json(out.stdout) == read_today(folder, now)


def test_the_helper_process_declines_a_file_it_must_not_read(tmp_path: Path) -> None:
    (tmp_path / "cipn-coach.sqlite3").write_bytes(b"garbage" * 100)
    out = subprocess.run([sys.executable, "-m", "cipn_coach.today_model", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (out.returncode, out.stdout) == (1, "")


@pytest.mark.parametrize("text", ["", "{}", "[]", '{"format": "cipn-coach-today/1"}',
                                  '{"format": "cipn-coach-today/1", "today": {"day": "x"}}',
                                  '{"format": "other", "today": {}}'])
def test_bad_json_is_refused_with_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a Today model"):
        TodayModel.from_json(text)


def test_recent_sessions_never_show_an_internal_word() -> None:
    """A session cut short (still marked in progress until the next start, as the start-up
    view reads it) or with an unknown status reads in plain words, not ``in_progress``."""
    from datetime import UTC, date

    from cipn_coach.storage.rows import SessionRow
    from cipn_coach.today_model import session_line

    def row(status: str) -> SessionRow:
        return SessionRow(1, "morning", "Morning hands & feet", "morning", date(2026, 12, 4),
                          datetime(2026, 12, 4, 8, tzinfo=UTC), None, status, 600.0, 300.0,
                          None, None, None, ())

    lines = {status: session_line(row(status))
             for status in ("in_progress", "partial", "stopped", "completed", "something_new")}
    assert "cut short" in lines["in_progress"]
    for line in lines.values():
        assert "_" not in line and "something" not in line, line
    assert lines["completed"].startswith("Fri 4 Dec · Morning hands & feet · done")
