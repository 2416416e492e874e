"""Backups of the patient's database: checked, private, rotated, restorable.

- Made with SQLite's online backup API, never a file copy: a copy of a live WAL
  database can miss committed pages still in ``-wal`` or catch a page mid-write; the
  API reads one consistent snapshot even while the app writes.
- Written under a temporary name, checked with ``PRAGMA quick_check``, fsync'd, then
  renamed into place; one that fails its check is deleted and reported
  (``BackupError``), so a listed backup is a good one. Folder 0700, files 0600.
- Retention: newest 7 daily, 4 weekly, 6 monthly (``choose_kept``, pure, property-tested).
  Safety backups (made before an import, a restore, a migration or a repair; their reason
  starts with ``before-``) are outside that rotation: each is kept for
  ``KEEP_SAFETY_DAYS`` days, and the newest one is never deleted, so the data an import
  replaced can always be brought back.
- ``restore`` never deletes the database it replaces (moved aside as ``*.replaced-<ts>``).

Stdlib only, so ``storage.db`` can use it at start-up before SQLAlchemy opens anything.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _
from cipn_coach.paths import ensure_private_dir

DATABASE_FILE = "cipn-coach.sqlite3"
BACKUP_FOLDER = "backups"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
MAX_KEPT = KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
KEEP_SAFETY_DAYS = 30
SAFETY_PREFIX = "before-"
SIDE_SUFFIXES = ("-wal", "-shm")

_STAMP_FORMAT = "%Y%m%dT%H%M%S"
_NAME = re.compile(r"^cipn-coach-(\d{8}T\d{6})-(\d{6})Z-([a-z0-9-]{1,40})\.sqlite3$")


class BackupError(CoachError):
    """A backup could not be made, read or restored; the message says which and why."""


class FolderUnavailable(CoachError):
    """The data folder cannot be used right now (disk full, read-only, not a folder, no
    permission, locked): nothing is known to be wrong with the data, so nothing is moved."""


# SQLite result codes that describe the place, not the file's contents (PERM, BUSY,
# LOCKED, READONLY, IOERR, FULL, CANTOPEN): never a reason to treat a database as damaged.
_NOT_DAMAGE = {3, 5, 6, 8, 10, 13, 14}


# SQLite's own words are English whatever language the app speaks: the usual result
# codes in the reader's language (N_: made at import), the rest as SQLite words them
_SQLITE_WORDS = {
    3: N_("no permission to use the database file"),
    5: N_("the database is busy (another program is using it)"),
    6: N_("the database is locked by another program"),
    8: N_("the database can only be read, not written"),
    10: N_("the disk could not be read or written"),
    11: N_("the database file is damaged"),
    13: N_("the disk is full"),
    14: N_("the database file cannot be opened"),
    26: N_("the file is not a database"),
}


def sqlite_words(error: sqlite3.Error) -> str:
    """What went wrong, in the reader's language for the usual SQLite result codes."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return _(_SQLITE_WORDS[code]) if code in _SQLITE_WORDS else str(error)


