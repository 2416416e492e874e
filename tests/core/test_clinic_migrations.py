"""The clinic's Alembic chain on SQLite and on PostgreSQL: it builds exactly the tables
the models describe, goes down and up again, and ``HEAD_REVISION`` names its head."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from cipn_coach.clinic.db import alembic_config, current_revision, make_clinic_engine, migrate
from cipn_coach.clinic.migrations import HEAD_REVISION
from cipn_coach.clinic.models import ClinicBase
from tests.core.pg_server import clinic_url, postgres_server, postgres_url  # noqa: F401


def test_head_revision_is_the_chains_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD_REVISION]


def test_migrations_build_the_models_and_go_down_and_up(clinic_url) -> None:  # noqa: F811
    engine = make_clinic_engine(clinic_url)
    try:
        migrate(engine)
        assert current_revision(engine) == HEAD_REVISION
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), ClinicBase.metadata)
        assert differences == []
        migrate(engine, "base", down=True)
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        migrate(engine)
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) == {
                *ClinicBase.metadata.tables,
                "alembic_version",
            }
    finally:
        engine.dispose()
