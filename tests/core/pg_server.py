"""A throw-away PostgreSQL server for the clinic tests, started once per test session.

``initdb`` and ``pg_ctl`` (Debian's ``postgresql`` package, installed by
``.ci/system-deps.sh``) make a cluster in a temporary folder that listens only on a unix
socket in that folder (no TCP port, nothing shared with a system server). PostgreSQL
refuses to run as root, so under root the server runs as ``nobody`` (``runuser``).
Each test gets a database of its own, dropped afterwards. Where PostgreSQL is not
installed the tests that need it are skipped with one line saying so.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cipn_coach.clinic.db import clinic_url_for

ROLE = "clinic"
NOT_INSTALLED = (
    "PostgreSQL is not installed here (Debian: apt-get install postgresql): "
    "the clinic tests ran on SQLite only"
)
_numbers = itertools.count(1)


def _bin_dir() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "nobody", "--", *command]


@dataclass(frozen=True)
class Server:
    folder: Path
    bin_dir: Path

    @property
    def url(self) -> str:
        """The URL of a database on this server, ``%s`` standing for its name."""
        return f"postgresql+psycopg://{ROLE}@/%s?host={self.folder}"

    def stop(self) -> None:
        subprocess.run(
            _as_server_user(
                [
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.folder / "data"),
                    "-m",
                    "immediate",
                    "stop",
                ]
            ),
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> Server | None:
    """A fresh cluster, started on a unix socket in its own temporary folder; ``None``
    when PostgreSQL (or psycopg) is not installed."""
    bin_dir = _bin_dir()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None
    if bin_dir is None:
        return None
    if os.geteuid() == 0:  # in /tmp itself: a private TMPDIR (make bench's) shuts nobody out
        folder = Path(tempfile.mkdtemp(prefix="cipn-pg-", dir="/tmp"))
        shutil.chown(folder, "nobody")
    else:
        folder = Path(tempfile.mkdtemp(prefix="cipn-pg-"))
    data = folder / "data"
    subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                ROLE,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ]
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "server.log"),
                "-w",
                "-o",
                f"-k {folder} -c listen_addresses='' -F",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    return Server(folder, bin_dir)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL pattern of a running throw-away server (``%s``: a database name)."""
    server = start_server()
    if server is None:
        pytest.skip(NOT_INSTALLED)
    try:
        yield server.url
    finally:
        server.stop()


def create_database(server_url: str, name: str) -> str:
    """A new empty database on the server; its URL."""
    _admin(server_url, f"CREATE DATABASE {name}")
    return server_url % name


def _admin(server: str, sql: str) -> None:
    import psycopg

    host = server.split("host=", 1)[1]
    with psycopg.connect(host=host, user=ROLE, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the throw-away server."""
    name = f"clinic_test_{os.getpid()}_{next(_numbers)}"
    url = create_database(postgres_server, name)
    try:
        yield url
    finally:
        _admin(postgres_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def clinic_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The clinic database URL, once on SQLite (a clinic folder) and once on PostgreSQL."""
    if request.param == "sqlite":
        (tmp_path / "clinic").mkdir(mode=0o700)
        return clinic_url_for(tmp_path / "clinic")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def db(clinic_url: str):  # noqa: F811 - the URL fixture above, by name
    """The clinic database a test imports into (on each of ``clinic_url``'s two
    servers), migrated, and closed after the test."""
    from cipn_coach.clinic.db import open_clinic

    database = open_clinic(clinic_url)
    yield database
    database.close()
