"""Settings that do not fit (from an old import, or written by hand) never stop the app:
the window reaches Today, with the defaults in their place."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest

from cipn_coach.cli.commands import main
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 7, 45)
BAD = [
    {"plan.start_date": "not-a-date"},
    {"plan.start_date": 20260101},
    {"plan.start_date": "9999-12-31"},
    {
        "plan.routines": 5,
        "ui.theme": [],
        "voice.id": 5,
        "ui.text_scale": "big",
        "voice.rate": "fast",
        "chime.enabled": "yes",
        "reminder.time": 7,
    },
]
IDS = ["text", "number", "far-future", "others"]


def reaches_today(qtbot, folder) -> None:
    services = open_services(folder, recover=True)
    try:
        window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(window.today.isVisible)
        assert window.pages.currentWidget() is window.today
        assert len(window.today.rows) == 3  # the default plan: Friday morning, balance, evening
        assert window.appearance() == ("calm", 1.0)
        window.show_settings()  # the Settings page loaded with the defaults too
    finally:
        services.close()


@pytest.mark.parametrize("settings", BAD, ids=IDS)
def test_bad_stored_settings_still_reach_today(qtbot, tmp_path, settings):
    folder = tmp_path / "data"
    open_services(folder).close()
    raw = sqlite3.connect(folder / "cipn-coach.sqlite3")
    with raw:
        raw.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [(k, json.dumps(v)) for k, v in settings.items()],
        )
    raw.close()
    reaches_today(qtbot, folder)


@pytest.mark.parametrize("replace", [False, True], ids=["new-computer", "replace"])
def test_a_backup_with_bad_settings_imported_then_the_app_reaches_today(
    qtbot, tmp_path, capsys, replace
):
    source, folder = tmp_path / "source", tmp_path / "data"
    assert (
        main(
            [
                "--data-dir",
                str(source),
                "checkin",
                "--date",
                "2025-06-01",
                "--hands",
                "3",
                "--feet",
                "2",
                "--pain",
                "1",
            ]
        )
        == 0
    )
    backup = tmp_path / "backup.json"
    assert main(["--data-dir", str(source), "export", "--json", str(backup)]) == 0
    data = json.loads(backup.read_text())
    data["data"]["settings"] = {k: v for bad in BAD for k, v in bad.items()}
    backup.write_text(json.dumps(data))
    if replace:
        assert (
            main(
                [
                    "--data-dir",
                    str(folder),
                    "checkin",
                    "--date",
                    "2025-05-01",
                    "--hands",
                    "1",
                    "--feet",
                    "1",
                    "--pain",
                    "1",
                ]
            )
            == 0
        )
    assert (
        main(
            [
                "--data-dir",
                str(folder),
                "import",
                "--json",
                str(backup),
                *(["--replace"] if replace else []),
            ]
        )
        == 0
    )
    capsys.readouterr()
    reaches_today(qtbot, folder)
