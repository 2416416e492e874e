"""``cipn-coach doctor``: what works on this computer, and what needs attention.

Written for the moment a patient's family or a clinic's IT person asks "why is there no
voice?" or "is my data safe?". Each check gives one plain line. The doctor only looks:
it never migrates, repairs or backs up (the app does that at start), and it opens no
Qt, so it runs on a machine without a display.

Statuses: ``ok``; ``attention`` (something to fix; the command exits 1); ``unknown``
(it cannot tell without playing a sound, e.g. whether speakers are plugged in; it does
not change the exit status, because guessing "broken" would send people chasing
ghosts).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from cipn_coach.i18n import N_, _
from cipn_coach.routines.library import Library
from cipn_coach.storage import backup
from cipn_coach.storage.migrations import HEAD_REVISION
from cipn_coach.storage.startup_check import startup_check

OK, ATTENTION, UNKNOWN = "ok", "attention", "unknown"
LOW_DISK_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Finding:
    name: str
    status: str
    detail: str


def check_speech() -> Finding:
    """Runs the real synthesizer path once (engine start, one phrase, a WAV measured)."""
    try:
        from cipn_coach.speech.check import doctor_check

        result = doctor_check(timeout_s=10.0)
    except Exception as exc:  # any failure here means "no voice", never a crash
        return Finding(
            "speech",
            ATTENTION,
            _("speech engine unavailable: {error} (spoken cues fall back to captions)").format(
                error=exc
            ),
        )
    return Finding("speech", OK if result.ok else ATTENTION, result.detail)


def check_audio(env: Mapping[str, str] = os.environ, snd: Path = Path("/dev/snd")) -> Finding:
    """A sound server socket or an ALSA playback device, looked for without Qt.

    Finding one does not prove a speaker is connected, and finding none does not prove
    there is no sound (another server may be in use), so "none found" is ``unknown``.
    """
    if env.get("PULSE_SERVER"):
        return Finding(
            "audio",
            OK,
            _("sound server set: {setting}").format(setting=f"PULSE_SERVER={env['PULSE_SERVER']}"),
        )
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime:
        for name, label in (("pipewire-0", "PipeWire"), ("pulse/native", "PulseAudio")):
            if Path(runtime, name).exists():
                return Finding(
                    "audio",
                    OK,
                    _("{server} sound server found ({path})").format(
                        server=label, path=Path(runtime, name)
                    ),
                )
    try:
        playback = sorted(
            p.name for p in snd.iterdir() if p.name.startswith("pcm") and p.name.endswith("p")
        )
    except OSError:
        playback = []
    if playback:
        return Finding(
            "audio", OK, _("ALSA playback devices: {devices}").format(devices=", ".join(playback))
        )
    return Finding(
        "audio",
        UNKNOWN,
        _(
            "no sound server or ALSA playback device found; if "
            "there is no sound, spoken cues still show as captions"
        ),
    )


def check_display(env: Mapping[str, str] = os.environ) -> Finding:
    for name in ("WAYLAND_DISPLAY", "DISPLAY"):
        if env.get(name):
            return Finding("display", OK, f"{name}={env[name]}")
    return Finding(
        "display",
        ATTENTION,
        _(
            "no display (DISPLAY/WAYLAND_DISPLAY not set): the "
            "app window cannot open here; commands such as "
            "'checkin' still work"
        ),
    )


def _schema_version(path: Path) -> str | None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if exists else None
        return row[0] if row else None
    finally:
        conn.close()


def check_database(path: Path | None) -> list[Finding]:
    """Path, integrity (``quick_check``) and schema version of the database file."""
    if path is None:
        return [Finding("database", UNKNOWN, _("not a SQLite file (custom --database-url)"))]
    found = [Finding("database", OK, str(path))]
    if not path.exists():
        if backup.list_backups(path.parent, counts=False):
            return [
                *found,
                Finding(
                    "integrity",
                    ATTENTION,
                    _(
                        "the database file is missing; the app will restore the newest good backup "
                        "at start"
                    ),
                ),
            ]
        return [
            *found,
            Finding("integrity", OK, _("no database yet: it is created at first start")),
        ]
    try:
        problem = startup_check(path)
    except (backup.FolderUnavailable, OSError) as exc:  # full or read-only: not damage
        return [
            *found,
            Finding("integrity", ATTENTION, _("cannot check it now: {error}").format(error=exc)),
        ]
    if problem is not None:
        return [
            *found,
            Finding(
                "integrity",
                ATTENTION,
                _(
                    "damaged: {problem}; the app will keep this file aside and restore the newest good "
                    "backup"
                ).format(problem=problem),
            ),
        ]
    found.append(Finding("integrity", OK, _("quick_check ok")))
    try:
        version = _schema_version(path)
    except sqlite3.Error as exc:
        return [
            *found,
            Finding(
                "schema", ATTENTION, _("cannot read the schema version: {error}").format(error=exc)
            ),
        ]
    if version == HEAD_REVISION:
        found.append(
            Finding("schema", OK, _("version {version} (current)").format(version=version))
        )
    elif version is not None and version < HEAD_REVISION:
        found.append(
            Finding(
                "schema",
                OK,
                _("version {version}: upgraded to {head} at next start, after a backup").format(
                    version=version, head=HEAD_REVISION
                ),
            )
        )
    else:
        found.append(
            Finding(
                "schema",
                ATTENTION,
                _(
                    "version {version} is not known to this version of CIPN Coach (expects {head}); "
                    "update the app"
                ).format(version=version, head=HEAD_REVISION),
            )
        )
    return found


def check_backups(data_dir: Path, database: Path | None) -> Finding:
    backups = backup.list_backups(data_dir)
    if not backups:
        has_data = database is not None and database.exists() and database.stat().st_size > 0
        return Finding(
            "backups",
            ATTENTION if has_data else OK,
            _("no backups yet; use Settings → Back up now") if has_data else _("no backups yet"),
        )
    newest = backups[0]
    unreadable = sum(not b.readable for b in backups)
    detail = _("{n} in {folder}; newest {when} ({sessions} sessions, {checkins} check-ins)").format(
        n=len(backups),
        folder=backup.backups_dir(data_dir),
        when=f"{newest.created_at.astimezone():%Y-%m-%d %H:%M}",
        sessions=newest.sessions,
        checkins=newest.checkins,
    )
    if unreadable:
        return Finding(
            "backups",
            ATTENTION,
            _("{detail}; {n} cannot be read").format(detail=detail, n=unreadable),
        )
    return Finding("backups", OK, detail)


def check_permissions(data_dir: Path) -> Finding:
    """Private (0700) and writable, with room to save; a missing folder is made at start."""
    if not data_dir.exists():
        parent = next((p for p in data_dir.parents if p.exists()), Path("/"))
        if os.access(parent, os.W_OK):
            return Finding(
                "permissions",
                OK,
                _("{folder} does not exist yet; it will be created, readable only by you").format(
                    folder=data_dir
                ),
            )
        return Finding(
            "permissions",
            ATTENTION,
            _("{folder} cannot be created ({parent} is not writable)").format(
                folder=data_dir, parent=parent
            ),
        )
    mode = stat.S_IMODE(data_dir.stat().st_mode)
    problems = []
    if mode & 0o077:
        problems.append(
            _("folder mode is {mode}, others can read it (should be 0700)").format(
                mode=f"{mode:04o}"
            )
        )
    try:
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".doctor-"):
            pass
    except OSError as exc:
        problems.append(_("cannot write there: {error}").format(error=exc.strerror or exc))
    free = shutil.disk_usage(data_dir).free
    if free < LOW_DISK_BYTES:
        problems.append(_("only {mb} MB free on the disk").format(mb=free // (1024 * 1024)))
    if problems:
        return Finding("permissions", ATTENTION, f"{data_dir}: " + "; ".join(problems))
    return Finding(
        "permissions",
        OK,
        _("{folder}: mode {mode}, writable, {mb} MB free").format(
            folder=data_dir, mode=f"{mode:04o}", mb=free // (1024 * 1024)
        ),
    )


def check_library(library: Library) -> Finding:
    detail = _("{exercises} exercises, {routines} routines").format(
        exercises=len(library.exercises), routines=len(library.routines)
    )
    if library.problems:
        return Finding(
            "library",
            ATTENTION,
            _("{detail}; skipped: {problems}").format(
                detail=detail, problems="; ".join(str(p) for p in library.problems)
            ),
        )
    return Finding("library", OK, detail)


def run_checks(
    data_dir: Path,
    database: Path | None,
    library: Library,
    speech: Callable[[], Finding] = check_speech,
) -> list[Finding]:
    return [
        speech(),
        check_audio(),
        check_display(),
        check_library(library),
        *check_database(database),
        check_backups(data_dir, database),
        check_permissions(data_dir),
    ]


def exit_status(findings: list[Finding]) -> int:
    """0 when nothing needs attention, 1 otherwise (``unknown`` does not count)."""
    return 1 if any(f.status == ATTENTION for f in findings) else 0


def as_json(findings: list[Finding]) -> dict[str, object]:
    return {"ok": exit_status(findings) == 0, "checks": [asdict(f) for f in findings]}


# the human lines name each status and check in the current language (JSON keeps the codes)
STATUS_WORDS = {OK: N_("ok"), ATTENTION: N_("attention"), UNKNOWN: N_("unknown")}
CHECK_WORDS = {
    "speech": N_("speech"),
    "audio": N_("audio"),
    "display": N_("display"),
    "library": N_("library"),
    "database": N_("database"),
    "integrity": N_("integrity"),
    "schema": N_("schema"),
    "backups": N_("backups"),
    "permissions": N_("permissions"),
}


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` columns; a CJK character takes two."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def as_lines(findings: list[Finding]) -> list[str]:
    return [
        f"{_padded(_(STATUS_WORDS.get(f.status, f.status)), 9)} "
        f"{_padded(_(CHECK_WORDS.get(f.name, f.name)), 12)} {f.detail}"
        for f in findings
    ]
