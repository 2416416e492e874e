"""Today as a plain model: what the page draws says what the services say, in words."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from cipn_coach.cli.demo import fill_demo
from cipn_coach.reports.today import SESSION_STATUS_WORDS, session_line, today_words
from cipn_coach.services import open_services
from cipn_coach.storage.rows import ENDED_STATUSES, IN_PROGRESS, SessionRow

NOW = datetime(2026, 3, 18, 13, 30)  # a Wednesday afternoon: morning done, evening later


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("today")
    services = open_services(folder)
    fill_demo(services, 28, NOW)
    services.close()
    return folder


def test_the_model_says_what_the_services_say(folder: Path) -> None:
    services = open_services(folder)
    try:
        screen = services.today_data(NOW)
        model = today_words(screen)
    finally:
        services.close()
    assert model.day == NOW.date() and model.program_day == 28
    assert [r.routine_id for r in model.rows] == [d.planned.routine.id for d in screen.view.due]
    assert [r.status for r in model.rows] == [d.status.value for d in screen.view.due]
    assert [r.minutes for r in model.rows] == [
        screen.minutes[d.planned.routine.id] for d in screen.view.due
    ]
    assert model.flags == tuple(screen.view.flags) and model.flags
    assert len(model.recent) == len(screen.recent) and model.recent
    assert model.week_done == screen.view.week.done
    assert model.recent[0].startswith("Tue 17 Mar · Evening hands & feet")  # dates in words


def _row(status: str) -> SessionRow:
    return SessionRow(
        id=1,
        routine_id="morning",
        routine_title="Morning hands & feet",
        slot="morning",
        local_date=date(2026, 3, 18),
        started_at=datetime(2026, 3, 18, 8, 0),
        ended_at=None,
        status=status,
        planned_seconds=600.0,
        done_seconds=300.0,
        effort=None,
        symptoms_change=None,
        note=None,
        steps=(),
    )


def test_every_stored_session_status_has_words() -> None:
    assert set(SESSION_STATUS_WORDS) == {IN_PROGRESS, *ENDED_STATUSES}


@pytest.mark.parametrize(
    "status, words",
    [
        ("in_progress", " · cut short"),
        ("completed", " · done"),
        ("partial", " · partly done"),
        ("stopped", " · stopped early"),
        ("something_new", ""),
    ],
)
def test_a_recent_session_never_shows_a_raw_status(status: str, words: str) -> None:
    """A session cut short (still marked in progress until the next start) reads in plain
    words; an unknown status is left out rather than shown as stored."""
    assert session_line(_row(status)) == f"Wed 18 Mar · Morning hands & feet{words}"


def test_todays_minutes_are_the_voices_once_measured(folder: Path) -> None:
    """Nothing measured yet (the start) gives the estimate; measured phrases, or a slower
    rate, give the minutes the session will really take."""
    from cipn_coach.engine.timeline import SpokenLengths

    services = open_services(folder)
    try:
        estimate = services.today_data(NOW).minutes
        unmeasured = services.today_data(NOW, lambda texts: SpokenLengths()).minutes
        slow = services.today_data(NOW, lambda texts: SpokenLengths(rate_wpm=80)).minutes
        long_words = services.today_data(
            NOW, lambda texts: SpokenLengths({t: 8.0 for t in texts})
        ).minutes
    finally:
        services.close()
    assert unmeasured == estimate
    assert all(slow[r] > estimate[r] for r in estimate), (slow, estimate)
    assert all(long_words[r] > estimate[r] for r in estimate), (long_words, estimate)
