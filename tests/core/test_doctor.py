"""``cipn-coach doctor``: plain lines or JSON, exit 0 when fine, 1 when something needs
attention, and it never changes the data folder it inspects."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from cipn_coach.cli import commands as cli
from cipn_coach.cli import doctor
from cipn_coach.storage import backup
from cipn_coach.storage import db as dbmod


@pytest.fixture
def quiet_env(monkeypatch):
    """A desktop-like environment without running the real synthesizer (tested elsewhere)."""
    monkeypatch.setattr(doctor, "check_speech", lambda: doctor.Finding("speech", "ok", "fake"))
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = cli.run(cli.parse_args(list(argv)), out=out, err=io.StringIO())
    return status, out.getvalue()


def make_data(folder: Path) -> Path:
    database = dbmod.open_database(dbmod.database_url_for(folder))
    backup.make_backup(database.path, folder, "manual")
    database.close()
    return folder / dbmod.DATABASE_FILE


def test_healthy_folder_exits_0_with_one_line_per_check(tmp_path, quiet_env):
    folder = tmp_path / "my data ü"
    make_data(folder)
    status, text = run("doctor", "--data-dir", str(folder))
    assert status == 0, text
    names = [line.split()[1] for line in text.splitlines()]
    assert names == [
        "speech",
        "audio",
        "display",
        "library",
        "database",
        "integrity",
        "schema",
        "backups",
        "permissions",
    ]
    assert "quick_check ok" in text and "1 in" in text


def test_json_and_attention_exit_1_without_touching_a_damaged_file(tmp_path, quiet_env):
    folder = tmp_path / "data"
    path = make_data(folder)
    path.write_text("not a database")
    os.chmod(folder, 0o755)
    before = sorted(p.name for p in folder.iterdir())
    status, text = run("doctor", "--json", "--data-dir", str(folder))
    report = json.loads(text)
    assert status == 1 and report["ok"] is False
    by_name = {c["name"]: c for c in report["checks"]}
    assert by_name["integrity"]["status"] == "attention"
    assert "others can read" in by_name["permissions"]["detail"]
    assert sorted(p.name for p in folder.iterdir()) == before  # looked, never touched
    assert path.read_text() == "not a database"


def test_no_display_needs_attention(tmp_path, quiet_env, monkeypatch):
    monkeypatch.delenv("DISPLAY")
    status, _ = run("doctor", "--data-dir", str(tmp_path / "new"))
    assert status == 1


def test_audio_is_found_by_socket_or_alsa_and_otherwise_unknown(tmp_path):
    runtime = tmp_path / "run"
    (runtime / "pulse").mkdir(parents=True)
    (runtime / "pulse" / "native").touch()
    assert doctor.check_audio({"XDG_RUNTIME_DIR": str(runtime)}, tmp_path / "nosnd").status == "ok"
    snd = tmp_path / "snd"
    snd.mkdir()
    (snd / "pcmC0D0p").touch()
    assert "pcmC0D0p" in doctor.check_audio({}, snd).detail
    assert doctor.check_audio({}, tmp_path / "nosnd").status == "unknown"


def test_an_old_schema_is_fine_and_a_newer_one_needs_attention(tmp_path):
    import shutil
    import sqlite3

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "schema_0001.sqlite3"
    path = tmp_path / dbmod.DATABASE_FILE
    shutil.copyfile(fixture, path)
    schema = {f.name: f for f in doctor.check_database(path)}["schema"]
    assert schema.status == "ok" and "upgraded" in schema.detail
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num='9999'")
    conn.commit()
    conn.close()
    assert {f.name: f for f in doctor.check_database(path)}["schema"].status == "attention"


def test_real_speech_check_never_raises():
    finding = doctor.check_speech()
    assert finding.status in ("ok", "attention") and finding.detail
