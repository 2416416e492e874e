"""Missing parts: no speech engine, a data folder that cannot be used, what doctor says.

- No speech engine: the real ``Synthesizer`` whose engine loader fails, under the real
  ``QtSpeaker``: ``unavailable`` is emitted exactly once and a whole session still runs
  in the real ``MainWindow`` with every cue as a caption, and is saved.
- A data folder that cannot be used: ``--data-dir`` inside a regular file (works for any
  user), and a really read-only folder (a tmpfs remounted read-only when root, since root
  ignores ``chmod``; ``chmod 0500`` otherwise): one clear line, exit 2, nothing touched.
- ``cipn-coach doctor``: what ``tests/core/test_doctor.py`` does not cover yet: the
  speech line without an engine, the voices count, the newest backup, a read-only folder.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from cipn_coach.engine.clock import FakeClock
from cipn_coach.services import open_services
from cipn_coach.speech import synthesizer as synth_module
from cipn_coach.speech.speaker import SpeechUnavailable, VoiceSettings
from cipn_coach.speech.synthesizer import Synthesizer
from tests.core.factories import exercise, library, routine

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 8, 0)

pytestmark = pytest.mark.no_qt_log  # QtSpeaker's FFmpeg threads log at any moment


@pytest.fixture
def no_engine(monkeypatch) -> list[int]:
    """The engine loader fails as it does without libespeak-ng."""
    calls: list[int] = []

    def fail() -> None:
        calls.append(1)
        raise SpeechUnavailable("no speech engine: libespeak-ng.so.1: cannot open shared object")

    monkeypatch.setattr(synth_module, "_engine_locked", fail)
    return calls


def test_no_speech_engine_unavailable_once_and_the_session_runs_with_captions(
    qtbot, tmp_path, no_engine
):
    import ui.speech
    from ui.main_window import MainWindow
    from ui.speech import QtSpeaker

    synth = Synthesizer(tmp_path / "cache", VoiceSettings())
    speaker = QtSpeaker(synth, chime_path=tmp_path / "no-chime.wav")
    told: list[str] = []
    speaker.unavailable.connect(told.append)
    lib = library(
        exercise("fingers", reps=3, seconds_per_rep=2.0, rest=5),
        routines=[
            routine(
                "short",
                [{"exercise": "fingers"}, {"exercise": "fingers"}],
                get_ready_seconds=3,
                prepare_seconds=3,
            )
        ],
    )
    services = open_services(tmp_path / "data", library=lib, recover=True)
    try:
        clock = FakeClock()
        window = MainWindow(services, speaker, chime=speaker.chime, clock=clock, now=lambda: NOW)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: told != [], timeout=5000)
        window.start_session("short", "morning")
        driver = window.player.driver
        assert driver is not None
        while window.player.is_running:
            clock.advance(0.5)
            driver.tick()
            qtbot.wait(1)
        qtbot.wait(100)
        assert len(told) == 1 and "no speech engine" in told[0]
        assert synth.error is not None and not synth.available
        assert not speaker.is_speaking
        script = [c["text"] for c in driver.engine.timeline.script() if c["kind"] != "chime"]
        assert script and window.player.captions == script  # every cue was on screen
        assert services.writer.flush(timeout=30)  # session writes: saved by the ordered writer
        saved = services.sessions.between(NOW.date(), NOW.date())
        assert [(s.status, len(s.steps)) for s in saved] == [("completed", 2)]
        window.close()
    finally:
        services.close()
        speaker.close()
        qtbot.waitUntil(lambda: not ui.speech._DISPOSING, timeout=5000)
    assert len(told) == 1


# ------------------------------------------------------- a folder that cannot be used
def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cipn_coach.cli.commands", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


CHECKIN = ("checkin", "--date", "2026-01-02", "--hands", "1", "--feet", "2", "--pain", "3")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def assert_one_clear_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("cipn-coach: ") and "Nothing was changed" in lines[0], lines
    for word in words:
        assert word in lines[0], lines


def test_data_dir_inside_a_regular_file_says_so_and_touches_nothing(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("my notes")
    before = snapshot(tmp_path)
    for data_dir in (blocker, blocker / "data"):
        done = cli(*CHECKIN, "--data-dir", str(data_dir))
        assert_one_clear_line(done, "cannot use the data folder", "not a file")
    assert snapshot(tmp_path) == before and blocker.read_text() == "my notes"


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A data folder with a real database, then made read-only for this process."""
    if os.geteuid() != 0:
        folder = tmp_path / "data"
        assert cli(*CHECKIN, "--data-dir", str(folder)).returncode == 0
        os.chmod(folder, 0o500)
        try:
            yield folder
        finally:
            os.chmod(folder, 0o700)
        return
    disk = tmp_path / "disk"
    disk.mkdir()
    if (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("root cannot be refused by chmod, and mounting a tmpfs is not allowed")
    try:
        folder = disk / "data"
        assert cli(*CHECKIN, "--data-dir", str(folder)).returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert not os.access(folder, os.W_OK)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_read_only_data_folder_says_so_and_touches_nothing(read_only_folder):
    before = snapshot(read_only_folder)
    done = cli(*CHECKIN[:-1], "9", "--data-dir", str(read_only_folder))
    assert_one_clear_line(done, "cannot use the data folder")
    assert snapshot(read_only_folder) == before


def test_doctor_on_a_read_only_folder_names_the_problem(read_only_folder):
    from cipn_coach.cli import commands as cli_module
    from cipn_coach.cli import doctor

    findings = {
        f.name: f
        for f in doctor.run_checks(
            read_only_folder,
            read_only_folder / "cipn-coach.sqlite3",
            library(),
            speech=lambda: doctor.Finding("speech", "ok", "fake"),
        )
    }
    assert findings["permissions"].status == "attention"
    assert "cannot write" in findings["permissions"].detail
    assert findings["database"].detail.endswith("cipn-coach.sqlite3")
    out = io.StringIO()
    status = cli_module.run(
        cli_module.parse_args(["doctor", "--data-dir", str(read_only_folder)]),
        out=out,
        err=io.StringIO(),
    )
    assert status == 1 and "permissions" in out.getvalue()


# ------------------------------------------------------------------- doctor, the rest
def test_doctor_speech_line_without_an_engine_says_captions(no_engine):
    from cipn_coach.cli import doctor

    finding = doctor.check_speech()
    assert finding.status == "attention"
    assert "no speech engine" in finding.detail and "captions" in finding.detail


def test_doctor_speech_line_counts_voices_when_the_engine_works():
    from cipn_coach.cli import doctor

    finding = doctor.check_speech()
    if finding.status != "ok":
        pytest.skip(f"no working speech engine here: {finding.detail}")
    assert " voices" in finding.detail


def test_doctor_backups_line_has_count_and_newest(tmp_path):
    from cipn_coach.cli import doctor
    from cipn_coach.storage import backup
    from cipn_coach.storage.db import database_url_for, open_database

    folder = tmp_path / "data"
    db = open_database(database_url_for(folder))
    assert db.path is not None
    backup.make_backup(db.path, folder, "manual", now=datetime(2026, 1, 2, 9, 30).astimezone())
    newest = backup.make_backup(
        db.path, folder, "manual", now=datetime(2026, 1, 3, 9, 30).astimezone()
    )
    db.close()
    finding = doctor.check_backups(folder, db.path)
    assert finding.status == "ok"
    assert finding.detail.startswith("2 in ")
    assert f"newest {newest.created_at.astimezone():%Y-%m-%d %H:%M}" in finding.detail
