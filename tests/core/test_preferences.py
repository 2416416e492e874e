"""Settings are typed: a bad value is refused on write, left out on import, and falls
back to its default on read (logged once) — never a crash."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from cipn_coach.cli.commands import main
from cipn_coach.settings import preferences as prefs
from cipn_coach.settings.preferences import PreferenceError, Preferences

TODAY = date(2026, 11, 20)

BAD_SETTINGS = [
    {"plan.start_date": "not-a-date"},
    {"plan.start_date": 20260101},
    {"plan.start_date": "9999-12-31"},
    {
        "plan.routines": 5,
        "ui.theme": [],
        "voice.id": 5,
        "ui.text_scale": "big",
        "chime.enabled": "yes",
        "voice.rate": 10_000,
        "reminder.time": "25:99",
        "patient.name": ["x"],
        "patient.birth_year": 1066,
        "patient.sex": "other",
    },
]


class MemoryStore(dict):
    def get(self, key, default=None):
        return super().get(key, default)

    def set(self, key, value):
        self[key] = value


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def backup_file(tmp_path, capsys):
    """A real backup (``export --json``) of a folder with one check-in."""
    source = tmp_path / "source"
    code, _, err = run(
        capsys,
        "--data-dir",
        source,
        "checkin",
        "--date",
        "2025-06-01",
        "--hands",
        3,
        "--feet",
        2,
        "--pain",
        1,
    )
    assert code == 0, err
    path = tmp_path / "backup.json"
    code, _, err = run(capsys, "--data-dir", source, "export", "--json", path)
    assert code == 0, err
    return path


def with_settings(path, settings):
    backup = json.loads(path.read_text())
    backup["data"]["settings"] = settings
    path.write_text(json.dumps(backup))
    return path


@pytest.mark.parametrize("settings", BAD_SETTINGS, ids=["text", "number", "far-future", "others"])
@pytest.mark.parametrize("mode", ["empty", "replace"])
def test_a_backup_with_bad_settings_imports_and_summary_works(
    capsys, tmp_path, backup_file, settings, mode
):
    target = tmp_path / "target"
    if mode == "replace":  # a folder in use: import --replace
        assert (
            run(
                capsys,
                "--data-dir",
                target,
                "checkin",
                "--date",
                "2025-05-01",
                "--hands",
                1,
                "--feet",
                1,
                "--pain",
                1,
            )[0]
            == 0
        )
    extra = ["--replace"] if mode == "replace" else []
    code, out, err = run(
        capsys,
        "--data-dir",
        target,
        "import",
        "--json",
        with_settings(backup_file, settings),
        *extra,
    )
    assert code == 0, err
    for key in settings:
        assert key in out + err  # the import names each setting it left out
    code, out, err = run(
        capsys,
        "--data-dir",
        target,
        "summary",
        "--json",
        "--from",
        "2025-06-01",
        "--to",
        "2025-06-07",
    )
    assert code == 0, err
    assert json.loads(out)["days"][0]["hands"] == 3


@pytest.mark.parametrize("settings", BAD_SETTINGS, ids=["text", "number", "far-future", "others"])
def test_bad_stored_values_read_as_defaults_and_are_logged_once(settings, caplog):
    store = MemoryStore(settings)
    preferences = Preferences(store, today=lambda: TODAY)
    with caplog.at_level(logging.WARNING, logger="cipn_coach.settings.preferences"):
        for key in settings:
            pref = prefs.ALL[key]
            assert preferences.get(pref) == pref.default
            assert preferences.get(pref) == pref.default
    for key in settings:
        assert sum(key in record.getMessage() for record in caplog.records) == 1


def test_writes_are_checked_and_encoded():
    store = MemoryStore()
    preferences = Preferences(store, today=lambda: TODAY)
    preferences.set(prefs.PLAN_START, date(2026, 11, 1))
    assert store["plan.start_date"] == "2026-11-01"
    assert preferences.get(prefs.PLAN_START) == date(2026, 11, 1)
    preferences.set(prefs.TEXT_SCALE, 2)
    assert preferences.get(prefs.TEXT_SCALE) == 2.0
    for pref, bad in (
        (prefs.PLAN_START, date(1989, 12, 31)),
        (prefs.PLAN_START, date(2028, 1, 1)),
        (prefs.TEXT_SCALE, 2.5),
        (prefs.THEME, "pink"),
        (prefs.VOICE_RATE, 79),
        (prefs.PATIENT_NAME, "x" * 101),
        (prefs.BIRTH_YEAR, 2027),
        (prefs.SEX, "other"),
        (prefs.MORNING_TIME, "7:00"),
        (prefs.CHIME, 1),
    ):
        with pytest.raises(PreferenceError, match=pref.key):
            preferences.set(pref, bad)
    assert set(store) == {"plan.start_date", "ui.text_scale"}
    preferences.set(prefs.BIRTH_YEAR, 1950)
    preferences.set(prefs.SEX, None)
    preferences.set(prefs.EVENING_TIME, "19:30")
    assert preferences.get(prefs.BIRTH_YEAR) == 1950


def test_every_key_the_app_reads_is_defined_once():
    """No settings key as a string literal outside this module (core and UI)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"""settings\.(get|set)\(\s*["']""")
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("cipn_coach", "ui")
        for path in (root / folder).rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
