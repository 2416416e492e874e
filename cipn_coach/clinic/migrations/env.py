"""Alembic environment for the clinic database: always run on a connection handed in by
``cipn_coach.clinic.db``, so tests can migrate SQLite and PostgreSQL alike."""

from alembic import context

from cipn_coach.clinic.models import ClinicBase

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=ClinicBase.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite can't ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
