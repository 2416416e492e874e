"""Upgrading a database's schema in a short-lived process of its own, for the app.

Why: Alembic is imported whole (``import alembic`` loads ~140 modules, ~10 MiB) and a
long-running process cannot unload it, so an app that migrated at start kept ~12 MiB it
never used again for as long as it stayed open (bench figure 7, first run). The child
runs the very same ``db.upgrade_to_head`` (one data layer, one migration path), in one
transaction, so a child killed half-way leaves the database as it was; the caller has
already made the pre-migration backup and checks the revision afterwards.

Only where a Python interpreter can run this module (``sys.executable -m``): a frozen
(bundled) app migrates in its own process as before. Commands, tests and a brand-new
folder migrate in-process: they are short-lived, or a new patient's first start would
wait for a second interpreter.

Run as ``python -m cipn_coach.storage.migrate_apart DATABASE_URL``: exit status 0 once
the schema is at head; otherwise 1 and the reason on stderr's last line.
"""

from __future__ import annotations

import os
import subprocess
import sys


class MigrationFailed(RuntimeError):
    """The child could not upgrade the schema; the database is as it was before."""


def can_migrate_apart() -> bool:
    """A separate interpreter can run this module (not a frozen, bundled app)."""
    return not getattr(sys, "frozen", False) and bool(sys.executable)


def upgrade_in_child(url: str) -> None:
    """Upgrade ``url`` to head in a child process; raises ``MigrationFailed`` with the
    child's reason. Blocks like the in-process upgrade it replaces (start-up waits)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    done = subprocess.run(
        [sys.executable, "-m", __name__, url],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise MigrationFailed(f"the data could not be upgraded to this version: {reason}")


def main(url: str) -> int:
    from cipn_coach.storage.db import make_engine, upgrade_to_head

    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
    except Exception as exc:  # noqa: BLE001 - the parent shows the reason in plain words
        first_line = (str(exc).strip().splitlines() or [""])[0]  # SQLAlchemy adds a link
        print(f"{type(exc).__name__}: {first_line}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