def unavailable_reason(exc: BaseException) -> str | None:
    """Plain words if ``exc`` (sqlite3 or SQLAlchemy-wrapped) says the folder cannot be
    written or read right now, else ``None``."""
    error = getattr(exc, "orig", exc)
    if (
        isinstance(error, sqlite3.Error)
        and (getattr(error, "sqlite_errorcode", 0) & 0xFF) in _NOT_DAMAGE
    ):
        return sqlite_words(error)
    return None


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the Settings page lists it.

    ``sessions``/``checkins`` are ``None`` when the file cannot be read (it is then
    listed but not offered for restore); ``latest_day`` is the newest day with a
    session or check-in in it, which tells the user what a restore would bring back.
    """

    path: Path
    created_at: datetime
    reason: str
    size_bytes: int
    sessions: int | None
    checkins: int | None
    latest_day: date | None

    @property
    def readable(self) -> bool:
        return self.sessions is not None


# ------------------------------------------------------------------ small helpers
def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A file-name-safe UTC timestamp with microseconds (two backups never collide)."""
    moment = moment.astimezone(UTC)
    return f"{moment.strftime(_STAMP_FORMAT)}-{moment.microsecond:06d}Z"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_FOLDER


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable: the directory entry itself must reach the disk."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _connect_existing(path: Path) -> sqlite3.Connection:
    """Open ``path`` without ever creating it (a missing file must not become empty)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=5.0)


READ_THROUGH_CACHE_KIB = 256
"""The page cache of a connection that reads a file once through (a check, a backup, a
backup's counts). SQLite's default is 2 MiB a connection; a backup opened three and the
listing a fourth, each filled by a 3-year database (3.4 MB), and the app's peak memory
rose 4 MiB when the backup after a session ran. Pages read once gain nothing from it."""


def read_through(conn: sqlite3.Connection) -> sqlite3.Connection:
    """``conn`` with the small page cache of a one-pass read (``READ_THROUGH_CACHE_KIB``)."""
    conn.execute(f"PRAGMA cache_size=-{READ_THROUGH_CACHE_KIB}")
    return conn


def quick_check(path: Path, unavailable_raises: bool = False) -> str | None:
    """``None`` when ``path`` is a healthy SQLite database, else what is wrong, in words.

    Catches "file is not a database" (a text file, a truncated header) as well as the
    rows ``PRAGMA quick_check`` returns for damaged pages. With ``unavailable_raises``,
    a full disk or read-only folder raises ``FolderUnavailable`` instead (start-up must
    not mistake it for damage and move a healthy database aside).
    """
    if not path.is_file():
        return _("the file is missing")
    try:
        conn = read_through(_connect_existing(path))
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        reason = unavailable_reason(exc)
        if unavailable_raises and reason is not None:
            raise FolderUnavailable(
                _("cannot use the data folder {folder}: {reason}. Nothing was changed.").format(
                    folder=path.parent, reason=reason
                )
            ) from exc
        return sqlite_words(exc)
    if rows == ["ok"]:
        return None
    # SQLite's report of the damaged pages stays as it is: for whoever repairs it
    details = "; ".join(str(r) for r in rows[:5]) or "quick_check returned nothing"
    return _("the database check found damage ({details})").format(details=details)


def move_aside(database: Path, label: str, moment: datetime | None = None) -> Path:
    """Rename ``database`` (and its -wal/-shm) to ``<name>.<label>-<ts>``; never delete.

    Returns the new path of the main file. The side files travel with it because a WAL
    may hold committed data that belongs to exactly that main file.
    """
    suffix = f".{label}-{stamp(moment or utc_now())}"
    target = database.with_name(database.name + suffix)
    for side in ("", *SIDE_SUFFIXES):
        source = Path(f"{database}{side}")
        if source.exists():
            os.replace(source, Path(f"{database}{side}{suffix}"))
    _fsync_dir(database.parent)
    return target


# ------------------------------------------------------------------ making a backup
def _safe_reason(reason: str) -> str:
    cleaned = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")[:40]
    return cleaned or "backup"


def _copy_with_backup_api(source: Path, target: Path) -> None:
    """Snapshot ``source`` into a new single-file (rollback-journal) database ``target``."""
    src = read_through(_connect_existing(source))
    try:
        dst = read_through(sqlite3.connect(target))
        try:
            src.backup(dst)
            # The copy carries the WAL flag in its header; a backup should be one
            # self-contained file, so switch it to a rollback journal.
            dst.execute("PRAGMA journal_mode=DELETE")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()


_BACKUPS_LOCK = threading.RLock()
"""One backup at a time in this process: the app starts them on a thread pool after each
save, and two at once raced (the second's pruning deleted the first's new file before
the first described it: FileNotFoundError from a background thread)."""


def make_backup(
    database: Path,
    data_dir: Path | None = None,
    reason: str = "manual",
    now: datetime | None = None,
) -> BackupInfo:
    """Back up ``database`` into ``<data_dir>/backups/`` and prune old backups.

    Raises ``BackupError`` if the source cannot be read or the written copy fails
    ``quick_check`` (the bad copy is deleted first, so it can never be restored).
    """
    with _BACKUPS_LOCK:
        return _make_backup(database, data_dir, reason, now)


def _make_backup(
    database: Path, data_dir: Path | None, reason: str, now: datetime | None
) -> BackupInfo:
    data_dir = data_dir or database.parent
    folder = ensure_private_dir(backups_dir(data_dir))
    moment = now or utc_now()
    taken = {t for t, _ in _backup_files(data_dir)}
    while moment in taken:  # unique times keep retention exact: one file per instant
        moment += timedelta(microseconds=1)
    final = folder / f"cipn-coach-{stamp(moment)}-{_safe_reason(reason)}.sqlite3"
    partial = final.with_name(final.name + ".partial")
    old_umask = os.umask(0o077)
    try:
        _copy_with_backup_api(database, partial)
        os.chmod(partial, 0o600)
        problem = quick_check(partial)
        if problem is not None:
            raise BackupError(
                f"the backup of {database} failed its check ({problem}); it was deleted"
            )
        _fsync_file(partial)
        os.replace(partial, final)
        _fsync_dir(folder)
    except sqlite3.Error as exc:
        raise BackupError(
            _("could not back up {database}: {reason}").format(database=database, reason=exc)
        ) from exc
    except OSError as exc:
        raise BackupError(
            _("could not write a backup in {folder}: {reason}").format(folder=folder, reason=exc)
        ) from exc
    finally:
        os.umask(old_umask)
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
    prune_backups(data_dir, protect=final, now=moment)
    return describe_backup(final)


def backup_if_changed(
    database: Path, data_dir: Path | None = None, reason: str = "auto", now: datetime | None = None
) -> BackupInfo | None:
    """Back up only if the database changed since the newest backup (after a session,
    at the end of a check-in day): cheap enough to call often.

    "Changed" means the main file or its WAL was modified after the newest backup was
    made; reads never touch either file's modification time.
    """
    with _BACKUPS_LOCK:  # a second caller then sees the first one's backup
        if not database.is_file():
            return None
        backups = list_backups(database.parent if data_dir is None else data_dir, counts=False)
        if backups:
            newest = backups[0].created_at.timestamp()
            modified = max(
                Path(f"{database}{s}").stat().st_mtime
                for s in ("", "-wal")
                if Path(f"{database}{s}").exists()
            )
            if modified <= newest:
                return None
        return make_backup(database, data_dir, reason, now)


# ------------------------------------------------------------------ listing
def parse_backup_name(path: Path) -> tuple[datetime, str] | None:
    """(UTC creation time, reason) from a backup's file name, or ``None`` if not ours."""
    match = _NAME.match(path.name)
    if not match:
        return None
    moment = datetime.strptime(match.group(1), _STAMP_FORMAT).replace(
        microsecond=int(match.group(2)), tzinfo=UTC
    )
    return moment, match.group(3)


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)
        ).fetchone()
        is not None
    )


