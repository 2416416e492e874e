"""Opening the database: one engine per data folder, SQLite pragmas, migrations.

Nothing is created at import time. ``open_database`` builds the engine, sets the
pragmas on every new connection (WAL so a crash never half-writes, FULL sync so a
committed step survives a power cut, foreign keys on), and upgrades the schema.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from cipn_coach.paths import ensure_private_dir
from cipn_coach.storage.migrations import HEAD_REVISION

DATABASE_FILE = "cipn-coach.sqlite3"
BUSY_TIMEOUT_MS = 5000


def _set_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the app's pragmas. ``sqlite://`` is in-memory (tests)."""
    parsed = make_url(url)
    kwargs: dict[str, object] = {}
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _set_pragmas)
    return engine


def database_url_for(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DATABASE_FILE}"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
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


def _restrict_files(database: Path) -> None:
    """Health data: the database and its WAL/SHM side files are for this user only."""
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{database}{suffix}")
        if path.exists():
            try:
                os.chmod(path, 0o600)
            except OSError:
                pass


@dataclass
class Database:
    engine: Engine
    sessionmaker: sessionmaker[Session]
    path: Path | None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short unit of work: committed on success, rolled back on any error."""
        with self.sessionmaker.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    """Open (creating if needed) and upgrade the database at ``url``."""
    parsed = make_url(url)
    path = Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None
    if path is not None:
        ensure_private_dir(path.parent)
        old_umask = os.umask(0o077)
    try:
        engine = make_engine(url)
        if current_revision(engine) != HEAD_REVISION:
            upgrade_to_head(engine)
    finally:
        if path is not None:
            os.umask(old_umask)
    if path is not None:
        _restrict_files(path)
    return Database(engine, sessionmaker(engine, expire_on_commit=False), path)
