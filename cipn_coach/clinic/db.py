"""Opening the clinic database: SQLite in a private folder (the default) or PostgreSQL.

The same models and the same Alembic chain run on both; only the engine differs. For
SQLite the app's own engine is used (``storage.db.make_engine``: WAL, full sync, foreign
keys, every transaction one real transaction), the folder is made 0700 and the files
0600, since the clinic database holds many people's health data. For PostgreSQL the
server's roles guard the data (README: "For clinics").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cipn_coach.clinic.migrations import HEAD_REVISION
from cipn_coach.errors import CoachError
from cipn_coach.i18n import _
from cipn_coach.paths import ensure_private_dir

CLINIC_FOLDER = "clinic"  # under the data folder when no --clinic-dir is given
CLINIC_FILE = "clinic.sqlite3"
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def clinic_url_for(clinic_dir: Path) -> str:
    return f"sqlite:///{clinic_dir / CLINIC_FILE}"


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def make_clinic_engine(url: str) -> Engine:
    """An engine for ``url``; a URL that names no supported database is a ``CoachError``."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CoachError(
            _(
                "'{url}' is not a database URL (e.g. postgresql+psycopg://clinic@/cipn_clinic)"
            ).format(url=url)
        ) from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise CoachError(
            _("the clinic database must be SQLite or PostgreSQL, not {backend}").format(
                backend=backend
            )
        )
    if backend == "sqlite":
        from cipn_coach.storage.db import make_engine

        return make_engine(url)
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ImportError, ArgumentError) as exc:
        raise CoachError(
            _("cannot use {url}: {reason}").format(
                url=parsed.render_as_string(hide_password=True), reason=exc
            )
        ) from None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config() -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def migrate(engine: Engine, revision: str = "head", *, down: bool = False) -> None:
    """Upgrade (or downgrade) the clinic schema on ``engine`` in one transaction."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        if down:
            command.downgrade(config, revision)  # type: ignore[arg-type]
        else:
            command.upgrade(config, revision)  # type: ignore[arg-type]


@dataclass
class ClinicDatabase:
    engine: Engine
    sessionmaker: sessionmaker[Session]
    path: Path | None  # the SQLite file, None on a server
    url: str

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        with self.sessionmaker.begin() as session:
            yield session

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


def _restrict(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.chmod(side, 0o600)


def open_clinic(url: str) -> ClinicDatabase:
    """Open the clinic database at ``url``, creating and migrating it as needed.

    A server that cannot be reached, or a folder that cannot be used, is one
    ``CoachError`` line; nothing is created in that case.
    """
    path = _sqlite_path(url)
    old_umask = None
    if path is not None:
        try:
            ensure_private_dir(path.parent)
        except OSError as exc:
            raise CoachError(
                _("cannot use the clinic folder {folder}: {reason}").format(
                    folder=path.parent, reason=exc.strerror or exc
                )
            ) from None
        old_umask = os.umask(0o077)
    engine = make_clinic_engine(url)
    try:
        if current_revision(engine) != HEAD_REVISION:
            migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        where = make_url(url).render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise CoachError(
            _("cannot open the clinic database {url}: {reason}").format(url=where, reason=reason)
        ) from None
    finally:
        if old_umask is not None:
            os.umask(old_umask)
    if path is not None:
        _restrict(path)
    return ClinicDatabase(engine, sessionmaker(engine, expire_on_commit=False), path, url)
