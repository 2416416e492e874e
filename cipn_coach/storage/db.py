"""Opening the database: one engine per data folder, SQLite pragmas, migrations.

Nothing is created at import time. ``open_database`` builds the engine, sets the
pragmas on every new connection (WAL so a crash never half-writes, FULL sync so a
committed step survives a power cut, foreign keys on), and upgrades the schema.

Before that it checks an existing file with ``PRAGMA quick_check``. A damaged file (or
one that is not a database at all) is moved aside, never deleted, and the newest backup
that passes its own check is restored; ``Database.recovery`` then says what happened so
the UI can tell the patient in plain words. A database that is behind the schema head
is backed up before it is migrated.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from cipn_coach.errors import DamagedDatabase
from cipn_coach.i18n import _, p_
from cipn_coach.paths import ensure_private_dir
from cipn_coach.storage import backup, repair_notice
from cipn_coach.storage.backup import DATABASE_FILE
from cipn_coach.storage.migrations import HEAD_REVISION
from cipn_coach.storage.startup_check import StartupCheck, startup_problem

__all__ = ["DATABASE_FILE", "DamagedDatabase", "Database", "RecoveryReport", "open_database"]
BUSY_TIMEOUT_MS = 30_000
"""How long a write waits for another process's write to finish. Writes are short
(milliseconds), but 100 CLI check-ins started at once queue for ~10 s on a busy
two-core machine; 5 s refused the last of them."""


def _set_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
    # Python's sqlite3 runs DDL outside any transaction, so a migration killed half-way
    # left some tables created and no version stamp (the next start then failed with
    # "table already exists"). We open every transaction ourselves instead: see _begin.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]


BEGIN_MODE = "cipn_begin"
"""Execution option naming how a transaction begins: ``IMMEDIATE`` (the default, for
anything that may write) or ``DEFERRED`` (``Database.reading``, reads only)."""


def _begin(connection: object) -> None:
    """Every transaction, DDL included, is one real SQLite transaction: all or nothing.

    A write transaction begins IMMEDIATE: it takes the write lock at once, waiting for it
    within ``busy_timeout``. A plain (deferred) ``BEGIN`` reads first and upgrades its
    read lock at the first write; if another process wrote in between, SQLite refuses
    with "database is locked" at once, without waiting (two thirds of 200 simultaneous
    CLI check-ins were refused). Reads keep the cheap deferred begin, so they never wait
    for a writer (WAL lets them read beside it).
    """
    mode = connection.get_execution_options().get(BEGIN_MODE, "IMMEDIATE")  # type: ignore[attr-defined]
    connection.exec_driver_sql(f"BEGIN {mode}")  # type: ignore[attr-defined]


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the app's pragmas. ``sqlite://`` is in-memory (tests)."""
    parsed = make_url(url)
    kwargs: dict[str, object] = {}
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _set_pragmas)
        event.listen(engine, "begin", _begin)
    return engine


def database_url_for(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DATABASE_FILE}"