def _count(conn: sqlite3.Connection, table: str) -> int:
    return (
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if _has_table(conn, table)
        else 0
    )


def _latest_day(conn: sqlite3.Connection) -> date | None:
    days = [
        conn.execute(f"SELECT max({column}) FROM {table}").fetchone()[0]
        for table, column in (("sessions", "local_date"), ("checkins", "day"))
        if _has_table(conn, table)
    ]
    return max((date.fromisoformat(str(d)[:10]) for d in days if d), default=None)


def describe_backup(path: Path, counts: bool = True) -> BackupInfo:
    """Read a backup's record counts (read-only; never modifies the file)."""
    parsed = parse_backup_name(path)
    created, reason = (
        parsed if parsed else (datetime.fromtimestamp(path.stat().st_mtime, UTC), "unknown")
    )
    sessions = checkins = None
    latest = None
    if counts:
        try:
            conn = read_through(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
            try:
                sessions, checkins = _count(conn, "sessions"), _count(conn, "checkins")
                latest = _latest_day(conn)
            finally:
                conn.close()
        except (sqlite3.Error, ValueError):
            sessions = checkins = None
    return BackupInfo(path, created, reason, path.stat().st_size, sessions, checkins, latest)


def _backup_files(data_dir: Path) -> list[tuple[datetime, Path]]:
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = parse_backup_name(path)
        if parsed and path.is_file():
            found.append((parsed[0], path))
    return sorted(found, reverse=True)


def list_backups(data_dir: Path, counts: bool = True) -> list[BackupInfo]:
    """Every backup in the data folder, newest first, with dates and record counts."""
    return [describe_backup(path, counts) for _, path in _backup_files(data_dir)]


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes ``quick_check`` (what start-up recovery restores)."""
    for _made, path in _backup_files(data_dir):
        if quick_check(path) is None:
            return describe_backup(path)
    return None


# ------------------------------------------------------------------ retention
def choose_kept(
    times: Iterable[datetime],
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[datetime]:
    """Which backup times to keep: the newest of each of the last ``daily`` days,
    ``weekly`` ISO weeks and ``monthly`` months that have backups (Anki's scheme).

    Pure, so it is property-tested: the newest is always kept (it is the newest of its
    day), at most ``daily + weekly + monthly`` are kept, and one per bucket.
    """
    ordered = sorted(set(times), reverse=True)
    kept: set[datetime] = set()
    for limit, bucket in (
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ):
        seen: list[object] = []
        for moment in ordered:
            key = bucket(moment)
            if key in seen:
                continue
            if len(seen) == limit:
                break
            seen.append(key)
            kept.add(moment)
    return kept


def is_safety_backup(reason: str) -> bool:
    """A backup made just before something replaced data (import, restore, migration,
    repair): it may be the only copy of what was replaced."""
    return reason.startswith(SAFETY_PREFIX)


def choose_kept_safety(
    times: Iterable[datetime], now: datetime, days: int = KEEP_SAFETY_DAYS
) -> set[datetime]:
    """Which safety backups to keep: every one younger than ``days`` days, and always
    the newest one however old (pure, like ``choose_kept``)."""
    ordered = sorted(set(times), reverse=True)
    kept = {t for t in ordered if now - t < timedelta(days=days)}
    if ordered:
        kept.add(ordered[0])
    return kept


def prune_backups(
    data_dir: Path, protect: Path | None = None, now: datetime | None = None
) -> list[Path]:
    """Delete backups the retention rules no longer keep (and stale ``.partial`` files
    from an interrupted backup). Never touches anything else in the folder.

    Routine backups follow ``choose_kept``; safety backups follow ``choose_kept_safety``
    and never count against the routine ones (a run of imports must not push out the
    copy made before a replace).

    ``protect`` is the backup just made: if the clock was once set ahead, older-named
    "future" backups would otherwise make the rule drop the newest real one.
    """
    files = _backup_files(data_dir)
    safety = {path for _, path in files if is_safety_backup(parse_backup_name(path)[1])}  # type: ignore[index]
    keep = choose_kept(t for t, p in files if p not in safety)
    keep_safety = choose_kept_safety((t for t, p in files if p in safety), now or utc_now())
    removed = []
    for moment, path in files:
        kept = moment in (keep_safety if path in safety else keep)
        if not kept and path != protect:
            path.unlink(missing_ok=True)
            removed.append(path)
    folder = backups_dir(data_dir)
    if folder.is_dir():
        for stale in folder.glob("*.partial"):
            stale.unlink(missing_ok=True)
    return removed


# ------------------------------------------------------------------ restoring
@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    database: Path
    replaced: Path | None  # where the previous database was moved (None if there was none)


def copy_into_place(backup: Path, database: Path) -> None:
    """Write ``backup`` to ``database`` via the backup API, checked before it goes live.

    The copy is made beside the target and renamed over it only after it passes
    ``quick_check``, so a failure leaves whatever was there untouched.
    """
    staging = database.with_name(database.name + ".restoring")
    old_umask = os.umask(0o077)
    try:
        staging.unlink(missing_ok=True)
        _copy_with_backup_api(backup, staging)
        problem = quick_check(staging)
        if problem is not None:
            raise BackupError(
                _("the restored copy of {backup} failed its check ({problem})").format(
                    backup=backup.name, problem=problem
                )
            )
        os.chmod(staging, 0o600)
        _fsync_file(staging)
        if database.exists():
            raise BackupError(
                _("{database} is in the way; move it aside first").format(database=database)
            )
        os.replace(staging, database)
        _fsync_dir(database.parent)
    except sqlite3.Error as exc:
        raise BackupError(
            _("could not restore {backup}: {reason}").format(backup=backup.name, reason=exc)
        ) from exc
    finally:
        os.umask(old_umask)
        staging.unlink(missing_ok=True)
        Path(f"{staging}-journal").unlink(missing_ok=True)


def restore(backup: Path, data_dir: Path, now: datetime | None = None) -> RestoreResult:
    """Make ``backup`` the data folder's database. The app must have closed its
    database first (``Database.close()``) and reopen it afterwards.

    The backup is checked before anything moves; the current database (and its WAL)
    is moved aside as ``*.replaced-<ts>``, never deleted, so a wrong choice can be undone.
    """
    problem = quick_check(backup)
    if problem is not None:
        raise BackupError(
            _("{backup} cannot be restored: {problem}").format(backup=backup.name, problem=problem)
        )
    database = data_dir / DATABASE_FILE
    ensure_private_dir(data_dir)
    # Stage first: if staging fails, the current database is still in place.
    staged = database.with_name(database.name + ".staged")
    staged.unlink(missing_ok=True)
    copy_into_place(backup, staged)
    replaced = None
    if quick_check(database) is None:
        # Listed in Settings → Restore, so a wrong choice is undone the same way it was made.
        make_backup(database, data_dir, "before-restore", now)
    if any(Path(f"{database}{side}").exists() for side in ("", *SIDE_SUFFIXES)):
        # A stray WAL must go too: replayed onto the restored file it would corrupt it.
        replaced = move_aside(database, "replaced", now)
    os.replace(staged, database)
    _fsync_dir(data_dir)
    return RestoreResult(backup, database, replaced)