def current_revision(engine: Engine) -> str | None:
    with engine.connect().execution_options(**{BEGIN_MODE: "DEFERRED"}) as conn:
        exists = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not exists:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def upgrade_to_head(engine: Engine) -> None:
    """Run Alembic's upgrade on ``engine`` (imported only when there is work to do)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _upgrade_apart(engine: Engine, url: str) -> bool:
    """Upgrade in a child process; False when this process must do it itself (a frozen
    app). Raises ``MigrationFailed`` if the child failed or left the schema behind."""
    from cipn_coach.storage.migrate_apart import (
        MigrationFailed,
        can_migrate_apart,
        upgrade_in_child,
    )

    if not can_migrate_apart():
        return False
    engine.dispose()  # no connection of ours holds a stale schema across the change
    upgrade_in_child(url)
    reached = current_revision(engine)
    if reached != HEAD_REVISION:
        raise MigrationFailed(
            f"the data is at schema {reached} after upgrading, expected {HEAD_REVISION}"
        )
    return True


def _restrict_files(database: Path) -> None:
    """Health data: the database and its WAL/SHM side files are for this user only."""
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{database}{suffix}")
        if path.exists():
            try:
                os.chmod(path, 0o600)
            except OSError:
                pass


@dataclass(frozen=True)
class RecoveryReport:
    """What start-up did about a damaged database, for the UI to tell the patient.

    ``damaged_path`` is where the damaged file now is (kept, never deleted), ``None``
    when the file was missing altogether; ``restored_from``/``backup_time`` name the
    backup that replaced it, or are ``None`` when there was no good backup and a fresh
    database was started. ``missing_days`` are the days whose check-in or session the
    damaged file shows as saved after the backup was made, when it could still be read
    that far (best effort: a back-filled past day is named as well as recent ones).
    """

    damaged_path: Path | None
    problem: str
    restored_from: Path | None
    backup_time: datetime | None
    latest_day: date | None  # newest day with data in the restored backup
    missing_days: tuple[date, ...] = ()

    def message(self) -> str:
        """Plain words for a dialog: what happened, what may be missing, where the file is.

        What may be missing is whatever was *saved* after the backup was made, whichever
        day it was for: a past day filled in later is lost as surely as today."""
        from cipn_coach import formatting

        if self.damaged_path is None:
            first, kept = _("Your saved data file was missing."), ""
        else:
            first = _("Your saved data could not be read: the file was damaged.")
            kept = _("The damaged file was kept, untouched, at {path}.").format(
                path=self.damaged_path
            )
        if self.restored_from is None or self.backup_time is None:
            empty = _("No backup was available, so the app started with an empty record.")
            return f"{first} {empty} {kept}".strip()
        made = formatting.moment(self.backup_time)
        told = _(
            "It was replaced by the backup made on {when}. Check-ins and sessions saved "
            "after that moment may be missing, including past days filled in "
            "later."
        ).format(when=made)
        days = ""
        if self.missing_days:
            days = " " + _("These days were saved after it: {days}.").format(
                days=p_("list separator", ", ").join(
                    formatting.day_year(day) for day in self.missing_days
                )
            )
        again = _("Please check those days and fill in any check-ins again.")
        return f"{first} {told}{days} {again} {kept}".strip()


def _days_saved_after(damaged: Path | None, since: datetime) -> tuple[date, ...]:
    """Best effort: the days the damaged file shows as saved after ``since`` (UTC).

    By the time each row was saved (``updated_at``, a session's start), never by its day.
    A file too damaged to read gives nothing; the message then speaks of the moment only.
    """
    if damaged is None:
        return ()
    cutoff = since.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    try:
        conn = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            found: set[date] = set()
            for query in (
                "SELECT day FROM checkins WHERE updated_at > ?",
                "SELECT local_date FROM sessions WHERE started_at > ? OR ended_at > ?",
                "SELECT s.local_date FROM session_steps AS t JOIN sessions AS s "
                "ON s.id = t.session_id WHERE t.ended_at > ?",
            ):
                try:
                    rows = conn.execute(query, (cutoff,) * query.count("?")).fetchall()
                except sqlite3.Error:
                    continue
                found.update(date.fromisoformat(str(row[0])[:10]) for row in rows if row[0])
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, OSError):
        return ()
    return tuple(sorted(found))


@dataclass
class Database:
    engine: Engine
    sessionmaker: sessionmaker[Session]
    path: Path | None
    recovery: RecoveryReport | None = None
    # the read transaction open in this thread, if any (see ``reading``)
    _open_read: ContextVar[Session | None] = field(
        default_factory=lambda: ContextVar("open_read", default=None), repr=False
    )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short unit of work: committed on success, rolled back on any error."""
        with self.sessionmaker.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: begins deferred, so it never waits for a writer.

        Inside another ``reading`` of the same thread it is that one: reads made
        together (a summary makes a dozen) see one snapshot of the database and begin
        and end once; each begin and commit cost more than a small read itself. Nothing
        may be written inside: a write is its own ``transaction``, not seen by the read.
        """
        open_read = self._open_read.get()
        if open_read is not None:
            yield open_read
            return
        with self.sessionmaker.begin() as session:
            session.connection(execution_options={BEGIN_MODE: "DEFERRED"})
            token = self._open_read.set(session)
            try:
                yield session
            finally:
                self._open_read.reset(token)

    def close(self) -> None:
        self.engine.dispose()


def recover_damaged(path: Path, problem: str) -> RecoveryReport:
    """Move the damaged database aside and put the newest good backup in its place.

    The message is also saved as the data folder's unread repair notice, so whoever
    repaired it (the app, or a command), the app tells the person at its next start."""
    damaged = backup.move_aside(path, "damaged") if path.exists() else None
    good = backup.newest_good_backup(path.parent)
    if good is None:
        report = RecoveryReport(damaged, problem, None, None, None)
    else:
        backup.copy_into_place(good.path, path)
        report = RecoveryReport(
            damaged,
            problem,
            good.path,
            good.created_at,
            good.latest_day,
            _days_saved_after(damaged, good.created_at),
        )
    repair_notice.save(path.parent, report.message())
    return report


def open_database(
    url: str,
    repair: bool = True,
    migrate_apart: bool = False,
    checked: StartupCheck | None = None,
) -> Database:
    """Open (creating if needed), check, repair and upgrade the database at ``url``.

    With ``repair=False`` (a CLI command without ``--repair``) a damaged database raises
    ``DamagedDatabase`` and nothing is moved: the person decides.

    ``migrate_apart`` (the app, which stays open for hours): an existing database behind
    the head is upgraded in a short-lived child process (``migrate_apart``), after the
    same backup, so Alembic's ~12 MiB never stay in the app.

    Raises ``backup.BackupError`` only if a repair or pre-migration backup could not be
    written (e.g. the disk is full); the damaged file is still kept in that case.

    ``checked``: the start-up check of this file, begun before this module was imported
    (``StartupCheck``); without it the file is checked here.
    """
    parsed = make_url(url)
    path = Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None
    recovery = None
    if path is not None:
        try:
            ensure_private_dir(path.parent)
        except OSError as exc:  # a file in the way, a read-only or full disk: touch nothing
            why = exc.strerror or str(exc)
            if isinstance(exc, (FileExistsError, NotADirectoryError)):
                why = _("a file is in the way (it must be a folder, not a file)")
            raise backup.FolderUnavailable(
                _("cannot use the data folder {folder}: {reason}. Nothing was changed.").format(
                    folder=path.parent, reason=why
                )
            ) from exc
        old_umask = os.umask(0o077)
    try:
        if path is not None:
            if checked is not None and checked.path == path:
                problem = checked.result()
            else:
                problem = startup_problem(path)
            if problem is not None:
                if not repair:
                    raise DamagedDatabase(
                        _(
                            "the data in {folder} is damaged ({problem}); nothing was "
                            "changed. Run the command again with --repair to keep the "
                            "damaged file aside and bring back the newest good backup"
                        ).format(folder=path.parent, problem=problem)
                    )
                recovery = recover_damaged(path, problem)
        existed = path is not None and path.exists() and path.stat().st_size > 0
        engine = make_engine(url)
        try:
            revision = current_revision(engine)
            if revision != HEAD_REVISION:
                migrated = False
                if existed and revision is not None and path is not None:
                    backup.make_backup(path, reason=f"before-migration-{revision}")
                    if migrate_apart:
                        migrated = _upgrade_apart(engine, url)
                if not migrated:
                    upgrade_to_head(engine)
        except BaseException:
            engine.dispose()
            raise
    finally:
        if path is not None:
            os.umask(old_umask)
    if path is not None:
        _restrict_files(path)
    return Database(engine, sessionmaker(engine, expire_on_commit=False), path, recovery)
